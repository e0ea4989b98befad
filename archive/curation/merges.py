"""Merges of duplicates, remembered and undoable.

A merge is a librarian's decision that two records are one. The importer respects it because
what identified the merged-away record moves to the one kept: an event's source parts
(``EventRef``), a statement's source turns (``StatementRef``), a speaker's names (aliases).
Each merge is stored (``Merge``) with what undoing it needs; the merged-away record's history
stays under its key and is whole again after an undo, which gives it back the same key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core import serializers
from django.db.models import Max
from django.utils import timezone

from archive import changes
from archive.curation import history
from archive.curation.renames import (
    redirects_add,
    statements_refresh,
    statements_reslug,
)
from archive.curation.values import clean_text
from archive.models import (
    Event,
    EventRef,
    Merge,
    SlugRedirect,
    Speaker,
    Statement,
    StatementOrganisation,
    StatementRef,
)

Action = history.Action


class MergeError(Exception):
    """A merge or an undo that cannot be done as asked; the message says why."""


@dataclass
class MergeReport:
    moved: int = 0  # statements that moved to the record kept
    folded: int = 0  # statements found twice, kept once


def _serialised(objects) -> list:
    return json.loads(serializers.serialize("json", objects))


def _restore(data: list) -> None:
    for obj in serializers.deserialize("json", json.dumps(data)):
        obj.save()


def speaker_merge(*, target: Speaker, others, user=None) -> MergeReport:
    """Fold duplicate speakers into ``target``: statements move, names become aliases, old
    slugs redirect."""
    report = MergeReport()
    with changes.tracked() as change:
        for other in others:
            if other.pk == target.pk:
                continue
            moving = list(other.statements.values_list("pk", "slug"))
            change.statements([pk for pk, _slug in moving])
            before = history.values_of(target, ["aliases", "country"])
            added = [
                name
                for name in dict.fromkeys([other.name, *other.aliases])
                if name != target.name and name not in target.aliases
            ]
            target.aliases = [*target.aliases, *added]
            country_taken = target.country_id is None and other.country_id is not None
            if country_taken:
                target.country_id = other.country_id
            snapshot = {
                "record": _serialised([other]),
                "statements": dict(moving),
                "aliases_added": added,
                "country_taken": country_taken,
            }
            Statement.objects.filter(speaker=other).update(speaker=target)
            report.moved += len(moving)
            redirects_add("speaker", [(other.slug, target.slug)])
            target.save()
            merge = _merge_record(Merge.Model.SPEAKER, target, other, snapshot, user)
            _merge_history(target, other, before, merge, user)
            other.delete()
        moved = target.statements.select_related("speaker", "event")
        statements_refresh(moved)
        statements_reslug(moved)
    return report


def event_merge(*, target: Event, others, user=None) -> MergeReport:
    """Fold duplicate events into ``target``: their statements follow in order, a statement
    given by both (same speaker, same text) is kept once with both permalinks, source parts,
    sources and organisations are combined, old slugs redirect."""
    report = MergeReport()
    with changes.tracked() as change:
        for other in others:
            if other.pk == target.pk:
                continue
            change.statements(Statement.objects.filter(event__in=[target, other]))
            before = history.values_of(target, ["organisations"])
            kept = {
                (s.speaker_id, clean_text(s.text)): s
                for s in target.statements.order_by("position")
            }
            offset = target.statements.aggregate(m=Max("position"))["m"] or 0
            moved, folded = {}, []
            for statement in other.statements.order_by("position"):
                twin = kept.get((statement.speaker_id, clean_text(statement.text)))
                if twin is not None:
                    folded.append(_fold(statement, into=twin))
                    continue
                moved[statement.pk] = [statement.position, statement.slug]
                statement.event = target
                statement.position = offset + statement.position
                statement.save(update_fields=["event", "position"])
            refs = list(other.refs.values_list("pk", flat=True))
            EventRef.objects.filter(pk__in=refs).update(event=target)
            sources_added = list(other.sources.exclude(pk__in=target.sources.all()))
            organisations_added = list(
                other.organisations.exclude(pk__in=target.organisations.all())
            )
            snapshot = {
                "record": _serialised([other]),
                "statements": moved,
                "folded": folded,
                "refs": refs,
                "sources_added": [s.pk for s in sources_added],
                "organisations_added": [o.pk for o in organisations_added],
            }
            target.sources.add(*sources_added)
            target.organisations.add(*organisations_added)
            redirects_add("event", [(other.slug, target.slug)])
            report.moved += len(moved)
            report.folded += len(folded)
            merge = _merge_record(Merge.Model.EVENT, target, other, snapshot, user)
            _merge_history(target, other, before, merge, user)
            other.delete()
        statements = target.statements.select_related("speaker", "event")
        statements_refresh(statements)
        statements_reslug(statements)
    return report


def _fold(statement: Statement, *, into: Statement) -> dict:
    """Keep ``into`` for a statement given twice: it takes the other's source turns and
    sources, and the other's permalink redirects to it. Returns what undoing needs."""
    folded = {
        "record": _serialised([statement]),
        "links": _serialised(StatementOrganisation.objects.filter(statement=statement)),
        "refs": list(statement.refs.values_list("pk", flat=True)),
        "sources_added": [s.pk for s in statement.sources.exclude(pk__in=into.sources.all())],
        "into": into.pk,
    }
    StatementRef.objects.filter(statement=statement).update(statement=into)
    into.sources.add(*folded["sources_added"])
    redirects_add("statement", [(statement.slug, into.slug)])
    statement.delete()
    return folded


