"""Atom feeds (Django's syndication framework): the latest statements of any list.

``/statements/feed/`` takes the list's parameters, so a reader can follow a search or a
filter (``?organisation=SCO``, ``?q=vaccin``). Entries are the newest first unless the list
asks otherwise; relevance means nothing to a feed reader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from archive.models import Source, Statement, StatementOrganisation
from archive.reuse.citations import first_words, statement_title
from archive.site.canonical import BadQuery, CanonicalQuery, apply_filters
from archive.site.facets import active_filters
from archive.site.filters import DEFAULT_SORT, ORDERINGS, StatementFilter
from archive.site.http import archive_last_modified, bad_query_response

FEED_SIZE = 50
CACHE_SECONDS = 300
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass
class Selection:
    """The feed's statements and how to name and link them."""

    query: CanonicalQuery
    filterset: StatementFilter
    request: HttpRequest
    updated: dt.datetime | None

    def querystring(self, **changes) -> str:
        data: QueryDict = self.query.querydict(page=[], **changes)
        encoded = data.urlencode()
        return f"?{encoded}" if encoded else ""


class PlainTextAtomFeed(Atom1Feed):
    """Atom with ``<summary type="text">``: a statement's words, never markup.

    Django writes summaries as ``type="html"``, which tells readers to render them: text from a
    source holding ``<img onerror=…>`` would then be live markup in their view. As text, a
    reader shows the characters as they are.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None, "categories": ()})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})
        for category in item.get("organisation_categories", ()):
            handler.addQuickElement("category", "", category)


class StatementFeed(Feed):
    feed_type = PlainTextAtomFeed
    language = "fr"  # the statements' language, whatever the interface's

    def __call__(self, request, *args, **kwargs):
        try:
            query, filterset = apply_filters(
                StatementFilter, request.GET, queryset=Statement.objects.public(), request=request
            )
        except BadQuery as bad:
            response = bad_query_response(request, bad, list_url=reverse("archive:statement_list"))
            patch_cache_control(response, no_cache=True)
            return response
        self.selection = Selection(query, filterset, request, archive_last_modified())
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def get_object(self, request, *args, **kwargs):
        return self.selection

    def title(self, selection: Selection) -> str:
        site = _("Archive of diplomatic statements")
        chosen = [str(a.value) for a in active_filters(selection.filterset, selection.query.params)]
        if chosen:
            return _("Statements (%(filters)s) – %(site)s") % {
                "filters": ", ".join(chosen),
                "site": site,
            }
        return _("Latest statements – %(site)s") % {"site": site}

    def subtitle(self, selection: Selection) -> str:
        return _(
            "What officials said about the CSTO, the SCO, CICA and the OSCE, in French: "
            "the newest statements of this selection."
        )

    def link(self, selection: Selection) -> str:
        return reverse("archive:statement_list") + selection.querystring()

    def feed_url(self, selection: Selection) -> str:
        return reverse("archive:statement_feed") + selection.querystring()

    def feed_guid(self, selection: Selection) -> str:
        return selection.request.build_absolute_uri(self.feed_url(selection))

    def items(self, selection: Selection):
        sort = selection.query.params.get("sort") or [DEFAULT_SORT]
        ordering = ORDERINGS.get(sort[0], ORDERINGS[DEFAULT_SORT])
        return (
            selection.filterset.qs.select_related("speaker", "event")
            .prefetch_related(
                Prefetch(
                    "statementorganisation_set",
                    queryset=StatementOrganisation.objects.select_related("organisation"),
                ),
                Prefetch("sources", queryset=Source.objects.order_by("imported_at", "path")),
            )
            .order_by(*ordering)[:FEED_SIZE]
        )

    def item_title(self, statement: Statement) -> str:
        return statement_title(statement)

    def item_description(self, statement: Statement) -> str:
        return first_words(statement.text, 60)

    def item_link(self, statement: Statement) -> str:
        return statement.get_absolute_url()

    def item_author_name(self, statement: Statement) -> str | None:
        return statement.speaker.name if statement.speaker else None

    def item_author_link(self, statement: Statement) -> str | None:
        if statement.speaker is None:
            return None
        return self.selection.request.build_absolute_uri(statement.speaker.get_absolute_url())

    def item_pubdate(self, statement: Statement) -> dt.datetime | None:
        if statement.date is None:
            return None
        return timezone.make_aware(dt.datetime.combine(statement.date, dt.time()))

    def item_updateddate(self, statement: Statement) -> dt.datetime | None:
        """Its last real change: a librarian's correction or an import that changed what it
        says, else when the archive first had it (re-importing the same file changes
        nothing). Atom needs a date even for undated statements."""
        corrected = [statement.corrected_at, statement.event.corrected_at, statement.changed_at]
        corrected = [moment for moment in corrected if moment is not None]
        if corrected:
            return max(corrected)
        first = [s.imported_at for s in statement.sources.all()]
        return min(first, default=None) or self.item_pubdate(statement) or EPOCH

    def item_extra_kwargs(self, statement: Statement) -> dict:
        return {"organisation_categories": self.organisation_categories(statement)}

    def organisation_categories(self, statement: Statement) -> list[dict[str, str]]:
        """One ``<category>`` per organisation and way it is linked, each in its own scheme:
        held under its aegis (at its own meetings) or only mentioned, never mixed."""
        about = self.selection.request.build_absolute_uri(reverse("archive:about"))
        categories = []
        links = sorted(
            statement.statementorganisation_set.all(), key=lambda link: link.organisation.code
        )
        for via, scheme, label in (
            ("via_event", "#aegis", _("Held under the aegis of: %(name)s")),
            ("via_mention", "#mentions", _("Mentions: %(name)s")),
        ):
            for link in links:
                if getattr(link, via):
                    organisation = link.organisation
                    categories.append(
                        {
                            "term": organisation.code,
                            "scheme": about + scheme,
                            "label": label % {"name": organisation.acronym},
                        }
                    )
        return categories


def statement_feed(request, *args, **kwargs):
    """A feed object per request, since it keeps the request's selection."""
    return StatementFeed()(request, *args, **kwargs)
