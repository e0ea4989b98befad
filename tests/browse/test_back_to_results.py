"""A statement opened from a list leads back to that very list: filters, order and page."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.django_db


def card_links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'<h3 class="card-title"><a href="([^"]+)"', html)]


def back_link(html: str) -> str:
    found = re.search(r'<a href="([^"]+)">(?:← Retour aux résultats|← Retour à la liste)', html)
    return unescape(found.group(1))


@pytest.mark.parametrize(
    "list_url",
    [
        "/statements/?organisation=CSTO&sort=date&page=2",
        "/statements/?kind=remarks&q=s%C3%A9curit%C3%A9&sort=-date",
        "/speakers/vladimir-poutine/?sort=date",
        "/organisations/csto/?own=1&page=2",
    ],
)
def test_back_to_the_results_returns_to_the_exact_list(client, archive, monkeypatch, list_url):
    for view in ("StatementListView", "SpeakerDetailView", "OrganisationDetailView"):
        monkeypatch.setattr(f"archive.site.views.{view}.paginate_by", 2)
    response = client.get(list_url)
    assert response.status_code == 200, list_url
    link = card_links(response.content.decode())[0]
    assert parse_qs(urlsplit(link).query)["back"] == [list_url]
    statement = client.get(link)
    assert statement.status_code == 200
    assert back_link(statement.content.decode()) == list_url


def test_the_way_back_keeps_the_search_for_highlighting(client, archive):
    response = client.get("/statements/?q=principes")
    link = card_links(response.content.decode())[0]
    html = client.get(link).content.decode()
    assert '<mark id="match-1">principes</mark>' in html
    assert back_link(html) == "/statements/?q=principes"


@pytest.mark.parametrize(
    "back",
    ["https://evil.example/", "//evil.example/statements/", "/admin/", "/nowhere/", "javascript:x"],
)
def test_back_leads_only_to_this_sites_lists(client, archive, back):
    html = client.get(archive.turns[1].get_absolute_url(), {"back": back}).content.decode()
    assert f'href="{back}"' not in html
    assert "← Retour à la liste" not in html


def test_robots_are_asked_not_to_crawl_the_ways_back(client, archive):
    assert "Disallow: /*back=" in client.get("/robots.txt").content.decode()
