"""CSV downloads of any list: the same selection as the page, streamed, readable by `csv`."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from archive.models import Speaker
from archive.reuse.csv_rows import COLUMNS, csv_line
from archive.reuse.downloads import StatementCsvView
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
        add_statement(event, position, speaker, "remarks", "Texte.", source=archive.kremlin)
    # Six more statements are two more chunks of three: one more query each, for their sources.
    assert count() == small + 2


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","clic")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"],
)
def test_a_cell_a_spreadsheet_would_run_starts_with_an_apostrophe(client, archive, text):
    event = add_event("=cmd|' /C calc'!A0", dt.date(2025, 3, 1), "Moscou", "RU")
    add_statement(event, 1, Speaker.objects.create(name="@Orateur"), "remarks", text)
    row = next(r for r in download(client) if r["date"] == "2025-03-01")
    assert row["text"] == f"'{text}"
    assert row["event"] == "'=cmd|' /C calc'!A0"
    assert row["speaker"] == "'@Orateur"
    assert row["event_slug"] == event.slug  # other cells as they are


def test_ordinary_cells_are_untouched(client, archive):
    rows = {slug(r): r for r in download(client)}
    assert rows[archive.speech.slug]["text"].startswith("Chers collègues")
    assert rows[archive.answer.slug]["position"] == "1"


def test_a_selection_above_the_cap_is_refused_with_a_pointer_to_the_bulk_files(
    client, archive, settings, public_slugs
):
    settings.CSV_EXPORT_MAX_ROWS = len(public_slugs) - 1
    response = client.get("/statements/export.csv")
    assert response.status_code == 400
    page = response.content.decode()
    assert "http://testserver/data/statements.csv.gz" in page
    assert f"plus de {len(public_slugs) - 1} déclarations" in page
    # A narrower selection, within the cap, downloads.
    assert len(download(client, "?organisation=CSTO")) == 6


def test_a_selection_at_the_cap_downloads_whole(client, archive, settings, public_slugs):
    settings.CSV_EXPORT_MAX_ROWS = len(public_slugs)
    assert {slug(r) for r in download(client)} == public_slugs


cells = st.one_of(
    st.text(alphabet=st.sampled_from("ab,\"\r\n é;'=\t"), max_size=12),
    st.text(max_size=20),
    st.integers(),
)


@given(st.lists(cells, min_size=2, max_size=6))
def test_a_line_is_what_the_csv_module_writes_and_reads_back(values):
    expected = io.StringIO()
    csv.writer(expected).writerow(values)
    assert csv_line(values) == expected.getvalue()
    assert next(csv.reader(io.StringIO(csv_line(values), newline=""))) == [str(v) for v in values]
