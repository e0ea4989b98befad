"""Django's page cache in front of rendering, for anonymous readers, keyed by content version.

The key prefix is the archive's content version (``archive.versioning``): an import or a
librarian's edit moves it, so every cached page is stale at once without being deleted.
Signed-in users and the admin are never served from the cache.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

from archive.versioning import current_state

_prefix: ContextVar[str | None] = ContextVar("page_cache_prefix", default=None)


def _eligible(request) -> bool:
    return (
        settings.CACHE_MIDDLEWARE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(f"/{settings.ADMIN_URL}")
    )


class _VersionedPrefix:
    """``key_prefix`` read per request instead of once at start-up."""

    @property
    def key_prefix(self) -> str:
        return _prefix.get() or ""

    @key_prefix.setter
    def key_prefix(self, value) -> None:
        """Django sets it from settings in ``__init__``; the content version replaces it."""


class PageCacheFetchMiddleware(_VersionedPrefix, FetchFromCacheMiddleware):
    def process_request(self, request):
        if not _eligible(request):
            request._cache_update_cache = False
            return None
        version, _ = current_state()
        _prefix.set(f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}v{version}")
        response = super().process_request(request)
        if response is not None:
            response["X-Page-Cache"] = "hit"
        return response


class PageCacheUpdateMiddleware(_VersionedPrefix, UpdateCacheMiddleware):
    def process_response(self, request, response):
        try:
            if _prefix.get() is None:
                return response
            return super().process_response(request, response)
        finally:
            _prefix.set(None)
