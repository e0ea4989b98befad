"""Facet counts for the statement lists, and the filters in force.

Facet counts live in ``statement_facets`` alone so that a later summary-table implementation
can replace that one function. Broad selections are counted from the tallies
(``archive.tallies``), through the mapping each filter declares (``tally``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from archive import tallies
from archive.models import Country, Organisation, Speaker, Statement, StatementOrganisation
from archive.site.filters import NAMED_ELSEWHERE, OWN_EVENTS, StatementFilter, is_repeatable


@dataclass
class FacetItem:
    value: str
    label: str
    count: int
    selected: bool = False
    title: str = ""
    change: dict = field(default_factory=dict)  # what {% querystring %} changes to toggle it
    bar: int = 0  # bar length in percent of the facet's largest count


@dataclass
class Facet:
    name: str
    label: str
    items: list[FacetItem]
    shown: int = 10  # the rest goes behind a "more" disclosure

    @property
    def first(self):
        return self.items[: self.shown]

    @property
    def rest(self):
        return self.items[self.shown :]


@dataclass
class ActiveFilter:
    name: str
    label: str
    value: str
    change: dict


def _choose(params: dict, name: str, value: str) -> dict:
    """A facet item's link: a chosen value is removed; another replaces the choice, so that
    the list it opens holds exactly the number the item shows (an address may still name
    several values, which add up)."""
    current = params.get(name, [])
    return {name: [v for v in current if v != value] if value in current else [value], "page": None}


def _toggle(params: dict, name: str, value: str) -> dict:
    current = params.get(name, [])
    values = [v for v in current if v != value] if value in current else [*current, value]
    return {name: sorted(values), "page": None}


def _scale(items: list[FacetItem]) -> list[FacetItem]:
    top = max((i.count for i in items), default=0)
    for item in items:
        item.bar = round(100 * item.count / top) if top else 0
    return items


def counts_by(queryset, column: str, *, limit=None) -> list[tuple]:
    """``(value, n)`` of ``queryset`` grouped by ``column`` (empty values left out), most
    frequent first."""
    rows = (
        queryset.order_by()
        .values_list(column)
        .annotate(n=Count("pk"))
        .filter(**{f"{column}__isnull": False})
        .order_by("-n", column)
    )
    return list(rows[:limit] if limit else rows)


def _tallied(filterset: StatementFilter, *, without: str | None, by: str | None, **changes):
    """The counts from the tallies (``archive.tallies``), or None when they cannot answer."""
    data = {k: v for k, v in filterset.form.cleaned_data.items() if k != without}
    data.update(changes)
    return tallied(data, by=by, searching=bool(filterset.search), filters=filterset.filters)


def _given(value) -> bool:
    """Whether a cleaned filter value selects something (an unused multiple choice is an
    empty queryset, told without a query)."""
    if isinstance(value, QuerySet):
        return not value.query.is_empty()
    return value not in (None, "", [], ())


def tallied(data: dict, *, by: str | None, searching: bool = False, filters=None):
    """``tallies.counts`` for a filter's cleaned data, or None when the tallies cannot tell:
    they count statements at organisations' own events, not those that only name one, and
    not what a filter declared untallied (``tally=None``: the countries a statement names).

    Each filter's value goes to the tally dimension it declares (``archive.site.filters``).
    """
    filters = StatementFilter.base_filters if filters is None else filters
    dimensions = {}
    for name, value in data.items():
        if not _given(value):
            continue
        tally = getattr(filters.get(name), "tally", None)
        if tally is None:
            return None
        if tally != tallies.SAME:
            dimensions[tally] = value
    if dimensions.get("own") == NAMED_ELSEWHERE:
        return None
    return tallies.counts(dimensions, by=by, searching=searching)


def statement_total(filterset: StatementFilter) -> int | None:
    """How many statements the list holds, from the tallies when they can tell."""
    return _tallied(filterset, without=None, by=None)


def _grouped(filterset: StatementFilter, name: str, column: str, *, limit=None):
    """``(value, n)`` for one facet, most frequent first: ``(top, everything or None)``.

    ``everything`` is there when the tallies answered (then every value is counted anyway).
    """
    counted = _tallied(filterset, without=name, by=name)
    if counted is None:
        return counts_by(filterset.queryset_without(name), column, limit=limit), None
    counted.sort(key=lambda row: (-row[1], row[0]))
    return (counted[:limit] if limit else counted), counted


def statement_facets(filterset: StatementFilter, params: dict, *, hide=()) -> list[Facet]:
    """Counts per organisation, country, speaker, kind and year (or month) for the selection.

    Each facet counts the selection made by every *other* filter (disjunctive facets): a
    value's count is what choosing it would show, so repeatable values add up as the OR
    they are. Broad selections are counted from the tallies; the rest with one grouped COUNT
    per facet, plus one query for the labels of each model.
    """
    data = filterset.form.cleaned_data
    facets = []
    if "organisation" not in hide:
        counts = _tallied(filterset, without="organisation", by="organisation")
        if counts is None:
            # A join rather than a subquery: the PostgreSQL search names its table as is,
            # which a subquery's relabelled table would break.
            own = data.get("own")
            only = Q(statementorganisation__via_event=own == OWN_EVENTS) if own else Q()
            counts = (
                filterset.queryset_without("organisation")
                .order_by()
                .values_list("statementorganisation__organisation")
                .annotate(n=Count("pk", filter=only))
                .filter(n__gt=0)
            )
        counts = dict(counts)
        selected = {o.code for o in data.get("organisation") or ()}
        items = [
            FacetItem(
                o.code,
                o.acronym,
                counts.get(o.pk, 0),
                o.code in selected,
                title=o.name,
                change=_choose(params, "organisation", o.code),
            )
            for o in Organisation.objects.all()
            if counts.get(o.pk) or o.code in selected
        ]
        facets.append(
            Facet("organisation", _("Organisation (its meetings or naming it)"), _scale(items))
        )
    role = _role_facet(filterset, params)
    if role is not None:
        facets.append(role)
    for name, column, model, key, label in [
        ("country", "speaker_country", Country, "iso2", _("Speaker’s country")),
        ("speaker", "speaker", Speaker, "slug", _("Speaker")),
    ]:
        if name in hide:
            continue
        counts, everything = _grouped(filterset, name, column, limit=50)
        selected = {getattr(o, key): o for o in data.get(name) or ()}
        shown = {pk for pk, _n in counts}
        missing = {o.pk: o for o in selected.values() if o.pk not in shown}
        if missing:  # chosen, but not among the most frequent: count them too
            if everything is None:
                extra = counts_by(
                    filterset.queryset_without(name).filter(**{f"{column}__in": missing}), column
                )
            else:
                extra = [(pk, n) for pk, n in everything if pk in missing]
            counts = [*counts, *extra]
        objects = {o.pk: o for o in model.objects.filter(pk__in=[pk for pk, _n in counts])}
        items = [
            FacetItem(
                getattr(objects[pk], key),
                str(objects[pk]),
                n,
                getattr(objects[pk], key) in selected,
                change=_choose(params, name, getattr(objects[pk], key)),
            )
            for pk, n in counts
        ]
        facets.append(Facet(name, label, _scale(items)))
    if "kind" not in hide:
        counts, _everything = _grouped(filterset, "kind", "kind")
        counts = dict(counts)
        selected = set(data.get("kind") or ())
        items = [
            FacetItem(
                k, str(label), counts.get(k, 0), k in selected, change=_choose(params, "kind", k)
            )
            for k, label in Statement.Kind.choices
            if counts.get(k) or k in selected
        ]
        facets.append(Facet("kind", _("Kind"), _scale(items), shown=len(items)))
    facets.append(_time_facet(filterset, params))
    return facets


def _role_facet(filterset: StatementFilter, params: dict) -> Facet | None:
    """With organisations chosen: how many statements were made at their own meetings (held
    under their aegis), how many only name them. For one organisation the two add up to the
    list's total."""
    data = filterset.form.cleaned_data
    organisations = list(data.get("organisation") or ())
    if not organisations:
        return None
    everything = _tallied(filterset, without="own", by=None)
    at_events = _tallied(filterset, without="own", by=None, own=OWN_EVENTS)
    if everything is not None and at_events is not None and len(organisations) == 1:
        named = everything - at_events
    else:
        base = filterset.queryset_without("own")
        links = StatementOrganisation.objects.filter(organisation__in=organisations)
        at_events, named = (
            base.filter(pk__in=links.filter(via_event=flag).values("statement_id")).count()
            for flag in (True, False)
        )
    own = data.get("own")
    items = [
        FacetItem(
            value,
            str(label),
            count,
            own == value,
            change={"own": [] if own == value else [value], "page": None},
        )
        for value, label, count in (
            (OWN_EVENTS, _("At its own meetings"), at_events),
            (NAMED_ELSEWHERE, _("Naming it elsewhere"), named),
        )
    ]
    return Facet("own", _("Held under its aegis, or named"), _scale(items), shown=2)


