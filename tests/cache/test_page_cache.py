"""The page cache: anonymous pages come from the cache until the content changes."""

import pytest
from django.core.cache import cache

from archive.models import Statement

# Tests run with the page cache off (tests/settings.py), since a rolled-back test transaction
# never bumps the content version; these turn it on, in committed transactions.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("page_cache_on"),
]


@pytest.fixture
def page_cache_on(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 300


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def data(db):
    from django.conf import settings

    from archive.loader.reference import reference_load
    from tests.browse.conftest import build_archive

    reference_load(directory=settings.REFERENCE_DIR)
    return build_archive()


def test_a_second_anonymous_visit_is_served_from_the_cache(client, data, django_assert_num_queries):
    first = client.get("/statements/")
    assert first.status_code == 200
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(1):  # the content version, nothing else
        second = client.get("/statements/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_an_edit_shows_at_once(client, data):
    statement = Statement.objects.public().select_related("speaker").first()
    client.get(statement.get_absolute_url())
    speaker = statement.speaker
    speaker.name = "Nom corrigé par une bibliothécaire"
    speaker.save()
    response = client.get(statement.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "Nom corrigé par une bibliothécaire" in response.content.decode()


def test_hiding_a_statement_takes_it_off_at_once(client, admin_client, data):
    statement = Statement.objects.public().first()
    assert client.get(statement.get_absolute_url()).status_code == 200
    admin_client.post(
        "/admin/archive/statement/", {"action": "hide", "_selected_action": [statement.pk]}
    )
    assert client.get(statement.get_absolute_url()).status_code == 404


def test_signed_in_users_and_the_admin_are_never_served_from_the_cache(admin_client, data):
    admin_client.get("/statements/")
    assert "X-Page-Cache" not in admin_client.get("/statements/")
    admin_client.get("/admin/")
    assert "X-Page-Cache" not in admin_client.get("/admin/")


def test_the_cache_can_be_turned_off(client, data, settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    client.get("/statements/")
    assert "X-Page-Cache" not in client.get("/statements/")


def test_cache_url_selects_the_backend():
    from archive.settings import cache_from_url

    assert cache_from_url("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    assert cache_from_url("dummy://")["BACKEND"].endswith("DummyCache")
    assert cache_from_url("file:///tmp/c")["LOCATION"] == "/tmp/c"
    with pytest.raises(Exception, match="not supported"):
        cache_from_url("memcached://x")
