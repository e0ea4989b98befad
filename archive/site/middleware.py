"""Request-level behaviour of the public site: read-only, honest when the database is down,
and one structured log line per request."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import FileResponse, HttpResponse, HttpResponseNotAllowed
from django.middleware import http
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response

from archive.site.problems import problem
from archive.versioning import COMPARED_AS

request_log = logging.getLogger("archive.requests")

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
RETRY_AFTER_SECONDS = 30
# Both languages at once, as the 503 page: the translations need nothing from the database,
# but the message must not depend on anything that might be failing too.
UNAVAILABLE = (
    "La base de données ne répond pas : réessayez dans une minute. "
    "The database is not answering: please try again in a minute."
)


class ReadOnlyPublicSiteMiddleware:
    """Outside the admin and the language switch, the site only answers GET and HEAD.

    ``OPTIONS`` gets the headers a GET would (``Allow``, CORS) and never a body: the feed,
    ``/healthz`` and the sitemaps are plain functions that would otherwise answer it in full.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.writable = (f"/{settings.ADMIN_URL}", "/i18n/")

    def __call__(self, request):
        if request.path.startswith(self.writable):
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(sorted(SAFE_METHODS - {"OPTIONS"}))
        response = self.get_response(request)
        if request.method == "OPTIONS":
            response = without_body(response)
        return response


def without_body(response) -> HttpResponse:
    """The same status and headers, no content (``Allow`` added to a success)."""
    if response.streaming:
        response.close()
    empty = HttpResponse(status=response.status_code)
    for header, value in response.items():
        empty[header] = value
    empty["Content-Length"] = "0"
    if response.status_code < 300:
        empty.headers.setdefault("Allow", "GET, HEAD, OPTIONS")
    return empty


class AdminRequestSizeMiddleware:
    """A form too large to read (a huge paste) gets a page saying so and how to keep the
    text, instead of Django's bare 400 once the request is read."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request.method == "POST" and request.path.startswith(self.admin) and size > limit:
            return render(
                request,
                "admin/request_too_large.html",
                {"size": size / 1048576, "limit": limit / 1048576},
                status=413,
            )
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A database that is down gives a friendly 503 with Retry-After, not a 500.

    Django reconnects on the next request (persistent connections are health-checked), so
    service resumes by itself once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        request_log.error(
            json.dumps(
                {
                    "event": "database-unavailable",
                    "path": request.path,
                    "error": str(exception)[:200],
                }
            )
        )
        if request.path.startswith("/api/"):
            response = problem(503, [UNAVAILABLE])
        else:
            response = HttpResponse(
                render_to_string("503.html", request=None), status=503, content_type="text/html"
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


class RequestLogMiddleware:
    """One JSON line per request: method, path, status, duration; nothing about the reader."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        request_log.info(
            json.dumps(
                {
                    "method": request.method,
                    "path": request.path,
                    "query": request.META.get("QUERY_STRING", "")[:500],
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                }
            )
        )
        return response


# After asking the server to cancel, how long a query may still take to end before its
# connection is cut: a server that froze answers neither the query nor the cancel.
CANCEL_GRACE_SECONDS = 1.0


