"""The review queue: which records a librarian should look at, and why.

A record is in the queue while its review status is "needs review"; its ``ReviewFlag`` rows
say why. Some reasons are conditions of the record as it stands (no speaker, no date, no place,
an unknown speaker, what the importer was unsure of): ``conditions_sync`` keeps them true after
every import and every save. Others are events (the source changed under a correction, the
text left its source, a possible duplicate): ``flag`` adds them as they happen, and they are
resolved when a librarian marks the record reviewed.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from django.db.models import Count

from archive.ingest.normalise import match_key
from archive.models import Event, ReviewFlag, ReviewStatus, Speaker, Statement

Reason = ReviewFlag.Reason
# Reasons that hold as long as the record is as it is.
CONDITIONS = {
    Reason.NO_SPEAKER,
    Reason.NO_DATE,
    Reason.NO_PLACE,
    Reason.UNKNOWN_SPEAKER,
    Reason.UNCERTAIN,
}
# Names this similar (after folding accents and case) are probably one person.
SIMILAR_NAME = 0.9


def _owner(record) -> dict:
    return {type(record)._meta.model_name: record}


def conditions_of(record, *, unknown_speaker: bool = False) -> list[tuple[str, str]]:
    """The condition reasons that hold for a record as it is, with their details."""
    found = [(Reason.UNKNOWN_SPEAKER, "")] if unknown_speaker else []
    if isinstance(record, Statement) and record.speaker_id is None and record.kind != "report":
        found.append((Reason.NO_SPEAKER, ""))
    if isinstance(record, Event):
        if record.date is None:
            found.append((Reason.NO_DATE, ""))
        if not record.location and record.country_id is None:
            found.append((Reason.NO_PLACE, ""))
    for warning in getattr(record, "warnings", []):
        where = f"line {warning['line']}: " if warning.get("line") else ""
        found.append((Reason.UNCERTAIN, f"{where}{warning['message']} ({warning['code']})"))
    return found


def conditions_sync(record, *, unknown_speaker: bool = False) -> bool:
    """Make the record's condition flags match what holds now; a new reason puts it in the
    queue. Returns whether the review status changed (the caller saves it)."""
    wanted = conditions_of(record, unknown_speaker=unknown_speaker)
    stored = {
        (flag.reason, flag.message): flag.pk
        for flag in ReviewFlag.objects.filter(reason__in=CONDITIONS, **_owner(record))
    }
    if unknown_speaker is False and isinstance(record, Speaker):
        # Whether a speaker is unknown is only known when the import creates it: kept.
        wanted += [key for key in stored if key[0] == Reason.UNKNOWN_SPEAKER]
    new = [key for key in dict.fromkeys(wanted) if key not in stored]
    gone = [pk for key, pk in stored.items() if key not in wanted]
    ReviewFlag.objects.filter(pk__in=gone).delete()
    ReviewFlag.objects.bulk_create(
        ReviewFlag(reason=reason, message=message, **_owner(record)) for reason, message in new
    )
    return bool(new) and _needs_review(record)


def flag(record, reason: str, message: str) -> bool:
    """Add an event reason (conflict, removal, duplicate) unless the same one is waiting;
    returns whether the review status changed (the caller saves it)."""
    _flag, created = ReviewFlag.objects.get_or_create(
        reason=reason, message=message, **_owner(record)
    )
    return created and _needs_review(record)


def _needs_review(record) -> bool:
    if record.review_status == ReviewStatus.NEEDS_REVIEW:
        return False
    record.review_status = ReviewStatus.NEEDS_REVIEW
    return True


def reviewed(queryset) -> int:
    """Mark records reviewed: they leave the queue, and the events that put them there are
    resolved (conditions stay, as facts about the record)."""
    model = queryset.model._meta.model_name
    ReviewFlag.objects.filter(**{f"{model}__in": queryset.values("pk")}).exclude(
        reason__in=CONDITIONS
    ).delete()
    return queryset.update(review_status=ReviewStatus.REVIEWED)


def queue_counts() -> list[tuple[str, str, int]]:
    """(model name, reason, how many records in the queue for it), a query per model."""
    rows = []
    for model in (Event, Statement, Speaker):
        name = model._meta.model_name
        counted = (
            ReviewFlag.objects.filter(**{f"{name}__review_status": ReviewStatus.NEEDS_REVIEW})
            .values("reason")
            .annotate(n=Count(name, distinct=True))
            .order_by("reason")
        )
        rows += [(name, row["reason"], row["n"]) for row in counted]
        unexplained = model.objects.filter(
            review_status=ReviewStatus.NEEDS_REVIEW, review_flags__isnull=True
        ).count()
        if unexplained:
            rows.append((name, "", unexplained))
    return rows


def in_queue(model, reason: str | None = None):
    """The model's records in the queue, for one reason ("" for none given) or all."""
    records = model.objects.filter(review_status=ReviewStatus.NEEDS_REVIEW)
    if reason == "":
        return records.filter(review_flags__isnull=True)
    if reason:
        return records.filter(
            pk__in=ReviewFlag.objects.filter(reason=reason).values(model._meta.model_name)
        )
    return records


def similar_speakers(name: str, speakers) -> list[Speaker]:
    """Speakers whose names fold to the same letters as ``name`` (in any order) or nearly:
    "Lavrov Sergueï" and "Serguei Lavrov", "Sergue Lavrov" and "Sergueï Lavrov"."""
    wanted = _letters(name)
    found = []
    for speaker in speakers:
        for other in [speaker.name, *speaker.aliases]:
            letters = _letters(other)
            if sorted(letters) == sorted(wanted) or (
                abs(len(letters) - len(wanted)) <= 2
                and SequenceMatcher(None, letters, wanted).ratio() >= SIMILAR_NAME
            ):
                found.append(speaker)
                break
    return found


def _letters(name: str) -> str:
    return "".join(c for c in match_key(name) if c.isalpha())


def duplicate_speakers_flag(speaker: Speaker, candidates) -> bool:
    """Flag a speaker that may be another one under a variant spelling."""
    others = [s for s in similar_speakers(speaker.name, candidates) if s.pk != speaker.pk]
    changed = False
    for other in others:
        changed |= flag(speaker, Reason.DUPLICATE, f"may be the same person as {other.name}")
    return changed


def duplicate_events(event: Event) -> list[Event]:
    """Events on the same day whose titles share words: perhaps the same occasion."""
    from archive.loader.similarity import similarity

    if event.date is None:
        return []
    return [
        other
        for other in Event.objects.filter(date=event.date).exclude(pk=event.pk)
        if similarity(other.title, event.title) >= DUPLICATE_TITLE
        and (not other.country_id or not event.country_id or other.country_id == event.country_id)
    ]


# Titles this similar on the same day are worth a look (the importer merges from 0.5 up).
DUPLICATE_TITLE = 0.25
