"""Filters and facet counts for the statement lists, and the canonical form of their URLs.

Views own the base queryset (visibility, joins); these FilterSets only narrow it. Facet counts
live in ``statement_facets`` alone so that a later summary-table implementation can replace
that one function.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

import django_filters
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive import tallies
from archive.models import Country, Event, Organisation, Speaker, Statement, StatementOrganisation
from archive.search import query as textsearch
from archive.search.backends import prepare, search_statements

# Undated statements go last both ways, on SQLite and PostgreSQL alike.
ORDERINGS = {
    "-date": (F("date").desc(nulls_last=True), "event_id", "position"),
    "date": (F("date").asc(nulls_last=True), "event_id", "position"),
}
DEFAULT_SORT = "-date"
RELEVANCE = "relevance"  # the default order when words are searched

MAX_VALUES = 20  # values of one repeatable parameter
MAX_LENGTH = 100  # characters in one value (codes and slugs are far shorter)
MIN_YEAR, MAX_YEAR = 1900, 2100

REPEATABLE = {"organisation", "country", "event_country", "mentioned_country", "speaker", "kind"}
UPPER_CASE = {"organisation", "country", "event_country", "mentioned_country"}
# ``own``: statements made at the organisation's own events (held under its aegis), or that
# only name it (elsewhere). Every statement linked to an organisation is one or the other.
OWN_EVENTS, NAMED_ELSEWHERE = "1", "0"
# What the tallies count by (``archive.tallies``); any other filter is counted directly.
TALLIED = {"organisation", "own", "country", "event_country", "speaker", "kind", "year"}
TALLIED |= {"date_from", "date_to", "q", "sort"}
LOWER_CASE = {"speaker", "kind", "sort"}
DEFAULTS = {"page": "1"}


MIN_DATE, MAX_DATE = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)

# Parameters the web adds to shared links (campaign tags, click ids): never a filter, so
# every list, feed, CSV and API address ignores them instead of refusing the link.
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
TRACKING_PARAMETERS = frozenset(
    "fbclid gclid gclsrc dclid gbraid wbraid msclkid yclid twclid ttclid li_fat_id igshid "
    "mc_cid mc_eid _ga _gl _hsenc _hsmi mkt_tok oly_anon_id oly_enc_id rb_clickid s_cid "
    "vero_conv vero_id wickedid ref_src srsltid si spm ref".split()
)


def is_tracking(name: str) -> bool:
    """'utm_source', 'fbclid' -> True: added by the web to shared links, never ours."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


class BadQuery(Exception):
    """Input a reader can fix: answered with a 400 that says what is wrong.

    ``names`` are the parameters at fault, when known: a list page can then show itself
    without them, the problems beside its form.
    """

    def __init__(self, problems, *, names=()):
        super().__init__(problems)
        self.problems = list(problems)
        self.names = set(names)


class YearField(forms.IntegerField):
    default_error_messages = {
        "invalid": _("A year is four digits, e.g. 2021."),
        "min_value": _("Years start at %(limit_value)s."),
        "max_value": _("Years stop at %(limit_value)s."),
    }


class YearFilter(django_filters.Filter):
    field_class = YearField


