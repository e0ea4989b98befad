"""The small archive of tests/browse, shared by the reuse tests (API, feeds, CSV, citations)."""

import pytest

from tests.browse.conftest import build_archive


@pytest.fixture
def archive(reference):
    return build_archive()


@pytest.fixture
def public_slugs(archive):
    """Every public statement's slug: what a complete export must hold, and nothing else."""
    from archive.models import Statement

    return set(Statement.objects.public().values_list("slug", flat=True))
