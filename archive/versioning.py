"""The archive's content version: one number that moves with every committed change.

Writers bump it inside their own transaction (``archive.changes`` does it for them), so the
new version commits with the content it describes. Pages use it for ``Last-Modified``/``ETag``
and as the key of the page cache.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass

from django.db import router, transaction
from django.utils import timezone


def bump(*, using: str = "default") -> None:
    """Move the version, in the current transaction; its row stays locked until the commit,
    which orders concurrent writers.

    ``changed_at`` is the time of the change (never earlier than the previous one), not
    pushed forward: a burst of changes (an import of many files) would otherwise date the
    archive seconds into the future, and HTTP forbids a ``Last-Modified`` later than ``Date``.
    ``previous_last_modified`` keeps the latest date a page of the replaced version may carry,
    so that a change within that second is not taken as unmodified (``page_validators``).
    """
    from archive.models import ArchiveState

    state = ArchiveState.objects.using(using).select_for_update().filter(pk=1).first()
    if state is None:
        ArchiveState.objects.using(using).create(pk=1, version=1)
    else:
        # The latest Last-Modified a page of the version being replaced may carry.
        superseded = _validators(state.version, state.changed_at, state.previous_last_modified)
        state.version += 1
        state.previous_last_modified = superseded.compared_as
        state.changed_at = max(timezone.now(), state.changed_at)
        state.save(update_fields=["version", "previous_last_modified", "changed_at"])
    # This process sees its own change at once, whatever the readers' max_age: its own reads
    # in this transaction now, everybody's once it commits.
    _readings.clear()
    transaction.on_commit(_readings.clear, using=using)


# This process's last reading per database alias: (time.monotonic() when read, state).
_readings: dict[str, tuple[float, tuple]] = {}


def _read(max_age: float) -> tuple:
    from archive.models import ArchiveState

    alias = router.db_for_read(ArchiveState)
    now = time.monotonic()
    last = _readings.get(alias)
    if last is not None and now - last[0] < max_age:
        return last[1]
    state = (
        ArchiveState.objects.using(alias)
        .filter(pk=1)
        .values_list("version", "changed_at", "previous_last_modified")
        .first()
    ) or (0, None, None)
    _readings[alias] = (now, state)
    return state


def current_state(*, max_age: float = 0):
    """(version, changed_at) of the archive, read from the database the public pages read.

    With ``max_age`` (seconds), this process's last reading does if it is younger: the page
    cache asks on every request, and the query was half the cost of a hit. Changes committed
    here drop the reading at once; other processes' changes show within ``max_age``.
    """
    version, changed_at, _previous = _read(max_age)
    return version, changed_at


# Internal, never sent: the time ``If-Modified-Since`` is compared with, when it is not the
# page's ``Last-Modified`` (archive.site.middleware.ConditionalGetMiddleware reads it).
COMPARED_AS = "X-Archive-Compared-As"


@dataclass(frozen=True)
class Validators:
    """What a public page is validated by: its ETag, its ``Last-Modified``, and the time
    ``If-Modified-Since`` is compared with."""

    version: int
    last_modified: int | None  # a Unix time, never after now
    compared_as: int | None

    def etag(self, language: str | None) -> str:
        return page_etag(self.version, language)


def page_validators(*, max_age: float = 0) -> Validators:
    """The validators of the archive's pages now.

    HTTP dates have whole seconds. When the archive changed within the second a page of the
    version before may carry as its ``Last-Modified`` (an import, then a hide), that copy and
    the page now share a date, so ``If-Modified-Since`` alone cannot tell them apart (RFC 9110
    §8.8.2.2: such a date is a weak validator). The date is then compared as one second later,
    so that copy gets the page again rather than a 304, and pages say that later second once
    it has come (never a date after now). The ETag, the version itself, always tells them apart.
    """
    return _validators(*_read(max_age))


def _validators(version: int, changed_at, previous: int | None) -> Validators:
    changed = last_modified(changed_at)
    if changed is None:
        return Validators(version, None, None)
    stamp = int(changed.timestamp())
    compared_as = stamp + 1 if previous is not None and previous >= stamp else stamp
    shown = compared_as if compared_as <= time.time() else stamp
    return Validators(version, shown, compared_as)


# What else a page's bytes depend on besides the content and the language: the code that
# renders them. A deployment that sets ``ARCHIVE_RELEASE`` (a tag, a commit) gives its pages
# new ETags, so no cache keeps a page rendered by the templates of the previous release.
RELEASE = os.environ.get("ARCHIVE_RELEASE", "").strip()


def page_etag(version: int, language: str | None) -> str:
    """The ETag of a public page: the content version, the language, the release.

    Weak: equal versions give equivalent pages, not always the same bytes (a CSP nonce).
    A change within the same second moves the version, so a cache revalidating with
    ``If-None-Match`` (which takes precedence over ``If-Modified-Since``, RFC 9110 §13.2.2)
    gets the new page even when ``Last-Modified`` cannot tell the two apart.
    """
    parts = [f"v{version}", language or "-"]
    if RELEASE:
        parts.append(RELEASE)
    return f'W/"{"-".join(parts)}"'


def last_modified(changed_at: dt.datetime | None) -> dt.datetime | None:
    """``Last-Modified`` for content changed at ``changed_at``: never later than now (the
    response's ``Date``), even if a clock, or an older version of ``bump``, put it ahead."""
    if changed_at is None:
        return None
    return min(changed_at, timezone.now())