def _time_facet(filterset: StatementFilter, params: dict) -> Facet:
    """Years, chronologically; once a year is chosen, its months (links set a date range)."""
    year = filterset.form.cleaned_data.get("year")
    if year is None:
        counts, _everything = _grouped(filterset, "year", "year")
        items = [
            FacetItem(str(y), str(y), n, change={"year": [str(y)], "page": None})
            for y, n in sorted(counts)
        ]
        return Facet("year", _("Year"), _scale(items), shown=len(items))
    rows = _tallied(filterset, without=None, by="month")
    if rows is None:
        rows = (
            filterset.qs.order_by()
            .annotate(month=ExtractMonth("date"))
            .values_list("month")
            .annotate(n=Count("pk"))
            .filter(month__isnull=False)
            .order_by("month")
        )
    else:
        rows = sorted((month.month, n) for month, n in rows)
    start, end = (
        filterset.form.cleaned_data.get("date_from"),
        filterset.form.cleaned_data.get("date_to"),
    )
    items = []
    for month, n in rows:
        first = dt.date(year, month, 1)
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        items.append(
            FacetItem(
                first.isoformat()[:7],
                formats.date_format(first, "YEAR_MONTH_FORMAT"),
                n,
                selected=(start, end) == (first, last),
                change={
                    "date_from": [first.isoformat()],
                    "date_to": [last.isoformat()],
                    "page": None,
                },
            )
        )
    return Facet("month", _("Months of %(year)s") % {"year": year}, _scale(items), len(items))


def active_filters(filterset: StatementFilter, params: dict) -> list[ActiveFilter]:
    """Every filter in force, each with the change that removes it (one click)."""
    data = filterset.form.cleaned_data
    active = []
    for name in filterset.filters:
        value = data.get(name)
        if value in (None, "", []) or not params.get(name) or name == "sort":
            continue
        label = filterset.filters[name].label
        if is_repeatable(filterset.filters[name]):
            for item in value:
                key = getattr(item, "code", None) or getattr(item, "iso2", None)
                key = key or getattr(item, "slug", None) or item
                text = Statement.Kind(item).label if name == "kind" else item
                active.append(ActiveFilter(name, label, str(text), _toggle(params, name, key)))
        else:
            if isinstance(value, dt.date):
                text = formats.date_format(value, "DATE_FORMAT")
            elif name == "own":
                text = str(dict(filterset.filters["own"].extra["choices"])[value])
            else:
                text = str(value)
            active.append(ActiveFilter(name, label, text, {name: [], "page": None}))
    return active
