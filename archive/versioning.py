"""The archive's content version: one number that moves with every committed change.

Writers bump it inside their own transaction (``archive.changes`` does it for them), so the
new version commits with the content it describes. Pages use it for ``Last-Modified``/``ETag``
and as the key of the page cache.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import router, transaction
from django.utils import timezone


def bump(*, using: str = "default") -> None:
    """Move the version, in the current transaction; its row stays locked until the commit,
    which orders concurrent writers.

    ``changed_at`` moves by at least a second each time: it is ``Last-Modified``, which HTTP
    gives in whole seconds, and a change within the second of the previous one must not let
    a browser or a proxy keep the older page.
    """
    from archive.models import ArchiveState

    state = ArchiveState.objects.using(using).select_for_update().filter(pk=1).first()
    if state is None:
        ArchiveState.objects.using(using).create(pk=1, version=1)
    else:
        now = timezone.now()
        following = state.changed_at.replace(microsecond=0) + dt.timedelta(seconds=1)
        state.version += 1
        state.changed_at = max(now, following)
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
