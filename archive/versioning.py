"""The archive's content version: bumped once per transaction that changes content.

Any save or delete of an archive record (and any M2M change) marks the current transaction;
when it commits, ``ArchiveState.version`` goes up by one and ``changed_at`` becomes now.
Bulk ``update()`` calls send no signals: the code making them calls ``content_changed()``.
"""

from __future__ import annotations

import time
from functools import partial

from django.db import connections, router, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

TRACKED = {
    "country",
    "organisation",
    "membership",
    "speaker",
    "event",
    "statement",
    "statementorganisation",
    "source",
}


def _bump(using: str) -> None:
    from archive.models import ArchiveState

    updated = (
        ArchiveState.objects.using(using)
        .filter(pk=1)
        .update(version=F("version") + 1, changed_at=timezone.now())
    )
    if not updated:
        ArchiveState.objects.using(using).get_or_create(pk=1, defaults={"version": 1})
    _readings.clear()  # this process sees its own change at once, whatever its max_age


def content_changed(using: str = "default") -> None:
    """Bump the version when the current transaction commits (at once outside one).

    One bump per transaction, however many records it saves: a callback already waiting
    (and not discarded by a rollback) is enough.
    """
    connection = connections[using]
    if connection.in_atomic_block and any(
        getattr(func, "archive_bump", False) for _, func, _ in connection.run_on_commit
    ):
        return
    callback = partial(_bump, using)
    callback.archive_bump = True
    transaction.on_commit(callback, using=using)


# This process's last reading per database alias: (time.monotonic() when read, state).
_readings: dict[str, tuple[float, tuple]] = {}


def current_state(*, max_age: float = 0):
    """(version, changed_at) of the archive, read from the database the public pages read.

    With ``max_age`` (seconds), this process's last reading does if it is younger: the page
    cache asks on every request, and the query was half the cost of a hit. Changes committed
    here drop the reading at once; other processes' changes show within ``max_age``.
    """
    from archive.models import ArchiveState

    alias = router.db_for_read(ArchiveState)
    now = time.monotonic()
    last = _readings.get(alias)
    if last is not None and now - last[0] < max_age:
        return last[1]
    state = (
        ArchiveState.objects.using(alias).filter(pk=1).values_list("version", "changed_at").first()
    ) or (0, None)
    _readings[alias] = (now, state)
    return state


def _on_change(sender, using=None, **kwargs):
    if sender._meta.app_label == "archive" and sender._meta.model_name in TRACKED:
        content_changed(using or "default")


def _on_m2m_change(sender, instance, action, using=None, **kwargs):
    if action.startswith("post_") and instance._meta.app_label == "archive":
        content_changed(using or "default")


def connect() -> None:
    post_save.connect(_on_change, dispatch_uid="archive.versioning.save")
    post_delete.connect(_on_change, dispatch_uid="archive.versioning.delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="archive.versioning.m2m")
