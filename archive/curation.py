"""What librarians do to records beyond editing a field: renames that keep old links working,
merges of duplicates, hiding. Each is one transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from archive.models import Event, SlugRedirect, Speaker, Statement
from archive.slugs import unique_slug


def _redirect(model: str, old: str, new: str) -> None:
    """Point an old slug (and any slug that pointed to it) at the new one."""
    if old == new:
        return
    SlugRedirect.objects.filter(model=model, new_slug=old).update(new_slug=new)
    SlugRedirect.objects.filter(model=model, old_slug=new).delete()
    SlugRedirect.objects.update_or_create(model=model, old_slug=old, defaults={"new_slug": new})


def _reslug(record, kind: str) -> None:
    """Give a record the slug its content now implies; the old slug redirects to it."""
    wanted = record.content_slug()
    if record.slug == wanted or record.slug.startswith(f"{wanted}-"):
        return
    old = record.slug
    record.slug = unique_slug(type(record).objects.exclude(pk=record.pk), wanted)
    record.save(update_fields=["slug"])
    _redirect(kind, old, record.slug)


def statement_reslug(statement: Statement) -> None:
    _reslug(statement, "statement")


@transaction.atomic
def event_reslug(event: Event) -> None:
    """After a rename or a new date: new slugs for it and its statements, old ones redirect."""
    _reslug(event, "event")
    for statement in event.statements.select_related("speaker", "event"):
        statement_reslug(statement)


@transaction.atomic
def speaker_reslug(speaker: Speaker) -> None:
    _reslug(speaker, "speaker")
    for statement in speaker.statements.select_related("speaker", "event"):
        statement_reslug(statement)


def statements_refresh(statements) -> None:
    """Re-copy event and speaker facts onto statements after an event or speaker changed."""
    for statement in statements.select_related("event", "speaker"):
        statement.denormalise()
        statement.save(update_fields=["date", "year", "speaker_country", "event_country", "byline"])
        statement.links_refresh()


@transaction.atomic
def speaker_merge(*, target: Speaker, others) -> int:
    """Fold duplicate speakers into ``target``: statements move, names become aliases,
    old slugs redirect. Returns how many statements moved."""
    moved = 0
    aliases = list(target.aliases)
    for other in others:
        if other.pk == target.pk:
            continue
        for name in [other.name, *other.aliases]:
            if name != target.name and name not in aliases:
                aliases.append(name)
        if target.country_id is None and other.country_id:
            target.country_id = other.country_id
        moved += Statement.objects.filter(speaker=other).update(speaker=target)
        _redirect("speaker", other.slug, target.slug)
        other.delete()
    target.aliases = aliases
    target.mark_curated(["aliases"])
    target.save()
    statements_refresh(target.statements.all())
    for statement in target.statements.select_related("speaker", "event"):
        statement_reslug(statement)
    return moved


@transaction.atomic
def event_merge(*, target: Event, others) -> int:
    """Fold duplicate events into ``target``: their statements follow in order, sources and
    organisations are combined, old slugs redirect. Returns how many statements moved."""
    moved = 0
    for other in others:
        if other.pk == target.pk:
            continue
        offset = target.statements.aggregate(m=Max("position"))["m"] or 0
        for statement in other.statements.order_by("position"):
            statement.event = target
            statement.position = offset + statement.position
            statement.save(update_fields=["event", "position"])
            moved += 1
        target.sources.add(*other.sources.all())
        target.organisations.add(*other.organisations.all())
        _redirect("event", other.slug, target.slug)
        other.delete()
    statements_refresh(target.statements.all())
    for statement in target.statements.select_related("speaker", "event"):
        statement_reslug(statement)
    return moved
