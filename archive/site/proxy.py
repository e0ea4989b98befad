"""The reader's address behind the trusted reverse proxies (for django-axes' lockouts).

Behind a proxy, ``REMOTE_ADDR`` is the proxy's address for everyone: five failed logins from
anyone would lock a librarian out everywhere. Each trusted proxy appends the address it
received the request from to ``X-Forwarded-For``, so with ``TRUSTED_PROXY_COUNT`` proxies the
reader is the entry that many places from the right. Entries further left come from the
client and could be anything, so they are never read.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """``X-Forwarded-For``'s entry written by the outermost trusted proxy, else REMOTE_ADDR.

    With ``TRUSTED_PROXY_COUNT = 1`` (nginx at 10.0.0.2 in front of gunicorn), a request with
    ``REMOTE_ADDR=10.0.0.2`` and ``X-Forwarded-For: 6.6.6.6, 203.0.113.5`` is from
    203.0.113.5: nginx wrote that entry, the client wrote 6.6.6.6.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < count:
        return remote  # not through every proxy: a direct connection
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
