import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import SOURCES


@pytest.fixture
def sources_dir(tmp_path) -> Path:
    """A writable copy of the seed sources."""
    target = tmp_path / "sources"
    shutil.copytree(SOURCES, target)
    return target


@pytest.fixture
def run_import(db):
    """Run `import_sources` as a user would; returns (exit code, everything it printed)."""

    def run(*args) -> tuple[int, str]:
        out = StringIO()
        try:
            call_command("import_sources", *map(str, args), stdout=out, stderr=out)
        except CommandError as error:
            return 1, f"{out.getvalue()}\n{error}"
        return 0, out.getvalue()

    return run
