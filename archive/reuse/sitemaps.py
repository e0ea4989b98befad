"""``sitemap.xml`` (Django's sitemaps framework): every public page a search engine should know.

An index points to one sitemap per section, each paginated by the framework, so the archive
can grow past the 50,000 addresses one sitemap may hold.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from archive.models import Country, Event, Organisation, Speaker, Statement


def _latest(*moments):
    moments = [m for m in moments if m is not None]
    return max(moments) if moments else None


class StatementSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.8

    def items(self):
        return (
            Statement.objects.public()
            .annotate(imported=Max("sources__updated_at"))
            .only("slug", "corrected_at")
            .order_by("pk")
        )

    def lastmod(self, statement):
        return _latest(statement.imported, statement.corrected_at)


class EventSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.6

    def items(self):
        return (
            Event.objects.public()
            .annotate(imported=Max("sources__updated_at"))
            .only("slug", "corrected_at")
            .order_by("pk")
        )

    def lastmod(self, event):
        return _latest(event.imported, event.corrected_at)


class SpeakerSitemap(Sitemap):
    """Speakers with at least one public statement (the others have an empty page)."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Speaker.objects.with_public_statements().only("slug").order_by("pk")


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Organisation.objects.only("code").order_by("code")


class CountrySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return Country.objects.only("iso2").order_by("iso2")


class PageSitemap(Sitemap):
    """The home page and the lists."""

    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return [
            "home",
            "statement_list",
            "event_list",
            "speaker_list",
            "organisation_list",
            "country_list",
            "about",
        ]

    def location(self, name):
        return reverse(f"archive:{name}")


SITEMAPS = {
    "pages": PageSitemap,
    "statements": StatementSitemap,
    "events": EventSitemap,
    "speakers": SpeakerSitemap,
    "organisations": OrganisationSitemap,
    "countries": CountrySitemap,
}
