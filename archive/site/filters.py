"""The statement and event lists' filters: each filter declares all its rules in one place.

Views own the base queryset (visibility, joins); these FilterSets only narrow it. Besides
what it narrows, a filter declares what the canonical URLs (``archive.site.canonical``) and
the tallies (``archive.site.facets``) read from it: see ``declare``. A multiple-choice filter
is a repeatable parameter.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import F
from django.utils.translation import gettext_lazy as _

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

# ``own``: statements made at the organisation's own events (held under its aegis), or that
# only name it (elsewhere). Every statement linked to an organisation is one or the other.
OWN_EVENTS, NAMED_ELSEWHERE = "1", "0"
UPPER, LOWER = "upper", "lower"

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


def declare(declared: django_filters.Filter, *, case: str | None = None, tally=None):
    """``declared``, with the rules read from it besides what it narrows.

    ``case``: ``UPPER`` or ``LOWER``, the case its values take in canonical URLs (codes are
    upper case, slugs and choices lower case). ``tally``: the dimension of
    ``archive.tallies.counts`` it narrows, ``tallies.SAME`` when it does not change what is
    counted, or None when the tallies cannot count it (the statements are counted instead).
    """
    declared.case = case
    declared.tally = tally
    return declared


def is_repeatable(declared: django_filters.Filter) -> bool:
    """A multiple-choice filter takes its parameter several times (any of the values)."""
    return isinstance(declared, django_filters.MultipleChoiceFilter)


def normalise_case(declared: django_filters.Filter, value: str) -> str:
    case = getattr(declared, "case", None)
    return value.upper() if case == UPPER else value.lower() if case == LOWER else value


def input_bounds(filterset_class) -> dict[str, tuple[str, str]]:
    """``{name: (min, max)}`` of the filters with bounds, written as HTML inputs take them:
    the refine forms render their ``min`` and ``max`` from the declarations."""
    bounds = {}
    for name, declared in filterset_class.base_filters.items():
        low, high = declared.extra.get("min_value"), declared.extra.get("max_value")
        for validator in declared.extra.get("validators", ()):
            if isinstance(validator, MinValueValidator):
                low = validator.limit_value
            elif isinstance(validator, MaxValueValidator):
                high = validator.limit_value
        if low is not None and high is not None:
            bounds[name] = tuple(
                v.isoformat() if isinstance(v, dt.date) else str(v) for v in (low, high)
            )
    return bounds


def sort_options(filterset, chosen: str | None) -> list[tuple[str, str, bool]]:
    """The refine form's orders, ``(value, label, selected)``, from the ``sort`` filter: the
    first sends no order (relevance for words ranked, else the newest first, as the header's
    box does); relevance is offered only where it means something."""
    choices = dict(filterset.filters["sort"].extra["choices"])
    default = RELEVANCE if filterset.search.ranked else DEFAULT_SORT
    return [("", choices[default], not chosen)] + [
        (value, label, chosen == value)
        for value, label in choices.items()
        if value not in (RELEVANCE, default)
    ]


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

    organisation = declare(
        django_filters.ModelMultipleChoiceFilter(
            label=_("Organisation"),
            queryset=Organisation.objects.all(),
            to_field_name="code",
            method="filter_organisation",
            error_messages=_choice_errors(_("There is no organisation with the code %(value)s.")),
        ),
        case=UPPER,
        tally="organisation",
    )
    own = declare(
        django_filters.ChoiceFilter(
            label=_("Organisation’s role"),
            choices=[
                (OWN_EVENTS, _("held under its aegis")),
                (NAMED_ELSEWHERE, _("named elsewhere")),
            ],
            method="filter_own_events",
            error_messages=_choice_errors(
                _(
                    "Use own=1 for statements made at the organisation’s own events, own=0 for "
                    "statements that name it elsewhere."
                )
            ),
        ),
        tally="own",
    )
    country = declare(
        RecordFilter(
            label=_("Speaker’s country"),
            queryset=Country.objects.all(),
            to_field_name="iso2",
            field_name="speaker_country",
            error_messages=_choice_errors(_("There is no country with the code %(value)s.")),
        ),
        case=UPPER,
        tally="country",
    )
    event_country = declare(
        RecordFilter(
            label=_("Event’s country"),
            queryset=Country.objects.all(),
            to_field_name="iso2",
            field_name="event_country",
            error_messages=_choice_errors(_("There is no country with the code %(value)s.")),
        ),
        case=UPPER,
        tally=None,
    )
    mentioned_country = declare(
        django_filters.ModelMultipleChoiceFilter(
            label=_("Country named"),
            queryset=Country.objects.all(),
            to_field_name="iso2",
            method="filter_mentioned_country",
            error_messages=_choice_errors(_("There is no country with the code %(value)s.")),
        ),
        case=UPPER,
        tally=None,
    )
    speaker = declare(
        RecordFilter(
            label=_("Speaker"),
            queryset=Speaker.objects.all(),
            to_field_name="slug",
            field_name="speaker",
            error_messages=_choice_errors(_("There is no speaker %(value)s in the archive.")),
        ),
        case=LOWER,
        tally="speaker",
    )
    kind = declare(
        django_filters.MultipleChoiceFilter(
            label=_("Kind"),
            choices=Statement.Kind.choices,
            field_name="kind",
            distinct=False,
            error_messages=_choice_errors(_("%(value)s is not a kind of statement.")),
        ),
        case=LOWER,
        tally="kind",
    )
    year = declare(
        YearFilter(label=_("Year"), field_name="year", min_value=MIN_YEAR, max_value=MAX_YEAR),
        tally="year",
    )
    date_from = declare(_date_filter("gte", _("From")), tally="date_from")
    date_to = declare(_date_filter("lte", _("To")), tally="date_to")
    # Words searched are told apart by ``searching`` (``archive.site.facets``).
    q = declare(
        django_filters.CharFilter(label=_("Words"), method="filter_search"), tally=tallies.SAME
    )
    sort = declare(
        django_filters.ChoiceFilter(
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
        ),
        case=LOWER,
        tally=tallies.SAME,
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
    organisation = declare(
        RecordFilter(
            label=_("Organisation"),
            queryset=Organisation.objects.all(),
            to_field_name="code",
            field_name="organisations",
            distinct=True,
            error_messages=_choice_errors(_("There is no organisation with the code %(value)s.")),
        ),
        case=UPPER,
    )
    country = declare(
        RecordFilter(
            label=_("Country"),
            queryset=Country.objects.all(),
            to_field_name="iso2",
            field_name="country",
            error_messages=_choice_errors(_("There is no country with the code %(value)s.")),
        ),
        case=UPPER,
    )
    year = YearFilter(
        label=_("Year"), field_name="date__year", min_value=MIN_YEAR, max_value=MAX_YEAR
    )

    extra_parameters = ("page",)

    class Meta:
        model = Event
        fields: list[str] = []
