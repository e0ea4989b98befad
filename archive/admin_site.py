"""The admin site: Django's, with the review queue and everybody's recent edits on its index.

It lives apart from ``admin.py`` because the site must exist before the model admins register.
"""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.models import Event, ReviewStatus, Speaker, Statement


class ArchiveAdminSite(admin.AdminSite):
    site_header = _("Archive of diplomatic statements")
    site_title = _("Archive administration")
    index_title = _("Curation")

    def index(self, request, extra_context=None):
        """The index adds the review queue and everybody's recent edits."""
        queue = [
            (model._meta.verbose_name_plural, url, count)
            for model, url in (
                (Event, "admin:archive_event_changelist"),
                (Statement, "admin:archive_statement_changelist"),
                (Speaker, "admin:archive_speaker_changelist"),
            )
            if (count := model.objects.filter(review_status=ReviewStatus.NEEDS_REVIEW).count())
            for url in [reverse(url) + "?review_status__exact=needs_review"]
        ]
        recent = LogEntry.objects.select_related("user", "content_type").order_by("-action_time")
        extra_context = {
            **(extra_context or {}),
            "review_queue": queue,
            "recent_edits": recent[:15],
        }
        return super().index(request, extra_context)
