"""Atom feeds, sitemap.xml and robots.txt, read as a feed reader and a crawler read them."""

import datetime as dt
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Country, Event, Organisation, Speaker, Statement
from tests.browse.conftest import add_event, add_statement, listed

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def feed(client, query=""):
    response = client.get(f"/statements/feed/{query}")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entry_slugs(root) -> list[str]:
    return [
        e.find(f"{ATOM}link").get("href").rstrip("/").split("/")[-1]
        for e in root.iter(f"{ATOM}entry")
    ]


def test_the_feed_is_valid_atom_with_every_required_element(client, archive):
    root = feed(client)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}").text, name
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/statements/feed/"
    entries = list(root.iter(f"{ATOM}entry"))
    assert len(entries) == Statement.objects.public().count()
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{name}").text, name
        assert entry.find(f"{ATOM}id").text.startswith("http://testserver/statements/")
    first = entries[0]
    assert first.find(f"{ATOM}author/{ATOM}name").text == "Sergueï Lavrov"
    assert first.find(f"{ATOM}published").text.startswith("2024-06-25")
    categories = {
        (c.get("scheme").rsplit("#")[-1], c.get("term"), c.get("label"))
        for c in first.iter(f"{ATOM}category")
    }
    assert categories == {
        ("mentions", "CICA", "Mentionne : CICA"),
        ("mentions", "CSTO", "Mentionne : OTSC"),
        ("mentions", "OSCE", "Mentionne : OSCE"),
        ("mentions", "SCO", "Mentionne : OCS"),
    }


def test_feed_categories_tell_meetings_under_an_aegis_from_mentions(client, archive):
    """A statement at a CSTO council is filed under the CSTO's aegis, one naming the OSCE
    under mentions: two schemes, each with its label, never one mixed list of codes."""
    root = feed(client, "?organisation=CSTO&own=1")
    schemes = set()
    for entry in root.iter(f"{ATOM}entry"):
        categories = list(entry.iter(f"{ATOM}category"))
        aegis = [c for c in categories if c.get("scheme") == "http://testserver/about/#aegis"]
        assert [c.get("term") for c in aegis] == ["CSTO"]
        assert aegis[0].get("label") == "Sous l’égide de : OTSC"
        schemes |= {c.get("scheme") for c in categories}
    assert schemes <= {"http://testserver/about/#aegis", "http://testserver/about/#mentions"}
    client.cookies["django_language"] = "en"
    root = feed(client, "?organisation=OSCE")
    labels = {c.get("label") for c in root.iter(f"{ATOM}category") if c.get("term") == "OSCE"}
    assert labels == {"Mentions: OSCE"}


def test_an_undated_statement_still_has_an_updated_date(client, archive):
    event = add_event("Message sans date", None, "Moscou", "RU", ["SCO"])
    add_statement(event, 1, archive.speakers["lavrov"], "message", "Un message.")
    entries = list(feed(client).iter(f"{ATOM}entry"))
    assert all(entry.find(f"{ATOM}updated").text for entry in entries)


@pytest.mark.parametrize(
    "query",
    ["?organisation=SCO", "?organisation=CSTO&country=KG", "?q=osce", "?speaker=serguei-lavrov"],
)
def test_a_filtered_feed_holds_what_the_filtered_list_shows(client, archive, query):
    root = feed(client, query)
    assert set(entry_slugs(root)) == set(listed(client.get(f"/statements/{query}")))
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        f"http://testserver/statements/{query}"
    )
    assert "(" in root.find(f"{ATOM}title").text  # the filters are named in the title


def test_the_feed_is_newest_first_even_for_a_search(client, archive):
    dates = [Statement.objects.get(slug=slug).date for slug in entry_slugs(feed(client, "?q=osce"))]
    assert dates == sorted(dates, reverse=True)


def test_a_feed_with_bad_parameters_is_a_400_that_explains(client, archive):
    response = client.get("/statements/feed/?organisation=NATO")
    assert response.status_code == 400
    assert "Aucune organisation n’a le code NATO" in response.content.decode()


HOSTILE = "Merci. <script>alert(1)</script> <img src=x onerror=alert(2)> <b>fin</b>"


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append(tag)


def live_tags(detail) -> list[str]:
    """The elements a reader would render from an entry's text field, as feedparser reads it."""
    if detail["type"] == "text/plain":
        return []
    parser = Tags()
    parser.feed(detail["value"])
    return parser.found


def test_no_markup_from_a_source_is_live_in_a_feed_reader(client, archive):
    event = add_event("Sommet <script>alert(3)</script>", dt.date(2025, 1, 2), "Moscou", "RU")
    speaker = Speaker.objects.create(name="<img src=y onerror=alert(4)>Orateur")
    add_statement(event, 1, speaker, "speech", HOSTILE)
    parsed = feedparser.parse(client.get("/statements/feed/").content)
    assert not parsed.bozo, parsed.bozo_exception
    entry = parsed.entries[0]
    assert entry.summary_detail.type == "text/plain"
    assert entry.summary == HOSTILE  # shown as the characters the source has
    assert "<script>alert(3)</script>" in entry.title
    for item in parsed.entries:
        for field in ("summary_detail", "title_detail"):
            assert live_tags(item[field]) == [], (field, item[field])


