"""The archive's content version: one number that moves with every committed change.

Writers bump it inside their own transaction (``archive.changes`` does it for them), so the
new version commits with the content it describes. Pages use it for ``Last-Modified``/``ETag``
and as the key of the page cache.
"""

from __future__ import annotations

import datetime as dt
import os
import time

from django.db import router, transaction
from django.utils import timezone


def bump(*, using: str = "default") -> None:
    """Move the version, in the current transaction; its row stays locked until the commit,
    which orders concurrent writers.

    ``changed_at`` is the time of the change (never earlier than the previous one), not
    pushed forward: a burst of changes (an import of many files) would otherwise date the
    archive seconds into the future, and HTTP forbids a ``Last-Modified`` later than ``Date``.
    A change within the same second as the previous one still reaches every cache that
    revalidates with the page's ``ETag``, which is the version itself (``page_etag``).
    """
    from archive.models import ArchiveState

    state = ArchiveState.objects.using(using).select_for_update().filter(pk=1).first()
    if state is None:
        ArchiveState.objects.using(using).create(pk=1, version=1)
    else:
        state.version += 1
        state.changed_at = max(timezone.now(), state.changed_at)
        state.save(update_fields=["version", "changed_at"])
    # This process sees its own change at once, whatever the readers' max_age: its own reads
    # in this transaction now, everybody's once it commits.
    _readings.clear()
    transaction.on_commit(_readings.clear, using=using)


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
