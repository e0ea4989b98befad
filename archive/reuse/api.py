"""The read-only JSON API under ``/api/``: plain Django views over the site's own querysets.

Lists take the same parameters as the site's lists and answer ``{count, next, previous,
results}``; statements are ``statement_records`` (the ``export_archive`` shape). Input a
client can fix gets a 400 problem document (RFC 9457) that says what is wrong. Every answer
allows any origin (CORS): the data are public and no request carries credentials.
``archive.reuse.openapi`` describes all of it.
"""

from __future__ import annotations

import django_filters
from django.core.paginator import Paginator
from django.db.models import Max, Min, Prefetch, Q
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from archive.models import (
    Country,
    Event,
    Membership,
    Organisation,
    Speaker,
    Statement,
)
from archive.reuse import dataset, records
from archive.reuse.openapi import MAX_PAGE_SIZE, PAGE_SIZE, document
from archive.reuse.records import statement_records
from archive.site.canonical import BadQuery, apply_filters, page_of
from archive.site.facets import statement_total
from archive.site.filters import DEFAULT_SORT, ORDERINGS, EventFilter, StatementFilter
from archive.site.http import PublicMixin
from archive.site.problems import JSON_OPTIONS, cors, problem


class NoFilter(django_filters.FilterSet):
    """For lists that only page: their parameters are checked all the same."""

    extra_parameters = ("page",)


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404 rather than the site's HTML page."""
    return problem(404, [_("There is nothing at %(path)s.") % {"path": request.path}])


class ApiView(PublicMixin, View):
    """JSON answers with the public pages' caching, slug redirects and CORS."""

    http_method_names = ["get", "head", "options"]
    redirect_namespace = "api"

    def dispatch(self, request, *args, **kwargs):
        try:
            response = super().dispatch(request, *args, **kwargs)
        except BadQuery as bad:
            return problem(400, bad.problems)
        except Http404:
            return problem(404, [_("There is nothing at %(path)s.") % {"path": request.path}])
        return cors(response, request)

    def json(self, data) -> JsonResponse:
        return JsonResponse(data, safe=False, json_dumps_params=JSON_OPTIONS)

    def page(self, filterset_class, queryset, records, *, alternates=(), total=None):
        """One page of a filtered list: ``{count, next, previous, results}``.

        ``total(filterset)`` may give the count without counting the rows (the statements'
        tallies, as the site's list uses them); None from it means count them.
        """
        request = self.request
        query, filterset = apply_filters(
            filterset_class, request.GET, queryset=queryset, allowed=("page_size",)
        )
        size = page_size(request.GET)
        paginator = Paginator(filterset.qs, size)
        if total is not None and not query.search:
            counted = total(filterset)
            if counted is not None:
                paginator.count = counted
        page = page_of(paginator, query.page)

        def link(number):
            data = query.querydict(page=[str(number)] if number > 1 else [])
            if size != PAGE_SIZE:
                data["page_size"] = str(size)
            encoded = data.urlencode()
            return request.build_absolute_uri(f"{request.path}?{encoded}" if encoded else "")

        response = self.json(
            {
                "count": page.paginator.count,
                "next": link(page.next_page_number()) if page.has_next() else None,
                "previous": link(page.previous_page_number()) if page.has_previous() else None,
                "results": list(records(page.object_list)),
            }
        )
        selection = query.querydict(page=[], sort=[]).urlencode()
        response["Link"] = ", ".join(
            f"<{request.build_absolute_uri(reverse(name))}{'?' + selection if selection else ''}>"
            f'; rel="alternate"; type="{media_type}"'
            for name, media_type in alternates
        )
        if not alternates:
            del response["Link"]
        return response


def each(record):
    """``record`` applied to every item of a page, as ``ApiView.page`` takes it."""
    return lambda items: (record(item) for item in items)


def page_size(data) -> int:
    raw = data.get("page_size", "").strip()
    if not raw:
        return PAGE_SIZE
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise BadQuery(
            [
                _("page_size is a whole number from 1 to %(max)d, not “%(value)s”.")
                % {"max": MAX_PAGE_SIZE, "value": raw[:20]}
            ]
        )
    return int(raw)


# Statements ----------------------------------------------------------------------------------


class StatementList(ApiView):
    def get(self, request):
        return self.page(
            StatementFilter,
            Statement.objects.public().order_by(*ORDERINGS[DEFAULT_SORT]),
            statement_records,
            alternates=[
                ("archive:statement_list", "text/html"),
                ("archive:statement_csv", "text/csv"),
                ("archive:statement_feed", "application/atom+xml"),
            ],
            total=statement_total,
        )


