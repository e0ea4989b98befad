"""The page cache for anonymous readers: one stored page per address, language and content.

A page's key is the archive's content version (``archive.versioning``), the language it is
written in and its full address, nothing else: an import or a librarian's edit moves the
version, so every stored page is stale at once without being deleted; the language is what
the ``Cookie`` and ``Accept-Language`` headers change about a page, so a reader's other
cookies (analytics, another site's on the same domain, a bot's random ones) neither miss the
cache nor fill it. The version is read at most once per ``PAGE_CACHE_VERSION_SECONDS`` per
process, so a hit makes no query.

Signed-in users and the admin are never served from the cache. The middleware sits after
``LocaleMiddleware`` (the language is known) and before sessions, CSRF and auth (a hit needs
none of them); the middleware outside it (security headers, CSP, ETags) runs on hits too.

Pages live in the ``pages`` cache: ``ProcessCache`` (this process's memory, bounded in bytes)
by default, or Redis (``CACHE_URL``) behind each process's copy, for a second, of the pages it
read there (``TwoLevelCache``), so a hot page costs no round trip to Redis.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import InterfaceError, OperationalError
from django.middleware.csp import get_nonce

from archive.versioning import current_state

ALIAS = "pages"
# The only request headers a stored page may vary on: both say which language it is in.
LANGUAGE_HEADERS = {"cookie", "accept-language"}
UNCACHEABLE = ("private", "no-store", "no-cache")


class PageCacheMiddleware:
    """Serves anonymous GET and HEAD requests from the ``pages`` cache, and fills it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_key(request)
        if key is None:
            return self.get_response(request)
        cache = caches[ALIAS]
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if storable(request, response):
            cache.set(key, response, settings.CACHE_MIDDLEWARE_SECONDS)
        return response


def page_key(request) -> str | None:
    """The key of the page this request asks for, or None when it must not be cached."""
    if not (
        settings.CACHE_MIDDLEWARE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(f"/{settings.ADMIN_URL}")
    ):
        return None
    try:
        version, _changed = current_state(max_age=settings.PAGE_CACHE_VERSION_SECONDS)
    except (OperationalError, InterfaceError):
        return None  # the database is down: the view answers (the 503 page)
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}:{version}:{request.LANGUAGE_CODE}:{address}"


def storable(request, response) -> bool:
    """A complete, public page for everyone, whose only variation is its language.

    Not a page whose CSP nonce was used: a nonce must not be served to a second reader
    (Django's CSP how-to warns against caching such pages).
    """
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in UNCACHEABLE):
        return False
    vary = {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}
    return vary <= LANGUAGE_HEADERS and not get_nonce(request)


class _Store:
    """One process's pages for one cache name: pickled, least recently used first."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.items: OrderedDict[str, tuple[float | None, bytes]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def drop(self, key: str) -> None:
        _expiry, blob = self.items.pop(key)
        self.size -= len(blob)


_stores: dict[str, _Store] = {}
_stores_lock = threading.Lock()


class ProcessCache(BaseCache):
    """A cache in this process's memory, bounded by the bytes it holds (``MAX_BYTES``).

    Django's ``LocMemCache`` bounds the number of entries, not their size: 5,000 pages of
    66 KB were 330 MB per worker. Here the least recently used pages go first once the
    pickled pages exceed ``MAX_BYTES``. Instances with one ``LOCATION`` share their pages,
    as ``LocMemCache``'s do (Django makes one instance per thread).
    """

    def __init__(self, location, params):
        super().__init__(params)
        max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 1024 * 1024))
        with _stores_lock:
            self._store = _stores.setdefault(location, _Store(max_bytes))

    def _live(self, key: str):
        """The pickled value of ``key`` if present and not expired (lock held)."""
        item = self._store.items.get(key)
        if item is None:
            return None
        expiry, blob = item
        if expiry is not None and expiry <= time.time():
            self._store.drop(key)
            return None
        return blob

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        store = self._store
        with store.lock:
            blob = self._live(key)
            if blob is None:
                return default
            store.items.move_to_end(key)
        return pickle.loads(blob)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        expiry = self.get_backend_timeout(timeout)
        store = self._store
        with store.lock:
            if key in store.items:
                store.drop(key)
            if len(blob) > store.max_bytes:
                return
            store.items[key] = (expiry, blob)
            store.size += len(blob)
            while store.size > store.max_bytes:
                store.drop(next(iter(store.items)))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.has_key(key, version=version):
            return False
        self.set(key, value, timeout, version=version)
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._store.lock:
            blob = self._live(key)
            if blob is None:
                return False
            self._store.items[key] = (self.get_backend_timeout(timeout), blob)
            return True

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._store.lock:
            if key not in self._store.items:
                return False
            self._store.drop(key)
            return True

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._store.lock:
            return self._live(key) is not None

    def clear(self):
        with self._store.lock:
            self._store.items.clear()
            self._store.size = 0

    @property
    def size(self) -> int:
        """The bytes of pickled pages held (for tests and the curious)."""
        return self._store.size


class TwoLevelCache(BaseCache):
    """A shared cache (``OPTIONS["SHARED"]``, Redis) behind this process's short-lived copy
    of what it read there (``OPTIONS["LOCAL"]``, a ``ProcessCache`` with a 1 s timeout).

    A hit on a hot page then makes no round trip to Redis; keys carry the content version,
    so the copy is never of older content.
    """

    def __init__(self, location, params):
        super().__init__(params)
        options = params["OPTIONS"]
        self.shared_alias = options["SHARED"]
        self.local_alias = options["LOCAL"]

    def get(self, key, default=None, version=None):
        local = caches[self.local_alias]
        value = local.get(key, version=version)
        if value is None:
            value = caches[self.shared_alias].get(key, version=version)
            if value is not None:
                local.set(key, value, version=version)
        return default if value is None else value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        caches[self.shared_alias].set(key, value, timeout, version=version)
        caches[self.local_alias].set(key, value, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = caches[self.shared_alias].add(key, value, timeout, version=version)
        if added:
            caches[self.local_alias].set(key, value, version=version)
        return added

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return caches[self.shared_alias].touch(key, timeout, version=version)

    def delete(self, key, version=None):
        caches[self.local_alias].delete(key, version=version)
        return caches[self.shared_alias].delete(key, version=version)

    def has_key(self, key, version=None):
        return self.get(key, version=version) is not None

    def clear(self):
        caches[self.local_alias].clear()
        caches[self.shared_alias].clear()
