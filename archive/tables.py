"""Statements as CSV: the ``statement_records`` shape, one column per leaf, safe to open in a
spreadsheet.

Columns holding several values (organisation codes, country codes, URLs) join them with
``;``, so a spreadsheet keeps one row per statement. A cell that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@``, tab or carriage return first) starts with an apostrophe
instead, as OWASP recommends for CSV injection; docs/API.md tells readers how to undo it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

SEPARATOR = ";"
COLUMNS = [
    "url",
    "date",
    "kind",
    "position",
    "speaker",
    "speaker_slug",
    "speaker_country",
    "speaker_role",
    "event",
    "event_slug",
    "event_date",
    "event_location",
    "event_country",
    "event_organisations",
    "mentioned_organisations",
    "mentioned_countries",
    "question",
    "text",
    "source_file",
    "source_number",
    "source_urls",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_CHARACTERS = 64 * 1024


def spreadsheet_safe(value):
    """A text cell a spreadsheet would read as a formula, made plain text by a leading ``'``.

    >>> spreadsheet_safe("=1+1"), spreadsheet_safe("- Merci"), spreadsheet_safe("Merci")
    ("'=1+1", "'- Merci", 'Merci')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def statement_row(record: dict, *, base_url: str) -> list:
    """One statement record as the values of ``COLUMNS``, in order, spreadsheet-safe."""
    speaker = record["speaker"] or {}
    event = record["event"]
    source = record["source"] or {}
    values = [
        base_url + record["url"],
        record["date"],
        record["kind"],
        record["position"],
        speaker.get("name"),
        speaker.get("slug"),
        speaker.get("country"),
        speaker.get("role"),
        event["title"],
        event["slug"],
        event["date"],
        event["location"],
        event["country"],
        SEPARATOR.join(event["organisations"]),
        SEPARATOR.join(record["mentions"]["organisations"]),
        SEPARATOR.join(record["mentions"]["countries"]),
        record["question"],
        record["text"],
        source.get("file"),
        source.get("number"),
        SEPARATOR.join(source.get("urls") or []),
    ]
    return ["" if value is None else spreadsheet_safe(value) for value in values]


def csv_chunks(records: Iterable[dict], *, base_url: str) -> Iterator[str]:
    """The header, then one row per record, as CSV text in pieces of about 64 K characters.

    ``base_url`` is the site's address without the final slash; records' URLs are paths.
    Pieces rather than rows: a streamed response sends each piece as one write (and one
    chunk of HTTP chunked encoding), which rows of a few hundred bytes made costly.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow(statement_row(record, base_url=base_url))
        if buffer.tell() >= CHUNK_CHARACTERS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
