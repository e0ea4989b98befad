"""Statements as plain dicts: the shape of the JSON API, ``export_archive``, the CSV and the
bulk dataset, declared once here.

``statement_records`` reads any statement queryset in its own order, a chunk at a time, as
plain values: one query whose correlated subqueries join each statement's codes (event
organisations, mentions) and pick its first source, and one per chunk for those sources.
Model instances with prefetches cost about 1.4 ms a statement, which held the CSV export to
700 rows a second (docs/PERFORMANCE.md); lists of ids per chunk cost 30 µs a row to build.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.urls import reverse

from archive.models import Event, Source, Statement, StatementOrganisation

CHUNK_SIZE = 2000
SEPARATOR = ";"  # codes (CSTO, RU…) never hold one

# The statement's own columns, in the order ``_record`` reads them.
COLUMNS = (
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
    "event__title",
    "event__slug",
    "event__date",
    "event__location",
    "event__country__iso2",
)


def statement_records(queryset, *, chunk_size: int = CHUNK_SIZE) -> Iterator[dict]:
    """One record per statement of ``queryset``, in its order, read ``chunk_size`` at a time."""
    rows = queryset.values_list(*COLUMNS).annotate(
        event_organisations=_joined(
            Event.organisations.through.objects.filter(event_id=OuterRef("event_id")),
            "event_id",
            "organisation__code",
        ),
        mentioned_organisations=_joined(
            StatementOrganisation.objects.filter(statement_id=OuterRef("pk"), via_mention=True),
            "statement_id",
            "organisation__code",
        ),
        mentioned_countries=_joined(
            Statement.mentioned_countries.through.objects.filter(statement_id=OuterRef("pk")),
            "statement_id",
            "country__iso2",
        ),
        first_source=Subquery(
            Statement.sources.through.objects.filter(statement_id=OuterRef("pk"))
            .order_by("source__imported_at", "source__path")
            .values("source_id")[:1]
        ),
    )
    url = statement_url_maker()
    chunk: list[tuple] = []
    for row in rows.iterator(chunk_size=chunk_size):
        chunk.append(row)
        if len(chunk) == chunk_size:
            yield from _records(chunk, url, using=queryset.db)
            chunk = []
    if chunk:
        yield from _records(chunk, url, using=queryset.db)


def _joined(related, key: str, value: str) -> Subquery:
    """The row's related ``value``s joined with ``;`` (in no order: ``_codes`` sorts them)."""
    return Subquery(
        related.order_by()
        .values(key)
        .annotate(joined=StringAgg(value, Value(SEPARATOR)))
        .values("joined")
    )


def _codes(joined: str | None) -> list[str]:
    return sorted(joined.split(SEPARATOR)) if joined else []


def _records(rows: list[tuple], url, *, using: str) -> Iterator[dict]:
    """Records of one chunk; its sources (few: a source holds many statements) in one query."""
    wanted = {row[-1] for row in rows if row[-1] is not None}
    sources = {
        pk: (path, number, urls)
        for pk, path, number, urls in Source.objects.using(using)
        .filter(pk__in=wanted)
        .values_list("pk", "path", "number", "urls")
    }
    for row in rows:
        yield _record(row, sources, url)


def statement_url_maker():
    """``Statement.get_absolute_url`` without a ``reverse()`` per row (slugs need no quoting)."""
    marker = "slug-placeholder"
    pattern = reverse("archive:statement_detail", kwargs={"slug": marker})
    before, after = pattern.split(marker)
    return lambda slug: f"{before}{slug}{after}"


def _iso(value):
    return value.isoformat() if value else None


def _record(row: tuple, sources: dict[int, tuple], url) -> dict:
    (
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
        event_title,
        event_slug,
        event_date,
        event_location,
        event_country,
        event_organisations,
        mentioned_organisations,
        mentioned_countries,
        first_source,
    ) = row
    source = sources.get(first_source)
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
            "organisations": _codes(event_organisations),
        },
        "mentions": {
            "organisations": _codes(mentioned_organisations),
            "countries": _codes(mentioned_countries),
        },
        "source": None
        if source is None
        else {"file": source[0], "number": source[1], "urls": source[2]},
    }
