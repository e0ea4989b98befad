from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "archive"
    verbose_name = _("Archive of diplomatic statements")

    def ready(self):
        # The model admins live in archive.curation, where the admin's autodiscovery (which
        # imports each app's ``admin`` module) does not look: registered here instead.
        import archive.curation.admin  # noqa: F401
        from archive.curation.roles import librarians_group_sync
        from archive.tallies import count_after_migrate

        # Permissions exist only after migrate has run, so the group is (re)built then.
        post_migrate.connect(librarians_group_sync, dispatch_uid="archive.librarians")
        post_migrate.connect(count_after_migrate, sender=self, dispatch_uid="archive.tallies")


class ArchiveAdminConfig(admin_apps.AdminConfig):
    """The admin, with the archive's site (review queue and recent edits on its index)."""

    default = False
    default_site = "archive.curation.admin_site.ArchiveAdminSite"
