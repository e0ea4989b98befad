"""One benchmark run on the current database, from page timings to the written report."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.conf import settings
from django.db import connection

from archive.models import Event, Speaker, Statement, StatementOrganisation
from archive.search.backends import search_statements
from archive.search.query import stem
from bench.benchmark import load, probes, report, scenarios, timing
from bench.benchmark.targets import p95_target
from bench.corpus.database import corpus_metadata

WRK_PAGES = ("list", "list_org_country_dates", "search_common", "detail", "transcript")
DATASETTE_PAIRS = (
    ("list_org_country_dates", "Filtered, faceted list"),
    ("search_common", "Search, common word, with facets"),
)


@dataclass
class Options:
    runs: int = 3
    requests: int = 20
    warmup: int = 2
    budget: float = 30.0  # seconds per scenario and run
    explain: bool = True  # EXPLAIN (and profile) the pages that miss their target
    export: bool = True
    importer_files: int = 100
    admin: bool = True
    wrk: bool = False
    wrk_duration: int = 10
    wrk_connections: int = 8
    datasette: bool = False
    datasette_db: Path | None = None
    datasette_venv: Path = Path("/tmp/archive-bench-datasette")
    label: str = ""
    command: str = "python manage.py benchmark"


@dataclass
class BenchmarkResults:
    vendor: str
    label: str
    title: str
    command: str
    machine: dict
    counts: dict
    corpus: dict | None
    runs: int
    requests: int
    search_shares: dict = field(default_factory=dict)
    measurements: list = field(default_factory=list)
    export: dict | None = None
    export_path: str = ""
    export_note: str = ""
    importer: dict | None = None
    admin: dict | None = None
    wrk: list = field(default_factory=list)
    wrk_note: str = ""
    wrk_setup: str = ""
    hot_note: str = ""
    datasette: list = field(default_factory=list)
    datasette_note: str = ""
    datasette_setup: str = ""

    def datasette_pairs(self):
        """(label, archive's wrk result, Datasette's) for each page both served."""
        pairs = []
        for key, label in DATASETTE_PAIRS:
            ours = next((w for w in self.wrk if w.key == key and w.mode == "cold"), None)
            theirs = next((w for w in self.datasette if w.key == key), None)
            if ours and theirs and ours.requests:
                pairs.append((label, ours, theirs))
        return pairs


def benchmark_run(*, options: Options, output: Path | None, say=print) -> BenchmarkResults:
    """Measure everything the options ask for and write the report to ``output``."""
    with load.scratch_folder() as folder:
        results = _measure(options, Path(folder), say)
    if output is not None:
        report.write(results, output)
        say(f"written to {output}")
    return results


def _measure(options: Options, folder: Path, say) -> BenchmarkResults:
    results = _start(options)
    if settings.DEBUG:
        results.machine["DEBUG"] = "**on: not production's settings (query logging, no manifest)**"
    static = load.collect_static(folder) if options.wrk or load.needs_collected_static() else None
    say(f"{results.title}: measuring {len(scenarios.build(results.corpus))} pages")
    with timing.local_client(static) as client:
        for scenario in scenarios.build(results.corpus):
            measured = timing.measure(
                client,
                scenario,
                runs=options.runs,
                requests=options.requests,
                warmup=options.warmup,
                budget=options.budget,
            )
            results.measurements.append(measured)
            say(
                f"  {scenario.label}: p50 {measured.p50:.1f} ms, p95 {measured.p95:.1f} ms"
                if measured.requests
                else f"  {scenario.label}: {measured.note}"
            )
            target = p95_target(results.vendor, scenario.group)
            if options.explain and measured.requests and target and measured.p95 > target:
                python_bound = measured.sql_ms < measured.p50 / 2
                timing.explain(client, measured, profile=python_bound)
        ceiling = _list_body(client)
    results.search_shares = _search_shares(results.corpus)
    if options.export:
        _export(results, say)
    if options.importer_files:
        say(f"importer: {options.importer_files} files")
        results.importer = probes.importer_throughput(
            files=options.importer_files,
            seed=(results.corpus or {}).get("seed", 1),
            explain=options.explain,
        )
    if options.admin:
        results.admin = probes.admin_timings()
        admin = results.admin
        say(
            f"admin, event of {admin['statements']} statements: open "
            f"{admin['open_median'] * 1000:.0f} ms, save {admin['save_median'] * 1000:.0f} ms"
        )
    if options.wrk:
        _wrk(results, options, static, ceiling, folder, say)
    if options.datasette:
        _datasette(results, options, folder, say)
    results.machine["load average"] += f"; after it {_load_average()}"
    return results


def _start(options: Options) -> BenchmarkResults:
    vendor = connection.vendor
    public = Statement.objects.public()
    counts = {
        "statements": Statement.objects.count(),
        "public": public.count(),
        "events": Event.objects.count(),
        "speakers": Speaker.objects.count(),
        "links": StatementOrganisation.objects.count(),
    }
    name = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(vendor, vendor)
    return BenchmarkResults(
        vendor=vendor,
        label=options.label or f"{vendor}-{counts['statements']}",
        title=f"{name}, {counts['statements']:,} statements ({dt.date.today().isoformat()})",
        command=options.command,
        machine=machine(),
        counts=counts,
        corpus=corpus_metadata(),
        runs=options.runs,
        requests=options.requests,
    )


def machine() -> dict:
    """What the numbers depend on: hardware, versions, database settings."""
    info = {
        "CPU": f"{os.cpu_count()} cores ({_cpu_model()})",
        "RAM": _memory(),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "code": _code_version(),
        # The machine may be shared: what else ran shows here.
        "load average": f"before the run {_load_average()}",
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            values = []
            for name in ("shared_buffers", "work_mem", "effective_cache_size"):
                cursor.execute(f"SHOW {name}")
                values.append(f"{name} {cursor.fetchone()[0]}")
        info["PostgreSQL"] = f"{version} ({', '.join(values)})"
    info["SQLite"] = sqlite3.sqlite_version
    if load.wrk_available():
        info["wrk"] = wrk_version()
    info["gunicorn workers"] = os.environ.get("WEB_CONCURRENCY", f"{2 * (os.cpu_count() or 1) + 1}")
    return info


def _code_version() -> str:
    """The commit measured, and whether the work tree differed from it."""

    def git(*args):
        done = subprocess.run(
            ["git", *args], cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "unknown (not a git checkout)"
    changed = len(git("status", "--porcelain", "--untracked-files=no").splitlines())
    return f"commit {commit}" + (f" with {changed} files changed" if changed else "")


def _load_average() -> str:
    return " / ".join(f"{n:.2f}" for n in os.getloadavg()) + " (1 / 5 / 15 min)"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1048576:.0f} GB"
    except OSError:
        pass
    return "unknown"


def _list_body(client) -> bytes:
    response = client.get(scenarios.list_url(), secure=True)
    return response.content if response.status_code == 200 else b"x" * 25_000


def _search_shares(corpus: dict | None) -> dict:
    """How many public statements each marker word matches, to check the corpus's shape."""
    markers = (corpus or {}).get("markers", {})
    public = Statement.objects.public()
    total = public.count() or 1
    return {
        word: search_statements(public, word, ranked=False).count() / total
        for word in markers.values()
    }


