"""HTTP answers shared by the API and the middleware: RFC 9457 problem documents and CORS."""

from __future__ import annotations

from http import HTTPStatus

from django.http import JsonResponse

JSON_OPTIONS = {"ensure_ascii": False}


def problem(status: int, problems: list) -> JsonResponse:
    """An RFC 9457 problem document; ``problems`` lists every fault found, in words."""
    problems = [str(p) for p in problems]
    response = JsonResponse(
        {
            "type": "about:blank",
            "title": HTTPStatus(status).phrase,
            "status": status,
            "detail": " ".join(problems),
            "problems": problems,
        },
        status=status,
        content_type="application/problem+json",
        json_dumps_params=JSON_OPTIONS,
    )
    response["Cache-Control"] = "no-cache"
    return cors(response)


def cors(response, request=None):
    """Any origin may read: public data, and no request carries credentials."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
    if request is not None and request.method == "OPTIONS":
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = request.headers.get(
            "Access-Control-Request-Headers", "Accept, If-None-Match, If-Modified-Since"
        )
        response["Access-Control-Max-Age"] = "86400"
    return response
