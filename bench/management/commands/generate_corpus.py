import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.loader.reference import reference_load
from bench.corpus import corpus_plan
from bench.corpus.database import ForeignContent, corpus_generate
from bench.corpus.sources import sources_write

STATEMENTS_PER_SOURCE = 4  # the seed sources hold 22 statements in 5 files


class Command(BaseCommand):
    help = (
        "Replace the archive's content with a deterministic synthetic corpus shaped like the "
        "seed sources (for benchmarks), or write it as source texts with --as-sources."
    )

    def add_arguments(self, parser):
        parser.add_argument("--statements", type=int, required=True, help="how many (N)")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same corpus")
        parser.add_argument("--events", type=int, help="default: N/20, at most 5,000")
        parser.add_argument("--speakers", type=int, help="default: N/50, at most 2,000")
        parser.add_argument(
            "--as-sources",
            type=Path,
            metavar="DIR",
            help="write N source files (one event each) to DIR instead of the database",
        )
        parser.add_argument(
            "--force", action="store_true", help="replace content that was not generated"
        )

    def handle(self, *args, statements, seed, events, speakers, as_sources, force, **options):
        if statements < 1:
            raise CommandError("--statements must be at least 1.")
        started = time.perf_counter()
        if as_sources is not None:
            plan = corpus_plan(
                statements=statements * STATEMENTS_PER_SOURCE,
                seed=seed,
                events=statements,
                speakers=speakers,
            )
            files = sources_write(plan=plan, directory=as_sources)
            self.stdout.write(
                f"{len(files)} source files written to {as_sources} in "
                f"{time.perf_counter() - started:.1f} s."
            )
            return
        reference_load(directory=settings.REFERENCE_DIR)
        plan = corpus_plan(statements=statements, seed=seed, events=events, speakers=speakers)
        try:
            report = corpus_generate(plan=plan, force=force, progress=self.progress)
        except ForeignContent as error:
            raise CommandError(
                f"Refusing to replace it: {error}. Use a scratch database (DATABASE_URL), "
                "or --force to delete that content."
            ) from None
        self.stdout.write(json.dumps(report.metadata, indent=2, ensure_ascii=False))
        self.stdout.write(
            self.style.SUCCESS(f"{statements:,} statements generated in {report.seconds:.1f} s.")
        )

    def progress(self, message: str) -> None:
        self.stderr.write(message)