class QueryDeadlineMiddleware:
    """Every PostgreSQL query of a web request ends within ``DATABASE_STATEMENT_TIMEOUT``
    seconds and a little more, even when the server stopped answering.

    ``statement_timeout`` is enforced by the server: one that froze (or a network that drops
    everything) on a connection already open never sends it, and the worker thread would wait
    on the socket for ever (a gthread worker's stuck thread is never killed; gunicorn's
    timeout only watches the worker's heartbeat). Here a timer asks the server to cancel the
    query (psycopg's ``cancel_safe``, itself bounded) once the limit is past, and if the query
    has not ended ``CANCEL_GRACE_SECONDS`` later, cuts the connection's socket: the query
    fails with an ``OperationalError``, the reader gets the 503 page, and Django drops the
    connection. The health check Django makes on a connection kept from an earlier request
    bypasses query wrappers, so it is made here, under the same deadline.

    Off where the setting is 0 (commands, tests) and on SQLite (its busy timeout is local).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.DATABASE_STATEMENT_TIMEOUT
        aliases = [
            alias
            for alias in connections
            if connections.settings[alias]["ENGINE"] == "django.db.backends.postgresql"
        ]
        if seconds <= 0 or not aliases:
            return self.get_response(request)
        with query_deadlines(aliases, seconds):
            for alias in aliases:
                health_check(connections[alias], seconds)
            response = self.get_response(request)
        if response.streaming and not isinstance(response, FileResponse):
            response.streaming_content = _streamed(response.streaming_content, aliases, seconds)
        return response


@contextlib.contextmanager
def query_deadlines(aliases, seconds: float):
    with contextlib.ExitStack() as stack:
        for alias in aliases:
            stack.enter_context(connections[alias].execute_wrapper(QueryDeadline(seconds)))
        yield


def _streamed(content, aliases, seconds: float):
    """A streamed response's content, its queries (run while it is sent) under deadlines."""
    with query_deadlines(aliases, seconds):
        yield from content


def health_check(connection, seconds: float) -> None:
    """Django's health check of a kept connection (``SELECT 1`` straight on the driver's
    connection), given up past the deadline: the connection is then closed, and the next
    query connects anew (within ``connect_timeout``)."""
    if connection.connection is None:
        return
    with Deadline(connection.connection, seconds, "health check"):
        connection.close_if_health_check_failed()


class QueryDeadline:
    """A query wrapper (``connection.execute_wrapper``): each query under a ``Deadline``."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __call__(self, execute, sql, params, many, context):
        with Deadline(context["connection"].connection, self.seconds, sql):
            return execute(sql, params, many, context)


class Deadline:
    """Cancel what a psycopg connection waits for once ``seconds`` are past, then cut it."""

    def __init__(self, raw, seconds: float, what: str):
        self.raw, self.seconds, self.what = raw, seconds, what
        self.finished = threading.Event()
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self._expired)
        self.timer.daemon = True

    def __enter__(self):
        if self.raw is not None:
            self.timer.start()
        return self

    def __exit__(self, *exc):
        with self.lock:
            self.finished.set()
        self.timer.cancel()

    def _expired(self) -> None:
        if self.finished.is_set():
            return
        request_log.error(
            json.dumps(
                {
                    "event": "database-query-deadline",
                    "seconds": self.seconds,
                    "query": str(self.what)[:200],
                }
            )
        )
        # The cancel request goes through a connection of its own, which a frozen server
        # does not answer either: in a thread of its own, so the cut below never waits on it.
        threading.Thread(target=self._cancel, daemon=True).start()
        if self.finished.wait(CANCEL_GRACE_SECONDS):
            return
        with self.lock:
            if not self.finished.is_set():
                self._cut()

    def _cancel(self) -> None:
        with contextlib.suppress(Exception):
            self.raw.cancel_safe(timeout=CANCEL_GRACE_SECONDS)

    def _cut(self) -> None:
        """Shut the connection's socket down: the wait on it ends at once, as an error."""
        with contextlib.suppress(Exception):
            fd = os.dup(self.raw.pgconn.socket)
            with socket.socket(fileno=fd) as sock:
                sock.shutdown(socket.SHUT_RDWR)


class ConditionalGetMiddleware(http.ConditionalGetMiddleware):
    """Django's, comparing ``If-Modified-Since`` with the time a public page says.

    A page whose ``Last-Modified`` second saw two changes must not answer 304 to that date
    alone (``archive.versioning.page_validators``); the page, or the page cache's stored copy
    of it, says so in an internal header that is removed here, before the answer leaves.
    """

    def process_response(self, request, response):
        compared_as = response.get(COMPARED_AS)
        if compared_as is not None:
            del response[COMPARED_AS]
        if compared_as is None or request.method != "GET":
            return super().process_response(request, response)
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=int(compared_as), response=response
        )
