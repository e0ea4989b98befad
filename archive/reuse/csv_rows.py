"""Statements as CSV: the ``statement_records`` shape, one column per leaf, safe to open in a
spreadsheet.

Columns holding several values (organisation codes, country codes, URLs) join them with
``;``, so a spreadsheet keeps one row per statement. A cell that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@``, tab or carriage return first) starts with an apostrophe
instead, as OWASP recommends for CSV injection; docs/API.md tells readers how to undo it.
"""

from __future__ import annotations

import re
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
FORMULA_STARTS = frozenset("=+-@\t\r")
CHUNK_CHARACTERS = 64 * 1024
NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def spreadsheet_safe(value):
    """A text cell a spreadsheet would read as a formula, made plain text by a leading ``'``.

    >>> spreadsheet_safe("=1+1"), spreadsheet_safe("- Merci"), spreadsheet_safe("Merci")
    ("'=1+1", "'- Merci", 'Merci')
    """
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
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


def csv_line(values: Iterable) -> str:
    r"""One CSV record as ``csv.writer`` writes it (RFC 4180: quoted when needed, CRLF).

    ``csv.writer`` looks at texts a character at a time, 60 ns each: 200 µs for a statement,
    more than everything else the export does. A regular expression and ``str.replace`` find
    the few characters that matter in C at memory speed.

    >>> csv_line(["Moscou", 'Il a dit "non", puis\nest parti', 3])
    'Moscou,"Il a dit ""non"", puis\nest parti",3\r\n'
    """
    cells = [value if isinstance(value, str) else str(value) for value in values]
    for index, text in enumerate(cells):
        if NEEDS_QUOTES.search(text):
            cells[index] = '"' + text.replace('"', '""') + '"'
    return ",".join(cells) + "\r\n"


def csv_chunks(records: Iterable[dict], *, base_url: str) -> Iterator[str]:
    """The header, then one row per record, as CSV text in pieces of about 64 K characters.

    ``base_url`` is the site's address without the final slash; records' URLs are paths.
    Pieces rather than rows: a streamed response sends each piece as one write (and one
    chunk of HTTP chunked encoding), which rows of a few hundred bytes made costly.
    """
    piece = [csv_line(COLUMNS)]
    size = 0
    for record in records:
        line = csv_line(statement_row(record, base_url=base_url))
        piece.append(line)
        size += len(line)
        if size >= CHUNK_CHARACTERS:
            yield "".join(piece)
            piece, size = [], 0
    yield "".join(piece)
