"""Small synthetic corpora for the benchmark tools' tests, on the suite's own database."""

import os
import sqlite3
import subprocess
import sys

import psycopg
import pytest
from django.db import connection

from bench.corpus import corpus_plan
from bench.corpus.database import corpus_generate
from tests.conftest import ROOT

SMALL = 300


@pytest.fixture
def generate(reference):
    """Generate a corpus in the test database: ``generate(statements, seed)`` -> its plan."""

    def run(statements=SMALL, seed=1, **sizes):
        plan = corpus_plan(statements=statements, seed=seed, **sizes)
        corpus_generate(plan=plan)
        return plan

    return run


@pytest.fixture
def corpus(generate):
    return generate()


@pytest.fixture
def scratch_url(tmp_path):
    """An empty database of the suite's own kind that subprocesses can open."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        return
    params = connection.settings_dict
    admin = f"host={params['HOST']} port={params['PORT']} user={params['USER']} dbname=postgres"
    name = "archive_bench_scratch"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    yield f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def manage(url: str, *args: str) -> str:
    """Run manage.py against ``url`` in a subprocess; its output (raises on failure)."""
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def rows(url: str, sql: str) -> list[tuple]:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql).fetchall()
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(sql).fetchall()
