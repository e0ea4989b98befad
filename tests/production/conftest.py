"""Shared by the production tests: scratch databases and real subprocesses."""

import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection

from tests.conftest import ROOT


@pytest.fixture
def scratch_database(tmp_path):
    """A database URL of the suite's own kind, empty, removed afterwards."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'interrupted.sqlite3'}"
        return
    params = connection.settings_dict
    admin = f"host={params['HOST']} port={params['PORT']} user={params['USER']} dbname=postgres"
    name = f"{params['NAME']}_scratch"  # one per test database: parallel runs never collide
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    yield f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def query(url: str, sql: str) -> list[tuple]:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql).fetchall()
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(sql).fetchall()


def manage(url: str, *args: str, **kwargs) -> subprocess.Popen:
    # The bulk dataset an import rebuilds goes to a folder of its own, not the project's.
    dataset = tempfile.mkdtemp(prefix="archive-dataset-")
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url, "DATASET_ROOT": dataset}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,
    )


@pytest.fixture
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def production_server(
    url: str, port: int, static_root, *, workers: int = 1, timeout: int = 20, **extra_env
):
    """gunicorn with production settings (DEBUG off, collected static files) on 127.0.0.1.

    gunicorn reads ``gunicorn.conf.py`` (worker class, threads) as the image does; the
    command line sets the address, the number of workers and the timeout.
    """
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "production-test-only",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        **extra_env,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    collect = [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True)
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--timeout", str(timeout)]
    command += ["--access-logfile", "/dev/null"]
    server = subprocess.Popen(
        [*command, "archive.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield server
    finally:
        server.terminate()
        server.wait(timeout=20)
