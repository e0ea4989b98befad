"""The page cache: anonymous pages come from the cache until the content changes."""

import datetime as dt
import json
import logging
import time

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.db.models import F
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.urls import path
from django.utils import timezone

from archive import changes
from archive.models import ArchiveState, Speaker, Statement

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
def empty_cache(settings):
    """The shared cache and this process's copies: a test's content version can recur."""
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def data(db):
    from django.conf import settings

    from archive.loader.reference import reference_load
    from tests.browse.conftest import build_archive

    reference_load(directory=settings.REFERENCE_DIR)
    return build_archive()


def nonce_page(request):
    return HttpResponse(f'<script nonce="{get_nonce(request)}">1;</script>')


urlpatterns = [path("nonce/", nonce_page)]

HEADERS = [
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Content-Language",
    "Vary",
    "ETag",
    "Cache-Control",
]


def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(
    client, data, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_VERSION_SECONDS = 60  # however slow the first rendering
    first = client.get("/statements/")
    assert first.status_code == 200
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(0):
        second = client.get("/statements/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_a_cached_page_keeps_its_security_headers(client, data):
    first = client.get("/statements/")
    second = client.get("/statements/")
    assert second["X-Page-Cache"] == "hit"
    assert {h: second.get(h) for h in HEADERS} == {h: first.get(h) for h in HEADERS}
    assert "default-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_a_cached_page_answers_304_to_its_etag(client, data, settings, django_assert_num_queries):
    settings.PAGE_CACHE_VERSION_SECONDS = 60
    first = client.get("/statements/")
    with django_assert_num_queries(0):  # from the cache: a 304 keeps only validator headers
        again = client.get("/statements/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_a_cache_hit_is_in_the_request_log(client, data, caplog):
    client.get("/statements/?kind=speech")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="archive.requests"):
        assert client.get("/statements/?kind=speech")["X-Page-Cache"] == "hit"
    (record,) = [r for r in caplog.records if r.name == "archive.requests"]
    assert json.loads(record.getMessage())["query"] == "kind=speech"


@pytest.fixture
def shared_cache(settings):
    """The ``pages`` cache as with CACHE_URL=redis://, another in-memory cache playing Redis."""
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "archive.site.pagecache.ProcessCache", "LOCATION": "shared-test"},
        "pages": {
            "BACKEND": "archive.site.pagecache.TwoLevelCache",
            "OPTIONS": {"SHARED": "shared", "LOCAL": "pages-local"},
        },
    }
    yield
    caches["shared"].clear()


