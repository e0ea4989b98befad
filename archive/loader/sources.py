"""Source files → model rows, one tracked transaction per source file (``archive.changes``).

The parser (``archive.ingest``) does the reading; this module decides identity:
- a source is identified by its name (its path relative to the sources folder); an unchanged
  checksum means nothing to do, and a different text claiming a stored name from elsewhere is
  refused rather than allowed to overwrite it;
- each part of a source is an ``EventRef`` (``"<name>#<part>"``) pointing at its event: found
  by that ref (which a librarian's merge moves to the event kept), else another source's event
  for the same occasion (same date and place, similar title, an organisation in common);
- each turn is a ``StatementRef`` (``"<name>#<part>.<turn>"``); a changed source is aligned
  with what it said last time, so an inserted or removed turn moves no permalink.
The event takes its fields from one source part, its primary one (the first, unless a
librarian picks another); the others' values are kept as provenance and their differences
reported. A statement takes its fields from the turn that created it. Fields listed in a
record's ``curated_fields`` are never overwritten: a change of the source under them is
reported as a conflict and puts the record in the review queue. No import deletes a
statement: a turn gone from its source hides the statement and queues it with the reason.

New statements (every statement of a new file) are written in bulk, a few queries per file
whatever their number; statements already stored are updated one by one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import batched
from pathlib import Path

from django.db.models import F, Max
from django.utils import timezone

from archive import changes
from archive.curation import history, review
from archive.curation.renames import statements_refresh
from archive.curation.values import clean_text, same
from archive.ingest.normalise import match_key
from archive.ingest.records import ParsedSource, Part, SpeakerRef, Turn, Warning
from archive.loader.similarity import similarity
from archive.models import (
    Country,
    Event,
    EventRef,
    HistoryEntry,
    Organisation,
    ReviewFlag,
    ReviewStatus,
    Source,
    Speaker,
    Statement,
    StatementOrganisation,
    StatementRef,
)
from archive.slugs import unique_slug, unique_slugs

SIMILAR_TITLE = 0.5
SIMILAR_TEXT = 0.8
# A turn whose text changed this little is the same turn, edited.
SAME_TURN = 0.5
Action = history.Action
Reason = ReviewFlag.Reason
# Positions are moved out of the way and back, so the unique (event, position) never clashes.
SHIFT = 1_000_000


@dataclass
class FileResult:
    """What happened to one file, for the import report."""

    name: str
    status: str  # imported, updated, unchanged, failed
    statements_created: int = 0
    statements_updated: int = 0
    statements_removed: int = 0
    warnings: list[Warning] = field(default_factory=list)
    message: str = ""


@dataclass
class SourceFile:
    """A file read and checksummed, new or changed since its last import: to parse and load.

    ``origin`` says where it came from (its absolute path, or who uploaded it), to tell a new
    version of a text from a different text that happens to have the same name.
    """

    name: str
    data: bytes
    checksum: str
    origin: str = ""


class _DryRun(Exception):
    """Rolls back a file's transaction once its report is complete."""

    def __init__(self, result: FileResult):
        self.result = result


