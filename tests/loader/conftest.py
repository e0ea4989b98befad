import shutil
from pathlib import Path

import pytest

from tests.conftest import SOURCES, import_sources


@pytest.fixture
def sources_dir(tmp_path) -> Path:
    """A writable copy of the seed sources."""
    target = tmp_path / "sources"
    shutil.copytree(SOURCES, target)
    return target


@pytest.fixture
def run_import(db):
    """Run `import_sources` as a user would; returns (exit code, everything it printed)."""
    return import_sources
