"""A ``CorpusPlan`` written into the database in bulk, with rows as the importer leaves them.

PostgreSQL receives ``COPY`` streams (its generated ``search_vector`` column fills itself);
SQLite receives batched ``executemany`` inserts with ``search_stems`` filled, and its triggers
fill the FTS5 index. Slugs, bylines, denormalised copies, organisation links and import
snapshots follow the loader's conventions, so pages see what a real import would give them.

Generated rows are recognisable: their sources' paths and their events' import references
start with ``synthetic/``, and ``synthetic/corpus.json`` holds the corpus metadata (the seed,
the counts and the marker words a benchmark searches for).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection, transaction

from archive import changes
from archive.models import (
    Country,
    Event,
    EventRef,
    HistoryEntry,
    Merge,
    Organisation,
    ReviewFlag,
    ReviewStatus,
    SlugRedirect,
    Source,
    Speaker,
    Statement,
    StatementOrganisation,
    StatementRef,
)
from archive.search.query import excerpt_of
from bench.corpus.plan import CorpusPlan, UniqueSlugs

SYNTHETIC_PREFIX = "synthetic/"
METADATA_PATH = "synthetic/corpus.json"
SQLITE_BATCH = 2000
MAINTENANCE_WORK_MEM = "512MB"  # index builds after the load, for this transaction only
PROGRESS_EVERY = 10_000
# Sources keep their whole raw text in real imports; synthetic ones say what they are instead,
# which keeps the load fast and changes no page (no public page reads raw texts).
IMPORTED_AT = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)

# Content tables, children first (the order SQLite deletes them in).
CONTENT_MODELS = [
    ReviewFlag,
    HistoryEntry,
    Merge,
    StatementRef,
    EventRef,
    Statement.mentioned_countries.through,
    Statement.sources.through,
    StatementOrganisation,
    Statement,
    Event.organisations.through,
    Event.sources.through,
    Event,
    Speaker,
    SlugRedirect,
    Source,
]
# Tables whose secondary indexes are built after the load rather than during it.
DEFERRED_INDEXES = [
    Statement,
    StatementOrganisation,
    Statement.mentioned_countries.through,
    Statement.sources.through,
]


class ForeignContent(Exception):
    """The database holds records that generate_corpus did not make."""


@dataclass
class CorpusReport:
    metadata: dict
    seconds: float


def foreign_content() -> dict[str, int]:
    """Records another process made (imports, librarians), which a corpus would replace."""
    synthetic = Source.objects.filter(path=METADATA_PATH).exists()
    counts = {
        "sources": Source.objects.exclude(path__startswith=SYNTHETIC_PREFIX).count(),
        "events": Event.objects.exclude(primary_ref__startswith=SYNTHETIC_PREFIX).count(),
        "speakers": 0 if synthetic else Speaker.objects.count(),
    }
    return {name: n for name, n in counts.items() if n}


def corpus_generate(
    *, plan: CorpusPlan, force: bool = False, progress: Callable[[str], None] | None = None
) -> CorpusReport:
    """Replace the archive's content with the plan's corpus, in one transaction.

    Refuses (``ForeignContent``) when that would delete records it did not make, unless
    ``force``. Reference data (countries, organisations) must be loaded first.
    """
    started = time.perf_counter()
    say = progress or (lambda message: None)
    with transaction.atomic():
        found = foreign_content()
        if found and not force:
            listed = ", ".join(f"{n} {name}" for name, n in found.items())
            raise ForeignContent(f"the database holds content not generated here ({listed})")
        _wipe()
        writer = _writer()
        _Loader(plan, writer, say).load()
        metadata = plan.metadata()
        _write_metadata(writer, metadata, number=len(plan.events) + 1)
        say(f"rows written in {time.perf_counter() - started:.1f} s; building indexes")
        writer.finish([*CONTENT_MODELS])
        say(f"indexes built at {time.perf_counter() - started:.1f} s; counting the tallies")
        # Everything changed: every tally is counted again and the version moves.
        with changes.tracked() as change:
            change.counts_everything()
        say(f"tallies counted at {time.perf_counter() - started:.1f} s; committing")
    say(f"committed at {time.perf_counter() - started:.1f} s; gathering planner statistics")
    _analyse(in_transaction=connection.in_atomic_block)
    seconds = time.perf_counter() - started
    metadata["seconds"] = round(seconds, 1)  # the whole generation, statistics included
    metadata["load_average"] = [round(n, 2) for n in os.getloadavg()]  # a shared machine?
    raw = json.dumps(metadata, indent=2, ensure_ascii=False)
    Source.objects.filter(path=METADATA_PATH).update(
        raw_text=raw, size=len(raw.encode()), checksum=hashlib.sha256(raw.encode()).hexdigest()
    )
    return CorpusReport(metadata=metadata, seconds=seconds)


def corpus_metadata() -> dict | None:
    """The metadata of the synthetic corpus in the database, or None when there is none."""
    source = Source.objects.filter(path=METADATA_PATH).only("raw_text").first()
    return json.loads(source.raw_text) if source else None


def _wipe() -> None:
    tables = [model._meta.db_table for model in CONTENT_MODELS]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Foreign keys are checked row by row from here on: a pending (deferred) check
            # would block TRUNCATE now and CREATE INDEX after the load.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            return
        for table in tables:
            cursor.execute(f'DELETE FROM "{table}"')
        placeholders = ", ".join(["%s"] * len(tables))
        cursor.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({placeholders})", tables)


def _analyse(*, in_transaction: bool) -> None:
    """Planner statistics, as autovacuum would gather them soon after a real import.

    SQLite gets none: nothing in the project runs ANALYZE there, so neither does this (with
    statistics, its planner sorts every match of a common word instead of walking the list
    order).
    """
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(model._meta.db_table for model in CONTENT_MODELS)
    with connection.cursor() as cursor:
        cursor.execute(f"{'ANALYZE' if in_transaction else 'VACUUM ANALYZE'} {tables}")


# Writers ---------------------------------------------------------------------------------


class _CopyWriter:
    """PostgreSQL: one COPY stream per table, into tables emptied in the same transaction.

    As pg_restore does, secondary indexes are dropped before the load and built again after
    it (faster than updating them row by row), and rows are written frozen (no vacuum pass
    needed to mark them visible). Both are undone by a rollback.
    """

    def __init__(self):
        connection.ensure_connection()
        self.raw = connection.connection
        self.deferred: list[str] = []
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
            for model in DEFERRED_INDEXES:
                cursor.execute(
                    "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) "
                    "FROM pg_index WHERE indrelid = %s::regclass "
                    "AND NOT indisunique AND NOT indisprimary",
                    [model._meta.db_table],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f"DROP INDEX {name}")
                    self.deferred.append(definition)

    def rows(self, model, columns: list[str], rows: Iterable[tuple]) -> None:
        table = model._meta.db_table
        names = ", ".join(f'"{c}"' for c in columns)
        sql = f"COPY {table} ({names}) FROM STDIN WITH (FREEZE)"
        with self.raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)

    def finish(self, models) -> None:
        with connection.cursor() as cursor:
            for definition in self.deferred:
                cursor.execute(definition)
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


class _InsertWriter:
    """SQLite: batched executemany inside the surrounding transaction."""

    def __init__(self):
        connection.ensure_connection()
        self.raw = connection.connection

    def rows(self, model, columns: list[str], rows: Iterable[tuple]) -> None:
        table = model._meta.db_table
        names = ", ".join(f'"{c}"' for c in columns)
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= SQLITE_BATCH:
                self.raw.executemany(sql, batch)
                batch.clear()
        if batch:
            self.raw.executemany(sql, batch)

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)

    def finish(self, models) -> None:
        """SQLite's AUTOINCREMENT follows explicit ids by itself."""


