"""A database that hangs (accepts, never answers) gives the 503 page within seconds.

Without timeouts, a worker waits on the database until gunicorn kills it (20 s here, 30 s
in the image) and the reader gets a dropped connection; with them, the friendly 503 page.
A server that freezes on a connection already open never sends its statement timeout: the
worker gives up on its side (``archive.site.middleware.QueryDeadlineMiddleware``).
"""

import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from tests.conftest import ROOT
from tests.production.conftest import manage, production_server
from tests.production.tcp_proxy import BlackHole, TcpProxy
from tests.production.test_database_outage import get, wait_for

pytestmark = pytest.mark.django_db

FEW_SECONDS = 12  # connect timeout 3 s, SQLite busy timeout 5 s, well under gunicorn's 20 s


def timed(request) -> tuple[float, tuple]:
    started = time.monotonic()
    result = request()
    return time.monotonic() - started, result


def unavailable_pages(base: str) -> list[str]:
    """A page, an API list and the health check each answer 503, in their own format and
    within a few seconds: their bodies."""
    bodies = []
    for path, kind in [
        ("/statements/", "text/html"),
        ("/api/statements/", "application/problem+json"),
        ("/healthz", "application/json"),
    ]:
        seconds, (status, headers, body) = timed(lambda p=path: get(f"{base}{p}"))
        assert status == 503, (path, status, body[:200])
        assert headers["Content-Type"].startswith(kind)
        assert seconds < FEW_SECONDS, (path, seconds)
        bodies.append(body)
    return bodies


def test_a_postgresql_server_that_never_answers_gives_the_503_page_in_seconds(free_port, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite is a file, see the locked-file test below")
    base = f"http://127.0.0.1:{free_port}"
    with BlackHole() as hole:
        url = f"postgres://postgres@127.0.0.1:{hole.port}/archive"
        with production_server(url, free_port, tmp_path / "static"):
            wait_for(f"{base}/robots.txt", 503)  # the server is up (and the database is not)
            for body in unavailable_pages(base):
                assert str(hole.port) not in body


def test_a_postgresql_server_that_freezes_on_an_open_connection_gives_the_503_page_in_seconds(
    scratch_database, free_port, tmp_path
):
    """The connection of an earlier request is kept (CONN_MAX_AGE); the server then stops
    answering on it (and on new ones) without closing anything: no statement_timeout ever
    arrives, the request must still end, as the 503 page, and service come back after."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a server to freeze")
    assert manage(scratch_database, "migrate", "--no-input").wait(timeout=300) == 0
    target = urllib.parse.urlsplit(scratch_database)
    proxy = TcpProxy(target.hostname, target.port)
    proxy.start()
    url = f"postgres://{target.username}@127.0.0.1:{proxy.port}{target.path}"
    base = f"http://127.0.0.1:{free_port}"
    limits = {
        "DATABASE_STATEMENT_TIMEOUT": "2",
        "DATABASE_CONNECT_TIMEOUT": "2",
        "PAGE_CACHE_SECONDS": "0",  # every request queries
        "GUNICORN_THREADS": "1",  # one thread: its connection is the one kept open
    }
    try:
        with production_server(url, free_port, tmp_path / "static", timeout=60, **limits):
            assert wait_for(f"{base}/statements/", 200)[0] == 200
            assert get(f"{base}/api/statements/")[0] == 200  # the connection is kept open
            proxy.freeze()
            unavailable_pages(base)
            proxy.thaw()
            assert wait_for(f"{base}/statements/", 200, seconds=20)[0] == 200
    finally:
        proxy.stop()


def csrf_post(base: str, path: str, fields: dict) -> tuple[int, dict, str]:
    """A form POST with the CSRF cookie and token a browser would send."""
    _status, headers, _body = get(f"{base}{path}")
    token = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(
        f"{base}{path}", data=data, headers={"Cookie": f"csrftoken={token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()
    except OSError as error:
        return 0, {}, str(error)


def test_a_locked_sqlite_file_gives_the_503_page_in_seconds(scratch_database, free_port, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's lock wait; PostgreSQL is tested above")
    assert manage(scratch_database, "migrate", "--no-input").wait(timeout=300) == 0
    base = f"http://127.0.0.1:{free_port}"
    with production_server(scratch_database, free_port, tmp_path / "static"):
        assert wait_for(f"{base}/statements/", 200)[0] == 200
        holder = sqlite3.connect(scratch_database.removeprefix("sqlite:///"))
        holder.execute("BEGIN EXCLUSIVE")  # an import's write, held
        try:
            assert get(f"{base}/statements/")[0] == 200  # readers are not blocked (WAL)
            seconds, (status, _headers, body) = timed(
                lambda: csrf_post(base, "/admin/login/", {"username": "x", "password": "y"})
            )
        finally:
            holder.rollback()
            holder.close()
        assert status == 503, (status, body[:300])
        assert "indisponible" in body
        assert seconds < FEW_SECONDS


def test_web_requests_have_a_statement_timeout_and_commands_do_not():
    from tests.test_project import settings_in_subprocess

    web = settings_in_subprocess(
        {"SECRET_KEY": "x", "DATABASE_URL": "postgres://postgres@db:5432/archive"},
        "__import__('runpy').run_path('gunicorn.conf.py') and "
        "__import__('os').environ['DATABASE_STATEMENT_TIMEOUT']",
    )
    assert web == "10"
    options = "s.DATABASES['default']['OPTIONS']"
    command = settings_in_subprocess(
        {"SECRET_KEY": "x", "DATABASE_URL": "postgres://postgres@db:5432/archive"}, options
    )
    assert "statement_timeout" not in command and "'connect_timeout': 3" in command
    assert "'keepalives': 1" in command and "'tcp_user_timeout': 10000" in command
    limited = settings_in_subprocess(
        {
            "SECRET_KEY": "x",
            "DATABASE_URL": "postgres://postgres@db:5432/archive",
            "DATABASE_STATEMENT_TIMEOUT": "10",
        },
        options,
    )
    assert "-c statement_timeout=10s" in limited and "-c jit=off" in limited


SLEEP = (
    "from django.db import connection, OperationalError\n"
    "try:\n"
    "    connection.cursor().execute('SELECT pg_sleep(3)')\n"
    "    print('finished')\n"
    "except OperationalError as error:\n"
    "    print(error)\n"
)


def shell(url: str, code: str, **env) -> str:
    environment = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "manage.py", "shell", "--no-imports", "-c", code]
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
    return done.stdout.strip()


def test_a_query_past_the_statement_timeout_is_cancelled(scratch_database):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's statement_timeout")
    assert shell(scratch_database, SLEEP) == "finished"  # a command: no limit
    limited = shell(scratch_database, SLEEP, DATABASE_STATEMENT_TIMEOUT="1")
    assert limited == "canceling statement due to statement timeout"


def test_a_query_past_the_deadline_is_cancelled_from_the_client_side():
    """The web requests' own guard, without any server-side statement_timeout: the query is
    cancelled once the deadline is past (a live server answers the cancel request)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's cancel request")
    from django.db import OperationalError

    from archive.site.middleware import QueryDeadline

    with connection.execute_wrapper(QueryDeadline(1)), connection.cursor() as cursor:
        started = time.monotonic()
        with pytest.raises(OperationalError, match="cancel"):
            cursor.execute("SELECT pg_sleep(10)")
    assert time.monotonic() - started < 4
