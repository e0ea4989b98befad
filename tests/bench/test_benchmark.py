"""The benchmark runs end to end at a tiny size, so that it cannot rot unnoticed.

These tests check that it measures and reports, never how fast anything is.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from bench.benchmark import load, probes
from bench.benchmark.run import Options, benchmark_run
from bench.benchmark.targets import datasette_ratio, evaluate
from tests.bench.conftest import manage, rows

pytestmark = pytest.mark.django_db

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/statements/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    25.10ms    3.20ms  60.00ms   90.00%
    Req/Sec   160.00     20.00   200.00     70.00%
  Latency Distribution
     50%   24.50ms
     75%   26.00ms
     90%   28.00ms
     99%    1.20s
  3187 requests in 10.01s, 80.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    318.40
Transfer/sec:      7.99MB
"""


def test_the_benchmark_measures_every_page_and_writes_its_table(corpus, tmp_path):
    output = tmp_path / "PERFORMANCE.md"
    options = Options(runs=2, requests=2, warmup=1, export=False, importer_files=3)
    results = benchmark_run(options=options, output=output, say=lambda message: None)

    keys = [m.scenario.key for m in results.measurements]
    assert keys[:4] == ["list", "list_org_country_dates", "list_dates", "list_speaker"]
    assert {"search_rare", "search_common", "search_very_common", "detail", "transcript"} <= set(
        keys
    )
    assert all(m.status == 200 and m.requests == 4 for m in results.measurements)
    assert all(m.p50 <= m.p95 <= m.p99 for m in results.measurements)
    assert results.importer["files"] == 3 and results.importer["failed"] == 0

    text = output.read_text()
    assert "| List, unfiltered | 200 |" in text
    assert "### Targets of issue 7" in text
    assert "Importer ≥ 200 source files/s" in text
    verdicts = {v.target: v for v in evaluate(results)}
    assert verdicts["Zero errors throughout"].result == "met"


def test_a_second_run_replaces_its_own_section_and_keeps_the_rest(corpus, tmp_path):
    output = tmp_path / "PERFORMANCE.md"
    output.write_text("# Performance\n\nWritten by hand.\n")
    out = StringIO()
    for _ in range(2):
        call_command(
            "benchmark",
            "--runs=1",
            "--requests=1",
            "--warmup=0",
            "--no-export",
            "--importer-files=0",
            "--label=tiny",
            f"--output={output}",
            stdout=out,
        )
    text = output.read_text()
    assert text.startswith("# Performance\n\nWritten by hand.\n")
    assert text.count("<!-- benchmark:tiny start -->") == 1
    assert "manage.py benchmark --runs=1" in text
    assert "Admin, an event of 80 statements" in text


def test_a_missed_target_is_explained_with_its_slowest_query(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr("bench.benchmark.run.p95_target", lambda vendor, group: 0.001)
    options = Options(runs=1, requests=1, warmup=0, export=False, importer_files=0)
    results = benchmark_run(options=options, output=tmp_path / "p.md", say=lambda m: None)
    listed = results.measurements[0]
    assert listed.slowest_sql.startswith("SELECT")
    assert listed.explain
    assert "### Why" in (tmp_path / "p.md").read_text()


def test_wrk_reports_are_read_with_their_errors():
    result = load.parse_wrk(WRK_OUTPUT, load.WrkResult("list", "cold", "list", "/statements/"))
    assert result.requests_per_s == 318.4
    assert result.requests == 3187
    assert result.p50_ms == 24.5
    assert result.p99_ms == 1200.0
    assert result.errors == 7
    assert result.seconds == 10.01
    assert result.good_per_s == pytest.approx((3187 - 4) / 10.01)


def test_a_run_that_completes_nothing_is_an_error_not_a_zero():
    output = "  0 requests in 10.00s, 0.00B read\nRequests/sec:      0.00\n"
    result = load.parse_wrk(output, load.WrkResult("list", "cold", "list", "/statements/"))
    assert result.errors == 1
    assert "no request completed" in result.note


def test_the_datasette_ratio_is_a_lower_bound_when_datasette_answers_nothing():
    ours = load.WrkResult("x", "cold", "x", "/", requests=100, seconds=10.0)
    nothing = load.WrkResult("x", "datasette", "x", "/", requests=0, seconds=30.0)
    some = load.WrkResult("x", "datasette", "x", "/", requests=5, failed=3, seconds=10.0)
    assert datasette_ratio(ours, nothing) == (300.0, "≥ 300× (Datasette answered nothing in 30 s)")
    assert datasette_ratio(ours, some)[0] == pytest.approx(50.0)
    assert datasette_ratio(nothing, ours)[0] is None


def test_load_is_only_ever_sent_to_localhost():
    with pytest.raises(ValueError):
        load.run_wrk(
            "http://example.org", "/", key="x", mode="cold", label="x", duration=1, connections=1
        )


def test_the_csv_probe_measures_a_separate_process(scratch_url, monkeypatch):
    manage(scratch_url, "migrate", "--no-input", "-v0")
    manage(scratch_url, "generate_corpus", "--statements=120", "--seed=2")
    monkeypatch.setenv("DATABASE_URL", scratch_url)
    monkeypatch.setenv("DEBUG", "1")
    measured = probes.csv_export("/statements/export.csv")
    if measured.get("status") == 404:
        pytest.skip("no CSV export view")
    assert measured["status"] == 200, measured
    assert measured["rows"] == 120 - hidden_statements(scratch_url)
    assert measured["peak_rss_mb"] >= measured["baseline_mb"] > 0


def hidden_statements(url: str) -> int:
    return rows(
        url,
        "SELECT count(*) FROM archive_statement s JOIN archive_event e ON e.id = s.event_id "
        "WHERE s.hidden OR e.hidden",
    )[0][0]
