"""The librarians' workplace.

Every change a librarian saves is recorded in the record's ``curated_fields`` (so that a later
import never overwrites it) and in Django's admin history. Renames keep old permalinks working
through redirects; duplicates are merged with an action.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive import curation, tallies
from archive.models import (
    Country,
    Event,
    Membership,
    Organisation,
    ReviewStatus,
    Source,
    Speaker,
    Statement,
    StatementOrganisation,
)
from archive.versioning import content_changed

NOT_CURATED = {"curated_fields", "review_status", "hidden"}
LIST_FIELDS = {"aliases", "variants", "adjectives", "places"}


class LinesField(forms.JSONField):
    """A list of names edited as one name per line, instead of as JSON."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def bound_data(self, data, initial):
        return self.to_python(data)

    def has_changed(self, initial, data):
        return (initial or []) != self.to_python(data)


def _provenance(sources) -> str:
    return format_html_join(
        "",
        '<p><a href="{}">{}</a>{} – <a href="{}">{}</a></p>',
        (
            (
                reverse("admin:archive_source_change", args=[s.pk]),
                s.path,
                f" (n° {s.number})" if s.number else "",
                reverse("admin:archive_source_raw", args=[s.pk]),
                _("raw text"),
            )
            for s in sources
        ),
    ) or _("none")


