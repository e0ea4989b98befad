"""Renames that keep shared links working, and the copies statements keep of their event and
speaker. Both run on any number of statements in a few queries: an event of 80 statements
renamed in the admin must save in well under a second.
"""

from __future__ import annotations

from django.db.models import Prefetch

from archive.models import Event, SlugRedirect, Speaker, Statement, links_sync
from archive.slugs import unique_slug, unique_slugs

BATCH = 500


def redirects_add(model: str, pairs: list[tuple[str, str]]) -> None:
    """Point each old slug (and any slug that pointed to it) at its new one."""
    pairs = [(old, new) for old, new in pairs if old != new]
    if not pairs:
        return
    target = dict(pairs)
    pointing = list(SlugRedirect.objects.filter(model=model, new_slug__in=target))
    for redirect in pointing:
        redirect.new_slug = target[redirect.new_slug]
    SlugRedirect.objects.bulk_update(pointing, ["new_slug"], batch_size=BATCH)
    SlugRedirect.objects.filter(model=model, old_slug__in=target.values()).delete()
    SlugRedirect.objects.bulk_create(
        [SlugRedirect(model=model, old_slug=old, new_slug=new) for old, new in pairs],
        update_conflicts=True,
        unique_fields=["model", "old_slug"],
        update_fields=["new_slug"],
    )


def _fits(slug: str, wanted: str) -> bool:
    """A slug still fits when it is the one wanted, or that one made unique ("-2")."""
    return slug == wanted or slug.startswith(f"{wanted}-")


def _reslug(record, kind: str) -> None:
    """Give a record the slug its content now implies; the old slug redirects to it."""
    wanted = record.content_slug()
    if _fits(record.slug, wanted):
        return
    old = record.slug
    record.slug = unique_slug(type(record).objects.exclude(pk=record.pk), wanted)
    record.save(update_fields=["slug"])
    redirects_add(kind, [(old, record.slug)])


def statements_reslug(statements) -> None:
    """New slugs for statements whose speaker, event or position changed; old ones redirect."""
    stale = [s for s in statements if not _fits(s.slug, s.content_slug())]
    if not stale:
        return
    slugs = unique_slugs(Statement.objects.all(), [s.content_slug() for s in stale])
    pairs = []
    for statement, slug in zip(stale, slugs, strict=True):
        pairs.append((statement.slug, slug))
        statement.slug = slug
    Statement.objects.bulk_update(stale, ["slug"], batch_size=BATCH)
    redirects_add("statement", pairs)


def event_reslug(event: Event) -> None:
    """After a rename or a new date: new slugs for it and its statements, old ones redirect."""
    _reslug(event, "event")
    statements_reslug(event.statements.select_related("speaker", "event"))


def speaker_reslug(speaker: Speaker) -> None:
    _reslug(speaker, "speaker")
    statements_reslug(speaker.statements.select_related("speaker", "event"))


def statements_refresh(statements) -> None:
    """Copy event and speaker facts onto statements again after an event or speaker changed:
    dates, countries, bylines (and SQLite's stems), organisation links."""
    rows = list(
        statements.select_related("event", "speaker").prefetch_related(
            Prefetch("event__organisations")
        )
    )
    fields = ["date", "year", "speaker_country_id", "event_country_id", "byline", "search_stems"]
    changed = []
    for statement in rows:
        before = [getattr(statement, name) for name in fields]
        statement.denormalise()
        statement.prepare()
        if [getattr(statement, name) for name in fields] != before:
            changed.append(statement)
    Statement.objects.bulk_update(
        changed,
        ["date", "year", "speaker_country", "event_country", "byline", "search_stems"],
        batch_size=BATCH,
    )
    links_sync(rows)
