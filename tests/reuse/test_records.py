"""``statement_records``: the one shape of a statement for the API, the exports and the dataset."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Source, Speaker, Statement
from archive.reuse.records import statement_records
from tests.browse.conftest import add_event, add_statement

pytestmark = pytest.mark.django_db


def test_a_record_holds_every_fact_of_the_statement(archive):
    (record,) = statement_records(Statement.objects.filter(pk=archive.answer.pk))
    assert record == {
        "url": archive.answer.get_absolute_url(),
        "kind": "answer",
        "date": "2022-02-01",
        "position": 1,
        "text": "L’OSCE doit respecter ses principes.",
        "question": "Que pensez-vous de l’OSCE ?",
        "speaker": {
            "name": "Sergueï Lavrov",
            "slug": archive.speakers["lavrov"].slug,
            "country": "RU",
            "role": "",
        },
        "event": {
            "title": "Réponses à la presse",
            "slug": archive.press.slug,
            "date": "2022-02-01",
            "location": "Moscou",
            "country": "RU",
            "organisations": [],
        },
        "mentions": {"organisations": ["OSCE"], "countries": []},
        "source": {"file": "000_mid.txt", "number": 4605, "urls": ["https://www.mid.ru/"]},
    }


def test_unattributed_and_sourceless_statements_have_nulls(archive):
    (report,) = statement_records(Statement.objects.filter(pk=archive.turns[0].pk))
    assert report["speaker"] is None and report["question"] is None
    assert report["event"]["organisations"] == ["CSTO"]
    (minsk,) = statement_records(Statement.objects.filter(pk=archive.minsk.pk))
    assert minsk["source"] is None
    assert minsk["mentions"]["organisations"] == ["CICA", "CSTO", "OSCE", "SCO"]


def test_the_first_source_is_the_earliest_imported(archive):
    later = Source.objects.create(
        path="999_later.txt",
        number=1,
        checksum="c" * 64,
        imported_at=archive.kremlin.imported_at + dt.timedelta(days=1),
    )
    archive.answer.sources.add(later)
    (record,) = statement_records(Statement.objects.filter(pk=archive.answer.pk))
    assert record["source"]["file"] == "000_mid.txt"


def test_records_keep_the_querysets_order_across_chunks(archive):
    queryset = Statement.objects.public().order_by("-date", "event_id", "position")
    urls = [s.get_absolute_url() for s in queryset]
    assert [r["url"] for r in statement_records(queryset, chunk_size=3)] == urls


def test_a_chunk_costs_one_query_for_its_sources_whatever_its_size(archive):
    def queries(chunk_size):
        with CaptureQueriesContext(connection) as captured:
            records = list(
                statement_records(Statement.objects.public().order_by("pk"), chunk_size=chunk_size)
            )
        assert len(records) == Statement.objects.public().count()
        return len(captured)

    assert Statement.objects.public().count() == 8
    assert queries(8) == 2  # the statements with their codes, then their sources
    event = add_event("Sommet", dt.date(2019, 6, 1), "Moscou", "RU", ["CSTO"])
    for position in range(1, 9):
        speaker = Speaker.objects.create(name=f"O {position}")
        add_statement(event, position, speaker, "remarks", "T", source=archive.kremlin)
    assert queries(16) == 2  # twice as many statements, the same two queries
    assert queries(8) == 3  # in two chunks: the sources of each
