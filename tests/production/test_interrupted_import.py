"""An import killed mid-run leaves no half-written source, and running it again completes.

The import runs in a real subprocess against its own database (an SQLite file, or a scratch
PostgreSQL database when the suite runs on PostgreSQL), and is killed with SIGKILL.
"""

import shutil
import signal
import sqlite3
import time

import psycopg
from django.conf import settings

from archive.ingest.pipeline import parse_source
from archive.ingest.reference import ReferenceData
from tests.conftest import SOURCES
from tests.production.conftest import manage, query

COPIES = 40  # 200 files: long enough to be killed in the middle


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
    # The counts behind list totals and facets were committed with each source.
    check = manage(url, "check_archive")
    output, _ = check.communicate(timeout=300)
    assert check.returncode == 0, output
    assert "Tallies are exact" in output

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
    check = manage(url, "check_archive")
    output, _ = check.communicate(timeout=300)
    assert check.returncode == 0, output
    statuses = [row[0] for row in query(url, "SELECT status FROM archive_importrun ORDER BY id")]
    assert statuses == ["interrupted", "finished"]
    public = query(
        url,
        "SELECT sum(n) FROM archive_monthtally WHERE organisation_id IS NULL",
    )[0][0]
    assert public == query(url, "SELECT count(*) FROM archive_statement WHERE NOT hidden")[0][0]
