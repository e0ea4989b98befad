"""Searching through the site, as a reader does, on SQLite and PostgreSQL alike."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Statement
from tests.browse.conftest import add_event, add_statement, build_archive, listed

pytestmark = pytest.mark.django_db

TEXTS = {
    "vaccin": "Nous fournirons le vaccin russe Spoutnik V à nos alliés.",
    "securite": "La sécurité collective reste notre priorité commune.\n\n"
    "Je le répète : la sécurité collective d’abord.",
    "information": "Un autre secteur important : la sécurité de l’information.",
    "otan": "L’OTAN et l’OTSC doivent dialoguer sur la sécurité européenne.",
    "many": "La coopération, la coopération et encore la coopération.",
    "once": "Nous avons parlé de bien des sujets aujourd’hui : du commerce, de l’énergie, des "
    "transports, des frontières, de la culture et, brièvement, de la coopération.",
}


@pytest.fixture
def archive(reference):
    """The browsing archive plus statements written for the search cases."""
    built = build_archive()
    briefing = add_event("Point de presse", dt.date(2021, 6, 1), "Moscou", "RU", ["CSTO"])
    later = add_event("Entretien", dt.date(2023, 3, 1), "Moscou", "RU", ["SCO"])
    built.search = {}
    for position, key in enumerate(TEXTS, start=1):
        event = later if key == "once" else briefing
        speaker = built.speakers["lavrov"] if key != "otan" else built.speakers["poutine"]
        built.search[key] = add_statement(event, position, speaker, "answer", TEXTS[key])
    return built


def search(client, q, **params):
    response = client.get("/statements/", {"q": q, **params}, follow=True)
    assert response.status_code == 200, (q, response.status_code)
    return response


def found(client, q, **params):
    return set(listed(search(client, q, **params)))


def test_a_plural_finds_the_singular(client, archive):
    assert found(client, "vaccins") == {archive.search["vaccin"].slug}


def test_words_without_accents_find_accented_ones(client, archive):
    assert found(client, "securite collective") >= {archive.search["securite"].slug}
    assert archive.search["otan"].slug not in found(client, "securite collective")


def test_a_speaker_is_found_by_a_name_typed_without_its_diaeresis(client, archive):
    statements = Statement.objects.public().filter(speaker__name="Sergueï Lavrov")
    assert found(client, "Serguei") == set(statements.values_list("slug", flat=True))


def test_quotes_search_a_phrase(client, archive):
    assert found(client, '"sécurité de l’information"') == {archive.search["information"].slug}


def test_a_minus_excludes_a_word(client, archive):
    results = found(client, "sécurité -otan")
    assert {archive.search["securite"].slug, archive.search["information"].slug} <= results
    assert archive.search["otan"].slug not in results


def test_results_come_most_relevant_first_unless_another_order_is_asked(client, archive):
    many, once = archive.search["many"].slug, archive.search["once"].slug
    assert listed(search(client, "coopération")) == [many, once]
    assert listed(search(client, "coopération", sort="-date")) == [once, many]
    assert listed(search(client, "coopération", sort="date")) == [many, once]


def test_search_combines_with_filters_and_facet_counts(client, archive):
    response = search(client, "sécurité", speaker="serguei-lavrov")
    assert set(listed(response)) == {
        archive.search["securite"].slug,
        archive.search["information"].slug,
    }
    facets = {facet.name: facet for facet in response.context["facets"]}
    speakers = {item.value: item.count for item in facets["speaker"].items}
    # Disjunctive: Poutine's count is what choosing him as well would add.
    poutine = Statement.objects.public().filter(speaker__name="Vladimir Poutine")
    assert speakers["serguei-lavrov"] == 2
    assert speakers["vladimir-poutine"] == len(
        {s.slug for s in poutine} & found(client, "sécurité")
    )
    organisations = {item.value: item.count for item in facets["organisation"].items}
    assert organisations["CSTO"] == 2  # both were said at the CSTO briefing


def test_results_show_highlighted_snippets_and_links_that_keep_the_words(client, archive):
    html = search(client, "vaccins").content.decode()
    assert "<mark>vaccin</mark>" in html
    assert f'href="{archive.search["vaccin"].get_absolute_url()}?q=vaccins&amp;back=' in html
    # A match in the speaker's name is shown there.
    assert "<mark>Sergueï</mark> Lavrov" in search(client, "Serguei").content.decode()


def test_a_statement_opened_from_a_search_numbers_its_matches(client, archive):
    url = archive.search["securite"].get_absolute_url()
    html = client.get(url, {"q": "securite"}).content.decode()
    assert '<mark id="match-1">sécurité</mark>' in html
    assert '<mark id="match-2">sécurité</mark>' in html
    assert 'href="#match-2" class="match-next"' in html
    assert 'href="#match-1" class="match-prev"' in html
    assert "#match-3" not in html
    assert "<strong>2</strong> occurrences de « securite »" in html
    assert f'<link rel="canonical" href="http://testserver{url}">' in html
    assert 'name="robots" content="noindex"' in html
    plain = client.get(url).content.decode()
    assert "<mark" not in plain and "noindex" not in plain


def test_neighbouring_matches_count_as_one(client, archive):
    url = archive.search["securite"].get_absolute_url()
    html = client.get(url, {"q": '"sécurité collective"'}).content.decode()
    assert '<mark id="match-1">sécurité collective</mark>' in html
    assert '<mark id="match-2">sécurité collective</mark>' in html


def test_a_match_in_the_speakers_name_only_is_explained(client, archive):
    html = client.get(archive.search["vaccin"].get_absolute_url(), {"q": "Serguei"})
    assert "trouvé dans le nom de l’orateur" in html.content.decode()


def test_a_query_of_stop_words_alone_says_so_and_filters_nothing(client, archive):
    response = search(client, "le la")
    assert len(listed(response)) == Statement.objects.public().count()
    assert "trop courants pour être cherchés" in response.content.decode()


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [
        ("q=%20%20vaccins%09", "q=vaccins"),
        ("q=vaccin%00s", "q=vaccin+s"),
        ("q=vaccins&sort=relevance", "q=vaccins"),
        ("sort=relevance", ""),
        ("sort=-date&q=vaccins", "q=vaccins&sort=-date"),
    ],
)
def test_search_urls_have_one_canonical_form(client, archive, asked, canonical):
    response = client.get(f"/statements/?{asked}")
    assert response.status_code == 301
    assert response["Location"] == f"/statements/?{canonical}".rstrip("?")


def test_a_very_long_query_is_cut_rather_than_refused(client, archive):
    response = client.get("/statements/", {"q": "vaccins " * 2000})
    assert response.status_code == 301
    kept = parse_qs(urlsplit(response["Location"]).query)["q"][0]
    assert len(kept) <= 400 and kept.startswith("vaccins vaccins")
    assert client.get(response["Location"]).status_code == 200


MALFORMED = [
    '"sécurité',
    '"',
    "- - -",
    "-",
    "«",
    "»»",
    "AND OR NOT",
    "x" * 10_000,
    "sécurité\x00\x07\x1b[31m",
    "*:()^~",
    "'; DROP TABLE archive_statement; --",
    "le la de",
    "\u202e\u200b",
    "NEAR(a b)",
]


@pytest.mark.parametrize("q", MALFORMED)
def test_malformed_queries_never_fail_anywhere(client, archive, q):
    for path in [
        "/statements/",
        "/api/statements/",
        "/statements/export.csv",
        "/statements/feed/",
        archive.search["vaccin"].get_absolute_url(),
    ]:
        response = client.get(path, {"q": q}, follow=True)
        assert response.status_code == 200, (path, q)


def test_a_search_runs_a_bounded_number_of_queries(client, archive):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert search(client, "sécurité").status_code == 200
        return len(queries)

    before = count()
    assert (
        before <= 20
    )  # four of them read the spellings (speakers, organisations, countries, places)
    event = add_event("Rencontre", dt.date(2019, 5, 1), "Moscou", "RU", ["SCO"])
    for position in range(1, 15):
        add_statement(
            event, position, archive.speakers["lavrov"], "remarks", f"La sécurité {position}."
        )
    assert count() == before


def test_the_search_box_is_on_every_page(client, archive):
    for path in ["/statements/", "/events/", archive.search["vaccin"].get_absolute_url()]:
        html = client.get(path).content.decode()
        form = re.search(r'<form class="header-search" role="search" action="([^"]+)"', html)
        assert form and form.group(1) == "/statements/", path
        assert 'id="header-q" name="q"' in html


def test_a_search_with_too_many_matches_says_its_count_is_approximate_and_bounded(
    client, archive, monkeypatch
):
    from archive.search import backends as search

    monkeypatch.setattr(search, "CANDIDATES", 1)
    monkeypatch.setattr(search, "EXACT", 1)
    response = client.get("/statements/?q=osce")
    html = response.content.decode()
    assert response.context["matches"]["exact"] is False
    assert "Environ" in html
    assert "seules les 1 plus récentes sont listées" in html
    assert len(listed(response)) == 1
    by_date = client.get("/statements/?q=osce&sort=-date")
    assert len(listed(by_date)) == 2
    assert "seules les" not in by_date.content.decode()


def test_a_search_with_few_matches_gives_the_exact_count(client, archive):
    from archive.search import backends as search

    response = client.get("/statements/?q=osce")
    assert response.context["matches"] == {
        "count": 2,
        "exact": True,
        "shown": search.CANDIDATES,
        "bounded": False,
    }
    assert "Environ" not in response.content.decode()
