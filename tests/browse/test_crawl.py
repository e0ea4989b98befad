"""Every link, from the home page on, answers: a crawl of the seed archive in both languages.

Each page reached is read and its links followed: pages, feeds, CSV, API, citations, static
files. Facet links combine without end (every subset of every filter), so the crawl reads the
links of pages with at most one filter (every page one choice away from a plain one), and
follows links that differ from ones already followed only by the values of the same
parameters a few times per page and set of parameters, not every time.
"""

import re
from collections import Counter, deque
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

LINK = re.compile(r'(?:href|src|action)="([^"#]*)')
SAME_SHAPE = 3  # links per page and set of parameter names
NOT_FILTERS = {"page", "sort", "q", "back"}
NOT_CRAWLED = ("/i18n/", f"/{settings.ADMIN_URL}", settings.STATIC_URL)


def crawl(client, start="/"):
    """``{url: status}`` of everything reachable from ``start``, and ``{url: page linking
    to it}``."""
    statuses, found_on, followed = {}, {start: None}, {_without_back(start)}
    shapes = Counter()
    queue = deque([start])
    while queue:
        url = queue.popleft()
        response = client.get(url)
        statuses[url] = response.status_code
        links = []
        if response.status_code in (301, 302):
            links = [response["Location"]]
        elif "text/html" in response.get("Content-Type", "") and _filters(url) <= 1:
            links = [unescape(link) for link in LINK.findall(response.content.decode())]
        for link in links:
            if not link or link.startswith(("http", "//", "mailto:", "javascript:")):
                continue
            if link.startswith("?"):
                link = urlsplit(url).path + link
            # The same page reached from another list (another ``back``) is the same page.
            if link.startswith(NOT_CRAWLED) or _without_back(link) in followed:
                continue
            followed.add(_without_back(link))
            parts = urlsplit(link)
            names = tuple(sorted({name for name, _ in parse_qsl(parts.query)} - {"back"}))
            shapes[parts.path, names] += 1
            if names and shapes[parts.path, names] > SAME_SHAPE:
                continue
            found_on[link] = url
            queue.append(link)
    return statuses, found_on


def static_files(client) -> set[str]:
    html = client.get("/").content.decode()
    return {
        unescape(link).removeprefix(settings.STATIC_URL)
        for link in LINK.findall(html)
        if link.startswith(settings.STATIC_URL)
    }


def _filters(url: str) -> int:
    return len({name for name, _ in parse_qsl(urlsplit(url).query)} - NOT_FILTERS)


def _without_back(url: str) -> tuple:
    parts = urlsplit(url)
    return parts.path, tuple(sorted(p for p in parse_qsl(parts.query) if p[0] != "back"))


@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_link_from_the_home_page_answers(client, seeded, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    statuses, found_on = crawl(client)
    broken = {url: (status, found_on[url]) for url, status in statuses.items() if status >= 400}
    assert not broken
    # Static files are served by whitenoise from collected files, which tests do not build.
    assert static_files(client) and all(finders.find(path) for path in static_files(client))
    kinds = Counter(urlsplit(url).path.split("/")[1] for url in statuses)
    # The crawl reached every part of the site and its reuse formats.
    assert {"statements", "events", "speakers", "organisations", "countries", "api"} <= set(kinds)
    assert any(url.startswith("/statements/feed/?") and "own=1" in url for url in statuses)
    assert any(url.startswith("/statements/export.csv") for url in statuses)
    assert any("/cite." in url for url in statuses)