def _export(results: BenchmarkResults, say) -> None:
    path, rows = scenarios.export_path()
    if path is None:
        results.export_note = "no CSV export view (archive:statement_csv) yet"
        return
    say(f"CSV export of {rows:,} rows in a separate process")
    results.export_path = path
    results.export = probes.csv_export(path)


def _wrk(
    results: BenchmarkResults, options: Options, static: Path, ceiling: bytes, folder: Path, say
) -> None:
    if not load.wrk_available():
        results.wrk_note = "wrk is not installed (Debian: apt-get install wrk)."
        return
    pages = {m.scenario.key: m for m in results.measurements if m.requests}
    targets = [(key, pages[key]) for key in WRK_PAGES if key in pages]
    connections = options.wrk_connections
    results.wrk_setup = (
        f"`wrk -t2 -c{connections} -d{options.wrk_duration}s` on the same machine (longer, up to "
        f"{load.MAX_DURATION} s, for pages slower than {options.wrk_duration * 50} ms, so that "
        "they complete requests at all), gunicorn with `gunicorn.conf.py` (sync workers), "
        f"production settings. The static file is {len(ceiling) / 1024:.0f} KB, the size of "
        "the list page, served by whitenoise."
    )
    hot = page_cache()
    cache = load.scratch_redis() if hot else None
    results.hot_note = (
        (
            f"page cache on, in Redis ({cache}, emptied first) as in production"
            if cache
            else "page cache on, in each worker's memory (locmem; no Redis at 127.0.0.1:6379), "
            "after an unmeasured warm-up run of the same length"
        )
        + "; cold runs set PAGE_CACHE_SECONDS=0."
        if hot
        else "no page cache in MIDDLEWARE yet."
    )
    ceiling_path = load.add_ceiling(static, ceiling)
    modes = [("cold", {"PAGE_CACHE_SECONDS": "0"})]
    if hot:
        modes.append(("hot", {"CACHE_URL": cache} if cache else {}))
    for mode, env in modes:
        log = folder / f"gunicorn-{mode}.log"
        with load.gunicorn(static=static, log=log, extra_env=env) as base:
            if mode == "cold":
                say("wrk: static file")
                load.fetch_bytes(base + ceiling_path)
                results.wrk.append(
                    load.run_wrk(
                        base,
                        ceiling_path,
                        key="static",
                        mode="static",
                        label="static file",
                        duration=options.wrk_duration,
                        connections=connections,
                    )
                )
            for key, measured in targets:
                say(f"wrk: {measured.scenario.label} ({mode})")
                path = measured.scenario.path
                load.fetch_bytes(base + path)
                duration = load.duration_for(measured.p50, minimum=options.wrk_duration)
                if mode == "hot":
                    # A cache shared by the workers is filled by one request; locmem caches
                    # are per worker, so each must be warmed first.
                    duration = options.wrk_duration
                    if not cache:
                        load.run_wrk(
                            base,
                            path,
                            key=key,
                            mode="warm-up",
                            label="",
                            duration=duration,
                            connections=connections,
                        )
                results.wrk.append(
                    load.run_wrk(
                        base,
                        path,
                        key=key,
                        mode=mode,
                        label=f"{measured.scenario.label} ({mode})",
                        duration=duration,
                        connections=connections,
                    )
                )


