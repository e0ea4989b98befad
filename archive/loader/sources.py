"""Source files → model rows, one transaction per source file.

The parser (``archive.ingest``) does the reading; this module decides identity:
- a source is identified by its path relative to the sources folder; an unchanged checksum
  means nothing to do;
- a part of a source is an Event identified by ``"<path>#<part>"``, or, for a second source
  reporting the same occasion (a blog repost of a mid.ru transcript), by date, place,
  organisations and a similar title;
- a turn is a Statement identified by its event and position, or, in another source's event,
  by its speaker and text.
Fields listed in a record's ``curated_fields`` are never overwritten; when the source changed
under a librarian's correction, the conflict is reported instead.

New statements (every statement of a new file) are written in bulk, a few queries per file
whatever their number; statements already stored are updated one by one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from itertools import batched
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from archive import tallies, versioning
from archive.ingest.normalise import match_key
from archive.ingest.records import ParsedSource, Part, SpeakerRef, Turn, Warning
from archive.models import (
    Country,
    Event,
    Organisation,
    ReviewStatus,
    Source,
    Speaker,
    Statement,
    StatementOrganisation,
)
from archive.slugs import unique_slug, unique_slugs

SIMILAR_TITLE = 0.5
SIMILAR_TEXT = 0.8


@dataclass
class FileResult:
    """What happened to one file, for the import report."""

    name: str
    status: str  # imported, updated, unchanged, failed, or parsed (dry run)
    statements_created: int = 0
    statements_updated: int = 0
    warnings: list[Warning] = field(default_factory=list)
    message: str = ""


@dataclass
class SourceFile:
    """A file read and checksummed, new or changed since its last import: to parse and load."""

    name: str
    data: bytes
    checksum: str


def _snapshot(value):
    """A JSON-safe form of a field value, to remember what the importer last set."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _words(text: str) -> set[str]:
    return {w for w in match_key(text).replace("-", " ").split() if len(w) > 3}


