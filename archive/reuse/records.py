"""Records as plain dicts: the shapes of the JSON API, ``export_archive``, the CSV and the
bulk dataset, declared once here (``archive.reuse.shapes``): ``archive.reuse.openapi`` reads
their schemas from the same declarations.

``statement_records`` reads any statement queryset in its own order, a chunk at a time, as
plain values: one query whose correlated subqueries join each statement's codes (event
organisations, mentions) and pick its first source, and one per chunk for those sources.
Model instances with prefetches cost about 1.4 ms a statement, which held the CSV export to
700 rows a second (docs/PERFORMANCE.md); lists of ids per chunk cost 30 µs a row to build.
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter, itemgetter
from typing import NamedTuple

from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.urls import reverse

from archive.models import Event, Membership, Source, Statement, StatementOrganisation
from archive.reuse.shapes import (
    COUNTRY_CODE,
    DATE,
    ORGANISATION_CODE,
    PATH,
    SLUG,
    STRING,
    Field,
    Shape,
    array,
    attribute,
    iso,
    item,
    nullable,
)

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
# What ``STATEMENT`` reads: the columns, the annotations ``statement_records`` adds, then
# the statement's URL and its first source (``_records``).
ROW = (*COLUMNS, "event_organisations", "mentioned_organisations", "mentioned_countries")
ROW += ("first_source", "url", "source")


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


def _records(rows: list[tuple], url, *, using: str) -> Iterator[dict]:
    """Records of one chunk; its sources (few: a source holds many statements) in one query."""
    wanted = {row[-1] for row in rows if row[-1] is not None}
    sources = {
        pk: SourceRow(path, number, urls)
        for pk, path, number, urls in Source.objects.using(using)
        .filter(pk__in=wanted)
        .values_list("pk", "path", "number", "urls")
    }
    for row in rows:
        yield STATEMENT.build((*row, url(row[0]), sources.get(row[-1])))


def statement_url_maker():
    """``Statement.get_absolute_url`` without a ``reverse()`` per row (slugs need no quoting)."""
    marker = "slug-placeholder"
    pattern = reverse("archive:statement_detail", kwargs={"slug": marker})
    before, after = pattern.split(marker)
    return lambda slug: f"{before}{slug}{after}"


def _codes(joined: str | None) -> list[str]:
    return sorted(joined.split(SEPARATOR)) if joined else []


class SourceRow(NamedTuple):
    """A source as ``statement_records`` reads it: what ``SOURCE`` takes of a ``Source``."""

    path: str
    number: int | None
    urls: list[str]


# The records -----------------------------------------------------------------------------

SOURCE = Shape(
    file=attribute(STRING, "path"),
    number=attribute({"type": ["integer", "null"]}, "number"),
    urls=attribute(array(STRING), "urls"),
)
STATEMENT_KIND = {"type": "string", "enum": Statement.Kind.values}


def _value(schema: dict, name: str, convert=None) -> Field:
    """A field of a statement row (``ROW``)."""
    return item(schema, ROW.index(name), convert)


SPEAKER_ID = ROW.index("speaker_id")


# One statement, read from a row of ``statement_records``.
STATEMENT = Shape(
    url=_value({**PATH, "description": "The statement's permalink on this site."}, "url"),
    kind=_value(STATEMENT_KIND, "kind"),
    date=_value(nullable(DATE), "date", iso),
    position=_value(
        {"type": "integer", "minimum": 0, "description": "Turn in the event."}, "position"
    ),
    text=_value(STRING, "text"),
    question=_value(
        {"type": ["string", "null"], "description": "The question answered."},
        "question",
        lambda question: question or None,
    ),
    speaker=Shape(
        name=_value(STRING, "speaker__name"),
        slug=_value(SLUG, "speaker__slug"),
        country=_value(nullable(COUNTRY_CODE), "speaker__country__iso2"),
        role=_value({**STRING, "description": "The role at the time, in French."}, "role"),
    ).within(lambda row: None if row[SPEAKER_ID] is None else row, optional=True),
    event=Shape(
        title=_value(STRING, "event__title"),
        slug=_value(SLUG, "event__slug"),
        date=_value(nullable(DATE), "event__date", iso),
        location=_value(STRING, "event__location"),
        country=_value(nullable(COUNTRY_CODE), "event__country__iso2"),
        organisations=_value(array(ORGANISATION_CODE), "event_organisations", _codes),
    ).within(),
    mentions=Shape(
        organisations=_value(array(ORGANISATION_CODE), "mentioned_organisations", _codes),
        countries=_value(array(COUNTRY_CODE), "mentioned_countries", _codes),
    ).within(),
    source=SOURCE.within(itemgetter(ROW.index("source")), optional=True),
)


def _code(relation: str, key: str):
    """The ``key`` of a model instance's ``relation``, or None when it has none."""

    def read(instance):
        related = getattr(instance, relation)
        return None if related is None else getattr(related, key)

    return read


