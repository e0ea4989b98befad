"""A bounded load test: wrk against gunicorn on 127.0.0.1, mixing list, search and detail pages.

Fixed duration, loopback only. It checks correctness under load (no errors, worker memory
stable), not speed: throughput is the benchmark's job (``manage.py benchmark``).
"""

import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SOURCES
from tests.production.conftest import manage, production_server, query

DURATION = "8s"
MAX_RSS_GROWTH_KB = 30 * 1024


def rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1))


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_mixed_load_gives_no_errors_and_stable_worker_memory(scratch_database, free_port, tmp_path):
    if not shutil.which("wrk"):
        if os.environ.get("CI"):
            pytest.fail("wrk is not installed (CI installs it: apt-get install wrk)")
        pytest.skip("wrk is not installed: apt-get install wrk to run the load test")
    url = scratch_database
    assert manage(url, "migrate", "--no-input").wait(timeout=300) == 0
    assert manage(url, "import_sources", str(SOURCES)).wait(timeout=300) == 0
    slugs = [row[0] for row in query(url, "SELECT slug FROM archive_statement ORDER BY id")]
    events = [row[0] for row in query(url, "SELECT slug FROM archive_event ORDER BY id")]
    paths = [
        "/",
        "/statements/",
        "/statements/?organisation=CSTO&country=RU",
        "/statements/?date_from=2021-01-01",
        "/statements/?q=s%C3%A9curit%C3%A9",
        "/statements/?q=%22s%C3%A9curit%C3%A9+collective%22",
        *(f"/statements/{slug}/" for slug in slugs[:10]),
        *(f"/events/{slug}/" for slug in events),
    ]
    script = tmp_path / "mix.lua"
    script.write_text(
        "local paths = {"
        + ", ".join(f'"{p}"' for p in paths)
        + "}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i], {["Host"] = "127.0.0.1"})\nend\n'
    )
    base = f"http://127.0.0.1:{free_port}"
    with production_server(url, free_port, tmp_path / "static", workers=2) as server:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        warmup = ["wrk", "-t", "1", "-c", "4", "-d", "2s", "-s", str(script), base]
        subprocess.run(warmup, check=True, capture_output=True, timeout=60)
        workers = children(server.pid)
        assert len(workers) == 2
        before = {pid: rss_kb(pid) for pid in workers}

        run = subprocess.run(
            ["wrk", "-t", "2", "-c", "8", "-d", DURATION, "-s", str(script), base],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        report = run.stdout
        after = {pid: rss_kb(pid) for pid in workers}

    requests = int(re.search(r"(\d+) requests in", report).group(1))
    assert requests > 100, report
    assert "Non-2xx or 3xx responses" not in report, report
    assert "Socket errors" not in report, report
    for pid in workers:
        assert after[pid] - before[pid] < MAX_RSS_GROWTH_KB, (before, after, report)
