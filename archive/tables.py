"""Statements as flat rows for CSV: the ``statement_record`` shape, one column per leaf.

Columns holding several values (organisation codes, country codes, URLs) join them with
``;``, so a spreadsheet keeps one row per statement.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import urljoin

from archive.export import statement_record

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


def statement_row(record: dict, *, base_url: str) -> list:
    """One ``statement_record`` as the values of ``COLUMNS``, in order."""
    speaker = record["speaker"] or {}
    event = record["event"]
    source = record["source"] or {}
    values = {
        "url": urljoin(base_url, record["url"]),
        "date": record["date"],
        "kind": record["kind"],
        "position": record["position"],
        "speaker": speaker.get("name"),
        "speaker_slug": speaker.get("slug"),
        "speaker_country": speaker.get("country"),
        "speaker_role": speaker.get("role"),
        "event": event["title"],
        "event_slug": event["slug"],
        "event_date": event["date"],
        "event_location": event["location"],
        "event_country": event["country"],
        "event_organisations": SEPARATOR.join(event["organisations"]),
        "mentioned_organisations": SEPARATOR.join(record["mentions"]["organisations"]),
        "mentioned_countries": SEPARATOR.join(record["mentions"]["countries"]),
        "question": record["question"],
        "text": record["text"],
        "source_file": source.get("file"),
        "source_number": source.get("number"),
        "source_urls": SEPARATOR.join(source.get("urls") or []),
    }
    return ["" if values[name] is None else values[name] for name in COLUMNS]


def csv_rows(statements: Iterable, *, base_url: str) -> Iterator[list]:
    """The header, then one row per statement, produced lazily."""
    yield COLUMNS
    for statement in statements:
        yield statement_row(statement_record(statement), base_url=base_url)