class RecordFilter(django_filters.ModelMultipleChoiceFilter):
    """Records named by code or slug in the URL, matched by primary key in SQL (no join)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)

    def get_filter_predicate(self, v):
        return {self.field_name: v}


def _date_filter(lookup_expr: str, label) -> django_filters.DateFilter:
    """A date within the years lists know, so that no month arithmetic leaves the calendar
    (``date_to=9999-12-31`` once overflowed counting the months)."""
    return django_filters.DateFilter(
        field_name="date",
        lookup_expr=lookup_expr,
        label=label,
        input_formats=["%Y-%m-%d"],
        validators=[
            MinValueValidator(MIN_DATE, message=_("Dates start on %(limit_value)s.")),
            MaxValueValidator(MAX_DATE, message=_("Dates stop on %(limit_value)s.")),
        ],
        error_messages={"invalid": _("Enter a real date as YYYY-MM-DD, e.g. 2021-02-28.")},
    )


def _choice_errors(what):
    return {
        "invalid_choice": what,
        "invalid_pk_value": what,
        "invalid_list": _("Give one value per parameter."),
    }


class StatementFilterForm(forms.Form):
    # The fields ``clean()`` compares: at fault together when they disagree.
    checked_together = ("date_from", "date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The start date (%(start)s) is after the end date (%(end)s)."),
                params={"start": start.isoformat(), "end": end.isoformat()},
            )
        return cleaned


class StatementFilter(django_filters.FilterSet):
    """The public list's filters; the declaration order is the canonical parameter order."""

    organisation = django_filters.ModelMultipleChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        to_field_name="code",
        method="filter_organisation",
        error_messages=_choice_errors(_("There is no organisation with the code %(value)s.")),
    )
    own = django_filters.ChoiceFilter(
        label=_("Organisation’s role"),
        choices=[(OWN_EVENTS, _("held under its aegis")), (NAMED_ELSEWHERE, _("named elsewhere"))],
        method="filter_own_events",
        error_messages=_choice_errors(
            _(
                "Use own=1 for statements made at the organisation’s own events, own=0 for "
                "statements that name it elsewhere."
            )
        ),
    )
    country = RecordFilter(
        label=_("Speaker’s country"),
        queryset=Country.objects.all(),
        to_field_name="iso2",
        field_name="speaker_country",
        error_messages=_choice_errors(_("There is no country with the code %(value)s.")),
    )
    event_country = RecordFilter(
        label=_("Event’s country"),
        queryset=Country.objects.all(),
        to_field_name="iso2",
        field_name="event_country",
        error_messages=_choice_errors(_("There is no country with the code %(value)s.")),
    )
    mentioned_country = django_filters.ModelMultipleChoiceFilter(
        label=_("Country named"),
        queryset=Country.objects.all(),
        to_field_name="iso2",
        method="filter_mentioned_country",
        error_messages=_choice_errors(_("There is no country with the code %(value)s.")),
    )
    speaker = RecordFilter(
        label=_("Speaker"),
        queryset=Speaker.objects.all(),
        to_field_name="slug",
        field_name="speaker",
        error_messages=_choice_errors(_("There is no speaker %(value)s in the archive.")),
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"),
        choices=Statement.Kind.choices,
        field_name="kind",
        distinct=False,
        error_messages=_choice_errors(_("%(value)s is not a kind of statement.")),
    )
    year = YearFilter(label=_("Year"), field_name="year", min_value=MIN_YEAR, max_value=MAX_YEAR)
    date_from = _date_filter("gte", _("From"))
    date_to = _date_filter("lte", _("To"))
    q = django_filters.CharFilter(label=_("Words"), method="filter_search")
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[
            (RELEVANCE, _("Most relevant first")),
            ("-date", _("Newest first")),
            ("date", _("Oldest first")),
        ],
        method="sort_statements",
        error_messages=_choice_errors(
            _("%(value)s is not a sort order (use relevance, date or -date).")
        ),
    )

    extra_parameters = ("page",)

    class Meta:
        model = Statement
        fields: list[str] = []
        form = StatementFilterForm

    def filter_organisation(self, queryset, name, organisations):
        """Statements linked to the organisations, found through the links table's own copies
        of the speaker's country and the date, so that one composite index
        (organisation, country, date) answers the whole filter."""
        if not organisations:
            return queryset
        links = StatementOrganisation.objects.filter(organisation__in=organisations)
        data = {
            key: value
            for key, value in self.form.cleaned_data.items()
            if key not in getattr(self, "_without", ())
        }
        if data.get("own"):
            links = links.filter(via_event=data["own"] == OWN_EVENTS)
        if data.get("country"):
            links = links.filter(country__in=data["country"])
        if data.get("date_from"):
            links = links.filter(date__gte=data["date_from"])
        if data.get("date_to"):
            links = links.filter(date__lte=data["date_to"])
        return queryset.filter(pk__in=links.values("statement_id"))

    def filter_mentioned_country(self, queryset, name, countries):
        """Statements naming any of the countries, each once (a subquery, not a join)."""
        if not countries:
            return queryset
        named = Statement.mentioned_countries.through.objects.filter(country__in=countries)
        return queryset.filter(pk__in=named.values("statement_id"))

    def filter_own_events(self, queryset, name, value):
        """``own`` alone keeps statements made at any organisation's event (``1``), or naming
        an organisation outside its events (``0``).

        With organisations selected, ``filter_organisation`` has already applied it.
        """
        if not value or self.form.cleaned_data.get("organisation"):
            return queryset
        links = StatementOrganisation.objects.filter(via_event=value == OWN_EVENTS)
        return queryset.filter(pk__in=links.values("statement_id"))

    @cached_property
    def search(self) -> textsearch.Query:
        """The search, with every spelling of the names it holds (empty when no words, or
        only stop words, were given)."""
        return prepare(self.form.cleaned_data.get("q") or "", using=self.queryset.db)

    def filter_search(self, queryset, name, value):
        """Statements matching the words, most relevant first unless another order is asked."""
        if not self.search:
            return queryset
        queryset = search_statements(queryset, self.search, ranked=self.by_relevance)
        if self.by_relevance:
            queryset = queryset.order_by(F("rank").desc(), *ORDERINGS[DEFAULT_SORT])
        return queryset

    @property
    def by_relevance(self) -> bool:
        """Words were searched (not only exclusions) and no other order was asked."""
        return self.search.ranked and self.form.cleaned_data.get("sort") in (None, "", RELEVANCE)

    def sort_statements(self, queryset, name, value):
        # Relevance is applied with the search itself; without words it keeps the date order.
        if value == RELEVANCE:
            return queryset
        return queryset.order_by(*ORDERINGS[value])

    def queryset_without(self, *names: str):
        """The base queryset narrowed by every filter but ``names`` (for disjunctive facets)."""
        queryset = self.queryset.all()
        self._without = names
        try:
            for name, value in self.form.cleaned_data.items():
                if name not in names:
                    queryset = self.filters[name].filter(queryset, value)
        finally:
            self._without = ()
        return queryset


