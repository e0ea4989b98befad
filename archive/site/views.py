"""Public, read-only pages: generic views over the models' query vocabulary.

``PublicMixin`` (``archive.site.http``) gives every page conditional GET, public caching and
redirects from renamed slugs; ``FilteredListMixin`` gives every list canonical URLs, friendly
400s for bad input and bounded pagination. Querysets live on the managers, filters in
``archive.site.filters``, their canonical URLs and facets in ``canonical`` and ``facets``.
"""

from __future__ import annotations

import json
from functools import cached_property
from urllib.parse import quote, urlencode, urlsplit

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch
from django.db.models.functions import Left
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django.views.i18n import set_language
from django_filters.views import FilterView

from archive import naming, provenance, tallies
from archive.ingest.normalise import fold_accents
from archive.models import (
    Country,
    Event,
    Membership,
    Organisation,
    Source,
    Speaker,
    Statement,
    StatementOrganisation,
    list_url,
)
from archive.reuse import citations
from archive.search import backends as fulltext
from archive.search import query as textsearch
from archive.site.canonical import BadQuery, CanonicalQuery, apply_filters, page_or_last
from archive.site.facets import active_filters, counts_by, statement_facets, statement_total
from archive.site.filters import (
    DEFAULT_SORT,
    NAMED_ELSEWHERE,
    ORDERINGS,
    OWN_EVENTS,
    EventFilter,
    StatementFilter,
    input_bounds,
    sort_options,
)
from archive.site.http import (
    PublicMixin,
    bad_query_response,
    with_language,
    without_language,
)

# Where "back to the list" may lead: the lists of statements.
LIST_VIEWS = {"statement_list", "speaker_detail", "organisation_detail", "country_detail"}
ORGANISATION_LINKS = Prefetch(
    "statementorganisation_set",
    queryset=StatementOrganisation.objects.select_related("organisation"),
)
TIMELINE_MAX_YEARS = 60
QUESTION_HEAD = 300  # characters of an answer's question that lists load for its title


class FilteredListMixin(PublicMixin):
    """A filterable, paginated list with canonical URLs and 400s for input a reader can fix.

    Parameters are cleaned into one canonical order; any other spelling of the same list
    redirects there, so a shared link always reproduces the same page. ``preset`` fixes
    filters for pages that show one speaker's, organisation's or country's statements.
    """

    preset_filter: str | None = None

    def get_preset(self) -> dict[str, list[str]]:
        return {}

    def get(self, request, *args, **kwargs):
        """The list, or, when some parameters are wrong, the list without them and the
        problems shown above it (a 400: the address itself is not a page to keep)."""
        try:
            return self.respond(request.GET)
        except BadQuery as bad:
            if not bad.names:
                return bad_query_response(request, bad, list_url=request.path)
            data = request.GET.copy()
            for name in bad.names:
                data.pop(name, None)
            try:
                response = self.respond(data, problems=bad.problems)
            except BadQuery as worse:
                return bad_query_response(request, worse, list_url=request.path)
            response.status_code = 400
            return response

    def respond(self, data, *, problems=()):
        self.query, self.filterset = apply_filters(
            self.get_filterset_class(),
            data,
            queryset=self.get_queryset(),
            preset=self.get_preset(),
            request=self.request,
        )
        canonical = self.query.urlencode()
        asked = without_language(self.request.META.get("QUERY_STRING", ""))
        if not problems and canonical != asked:
            path = f"{self.request.path}?{canonical}" if canonical else self.request.path
            if self.language:
                path = with_language(path, self.language)
            return HttpResponsePermanentRedirect(path)
        self.problems, self.notices = list(problems), []
        self.object_list = self.list_queryset(self.filterset.qs)
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def list_queryset(self, queryset):
        """What the page's rows need besides filtering (joins, prefetches)."""
        return queryset

    def canonical_path(self) -> str:
        """The cleaned parameters, with the page actually shown."""
        page = getattr(self, "page_number", 1)
        encoded = self.query.querydict(page=[str(page)] if page > 1 else []).urlencode()
        return f"{self.request.path}?{encoded}" if encoded else self.request.path

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page, notice = page_or_last(paginator, self.query.page)
        if notice:
            self.notices.append(notice)
        self.page_number = page.number
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["problems"], context["notices"] = self.problems, self.notices
        context["query"] = self.query.params
        context["bounds"] = input_bounds(self.get_filterset_class())
        page = context.get("page_obj")
        if page is not None:
            context["page_range"] = list(
                page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
            )
        # The refine form edits these; the others travel along as hidden fields.
        context["hidden_params"] = [
            (name, value)
            for name, values in self.query.params.items()
            if name not in {"q", "date_from", "date_to", "sort", "page"}
            for value in values
        ]
        return context