COUNT = {"type": "integer", "minimum": 0}
MEMBERSHIP_ROLE = {"type": "string", "enum": Membership.Role.values}

# The API's other records, read from model instances (the API's querysets annotate the counts).
EVENT = Shape(
    url=Field(PATH, lambda event: event.get_absolute_url()),
    slug=attribute(SLUG, "slug"),
    title=attribute(STRING, "title"),
    date=Field(nullable(DATE), lambda event: iso(event.date)),
    time=Field(
        {"type": ["string", "null"], "pattern": "^[0-9]{2}:[0-9]{2}$"},
        lambda event: event.time.isoformat("minutes") if event.time else None,
    ),
    location=attribute(STRING, "location"),
    country=Field(nullable(COUNTRY_CODE), _code("country", "iso2")),
    kind=attribute({"type": "string", "enum": Event.Kind.values}, "kind"),
    organisations=Field(
        array(ORGANISATION_CODE), lambda event: sorted(o.code for o in event.organisations.all())
    ),
    statement_count=attribute(COUNT, "statement_count"),
)
TURN = Shape(
    url=Field(PATH, lambda statement: statement.get_absolute_url()),
    slug=attribute(SLUG, "slug"),
    position=attribute({"type": "integer"}, "position"),
    kind=attribute(STATEMENT_KIND, "kind"),
    speaker=Shape(name=attribute(STRING, "name"), slug=attribute(SLUG, "slug")).within(
        attrgetter("speaker"), optional=True
    ),
)
EVENT_DETAIL = EVENT.extended(
    statements=TURN.many(
        lambda event: event.statements.public().select_related("speaker").order_by("position")
    ),
    sources=SOURCE.many(lambda event: event.sources.order_by("imported_at", "path")),
)
SPEAKER = Shape(
    url=Field(PATH, lambda speaker: speaker.get_absolute_url()),
    slug=attribute(SLUG, "slug"),
    name=attribute(STRING, "name"),
    country=Field(nullable(COUNTRY_CODE), _code("country", "iso2")),
    aliases=attribute(array(STRING), "aliases"),
    statement_count=attribute({"type": "integer", "minimum": 1}, "statement_count"),
)
SPEAKER_DETAIL = SPEAKER.extended(
    first_date=Field(nullable(DATE), lambda speaker: iso(speaker.first_date)),
    last_date=Field(nullable(DATE), lambda speaker: iso(speaker.last_date)),
    roles=Field(array(STRING), lambda speaker: list(Statement.objects.public().roles_of(speaker))),
)
ORGANISATION = Shape(
    url=Field(PATH, lambda organisation: organisation.get_absolute_url()),
    code=attribute(ORGANISATION_CODE, "code"),
    acronym_fr=attribute(STRING, "acronym_fr"),
    acronym_en=attribute(STRING, "acronym_en"),
    name_fr=attribute(STRING, "name_fr"),
    name_en=attribute(STRING, "name_en"),
    description_fr=attribute(STRING, "description_fr"),
    description_en=attribute(STRING, "description_en"),
    statement_count=attribute(COUNT, "statement_count"),
    members=Shape(
        country=attribute(COUNTRY_CODE, "country.iso2"), role=attribute(MEMBERSHIP_ROLE, "role")
    ).many(lambda organisation: organisation.membership_set.all()),
)
COUNTRY = Shape(
    url=Field(PATH, lambda country: country.get_absolute_url()),
    iso2=attribute(COUNTRY_CODE, "iso2"),
    name_fr=attribute(STRING, "name_fr"),
    name_en=attribute(STRING, "name_en"),
    statement_count=attribute(
        {**COUNT, "description": "Statements by the country's officials."}, "statement_count"
    ),
    memberships=Shape(
        organisation=attribute(ORGANISATION_CODE, "organisation.code"),
        role=attribute(MEMBERSHIP_ROLE, "role"),
    ).many(lambda country: country.membership_set.all()),
)