class EventFilter(django_filters.FilterSet):
    organisation = RecordFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        to_field_name="code",
        field_name="organisations",
        distinct=True,
        error_messages=_choice_errors(_("There is no organisation with the code %(value)s.")),
    )
    country = RecordFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="iso2",
        field_name="country",
        error_messages=_choice_errors(_("There is no country with the code %(value)s.")),
    )
    year = YearFilter(
        label=_("Year"), field_name="date__year", min_value=MIN_YEAR, max_value=MAX_YEAR
    )

    extra_parameters = ("page",)

    class Meta:
        model = Event
        fields: list[str] = []


# Canonical URLs ----------------------------------------------------------------------------


@dataclass
class CanonicalQuery:
    """A list's GET parameters, cleaned into one stable form, or the problems found in them.

    ``params`` holds every parameter the list knows, in canonical order, with an empty list for
    those absent: passed first to ``{% querystring %}``, it keeps links in that order too.
    """

    params: dict[str, list[str]]
    problems: list[str] = field(default_factory=list)
    faulty: set[str] = field(default_factory=set)  # the parameters the problems are about

    @classmethod
    def parse(cls, query: QueryDict, *, filterset_class, exclude=()) -> CanonicalQuery:
        known = [*filterset_class.base_filters, *filterset_class.extra_parameters]
        names = [n for n in known if n not in exclude]
        params: dict[str, list[str]] = {}
        problems: list[str] = []
        faulty: set[str] = set()
        for name in names:
            before = len(problems)
            values = []
            for raw in query.getlist(name):
                value = raw.strip()
                if name == "q":
                    # Anything may be searched: control characters become spaces and long
                    # queries are cut, rather than refused.
                    value = textsearch.clean(value)
                elif len(value) > MAX_LENGTH:
                    problems.append(
                        _("The value of “%(name)s” is too long (over %(max)d characters).")
                        % {"name": name, "max": MAX_LENGTH}
                    )
                    value = ""
                elif any(ord(c) < 32 or ord(c) == 127 for c in value):
                    problems.append(
                        _("The value of “%(name)s” contains control characters.") % {"name": name}
                    )
                    value = ""
                if name in UPPER_CASE:
                    value = value.upper()
                elif name in LOWER_CASE:
                    value = value.lower()
                if value and value not in values and value not in cls.defaults(name, params):
                    values.append(value)
            if name in REPEATABLE:
                if len(values) > MAX_VALUES:
                    problems.append(
                        _("“%(name)s” is repeated more than %(max)d times.")
                        % {"name": name, "max": MAX_VALUES}
                    )
                values.sort()
            elif len(values) > 1:
                problems.append(
                    _("“%(name)s” is given several different values (%(values)s); give one.")
                    % {"name": name, "values": ", ".join(values[:5])}
                )
            params[name] = values
            if len(problems) > before:
                faulty.add(name)
        return cls(params=params, problems=problems, faulty=faulty)

    @staticmethod
    def defaults(name: str, params: dict) -> set[str]:
        """Values that say nothing (so links leave them out): the default order, page 1.

        The default order is relevance when words are searched, the newest first otherwise
        (where relevance means nothing).
        """
        if name == "sort":
            return {RELEVANCE} if params.get("q") else {RELEVANCE, DEFAULT_SORT}
        return {DEFAULTS[name]} if name in DEFAULTS else set()

    def querydict(self, **preset) -> QueryDict:
        data = QueryDict(mutable=True)
        for name, values in {**self.params, **preset}.items():
            data.setlist(name, values)
        return data

    def urlencode(self) -> str:
        return self.querydict().urlencode()

    @property
    def page(self) -> str:
        return (self.params.get("page") or ["1"])[0]

    @property
    def search(self) -> str:
        return (self.params.get("q") or [""])[0]


