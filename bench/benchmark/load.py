"""Throughput under load: ``wrk`` against gunicorn and against Datasette, in the same run.

gunicorn runs with the production ``gunicorn.conf.py`` (only the address changes), collected
static files and a page of the list's size among them: whitenoise serving that file is the
stack's ceiling. Datasette, installed from PyPI into its own virtualenv (never a project
dependency), serves the same SQLite data, as a researcher would point it at the file.

Everything listens on 127.0.0.1 only; every wrk run lasts a fixed number of seconds; every
process started here is stopped here, by its own id.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings

LOCALHOST = "127.0.0.1"
MAX_DURATION = 60  # seconds of wrk for the slowest pages
SCRATCH_REDIS = "redis://127.0.0.1:6379/15"  # emptied before each hot run: the benchmark's own
STARTUP_TIMEOUT = 60  # seconds for a server to answer its first request
DATASETTE_REQUIREMENT = "datasette>=0.65,<1"
CEILING_FILE = "benchmark/ceiling.html"
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class WrkResult:
    key: str  # the scenario's key, or "static"
    mode: str  # "cold", "hot", "static" or "datasette"
    label: str
    path: str
    requests_per_s: float = 0.0
    requests: int = 0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: int = 0  # non-2xx/3xx answers and socket errors
    failed: int = 0  # of which non-2xx/3xx answers
    seconds: float = 0.0  # how long wrk ran
    note: str = ""

    @property
    def good_per_s(self) -> float:
        """Successful answers per second (an error page is not an answer)."""
        return (self.requests - self.failed) / self.seconds if self.seconds else 0.0


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def duration_for(p50_ms: float, *, minimum: int) -> int:
    """Long enough for a slow page to complete some requests, never over ``MAX_DURATION``."""
    return int(min(MAX_DURATION, max(minimum, math.ceil(p50_ms * 20 / 1000))))


def scratch_redis() -> str | None:
    """The benchmark's own Redis database, emptied; None when no Redis answers locally."""
    try:
        import redis

        client = redis.Redis.from_url(SCRATCH_REDIS, socket_timeout=2)
        client.flushdb()
        client.close()
    except Exception:  # no client library, no server: the hot run uses locmem instead
        return None
    return SCRATCH_REDIS


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOCALHOST, 0))
        return probe.getsockname()[1]


def run_wrk(
    base: str,
    path: str,
    *,
    key: str,
    mode: str,
    label: str,
    duration: int,
    connections: int,
    threads: int = 2,
) -> WrkResult:
    """One bounded wrk run (``duration`` seconds) against one URL on 127.0.0.1."""
    if not base.startswith(f"http://{LOCALHOST}:"):
        raise ValueError("load is only ever sent to 127.0.0.1")
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    command += ["--timeout", f"{MAX_DURATION}s", base + path]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 60, check=False
    )
    result = WrkResult(key, mode, label, path)
    return parse_wrk(done.stdout, result, stderr=done.stderr)


def parse_wrk(output: str, result: WrkResult, *, stderr: str = "") -> WrkResult:
    """Requests/s, latency percentiles and errors from wrk's report (``--latency``)."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rate is None:
        result.note = (stderr or output).strip()[:200] or "wrk printed nothing"
        result.errors = 1
        return result
    result.requests_per_s = float(rate.group(1))
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)\b", output)
    result.requests = int(done.group(1))
    result.seconds = (
        float(done.group(2)) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[done.group(3)]
    )
    for name in ("50", "99"):
        found = re.search(rf"^\s+{name}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if found:
            setattr(result, f"p{name}_ms", float(found.group(1)) * _UNITS[found.group(2)])
    if result.requests == 0:
        result.errors = 1
        result.note = "no request completed within the run"
        return result
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    result.failed = result.errors = int(bad.group(1)) if bad else 0
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        result.errors += sum(int(n) for n in sockets.groups())
        result.note = sockets.group(0)
    return result


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-500:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"no answer from {url} within {STARTUP_TIMEOUT} s")


@contextmanager
def _server(command: list[str], *, env: dict, ready_path: str, port: int, log: Path):
    """A server process in its own process group, stopped (group and all) on exit."""
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=settings.BASE_DIR,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_up(f"http://{LOCALHOST}:{port}{ready_path}", process, log)
        yield f"http://{LOCALHOST}:{port}"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def collect_static(folder: Path) -> Path:
    """Static files collected as the Dockerfile collects them, into ``folder``."""
    root = folder / "static"
    env = {**_django_env(), "STATIC_ROOT": str(root)}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )
    return root


def add_ceiling(root: Path, page: bytes) -> str:
    """A static copy of a page, for whitenoise to serve; its URL path."""
    target = root / CEILING_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(page)
    return f"/{settings.STATIC_URL.strip('/')}/{CEILING_FILE}"


def needs_collected_static() -> bool:
    """Production's manifest storage cannot render a page before collectstatic has run."""
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    return "Manifest" in backend and not settings.DEBUG and not manifest.exists()