def _snapshot(value):
    """A JSON-safe form of a field value, to remember what the importer last set."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def too_large(size: int, max_bytes: int) -> str:
    return (
        f"file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.1f} MB "
        "limit (IMPORT_MAX_BYTES)"
    )


def _short(value, width: int = 60) -> str:
    shown = repr(_snapshot(value))
    return shown if len(shown) <= width else shown[: width - 2] + "…" + shown[-1]


def short_diff(old, new, *, context: int = 4, width: int = 160) -> str:
    """What changed between two values, short enough for a report line.

    Texts give their changed words with a few words around them:
    "… je suis [-très-]{+si+} heureux de …"; other values give "old → new".
    """
    if not (isinstance(old, str) and isinstance(new, str)) or len(old) + len(new) < 80:
        return f"{old!r} → {new!r}"
    a, b = old.split(), new.split()
    pieces = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(a[max(0, i1 - context) : i1])
        after = " ".join(a[i2 : i2 + context])
        removed = f"[-{' '.join(a[i1:i2])}-]" if i2 > i1 else ""
        added = f"{{+{' '.join(b[j1:j2])}+}}" if j2 > j1 else ""
        piece = " ".join(p for p in ("…", before, removed + added, after, "…") if p)
        pieces.append(piece if len(piece) <= width else piece[: width - 1] + "…")
        if len(pieces) == 3:
            pieces.append("(more changes)")
            break
    return " / ".join(pieces) or "(only spacing changed)"


class SourceLoader:
    """Loads parsed sources into the database; caches reference rows across files."""

    def __init__(self, *, speakers=None, reference_speakers=(), run=None, user=None):
        """``speakers``: every Speaker with its country, when already read for the run;
        ``run``: the ``ImportRun`` the history entries belong to; ``user``: who uploaded."""
        self.countries = {c.iso2: c for c in Country.objects.all()}
        self.organisations = {o.code: o for o in Organisation.objects.all()}
        self.reference_speakers = {s.name: s for s in reference_speakers}
        self._speakers = None if speakers is None else _speaker_index(speakers)
        self.run, self.user = run, user
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
            return FileResult(name, "failed", message=too_large(size, max_bytes))
        return self.received(path.read_bytes(), name=name, origin=str(path.resolve()))

    def received(self, data: bytes, *, name: str, origin: str) -> SourceFile | FileResult:
        """A text read from a file or uploaded: to parse, or unchanged."""
        checksum = hashlib.sha256(data).hexdigest()
        if self.checksums.get(name) == checksum:
            return FileResult(name, "unchanged")
        return SourceFile(name, data, checksum, origin)

    def load(self, file: SourceFile, parsed: ParsedSource, *, dry_run: bool = False) -> FileResult:
        """Write one parsed file in one transaction; with ``dry_run``, do exactly that, report
        it, and roll it back."""
        name = file.name
        # Checked again: the same name may come twice in a run, read before the first loaded.
        stored = self.checksums.get(name)
        if stored == file.checksum:
            return FileResult(name, "unchanged")
        try:
            with changes.tracked() as change:
                source = Source.objects.filter(path=name).first() if stored else None
                refused = _identity_conflict(source, file, parsed)
                if refused:
                    return FileResult(name, "failed", message=refused)
                result = FileResult(name, "updated" if source else "imported")
                self._load(source, parsed, file=file, result=result, change=change)
                if dry_run:
                    raise _DryRun(result)
        except _DryRun as done:
            self._speakers = None  # rows created in the rolled-back transaction are gone
            return done.result
        except Exception:
            self._speakers = None
            raise
        self.checksums[name] = file.checksum
        return result

    # Sources ---------------------------------------------------------------------------------

    def _load(self, source, parsed: ParsedSource, *, file: SourceFile, result, change) -> None:
        now = timezone.now()
        values = {
            "title": parsed.title[:500],
            "number": parsed.number,
            "published": parsed.published,
            "urls": parsed.urls,
            "image_urls": parsed.image_urls,
            "checksum": file.checksum,
            "encoding": parsed.encoding,
            "size": len(file.data),
            "raw_text": file.data.decode(parsed.encoding, errors="replace"),
            "noise": parsed.noise,
            "warnings": [w.__dict__ for w in parsed.warnings],
            "origin": file.origin[:1000],
            "updated_at": now,
        }
        created = source is None
        if created:
            source = Source.objects.create(path=file.name, imported_at=now, **values)
        else:
            for key, value in values.items():
                setattr(source, key, value)
            source.save()
        change.records()
        result.warnings.extend(parsed.warnings)
        refs = []
        for index, part in enumerate(parsed.parts, start=1):
            ref = f"{file.name}#{index}"
            refs.append(ref)
            event, event_ref, duplicates = self._event_find(part, ref=ref)
            new_event = event is None
            event, codes = self._event_upsert(
                source,
                part,
                ref=ref,
                event=event,
                event_ref=event_ref,
                warnings=self._warnings_for(parsed, part),
                result=result,
                change=change,
            )
            if new_event:
                for other in duplicates:
                    review.flag(
                        event, Reason.DUPLICATE, f"may be the same occasion as {other.slug}"
                    )
                if duplicates:
                    Event.objects.filter(pk=event.pk).update(
                        review_status=ReviewStatus.NEEDS_REVIEW
                    )
            self._statements_upsert(
                source,
                event,
                part,
                parsed,
                result,
                ref=ref,
                codes=codes,
                new_event=new_event,
                change=change,
            )
        if not created:
            self._parts_gone(source, refs, result, change)

    def _parts_gone(self, source, refs: list[str], result, change) -> None:
        """Parts the changed source no longer has: their statements are removed from it, and
        an event no source reports any more is hidden too."""
        gone = EventRef.objects.filter(ref__startswith=f"{source.path}#").exclude(ref__in=refs)
        for event_ref in gone.select_related("event"):
            statements = StatementRef.objects.filter(ref__startswith=f"{event_ref.ref}.")
            self._turns_gone(
                {r.ref: r.statement for r in statements.select_related("statement")},
                source,
                result,
                change,
            )
            event = event_ref.event
            event_ref.delete()
            if not event.refs.filter(ref__startswith=f"{source.path}#").exists():
                event.sources.remove(source)
            if not event.refs.exists() and not event.hidden:
                change.statements(event.statements.all())
                event.hidden = True
                self._flag(event, Reason.REMOVED, f"no longer in {source.path}")
                event.save(update_fields=["hidden", "review_status"])
                self._history(event, Action.REMOVED, message=f"no longer in {source.path}: hidden")
                result.warnings.append(
                    Warning(
                        "removed-from-source",
                        f"event {event.slug} is no longer in the source: hidden from the "
                        "public site and put in the review queue",
                    )
                )

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

    def _apply(self, obj, values: dict, result: FileResult, label: str) -> dict:
        """Set each value unless a librarian curated that field; report and flag conflicts.

        Returns ``{field: [old, new]}`` for what changed, for the history.
        """
        changed = {}
        for key, value in values.items():
            new = _snapshot(value)
            if key in obj.curated_fields:
                previous = obj.import_snapshot.get(key, new)
                if not same(previous, new):
                    message = (
                        f"{label}: the source changed '{key}': {short_diff(previous, new)}; "
                        f"the librarian's value {_short(getattr(obj, key))} is kept"
                    )
                    result.warnings.append(Warning("curated-conflict", message))
                    if obj.pk is not None:
                        self._flag(obj, Reason.CONFLICT, message)
            elif not same(_snapshot(getattr(obj, key)), new):
                changed[key] = [history.shown(getattr(obj, key)), history.shown(value)]
                setattr(obj, key, value)
            obj.import_snapshot[key] = new
        return changed

    def _flag(self, record, reason: str, message: str) -> None:
        if review.flag(record, reason, message):
            type(record).objects.filter(pk=record.pk).update(review_status=record.review_status)

    def _history(self, record, action: str, *, changes=None, message="") -> None:
        history.record(
            record,
            action=action,
            changes=changes,
            message=message,
            user=self.user,
            import_run=self.run,
        )

    # Events ----------------------------------------------------------------------------------

    def _event_upsert(
        self,
        source,
        part: Part,
        *,
        ref: str,
        event: Event | None,
        event_ref: EventRef | None,
        warnings: list[Warning],
        result: FileResult,
        change,
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
        said = {k: _snapshot(v) for k, v in values.items()}
        said["organisations"] = sorted(part.organisations)
        said["provenance"] = dict(part.provenance)
        stored_warnings = [w.__dict__ for w in warnings]
        codes = set(part.organisations)
        if event is None:
            event = Event(
                primary_ref=ref,
                review_status=ReviewStatus.NEEDS_REVIEW if warnings else ReviewStatus.IMPORTED,
                warnings=stored_warnings,
                provenance=dict(part.provenance),
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
            EventRef.objects.create(ref=ref, event=event, values=said)
            found = review.conditions_of(event)
            if found:
                ReviewFlag.objects.bulk_create(
                    ReviewFlag(event=event, reason=reason, message=message)
                    for reason, message in found
                )
                Event.objects.filter(pk=event.pk).update(review_status=ReviewStatus.NEEDS_REVIEW)
            self._history(event, Action.IMPORT, message=f"created from {ref}")
            return event, codes
        if event_ref is None:
            event_ref = EventRef.objects.create(ref=ref, event=event, values=said)
        elif event_ref.values != said:
            event_ref.values = said
            event_ref.save(update_fields=["values"])
        adopted = not event.primary_ref  # an event a librarian made by hand: its first source
        if adopted:
            event.primary_ref = ref
        if event.primary_ref != ref:
            self._variants_report(event, ref, said, result)
            event.sources.add(source)
            return event, None
        label = f"event {event.slug}"
        before = (event.date, event.country_id)
        changed = self._apply(event, values, result, label)
        if event.warnings != stored_warnings:
            event.warnings = stored_warnings
            changed.setdefault("warnings", None)
        if event.provenance != part.provenance:
            event.provenance = dict(part.provenance)
            changed.setdefault("provenance", None)
        flagged = review.conditions_sync(event)
        if changed or adopted or flagged:
            event.save()
        changed = {k: v for k, v in changed.items() if v is not None}
        if changed:
            self._history(event, Action.IMPORT, changes=changed, message=f"updated from {ref}")
        organisations_changed = False
        if "organisations" not in event.curated_fields:
            stored = set(event.organisations.values_list("code", flat=True))
            if stored != codes:
                event.organisations.set([self.organisations[c] for c in sorted(codes)])
                organisations_changed = True
        elif sorted(codes) != sorted(event.import_snapshot.get("organisations", sorted(codes))):
            message = (
                f"{label}: the source changed 'organisations' to {sorted(codes)}; the "
                "librarian's correction is kept"
            )
            result.warnings.append(Warning("curated-conflict", message))
            self._flag(event, Reason.CONFLICT, message)
        if event.import_snapshot.get("organisations") != sorted(codes):
            event.import_snapshot["organisations"] = sorted(codes)
            Event.objects.filter(pk=event.pk).update(import_snapshot=event.import_snapshot)
        if organisations_changed or (event.date, event.country_id) != before:
            change.statements(event.statements.all())
            statements_refresh(event.statements.all())
        event.sources.add(source)
        return event, None if "organisations" in event.curated_fields else codes

    def _variants_report(self, event: Event, ref: str, said: dict, result: FileResult) -> None:
        """A second source's part for an event: its differing values are kept as provenance
        (``EventRef.values``), and the report says which the event keeps."""
        kept = {k: _snapshot(getattr(event, k)) for k in said if k != "organisations"}
        kept["organisations"] = sorted(event.organisations.values_list("code", flat=True))
        for key, value in said.items():
            if key == "provenance" or value in (None, "", []) or same(value, kept[key]):
                continue
            result.warnings.append(
                Warning(
                    "event-variant",
                    f"event {event.slug}: {ref} gives {key} {value!r}; the event keeps "
                    f"{kept[key]!r} from its primary source {event.primary_ref}",
                )
            )

    def _event_find(self, part: Part, *, ref: str) -> tuple[Event | None, EventRef | None, list]:
        """The part's event (by its ref), else another source's for the same occasion: same
        date and place, similar title, an organisation in common. Also the events of that
        day that look alike without being the same, for the review queue."""
        event_ref = EventRef.objects.filter(ref=ref).select_related("event").first()
        if event_ref is not None:
            return event_ref.event, event_ref, []
        if not part.date:
            return None, None, []
        candidates = Event.objects.filter(date=part.date).select_related("country")
        duplicates = []
        for event in candidates.prefetch_related("organisations"):
            if part.country and event.country_id and event.country.iso2 != part.country:
                continue
            alike = similarity(event.title, part.title)
            codes = {o.code for o in event.organisations.all()}
            common = not codes or not part.organisations or codes & set(part.organisations)
            if alike >= SIMILAR_TITLE and common:
                return event, None, []
            if alike >= review.DUPLICATE_TITLE:
                duplicates.append(event)
        return None, None, duplicates

    # Speakers --------------------------------------------------------------------------------

    def _speaker_index(self) -> dict[str, Speaker]:
        if self._speakers is None:
            self._speakers = _speaker_index(Speaker.objects.select_related("country"))
        return self._speakers

    def _speaker_for(self, ref: SpeakerRef | None, result: FileResult) -> Speaker | None:
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
                import_snapshot={"country": iso2} if iso2 else {},
            )
            if not ref.known:
                review.conditions_sync(speaker, unknown_speaker=True)
                others = {s.pk: s for s in index.values()}.values()
                if review.duplicate_speakers_flag(speaker, others):
                    speaker.save(update_fields=["review_status"])
            self._history(speaker, Action.IMPORT, message=f"created from {result.name}")
            for name in [speaker.name, *speaker.aliases]:
                index.setdefault(match_key(name), speaker)
        elif ref.country and ref.country != (speaker.country.iso2 if speaker.country else None):
            if "country" in speaker.curated_fields:
                if speaker.import_snapshot.get("country", ref.country) != ref.country:
                    message = (
                        f"speaker {speaker.slug}: the source gives the country {ref.country}; "
                        "the librarian's correction is kept"
                    )
                    result.warnings.append(Warning("curated-conflict", message))
                    self._flag(speaker, Reason.CONFLICT, message)
            elif speaker.country_id is None:
                speaker.country = self.countries.get(ref.country)
                speaker.import_snapshot["country"] = ref.country
                speaker.save(update_fields=["country", "import_snapshot"])
                change = changes.current()
                change.statements(speaker.statements.all())
                statements_refresh(speaker.statements.all())
        return speaker

    # Statements ------------------------------------------------------------------------------

    def _statements_upsert(
        self, source, event: Event, part: Part, parsed, result, *, ref, codes, new_event, change
    ) -> None:
        """Write the part's turns as statements: found by their refs (aligned with what the
        source said last time), else the same turn from another source in the event, else new.
        """
        turn_warnings = self._turn_warnings(parsed, part)
        speakers = [self._speaker_for(turn.speaker, result) for turn in part.turns]
        quoted = [
            list({s.pk: s for s in (self._speaker_for(q, result) for q in turn.quoted)}.values())
            for turn in part.turns
        ]
        stored = {}
        if not new_event:
            stored = {
                r.ref: r
                for r in StatementRef.objects.filter(ref__startswith=f"{ref}.").select_related(
                    "statement__speaker", "statement__event"
                )
            }
        matched = _align(stored, part.turns, ref=ref)
        others = []
        if not new_event and len(matched) < len(part.turns):
            mine = {r.statement_id for r in stored.values()}
            others = [s for s in event.statements.select_related("speaker") if s.pk not in mine]
        created: list[tuple[Statement, Turn, list[Speaker]]] = []
        updated: list[Statement] = []
        refs: list[StatementRef] = []
        owners = {r.statement_id for r in stored.values() if r.owner}
        next_position = None
        for index, (turn, speaker, warnings, people) in enumerate(
            zip(part.turns, speakers, turn_warnings, quoted, strict=True), start=1
        ):
            turn_ref = f"{ref}.{index}"
            statement = matched.get(index)
            owner = statement is not None and statement.pk in owners
            if statement is None and others:
                statement = _matching_statement(others, speaker, turn)
                if statement is not None:
                    others.remove(statement)
            if statement is None:
                if next_position is None:
                    next_position = (
                        0 if new_event else event.statements.aggregate(m=Max("position"))["m"] or 0
                    )
                next_position += 1
                statement = Statement(event=event, position=next_position)
                self._statement_fill(statement, event, speaker, turn, warnings, result)
                created.append((statement, turn, people))
                owner = True
            elif owner:
                change.statements([statement.pk])
                if self._statement_update(
                    statement, event, speaker, turn, warnings, result, quoted=people
                ):
                    result.statements_updated += 1
                updated.append(statement)
            refs.append(StatementRef(ref=turn_ref, statement=statement, owner=owner))
        result.statements_created += len(created)
        if created:
            self._statements_create(created, event, codes)
            change.statements([s.pk for s, _turn, _quoted in created], new=True)
        kept = {r.statement.pk for r in refs}
        gone = {r: row.statement for r, row in stored.items() if row.statement_id not in kept}
        if stored:
            StatementRef.objects.filter(ref__startswith=f"{ref}.").delete()
        StatementRef.objects.bulk_create(refs)
        Statement.sources.through.objects.bulk_create(
            [Statement.sources.through(statement=r.statement, source=source) for r in refs],
            ignore_conflicts=True,
        )
        if gone:
            self._turns_gone(gone, source, result, change)
        if not new_event and event.primary_ref == ref:
            self._positions_follow(event, [r.statement for r in refs])

    def _turns_gone(self, gone: dict[str, Statement], source, result, change) -> None:
        """Turns no longer in the source: their statements lose that source, and one that no
        source gives any more is hidden and queued, never deleted."""
        for turn_ref, statement in gone.items():
            StatementRef.objects.filter(ref=turn_ref).delete()
            if not statement.refs.filter(ref__startswith=f"{source.path}#").exists():
                statement.sources.remove(source)
            if statement.refs.exists() or statement.hidden:
                continue
            change.statements([statement.pk])
            statement.hidden = True
            self._flag(statement, Reason.REMOVED, f"no longer in {source.path} ({turn_ref})")
            statement.save(update_fields=["hidden", "review_status"])
            self._history(statement, Action.REMOVED, message=f"no longer in {source.path}: hidden")
            result.statements_removed += 1
            result.warnings.append(
                Warning(
                    "removed-from-source",
                    f"statement {statement.slug} is no longer in the source: hidden from the "
                    "public site and put in the review queue",
                )
            )

    def _positions_follow(self, event: Event, ordered: list[Statement]) -> None:
        """Number an event's statements in its primary source's order, when they are exactly
        that source's turns (no statement split or merged in by a librarian)."""
        positions = dict(event.statements.values_list("pk", "position"))
        if set(positions) != {s.pk for s in ordered}:
            return
        wanted = {s.pk: n for n, s in enumerate(ordered, start=1)}
        if all(positions[pk] == n for pk, n in wanted.items()):
            return
        Statement.objects.filter(event=event).update(position=F("position") + SHIFT)
        for statement in ordered:
            statement.position = wanted[statement.pk]
        Statement.objects.bulk_update(ordered, ["position"], batch_size=500)

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

    def _statement_fill(self, statement, event, speaker, turn: Turn, warnings, result) -> dict:
        """Set what the turn says, keeping what librarians corrected; writes nothing.

        Returns what changed, ``{field: [old, new]}``.
        """
        values = {
            "speaker": speaker,
            "role": turn.speaker.role[:300] if turn.speaker else "",
            "kind": turn.kind.value,
            "text": turn.text,
            "question": turn.question,
            "asked_by": turn.asked_by[:200],
        }
        label = f"statement {statement.slug or statement.position}"
        changed = self._apply(statement, values, result, label)
        stored_warnings = [w.__dict__ for w in warnings]
        if statement.warnings != stored_warnings:
            statement.warnings = stored_warnings
            if warnings and statement.review_status == ReviewStatus.IMPORTED:
                statement.review_status = ReviewStatus.NEEDS_REVIEW
        statement.event = event
        statement.denormalise()
        return changed

    def _statement_update(
        self, statement, event, speaker, turn, warnings, result, *, quoted
    ) -> bool:
        """A stored statement, row by row; returns whether the source changed anything."""
        changed = self._statement_fill(statement, event, speaker, turn, warnings, result)
        if changed:  # the source says something else now: a real change, for the feeds
            statement.changed_at = timezone.now()
        review.conditions_sync(statement)
        statement.save()
        if "quoted" not in statement.curated_fields:
            statement.quoted.set(quoted)
        if "mentioned_countries" not in statement.curated_fields:
            statement.mentioned_countries.set(
                [self.countries[c] for c in turn.countries if c in self.countries]
            )
        if "organisations" not in statement.curated_fields:
            statement.links_refresh(mentioned=turn.organisations)
        if changed:
            self._history(
                statement, Action.IMPORT, changes=changed, message=f"updated from {result.name}"
            )
        return bool(changed)

    def _statements_create(self, created, event: Event, codes: set[str] | None) -> None:
        """New statements and their links, a query per table whatever their number.

        What ``save()`` and ``links_refresh()`` would do row by row: slugs in the order of the
        turns, derived fields (``prepare()``), links to the event's organisations and to those
        the text names, countries named, review flags and history (the caller links the
        source and the refs).
        """
        if codes is None:
            codes = set(event.organisations.values_list("code", flat=True))
        statements = [statement for statement, _turn, _quoted in created]
        slugs = unique_slugs(Statement.objects, [s.content_slug() for s in statements])
        for statement, slug in zip(statements, slugs, strict=True):
            statement.slug = slug
            statement.prepare()
        Statement.objects.bulk_create(statements)
        links, mentions, quotes, flags, entries = [], [], [], [], []
        Mention = Statement.mentioned_countries.through
        Quote = Statement.quoted.through
        for statement, turn, people in created:
            quotes += [Quote(statement=statement, speaker=person) for person in people]
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
            flags += [
                ReviewFlag(statement=statement, reason=reason, message=message)
                for reason, message in review.conditions_of(statement)
            ]
            entries.append(
                history.entry(
                    statement,
                    action=Action.IMPORT,
                    message="created by the import",
                    user=self.user,
                    import_run=self.run,
                )
            )
        StatementOrganisation.objects.bulk_create(links)
        Mention.objects.bulk_create(mentions)
        Quote.objects.bulk_create(quotes)
        if flags:
            ReviewFlag.objects.bulk_create(flags)
            flagged = {flag.statement_id for flag in flags}
            Statement.objects.filter(pk__in=flagged).update(review_status=ReviewStatus.NEEDS_REVIEW)
        HistoryEntry.objects.bulk_create(entries)


