"""Server-side response times measured in-process, through every middleware.

Each scenario is requested a few times to warm caches, then ``requests`` times per run for
``runs`` runs; a run's percentiles are computed from its own requests and the table shows
the median of the runs. SQL time and query counts come from an execute wrapper. Every loop is
bounded by a request count and a time budget.
"""

from __future__ import annotations

import cProfile
import io
import logging
import pstats
import re
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from bench.benchmark.scenarios import Scenario

HOST = "127.0.0.1"
SHORT_PATH = re.compile(
    rf"\S*/site-packages/|\S*/lib/python3\.\d+/|{re.escape(str(settings.BASE_DIR))}/"
)
MIN_REQUESTS = 3  # a run cut short by its time budget still counts this many


@dataclass
class Measurement:
    scenario: Scenario
    status: int
    size: int = 0
    p50: float = 0.0
    p95: float = 0.0
    p99: float = 0.0
    runs: list[tuple[float, float, float]] = field(default_factory=list)
    requests: int = 0
    sql_ms: float = 0.0
    queries: int = 0
    note: str = ""
    slowest_sql: str = ""
    slowest_ms: float = 0.0
    explain: str = ""
    profile: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 200


class QueryLog:
    """Times every query; keeps the slowest with its parameters (to EXPLAIN it).

    A page's own EXPLAIN (the search's row estimate) is timed but cannot be explained again.
    """

    def __init__(self):
        self.count = 0
        self.seconds = 0.0
        self.slowest: tuple[float, str, tuple] = (0.0, "", ())

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.count += 1
            self.seconds += spent
            explainable = not sql.lstrip().upper().startswith("EXPLAIN")
            if spent > self.slowest[0] and not many and explainable:
                self.slowest = (spent, sql, tuple(params or ()))


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 (inclusive method; with few samples p99 is near the slowest)."""
    if len(samples) == 1:
        return samples[0], samples[0], samples[0]
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


@contextmanager
def quiet_requests():
    """The per-request JSON log line would flood the benchmark's output."""
    logger = logging.getLogger("archive.requests")
    disabled, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = disabled


@contextmanager
def local_client(static_root=None):
    """A test client speaking HTTPS to an allowed host, as the proxy in front would.

    The page cache is off: these timings are the cost of answering, not of a cache hit.
    ``static_root`` holds collected static files when the settings' own have none.
    """
    changes = {"ALLOWED_HOSTS": [HOST, "testserver"], "CACHE_MIDDLEWARE_SECONDS": 0}
    if static_root is not None:
        changes["STATIC_ROOT"] = str(static_root)
    with override_settings(**changes), quiet_requests():
        yield Client(HTTP_HOST=HOST)


def fetch(client: Client, path: str):
    """One request, its body read to the end (streamed bodies too); (status, bytes)."""
    response = client.get(path, secure=True)
    # The client closes the response itself (a streamed one once read to the end).
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return response, size


def measure(
    client: Client,
    scenario: Scenario,
    *,
    runs: int,
    requests: int,
    warmup: int,
    budget: float,
) -> Measurement:
    response, size = fetch(client, scenario.path)
    result = Measurement(scenario, response.status_code, size)
    if response.status_code != 200:
        result.note = f"HTTP {response.status_code}"
        if response.status_code in (301, 302):
            result.note += f" to {response.headers.get('Location')}"
        return result
    paths = scenario.paths
    for i in range(warmup):
        fetch(client, paths[i % len(paths)])
    log = QueryLog()
    per_run = []
    total = 0
    with connection.execute_wrapper(log):
        for _run in range(runs):
            samples: list[float] = []
            started = time.perf_counter()
            for i in range(requests):
                t0 = time.perf_counter()
                response, _size = fetch(client, paths[i % len(paths)])
                samples.append((time.perf_counter() - t0) * 1000)
                if response.status_code != 200:
                    result.status = response.status_code
                    result.note = f"HTTP {response.status_code} on {paths[i % len(paths)]}"
                if time.perf_counter() - started > budget and len(samples) >= MIN_REQUESTS:
                    break
            per_run.append(percentiles(samples))
            total += len(samples)
    result.runs = per_run
    result.p50, result.p95, result.p99 = (
        statistics.median(r[k] for r in per_run) for k in range(3)
    )
    result.requests = total
    result.sql_ms = log.seconds * 1000 / total
    result.queries = round(log.count / total)
    return result


def explain(client: Client, result: Measurement, *, profile: bool) -> None:
    """The slowest query of one request with its plan and, when Python dominates, a profile."""
    log = QueryLog()
    with connection.execute_wrapper(log):
        fetch(client, result.scenario.path)
    spent, sql, params = log.slowest
    result.slowest_ms = spent * 1000
    try:
        result.slowest_sql = sql % tuple(_literal(p) for p in params) if params else sql
    except (TypeError, ValueError):
        result.slowest_sql = f"{sql}  -- parameters: {params!r}"
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    if sql:
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            rows = cursor.fetchall()
        result.explain = "\n".join(" | ".join(str(c) for c in row) for row in rows)
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        fetch(client, result.scenario.path)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
        result.profile = trim_profile(out.getvalue())


def _literal(value) -> str:
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def trim_profile(text: str) -> str:
    """pstats' table without its preamble, file paths shortened to the package."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    kept = [SHORT_PATH.sub("", line.rstrip()) for line in lines[start:]]
    return "\n".join(line for line in kept if line)
