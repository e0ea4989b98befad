"""``/healthz``: whether this process can serve, for load balancers and the Docker healthcheck."""

from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    checks = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            checks[alias] = "ok"
        except DatabaseError as error:
            checks[alias] = f"unavailable: {str(error).strip()[:200]}"
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "unavailable", "databases": checks},
        status=200 if healthy else 503,
    )
    if not healthy:
        response["Retry-After"] = "30"
    return response
