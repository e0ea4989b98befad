"""Two imports at once: the second waits for the first, saying so, and the counts come out
exact (never a duplicated tally row, never another run's files reported as errors)."""

import shutil
import sqlite3
import time

import psycopg

from tests.conftest import SOURCES
from tests.production.conftest import manage, query

COPIES = 12


def running(url) -> bool:
    try:
        return bool(query(url, "SELECT 1 FROM archive_importrun WHERE status = 'running'"))
    except (sqlite3.Error, psycopg.Error):
        return False  # not migrated yet, or locked for a moment


def test_two_imports_at_once_are_serialised_and_count_exactly(tmp_path, scratch_database):
    url = scratch_database
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, prefix in ((first, "a"), (second, "b")):
        folder.mkdir()
        for seed in sorted(SOURCES.glob("*.txt")):
            for copy in range(COPIES):
                shutil.copy(seed, folder / f"{prefix}{copy:02d}-{seed.name}")
    assert manage(url, "migrate", "--no-input").wait(timeout=300) == 0
    one = manage(url, "import_sources", str(first))
    deadline = time.monotonic() + 120
    while not running(url) and one.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert one.poll() is None, "the first import ended before the second could start"
    two = manage(url, "import_sources", str(second))
    out_one, _ = one.communicate(timeout=900)
    out_two, _ = two.communicate(timeout=900)
    assert one.returncode == 0, out_one
    assert two.returncode == 0, out_two
    assert "another import is running since" in out_two, out_two
    assert "internal error" not in out_one + out_two
    check = manage(url, "check_archive")
    output, _ = check.communicate(timeout=300)
    assert check.returncode == 0, output
    duplicated = query(
        url,
        "SELECT count(*) FROM (SELECT month, country_id, kind, organisation_id, own "
        "FROM archive_monthtally GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1) AS twice",
    )
    assert duplicated == [(0,)]
    assert query(url, "SELECT count(*) FROM archive_source")[0][0] == 2 * 5 * COPIES
