"""The librarians' workplace.

Every change a librarian saves goes through ``archive.changes`` (one tracked transaction: the
content version and the list counts move with it) and into the record's history with each
field's old and new value. A field counts as changed only when its value really changed
(``archive.curation.values``): those fields are remembered in ``curated_fields`` so that a
later import never overwrites them. Renames keep old permalinks working; duplicates are merged
(and unmerged) with an action; statements glued together are split.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, router
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive import changes
from archive.curation import history, merges, review, splits
from archive.curation.renames import (
    event_reslug,
    speaker_reslug,
    statements_refresh,
    statements_reslug,
)
from archive.curation.values import clean_text, same
from archive.models import (
    Country,
    Event,
    EventRef,
    ImportRun,
    Membership,
    Merge,
    Organisation,
    ReviewFlag,
    ReviewStatus,
    Source,
    Speaker,
    Statement,
    StatementOrganisation,
)
from archive.slugs import unique_slug

Action = history.Action
LIST_FIELDS = {"aliases", "variants", "adjectives", "places"}
# The field of the record that the rows of each inline make up.
INLINE_FIELDS = {StatementOrganisation: "organisations", Membership: "countries"}


class CleanedTextField(forms.CharField):
    """A text field whose value is stored as the importer stores text (LF line breaks, NFC,
    no invisible characters), and which changed only when its cleaned value did."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if isinstance(value, str) else value

    def has_changed(self, initial, data):
        return not same(initial or "", self.to_python(data) or "")


class LinesField(forms.JSONField):
    """A list of names edited as one name per line, instead of as JSON."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        lines = (clean_text(line) for line in (value or "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))

    def bound_data(self, data, initial):
        return self.to_python(data)

    def has_changed(self, initial, data):
        return not same(initial or [], self.to_python(data))


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


def _warning_lines(warnings) -> str:
    """Import warnings as lines a person reads, not raw JSON."""
    if not warnings:
        return _("none")
    return format_html_join(
        "",
        "<p>{}{} <span class='quiet'>({})</span></p>",
        (
            (
                _("line %(n)s: ") % {"n": w["line"]} if w.get("line") else "",
                w["message"],
                w["code"],
            )
            for w in warnings
        ),
    )


class ReasonFilter(admin.SimpleListFilter):
    """The review queue's reasons, one filter value each."""

    title = _("reason for review")
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        return [*ReviewFlag.Reason.choices, ("none", _("No reason given"))]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset & review.in_queue(
            queryset.model, "" if self.value() == "none" else self.value()
        )


