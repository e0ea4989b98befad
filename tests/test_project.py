"""The project as a whole: settings from the environment, system checks, the admin."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def settings_in_subprocess(env: dict, expression: str) -> str:
    """Evaluate an expression on freshly imported settings, with only the given environment."""
    code = f"import archive.settings as s; print({expression})"
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DATABASE_REPLICA_URL", "DEBUG"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or result.stderr.strip().splitlines()[-1]


def test_database_url_defaults_to_an_sqlite_file_in_the_project():
    engine = settings_in_subprocess(
        {"SECRET_KEY": "x"}, "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']"
    )
    assert "django.db.backends.sqlite3" in engine
    assert str(ROOT / "db.sqlite3") in engine


def test_database_url_switches_the_backend_to_postgresql():
    engine = settings_in_subprocess(
        {"SECRET_KEY": "x", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/archive"},
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
    )
    assert engine == "django.db.backends.postgresql archive"


def test_a_secret_key_is_required_unless_debug_is_on():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    assert "SECRET_KEY is not set" in settings_in_subprocess(
        {**env, "SECRET_KEY": ""}, "s.SECRET_KEY"
    )
    assert "insecure" in settings_in_subprocess({"SECRET_KEY": "", "DEBUG": "1"}, "s.SECRET_KEY")


def test_debug_is_off_by_default():
    assert settings_in_subprocess({"SECRET_KEY": "x"}, "s.DEBUG") == "False"


@pytest.mark.django_db
def test_manage_py_check_passes():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_migrations_are_up_to_date():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_the_home_page_answers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Archive" in response.content.decode() or "Archives" in response.content.decode()


@pytest.mark.parametrize(
    "model", ["organisation", "country", "speaker", "source", "event", "statement"]
)
def test_admin_changelist_renders_for_a_superuser(admin_client, reference, model):
    assert admin_client.get(reverse("admin:index")).status_code == 200
    response = admin_client.get(reverse(f"admin:archive_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