class CuratedAdmin(admin.ModelAdmin):
    """Base for every curated model: remembers which fields a librarian changed."""

    readonly_fields = ("curated_fields", "corrected_at")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in LIST_FIELDS:
            return LinesField(
                required=False,
                label=db_field.verbose_name.capitalize(),
                help_text=_("One per line."),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            obj.mark_curated(set(form.changed_data) - NOT_CURATED)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if change:
            m2m = {f.name for f in obj._meta.many_to_many} & set(form.changed_data)
            if m2m - set(obj.curated_fields):
                obj.mark_curated(m2m)
                obj.save(update_fields=["curated_fields", "corrected_at"])
            self.after_change(obj, set(form.changed_data))

    def after_change(self, obj, changed: set[str]) -> None:
        """Keep derived data (slugs, copies on statements) in step with the edit."""

    @admin.action(description=_("Mark as reviewed"))
    def mark_reviewed(self, request, queryset):
        count = queryset.update(review_status=ReviewStatus.REVIEWED)
        self.message_user(request, _("%d marked as reviewed.") % count, messages.SUCCESS)

    @admin.action(description=_("Mark as needing review"))
    def mark_needs_review(self, request, queryset):
        count = queryset.update(review_status=ReviewStatus.NEEDS_REVIEW)
        self.message_user(request, _("%d marked as needing review.") % count, messages.SUCCESS)

    actions = ["mark_reviewed", "mark_needs_review"]


class HideableAdmin(CuratedAdmin):
    @admin.action(description=_("Hide from the public site"))
    def hide(self, request, queryset):
        count = queryset.update(hidden=True)
        tallies.months_changed(queryset.values_list("date", flat=True))
        content_changed()
        self.message_user(request, _("%d hidden from the public site.") % count, messages.SUCCESS)

    @admin.action(description=_("Show on the public site"))
    def unhide(self, request, queryset):
        count = queryset.update(hidden=False)
        tallies.months_changed(queryset.values_list("date", flat=True))
        content_changed()
        self.message_user(request, _("%d shown on the public site.") % count, messages.SUCCESS)

    actions = [*CuratedAdmin.actions, "hide", "unhide"]


class MergeMixin:
    """An action that folds the selected duplicates into the one the librarian picks."""

    merge_function = None

    @admin.action(description=_("Merge the selected duplicates"), permissions=["change"])
    def merge(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(request, _("Select at least two records to merge."), messages.ERROR)
            return None
        target_pk = request.POST.get("merge_target")
        if target_pk:
            target = queryset.filter(pk=target_pk).first()
            if target is None:
                self.message_user(request, _("Pick one of the selected records."), messages.ERROR)
                return None
            others = list(queryset.exclude(pk=target.pk))
            moved = type(self).merge_function(target=target, others=others)
            self.log_change(request, target, f"Merged {', '.join(map(str, others))}")
            self.message_user(
                request,
                ngettext(
                    "Merged into “%(target)s”; %(n)d statement moved.",
                    "Merged into “%(target)s”; %(n)d statements moved.",
                    moved,
                )
                % {"target": target, "n": moved},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/archive/merge_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Merge duplicates"),
                "objects": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


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

    def after_change(self, obj, changed):
        if changed:
            curation.statements_refresh(
                Statement.objects.filter(Q(event__country=obj) | Q(speaker__country=obj))
            )


@admin.register(Speaker)
class SpeakerAdmin(MergeMixin, CuratedAdmin):
    list_display = ("name", "country", "statement_count", "review_status")
    list_filter = ("review_status", "country")
    list_select_related = ("country",)
    search_fields = ("name", "aliases", "slug")
    autocomplete_fields = ["country"]
    readonly_fields = ("slug", "curated_fields", "corrected_at")
    fields = (
        "name",
        "aliases",
        "country",
        "review_status",
        "slug",
        "curated_fields",
        "corrected_at",
    )
    actions = [*CuratedAdmin.actions, "merge"]
    merge_function = staticmethod(curation.speaker_merge)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(statement_total=Count("statements"))

    @admin.display(description=_("statements"), ordering="statement_total")
    def statement_count(self, obj):
        return obj.statement_total

    def after_change(self, obj, changed):
        if "name" in changed:
            curation.speaker_reslug(obj)
        if "country" in changed:
            curation.statements_refresh(obj.statements.all())


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("path", "number", "title", "imported_at", "updated_at")
    search_fields = ("path", "title", "number")
    readonly_fields = (
        "path",
        "number",
        "title",
        "raw_link",
        "urls",
        "image_urls",
        "checksum",
        "encoding",
        "size",
        "noise",
        "warnings",
        "imported_at",
        "updated_at",
    )
    exclude = ("raw_text",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        raw = self.admin_site.admin_view(self.raw_text_view)
        return [path("<int:pk>/raw/", raw, name="archive_source_raw"), *super().get_urls()]

    def raw_text_view(self, request, pk):
        """The source exactly as imported, so a librarian can check any extraction."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        source = get_object_or_404(Source, pk=pk)
        return HttpResponse(source.raw_text, content_type="text/plain; charset=utf-8")

    @admin.display(description=_("raw text"))
    def raw_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:archive_source_raw", args=[obj.pk]), _("open")
        )


class StatementInline(admin.TabularInline):
    model = Statement
    fields = ("position", "speaker", "kind", "role", "review_status", "hidden")
    extra = 0
    ordering = ("position",)
    autocomplete_fields = ["speaker"]
    show_change_link = True


@admin.register(Event)
class EventAdmin(MergeMixin, HideableAdmin):
    list_display = ("title", "date", "location", "country", "kind", "review_status", "hidden")
    list_filter = ("review_status", "hidden", "kind", "organisations", "country")
    list_select_related = ("country",)
    search_fields = ("title", "location", "slug")
    date_hierarchy = "date"
    autocomplete_fields = ["country"]
    filter_horizontal = ("organisations",)
    readonly_fields = ("slug", "provenance", "warnings", "curated_fields", "corrected_at")
    exclude = ("sources",)
    inlines = [StatementInline]
    show_full_result_count = False
    actions = [*HideableAdmin.actions, "merge"]
    merge_function = staticmethod(curation.event_merge)

    @admin.display(description=_("provenance"))
    def provenance(self, obj):
        return _provenance(obj.sources.all())

    def after_change(self, obj, changed):
        if changed & {"title", "date"}:
            curation.event_reslug(obj)
        if changed & {"date", "country", "organisations"}:
            curation.statements_refresh(obj.statements.all())


class StatementOrganisationInline(admin.TabularInline):
    model = StatementOrganisation
    fields = ("organisation", "via_event", "via_mention")
    extra = 0


@admin.register(Statement)
class StatementAdmin(HideableAdmin):
    list_display = ("__str__", "kind", "date", "speaker", "review_status", "hidden")
    list_filter = ("review_status", "hidden", "kind", "organisations", "speaker_country")
    list_select_related = ("speaker", "event")
    search_fields = ("text", "question", "speaker__name", "event__title", "slug")
    date_hierarchy = "date"
    autocomplete_fields = ["speaker", "event"]
    filter_horizontal = ("mentioned_countries",)
    readonly_fields = (
        "slug",
        "provenance",
        "warnings",
        "date",
        "curated_fields",
        "corrected_at",
    )
    exclude = ("speaker_country", "event_country", "year", "sources")
    inlines = [StatementOrganisationInline]
    show_full_result_count = False

    @admin.display(description=_("provenance"))
    def provenance(self, obj):
        return _provenance(obj.sources.all())

    def after_change(self, obj, changed):
        if changed & {"speaker", "event", "position"}:
            curation.statements_refresh(Statement.objects.filter(pk=obj.pk))
            curation.statement_reslug(obj)
