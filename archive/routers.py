"""Reads from a replica, writes (and everything in the admin or an import) on the primary.

Active only when ``DATABASE_REPLICA_URL`` is set. Code that must read its own writes (the
admin, imports) runs inside ``primary()``; the middleware does that for admin requests.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_use_primary: ContextVar[bool] = ContextVar("use_primary", default=False)


@contextmanager
def primary():
    token = _use_primary.set(True)
    try:
        yield
    finally:
        _use_primary.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return "default" if _use_primary.get() else "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryForAdminMiddleware:
    """Librarians see their own edits at once: admin requests read from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        if request.path.startswith(self.prefix) or request.method not in {"GET", "HEAD"}:
            with primary():
                return self.get_response(request)
        return self.get_response(request)