class CuratedAdmin(admin.ModelAdmin):
    """Base for every curated model: tracked saves, remembered corrections, history."""

    readonly_fields = ("curated_fields", "corrected_at")
    actions = ["mark_reviewed", "mark_needs_review"]

    # Tracked views: each admin write is one transaction that moves the version and counts.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with changes.tracked(using=router.db_for_write(self.model)):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        with changes.tracked(using=router.db_for_write(self.model)):
            return super().changelist_view(request, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with changes.tracked(using=router.db_for_write(self.model)):
            return super().delete_view(request, object_id, extra_context)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in LIST_FIELDS:
            return LinesField(
                required=False,
                label=db_field.verbose_name.capitalize(),
                help_text=_("One per line."),
            )
        if isinstance(db_field, models.CharField | models.TextField) and not db_field.choices:
            kwargs.setdefault("form_class", CleanedTextField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def affected_statements(self, obj):
        """The statements whose copies or counts a change of ``obj`` can move."""
        return Statement.objects.none()

    def save_model(self, request, obj, form, change):
        tracked = changes.current(using=router.db_for_write(self.model))
        tracked.records()
        obj._history_changes = history.form_changes(form)
        if change:
            obj.mark_curated(obj._history_changes)
            tracked.statements(self.affected_statements(obj))
        else:
            self.before_add(obj, form)
        super().save_model(request, obj, form, change)

    def before_add(self, obj, form) -> None:
        """A record made by hand: what it says is a librarian's, never an import's."""
        obj.mark_curated(set(form.changed_data) & set(obj.PUBLIC_FIELDS))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if change:
            self.after_change(obj, set(form.changed_data))
        else:
            self.after_add(obj)
        if hasattr(obj, "review_flags") and review.conditions_sync(obj):
            obj.save(update_fields=["review_status"])

    def save_formset(self, request, form, formset, change):
        """Rows edited inline are a field of the record (a statement's organisations, an
        organisation's member countries): changing them is a correction like any other."""
        if not change or not formset.has_changed():
            return super().save_formset(request, form, formset, change)
        obj = form.instance
        name = INLINE_FIELDS[formset.model]
        tracked = changes.current(using=router.db_for_write(self.model))
        tracked.statements(self.affected_statements(obj))
        before = self._links(obj, formset.model)
        super().save_formset(request, form, formset, change)
        after = self._links(obj, formset.model)
        if after != before:
            obj.mark_curated([name])
            obj.save(update_fields=["curated_fields", "corrected_at"])
            found = getattr(obj, "_history_changes", None) or {}
            found[name] = [before, after]
            obj._history_changes = found
        return None

    @staticmethod
    def _links(obj, model) -> list[str]:
        """An inline's rows as the history shows them."""
        related = [f.name for f in model._meta.fields if f.is_relation]
        rows = model.objects.filter(**{obj._meta.model_name: obj}).select_related(*related)
        return sorted(str(row) for row in rows)

    def statement_changed(self, statement: Statement, changed: set[str]) -> None:
        if changed & {"speaker", "event", "position"}:
            statements_refresh(Statement.objects.filter(pk=statement.pk))
            statements_reslug(
                Statement.objects.filter(pk=statement.pk).select_related("event", "speaker")
            )
        if changed & {"speaker"} and review.conditions_sync(statement):
            statement.save(update_fields=["review_status"])

    def after_change(self, obj, changed: set[str]) -> None:
        """Keep derived data (slugs, copies on statements) in step with the edit."""

    def after_add(self, obj) -> None:
        """Derived data of a record made by hand."""

    # History: ours, with values, instead of Django's LogEntry.

    def _history(self, request, obj, action, *, changes=None, message="", merge=None):
        history.record(
            obj, action=action, changes=changes, message=message, user=request.user, merge=merge
        )

    def log_addition(self, request, obj, message):
        self._history(request, obj, Action.CREATE, changes=getattr(obj, "_history_changes", None))

    def log_change(self, request, obj, message):
        found = getattr(obj, "_history_changes", None)
        if found:
            self._history(request, obj, Action.CHANGE, changes=found)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._history(request, obj, Action.DELETE)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        entries = history.entries_for(obj)[:500]
        return TemplateResponse(
            request,
            "admin/archive/history.html",
            {
                **self.admin_site.each_context(request),
                "title": _("History: %s") % obj,
                "subtitle": None,
                "object": obj,
                "opts": self.opts,
                "entries": entries,
                "merges": Merge.objects.filter(
                    model=self.opts.model_name, survivor_id=obj.pk, undone_at__isnull=True
                ),
                "can_undo": self.has_change_permission(request, obj),
            },
        )

    # Review status and the queue.

    @admin.display(description=_("why in the review queue"))
    def reasons(self, obj):
        flags = getattr(obj, "queued_flags", None)
        if flags is None:
            flags = list(obj.review_flags.all())
        return "; ".join(dict.fromkeys(str(f.get_reason_display()) for f in flags)) or "–"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(self.model, "review_flags"):
            queryset = queryset.prefetch_related(Prefetch("review_flags", to_attr="queued_flags"))
        return queryset

    def _status_change(self, request, queryset, status: str, message: str) -> None:
        records = list(queryset)
        if status == ReviewStatus.REVIEWED:
            review.reviewed(queryset)
        else:
            queryset.update(review_status=status)
        for record in records:
            if record.review_status != status:
                self._history(
                    request,
                    record,
                    Action.REVIEW,
                    changes={"review_status": [record.review_status, status]},
                )
        self.message_user(request, message % len(records), messages.SUCCESS)

    @admin.action(description=_("Mark as reviewed"))
    def mark_reviewed(self, request, queryset):
        self._status_change(request, queryset, ReviewStatus.REVIEWED, _("%d marked as reviewed."))

    @admin.action(description=_("Mark as needing review"))
    def mark_needs_review(self, request, queryset):
        self._status_change(
            request, queryset, ReviewStatus.NEEDS_REVIEW, _("%d marked as needing review.")
        )


class HideableAdmin(CuratedAdmin):
    actions = [*CuratedAdmin.actions, "hide", "unhide"]

    def _visibility(self, request, queryset, hidden: bool) -> int:
        tracked = changes.current(using=router.db_for_write(self.model))
        records = [r for r in queryset if r.hidden != hidden]
        for record in records:
            tracked.statements(self.affected_statements(record))
        queryset.filter(pk__in=[r.pk for r in records]).update(hidden=hidden)
        for record in records:
            self._history(
                request,
                record,
                Action.HIDE if hidden else Action.SHOW,
                changes={"hidden": [not hidden, hidden]},
            )
        return len(records)

    @admin.action(description=_("Hide from the public site"))
    def hide(self, request, queryset):
        count = self._visibility(request, queryset, True)
        self.message_user(request, _("%d hidden from the public site.") % count, messages.SUCCESS)

    @admin.action(description=_("Show on the public site"))
    def unhide(self, request, queryset):
        count = self._visibility(request, queryset, False)
        self.message_user(request, _("%d shown on the public site.") % count, messages.SUCCESS)


class MergeMixin:
    """An action that folds the selected duplicates into the one the librarian picks, and a
    view that undoes a merge from the kept record's history."""

    merge_function = None
    merge_template = "admin/archive/merge_confirmation.html"

    def merge_candidates(self, queryset):
        """The selected records with what tells duplicates apart (sources, dates, counts)."""
        return queryset.annotate(statement_total=Count("statements", distinct=True))

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
            report = type(self).merge_function(target=target, others=others, user=request.user)
            message = ngettext(
                "Merged into “%(target)s”; %(n)d statement moved",
                "Merged into “%(target)s”; %(n)d statements moved",
                report.moved,
            ) % {"target": target, "n": report.moved}
            if report.folded:
                message += ngettext(
                    ", %(n)d given twice kept once",
                    ", %(n)d given twice kept once",
                    report.folded,
                ) % {"n": report.folded}
            self.message_user(
                request,
                f"{message}. " + str(_("It can be undone from the record's history.")),
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            self.merge_template,
            {
                **self.admin_site.each_context(request),
                "title": _("Merge duplicates"),
                "objects": self.merge_candidates(queryset),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "missing_choice": "merge_target" in request.POST,
            },
        )

    def get_urls(self):
        undo = self.admin_site.admin_view(self.merge_undo_view)
        name = f"archive_{self.opts.model_name}_merge_undo"
        return [path("merges/<int:merge_pk>/undo/", undo, name=name), *super().get_urls()]

    def merge_undo_view(self, request, merge_pk):
        merge = get_object_or_404(Merge, pk=merge_pk, model=self.opts.model_name)
        if request.method != "POST":
            return HttpResponse(status=405)
        survivor = self.model.objects.filter(pk=merge.survivor_id).first()
        if survivor is None or not self.has_change_permission(request, survivor):
            raise PermissionDenied
        try:
            merges.merge_undo(merge, user=request.user)
        except merges.MergeError as error:
            self.message_user(request, _("Cannot undo: %s") % error, messages.ERROR)
        else:
            self.message_user(
                request, _("Merge undone: “%s” is back.") % merge.merged_repr, messages.SUCCESS
            )
        return HttpResponseRedirect(
            reverse(f"admin:archive_{self.opts.model_name}_history", args=[merge.survivor_id])
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

    def affected_statements(self, obj):
        return Statement.objects.filter(Q(event__country=obj) | Q(speaker__country=obj))

    def after_change(self, obj, changed):
        if changed:
            statements_refresh(self.affected_statements(obj))


@admin.register(Speaker)
class SpeakerAdmin(MergeMixin, CuratedAdmin):
    list_display = ("name", "country", "statement_count", "review_status", "reasons")
    list_filter = ("review_status", ReasonFilter, "country")
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
    merge_function = staticmethod(merges.speaker_merge)
    merge_template = "admin/archive/speaker_merge.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(statement_total=Count("statements"))

    @admin.display(description=_("statements"), ordering="statement_total")
    def statement_count(self, obj):
        return obj.statement_total

    def merge_candidates(self, queryset):
        return queryset.select_related("country").annotate(
            statement_total=Count("statements", distinct=True),
            event_total=Count("statements__event", distinct=True),
        )

    def affected_statements(self, obj):
        return obj.statements.all()

    def before_add(self, obj, form):
        super().before_add(obj, form)
        obj.slug = unique_slug(Speaker.objects, obj.content_slug())
        obj.review_status = ReviewStatus.REVIEWED

    def after_add(self, obj):
        if review.duplicate_speakers_flag(obj, Speaker.objects.exclude(pk=obj.pk)):
            obj.save(update_fields=["review_status"])

    def after_change(self, obj, changed):
        if "name" in changed:
            speaker_reslug(obj)
        if changed & {"name", "country"}:
            statements_refresh(obj.statements.all())


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("path", "number", "title", "imported_at", "updated_at")
    search_fields = ("path", "title", "number")
    readonly_fields = (
        "path",
        "number",
        "title",
        "raw_link",
        "origin",
        "urls",
        "image_urls",
        "checksum",
        "encoding",
        "size",
        "noise",
        "warning_lines",
        "imported_at",
        "updated_at",
    )
    exclude = ("raw_text", "warnings")

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

    @admin.display(description=_("import warnings"))
    def warning_lines(self, obj):
        return _warning_lines(obj.warnings)


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Every import, with its report: what a librarian reads after an upload or a night run."""

    list_display = ("started_at", "status", "user", "finished_at", "counts")
    list_filter = ("status",)
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventForm(forms.ModelForm):
    """The primary source is chosen among the event's own source parts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "primary_ref" in self.fields:
            refs = (
                list(self.instance.refs.values_list("ref", flat=True)) if self.instance.pk else []
            )
            current = self.instance.primary_ref
            choices = [("", "–")] if not refs or current not in refs else []
            self.fields["primary_ref"] = forms.ChoiceField(
                choices=choices + [(ref, ref) for ref in refs],
                required=False,
                label=_("Primary source"),
                help_text=_(
                    "The source part whose title, date and place the event takes; the others' "
                    "variants are kept as provenance. Fields you corrected stay as you set them."
                ),
            )


@admin.register(Event)
class EventAdmin(MergeMixin, HideableAdmin):
    form = EventForm
    list_display = (
        "title",
        "date",
        "location",
        "country",
        "kind",
        "review_status",
        "hidden",
        "reasons",
    )
    list_filter = ("review_status", ReasonFilter, "hidden", "kind", "organisations", "country")
    list_select_related = ("country",)
    search_fields = ("title", "location", "slug")
    date_hierarchy = "date"
    autocomplete_fields = ["country"]
    filter_horizontal = ("organisations",)
    readonly_fields = (
        "slug",
        "statement_list",
        "provenance",
        "variants",
        "warning_lines",
        "curated_fields",
        "corrected_at",
    )
    exclude = ("sources", "warnings")
    show_full_result_count = False
    actions = [*HideableAdmin.actions, "merge"]
    merge_function = staticmethod(merges.event_merge)
    merge_template = "admin/archive/event_merge.html"

    def merge_candidates(self, queryset):
        return (
            queryset.select_related("country")
            .prefetch_related("sources")
            .annotate(statement_total=Count("statements", distinct=True))
        )

    @admin.display(description=_("provenance"))
    def provenance(self, obj):
        return _provenance(obj.sources.all())

    @admin.display(description=_("statements"))
    def statement_list(self, obj):
        """The event's statements in one query, each linking to its form; a long transcript
        opens at once, and its statements are edited one by one or in their list."""
        if obj.pk is None:
            return "–"
        rows = obj.statements.select_related("speaker").order_by("position")
        listed = format_html_join(
            "",
            '<li><a href="{}">{}. {}</a> – {}{}{}</li>',
            (
                (
                    reverse("admin:archive_statement_change", args=[s.pk]),
                    s.position,
                    s.speaker.name if s.speaker_id else _("unattributed"),
                    s.get_kind_display(),
                    f" · {s.get_review_status_display()}",
                    f" · {_('hidden')}" if s.hidden else "",
                )
                for s in rows
            ),
        )
        every = reverse("admin:archive_statement_changelist") + f"?event__id__exact={obj.pk}"
        return format_html(
            '<ol class="statement-list">{}</ol><p><a href="{}">{}</a></p>',
            listed,
            every,
            _("Review, hide or show these statements in their list"),
        )

    @admin.display(description=_("what each source says"))
    def variants(self, obj):
        rows = [
            (
                ref.ref + (" ★" if ref.ref == obj.primary_ref else ""),
                "; ".join(f"{k}: {v}" for k, v in ref.values.items() if v not in (None, "", [])),
            )
            for ref in obj.refs.all()
        ]
        return format_html_join("", "<p><b>{}</b> – {}</p>", rows) or _("none")

    @admin.display(description=_("import warnings"))
    def warning_lines(self, obj):
        return _warning_lines(obj.warnings)

    def affected_statements(self, obj):
        return obj.statements.all()

    def before_add(self, obj, form):
        super().before_add(obj, form)
        obj.slug = unique_slug(Event.objects, obj.content_slug())
        obj.review_status = ReviewStatus.REVIEWED

    def after_add(self, obj):
        for other in review.duplicate_events(obj):
            review.flag(
                obj, ReviewFlag.Reason.DUPLICATE, f"may be the same occasion as {other.slug}"
            )

    def after_change(self, obj, changed):
        if "primary_ref" in changed:
            self.primary_apply(obj)
        if changed & {"title", "date"}:
            event_reslug(obj)
        if changed & {"date", "country", "organisations", "title", "primary_ref"}:
            statements_refresh(obj.statements.all())

    def primary_apply(self, event: Event) -> None:
        """A new primary source: the event takes its values, except what was corrected."""
        ref = EventRef.objects.filter(event=event, ref=event.primary_ref).first()
        if ref is None:
            return
        values = dict(ref.values)
        organisations = values.pop("organisations", None)
        for key, value in values.items():
            if key in event.curated_fields:
                continue
            field = Event._meta.get_field(key)
            setattr(event, field.attname, field.to_python(value))
            event.import_snapshot[key] = value
        event.save()
        if organisations is not None and "organisations" not in event.curated_fields:
            event.organisations.set(Organisation.objects.filter(code__in=organisations))
        event_reslug(event)


class StatementOrganisationInline(admin.TabularInline):
    model = StatementOrganisation
    fields = ("organisation", "via_event", "via_mention")
    extra = 0


class SplitForm(forms.Form):
    at = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        label=_("Split after paragraph"),
    )

    def __init__(self, *args, paragraphs: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].choices = [
            (n, f"{n}. {paragraph}") for n, paragraph in enumerate(paragraphs[:-1], 1)
        ]


@admin.register(Statement)
class StatementAdmin(HideableAdmin):
    list_display = (
        "__str__",
        "kind",
        "date",
        "speaker",
        "review_status",
        "hidden",
        "reasons",
    )
    list_filter = (
        "review_status",
        ReasonFilter,
        "hidden",
        "kind",
        "organisations",
        "speaker_country",
    )
    list_select_related = ("speaker", "event")
    search_fields = ("text", "question", "speaker__name", "event__title", "slug")
    date_hierarchy = "date"
    autocomplete_fields = ["speaker", "event"]
    filter_horizontal = ("mentioned_countries",)
    readonly_fields = (
        "slug",
        "provenance",
        "warning_lines",
        "date",
        "curated_fields",
        "corrected_at",
    )
    exclude = ("speaker_country", "event_country", "year", "sources", "warnings")
    inlines = [StatementOrganisationInline]
    show_full_result_count = False

    @admin.display(description=_("provenance"))
    def provenance(self, obj):
        return _provenance(obj.sources.all())

    @admin.display(description=_("import warnings"))
    def warning_lines(self, obj):
        return _warning_lines(obj.warnings)

    def affected_statements(self, obj):
        return Statement.objects.filter(pk=obj.pk)

    def before_add(self, obj, form):
        super().before_add(obj, form)
        obj.denormalise()
        obj.slug = unique_slug(Statement.objects, obj.content_slug())
        obj.review_status = ReviewStatus.REVIEWED

    def after_add(self, obj):
        obj.links_refresh(mentioned=[])
        changes.current(using=router.db_for_write(self.model)).statements([obj.pk], new=True)

    def after_change(self, obj, changed):
        self.statement_changed(obj, changed)

    def get_urls(self):
        split = self.admin_site.admin_view(self.split_view)
        return [path("<int:pk>/split/", split, name="archive_statement_split"), *super().get_urls()]

    def split_view(self, request, pk):
        """Split a statement in two at a paragraph break (turns the importer glued)."""
        statement = get_object_or_404(Statement.objects.select_related("event", "speaker"), pk=pk)
        if not self.has_change_permission(request, statement):
            raise PermissionDenied
        paragraphs = statement.paragraphs
        form = SplitForm(request.POST or None, paragraphs=paragraphs)
        if request.method == "POST" and form.is_valid():
            try:
                new = splits.statement_split(
                    statement, at=form.cleaned_data["at"], user=request.user
                )
            except splits.SplitError as error:
                form.add_error("at", str(error))
            else:
                self.message_user(
                    request,
                    _("Split: the second part is a new statement; check its speaker."),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:archive_statement_change", args=[new.pk])
                )
        return TemplateResponse(
            request,
            "admin/archive/statement_split.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Split “%s”") % statement,
                "opts": self.opts,
                "original": statement,
                "form": form,
                "paragraph_count": len(paragraphs),
                "last_paragraph": paragraphs[-1] if paragraphs else "",
            },
        )