def _align(stored: dict[str, StatementRef], turns: list[Turn], *, ref: str) -> dict:
    """Which stored statement each turn (1-based) is, from what the source said last time.

    Turns are compared on the text the import last wrote (not a librarian's correction), so
    a turn inserted or removed in the source shifts no statement onto another's text.
    """
    if not stored:
        return {}
    numbered = sorted(stored.items(), key=lambda item: _turn_number(item[0]))
    old = [
        clean_text(r.statement.import_snapshot.get("text", r.statement.text)) for _, r in numbered
    ]
    new = [clean_text(turn.text) for turn in turns]
    matched: dict[int, Statement] = {}
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                if tag == "equal" or similarity(old[i], new[j]) >= SAME_TURN or i2 - i1 == 1:
                    matched[j + 1] = numbered[i][1].statement
        elif tag == "replace":
            free = list(range(i1, i2))
            for j in range(j1, j2):
                best = max(free, key=lambda i: similarity(old[i], new[j]), default=None)
                if best is not None and similarity(old[best], new[j]) >= SAME_TURN:
                    matched[j + 1] = numbered[best][1].statement
                    free.remove(best)
    return matched


def _turn_number(turn_ref: str) -> int:
    found = re.search(r"\.(\d+)$", turn_ref)
    return int(found.group(1)) if found else 0