def _django_env() -> dict:
    """Production settings on 127.0.0.1: no debug, no HTTPS redirect (no TLS proxy here)."""
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(
        DJANGO_SETTINGS_MODULE="archive.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "benchmark-only-not-a-secret",
        ALLOWED_HOSTS=LOCALHOST,
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=os.environ.get("DATABASE_URL")
        or f"sqlite:///{settings.BASE_DIR / 'db.sqlite3'}",
    )
    return env


@contextmanager
def gunicorn(*, static: Path, log: Path, extra_env: dict | None = None):
    port = free_port()
    env = {**_django_env(), "STATIC_ROOT": str(static), **(extra_env or {})}
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
    command += ["--bind", f"{LOCALHOST}:{port}", "archive.wsgi"]
    with _server(command, env=env, ready_path="/healthz", port=port, log=log) as base:
        yield base


def datasette_executable(venv: Path) -> Path:
    """Datasette in its own virtualenv, installed from PyPI the first time."""
    executable = venv / "bin" / "datasette"
    if not executable.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
        done = subprocess.run(
            [
                str(venv / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                DATASETTE_REQUIREMENT,
            ],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"could not install {DATASETTE_REQUIREMENT}: {done.stderr[-500:]}")
    return executable


def datasette_version(executable: Path) -> str:
    done = subprocess.run(
        [str(executable), "--version"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip()


@contextmanager
def datasette(database: Path, *, executable: Path, log: Path):
    port = free_port()
    command = [str(executable), "serve", str(database), "--host", LOCALHOST, "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    with _server(command, env=env, ready_path="/-/versions.json", port=port, log=log) as base:
        yield base


def datasette_paths(database: Path, *, organisation: str, country: str, dates, word_stem: str):
    """Datasette's URLs for the filtered, faceted list and for the search with facets.

    Datasette cannot facet through the organisation link table, so its pages count four
    facets to the archive's five; the organisation filter is a ``_where`` subquery.
    """
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        org = db.execute("SELECT id FROM archive_organisation WHERE code = ?", [organisation])
        org_id = (org.fetchone() or [0])[0]
        iso = db.execute("SELECT id FROM archive_country WHERE iso2 = ?", [country])
        country_id = (iso.fetchone() or [0])[0]
    name = quote(database.stem)
    facets = [("_facet", f) for f in ("speaker_country_id", "speaker_id", "kind", "year")]
    filtered = [
        (
            "_where",
            "id in (select statement_id from archive_statementorganisation "
            f"where organisation_id = {int(org_id)})",
        ),
        ("speaker_country_id", str(country_id)),
        ("date__gte", dates[0]),
        ("date__lte", dates[1]),
        ("_sort_desc", "date"),
        *facets,
    ]
    search = [
        ("_search", word_stem),
        ("_fts_table", "archive_statement_fts"),
        ("_fts_pk", "id"),
        *facets,
    ]
    table = f"/{name}/archive_statement"
    return f"{table}?{urlencode(filtered)}", f"{table}?{urlencode(search)}"


def fetch_bytes(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def scratch_folder():
    return tempfile.TemporaryDirectory(prefix="archive-bench-")
