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

request_log = logging.getLogger("archive.requests")

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
RETRY_AFTER_SECONDS = 30


class ReadOnlyPublicSiteMiddleware:
    """Outside the admin and the language switch, the site only answers GET and HEAD."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.writable = (f"/{settings.ADMIN_URL}", "/i18n/")

    def __call__(self, request):
        if request.method not in SAFE_METHODS and not request.path.startswith(self.writable):
            return HttpResponseNotAllowed(sorted(SAFE_METHODS - {"OPTIONS"}))
        return self.get_response(request)


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
