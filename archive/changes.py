"""Change tracking: how every writer of the archive's content says what it changed.

The loader, the admin's saves and actions, merges, splits and the corpus generator each run in
``tracked()`` and tell the open ``Change`` which statements they touch. Just before the
transaction commits, the same transaction bumps the content version (``archive.versioning``:
Last-Modified, ETags and the page cache follow it) and counts again the months and
speaker-years those statements were in and are in now (``archive.tallies``). A commit carries
its counts and its version; a rollback or a killed process leaves neither behind, so nothing
waits for a callback after the commit and no count can be left stale by a crash.

Nothing here listens to model signals: code that writes content without ``tracked()`` leaves
the version and the tallies as they were, which ``manage.py check_archive`` reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import models, transaction

from archive import tallies, versioning


@dataclass
class Change:
    """What one transaction changed: statements to count again, or everything."""

    using: str = "default"
    statement_ids: set[int] = field(default_factory=set)
    keys: set[tallies.Key] = field(default_factory=set)  # before the change
    everything: bool = False
    content: bool = False  # anything public changed: the version moves

    def statements(self, statements: models.QuerySet | Iterable[int], *, new=False) -> None:
        """Statements about to change (or, with ``new``, just created), given as a queryset
        or their ids: where they are counted now and where they will be, at the end."""
        self.content = True
        if self.everything:
            return
        if isinstance(statements, models.QuerySet):
            statements = statements.values_list("pk", flat=True)
        ids = set(statements) - self.statement_ids
        if not ids:
            return
        if not new:
            self.keys |= tallies.keys_of(ids, using=self.using)
        self.statement_ids |= ids

    def counts_everything(self) -> None:
        """Count every tally again (after a change whose statements are not known)."""
        self.content = True
        self.everything = True

    def records(self) -> None:
        """A change no count depends on (a speaker's aliases, a source): the version moves."""
        self.content = True

    @property
    def counts_waiting(self) -> bool:
        """Whether statements changed whose tallies are not counted yet."""
        return self.everything or bool(self.statement_ids)

    def finish(self) -> None:
        """Bump the version, then count again: the version's row lock comes first, so two
        writers' counts never interleave (the second waits for the first to commit)."""
        if not self.content:
            return
        versioning.bump(using=self.using)
        if self.everything:
            tallies.rebuild(using=self.using)
        elif self.statement_ids:
            after = tallies.keys_of(self.statement_ids, using=self.using)
            tallies.recount(self.keys | after, using=self.using)
        self.statement_ids.clear()
        self.keys.clear()
        self.everything = False


_open: ContextVar[Change | None] = ContextVar("archive_change", default=None)


@contextmanager
def tracked(*, using: str = "default"):
    """A transaction whose content changes are counted and versioned before it commits.

    Nested calls share the outer change (and its transaction).
    """
    current = _open.get()
    if current is not None and current.using == using:
        with transaction.atomic(using=using):
            yield current
        return
    change = Change(using=using)
    token = _open.set(change)
    try:
        with transaction.atomic(using=using):
            yield change
            change.finish()
    finally:
        _open.reset(token)


def current(*, using: str = "default") -> Change | None:
    """The change open in this context, if any."""
    change = _open.get()
    return change if change is not None and change.using == using else None


def counts_waiting(*, using: str = "default") -> bool:
    """Whether a read here would see statements whose tallies are not counted yet (inside a
    change): such reads count the statements themselves."""
    change = current(using=using)
    return change is not None and change.counts_waiting