class StatementDetail(ApiView):
    redirect_model = "statement"

    def get(self, request, slug):
        checked(request, NoFilter)
        record = next(statement_records(Statement.objects.public().filter(slug=slug)), None)
        if record is None:
            raise Http404
        return self.json(record)


def checked(request, filterset_class):
    """Detail answers take no parameters but check them, so that typos do not go unseen."""
    apply_filters(filterset_class, request.GET, queryset=Statement.objects.none(), allowed=())


# Events ---------------------------------------------------------------------------------------


def events():
    return (
        Event.objects.public()
        .select_related("country")
        .prefetch_related("organisations")
        .with_statement_count()
    )


class EventList(ApiView):
    def get(self, request):
        return self.page(
            EventFilter,
            events(),
            each(records.EVENT.build),
            alternates=[("archive:event_list", "text/html")],
        )


class EventDetail(ApiView):
    redirect_model = "event"

    def get(self, request, slug):
        checked(request, NoFilter)
        event = events().filter(slug=slug).first()
        if event is None:
            raise Http404
        return self.json(records.EVENT_DETAIL.build(event))


# Speakers -------------------------------------------------------------------------------------


def speakers():
    """Speakers with public statements: the others have nothing to show."""
    public = Statement.objects.public().values("pk")
    return (
        Speaker.objects.with_public_statements()
        .select_related("country")
        .annotate(
            first_date=Min("statements__date", filter=Q(statements__in=public)),
            last_date=Max("statements__date", filter=Q(statements__in=public)),
        )
        .order_by("name", "pk")
    )


class SpeakerList(ApiView):
    def get(self, request):
        return self.page(
            NoFilter,
            speakers(),
            each(records.SPEAKER.build),
            alternates=[("archive:speaker_list", "text/html")],
        )


class SpeakerDetail(ApiView):
    redirect_model = "speaker"

    def get(self, request, slug):
        checked(request, NoFilter)
        speaker = speakers().filter(slug=slug).first()
        if speaker is None:
            raise Http404
        return self.json(records.SPEAKER_DETAIL.build(speaker))


# Organisations and countries ----------------------------------------------------------------


def organisations():
    return (
        Organisation.objects.with_statement_count()
        .prefetch_related(
            Prefetch(
                "membership_set",
                queryset=Membership.objects.select_related("country").order_by(
                    "role", "country__iso2"
                ),
            )
        )
        .order_by("code")
    )


class OrganisationList(ApiView):
    def get(self, request):
        return self.page(
            NoFilter,
            organisations(),
            each(records.ORGANISATION.build),
            alternates=[("archive:organisation_list", "text/html")],
        )


class OrganisationDetail(ApiView):
    def get(self, request, code):
        checked(request, NoFilter)
        organisation = organisations().filter(code=code.upper()).first()
        if organisation is None:
            raise Http404
        return self.json(records.ORGANISATION.build(organisation))


def countries():
    """Every country; ``statement_count`` counts the statements of its officials."""
    return (
        Country.objects.with_statement_count()
        .prefetch_related(
            Prefetch(
                "membership_set",
                queryset=Membership.objects.select_related("organisation").order_by(
                    "organisation__code"
                ),
            )
        )
        .order_by("iso2")
    )


class CountryList(ApiView):
    def get(self, request):
        return self.page(
            NoFilter,
            countries(),
            each(records.COUNTRY.build),
            alternates=[("archive:country_list", "text/html")],
        )


class CountryDetail(ApiView):
    def get(self, request, iso2):
        checked(request, NoFilter)
        country = countries().filter(iso2=iso2.upper()).first()
        if country is None:
            raise Http404
        return self.json(records.COUNTRY.build(country))


class Index(ApiView):
    """Where everything is."""

    def get(self, request):
        checked(request, NoFilter)
        routes = {
            "statements": "api:statement_list",
            "events": "api:event_list",
            "speakers": "api:speaker_list",
            "organisations": "api:organisation_list",
            "countries": "api:country_list",
            "openapi": "api:openapi",
        }
        index = {key: request.build_absolute_uri(reverse(r)) for key, r in routes.items()}
        # The whole archive as files (gzipped JSON Lines and CSV, SQLite), with checksums.
        index["dataset"] = request.build_absolute_uri(
            reverse("dataset_file", kwargs={"name": dataset.MANIFEST})
        )
        return self.json(index)


class OpenApiDocument(ApiView):
    def get(self, request):
        checked(request, NoFilter)
        return self.json(document())
