"""Facet counts and totals of broad lists, read from small tables of counts.

Counting a million statements five times per page is what made broad lists slow; the two
tally tables (``MonthTally``, ``SpeakerTally``) hold the same counts already added up by the
dimensions lists filter on. ``counts()`` answers from them when it can and says ``None`` when
it cannot (words searched, an event's country, a date range not made of whole months, several
organisations at once), and the caller counts the statements themselves.

Keeping them exact: saves and deletes of statements, links and events mark the months they
touch (before and after the change); when the transaction commits, those months are counted
again from the statements. Bulk ``update()`` calls send no signals, so the code making them
calls ``months_changed()`` (or ``everything_changed()``) as it calls ``content_changed()``.
An import marks months as it goes and counts them once at the end (``deferred()``).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete, post_save, pre_delete

BATCH = 5000


@dataclass
class _Pending:
    """Months (first days, or None for undated statements) waiting to be counted again."""

    using: str = "default"
    months: set = field(default_factory=set)
    everything: bool = False
    done: bool = False

    def add(self, dates) -> None:
        for date in dates:
            self.months.add(date.replace(day=1) if date else None)

    def __bool__(self) -> bool:
        return self.everything or bool(self.months)

    def commit(self) -> None:
        recount(self, using=self.using)
        self.done = True


_deferred: ContextVar[_Pending | None] = ContextVar("tallies_deferred", default=None)


def months_changed(dates, *, using: str = "default") -> None:
    """Count the months of these dates again when the current transaction commits."""
    pending = _pending(using)
    pending.add(dates)
    if not _waits(pending, using):
        pending.commit()


def everything_changed(*, using: str = "default") -> None:
    """Count everything again on commit (after changes whose months are unknown)."""
    pending = _pending(using)
    pending.everything = True
    if not _waits(pending, using):
        pending.commit()


def _pending(using: str) -> _Pending:
    """The pending months of the current import, else of the current transaction.

    One callback per transaction, as ``content_changed`` does; a rollback discards it.
    """
    deferred = _deferred.get()
    if deferred is not None:
        return deferred
    connection = connections[using]
    if not connection.in_atomic_block:
        return _Pending(using=using)  # autocommit: counted at once
    waiting = _waiting(connection)
    if waiting:
        return waiting[0]
    pending = _Pending(using=using)
    transaction.on_commit(pending.commit, using=using)
    return pending


def _waits(pending: _Pending, using: str) -> bool:
    """Whether the pending months are counted later (at commit, or at the import's end)."""
    return pending is _deferred.get() or connections[using].in_atomic_block


@contextmanager
def deferred(*, using: str = "default"):
    """Collect the months an import touches and count them once, when it ends.

    Pages show the previous counts until then; each source still commits on its own.
    """
    if _deferred.get() is not None:
        yield
        return
    pending = _Pending(using=using)
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
        pending.commit()


# Counting -----------------------------------------------------------------------------------


def rebuild(*, using: str = "default") -> None:
    """Count every month again (after bulk loads, and from the migration)."""
    recount(_Pending(everything=True), using=using)


def recount(pending: _Pending, *, using: str = "default") -> None:
    """Replace the rows of the pending months (and of their years, for speakers)."""
    from archive.models import MonthTally, SpeakerTally

    if not pending:
        return
    months = speaker_years = None  # None: everything
    undated = True
    month_rows = MonthTally.objects.using(using)
    speaker_rows = SpeakerTally.objects.using(using)
    if not pending.everything:
        undated = None in pending.months
        months = sorted(m for m in pending.months if m is not None)
        speaker_years = sorted({m.year for m in months})
        month_rows = month_rows.filter(_nullable("month__in", months, undated))
        speaker_rows = speaker_rows.filter(_nullable("year__in", speaker_years, undated))
    with transaction.atomic(using=using):
        month_rows.delete()
        speaker_rows.delete()
        _insert(MonthTally, _month_counts(months, undated, using), using)
        _insert(SpeakerTally, _speaker_counts(speaker_years, undated, using), using)
    pending.months.clear()
    pending.everything = False


def _nullable(lookup: str, values: list, with_null: bool) -> Q:
    """``field__in=values``, or also empty when ``with_null`` (undated statements)."""
    field_name = lookup.removesuffix("__in")
    scope = Q(**{lookup: values})
    return scope | Q(**{f"{field_name}__isnull": True}) if with_null else scope


def _months_scope(months: list[dt.date], undated: bool) -> Q:
    """Statements (or links: they carry a copy of the date) dated in these months."""
    scope = Q(pk__in=[])
    for month in months:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        scope |= Q(date__gte=month, date__lt=following)
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


def _speaker_counts(years, undated, using: str):
    every = years is None
    statements = _public(using, Q() if every else _nullable("year__in", years, undated))
    statements = statements.annotate(own=_own_event(using))
    for row in statements.values("year", "speaker", "speaker_country", "kind", "own").annotate(
        n=Count("pk")
    ):
        yield {**_renamed(row), "organisation_id": None}
    scope = Q() if every else _nullable("statement__year__in", years, undated)
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


# Keeping them in step ------------------------------------------------------------------------


def _loaded(instance, name: str):
    return getattr(instance, "_tally_loaded", {}).get(name)


def _statement_saved(sender, instance, using=None, **kwargs):
    months_changed([instance.date, _loaded(instance, "date")], using=using or "default")


def _link_saved(sender, instance, using=None, **kwargs):
    months_changed([instance.date], using=using or "default")


def _event_saved(sender, instance, using=None, **kwargs):
    """An event hidden or shown changes its statements' counts (dates move with them)."""
    if kwargs.get("created"):
        return
    months_changed([instance.date, _loaded(instance, "date")], using=using or "default")


def _reference_deleted(sender, instance, using=None, **kwargs):
    """Deleting a speaker or a country empties fields of statements without signals."""
    everything_changed(using=using or "default")


def connect() -> None:
    from archive.models import Country, Event, Speaker, Statement, StatementOrganisation

    for signal in (post_save, post_delete):
        signal.connect(_statement_saved, sender=Statement, dispatch_uid=f"tally.s.{signal}")
        signal.connect(_link_saved, sender=StatementOrganisation, dispatch_uid=f"tally.l.{signal}")
    post_save.connect(_event_saved, sender=Event, dispatch_uid="tally.event")
    post_delete.connect(_event_saved, sender=Event, dispatch_uid="tally.event.delete")
    for model in (Speaker, Country):
        pre_delete.connect(_reference_deleted, sender=model, dispatch_uid=f"tally.{model}")


# Reading them --------------------------------------------------------------------------------

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
    """``[(value, n), ...]`` of public statements matching ``data`` (a StatementFilter's
    cleaned data, the facet's own filter already left out) grouped by ``by`` — or the total
    when ``by`` is None — or None when the tallies cannot answer exactly."""
    from archive.models import MonthTally, SpeakerTally

    data = {k: v for k, v in data.items() if v not in (None, "", [], ())}
    organisations = list(data.get("organisation") or ())
    if _recount_waiting(using) or searching or data.get("event_country") or len(organisations) > 1:
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
    if data.get("country"):
        rows = rows.filter(country__in=data["country"])
    if data.get("speaker"):
        rows = rows.filter(speaker__in=data["speaker"])
    if data.get("kind"):
        rows = rows.filter(kind__in=data["kind"])
    if data.get("year") is not None:
        rows = rows.filter(year=data["year"])
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


def _recount_waiting(using: str) -> bool:
    """Whether this connection changed statements whose months are not counted yet (a read
    inside the writing transaction, or during an import): the statements are counted then."""
    deferred = _deferred.get()
    if deferred:
        return True
    connection = connections[using]
    return connection.in_atomic_block and any(_waiting(connection))


def _waiting(connection) -> list[_Pending]:
    """The transaction's recount waiting for its commit (a list of at most one)."""
    return [
        func.__self__
        for _sids, func, _robust in connection.run_on_commit
        if isinstance(getattr(func, "__self__", None), _Pending) and not func.__self__.done
    ]


def _whole_months(start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or start.day == 1) and (
        end is None or (end + dt.timedelta(days=1)).day == 1
    )


def _whole_years(start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or (start.month, start.day) == (1, 1)) and (
        end is None or (end.month, end.day) == (12, 31)
    )