def _merge_record(model: str, target, other, snapshot: dict, user) -> Merge:
    return Merge.objects.create(
        model=model,
        survivor_id=target.pk,
        merged_id=other.pk,
        merged_repr=str(other)[:300],
        snapshot=snapshot,
        user=user if user is not None and user.is_authenticated else None,
    )


def _merge_history(target, other, before: dict, merge: Merge, user) -> None:
    after = history.values_of(target, before)
    history.record(
        target,
        action=Action.MERGE,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
        message=f"“{other}” (#{other.pk}) merged into this record",
        user=user,
        merge=merge,
    )
    history.record(
        other,
        action=Action.MERGE,
        message=f"merged into “{target}” (#{target.pk})",
        user=user,
        merge=merge,
    )


def merge_undo(merge: Merge, *, user=None) -> None:
    """Give back the merged-away record, with its key, its statements and its source parts.

    Statements edited since stay as edited; only what the merge did is reversed.
    """
    if merge.undone_at is not None:
        raise MergeError("this merge was already undone")
    model = {Merge.Model.EVENT: Event, Merge.Model.SPEAKER: Speaker}[merge.model]
    survivor = model.objects.filter(pk=merge.survivor_id).first()
    if survivor is None:
        raise MergeError(
            "the record kept by this merge is gone (merged or deleted since): undo that first"
        )
    if model.objects.filter(pk=merge.merged_id).exists():
        raise MergeError("the merged-away record exists again")
    with changes.tracked() as change:
        _restore(merge.snapshot["record"])
        restored = model.objects.get(pk=merge.merged_id)
        SlugRedirect.objects.filter(model=merge.model, old_slug=restored.slug).delete()
        if merge.model == Merge.Model.SPEAKER:
            _speaker_unmerge(merge, survivor, restored, change)
        else:
            _event_unmerge(merge, survivor, restored, change)
        merge.undone_at = timezone.now()
        merge.save(update_fields=["undone_at"])
        for record, message in (
            (survivor, f"merge of “{restored}” (#{restored.pk}) undone"),
            (restored, f"merge into “{survivor}” (#{survivor.pk}) undone"),
        ):
            history.record(record, action=Action.UNMERGE, message=message, user=user, merge=merge)


def _speaker_unmerge(merge: Merge, survivor: Speaker, restored: Speaker, change) -> None:
    snapshot = merge.snapshot
    slugs = {int(pk): slug for pk, slug in snapshot["statements"].items()}
    back = Statement.objects.filter(pk__in=slugs, speaker=survivor)
    change.statements(back)
    back.update(speaker=restored)
    survivor.aliases = [a for a in survivor.aliases if a not in snapshot["aliases_added"]]
    if snapshot["country_taken"] and survivor.country_id == restored.country_id:
        survivor.country = None
    survivor.save()
    statements = list(Statement.objects.filter(pk__in=slugs).select_related("speaker", "event"))
    _slugs_restore(statements, slugs)
    statements_refresh(Statement.objects.filter(pk__in=slugs))


def _event_unmerge(merge: Merge, survivor: Event, restored: Event, change) -> None:
    snapshot = merge.snapshot
    moved = {int(pk): value for pk, value in snapshot["statements"].items()}
    EventRef.objects.filter(pk__in=snapshot["refs"], event=survivor).update(event=restored)
    back = list(Statement.objects.filter(pk__in=moved, event=survivor))
    change.statements([s.pk for s in back])
    for statement in back:
        statement.event = restored
        statement.position = moved[statement.pk][0]
        statement.save(update_fields=["event", "position"])
    for folded in snapshot["folded"]:
        _restore(folded["record"])
        _restore(folded["links"])
        pk = folded["record"][0]["pk"]
        StatementRef.objects.filter(pk__in=folded["refs"]).update(statement_id=pk)
        into = Statement.objects.filter(pk=folded["into"]).first()
        if into is not None:
            into.sources.remove(*folded["sources_added"])
        moved[pk] = [None, folded["record"][0]["fields"]["slug"]]
        change.statements([pk], new=True)
    still_used = set(EventRef.objects.filter(event=survivor).values_list("ref", flat=True))
    kept_sources = {ref.rpartition("#")[0] for ref in still_used}
    survivor.sources.remove(
        *[
            s
            for s in survivor.sources.filter(pk__in=snapshot["sources_added"])
            if s.path not in kept_sources
        ]
    )
    survivor.organisations.remove(*snapshot["organisations_added"])
    statements = list(Statement.objects.filter(pk__in=moved).select_related("speaker", "event"))
    _slugs_restore(statements, {pk: value[1] for pk, value in moved.items()})
    statements_refresh(Statement.objects.filter(event__in=[survivor, restored]))


def _slugs_restore(statements, slugs: dict[int, str]) -> None:
    """Give statements back the slugs they had before a merge (their later slugs redirect)."""
    pairs = []
    for statement in statements:
        old = slugs.get(statement.pk)
        if not old or statement.slug == old:
            continue
        if Statement.objects.filter(slug=old).exclude(pk=statement.pk).exists():
            continue  # taken since: the statement keeps its slug
        pairs.append((statement.slug, old))
        statement.slug = old
    restored = {new for _old, new in pairs}
    Statement.objects.bulk_update([s for s in statements if s.slug in restored], ["slug"])
    redirects_add("statement", pairs)
    # A permalink given back answers again, rather than redirecting to where the merge put it.
    SlugRedirect.objects.filter(
        model="statement", old_slug__in=[s.slug for s in statements]
    ).delete()
