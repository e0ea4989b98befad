import json

from django.core.management.base import BaseCommand

from archive.export import statement_record, statements_for_export
from archive.models import Statement


class Command(BaseCommand):
    help = "Write every public statement as JSON Lines to stdout (see docs/EXPORT.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--include-hidden", action="store_true", help="also export hidden statements"
        )

    def handle(self, *args, include_hidden, **options):
        queryset = Statement.objects.all() if include_hidden else Statement.objects.public()
        queryset = statements_for_export(queryset.order_by("date", "event__slug", "position"))
        for statement in queryset.iterator(chunk_size=500):
            self.stdout.write(json.dumps(statement_record(statement), ensure_ascii=False))
