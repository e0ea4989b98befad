import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.loader.batch import sources_import
from archive.reuse.dataset import dataset_build


class Command(BaseCommand):
    help = "Parse source texts into events, speakers and statements (default: fixtures/sources/)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="files or folders to import")
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and report, write nothing"
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=settings.IMPORT_MAX_BYTES,
            help="largest file accepted (default: IMPORT_MAX_BYTES)",
        )
        parser.add_argument(
            "--no-dataset",
            action="store_true",
            help="do not rebuild the bulk dataset at the end (build_dataset does it later)",
        )

    def handle(self, *args, paths, dry_run, max_bytes, no_dataset, **options):
        paths = paths or [settings.SOURCES_DIR]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        report = sources_import(
            paths=paths,
            reference_dir=settings.REFERENCE_DIR,
            max_bytes=max_bytes,
            dry_run=dry_run,
            progress=self.progress if sys.stderr.isatty() else None,
            notice=lambda message: self.stderr.write(message),
        )
        self.print_report(report)
        if not dry_run and not no_dataset:
            release = dataset_build()
            if release is not None:
                self.stdout.write(f"Bulk dataset rebuilt: {release.path.name}.")
        if report.failed:
            raise CommandError(f"{len(report.failed)} file(s) failed; the others were imported.")

    def progress(self, done: int, total: int) -> None:
        if total < 20:
            return
        width = 30
        filled = width * done // total
        end = "\n" if done == total else ""
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=end)
        self.stderr.flush()

    def print_report(self, report) -> None:
        *lines, summary = report.lines()
        for line in lines:
            style = self.style.ERROR if ": failed: " in line else self.style.WARNING
            self.stdout.write(style(line))
        self.stdout.write(self.style.SUCCESS(summary) if not report.failed else summary)