def test_another_worker_serves_the_page_from_the_shared_cache(client, data, shared_cache):
    first = client.get("/statements/")
    caches["pages-local"].clear()  # as in a worker that has not served it yet
    second = client.get("/statements/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    caches["shared"].clear()  # the copy this worker took serves it for a second
    assert client.get("/statements/")["X-Page-Cache"] == "hit"


def test_random_cookies_neither_miss_the_cache_nor_fill_it(client, data):
    first = client.get("/statements/")
    held = caches["pages"].size
    for number in range(20):
        client.cookies.clear()
        client.cookies[f"tracker{number}"] = f"value-{number}"
        response = client.get("/statements/")
        assert response["X-Page-Cache"] == "hit"
        assert response.content == first.content
    assert caches["pages"].size == held


def test_the_language_is_part_of_the_key_whichever_header_chose_it(client, data):
    french = client.get("/statements/")
    client.cookies["django_language"] = "en"
    english = client.get("/statements/")
    assert "X-Page-Cache" not in english
    assert english["Content-Language"] == "en" and french["Content-Language"] == "fr"
    assert english.content != french.content
    client.cookies.clear()
    by_header = client.get("/statements/", headers={"accept-language": "en"})
    assert by_header["X-Page-Cache"] == "hit"
    assert by_header.content == english.content
    assert client.get("/statements/")["Content-Language"] == "fr"


def test_the_process_cache_holds_at_most_its_bytes_least_recently_used_out_first(settings):
    from archive.site.pagecache import ProcessCache

    cache = ProcessCache("bounded-test", {"OPTIONS": {"MAX_BYTES": 50_000}})
    cache.clear()
    page = "x" * 10_000
    for number in range(4):
        cache.set(f"page{number}", page, 60)
    assert cache.get("page0") == page  # read: now the most recently used
    for number in range(4, 12):
        cache.set(f"page{number}", page, 60)
        assert cache.size <= 50_000
    assert cache.get("page0") is None  # evicted in its turn
    assert cache.get("page11") == page
    cache.set("huge", "y" * 60_000, 60)  # larger than the whole cache: not kept
    assert cache.get("huge") is None and cache.size <= 50_000
    cache.set("short", page, 0.01)
    time.sleep(0.02)
    assert cache.get("short") is None


def test_a_change_made_by_another_process_shows_within_the_version_bound(client, data, settings):
    settings.PAGE_CACHE_VERSION_SECONDS = 0.2
    statement = Statement.objects.public().select_related("speaker").first()
    client.get(statement.get_absolute_url())
    # As an import in another process would: no signal here, so this process's reading stays.
    Speaker.objects.filter(pk=statement.speaker_id).update(name="Nom changé ailleurs")
    ArchiveState.objects.filter(pk=1).update(version=F("version") + 1)
    time.sleep(settings.PAGE_CACHE_VERSION_SECONDS)
    response = client.get(statement.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "Nom changé ailleurs" in response.content.decode()


@pytest.mark.urls(__name__)
def test_a_page_that_used_its_csp_nonce_is_never_stored(client, db):
    first = client.get("/nonce/")
    second = client.get("/nonce/")
    assert "X-Page-Cache" not in second
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]
    nonce = second.content.decode().split('"')[1]
    assert f"'nonce-{nonce}'" in second["Content-Security-Policy"]


def test_without_the_content_version_the_page_is_rendered_not_cached(client, data, monkeypatch):
    def unavailable(**kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("archive.site.pagecache.current_state", unavailable)
    assert client.get("/statements/").status_code == 200
    assert "X-Page-Cache" not in client.get("/statements/")


def test_an_edit_shows_at_once(client, data):
    statement = Statement.objects.public().select_related("speaker").first()
    client.get(statement.get_absolute_url())
    speaker = statement.speaker
    with changes.tracked() as change:
        change.records()
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
    assert client.get(statement.get_absolute_url()).status_code == 410


def test_signed_in_users_and_the_admin_are_never_served_from_the_cache(admin_client, data):
    admin_client.get("/statements/")
    assert "X-Page-Cache" not in admin_client.get("/statements/")
    admin_client.get("/admin/")
    assert "X-Page-Cache" not in admin_client.get("/admin/")


def test_the_cache_can_be_turned_off(client, data, settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    client.get("/statements/")
    assert "X-Page-Cache" not in client.get("/statements/")


def test_pages_go_through_redis_when_cache_url_says_so(client, data, settings):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    from archive.settings import cache_from_url, page_cache_from_url

    settings.CACHES = {
        **settings.CACHES,
        "default": cache_from_url(url),
        "pages": page_cache_from_url(url),
    }
    caches["default"].clear()
    first = client.get("/statements/")
    caches["pages-local"].clear()
    second = client.get("/statements/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    caches["default"].clear()


def test_cache_url_selects_the_backend():
    from archive.settings import cache_from_url

    assert cache_from_url("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    assert cache_from_url("locmem://")["BACKEND"] == "archive.site.pagecache.ProcessCache"
    assert cache_from_url("dummy://")["BACKEND"].endswith("DummyCache")
    assert cache_from_url("file:///tmp/c")["LOCATION"] == "/tmp/c"
    with pytest.raises(Exception, match="not supported"):
        cache_from_url("memcached://x")


def test_a_copy_read_between_two_changes_of_one_second_is_never_answered_304(
    client, data, monkeypatch
):
    """An import, a reader, a hide, all within one second (the clock held still): the
    reader's copy cannot be validated by its date, on a miss as on a page cache hit, and the
    note saying so never leaves the server."""
    instant = time.time()
    monkeypatch.setattr(time, "time", lambda: instant)
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime.fromtimestamp(instant, dt.UTC))
    with changes.tracked() as change:
        change.records()
    older = client.get("/statements/")
    with changes.tracked() as change:
        change.records()
    since = {"if-modified-since": older["Last-Modified"]}
    miss = client.get("/statements/", headers=since)
    hit = client.get("/statements/", headers=since)
    assert (miss.status_code, hit.status_code) == (200, 200)
    assert "X-Page-Cache" not in miss and hit["X-Page-Cache"] == "hit"
    for response in (older, miss, hit):
        assert not any(name.lower().startswith("x-archive") for name in response.headers)
    assert client.get("/statements/", headers={"if-none-match": hit["ETag"]}).status_code == 304
