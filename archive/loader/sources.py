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
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from archive.ingest.normalise import match_key
from archive.ingest.pipeline import SourceRejected, parse_source
from archive.ingest.records import ParsedSource, Part, SpeakerRef, Turn, Warning
from archive.ingest.reference import ReferenceData
from archive.models import (
    Country,
    Event,
    Organisation,
    ReviewStatus,
    Source,
    Speaker,
    Statement,
)
from archive.slugs import unique_slug

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

    def __init__(self, *, reference: ReferenceData, reference_speakers=()):
        self.reference = reference
        self.countries = {c.iso2: c for c in Country.objects.all()}
        self.organisations = {o.code: o for o in Organisation.objects.all()}
        self.reference_speakers = {s.name: s for s in reference_speakers}
        self._speakers: dict[str, Speaker] | None = None

    # Entry point -----------------------------------------------------------------------------

    def load_file(
        self, path: Path, *, name: str, max_bytes: int, dry_run: bool = False
    ) -> FileResult:
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
        source = Source.objects.filter(path=name).first()
        if source is not None and source.checksum == checksum:
            return FileResult(name, "unchanged")
        try:
            parsed = parse_source(data, name=name, reference=self.reference, max_bytes=max_bytes)
        except SourceRejected as rejected:
            return FileResult(name, "failed", message=str(rejected))
        if dry_run:
            return FileResult(
                name,
                "parsed",
                statements_created=sum(len(p.turns) for p in parsed.parts),
                warnings=list(parsed.warnings),
            )
        result = FileResult(name, "updated" if source else "imported")
        try:
            with transaction.atomic():
                self._load(source, parsed, name=name, data=data, checksum=checksum, result=result)
        except Exception:
            self._speakers = None  # rows created in the rolled-back transaction are gone
            raise
        return result

    # Sources ---------------------------------------------------------------------------------

    def _load(self, source, parsed: ParsedSource, *, name, data, checksum, result) -> None:
        now = timezone.now()
        warnings = [w.__dict__ for w in parsed.warnings]
        values = {
            "title": parsed.title[:500],
            "number": parsed.number,
            "urls": parsed.urls,
            "image_urls": parsed.image_urls,
            "checksum": checksum,
            "encoding": parsed.encoding,
            "size": len(data),
            "raw_text": data.decode(parsed.encoding, errors="replace"),
            "noise": parsed.noise,
            "warnings": warnings,
            "updated_at": now,
        }
        if source is None:
            source = Source.objects.create(path=name, imported_at=now, **values)
        else:
            for key, value in values.items():
                setattr(source, key, value)
            source.save()
        result.warnings.extend(parsed.warnings)
        kept_events = set()
        for index, part in enumerate(parsed.parts, start=1):
            part_warnings = self._warnings_for(parsed, part)
            event = self._event_upsert(source, part, ref=f"{name}#{index}", warnings=part_warnings)
            kept_events.add(event.pk)
            self._statements_upsert(source, event, part, parsed, result)
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

    def _event_upsert(self, source, part: Part, *, ref: str, warnings: list[Warning]) -> Event:
        event = Event.objects.filter(import_ref=ref).first() or self._matching_event(part)
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
        if event is None:
            event = Event(
                import_ref=ref,
                review_status=ReviewStatus.NEEDS_REVIEW if warnings else ReviewStatus.IMPORTED,
                warnings=stored_warnings,
            )
            self._apply(event, values, result, f"event {ref}")
            event.slug = unique_slug(Event.objects, event.content_slug())
            event.save()
        else:
            changed = self._apply(event, values, result, f"event {event.slug}")
            if event.import_ref == ref and event.warnings != stored_warnings:
                event.warnings = stored_warnings
                if warnings and event.review_status == ReviewStatus.IMPORTED:
                    event.review_status = ReviewStatus.NEEDS_REVIEW
                changed = True
            if changed:
                event.save()
        codes = sorted(set(part.organisations))
        if "organisations" not in event.curated_fields and (
            event.import_ref == ref or not event.organisations.exists()
        ):
            event.organisations.set([self.organisations[c] for c in codes])
        event.sources.add(source)
        return event

    def _matching_event(self, part: Part) -> Event | None:
        """Another source's event for the same occasion: same date and place, similar title."""
        if part.date is None:
            return None
        candidates = Event.objects.filter(date=part.date).prefetch_related("organisations")
        for event in candidates:
            if part.country and event.country_id and event.country.iso2 != part.country:
                continue
            codes = {o.code for o in event.organisations.all()}
            if codes and part.organisations and not codes & set(part.organisations):
                continue
            if _similarity(event.title, part.title) >= SIMILAR_TITLE:
                return event
        return None

    # Speakers --------------------------------------------------------------------------------

    def _speaker_index(self) -> dict[str, Speaker]:
        if self._speakers is None:
            self._speakers = {}
            for speaker in Speaker.objects.select_related("country"):
                for name in [speaker.name, *speaker.aliases]:
                    self._speakers.setdefault(match_key(name), speaker)
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

    def _statements_upsert(self, source, event: Event, part: Part, parsed, result) -> None:
        own_event = event.import_ref is not None and event.import_ref.startswith(f"{source.path}#")
        existing = {s.position: s for s in event.statements.select_related("speaker")}
        turn_warnings = self._turn_warnings(parsed, part)
        seen = set()
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
            elif not own_event:
                statement.sources.add(source)
                seen.add(statement.position)
                continue
            else:
                result.statements_updated += 1
            seen.add(statement.position)
            self._statement_fill(statement, event, speaker, turn, warnings, result)
            statement.sources.add(source)
        if own_event:
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
        if not statement.slug:
            statement.slug = unique_slug(Statement.objects, statement.content_slug())
        statement.denormalise()
        statement.save()
        if "mentioned_countries" not in statement.curated_fields:
            statement.mentioned_countries.set(
                [self.countries[c] for c in turn.countries if c in self.countries]
            )
        if "organisations" not in statement.curated_fields:
            statement.links_refresh(mentioned=turn.organisations)
