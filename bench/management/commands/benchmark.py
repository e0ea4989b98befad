import os
import re
import shlex
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.benchmark.run import Options, benchmark_run

# Django's own options (verbosity, settings…) say nothing about the measurement.
BASE_OPTIONS = {
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}


class Command(BaseCommand):
    help = (
        "Measure the archive on the current database (page times, export, importer; with "
        "--wrk and --datasette throughput under load) and write docs/PERFORMANCE.md."
    )

    def add_arguments(self, parser):
        defaults = Options()
        parser.add_argument("--runs", type=int, default=defaults.runs, help="repetitions")
        parser.add_argument(
            "--requests", type=int, default=defaults.requests, help="requests per page and run"
        )
        parser.add_argument("--warmup", type=int, default=defaults.warmup)
        parser.add_argument(
            "--budget",
            type=float,
            default=defaults.budget,
            help="seconds per page and run before it is cut short",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.BASE_DIR / "docs" / "PERFORMANCE.md",
            help="the Markdown file whose section this run replaces",
        )
        parser.add_argument("--label", default="", help="section name (default: database-size)")
        parser.add_argument("--no-explain", action="store_true", help="skip EXPLAIN of misses")
        parser.add_argument("--no-export", action="store_true", help="skip the CSV export")
        parser.add_argument(
            "--importer-files", type=int, default=defaults.importer_files, help="0 to skip"
        )
        parser.add_argument(
            "--no-admin", action="store_true", help="skip timing the admin's event form"
        )
        parser.add_argument("--wrk", action="store_true", help="also wrk against gunicorn")
        parser.add_argument("--wrk-duration", type=int, default=defaults.wrk_duration)
        parser.add_argument("--wrk-connections", type=int, default=defaults.wrk_connections)
        parser.add_argument(
            "--datasette", action="store_true", help="also wrk against Datasette (peer)"
        )
        parser.add_argument(
            "--datasette-db",
            type=Path,
            help="SQLite file with the same corpus, for a PostgreSQL run",
        )
        parser.add_argument("--datasette-venv", type=Path, default=Options().datasette_venv)

    def handle(self, *args, **o):
        if o["runs"] < 1 or o["requests"] < 1:
            raise CommandError("--runs and --requests must be at least 1.")
        options = Options(
            runs=o["runs"],
            requests=o["requests"],
            warmup=o["warmup"],
            budget=o["budget"],
            explain=not o["no_explain"],
            export=not o["no_export"],
            importer_files=o["importer_files"],
            admin=not o["no_admin"],
            wrk=o["wrk"],
            wrk_duration=o["wrk_duration"],
            wrk_connections=o["wrk_connections"],
            datasette=o["datasette"],
            datasette_db=o["datasette_db"],
            datasette_venv=o["datasette_venv"],
            label=o["label"],
            command=self.command_line(o),
        )
        benchmark_run(options=options, output=o["output"], say=self.stdout.write)

    def command_line(self, given: dict) -> str:
        """The command with the options that differ from their defaults, and its database."""
        parser = self.create_parser("manage.py", "benchmark")
        words = ["python", "manage.py", "benchmark"]
        for action in parser._actions:
            if not action.option_strings or action.dest in {"help", "version"}:
                continue
            value = given.get(action.dest, action.default)
            if value == action.default or action.dest in BASE_OPTIONS:
                continue
            flag = max(action.option_strings, key=len)
            words.append(flag if value is True else f"{flag}={value}")
        url = re.sub(r"//([^:/@]+):[^@]*@", r"//\1@", os.environ.get("DATABASE_URL", ""))
        prefix = f"DATABASE_URL={shlex.quote(url)} " if url else ""
        return prefix + " ".join(shlex.quote(word) for word in words)
