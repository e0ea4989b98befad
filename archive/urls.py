from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control

from archive.reuse import api, downloads, feeds
from archive.reuse.sitemaps import SITEMAPS
from archive.site import health, views

public_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("statements/", views.StatementListView.as_view(), name="statement_list"),
    path("statements/feed/", feeds.statement_feed, name="statement_feed"),
    path("statements/export.csv", downloads.StatementCsvView.as_view(), name="statement_csv"),
    path("statements/<slug:slug>/", views.StatementDetailView.as_view(), name="statement_detail"),
    re_path(
        r"^statements/(?P<slug>[-a-zA-Z0-9_]+)/cite\.(?P<format>bib|ris|json)$",
        views.StatementCitationView.as_view(),
        name="statement_citation",
    ),
    path("s/<int:pk>", views.StatementShortLinkView.as_view(), name="statement_short"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("speakers/", views.SpeakerListView.as_view(), name="speaker_list"),
    path("speakers/<slug:slug>/", views.SpeakerDetailView.as_view(), name="speaker_detail"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisations/<slug:code>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<slug:iso2>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path(
        "sitemap.xml",
        cache_control(public=True, max_age=3600)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "archive:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_control(public=True, max_age=3600)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    # Under /i18n/ with Django's own switch: the only public paths that accept a POST.
    path("i18n/language/", views.language_switch, name="set_language"),
]

api_patterns = [
    path("", api.Index.as_view(), name="index"),
    path("openapi.json", api.OpenApiDocument.as_view(), name="openapi"),
    path("statements/", api.StatementList.as_view(), name="statement_list"),
    path("statements/<slug:slug>/", api.StatementDetail.as_view(), name="statement_detail"),
    path("events/", api.EventList.as_view(), name="event_list"),
    path("events/<slug:slug>/", api.EventDetail.as_view(), name="event_detail"),
    path("speakers/", api.SpeakerList.as_view(), name="speaker_list"),
    path("speakers/<slug:slug>/", api.SpeakerDetail.as_view(), name="speaker_detail"),
    path("organisations/", api.OrganisationList.as_view(), name="organisation_list"),
    path(
        "organisations/<slug:code>/",
        api.OrganisationDetail.as_view(),
        name="organisation_detail",
    ),
    path("countries/", api.CountryList.as_view(), name="country_list"),
    path("countries/<slug:iso2>/", api.CountryDetail.as_view(), name="country_detail"),
    # Anything else under /api/ is a JSON 404, not the site's HTML page.
    re_path(r"^.*$", api.not_found),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # The bulk dataset (archive/reuse/dataset.py); a front server may serve
    # DATASET_ROOT/current/ here.
    path("data/<str:name>", downloads.dataset_file, name="dataset_file"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include((api_patterns, "api"))),
    path("", include((public_patterns, "archive"))),
]
