import json

from django.core.management.base import BaseCommand

from archive.models import Statement
from archive.reuse.dataset import ORDER
from archive.reuse.records import statement_records


class Command(BaseCommand):
    help = "Write every public statement as JSON Lines to stdout (see docs/EXPORT.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--include-hidden", action="store_true", help="also export hidden statements"
        )

    def handle(self, *args, include_hidden, **options):
        queryset = Statement.objects.all() if include_hidden else Statement.objects.public()
        for record in statement_records(queryset.order_by(*ORDER)):
            self.stdout.write(json.dumps(record, ensure_ascii=False))
