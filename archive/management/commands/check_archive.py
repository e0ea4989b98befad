from django.core.management.base import BaseCommand, CommandError

from archive import changes, tallies


class Command(BaseCommand):
    help = (
        "Compare the tallies behind list totals and facet counts with a fresh count of the "
        "statements; --repair counts them again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="count every tally again when they differ"
        )

    def handle(self, *args, repair, **options):
        differences = tallies.verify()
        if not differences:
            self.stdout.write(self.style.SUCCESS("Tallies are exact."))
            return
        for line in differences[:50]:
            self.stdout.write(line)
        if len(differences) > 50:
            self.stdout.write(f"… and {len(differences) - 50} more")
        if not repair:
            raise CommandError(
                f"{len(differences)} tally row(s) differ from a fresh count; "
                "run check_archive --repair"
            )
        with changes.tracked() as change:
            change.counts_everything()
        left = tallies.verify()
        if left:
            raise CommandError(f"{len(left)} tally row(s) still differ after the repair")
        self.stdout.write(self.style.SUCCESS(f"Repaired: {len(differences)} row(s) counted again."))
