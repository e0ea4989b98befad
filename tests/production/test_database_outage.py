"""A real server whose PostgreSQL goes away: 503 with Retry-After, then service by itself.

The server (gunicorn) reaches the database through a proxy the test cuts and restores.
SQLite is a file inside the process and cannot go away like this; the suite's SQLite run
covers the 503 page itself in test_hardening.
"""

import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from django.db import connection

from tests.production.conftest import manage, production_server
from tests.production.tcp_proxy import TcpProxy

pytestmark = pytest.mark.django_db


@contextmanager
def proxy_running(proxy: TcpProxy):
    try:
        yield proxy
    finally:
        proxy.stop()


def get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()
    except OSError as error:
        return 0, {}, str(error)


def wait_for(url: str, status: int, seconds: float = 30) -> tuple[int, dict, str]:
    deadline = time.monotonic() + seconds
    result = get(url)
    while result[0] != status and time.monotonic() < deadline:
        time.sleep(0.2)
        result = get(url)
    return result


def test_pages_answer_503_while_the_database_is_down_and_recover_alone(
    scratch_database,
    free_port,
    tmp_path,
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: an SQLite file cannot go down under a running server")
    assert manage(scratch_database, "migrate", "--no-input").wait(timeout=300) == 0
    proxy = TcpProxy(connection.settings_dict["HOST"], int(connection.settings_dict["PORT"]))
    proxy.start()
    through_proxy = scratch_database.replace(
        f":{connection.settings_dict['PORT']}/", f":{proxy.port}/"
    )
    base = f"http://127.0.0.1:{free_port}"
    server = production_server(through_proxy, free_port, tmp_path / "static", CONN_MAX_AGE="60")
    with server, proxy_running(proxy):
        assert wait_for(f"{base}/statements/", 200)[0] == 200
        assert get(f"{base}/healthz")[0] == 200

        proxy.stop()
        status, headers, body = wait_for(f"{base}/statements/", 503)
        assert status == 503
        assert headers.get("Retry-After") == "30"
        assert "indisponible" in body
        health_status, _, health = get(f"{base}/healthz")
        assert health_status == 503
        assert '"unavailable"' in health

        proxy.start()
        assert wait_for(f"{base}/statements/", 200)[0] == 200
        assert get(f"{base}/healthz")[0] == 200
