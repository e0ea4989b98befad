"""Every statement list links to itself as JSON, CSV and Atom, keeping its selection."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest

from tests.browse.conftest import listed

pytestmark = pytest.mark.django_db


def format_links(html: str) -> dict[str, str]:
    block = re.search(r'<p class="formats">(.*?)</p>', html, re.S).group(1)
    return {
        text.strip(): unescape(href)
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', block)
    }


def selection(client, url: str, kind: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    if kind == "JSON":
        urls = [r["url"] for r in response.json()["results"]]
    elif kind == "CSV":
        text = b"".join(response.streaming_content).decode()
        urls = [row["url"] for row in csv.DictReader(io.StringIO(text, newline=""))]
    else:
        atom = "{http://www.w3.org/2005/Atom}"
        root = ET.fromstring(response.content)
        urls = [e.find(f"{atom}link").get("href") for e in root.iter(f"{atom}entry")]
    return {u.rstrip("/").split("/")[-1] for u in urls}


@pytest.mark.parametrize(
    "path",
    [
        "/statements/",
        "/statements/?organisation=CSTO&country=KG",
        "/statements/?q=osce",
        "/statements/?kind=answer&kind=commentary&sort=date",
        "/speakers/serguei-lavrov/",
        "/organisations/osce/?year=2022",
        "/countries/ru/",
    ],
)
def test_the_other_forms_of_a_list_hold_the_same_statements(client, archive, path):
    response = client.get(path)
    links = format_links(response.content.decode())
    assert set(links) == {"JSON", "CSV", "CSV pour Excel", "flux Atom"}
    shown = set(listed(response))
    for label, kind in [("JSON", "JSON"), ("CSV", "CSV"), ("flux Atom", "Atom")]:
        assert selection(client, links[label], kind) == shown, (path, label)


def test_the_links_leave_out_the_page_number(client, archive, settings):
    from archive.site.views import StatementListView

    StatementListView.paginate_by = 3
    try:
        links = format_links(client.get("/statements/?page=2").content.decode())
    finally:
        StatementListView.paginate_by = 20
    assert links["CSV"] == "/statements/export.csv"
    assert links["JSON"] == "/api/statements/"


def test_the_event_list_links_to_its_json_form(client, archive):
    response = client.get("/events/?organisation=CSTO")
    links = format_links(response.content.decode())
    assert links == {"JSON": "/api/events/?organisation=CSTO"}
    shown = [event.slug for event in response.context["object_list"]]
    assert [e["slug"] for e in client.get(links["JSON"]).json()["results"]] == shown
