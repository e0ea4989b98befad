"""Splitting a statement in two, for turns the importer glued together.

The first part keeps the statement (its permalink, its source turns, its question); the rest
becomes a new statement right after it, with its own permalink, the same speaker until a
librarian sets the right one, and no source turn of its own, so imports never touch it. The
shortened text counts as a correction, so a re-import keeps it.
"""

from __future__ import annotations

from django.db.models import F

from archive import changes
from archive.curation import history
from archive.models import ReviewStatus, Statement
from archive.slugs import unique_slug

Action = history.Action
# Positions are moved out of the way and back, so the unique (event, position) never clashes.
SHIFT = 1_000_000


class SplitError(ValueError):
    pass


def statement_split(statement: Statement, *, at: int, user=None) -> Statement:
    """Split after the ``at``-th paragraph (1 to paragraphs - 1); returns the new statement."""
    paragraphs = statement.paragraphs
    if not 1 <= at < len(paragraphs):
        raise SplitError(
            f"choose a break between paragraph 1 and {len(paragraphs)}: "
            f"this statement has {len(paragraphs)} paragraph(s)"
        )
    with changes.tracked() as change:
        change.statements([statement.pk])
        later = Statement.objects.filter(event=statement.event, position__gt=statement.position)
        later.update(position=F("position") + SHIFT)
        later.update(position=F("position") - SHIFT + 1)
        before = statement.text
        statement.text = "\n\n".join(paragraphs[:at])
        statement.mark_curated(["text"])
        statement.save()
        new = Statement(
            event=statement.event,
            position=statement.position + 1,
            speaker=statement.speaker,
            role=statement.role,
            kind=statement.kind,
            text="\n\n".join(paragraphs[at:]),
            review_status=ReviewStatus.NEEDS_REVIEW,
            hidden=statement.hidden,
        )
        new.denormalise()
        new.slug = unique_slug(Statement.objects, new.content_slug())
        new.save()
        new.sources.set(statement.sources.all())
        new.mentioned_countries.set(statement.mentioned_countries.all())
        mentioned = list(
            statement.statementorganisation_set.filter(via_mention=True).values_list(
                "organisation__code", flat=True
            )
        )
        new.links_refresh(mentioned=mentioned)
        change.statements([new.pk], new=True)
        history.record(
            statement,
            action=Action.SPLIT,
            changes={"text": [before, statement.text]},
            message=f"split: paragraphs {at + 1}–{len(paragraphs)} became {new.slug}",
            user=user,
        )
        history.record(
            new,
            action=Action.SPLIT,
            changes={"text": [None, new.text]},
            message=f"split from {statement.slug}",
            user=user,
        )
    return new