class StatementBrowseMixin(FilteredListMixin):
    """Statement lists: the list page, and the speaker, organisation and country pages."""

    filterset_class = StatementFilter
    paginate_by = 20

    def get_queryset(self):
        return Statement.objects.public().order_by(*ORDERINGS[DEFAULT_SORT])

    def list_queryset(self, queryset):
        deferred = ["import_snapshot", "warnings", "curated_fields", "search_stems"]
        if not self.search:
            deferred += ["text", "question"]  # cards show an excerpt: long texts stay behind
        return (
            queryset.select_related("speaker", "speaker_country", "event")
            .defer(*deferred)
            .annotate(question_head=Left("question", QUESTION_HEAD))
            .prefetch_related(ORGANISATION_LINKS)
        )

    @cached_property
    def search(self) -> textsearch.Query:
        return self.filterset.search

    def get_paginator(self, queryset, per_page, **kwargs):
        """The total comes from the tallies when they can tell, instead of a COUNT; for
        words, from ``search_size`` (estimated above 10,000 matches), and a search by
        relevance lists only the ``fulltext.CANDIDATES`` newest matches."""
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        self.matches = None
        if self.search:
            self.matches = fulltext.search_size(self.filterset.queryset_without("q"), self.search)
            total = self.matches[0]
            if self.filterset.by_relevance:
                total = min(total, fulltext.CANDIDATES)
        else:
            total = statement_total(self.filterset)
        if total is not None:
            paginator.count = total
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hide = tuple(self.get_preset())
        context["facets"] = statement_facets(self.filterset, self.query.params, hide=hide)
        context["active_filters"] = active_filters(self.filterset, self.query.params)
        context["search"] = self.query.search
        context["searching"] = bool(self.search)
        context["search_ranked"] = self.search.ranked
        context["search_max_length"] = textsearch.MAX_QUERY_CHARS
        chosen = self.query.params.get("sort") or [None]
        context["sort_options"] = sort_options(self.filterset, chosen[0])
        context["search_also"] = spellings_added(self.search)
        if self.matches is not None:
            matches, exact = self.matches
            context["matches"] = {
                "count": matches,
                "exact": exact,
                "shown": fulltext.CANDIDATES if self.filterset.by_relevance else None,
                "bounded": matches > fulltext.CANDIDATES and self.filterset.by_relevance,
            }
            if not matches:
                context["suggestion"] = fulltext.suggestion(
                    self.filterset.queryset_without("q"), self.query.search
                )
        context["cards"] = [self.card(statement) for statement in context["object_list"]]
        everything = CanonicalQuery.parse(
            self.query.querydict(**self.get_preset()), filterset_class=self.filterset_class
        )
        context["full_list_query"] = everything.params
        # Cards lead to statements that link back to this very page of this list.
        card = {"q": self.query.search} if self.search else {}
        context["card_query"] = {**card, "back": self.canonical_path()}
        # The same selection as JSON, CSV and Atom: every page of it.
        context["export_querystring"] = everything.querydict(page=[]).urlencode()
        return context

    def card(self, statement) -> dict:
        """What a statement's card shows: its headline, event title and place, with the
        searched words marked (statements also match on their speaker's name and event's
        title: the card shows that too), and the passage that matched, if any."""
        headline = citations.headline(statement, question=statement.question_head)
        event = statement.event
        if not self.search:
            return {
                "statement": statement,
                "headline": headline,
                "event_title": event.title,
                "location": event.location,
                "snippet": None,
            }
        return {
            "statement": statement,
            "headline": textsearch.highlight(headline, self.search),
            "event_title": textsearch.highlight(event.title, self.search),
            "location": textsearch.highlight(event.location, self.search),
            "snippet": textsearch.snippet_of(self.search, statement.text, statement.question),
        }


