"""Public, read-only pages. Views stay thin: querysets live on the models' managers."""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from archive.models import Country, Event, Organisation, Speaker, Statement


class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statement_count"] = Statement.objects.public().count()
        context["event_count"] = Event.objects.public().count()
        context["speaker_count"] = Speaker.objects.count()
        context["organisations"] = Organisation.objects.all()
        context["latest_events"] = Event.objects.public().select_related("country")[:5]
        return context


class StatementListView(ListView):
    paginate_by = 50

    def get_queryset(self):
        return Statement.objects.public().select_related("speaker", "event")


class StatementDetailView(DetailView):
    def get_queryset(self):
        return Statement.objects.public().select_related("speaker__country", "event__country")


class EventListView(ListView):
    paginate_by = 50

    def get_queryset(self):
        return Event.objects.public().select_related("country")


class EventDetailView(DetailView):
    def get_queryset(self):
        return Event.objects.public().select_related("country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statements"] = self.object.statements.public().select_related("speaker")
        return context


class SpeakerListView(ListView):
    def get_queryset(self):
        return Speaker.objects.select_related("country").annotate(
            statement_count=Count("statements")
        )


class SpeakerDetailView(DetailView):
    def get_queryset(self):
        return Speaker.objects.select_related("country")


class OrganisationListView(ListView):
    model = Organisation


class OrganisationDetailView(DetailView):
    def get_object(self, queryset=None):
        return get_object_or_404(Organisation, code=self.kwargs["code"].upper())


class CountryListView(ListView):
    model = Country


class CountryDetailView(DetailView):
    def get_object(self, queryset=None):
        return get_object_or_404(Country, iso2=self.kwargs["iso2"].upper())
