"""An import killed mid-run leaves no half-written source, and running it again completes.

The import runs in a real subprocess against its own database (an SQLite file, or a scratch
PostgreSQL database when the suite runs on PostgreSQL), and is killed with SIGKILL.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from archive.ingest.pipeline import parse_source
from archive.ingest.reference import ReferenceData
from tests.conftest import ROOT, SOURCES

COPIES = 40  # 200 files: long enough to be killed in the middle


@pytest.fixture
def scratch_database(tmp_path):
    """A database URL of the suite's own kind, empty, removed afterwards."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'interrupted.sqlite3'}"
        return
    params = connection.settings_dict
    admin = f"host={params['HOST']} port={params['PORT']} user={params['USER']} dbname=postgres"
    name = "archive_interrupted_import"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    yield f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def query(url: str, sql: str) -> list[tuple]:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql).fetchall()
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(sql).fetchall()


def manage(url: str, *args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,
    )


def test_a_killed_import_leaves_no_half_source_and_a_rerun_completes(tmp_path, scratch_database):
    url = scratch_database
    folder = tmp_path / "sources"
    folder.mkdir()
    expected = {}
    reference = ReferenceData.from_directory(settings.REFERENCE_DIR)
    for seed in sorted(SOURCES.glob("*.txt")):
        turns = sum(
            len(p.turns)
            for p in parse_source(seed.read_bytes(), name=seed.name, reference=reference).parts
        )
        for copy in range(COPIES):
            name = f"{copy:03d}-{seed.name}"
            shutil.copy(seed, folder / name)
            expected[name] = turns
    assert manage(url, "migrate", "--no-input").wait(timeout=300) == 0

    process = manage(url, "import_sources", str(folder))
    deadline = time.monotonic() + 120
    imported = 0
    while time.monotonic() < deadline and process.poll() is None:
        try:
            imported = query(url, "SELECT count(*) FROM archive_source")[0][0]
        except (sqlite3.Error, psycopg.Error):
            imported = 0
        if imported >= 10:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the import finished before it could be interrupted"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    linked = dict(
        query(
            url,
            "SELECT s.path, count(l.statement_id) FROM archive_source s "
            "LEFT JOIN archive_statement_sources l ON l.source_id = s.id GROUP BY s.path",
        )
    )
    assert 0 < len(linked) < len(expected)
    for path, count in linked.items():
        assert count == expected[path], f"{path} is half-written"

    rerun = manage(url, "import_sources", str(folder))
    output, _ = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, output
    assert f"{len(linked)} unchanged" in output
    final = dict(
        query(
            url,
            "SELECT s.path, count(l.statement_id) FROM archive_source s "
            "LEFT JOIN archive_statement_sources l ON l.source_id = s.id GROUP BY s.path",
        )
    )
    assert final == expected
