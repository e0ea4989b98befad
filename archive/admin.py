"""The librarians' workplace.

Every change a librarian saves is recorded in the record's ``curated_fields`` so that a later
import never overwrites it.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from archive.models import (
    Country,
    Event,
    Membership,
    Organisation,
    Source,
    Speaker,
    Statement,
    StatementOrganisation,
)

NOT_CURATED = {"curated_fields", "review_status", "hidden"}


class CuratedAdmin(admin.ModelAdmin):
    """Base for every curated model: remembers which fields a librarian changed."""

    readonly_fields = ("curated_fields",)

    def save_model(self, request, obj, form, change):
        if change:
            obj.mark_curated(set(form.changed_data) - NOT_CURATED)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            m2m = {f.name for f in form.instance._meta.many_to_many} & set(form.changed_data)
            if m2m - set(form.instance.curated_fields):
                form.instance.mark_curated(m2m)
                form.instance.save(update_fields=["curated_fields"])


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["country"]


@admin.register(Organisation)
class OrganisationAdmin(CuratedAdmin):
    list_display = ("code", "acronym_fr", "name_fr", "name_en")
    search_fields = ("code", "acronym_fr", "acronym_en", "name_fr", "name_en", "aliases")
    inlines = [MembershipInline]


@admin.register(Country)
class CountryAdmin(CuratedAdmin):
    list_display = ("iso2", "name_fr", "name_en")
    search_fields = ("iso2", "name_fr", "name_en", "variants")
    list_filter = ("organisations",)


@admin.register(Speaker)
class SpeakerAdmin(CuratedAdmin):
    list_display = ("name", "country", "review_status")
    list_filter = ("review_status", "country")
    list_select_related = ("country",)
    search_fields = ("name", "aliases", "slug")
    autocomplete_fields = ["country"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("path", "number", "title", "imported_at", "updated_at")
    search_fields = ("path", "title", "number")
    readonly_fields = (
        "path",
        "number",
        "title",
        "urls",
        "image_urls",
        "checksum",
        "encoding",
        "size",
        "noise",
        "warnings",
        "imported_at",
        "updated_at",
        "raw_text",
    )

    def has_add_permission(self, request):
        return False


class StatementInline(admin.TabularInline):
    model = Statement
    fields = ("position", "speaker", "kind", "role")
    extra = 0
    ordering = ("position",)
    autocomplete_fields = ["speaker"]
    show_change_link = True


@admin.register(Event)
class EventAdmin(CuratedAdmin):
    list_display = ("title", "date", "location", "country", "kind", "review_status", "hidden")
    list_filter = ("review_status", "kind", "organisations", "country", "hidden")
    list_select_related = ("country",)
    search_fields = ("title", "location", "slug")
    date_hierarchy = "date"
    autocomplete_fields = ["country"]
    filter_horizontal = ("organisations",)
    readonly_fields = ("curated_fields", "sources")
    inlines = [StatementInline]


class StatementOrganisationInline(admin.TabularInline):
    model = StatementOrganisation
    fields = ("organisation", "via_event", "via_mention")
    extra = 0


@admin.register(Statement)
class StatementAdmin(CuratedAdmin):
    list_display = ("__str__", "kind", "date", "speaker", "review_status", "hidden")
    list_filter = ("review_status", "kind", "organisations", "speaker_country", "hidden")
    list_select_related = ("speaker", "event")
    search_fields = ("text", "question", "speaker__name", "event__title", "slug")
    date_hierarchy = "date"
    autocomplete_fields = ["speaker", "event"]
    filter_horizontal = ("mentioned_countries",)
    readonly_fields = ("curated_fields", "sources", "warnings", "date", "year")
    exclude = ("speaker_country", "event_country")
    inlines = [StatementOrganisationInline]
    show_full_result_count = False


admin.site.site_header = _("Archive of diplomatic statements")
admin.site.site_title = _("Archive administration")