def _writer():
    return _CopyWriter() if connection.vendor == "postgresql" else _InsertWriter()


def _json(value) -> str:
    """What Django's JSONField stores (``json.dumps`` with its defaults)."""
    return json.dumps(value)


def _datetime(value: dt.datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _write_metadata(writer, metadata: dict, *, number: int) -> None:
    raw = json.dumps(metadata, indent=2, ensure_ascii=False)
    writer.rows(
        Source,
        [*_SOURCE_COLUMNS],
        [_source_row(number, METADATA_PATH, "Synthetic corpus (generate_corpus)", None, raw)],
    )


_SOURCE_COLUMNS = (
    "id",
    "path",
    "title",
    "number",
    "urls",
    "image_urls",
    "checksum",
    "encoding",
    "size",
    "raw_text",
    "noise",
    "warnings",
    "origin",
    "imported_at",
    "updated_at",
)


def _source_row(pk: int, path: str, title: str, number: int | None, raw: str) -> tuple:
    data = raw.encode()
    stamp = _datetime(IMPORTED_AT)
    return (
        pk,
        path,
        title[:500],
        number,
        "[]",
        "[]",
        hashlib.sha256(data).hexdigest(),
        "utf-8",
        len(data),
        raw,
        "[]",
        "[]",
        "",
        stamp,
        stamp,
    )


class _Loader:
    """Streams the plan's rows to a writer, table by table."""

    def __init__(self, plan: CorpusPlan, writer, say: Callable[[str], None]):
        self.plan = plan
        self.writer = writer
        self.say = say
        self.country_ids = dict(Country.objects.values_list("iso2", "pk"))
        self.organisation_ids = dict(Organisation.objects.values_list("code", "pk"))
        missing = [c for c in plan.countries if c not in self.country_ids]
        if missing or not self.organisation_ids:
            raise ValueError("load the reference data first (countries and organisations)")
        self.sqlite = connection.vendor == "sqlite"

    def load(self) -> None:
        self._speakers()
        self._events()
        self._statements()

    def _speakers(self) -> None:
        known = {s.name: s for s in self.plan.reference.speakers}
        rows = []
        for pk, speaker in enumerate(self.plan.speakers, start=1):
            reference = known.get(speaker.name)
            rows.append(
                (
                    pk,
                    "[]",
                    ReviewStatus.IMPORTED if reference else ReviewStatus.NEEDS_REVIEW,
                    "{}",
                    None,
                    speaker.name,
                    speaker.slug,
                    _json(list(reference.aliases) if reference else []),
                    self.country_ids[speaker.country],
                )
            )
        columns = ["id", "curated_fields", "review_status", "import_snapshot", "corrected_at"]
        self.writer.rows(Speaker, [*columns, "name", "slug", "aliases", "country_id"], rows)
        self.say(f"{len(rows)} speakers")

    def _events(self) -> None:
        plan = self.plan
        sources, events, organisations, links = [], [], [], []
        for event in plan.events:
            path = f"{SYNTHETIC_PREFIX}{plan.seed}/{event.number:05d}.txt"
            note = f"Synthetic source of event {event.number}, seed {plan.seed} (generate_corpus)."
            sources.append(_source_row(event.number, path, event.title, event.number, note))
            country = self.country_ids[event.country]
            snapshot = {
                "title": event.title,
                "date": event.date.isoformat(),
                "time": event.time.isoformat() if event.time else None,
                "location": event.location,
                "country": country,
                "kind": event.kind,
            }
            events.append(
                (
                    event.number,
                    "[]",
                    ReviewStatus.IMPORTED,
                    _json(snapshot),
                    None,
                    event.title,
                    event.slug,
                    event.date.isoformat(),
                    event.time.isoformat() if event.time else None,
                    event.location,
                    event.kind,
                    f"{path}#1",
                    "[]",
                    "{}",
                    event.hidden,
                    country,
                )
            )
            organisations += [(event.number, self.organisation_ids[c]) for c in event.organisations]
            links.append((event.number, event.number))
        self.writer.rows(Source, [*_SOURCE_COLUMNS], sources)
        columns = ["id", "curated_fields", "review_status", "import_snapshot", "corrected_at"]
        columns += ["title", "slug", "date", "time", "location", "kind", "primary_ref"]
        self.writer.rows(
            Event, [*columns, "warnings", "provenance", "hidden", "country_id"], events
        )
        self.writer.rows(
            EventRef,
            ["event_id", "ref", "values"],
            ((row[0], row[11], "{}") for row in events),
        )
        self.writer.rows(
            Event.organisations.through, ["event_id", "organisation_id"], organisations
        )
        self.writer.rows(Event.sources.through, ["event_id", "source_id"], links)
        self.say(f"{len(events)} events")

    def _statements(self) -> None:
        links: list[tuple] = []
        countries: list[tuple] = []
        columns = ["id", "curated_fields", "review_status", "import_snapshot", "corrected_at"]
        columns += ["event_id", "position", "speaker_id", "role", "kind", "text", "question"]
        columns += ["asked_by", "slug", "warnings", "hidden", "date", "year"]
        columns += ["speaker_country_id", "event_country_id", "byline", "search_stems", "excerpt"]
        self.writer.rows(Statement, columns, self._statement_rows(links, countries))
        self.writer.rows(
            StatementOrganisation,
            ["statement_id", "organisation_id", "via_event", "via_mention", "date", "country_id"],
            links,
        )
        self.writer.rows(
            Statement.mentioned_countries.through, ["statement_id", "country_id"], countries
        )
        # Each statement cites its event's source, as the loader links them.
        sources = Statement.sources.through._meta.db_table
        event_sources = Event.sources.through._meta.db_table
        self.writer.execute(
            f"INSERT INTO {sources} (statement_id, source_id) "
            f"SELECT s.id, es.source_id FROM archive_statement s "
            f"JOIN {event_sources} es ON es.event_id = s.event_id ORDER BY s.id"
        )
        # Each statement is its event's turn at its position, as the loader refers to them.
        self.writer.execute(
            f"INSERT INTO {StatementRef._meta.db_table} (ref, statement_id, owner) "
            f"SELECT er.ref || '.' || s.position, s.id, TRUE FROM archive_statement s "
            f"JOIN {EventRef._meta.db_table} er ON er.event_id = s.event_id ORDER BY s.id"
        )
        self.say(f"{len(links)} organisation links, {len(countries)} country mentions")

    def _statement_rows(self, links: list, countries: list):
        plan = self.plan
        rng = plan.rng("texts")
        slugs = UniqueSlugs()
        started = time.perf_counter()
        for statement in plan.statements():
            event = plan.events[statement.event]
            speaker = plan.speakers[statement.speaker] if statement.speaker is not None else None
            speaker_id = statement.speaker + 1 if speaker else None
            speaker_country = self.country_ids[speaker.country] if speaker else None
            text, text_stems, question, question_stems = plan.texts(
                statement, rng, stems=self.sqlite
            )
            byline = plan.byline(statement)
            stems = ""
            if self.sqlite:
                parts = (plan.composer.stems_for(byline), question_stems, text_stems)
                stems = " ".join(part for part in parts if part)
            snapshot = {
                "speaker": speaker_id,
                "role": speaker.role if speaker else "",
                "kind": statement.kind,
                "text": text,
                "question": question,
                "asked_by": statement.asked_by,
            }
            pk = statement.number
            yield (
                pk,
                "[]",
                ReviewStatus.IMPORTED,
                _json(snapshot),
                None,
                event.number,
                statement.position,
                speaker_id,
                speaker.role if speaker else "",
                statement.kind,
                text,
                question,
                statement.asked_by,
                plan.statement_slug(statement, slugs),
                "[]",
                statement.hidden,
                event.date.isoformat(),
                event.date.year,
                speaker_country,
                self.country_ids[event.country],
                byline,
                stems,
                excerpt_of(text),
            )
            own = set(event.organisations)
            for code in sorted(own | set(statement.mentions)):
                links.append(
                    (
                        pk,
                        self.organisation_ids[code],
                        code in own,
                        code in statement.mentions,
                        event.date.isoformat(),
                        speaker_country,
                    )
                )
            countries += [(pk, self.country_ids[iso2]) for iso2 in statement.countries]
            if pk % PROGRESS_EVERY == 0:
                rate = pk / (time.perf_counter() - started)
                self.say(f"{pk:,} of {plan.size:,} statements ({rate:,.0f}/s)")
