"""Statements as plain dicts: the shape of the JSON API, ``export_archive``, the CSV and the
bulk dataset, declared once here.

``statement_records`` reads any statement queryset in its own order, a chunk at a time: one
query for the statements' own columns and four per chunk for their many-valued parts, read as
plain values. Building model instances and prefetching through them cost about 1.4 ms a
statement, which capped the CSV at 700 rows a second (docs/PERFORMANCE.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from django.db.models import Prefetch
from django.urls import reverse

from archive.models import Event, Source, Statement, StatementOrganisation

CHUNK_SIZE = 2000

# The statement's own columns, in the order ``_record`` reads them.
COLUMNS = (
    "pk",
    "slug",
    "kind",
    "date",
    "position",
    "text",
    "question",
    "role",
    "speaker_id",
    "speaker__name",
    "speaker__slug",
    "speaker__country__iso2",
    "event_id",
    "event__title",
    "event__slug",
    "event__date",
    "event__location",
    "event__country__iso2",
)


def statements_for_export(queryset=None):
    """Statements with what the feed reads of each (categories, sources), prefetched."""
    queryset = Statement.objects.public() if queryset is None else queryset
    return queryset.select_related("speaker__country", "event__country").prefetch_related(
        Prefetch(
            "statementorganisation_set",
            queryset=StatementOrganisation.objects.select_related("organisation"),
        ),
        Prefetch("sources", queryset=Source.objects.order_by("imported_at", "path")),
    )


def statement_records(queryset, *, chunk_size: int = CHUNK_SIZE) -> Iterator[dict]:
    """One record per statement of ``queryset``, in its order, read ``chunk_size`` at a time."""
    rows = queryset.values_list(*COLUMNS)
    chunk: list[tuple] = []
    for row in rows.iterator(chunk_size=chunk_size):
        chunk.append(row)
        if len(chunk) == chunk_size:
            yield from _records(chunk, using=queryset.db)
            chunk = []
    if chunk:
        yield from _records(chunk, using=queryset.db)


def _records(rows: list[tuple], *, using: str) -> Iterator[dict]:
    ids = [row[0] for row in rows]
    event_ids = {row[12] for row in rows}
    related = Related(
        event_organisations=_grouped(
            Event.organisations.through.objects.using(using)
            .filter(event_id__in=event_ids)
            .values_list("event_id", "organisation__code")
        ),
        mentioned_organisations=_grouped(
            StatementOrganisation.objects.using(using)
            .filter(statement_id__in=ids, via_mention=True)
            .values_list("statement_id", "organisation__code")
        ),
        mentioned_countries=_grouped(
            Statement.mentioned_countries.through.objects.using(using)
            .filter(statement_id__in=ids)
            .values_list("statement_id", "country__iso2")
        ),
        sources=_first_sources(ids, using=using),
    )
    url = statement_url_maker()
    for row in rows:
        yield _record(row, related, url)


class Related(NamedTuple):
    """The many-valued parts of one chunk of statements, by statement (or event) id."""

    event_organisations: dict[int, list[str]]
    mentioned_organisations: dict[int, list[str]]
    mentioned_countries: dict[int, list[str]]
    sources: dict[int, tuple]


def _grouped(pairs: Iterable[tuple]) -> dict[int, list]:
    grouped = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return {key: sorted(values) for key, values in grouped.items()}


def _first_sources(ids: list[int], *, using: str) -> dict[int, tuple]:
    """Each statement's first source (the earliest imported), as (path, number, urls)."""
    first: dict[int, tuple] = {}
    links = (
        Statement.sources.through.objects.using(using)
        .filter(statement_id__in=ids)
        .order_by("source__imported_at", "source__path")
        .values_list("statement_id", "source__path", "source__number", "source__urls")
    )
    for statement_id, path, number, urls in links:
        first.setdefault(statement_id, (path, number, urls))
    return first


def statement_url_maker():
    """``Statement.get_absolute_url`` without a ``reverse()`` per row (slugs need no quoting)."""
    marker = "slug-placeholder"
    pattern = reverse("archive:statement_detail", kwargs={"slug": marker})
    before, after = pattern.split(marker)
    return lambda slug: f"{before}{slug}{after}"


def _iso(value):
    return value.isoformat() if value else None


def _record(row: tuple, related: Related, url) -> dict:
    (
        pk,
        slug,
        kind,
        date,
        position,
        text,
        question,
        role,
        speaker_id,
        speaker_name,
        speaker_slug,
        speaker_country,
        event_id,
        event_title,
        event_slug,
        event_date,
        event_location,
        event_country,
    ) = row
    source = related.sources.get(pk)
    return {
        "url": url(slug),
        "kind": kind,
        "date": _iso(date),
        "position": position,
        "text": text,
        "question": question or None,
        "speaker": None
        if speaker_id is None
        else {
            "name": speaker_name,
            "slug": speaker_slug,
            "country": speaker_country,
            "role": role,
        },
        "event": {
            "title": event_title,
            "slug": event_slug,
            "date": _iso(event_date),
            "location": event_location,
            "country": event_country,
            "organisations": related.event_organisations.get(event_id, []),
        },
        "mentions": {
            "organisations": related.mentioned_organisations.get(pk, []),
            "countries": related.mentioned_countries.get(pk, []),
        },
        "source": None
        if source is None
        else {"file": source[0], "number": source[1], "urls": source[2]},
    }
