"""One import at a time: two imports interleaving their sources would race for the same rows.

PostgreSQL holds a session advisory lock (released if the process dies); SQLite, which lives
on one machine, a lock file beside the database (a lock in memory for an in-memory database,
which no other process can open). A second import waits, saying which import
it waits for, or gives up at once when asked to (an upload in the admin).
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.db import connections

# Any number, the same for every process of this project: the advisory lock's key.
ADVISORY_KEY = 0x41524348  # "ARCH"


class ImportBusy(Exception):
    """Another import is running and this one was asked not to wait."""


def running_import() -> str:
    """Which import holds the lock, in words, for the message of the one waiting."""
    from archive.models import ImportRun

    run = ImportRun.objects.filter(status=ImportRun.Status.RUNNING).order_by("-started_at").first()
    if run is None:
        return "another import is running"
    where = f" (process {run.pid} on {run.host})" if run.pid else ""
    return f"another import is running since {run.started_at:%Y-%m-%d %H:%M:%S %Z}{where}"


@contextmanager
def import_lock(*, wait: bool = True, notice: Callable[[str], None] | None = None, using="default"):
    """Hold the import lock for the block; waits (telling ``notice`` why) or raises
    ``ImportBusy`` when ``wait`` is false."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
            if not cursor.fetchone()[0]:
                _busy(wait, notice)
                cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        return
    path = _lock_file(connection)
    if path is None:  # an in-memory database lives in this process only
        lock = _memory_locks.setdefault(str(connection.settings_dict["NAME"]), threading.Lock())
        if not lock.acquire(blocking=False):
            _busy(wait, notice)
            lock.acquire()
        try:
            yield
        finally:
            lock.release()
        return
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            _busy(wait, notice)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


_memory_locks: dict[str, threading.Lock] = {}


def _busy(wait: bool, notice) -> None:
    message = running_import()
    if not wait:
        raise ImportBusy(message)
    if notice:
        notice(f"{message}; waiting for it to finish")


def _lock_file(connection) -> Path | None:
    """Beside the database file; None for an in-memory database (one process sees it)."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        return None
    path = Path(name)
    return path.with_name(f"{path.name}.import-lock")