def _similarity(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 1.0 if match_key(a) == match_key(b) else 0.0
    return len(wa & wb) / len(wa | wb)


class SourceLoader:
    """Loads parsed sources into the database; caches reference rows across files."""

    def __init__(self, *, speakers=None, reference_speakers=()):
        """``speakers``: every Speaker with its country, when already read for the run."""
        self.countries = {c.iso2: c for c in Country.objects.all()}
        self.organisations = {o.code: o for o in Organisation.objects.all()}
        self.reference_speakers = {s.name: s for s in reference_speakers}
        self._speakers = None if speakers is None else _speaker_index(speakers)
        # The stored checksum of each source met in this run (see ``checksums_fetch``).
        self.checksums: dict[str, str] = {}

    # Entry points ----------------------------------------------------------------------------

    def checksums_fetch(self, names) -> None:
        """Remember the stored checksums of these sources: a few queries for a whole run."""
        for chunk in batched(names, 500):
            self.checksums.update(
                Source.objects.filter(path__in=chunk).values_list("path", "checksum")
            )

    def read(self, path: Path, *, name: str, max_bytes: int) -> SourceFile | FileResult:
        """The file to parse, or its result when it is too large or unchanged."""
        size = path.stat().st_size
        if size > max_bytes:
            return FileResult(
                name,
                "failed",
                message=(
                    f"file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.1f} MB "
                    "limit (IMPORT_MAX_BYTES)"
                ),
            )
        data = path.read_bytes()
        checksum = hashlib.sha256(data).hexdigest()
        if self.checksums.get(name) == checksum:
            return FileResult(name, "unchanged")
        return SourceFile(name, data, checksum)

    def load(self, file: SourceFile, parsed: ParsedSource, *, dry_run: bool = False) -> FileResult:
        """Write one parsed file in one transaction (nothing with ``dry_run``)."""
        name = file.name
        if dry_run:
            return FileResult(
                name,
                "parsed",
                statements_created=sum(len(p.turns) for p in parsed.parts),
                warnings=list(parsed.warnings),
            )
        # Checked again: the same name may come twice in a run, read before the first loaded.
        stored = self.checksums.get(name)
        if stored == file.checksum:
            return FileResult(name, "unchanged")
        try:
            with transaction.atomic():
                source = Source.objects.filter(path=name).first() if stored else None
                result = FileResult(name, "updated" if source else "imported")
                self._load(source, parsed, file=file, result=result)
        except Exception:
            self._speakers = None  # rows created in the rolled-back transaction are gone
            raise
        self.checksums[name] = file.checksum
        return result

    # Sources ---------------------------------------------------------------------------------

    def _load(self, source, parsed: ParsedSource, *, file: SourceFile, result) -> None:
        now = timezone.now()
        warnings = [w.__dict__ for w in parsed.warnings]
        values = {
            "title": parsed.title[:500],
            "number": parsed.number,
            "urls": parsed.urls,
            "image_urls": parsed.image_urls,
            "checksum": file.checksum,
            "encoding": parsed.encoding,
            "size": len(file.data),
            "raw_text": file.data.decode(parsed.encoding, errors="replace"),
            "noise": parsed.noise,
            "warnings": warnings,
            "updated_at": now,
        }
        created = source is None
        if created:
            source = Source.objects.create(path=file.name, imported_at=now, **values)
        else:
            for key, value in values.items():
                setattr(source, key, value)
            source.save()
        result.warnings.extend(parsed.warnings)
        dates = set()
        kept_events = set()
        for index, part in enumerate(parsed.parts, start=1):
            ref = f"{file.name}#{index}"
            event = self._event_find(part, ref=ref)
            new_event = event is None
            event, codes = self._event_upsert(
                source, part, ref=ref, event=event, warnings=self._warnings_for(parsed, part)
            )
            kept_events.add(event.pk)
            dates |= self._statements_upsert(
                source, event, part, parsed, result, codes=codes, new_event=new_event
            )
        _changed(dates)
        if created:
            return
        # A part the changed source no longer has: unlink it, and drop what only it held.
        for event in source.events.exclude(pk__in=kept_events):
            event.sources.remove(source)
            if not event.sources.exists() and not event.curated_fields:
                event.delete()

    def _warnings_for(self, parsed: ParsedSource, part: Part) -> list[Warning]:
        """The warnings that fall inside a part's lines (the first part takes unplaced ones)."""
        starts = [p.line for p in parsed.parts]
        index = parsed.parts.index(part)
        end = starts[index + 1] if index + 1 < len(starts) else None
        return [
            w
            for w in parsed.warnings
            if (w.line is None and index == 0)
            or (w.line is not None and w.line >= part.line and (end is None or w.line < end))
            or (w.line is not None and index == 0 and w.line < part.line)
        ]

    # Curated-aware assignment ----------------------------------------------------------------

    def _apply(self, obj, values: dict, result: FileResult, label: str) -> bool:
        """Set each value unless a librarian curated that field; report conflicts."""
        changed = False
        for key, value in values.items():
            new = _snapshot(value)
            if key in obj.curated_fields:
                previous = obj.import_snapshot.get(key, new)
                if previous != new:
                    result.warnings.append(
                        Warning(
                            "curated-conflict",
                            f"{label}: the source changed '{key}' to {new!r}, but a librarian's "
                            "correction is kept",
                        )
                    )
            elif _snapshot(getattr(obj, key)) != new:
                setattr(obj, key, value)
                changed = True
            obj.import_snapshot[key] = new
        return changed

    # Events ----------------------------------------------------------------------------------

    def _event_upsert(
        self, source, part: Part, *, ref: str, event: Event | None, warnings: list[Warning]
    ) -> tuple[Event, set[str] | None]:
        """The part's event (``event`` if found, else a new one), written, and its organisation
        codes when known without a query."""
        country = self.countries.get(part.country) if part.country else None
        values = {
            "title": part.title[:500],
            "date": part.date,
            "time": part.time,
            "location": part.location[:200],
            "country": country,
            "kind": part.kind.value,
        }
        stored_warnings = [w.__dict__ for w in warnings]
        result = FileResult(ref, "")
        codes = set(part.organisations)
        if event is None:
            event = Event(
                import_ref=ref,
                review_status=ReviewStatus.NEEDS_REVIEW if warnings else ReviewStatus.IMPORTED,
                warnings=stored_warnings,
            )
            self._apply(event, values, result, f"event {ref}")
            event.slug = unique_slug(Event.objects, event.content_slug())
            event.save()
            # A new event has no links yet: written directly, without add()'s lookups.
            Event.organisations.through.objects.bulk_create(
                Event.organisations.through(event=event, organisation=self.organisations[code])
                for code in sorted(codes)
            )
            Event.sources.through.objects.create(event=event, source=source)
            return event, codes
        changed = self._apply(event, values, result, f"event {event.slug}")
        if event.import_ref == ref and event.warnings != stored_warnings:
            event.warnings = stored_warnings
            if warnings and event.review_status == ReviewStatus.IMPORTED:
                event.review_status = ReviewStatus.NEEDS_REVIEW
            changed = True
        if changed:
            event.save()
        if "organisations" not in event.curated_fields and (
            event.import_ref == ref or not event.organisations.exists()
        ):
            event.organisations.set([self.organisations[c] for c in sorted(codes)])
        else:
            codes = None
        event.sources.add(source)
        return event, codes

    def _event_find(self, part: Part, *, ref: str) -> Event | None:
        """The part's own event (``ref``), else another source's for the same occasion: same
        date and place, similar title, an organisation in common. One query, usually."""
        found = Q(import_ref=ref) | Q(date=part.date) if part.date else Q(import_ref=ref)
        candidates = list(Event.objects.filter(found).select_related("country"))
        own = next((event for event in candidates if event.import_ref == ref), None)
        if own is not None:
            return own
        for event in candidates:
            if part.country and event.country_id and event.country.iso2 != part.country:
                continue
            if _similarity(event.title, part.title) < SIMILAR_TITLE:
                continue
            codes = {o.code for o in event.organisations.all()}
            if codes and part.organisations and not codes & set(part.organisations):
                continue
            return event
        return None

    # Speakers --------------------------------------------------------------------------------

    def _speaker_index(self) -> dict[str, Speaker]:
        if self._speakers is None:
            self._speakers = _speaker_index(Speaker.objects.select_related("country"))
        return self._speakers

    def _speaker_for(self, ref: SpeakerRef | None) -> Speaker | None:
        if ref is None:
            return None
        index = self._speaker_index()
        speaker = index.get(match_key(ref.name))
        if speaker is None:
            known = self.reference_speakers.get(ref.name)
            iso2 = ref.country or (known.country if known else None)
            speaker = Speaker.objects.create(
                name=ref.name,
                slug=unique_slug(Speaker.objects, Speaker(name=ref.name).content_slug()),
                aliases=list(known.aliases) if known else [],
                country=self.countries.get(iso2) if iso2 else None,
                review_status=ReviewStatus.IMPORTED if ref.known else ReviewStatus.NEEDS_REVIEW,
            )
            for name in [speaker.name, *speaker.aliases]:
                index.setdefault(match_key(name), speaker)
        elif speaker.country_id is None and ref.country and "country" not in speaker.curated_fields:
            speaker.country = self.countries.get(ref.country)
            speaker.save(update_fields=["country"])
        return speaker

    # Statements ------------------------------------------------------------------------------

    def _statements_upsert(
        self, source, event: Event, part: Part, parsed, result, *, codes, new_event: bool
    ) -> set:
        """Write the part's turns; return the dates of the statements written in bulk."""
        own_event = event.import_ref is not None and event.import_ref.startswith(f"{source.path}#")
        existing = {}
        if not new_event:
            existing = {s.position: s for s in event.statements.select_related("speaker")}
        turn_warnings = self._turn_warnings(parsed, part)
        seen = set()
        created: list[tuple[Statement, Turn]] = []
        linked: list[Statement] = []  # stored statements this source now also reports
        for position, (turn, warnings) in enumerate(
            zip(part.turns, turn_warnings, strict=True), start=1
        ):
            speaker = self._speaker_for(turn.speaker)
            statement = existing.get(position) if own_event else None
            if statement is None and not own_event:
                statement = self._matching_statement(existing.values(), speaker, turn)
            if statement is None:
                position = position if own_event else max(existing, default=0) + 1
                statement = Statement(event=event, position=position)
                existing[position] = statement
                result.statements_created += 1
                self._statement_fill(statement, event, speaker, turn, warnings, result)
                created.append((statement, turn))
            elif not own_event:
                if statement.pk is not None:  # else created above, and linked with the others
                    linked.append(statement)
            else:
                result.statements_updated += 1
                self._statement_fill(statement, event, speaker, turn, warnings, result)
                self._statement_save(statement, turn)
                linked.append(statement)
            seen.add(statement.position)
        if created:
            self._statements_create(created, event, codes)
        Statement.sources.through.objects.bulk_create(
            [Statement.sources.through(statement=s, source=source) for s in linked]
            + [Statement.sources.through(statement=s, source=source) for s, _turn in created],
            ignore_conflicts=True,
        )
        if own_event and not new_event:
            for position, statement in existing.items():
                if position in seen:
                    continue
                if statement.curated_fields:
                    result.warnings.append(
                        Warning(
                            "curated-orphan",
                            f"statement {statement.slug} is no longer in the source but was "
                            "corrected by a librarian, so it is kept",
                        )
                    )
                    continue
                statement.delete()
        return {statement.date for statement, _turn in created}

    def _turn_warnings(self, parsed: ParsedSource, part: Part) -> list[list[Warning]]:
        lines = [t.line for t in part.turns]
        grouped: list[list[Warning]] = [[] for _ in part.turns]
        for warning in parsed.warnings:
            if warning.line is None:
                continue
            for i in reversed(range(len(lines))):
                end = lines[i + 1] if i + 1 < len(lines) else None
                if lines[i] <= warning.line and (end is None or warning.line < end):
                    if warning.line >= part.line:
                        grouped[i].append(warning)
                    break
        return grouped

    def _matching_statement(self, statements, speaker, turn: Turn) -> Statement | None:
        for statement in statements:
            if statement.speaker_id == (speaker.pk if speaker else None) and (
                _similarity(statement.text, turn.text) >= SIMILAR_TEXT
            ):
                return statement
        return None

    def _statement_fill(self, statement, event, speaker, turn: Turn, warnings, result) -> None:
        """Set what the turn says, keeping what librarians corrected; writes nothing."""
        values = {
            "speaker": speaker,
            "role": turn.speaker.role[:300] if turn.speaker else "",
            "kind": turn.kind.value,
            "text": turn.text,
            "question": turn.question,
            "asked_by": turn.asked_by[:200],
        }
        label = f"statement {statement.slug or statement.position}"
        self._apply(statement, values, result, label)
        stored_warnings = [w.__dict__ for w in warnings]
        if statement.warnings != stored_warnings:
            statement.warnings = stored_warnings
            if warnings and statement.review_status == ReviewStatus.IMPORTED:
                statement.review_status = ReviewStatus.NEEDS_REVIEW
        statement.event = event
        statement.denormalise()

    def _statement_save(self, statement, turn: Turn) -> None:
        """A stored statement, row by row: its signals keep versions and tallies in step."""
        statement.save()
        if "mentioned_countries" not in statement.curated_fields:
            statement.mentioned_countries.set(
                [self.countries[c] for c in turn.countries if c in self.countries]
            )
        if "organisations" not in statement.curated_fields:
            statement.links_refresh(mentioned=turn.organisations)

    def _statements_create(self, created, event: Event, codes: set[str] | None) -> None:
        """New statements and their links, a query per table whatever their number.

        What ``save()`` and ``links_refresh()`` would do row by row: slugs in the order of the
        turns, derived fields (``prepare()``), links to the event's organisations and to those
        the text names, countries named (the caller links the source).
        """
        if codes is None:
            codes = set(event.organisations.values_list("code", flat=True))
        statements = [statement for statement, _turn in created]
        slugs = unique_slugs(Statement.objects, [s.content_slug() for s in statements])
        for statement, slug in zip(statements, slugs, strict=True):
            statement.slug = slug
            statement.prepare()
        Statement.objects.bulk_create(statements)
        links, mentions = [], []
        Mention = Statement.mentioned_countries.through
        for statement, turn in created:
            for code in sorted(codes | set(turn.organisations)):
                links.append(
                    StatementOrganisation(
                        statement=statement,
                        organisation=self.organisations[code],
                        via_event=code in codes,
                        via_mention=code in turn.organisations,
                        date=statement.date,
                        country_id=statement.speaker_country_id,
                    )
                )
            mentions += [
                Mention(statement=statement, country=self.countries[iso2])
                for iso2 in dict.fromkeys(turn.countries)
                if iso2 in self.countries
            ]
        StatementOrganisation.objects.bulk_create(links)
        Mention.objects.bulk_create(mentions)


def _speaker_index(speakers) -> dict[str, Speaker]:
    """Speakers by the match key of their names and aliases (the first one wins)."""
    index: dict[str, Speaker] = {}
    for speaker in speakers:
        for name in [speaker.name, *speaker.aliases]:
            index.setdefault(match_key(name), speaker)
    return index


def _changed(dates) -> None:
    """What the signals of row-by-row saves would do for rows written in bulk: bump the
    content version, and count the statements' months again (``archive.tallies``)."""
    versioning.content_changed()
    tallies.months_changed(dates)
