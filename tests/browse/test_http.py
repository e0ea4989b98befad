"""HTTP behaviour: conditional GET, public caching, and pages ready for a strict CSP."""

import re
import time

import pytest
from django.contrib.staticfiles import finders
from django.utils.http import http_date

from archive.versioning import current_state
from tests.browse.conftest import add_statement

pytestmark = pytest.mark.django_db


def pages(archive):
    return [
        "/",
        "/statements/",
        "/statements/?organisation=CSTO&country=KG",
        archive.turns[1].get_absolute_url(),
        "/events/",
        archive.council.get_absolute_url(),
        "/speakers/",
        "/speakers/serguei-lavrov/",
        "/organisations/",
        "/organisations/csto/",
        "/countries/",
        "/countries/kg/",
    ]


def test_pages_are_publicly_cacheable_and_vary_on_the_language(client, archive):
    for path in pages(archive):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        assert {"Cookie", "Accept-Language"} <= {v.strip() for v in response["Vary"].split(",")}, (
            path
        )
        assert response.cookies == {}, path  # no CSRF or session cookie for readers
        assert response.has_header("ETag") and response.has_header("Last-Modified"), path


def test_an_unchanged_page_answers_304_to_its_etag(client, archive):
    path = archive.turns[1].get_absolute_url()
    first = client.get(path)
    again = client.get(path, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(path).content == first.content  # nothing random in a page


def test_an_unchanged_archive_answers_304_to_if_modified_since(client, archive):
    # The archive was built within this second: a date read now could be older than the last
    # of its changes, so only a page read in a later second can be validated by its date.
    time.sleep(1.01 - time.time() % 1)
    first = client.get("/statements/")
    since = first["Last-Modified"]
    assert client.get("/statements/", headers={"if-modified-since": since}).status_code == 304


def test_an_import_or_an_admin_edit_makes_pages_fresh_again(client, archive, admin_client):
    first = client.get("/statements/")
    since = {"if-modified-since": first["Last-Modified"]}
    add_statement(archive.cica, 9, archive.speakers["lavrov"], "remarks", "Ajouté.")
    response = client.get("/statements/", headers=since)
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(current_state()[1].timestamp())
    since = {"if-modified-since": response["Last-Modified"]}
    admin_client.post(
        "/admin/archive/statement/", {"action": "hide", "_selected_action": [archive.answer.pk]}
    )
    response = client.get("/statements/", headers=since)
    assert response.status_code == 200  # hidden at once, even within the same second
    assert archive.answer.slug not in response.content.decode()


def test_pages_have_no_inline_script_or_style_and_load_nothing_from_other_hosts(client, archive):
    for path in pages(archive):
        html = client.get(path).content.decode()
        # Scripts come from our static files; JSON-LD is data, which no browser runs.
        for tag in re.findall(r"<script[^>]*>", html):
            assert re.fullmatch(
                r'<script src="/static/[^"]+\.js" defer>|<script type="application/ld\+json">', tag
            ), (path, tag)
        assert " style=" not in html and "<style" not in html, path
        assert re.findall(r'(?:src|href)="(?:https?:)?//[^"]+\.(?:css|js)"', html) == [], path
        for stylesheet in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
            assert stylesheet.startswith("/static/"), path
        assert "csrfmiddlewaretoken" not in html, path


def test_the_print_stylesheet_is_linked_for_print(client, archive):
    html = client.get(archive.turns[1].get_absolute_url()).content.decode()
    assert 'href="/static/archive/print.css" media="print"' in html
    assert finders.find("archive/print.css")


def test_the_language_switch_needs_no_token_and_only_takes_local_next_urls(client, archive):
    response = client.post("/i18n/language/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