def spellings_added(query: textsearch.Query, *, shown: int = 4) -> list[dict]:
    """The other spellings a search added, by typed term, for the page to say what it
    searched: [{"typed": "Putin", "others": ["Poutine"], "more": 0}]."""
    grouped: dict[str, list[str]] = {}
    for typed, other in query.also:
        grouped.setdefault(typed, []).append(other)
    return [
        {"typed": typed, "others": others[:shown], "more": max(0, len(others) - shown)}
        for typed, others in grouped.items()
    ]


class HomeView(PublicMixin, TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statements = Statement.objects.public()
        total = tallies.counts({}, by=None)
        context["statement_count"] = statements.count() if total is None else total
        context["event_count"] = Event.objects.public().count()
        by_speaker = _counted("speaker")
        context["speaker_count"] = len(by_speaker)
        context["organisations"] = organisation_roles(Organisation.objects.all())
        context["timeline"] = timeline(_counted("year"))
        context["latest_events"] = (
            Event.objects.public()
            .select_related("country")
            .prefetch_related("organisations")
            .with_statement_count()[:6]
        )
        context["top_speakers"] = _top(Speaker.objects.select_related("country"), by_speaker)
        context["top_countries"] = _top(Country.objects.all(), _counted("country"))
        return context


def organisation_roles(organisations) -> list[dict]:
    """Each organisation with its public statements made at its own meetings (held under its
    aegis) and those that only name it: two numbers, never one that mixes them."""
    everything = tallies.counts({}, by="organisation")
    at_meetings = tallies.counts({"own": OWN_EVENTS}, by="organisation")
    if everything is None or at_meetings is None:
        rows = Organisation.objects.with_statement_count().values_list(
            "pk", "statement_count", "at_meetings"
        )
        everything = [(pk, n) for pk, n, _own in rows]
        at_meetings = [(pk, own) for pk, _n, own in rows]
    everything, at_meetings = dict(everything), dict(at_meetings)
    return [
        {
            "organisation": organisation,
            "at_meetings": at_meetings.get(organisation.pk, 0),
            "named": everything.get(organisation.pk, 0) - at_meetings.get(organisation.pk, 0),
            "at_meetings_url": organisation.statements_url(own=OWN_EVENTS),
            "named_url": organisation.statements_url(own=NAMED_ELSEWHERE),
        }
        for organisation in organisations
    ]


def _counted(name: str) -> list[tuple[int, int]]:
    """Public statements per speaker, country or year: from the tallies, else counted."""
    counted = tallies.counts({}, by=name)
    if counted is None:
        column = {"speaker": "speaker", "country": "speaker_country", "year": "year"}[name]
        counted = counts_by(Statement.objects.public(), column)
    return list(counted)


def _top(records, counted: list[tuple[int, int]], size: int = 8) -> list[tuple]:
    """The records with the most public statements, as (record, count) pairs."""
    top = sorted(counted, key=lambda row: (-row[1], row[0]))[:size]
    found = records.in_bulk([pk for pk, _n in top])
    return [(found[pk], n) for pk, n in top]


def timeline(rows) -> list[dict]:
    """Statements per year, every year between the first and the last, with bar heights
    and, for a year with statements, the address of their list."""
    counts = dict(rows)
    if not counts:
        return []
    last = max(counts)
    first = max(min(counts), last - TIMELINE_MAX_YEARS + 1)
    top = max(counts.values())
    bars = []
    for year in range(first, last + 1):
        height = round(100 * counts.get(year, 0) / top)
        count = counts.get(year, 0)
        bars.append(
            {
                "year": year,
                "count": count,
                "height": height,
                "offset": 100 - height,
                "url": list_url("archive:statement_list", year=str(year)) if count else None,
            }
        )
    return bars


class StatementListView(StatementBrowseMixin, FilterView):
    template_name = "archive/statement_filter.html"


class StatementDetailView(PublicMixin, DetailView):
    """One statement; opened from a search (``?q=``), its matches are marked and numbered."""

    redirect_model = "statement"

    def get_queryset(self):
        return (
            Statement.objects.public()
            .select_related("speaker__country", "event__country", "speaker_country")
            .prefetch_related(ORGANISATION_LINKS)
        )

    def canonical_path(self) -> str:
        return self.object.get_absolute_url()

    def gone_response(self):
        """A statement withdrawn (hidden by a librarian, or gone from its source) answers
        410 Gone, pointing to its event when that is public: shared links never just die."""
        statement = (
            Statement.objects.filter(slug=self.kwargs.get("slug")).select_related("event").first()
        )
        if statement is None:
            return None
        event = statement.event if not statement.event.hidden else None
        return TemplateResponse(self.request, "410.html", {"event": event}, status=410)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statement = self.object
        siblings = statement.event.statements.public().select_related("speaker")
        context["previous"] = (
            siblings.filter(position__lt=statement.position).order_by("-position").first()
        )
        context["next"] = (
            siblings.filter(position__gt=statement.position).order_by("position").first()
        )
        links = statement.statementorganisation_set.all()
        context["event_organisations"] = [link.organisation for link in links if link.via_event]
        context["mentioned_organisations"] = [
            link.organisation for link in links if link.via_mention
        ]
        context["mentioned_countries"] = list(statement.mentioned_countries.all())
        # Only a speaker with public statements of their own has a page to link to.
        own = Statement.objects.public().filter(speaker=OuterRef("pk"))
        context["quoted"] = list(statement.quoted.annotate(has_page=Exists(own)))
        context["sources"] = sources = provenance.source_items(
            statement.sources.order_by("imported_at", "path"), statement.event
        )
        context["permalink"] = context["canonical_url"]
        context["short_url"] = self.request.build_absolute_uri(
            reverse("archive:statement_short", kwargs={"pk": statement.pk})
        )
        context["summary"] = citations.first_words(statement.text, 30)
        context["headline"] = citations.headline(statement)
        context["title"] = citations.statement_title(statement)
        context["back_url"] = back_url = self.back_url()
        context.update(self.search_context(statement, back_url))
        citation = citations.Citation.of(
            statement, url=context["permalink"], accessed=timezone.localdate(), sources=sources
        )
        context["citation"] = citation
        context["jsonld"] = citations.jsonld_script(
            citation.jsonld(
                speaker_url=self.request.build_absolute_uri(statement.speaker.get_absolute_url())
                if statement.speaker
                else None,
                event_url=self.request.build_absolute_uri(statement.event.get_absolute_url()),
                home_url=self.request.build_absolute_uri(reverse("archive:home")),
            )
        )
        return context

    def back_url(self) -> str | None:
        """The list the reader came from (``?back=``), if it is one of this site's lists."""
        back = self.request.GET.get("back", "")
        if not back.startswith("/") or back.startswith("//") or "\\" in back:
            return None
        try:
            match = resolve(urlsplit(back).path)
        except Http404:
            return None
        return back if match.url_name in LIST_VIEWS and match.namespace == "archive" else None

    def search_context(self, statement, back_url: str | None) -> dict:
        """The question and paragraphs to show, with the searched words marked if any, and
        the links back to the results and to the statement without the marks."""
        raw = self.request.GET.get("q", "")
        query = fulltext.prepare(raw)
        if not query:
            return {"question": statement.question, "paragraphs": statement.paragraphs}
        (question, *paragraphs), count = textsearch.mark_matches(
            [statement.question, *statement.paragraphs], query
        )
        search = textsearch.clean(raw)
        plain_url = statement.get_absolute_url()
        if back_url:
            plain_url += "?" + urlencode({"back": back_url}, quote_via=quote)
        return {
            "question": question,
            "paragraphs": paragraphs,
            "search": search,
            "match_count": count,
            "results_url": back_url
            or f"{reverse('archive:statement_list')}?{urlencode({'q': search}, quote_via=quote)}",
            "plain_url": plain_url,
        }


class StatementShortLinkView(PublicMixin, View):
    """``/s/<id>``: a permanent short address to print, which leads to the permalink."""

    def get(self, request, pk):
        statement = Statement.objects.public().filter(pk=pk).only("slug").first()
        if statement is None:
            raise Http404(_("No such statement."))
        return HttpResponsePermanentRedirect(statement.get_absolute_url())


class StatementCitationView(PublicMixin, DetailView):
    """A statement's citation as a file for reference managers: BibTeX, RIS or CSL-JSON."""

    redirect_model = "statement"
    formats = {
        "bib": ("application/x-bibtex", lambda c: c.bibtex()),
        "ris": ("application/x-research-info-systems", lambda c: c.ris()),
        "json": (
            "application/vnd.citationstyles.csl+json",
            lambda c: json.dumps([c.csl()], ensure_ascii=False, indent=2) + "\n",
        ),
    }

    def get_queryset(self):
        return (
            Statement.objects.public()
            .select_related("speaker__country", "event__country")
            .prefetch_related(ORGANISATION_LINKS)
        )

    def render_to_response(self, context, **response_kwargs):
        statement = self.object
        content_type, render = self.formats[self.kwargs["format"]]
        citation = citations.Citation.of(
            statement,
            url=self.request.build_absolute_uri(statement.get_absolute_url()),
            accessed=timezone.localdate(),
        )
        response = HttpResponse(render(citation), content_type=f"{content_type}; charset=utf-8")
        filename = f"{statement.slug}.{self.kwargs['format']}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Access-Control-Allow-Origin"] = "*"
        return response


