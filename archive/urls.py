from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from archive import health, views

public_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("statements/", views.StatementListView.as_view(), name="statement_list"),
    path("statements/<slug:slug>/", views.StatementDetailView.as_view(), name="statement_detail"),
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
    # Under /i18n/ with Django's own switch: the only public paths that accept a POST.
    path("i18n/language/", views.language_switch, name="set_language"),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((public_patterns, "archive"))),
]
