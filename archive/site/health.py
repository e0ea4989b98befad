"""``/healthz``: whether this process can serve, for load balancers and the Docker healthcheck.

The answer is only the status: a database's address, port or driver message would tell the
public how the site is built. The error goes to the log, where the operator looks.
"""

import json
import logging

from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

request_log = logging.getLogger("archive.requests")


@never_cache
def healthz(request):
    checks = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            checks[alias] = "ok"
        except DatabaseError as error:
            checks[alias] = "unavailable"
            request_log.error(
                json.dumps(
                    {"event": "healthz", "database": alias, "error": str(error).strip()[:500]}
                )
            )
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "unavailable", "databases": checks},
        status=200 if healthy else 503,
    )
    if not healthy:
        response["Retry-After"] = "30"
    return response
