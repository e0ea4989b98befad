from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "fixtures" / "sources"


@pytest.fixture(autouse=True)
def dataset_folder(monkeypatch, tmp_path):
    """Each test's bulk dataset (archive/dataset.py) in its own folder, never the project's.

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