def _matching_statement(statements, speaker, turn: Turn) -> Statement | None:
    for statement in statements:
        if statement.speaker_id == (speaker.pk if speaker else None) and (
            similarity(statement.text, turn.text) >= SIMILAR_TEXT
        ):
            return statement
    return None


def _identity_conflict(source: Source | None, file: SourceFile, parsed: ParsedSource) -> str:
    """Why this file may not take the stored source's name (empty when it may): a text from
    elsewhere that is not a version of the stored one.

    A text from the same place is always a new version of itself. From elsewhere, the post
    numbers decide when both have one; else a revision must say mostly the same thing (most
    of the words of its statements in common with the stored ones), or report the same
    occasion (a date and place in common) under a similar title with a fair part of its words
    in common. Similar titles alone decide nothing: the ministry's headings are formulaic
    ("Conférence de presse de Sergueï Lavrov, …"), two press conferences months apart share
    most of their heading words.
    """
    if source is None or not source.origin or not file.origin or source.origin == file.origin:
        return ""
    if source.number and parsed.number:
        if source.number == parsed.number:
            return ""
        return _refusal(source, file, parsed, f"post {source.number}, not {parsed.number}")
    said = _occasions_stored(source)
    says = {(part.date, part.location) for part in parsed.parts}
    same_occasion = bool(said & says)
    common = _words_in_common(_statements_stored(source), _statements_parsed(parsed))
    if common >= SIMILAR_TEXT:
        return ""
    similar_title = similarity(source.title, parsed.title) >= SIMILAR_TITLE
    if same_occasion and similar_title and common >= SAME_TURN:
        return ""
    place = "the same date and place" if same_occasion else "another date or place"
    why = f"{place} ({_occasions_shown(says)}, stored: {_occasions_shown(said)}), "
    why += f"{common:.0%} of its statements' words in common"
    return _refusal(source, file, parsed, why)


