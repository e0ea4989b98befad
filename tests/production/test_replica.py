"""Scale-out on PostgreSQL: reads from a replica, the admin and writes on the primary.

CI runs this file once more with ``DATABASE_REPLICA_URL`` set (pointing at the same server:
the test runner makes the replica alias mirror the primary), so the router is exercised with
two real database aliases.
"""

import pytest
from django.conf import settings
from django.db import router

from archive.models import Statement
from archive.routers import PrimaryReplicaRouter, primary
from tests.test_project import settings_in_subprocess

needs_replica = pytest.mark.skipif(
    "replica" not in settings.DATABASES, reason="DATABASE_REPLICA_URL is not set"
)


def test_the_replica_alias_and_router_exist_only_when_configured():
    url = "postgres://postgres@127.0.0.1:5432/archive"
    with_replica = settings_in_subprocess(
        {"SECRET_KEY": "x", "DATABASE_URL": url, "DATABASE_REPLICA_URL": url},
        "sorted(s.DATABASES), s.DATABASE_ROUTERS",
    )
    assert with_replica == "['default', 'replica'] ['archive.routers.PrimaryReplicaRouter']"
    without = settings_in_subprocess(
        {"SECRET_KEY": "x", "DATABASE_URL": url}, "sorted(s.DATABASES)"
    )
    assert without == "['default']"


def test_the_router_reads_from_the_replica_and_writes_to_the_primary():
    replica_router = PrimaryReplicaRouter()
    assert replica_router.db_for_read(Statement) == "replica"
    assert replica_router.db_for_write(Statement) == "default"
    with primary():
        assert replica_router.db_for_read(Statement) == "default"
    assert replica_router.allow_migrate("replica", "archive") is False


@needs_replica
@pytest.mark.django_db(databases=["default", "replica"])
def test_public_pages_read_from_the_replica_and_the_admin_from_the_primary(client, admin_client):
    assert router.db_for_read(Statement) == "replica"
    assert Statement.objects.all().db == "replica"
    assert client.get("/statements/").status_code == 200
    assert admin_client.get("/admin/archive/statement/").status_code == 200
    with primary():
        assert Statement.objects.all().db == "default"
