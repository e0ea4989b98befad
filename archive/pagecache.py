"""Django's page cache in front of rendering, for anonymous readers, keyed by content version.

The key prefix is the archive's content version (``archive.versioning``): an import or a
librarian's edit moves it, so every cached page is stale at once without being deleted. The
version is read at most once per ``PAGE_CACHE_VERSION_SECONDS`` per process, so a hit makes no
query: a change committed in the serving process shows at once, one committed elsewhere (an
import, another worker) within that time. Each process also keeps, for a second, its own copy
of the pages it read from the shared cache (Redis in production), so a hit costs no round trip.

Signed-in users and the admin are never served from the cache. The fetch runs early in
``MIDDLEWARE`` (before sessions, CSRF and auth, which a hit does not need): the stored
response already carries every header the inner middleware set, the update half stores it
from outside them all, and the security, CSP and conditional-GET middleware still run.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends import redis
from django.db import InterfaceError, OperationalError
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.middleware.csp import get_nonce

from archive.versioning import current_state

LOCAL_ALIAS = "pages-local"  # in CACHES: this process's short-lived copies

_prefix: ContextVar[str | None] = ContextVar("page_cache_prefix", default=None)


def _eligible(request) -> bool:
    return (
        settings.CACHE_MIDDLEWARE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(f"/{settings.ADMIN_URL}")
    )


class _TwoLevelCache:
    """The shared page cache behind this process's copy of what it read in the last second.

    A hit then makes no round trip to Redis (it made two: Vary's header list, then the page).
    Keys carry the content version, so the copy is never of older content.
    """

    def __init__(self, local, shared):
        self.local = local
        self.shared = shared

    def get(self, key, default=None):
        value = self.local.get(key)
        if value is None:
            value = self.shared.get(key)
            if value is not None:
                self.local.set(key, value)
        return default if value is None else value

    def set(self, key, value, timeout):
        self.shared.set(key, value, timeout)
        self.local.set(key, value)


class _PageCache:
    """``key_prefix`` read per request instead of once at start-up; the two-level cache."""

    @property
    def key_prefix(self) -> str:
        return _prefix.get() or ""

    @key_prefix.setter
    def key_prefix(self, value) -> None:
        """Django sets it from settings in ``__init__``; the content version replaces it."""

    @property
    def cache(self):
        return _TwoLevelCache(caches[LOCAL_ALIAS], caches[self.cache_alias])


class PageCacheFetchMiddleware(_PageCache, FetchFromCacheMiddleware):
    def process_request(self, request):
        if not _eligible(request):
            request._cache_update_cache = False
            return None
        try:
            version, _ = current_state(max_age=settings.PAGE_CACHE_VERSION_SECONDS)
        except (OperationalError, InterfaceError):
            # The database is down: the view answers (DatabaseUnavailableMiddleware's 503).
            request._cache_update_cache = False
            return None
        _prefix.set(f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}v{version}")
        response = super().process_request(request)
        if response is not None:
            response["X-Page-Cache"] = "hit"
        return response


class PageCacheUpdateMiddleware(_PageCache, UpdateCacheMiddleware):
    def process_response(self, request, response):
        try:
            if _prefix.get() is None:
                return response
            return super().process_response(request, response)
        finally:
            _prefix.set(None)

    def _should_update_cache(self, request, response):
        """Not a page whose CSP nonce was used: a nonce must not be served to a second reader.

        Django's CSP how-to warns against caching such pages; the archive's templates use no
        nonce today, so this only guards a future inline script.
        """
        return super()._should_update_cache(request, response) and not get_nonce(request)


class _PooledClients(redis.RedisCacheClient):
    """One ``redis.Redis`` per connection pool, made once.

    Django makes one per cache call, and redis-py fills a table of ~165 response callbacks for
    each (redis/redis-py#3624): a fifth of a Redis-served hit's time. The client is thread-safe.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    """Django's Redis cache backend (``CACHE_URL=redis://…``), without a client per call."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _PooledClients