def _refusal(source: Source, file: SourceFile, parsed: ParsedSource, why: str) -> str:
    said = f"post {source.number}, " if source.number else ""
    says = f"post {parsed.number}, " if parsed.number else ""
    return (
        f"refused: a different text already has this name (imported from {source.origin} on "
        f"{source.imported_at:%Y-%m-%d}: {said}“{source.title[:80]}”); this one comes from "
        f"{file.origin} ({says}“{parsed.title[:80]}”): {why}. Rename one of them, or import "
        "this file from the same place if it replaces the other."
    )


def _occasions_stored(source: Source) -> set[tuple]:
    """The (date, place) of the events the stored source's parts point at."""
    refs = EventRef.objects.filter(ref__startswith=f"{source.path}#")
    return set(refs.values_list("event__date", "event__location"))


def _occasions_shown(occasions: set[tuple]) -> str:
    shown = sorted(
        f"{date.isoformat() if date else 'undated'}{', ' + place if place else ''}"
        for date, place in occasions
    )
    return "; ".join(shown[:3]) or "none"


def _statements_stored(source: Source) -> list[str]:
    refs = StatementRef.objects.filter(ref__startswith=f"{source.path}#")
    return list(refs.values_list("statement__text", flat=True))


def _statements_parsed(parsed: ParsedSource) -> list[str]:
    return ["\n\n".join(turn.paragraphs) for part in parsed.parts for turn in part.turns]


def _words_in_common(old: list[str], new: list[str]) -> float:
    """The share of the shorter text's content words the other one has too, from 0 to 1: a
    revision that corrects, adds or removes a passage keeps most of them."""
    a = {w for text in old for w in match_key(text).replace("-", " ").split() if len(w) > 3}
    b = {w for text in new for w in match_key(text).replace("-", " ").split() if len(w) > 3}
    if not a or not b:
        return 1.0 if not a and not b else 0.0
    return len(a & b) / min(len(a), len(b))


def _speaker_index(speakers) -> dict[str, Speaker]:
    """Speakers by the match key of their names and aliases (the first one wins)."""
    index: dict[str, Speaker] = {}
    for speaker in speakers:
        for name in [speaker.name, *speaker.aliases]:
            index.setdefault(match_key(name), speaker)
    return index