def page_cache() -> bool:
    """Whether pages go through a cache (Django's cache middleware or one built on it)."""
    return any("cache" in name.lower() for name in settings.MIDDLEWARE)


def _datasette(results: BenchmarkResults, options: Options, folder: Path, say) -> None:
    database = options.datasette_db
    if database is None and connection.vendor == "sqlite":
        database = Path(connection.settings_dict["NAME"])
    if database is None or not Path(database).exists():
        results.datasette_note = (
            "no SQLite copy of this corpus: pass --datasette-db with one generated by "
            "generate_corpus with the same --statements and --seed."
        )
        return
    if not load.wrk_available():
        results.datasette_note = "wrk is not installed."
        return
    words = (results.corpus or {}).get("markers", {})
    if "common" not in words:
        results.datasette_note = "no corpus metadata (marker words): run generate_corpus."
        return
    say("Datasette: installing into its own virtualenv if needed")
    executable = load.datasette_executable(options.datasette_venv)
    filtered, search = load.datasette_paths(
        Path(database),
        organisation=scenarios.ORGANISATION,
        country=scenarios.COUNTRY,
        dates=scenarios.FILTER_DATES,
        word_stem=stem(words["common"]),
    )
    same = _same_corpus(Path(database), results)
    warning = "" if same else " (**not the same corpus: the ratios do not compare**)"
    results.datasette_setup = (
        f"{load.datasette_version(executable)} (`datasette serve` with its defaults) on "
        f"`{Path(database).name}`{warning}, "
        f"same wrk settings. Its pages facet speaker country, speaker, kind and year (it "
        "cannot facet through the organisation link table); the search gives the stem, as "
        "the FTS5 index holds stems."
    )
    log = folder / "datasette.log"
    with load.datasette(Path(database), executable=executable, log=log) as base:
        for key, label, path in [
            ("list_org_country_dates", "Datasette: filtered, faceted table", filtered),
            ("search_common", "Datasette: search, common word, with facets", search),
        ]:
            say(f"wrk: {label}")
            started = time.perf_counter()
            status, _body = load.fetch_bytes(base + path)
            first_ms = (time.perf_counter() - started) * 1000
            duration = load.duration_for(first_ms, minimum=options.wrk_duration)
            measured = load.run_wrk(
                base,
                path,
                key=key,
                mode="datasette",
                label=label,
                duration=duration,
                connections=options.wrk_connections,
            )
            if status != 200:
                measured.note = f"first request: HTTP {status}; {measured.note}".strip("; ")
            results.datasette.append(measured)


def _same_corpus(database: Path, results: BenchmarkResults) -> bool:
    """Whether the SQLite file holds the corpus measured here (same seed and size)."""
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            row = db.execute(
                "SELECT raw_text FROM archive_source WHERE path = 'synthetic/corpus.json'"
            ).fetchone()
    except sqlite3.Error:
        return False
    if row is None or results.corpus is None:
        return False
    theirs = json.loads(row[0])
    return (theirs["seed"], theirs["statements"]) == (
        results.corpus["seed"],
        results.corpus["statements"],
    )


def wrk_version() -> str:
    done = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).splitlines()[0] if (done.stdout or done.stderr) else ""
