"""The CSV of a list: a name that says what it holds, and a byte order mark for Excel."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def download(client, query):
    response = client.get(f"/statements/export.csv?{query}")
    assert response.status_code == 200, query
    return response, b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("query", "filename"),
    [
        ("", "statements.csv"),
        ("organisation=CSTO&year=2020", "statements-csto-2020.csv"),
        ("organisation=CSTO&own=1&country=KG", "statements-csto-meetings-kg.csv"),
        ("organisation=OSCE&own=0", "statements-osce-named.csv"),
        (
            "speaker=serguei-lavrov&date_from=2021-01-01",
            "statements-serguei-lavrov-from-2021-01-01.csv",
        ),
        ("q=s%C3%A9curit%C3%A9+collective", "statements-securite-collective.csv"),
        # An exclusion never reads as if it were searched.
        ("q=-otan", "statements-without-otan.csv"),
        ("q=s%C3%A9curit%C3%A9+-otan", "statements-securite-without-otan.csv"),
        # "-c": an excluded stop word, which search ignores, so the name does too.
        ("q=-c", "statements.csv"),
        ("q=vaccin+-c", "statements-vaccin.csv"),
        # Cyrillic is spelled in Latin letters; other scripts say it was a search.
        ("q=%D0%9F%D1%83%D1%82%D0%B8%D0%BD", "statements-putin.csv"),
        ("q=%D0%9F%D1%83%D1%82%D0%B8%D0%BD+-%D1%81", "statements-putin-without-s.csv"),
        ("q=%E5%8C%97%E4%BA%AC", "statements-search.csv"),
    ],
)
def test_the_file_name_says_what_was_filtered(client, archive, query, filename):
    response, _body = download(client, query)
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_bom_1_starts_the_file_with_a_byte_order_mark_for_excel(client, archive):
    _response, plain = download(client, "organisation=CSTO")
    _response, excel = download(client, "organisation=CSTO&bom=1")
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel == b"\xef\xbb\xbf" + plain
    rows = list(csv.DictReader(io.StringIO(excel.decode("utf-8-sig"), newline="")))
    assert rows and "é" in "".join(row["event"] for row in rows)


def test_a_bom_value_other_than_1_is_refused_with_a_message(client, archive):
    response = client.get("/statements/export.csv?bom=yes")
    assert response.status_code == 400
    assert "bom=1" in response.content.decode()


def test_lists_offer_the_csv_for_excel(client, archive):
    html = client.get("/statements/?organisation=CSTO").content.decode()
    assert 'href="/statements/export.csv?organisation=CSTO&amp;bom=1"' in html
    assert "CSV pour Excel" in html
