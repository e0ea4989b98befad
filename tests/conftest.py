from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "fixtures" / "sources"
# Suites that start browsers, servers or subprocesses: `make test` leaves them to `make test-slow`.
SLOW_FOLDERS = {"browser", "production", "bench"}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.relative_to(ROOT / "tests").parts[0] in SLOW_FOLDERS:
            item.add_marker(pytest.mark.slow)


def content_written() -> None:
    """What every writer says after writing content (``archive.changes``): fixtures that
    build rows directly say it too, so counts and the content version follow."""
    from archive import changes

    with changes.tracked() as change:
        change.counts_everything()


def import_sources(*args) -> tuple[int, str]:
    """Run `import_sources` as a user would: (exit code, everything it printed)."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    try:
        call_command("import_sources", *map(str, args), stdout=out, stderr=out)
    except CommandError as error:
        return 1, f"{out.getvalue()}\n{error}"
    return 0, out.getvalue()


@pytest.fixture(autouse=True)
def dataset_folder(monkeypatch, tmp_path):
    """Each test's bulk dataset (archive/reuse/dataset.py) in its own folder, never the project's.

    Set on the settings object itself: pytest-django's ``settings`` fixture would hide
    ``SETTINGS_MODULE``, which the benchmark's probes pass on to their subprocesses.
    """
    monkeypatch.setattr(settings, "DATASET_ROOT", tmp_path / "dataset")
    return settings.DATASET_ROOT


@pytest.fixture
def reference(db):
    """Countries and organisations from fixtures/reference/, as the importer loads them."""
    from archive.loader.reference import reference_load

    reference_load(directory=settings.REFERENCE_DIR)


@pytest.fixture
def seeded(db):
    """The five seed sources imported, as `make run` does."""
    from archive.loader.batch import sources_import

    report = sources_import(
        paths=[SOURCES], reference_dir=settings.REFERENCE_DIR, max_bytes=settings.IMPORT_MAX_BYTES
    )
    assert not report.failed, [r.message for r in report.failed]
    return report
