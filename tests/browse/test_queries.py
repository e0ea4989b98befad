"""A bounded number of queries per page, whatever the data size (no N+1)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Country, Speaker
from tests.browse.conftest import add_event, add_statement

pytestmark = pytest.mark.django_db

# The most queries each page may run: conditional GET (2), validation of the filters in the
# URL, the count and the page, the cards' organisations, and one grouped count plus one label
# query per facet.
BOUNDS = {
    "/": 13,
    "/statements/": 16,
    "/statements/?organisation=CSTO&country=RU&speaker=vladimir-poutine&year=2020": 20,
    "/events/": 7,
    "/speakers/": 4,
    "/speakers/vladimir-poutine/": 20,
    "/organisations/": 5,
    "/organisations/csto/": 20,
    "/countries/": 7,
    "/countries/ru/": 21,
}


def grow(archive, events=12, turns=6):
    """More events, speakers and statements: page query counts must not change."""
    russia = Country.objects.get(iso2="RU")
    for e in range(events):
        event = add_event(
            f"Rencontre numéro {e}", dt.date(2019, 1 + e % 12, 1 + e), "Moscou", "RU", ["SCO"]
        )
        for t in range(1, turns + 1):
            speaker = Speaker.objects.create(name=f"Orateur {e} {t}", country=russia)
            add_statement(event, t, speaker, "remarks", f"Texte {e} {t}.", mentions=["CSTO"])


def count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize("path", list(BOUNDS))
def test_each_list_page_runs_a_bounded_number_of_queries(
    client, archive, path, django_assert_max_num_queries
):
    with django_assert_max_num_queries(BOUNDS[path]):
        assert client.get(path).status_code == 200


def detail_pages(archive):
    return [
        archive.turns[1].get_absolute_url(),
        archive.answer.get_absolute_url(),
        archive.council.get_absolute_url(),
    ]


def test_detail_pages_run_a_bounded_number_of_queries(
    client, archive, django_assert_max_num_queries
):
    for path in detail_pages(archive):
        # A statement's page reads its sources' events, to place their original pages.
        with django_assert_max_num_queries(11):
            assert client.get(path).status_code == 200


def test_query_counts_do_not_grow_with_the_data(client, archive):
    paths = [*BOUNDS, *detail_pages(archive)]
    before = {path: count(client, path) for path in paths}
    grow(archive)
    after = {path: count(client, path) for path in paths}
    assert after == before


def test_a_long_transcript_costs_no_more_than_a_short_one(client, archive):
    short = count(client, archive.cica.get_absolute_url())
    for position in range(2, 40):
        speaker = Speaker.objects.create(name=f"Intervenant {position}")
        add_statement(archive.cica, position, speaker, "answer", "Réponse.", question="?")
    assert count(client, archive.cica.get_absolute_url()) == short