def test_hidden_statements_are_never_in_a_feed(client, archive):
    for query in ["", "?speaker=serguei-lavrov", "?q=masqué", "?q=micro"]:
        slugs = entry_slugs(feed(client, query))
        assert archive.hidden.slug not in slugs
        assert not Statement.objects.filter(slug__in=slugs, event=archive.secret).exists()


def test_the_feed_runs_a_bounded_number_of_queries(client, archive):
    def count():
        with CaptureQueriesContext(connection) as queries:
            feed(client, "?organisation=CSTO")
        return len(queries)

    before = count()
    assert before <= 12
    event = add_event("Sommet", dt.date(2019, 6, 1), "Moscou", "RU", ["CSTO"])
    for position in range(1, 10):
        speaker = Speaker.objects.create(name=f"Orateur {position}")
        add_statement(event, position, speaker, "remarks", "Texte.", mentions=["OSCE"])
    assert count() == before


def test_lists_announce_their_feed(client, archive):
    html = client.get("/statements/?organisation=SCO").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Flux Atom de cette liste" '
        'href="/statements/feed/?organisation=SCO">'
    ) in html
    html = client.get("/speakers/serguei-lavrov/").content.decode()
    assert 'href="/statements/feed/?speaker=serguei-lavrov"' in html


def sitemap_locations(client, path) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_the_sitemap_lists_every_public_page_and_nothing_hidden(client, archive):
    sections = sitemap_locations(client, "/sitemap.xml")
    assert "http://testserver/sitemap-statements.xml" in sections
    pages = [url for section in sections for url in sitemap_locations(client, section)]
    assert len(pages) == len(set(pages))
    expected = {
        *(s.get_absolute_url() for s in Statement.objects.public()),
        *(e.get_absolute_url() for e in Event.objects.public()),
        *(o.get_absolute_url() for o in Organisation.objects.all()),
        *(c.get_absolute_url() for c in Country.objects.all()),
        "/speakers/serguei-lavrov/",
        "/statements/",
        "/",
    }
    paths = {url.removeprefix("http://testserver") for url in pages}
    assert expected <= paths
    assert archive.hidden.get_absolute_url() not in paths
    assert archive.secret.get_absolute_url() not in paths
    for statement in Statement.objects.filter(event=archive.secret):
        assert statement.get_absolute_url() not in paths


def test_statements_in_the_sitemap_say_when_they_were_last_imported(client, archive):
    root = ET.fromstring(client.get("/sitemap-statements.xml").content)
    urls = {u.find(f"{SITEMAP}loc").text: u for u in root.iter(f"{SITEMAP}url")}
    council_turn = urls[f"http://testserver{archive.turns[1].get_absolute_url()}"]
    lastmod = council_turn.find(f"{SITEMAP}lastmod").text
    assert lastmod == archive.kremlin.updated_at.date().isoformat()


def test_robots_txt_points_to_the_sitemap(client, archive):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "User-agent: *" in lines
    # The pages themselves stay open to crawlers; only the bulk downloads are not.
    assert "Disallow: /" not in lines and "Disallow: /statements/" not in lines
    assert "Disallow: /statements/export.csv" in lines


def test_a_feed_of_an_organisations_own_events_names_its_selection(client, archive):
    root = feed(client, "?organisation=CSTO&own=1")
    title = root.find(f"{ATOM}title").text
    assert "OTSC" in title or "CSTO" in title
    assert len(entry_slugs(root)) == 5


def test_the_feed_updated_date_is_the_statements_last_real_change(client, tmp_path):
    """Re-importing the same file changes nothing; a re-import whose text really differs
    moves that statement's ``updated`` (and only its), kept in ``changed_at``."""
    import shutil

    from tests.conftest import SOURCES, import_sources

    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    assert import_sources(folder)[0] == 0

    def updated() -> dict[str, str]:
        root = feed(client, "?speaker=serguei-lavrov")
        return {
            e.find(f"{ATOM}link").get("href"): e.find(f"{ATOM}updated").text
            for e in root.iter(f"{ATOM}entry")
        }

    first = updated()
    assert import_sources(folder)[0] == 0
    assert updated() == first
    assert not Statement.objects.filter(changed_at__isnull=False).exists()

    path = folder / "002_8c49f4310ffc12a9.txt"
    text = path.read_text(encoding="utf-8")
    old = "une longue discussion a eu lieu"
    assert old in text
    path.write_text(text.replace(old, "une très longue discussion a eu lieu"), encoding="utf-8")
    assert import_sources(folder)[0] == 0
    changed = Statement.objects.get(text__contains="une très longue discussion")
    assert changed.changed_at is not None
    assert Statement.objects.filter(changed_at__isnull=False).count() == 1
    now = updated()
    moved = {link for link in first if now[link] != first[link]}
    assert moved == {f"http://testserver{changed.get_absolute_url()}"}
