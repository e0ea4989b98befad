"""Measurements that are not public page timings: the CSV export, the importer, the admin.

The export runs in a separate Python process so that its peak memory (``ru_maxrss``) is the
export's own; the importer loads synthetic source files inside a transaction that is rolled
back, so the database is left as it was.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from archive.ingest.pipeline import parse_source
from archive.ingest.reference import ReferenceData
from archive.loader.batch import sources_import
from bench.benchmark.timing import QueryLog, local_client, trim_profile
from bench.browser_forms import form_data
from bench.corpus import corpus_plan
from bench.corpus.sources import sources_write

EXPORT_TIMEOUT = 900  # seconds; the probe process is killed after that
IMPORT_SEED_OFFSET = 1000  # other events than the corpus's own, as new sources would be
PROFILED_FILES = 10

# Runs in the child process: one streamed request, read to the end and thrown away.
EXPORT_PROBE = """
import json, resource, sys, time
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
cpu_started = time.process_time()
response = client.get(sys.argv[1], secure=True)
size = rows = 0
for chunk in response.streaming_content if response.streaming else [response.content]:
    size += len(chunk)
    rows += chunk.count(b"\\r\\n")
print(json.dumps({
    "status": response.status_code,
    "bytes": size,
    "rows": rows - 1,
    "seconds": time.perf_counter() - started,
    "cpu_seconds": time.process_time() - cpu_started,
    "baseline_mb": before,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def csv_export(path: str) -> dict:
    """Time and peak memory of one CSV export request, in a fresh process."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    try:
        done = subprocess.run(
            [sys.executable, "-c", EXPORT_PROBE, path],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=EXPORT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"status": 0, "note": f"no answer within {EXPORT_TIMEOUT} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        return {"status": 0, "note": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(lines[-1])


def importer_throughput(*, files: int, seed: int, explain: bool = False) -> dict:
    """Source files per second through ``sources_import``, in a rolled-back transaction.

    Also the parser alone (no database), to tell parsing from loading; with ``explain``, the
    queries per file and a profile of the loader's own functions, from a second import.
    """
    plan = corpus_plan(statements=files * 4, seed=seed + IMPORT_SEED_OFFSET, events=files)
    with tempfile.TemporaryDirectory(prefix="archive-import-bench-") as folder:
        paths = sources_write(plan=plan, directory=Path(folder))
        size = sum(path.stat().st_size for path in paths)
        reference = ReferenceData.from_directory(settings.REFERENCE_DIR)
        started = time.perf_counter()
        for path in paths:
            parse_source(path.read_bytes(), name=path.name, reference=reference)
        parse_seconds = time.perf_counter() - started
        with transaction.atomic():
            started = time.perf_counter()
            report = sources_import(
                paths=[Path(folder)],
                reference_dir=settings.REFERENCE_DIR,
                max_bytes=settings.IMPORT_MAX_BYTES,
            )
            seconds = time.perf_counter() - started
            transaction.set_rollback(True)
        why = _import_profile(paths[:PROFILED_FILES]) if explain else {}
    return {
        **why,
        "files": len(paths),
        "statements": report.statements_created,
        "failed": len(report.failed),
        "seconds": seconds,
        "files_per_s": len(paths) / seconds if seconds else 0.0,
        "parse_files_per_s": len(paths) / parse_seconds if parse_seconds else 0.0,
        "average_kb": size / len(paths) / 1024 if paths else 0.0,
    }


def _import_profile(paths: list[Path]) -> dict:
    """Queries per file and the loader's costliest functions, importing ``paths`` again."""
    log = QueryLog()
    profiler = cProfile.Profile()
    with transaction.atomic(), connection.execute_wrapper(log):
        started = time.perf_counter()
        profiler.enable()
        sources_import(
            paths=paths,
            reference_dir=settings.REFERENCE_DIR,
            max_bytes=settings.IMPORT_MAX_BYTES,
        )
        profiler.disable()
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"archive/(loader|ingest|models|slugs)", 15)
    return {
        "queries_per_file": log.count / len(paths),
        "sql_share": log.seconds / elapsed if elapsed else 0.0,
        "profile": trim_profile(out.getvalue()),
    }


ADMIN_STATEMENTS = 80  # the large event
ADMIN_RUNS = 5


class _RolledBack(Exception):
    pass


def admin_timings(*, statements: int = ADMIN_STATEMENTS, runs: int = ADMIN_RUNS) -> dict:
    """Seconds to open and to save (a new title) the admin form of an event of ``statements``
    statements, as a librarian's browser does (a member of the Librarians group, submitting
    what the form it opened holds): median and worst of ``runs``. The event and the account
    exist only in a transaction that is rolled back."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from archive.curation.roles import librarians_group_sync
    from archive.loader.sources import SourceFile, SourceLoader
    from archive.models import Event

    lines = [
        "Conférence de presse du Ministre des Affaires étrangères de la Fédération de Russie "
        "à l’issue de la réunion du Conseil des ministres de l’OCS, Douchanbé, 14 juillet 2021",
        "",
    ]
    for n in range(statements):
        lines += [f"Question : Que pensez-vous du sujet {n} ?", ""]
        lines += [f"Sergueï Lavrov : La sécurité de l’Asie centrale, point {n}.", ""]
    data = "\n".join(lines).encode()
    opened, saved = [], []
    try:
        with transaction.atomic():
            reference = ReferenceData.from_directory(settings.REFERENCE_DIR)
            parsed = parse_source(data, name="benchmark-admin.txt", reference=reference)
            file = SourceFile("benchmark-admin.txt", data, "0" * 64, "benchmark")
            SourceLoader().load(file, parsed)
            event = Event.objects.get(refs__ref="benchmark-admin.txt#1")
            user = get_user_model().objects.create_user(
                "benchmark-librarian", password=None, is_staff=True
            )
            user.groups.add(librarians_group_sync())
            url = reverse("admin:archive_event_change", args=[event.pk])
            with local_client() as client:
                client.force_login(user)
                _admin_runs(client, url, event, runs, opened, saved)
            raise _RolledBack
    except _RolledBack:
        pass
    return {
        "statements": statements,
        "runs": runs,
        "open_median": sorted(opened)[len(opened) // 2],
        "open_max": max(opened),
        "save_median": sorted(saved)[len(saved) // 2],
        "save_max": max(saved),
    }


def _admin_runs(client, url, event, runs: int, opened: list, saved: list) -> None:
    for run in range(runs):
        started = time.perf_counter()
        page = client.get(url, secure=True)
        opened.append(time.perf_counter() - started)
        if page.status_code != 200:
            raise RuntimeError(f"the admin form answered {page.status_code}")
        form = form_data(page.content.decode(), form_id="event_form")
        if "title" not in form:
            raise RuntimeError("the admin form has no title field")
        form["title"] = [f"{event.title} ({run})"]
        started = time.perf_counter()
        response = client.post(url, form, secure=True)
        saved.append(time.perf_counter() - started)
        if response.status_code != 302:
            raise RuntimeError(f"saving the admin form answered {response.status_code}")