def page_of(paginator, number: str):
    """The page a URL asks for, or ``BadQuery`` saying why there is no such page."""
    if not re.fullmatch(r"[0-9]{1,9}", number) or int(number) < 1:
        raise BadQuery([_("“%(page)s” is not a page number.") % {"page": number}], names=["page"])
    if int(number) > paginator.num_pages:
        raise BadQuery(
            [
                ngettext(
                    "There is no page %(page)s: this list has only one page.",
                    "There is no page %(page)s: this list has %(count)d pages.",
                    paginator.num_pages,
                )
                % {"page": number, "count": paginator.num_pages}
            ],
            names=["page"],
        )
    return paginator.page(int(number))


def page_or_last(paginator, number: str):
    """``(page, notice)``: the page a list's URL asks for; past the end (an old link to a list
    that has shrunk), the last page and a sentence saying so."""
    if re.fullmatch(r"[0-9]{1,9}", number) and int(number) > paginator.num_pages:
        notice = ngettext(
            "There is no page %(page)s: this list has only one page, shown here.",
            "There is no page %(page)s: this list has %(count)d pages; here is the last one.",
            paginator.num_pages,
        ) % {"page": number, "count": paginator.num_pages}
        return paginator.page(paginator.num_pages), notice
    return page_of(paginator, number), None


def form_problems(form) -> list[str]:
    """A form's errors as sentences naming the field."""
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            problems.append(f"{label} : {error}" if label else str(error))
    return problems


def apply_filters(
    filterset_class, data: QueryDict, *, queryset, preset=None, allowed=None, request=None
):
    """Clean ``data`` into its canonical form and apply it: ``(query, filterset)``.

    Raises ``BadQuery`` with every problem found. ``allowed`` (for machine clients) names
    parameters accepted besides the filters; any other one is then a problem, since a typo
    there would silently return everything.
    """
    preset = preset or {}
    query = CanonicalQuery.parse(data, filterset_class=filterset_class, exclude=preset)
    problems, faulty = list(query.problems), set(query.faulty)
    if allowed is not None:
        known = {*filterset_class.base_filters, *filterset_class.extra_parameters, *allowed}
        unknown = sorted(name for name in set(data) - known if not is_tracking(name))
        if unknown:
            problems.append(
                _("Unknown parameter: %(names)s. Known parameters: %(known)s.")
                % {"names": ", ".join(unknown), "known": ", ".join(sorted(known))}
            )
            faulty.update(unknown)
    if problems:
        raise BadQuery(problems, names=faulty)
    filterset = filterset_class(data=query.querydict(**preset), queryset=queryset, request=request)
    if not filterset.is_valid():
        names = set(filterset.form.errors) - {NON_FIELD_ERRORS}
        if NON_FIELD_ERRORS in filterset.form.errors:
            names |= set(getattr(filterset.form, "checked_together", ()))
        raise BadQuery(form_problems(filterset.form), names=names)
    return query, filterset


# Facets ------------------------------------------------------------------------------------


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
    return tallied(data, by=by, searching=bool(filterset.search))


def _given(value) -> bool:
    """Whether a cleaned filter value selects something (an unused multiple choice is an
    empty queryset, told without a query)."""
    if isinstance(value, QuerySet):
        return not value.query.is_empty()
    return value not in (None, "", [], ())


def tallied(data: dict, *, by: str | None, searching: bool = False):
    """``tallies.counts`` for a filter's cleaned data, or None when the tallies cannot tell:
    they count statements at organisations' own events, not those that only name one, and
    not the countries a statement names."""
    used = {name for name, value in data.items() if _given(value)}
    if used - TALLIED or data.get("own") == NAMED_ELSEWHERE:
        return None
    return tallies.counts(data, by=by, searching=searching)


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
        if name in REPEATABLE:
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