class EventListView(FilteredListMixin, FilterView):
    filterset_class = EventFilter
    paginate_by = 30
    template_name = "archive/event_filter.html"

    def get_queryset(self):
        return Event.objects.public()

    def list_queryset(self, queryset):
        return (
            queryset.select_related("country")
            .prefetch_related("organisations")
            .with_statement_count()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_querystring"] = self.query.querydict(page=[]).urlencode()
        return context


class EventDetailView(PublicMixin, DetailView):
    redirect_model = "event"

    def canonical_path(self) -> str:
        return self.object.get_absolute_url()

    def get_queryset(self):
        return Event.objects.public().select_related("country")

    def gone_response(self):
        """An event withdrawn (hidden by a librarian, or its part gone from its source)
        answers 410 Gone with what happened and where to go, as a withdrawn statement does."""
        if not Event.objects.filter(slug=self.kwargs.get("slug")).exists():
            return None
        return TemplateResponse(self.request, "410.html", {"withdrawn": "event"}, status=410)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        statements = list(
            event.statements.public()
            .select_related("speaker", "speaker_country")
            .order_by("position")
        )
        speakers: dict = {}
        for statement in statements:
            key = statement.speaker_id or 0
            speakers.setdefault(key, {"speaker": statement.speaker, "turns": []})
            speakers[key]["turns"].append(statement)
        context["statements"] = statements
        context["speakers"] = list(speakers.values())
        context["organisations"] = list(event.organisations.all())
        context["sources"] = provenance.source_items(
            event.sources.order_by("imported_at", "path"), event
        )
        return context


class SpeakerListView(PublicMixin, ListView):
    paginate_by = None

    def get_queryset(self):
        return Speaker.objects.with_public_statements().select_related("country").order_by("name")


class SpeakerDetailView(StatementBrowseMixin, SingleObjectMixin, FilterView):
    """A speaker's key facts, then their statements with the list's filters."""

    redirect_model = "speaker"
    template_name = "archive/speaker_detail.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=Speaker.objects.public().select_related("country"))
        return super().get(request, *args, **kwargs)

    def get_preset(self):
        return {"speaker": [self.object.slug]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = Statement.objects.public().filter(speaker=self.object)
        context["speaker"] = self.object
        context["facts"] = mine.aggregate(count=Count("pk"), first=Min("date"), last=Max("date"))
        context["roles"] = list(Statement.objects.public().roles_of(self.object)[:10])
        return context


class OrganisationListView(PublicMixin, ListView):
    def get_queryset(self):
        return Organisation.objects.order_by("code")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = dict(
            Membership.objects.filter(role=Membership.Role.MEMBER)
            .order_by()
            .values_list("organisation")
            .annotate(n=Count("pk"))
        )
        context["rows"] = [
            {**row, "members": members.get(row["organisation"].pk, 0)}
            for row in organisation_roles(context["object_list"])
        ]
        return context


class OrganisationDetailView(StatementBrowseMixin, SingleObjectMixin, FilterView):
    """An organisation: names, description, members and observers, then its statements."""

    template_name = "archive/organisation_detail.html"

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code != code.lower():
            return HttpResponsePermanentRedirect(
                reverse("archive:organisation_detail", kwargs={"code": code.lower()})
            )
        self.object = self.get_object(queryset=Organisation.objects.all())
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        try:
            return queryset.get(code=self.kwargs["code"].upper())
        except Organisation.DoesNotExist:
            raise Http404(_("No such organisation.")) from None

    def get_preset(self):
        return {"organisation": [self.object.code]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        context["organisation"] = organisation
        counted = Organisation.objects.with_statement_count().get(pk=organisation.pk)
        context["facts"] = {
            "at_meetings": counted.at_meetings,
            "named": counted.statement_count - counted.at_meetings,
        }
        memberships = sorted(
            organisation.membership_set.select_related("country"),
            key=lambda m: fold_accents(m.country.name).lower(),
        )
        context["roles"] = [
            (label, [m.country for m in memberships if m.role == role])
            for role, label in [
                (Membership.Role.MEMBER, _("Member states")),
                (Membership.Role.OBSERVER, _("Observers")),
                (Membership.Role.PARTNER, _("Partners")),
            ]
        ]
        return context


class CountryListView(PublicMixin, ListView):
    template_name = "archive/country_list.html"

    def get_queryset(self):
        return Country.objects.with_statement_count().prefetch_related(
            "membership_set__organisation"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_event = dict(
            Event.objects.public()
            .order_by()
            .values_list("country")
            .annotate(n=Count("pk"))
            .exclude(country=None)
        )
        rows = [
            {
                "country": country,
                "statements": country.statement_count,
                "events": by_event.get(country.pk, 0),
                "memberships": list(country.membership_set.all()),
            }
            for country in context["object_list"]
        ]
        rows.sort(key=lambda r: fold_accents(r["country"].name).lower())
        context["rows"] = rows
        context["language"] = get_language()
        return context


class CountryDetailView(StatementBrowseMixin, SingleObjectMixin, FilterView):
    """A country: names, memberships, what its officials said and what was said there."""

    template_name = "archive/country_detail.html"

    def get(self, request, *args, **kwargs):
        iso2 = kwargs["iso2"]
        if iso2 != iso2.lower():
            return HttpResponsePermanentRedirect(
                reverse("archive:country_detail", kwargs={"iso2": iso2.lower()})
            )
        self.object = self.get_object(queryset=Country.objects.all())
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        try:
            return queryset.get(iso2=self.kwargs["iso2"].upper())
        except Country.DoesNotExist:
            raise Http404(_("No such country.")) from None

    def get_preset(self):
        return {"country": [self.object.iso2]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        public = Statement.objects.public()
        context["country"] = country
        context["facts"] = {
            "by_officials": public.filter(speaker_country=country).count(),
            "held_there": public.filter(event_country=country).count(),
            "mentioning": public.filter(mentioned_countries=country).count(),
            "events": Event.objects.public().filter(country=country).count(),
        }
        context["fact_urls"] = {
            "by_officials": country.statements_url("country"),
            "held_there": country.statements_url("event_country"),
            "mentioning": country.statements_url("mentioned_country"),
            "events": country.events_url(),
        }
        context["memberships"] = list(country.membership_set.select_related("organisation"))
        return context


class AboutView(PublicMixin, TemplateView):
    """What the archive holds, where its texts come from and how to cite and reuse them."""

    template_name = "archive/about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public = Statement.objects.public()
        context["facts"] = {
            "statements": public.count(),
            "events": Event.objects.public().count(),
            "speakers": Speaker.objects.public().count(),
            **public.aggregate(first=Min("date"), last=Max("date")),
            "sources": Source.objects.count(),
            "posts": Source.objects.exclude(number=None).count(),
        }
        context["organisations"] = organisation_roles(Organisation.objects.all())
        context["publishers"] = cited_publishers(Source.objects.values_list("urls", flat=True))
        context["example"] = public.order_by("-date", "event_id", "position").first()
        return context


def cited_publishers(url_lists) -> list:
    """The publishers (reference data) of the pages sources cite, most cited first."""
    counted: dict = {}
    for urls in url_lists:
        for publisher in {naming.publisher_of(url) for url in urls or ()} - {None}:
            counted[publisher] = counted.get(publisher, 0) + 1
    return sorted(counted, key=lambda p: (-counted[p], p.domain))


class RobotsView(PublicMixin, TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


# Django's set_language, without the CSRF token it would need: a token on every page would
# make pages uncacheable and their ETags change on each request, and choosing a language
# is not worth forging.
language_switch = csrf_exempt(set_language)
