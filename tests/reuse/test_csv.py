"""CSV downloads of any list: the same selection as the page, streamed, readable by `csv`."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from archive.models import Speaker
from archive.tables import COLUMNS
from archive.views import StatementCsvView
from tests.browse.conftest import add_event, add_statement, listed

pytestmark = pytest.mark.django_db


def download(client, query=""):
    response = client.get(f"/statements/export.csv{query}")
    assert response.status_code == 200, response
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="statements')
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def slug(row) -> str:
    return row["url"].rstrip("/").split("/")[-1]


def test_every_public_statement_one_row_each_with_every_column(client, archive, public_slugs):
    rows = download(client)
    assert list(rows[0]) == COLUMNS
    assert {slug(r) for r in rows} == public_slugs
    assert len(rows) == len(public_slugs)


def test_a_row_carries_the_export_records_facts(client, archive):
    rows = {slug(r): r for r in download(client)}
    answer = rows[archive.answer.slug]
    assert answer["url"] == f"http://testserver{archive.answer.get_absolute_url()}"
    assert (answer["date"], answer["kind"], answer["speaker"]) == (
        "2022-02-01",
        "answer",
        "Sergueï Lavrov",
    )
    assert answer["question"] == "Que pensez-vous de l’OSCE ?"
    assert answer["mentioned_organisations"] == "OSCE"
    assert answer["source_urls"] == "https://www.mid.ru/"
    minsk = rows[archive.minsk.slug]
    assert minsk["mentioned_organisations"] == "CICA;CSTO;OSCE;SCO"
    assert minsk["source_file"] == "" and minsk["question"] == ""
    speech = rows[archive.speech.slug]
    assert speech["text"] == "Chers collègues,\n\nL’OCS et la CICA travaillent ensemble."


@pytest.mark.parametrize(
    "query",
    ["?organisation=CSTO", "?organisation=CSTO&country=KG", "?q=osce", "?year=2020&sort=date"],
)
def test_the_csv_holds_the_lists_selection_in_its_order(client, archive, query):
    html = client.get(f"/statements/{query}")
    assert [slug(r) for r in download(client, query)] == listed(html)


def test_bad_or_unknown_parameters_get_a_400_that_explains(client, archive):
    response = client.get("/statements/export.csv?organisation=NATO")
    assert response.status_code == 400
    assert "Aucune organisation n’a le code NATO" in response.content.decode()
    response = client.get("/statements/export.csv?organization=SCO")
    assert response.status_code == 400
    assert "Paramètre inconnu : organization" in response.content.decode()


def test_rows_are_read_in_chunks_with_a_bounded_number_of_queries(client, archive, monkeypatch):
    monkeypatch.setattr(StatementCsvView, "chunk_size", 3)

    def count():
        with CaptureQueriesContext(connection) as queries:
            download(client)
        return len(queries)

    small = count()
    event = add_event("Sommet", dt.date(2019, 6, 1), "Moscou", "RU", ["CSTO"])
    for position in range(1, 7):
        speaker = Speaker.objects.create(name=f"Orateur {position}")
        add_statement(event, position, speaker, "remarks", "Texte.")
    # Six more statements are two more chunks of three: the same prefetches twice more.
    per_chunk = (count() - small) // 2
    assert 0 < per_chunk <= 6
    assert count() == small + 2 * per_chunk
