"""The admin site: Django's, with the librarians' own pages.

- the index shows the review queue (how many records wait, for which reason) and everybody's
  recent changes;
- ``review/`` lists the queue, record by record, each with its reasons;
- ``upload/`` adds a text: upload or paste, preview the parse beside the raw text, correct,
  confirm (``archive.curation.uploads``).

It lives apart from ``admin.py`` because the site must exist before the model admins register.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from archive.curation import review, uploads
from archive.loader.lock import ImportBusy
from archive.models import Event, HistoryEntry, ReviewFlag, Speaker, Statement

QUEUE_MODELS = {"event": Event, "statement": Statement, "speaker": Speaker}
QUEUE_PAGE = 50


class ArchiveAdminSite(admin.AdminSite):
    site_header = _("Archive of diplomatic statements")
    site_title = _("Archive administration")
    index_title = _("Curation")

    def get_urls(self):
        return [
            path("review/", self.admin_view(self.review_view), name="review_queue"),
            path("upload/", self.admin_view(self.upload_view), name="upload"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        """The index adds the review queue and everybody's recent changes."""
        counts = review.queue_counts()
        reasons = dict(ReviewFlag.Reason.choices)
        queue = [
            (
                QUEUE_MODELS[model]._meta.verbose_name_plural,
                reasons.get(reason, _("marked by a librarian")),
                f"{reverse('admin:review_queue')}?"
                + urlencode({"model": model, "reason": reason or "none"}),
                n,
            )
            for model, reason, n in counts
        ]
        total = sum(
            QUEUE_MODELS[m].objects.filter(review_status="needs_review").count()
            for m in QUEUE_MODELS
        )
        recent = HistoryEntry.objects.select_related("user", "content_type")[:15]
        extra_context = {
            **(extra_context or {}),
            "review_queue": queue,
            "review_total": total,
            "recent_edits": recent,
            "can_upload": request.user.has_perm("archive.add_event"),
        }
        return super().index(request, extra_context)

    def review_view(self, request):
        """The records in the review queue, each with why it is there."""
        model_name = request.GET.get("model", "statement")
        model = QUEUE_MODELS.get(model_name, Statement)
        model_name = model._meta.model_name
        if not request.user.has_perm(f"archive.view_{model_name}"):
            return redirect("admin:index")
        reason = request.GET.get("reason") or None
        records = review.in_queue(model, "" if reason == "none" else reason)
        related = {"statement": ["event", "speaker"], "event": ["country"], "speaker": ["country"]}
        records = records.select_related(*related[model_name]).prefetch_related("review_flags")
        page = Paginator(records.order_by("-pk"), QUEUE_PAGE).get_page(request.GET.get("page"))
        return TemplateResponse(
            request,
            "admin/archive/review_queue.html",
            {
                **self.each_context(request),
                "title": _("Review queue"),
                "page_obj": page,
                "model_name": model_name,
                "models": [(name, m._meta.verbose_name_plural) for name, m in QUEUE_MODELS.items()],
                "reason": reason,
                # The queue's own links keep this model and reason, and nothing else.
                "queue_query": {"model": model_name, "reason": reason},
                "reasons": [*ReviewFlag.Reason.choices, ("none", _("marked by a librarian"))],
                "change_url": f"admin:archive_{model_name}_change",
            },
        )

    def upload_view(self, request):
        """Add a text: upload or paste → preview and correct → confirm → report."""
        if not request.user.has_perm("archive.add_event"):
            return redirect("admin:index")
        context = {**self.each_context(request), "title": _("Add a text")}
        step = request.POST.get("step")
        if step == "confirm":
            return self._upload_confirm(request, context)
        form = uploads.UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data, name = form.cleaned_data["data"], form.cleaned_data["name"]
            shown = uploads.preview(data, name=name)
            try:
                report = uploads.import_dry_run(data, name=name, user=request.user)
            except ImportBusy as busy:
                form.add_error(None, _("%s; try again in a few minutes.") % busy)
            else:
                corrections = uploads.CorrectionsForm(
                    initial={"data": uploads.encoded(data), "name": name}, parsed=shown.parsed
                )
                return TemplateResponse(
                    request,
                    "admin/archive/upload_preview.html",
                    {
                        **context,
                        "title": _("Check the text before importing it"),
                        "preview": shown,
                        "report": report,
                        "form": corrections,
                        "name": name,
                    },
                )
        return TemplateResponse(request, "admin/archive/upload.html", {**context, "form": form})

    def _upload_confirm(self, request, context):
        data = uploads.decoded(request.POST.get("data", ""))
        if data is None:
            return TemplateResponse(
                request,
                "admin/archive/upload.html",
                {
                    **context,
                    "form": uploads.UploadForm(),
                    "error": _("The text was lost on the way; please upload it again."),
                },
            )
        name = uploads.upload_name(request.POST.get("name", ""))
        shown = uploads.preview(data, name=name)
        form = uploads.CorrectionsForm(request.POST, parsed=shown.parsed)
        if not form.is_valid() or shown.parsed is None:
            return TemplateResponse(
                request,
                "admin/archive/upload_preview.html",
                {**context, "preview": shown, "form": form, "name": name, "report": None},
            )
        try:
            report = uploads.import_with_corrections(
                data, name=name, user=request.user, corrections=form.corrections(shown.parsed)
            )
        except ImportBusy as busy:
            form.add_error(None, _("%s; try again in a few minutes.") % busy)
            return TemplateResponse(
                request,
                "admin/archive/upload_preview.html",
                {**context, "preview": shown, "form": form, "name": name, "report": None},
            )
        events = Event.objects.filter(refs__ref__startswith=f"{name}#").distinct()
        return TemplateResponse(
            request,
            "admin/archive/upload_done.html",
            {**context, "title": _("Import report"), "report": report, "events": events},
        )
