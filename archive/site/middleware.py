"""Request-level behaviour of the public site: read-only, honest when the database is down,
and one structured log line per request."""

from __future__ import annotations

import json
import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.template.loader import render_to_string

from archive.site.problems import problem

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
