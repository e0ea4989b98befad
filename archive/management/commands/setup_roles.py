from django.core.management.base import BaseCommand

from archive.curation.roles import LIBRARIANS, librarians_group_sync


class Command(BaseCommand):
    help = "Create or reset the Librarians group's permissions (migrate also does this)."

    def handle(self, *args, **options):
        group = librarians_group_sync()
        self.stdout.write(f"{LIBRARIANS}: {group.permissions.count()} permissions.")
