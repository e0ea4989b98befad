"""Facet counts and totals of broad lists, read from small tables of counts.

Counting a million statements five times per page is what made broad lists slow; the two
tally tables (``MonthTally``, ``SpeakerTally``) hold the same counts already added up by the
dimensions lists filter on. ``counts()`` answers from them when it can and says ``None`` when
it cannot (words searched, an event's country, a date range not made of whole months, several
organisations at once), and the caller counts the statements themselves.

Keeping them exact: every writer says which statements it touched (``archive.changes``), and
the months and speaker-years those statements were in and are in now are counted again in the
writer's own transaction (``recount``). ``verify()`` compares every row with a fresh count.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from itertools import batched
from typing import NamedTuple

from django.db import connections, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth

BATCH = 5000
IDS_BATCH = 500


class Key(NamedTuple):
    """Where one statement is counted: its month (first day, None when undated), its year
    and its speaker."""

    month: dt.date | None
    year: int | None
    speaker_id: int | None


def keys_of(statement_ids, *, using: str = "default") -> set[Key]:
    """The keys of these statements as stored now (deleted ones have none)."""
    from archive.models import Statement

    keys = set()
    for chunk in batched(sorted(statement_ids), IDS_BATCH):
        rows = (
            Statement.objects.using(using)
            .filter(pk__in=chunk)
            .order_by()
            .values_list("date", "year", "speaker_id")
            .distinct()
        )
        keys |= {Key(date.replace(day=1) if date else None, year, sp) for date, year, sp in rows}
    return keys


def count_after_migrate(*, using: str = "default", **kwargs) -> None:
    """After ``migrate``: count the tallies of statements that have none yet (a database
    migrated from before the tallies existed), with today's code and schema."""
    from archive import changes
    from archive.models import MonthTally, Statement

    tables = connections[using].introspection.table_names()
    if {MonthTally._meta.db_table, Statement._meta.db_table} - set(tables):
        return  # migrated to an older state
    if MonthTally.objects.using(using).exists() or not Statement.objects.using(using).exists():
        return
    with changes.tracked(using=using) as change:
        change.counts_everything()


def rebuild(*, using: str = "default") -> None:
    """Count every tally again (after bulk loads, from ``check_archive --repair``)."""
    from archive.models import MonthTally, SpeakerTally

    with transaction.atomic(using=using):
        MonthTally.objects.using(using).all().delete()
        SpeakerTally.objects.using(using).all().delete()
        _insert(MonthTally, _month_counts(None, True, using), using)
        _insert(SpeakerTally, _speaker_counts(None, using), using)


def recount(keys: set[Key], *, using: str = "default") -> None:
    """Replace the rows of these statements' months, and of their speakers in their years.

    Runs in the writer's transaction (``archive.changes``), which makes it atomic.
    """
    from archive.models import MonthTally, SpeakerTally

    if not keys:
        return
    undated = any(key.month is None for key in keys)
    months = sorted({key.month for key in keys if key.month is not None})
    by_year: dict[int | None, set] = defaultdict(set)
    for key in keys:
        by_year[key.year].add(key.speaker_id)
    MonthTally.objects.using(using).filter(_nullable("month__in", months, undated)).delete()
    _insert(MonthTally, _month_counts(months, undated, using), using)
    SpeakerTally.objects.using(using).filter(_speaker_years(by_year, "")).delete()
    _insert(SpeakerTally, _speaker_counts(by_year, using), using)


def verify(*, using: str = "default") -> list[str]:
    """What differs between the stored tallies and a fresh count (nothing when exact)."""
    from archive.models import MonthTally, SpeakerTally

    differences = []
    for model, fresh in (
        (MonthTally, _month_counts(None, True, using)),
        (SpeakerTally, _speaker_counts(None, using)),
    ):
        columns = [f.attname for f in model._meta.concrete_fields if f.name not in ("id", "n")]
        stored = defaultdict(int)
        for row in model.objects.using(using).values(*columns, "n"):
            stored[tuple(row[c] for c in columns)] += row.pop("n")
        counted = defaultdict(int)
        for row in fresh:
            counted[tuple(row[c] for c in columns)] += row["n"]
        for key in sorted(stored.keys() | counted.keys(), key=repr):
            if stored.get(key, 0) != counted.get(key, 0):
                shown = ", ".join(f"{c}={v}" for c, v in zip(columns, key, strict=True))
                differences.append(
                    f"{model.__name__} ({shown}): stored {stored.get(key, 0)}, "
                    f"counted {counted.get(key, 0)}"
                )
    return differences


def _speaker_years(by_year, prefix: str) -> Q:
    """Statements (``prefix`` "statement__" for links) of these speakers in these years."""
    scope = Q(pk__in=[])
    for year, speakers in by_year.items():
        in_year = (
            Q(**{f"{prefix}year__isnull": True}) if year is None else Q(**{f"{prefix}year": year})
        )
        named = [s for s in speakers if s is not None]
        who = Q(**{f"{prefix}speaker__in": named})
        if None in speakers:
            who |= Q(**{f"{prefix}speaker__isnull": True})
        scope |= in_year & who
    return scope


def _nullable(lookup: str, values: list, with_null: bool) -> Q:
    """``field__in=values``, or also empty when ``with_null`` (undated statements)."""
    field_name = lookup.removesuffix("__in")
    scope = Q(**{lookup: values})
    return scope | Q(**{f"{field_name}__isnull": True}) if with_null else scope


def _months_scope(months: list[dt.date], undated: bool) -> Q:
    """Statements (or links: they carry a copy of the date) dated in these months."""
    scope = Q(pk__in=[])
    for month in months:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        scope |= Q(date__gte=month, date__lte=last)
    return scope | Q(date__isnull=True) if undated else scope


