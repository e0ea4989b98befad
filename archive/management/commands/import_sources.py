import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.loader.batch import sources_import


def printable(text: str) -> str:
    """Control characters (and undecodable bytes) as escapes: a file name cannot drive the
    terminal, forge a report line, or hide what it is."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape", "backslashreplace").decode()
        for char in text
    )


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

    def handle(self, *args, paths, dry_run, max_bytes, **options):
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
        )
        self.print_report(report, dry_run=dry_run)
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

    def print_report(self, report, *, dry_run: bool) -> None:
        counts = report.counts
        for result in report.results:
            name = printable(result.name)
            if result.status == "failed":
                message = printable(result.message)
                self.stdout.write(self.style.ERROR(f"{name}: failed: {message}"))
            for warning in result.warnings:
                where = f"{name}:{warning.line}" if warning.line else name
                message = printable(warning.message)
                self.stdout.write(self.style.WARNING(f"{where}: {warning.code}: {message}"))
        if dry_run:
            summary = (
                f"Dry run, nothing written: {counts['parsed']} parsed, "
                f"{counts['unchanged']} unchanged, {counts['failed']} failed; "
                f"{report.statements_created} statements found."
            )
        else:
            summary = (
                f"Files: {counts['imported']} imported, {counts['unchanged']} unchanged, "
                f"{counts['updated']} updated, {counts['failed']} failed. "
                f"Statements: {report.statements_created} created, "
                f"{report.statements_updated} updated."
            )
        self.stdout.write(self.style.SUCCESS(summary) if not report.failed else summary)