def _public(using: str, scope: Q):
    from archive.models import Statement

    return Statement.objects.using(using).public().filter(scope).order_by()


def _links(using: str, scope: Q):
    from archive.models import StatementOrganisation

    return (
        StatementOrganisation.objects.using(using)
        .filter(statement__hidden=False, statement__event__hidden=False)
        .filter(scope)
        .order_by()
    )


def _own_event(using: str):
    from archive.models import StatementOrganisation

    return Exists(
        StatementOrganisation.objects.using(using).filter(statement=OuterRef("pk"), via_event=True)
    )


def _month_counts(months, undated, using: str):
    scope = _months_scope(months, undated) if months is not None else Q()
    statements = _public(using, scope).annotate(month=TruncMonth("date"), own=_own_event(using))
    for row in statements.values("month", "year", "speaker_country", "kind", "own").annotate(
        n=Count("pk")
    ):
        yield {**_renamed(row), "organisation_id": None}
    links = _links(using, scope).annotate(month=TruncMonth("date"))
    for row in links.values(
        "month", "statement__year", "country", "statement__kind", "organisation", "via_event"
    ).annotate(n=Count("pk")):
        yield _renamed(row)


def _speaker_counts(by_year, using: str):
    """Counts by year and speaker: of these speakers in these years, or of all (None)."""
    every = by_year is None
    statements = _public(using, Q() if every else _speaker_years(by_year, ""))
    statements = statements.annotate(own=_own_event(using))
    for row in statements.values("year", "speaker", "speaker_country", "kind", "own").annotate(
        n=Count("pk")
    ):
        yield {**_renamed(row), "organisation_id": None}
    scope = Q() if every else _speaker_years(by_year, "statement__")
    for row in (
        _links(using, scope)
        .values(
            "statement__year",
            "statement__speaker",
            "country",
            "statement__kind",
            "organisation",
            "via_event",
        )
        .annotate(n=Count("pk"))
    ):
        yield _renamed(row)


RENAMED = {
    "statement__year": "year",
    "statement__speaker": "speaker_id",
    "statement__kind": "kind",
    "speaker": "speaker_id",
    "speaker_country": "country_id",
    "country": "country_id",
    "organisation": "organisation_id",
    "via_event": "own",
}


def _renamed(row: dict) -> dict:
    return {RENAMED.get(key, key): value for key, value in row.items()}


def _insert(model, rows, using: str) -> None:
    batch = []
    for row in rows:
        batch.append(model(**row))
        if len(batch) == BATCH:
            model.objects.using(using).bulk_create(batch)
            batch.clear()
    model.objects.using(using).bulk_create(batch)


# Reading them --------------------------------------------------------------------------------

# What ``counts()`` narrows by (the keys of its ``data``): the tally column lookup of each
# dimension, or None for those applied below. Filters name theirs (``archive.site.filters``).
DIMENSIONS = {
    "organisation": None,
    "own": None,
    "country": "country__in",
    "speaker": "speaker__in",
    "kind": "kind__in",
    "year": "year",
    "date_from": None,
    "date_to": None,
}
SAME = "same"  # what a filter that does not change the counts (an order) names instead

# A facet's name, and the tally column it groups by.
COLUMNS = {
    "organisation": "organisation_id",
    "country": "country_id",
    "speaker": "speaker_id",
    "kind": "kind",
    "year": "year",
    "month": "month",
    None: None,
}


def counts(data: dict, *, by: str | None, searching: bool = False, using: str = "default"):
    """``[(value, n), ...]`` of public statements matching ``data`` (values by dimension:
    ``DIMENSIONS``, as a StatementFilter's cleaned data names them, the facet's own filter
    already left out) grouped by ``by`` — or the total when ``by`` is None — or None when the
    tallies cannot answer exactly."""
    from archive import changes
    from archive.models import MonthTally, SpeakerTally

    data = {k: v for k, v in data.items() if v not in (None, "", [], ())}
    organisations = list(data.get("organisation") or ())
    if (
        changes.counts_waiting(using=using)
        or searching
        or set(data) - set(DIMENSIONS)
        or len(organisations) > 1
    ):
        return None
    start, end = data.get("date_from"), data.get("date_to")
    by_speaker = by == "speaker" or bool(data.get("speaker"))
    if by_speaker:
        if by == "month" or not _whole_years(start, end):
            return None
        rows = SpeakerTally.objects.using(using)
    else:
        if not _whole_months(start, end):
            return None
        rows = MonthTally.objects.using(using)
    if by == "organisation":
        rows = rows.filter(organisation__isnull=False)
    elif organisations:
        rows = rows.filter(organisation=organisations[0])
    else:
        rows = rows.filter(organisation__isnull=True)
    if data.get("own"):
        rows = rows.filter(own=True)
    for name, lookup in DIMENSIONS.items():
        if lookup is not None and data.get(name):
            rows = rows.filter(**{lookup: data[name]})
    if by_speaker:
        if start:
            rows = rows.filter(year__gte=start.year)
        if end:
            rows = rows.filter(year__lte=end.year)
    else:
        if start:
            rows = rows.filter(month__gte=start)
        if end:
            rows = rows.filter(month__lte=end)
    column = COLUMNS[by]
    if column is None:
        return rows.aggregate(n=Sum("n"))["n"] or 0
    grouped = rows.order_by().values_list(column).annotate(total=Sum("n"))
    return [(value, n) for value, n in grouped.filter(total__gt=0) if value is not None]


def _whole_months(start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or start.day == 1) and (
        end is None or (end + dt.timedelta(days=1)).day == 1
    )


def _whole_years(start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or (start.month, start.day) == (1, 1)) and (
        end is None or (end.month, end.day) == (12, 31)
    )
