"""Security headers, a read-only public site, honest answers when the database is down."""

import io
import json
import logging
import os

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy_and_security_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_public_site_only_answers_get_and_head(client, method):
    response = getattr(client, method)("/statements/")
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}
    assert client.head("/statements/").status_code == 200


def test_the_admin_still_accepts_posts(client):
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response.status_code == 200  # the form, with its error


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_database_outage_gives_a_friendly_503_with_retry_after(client, monkeypatch):
    from archive.models import Statement

    def unavailable(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(Statement.objects, "public", unavailable)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "indisponible" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_each_request_is_logged_as_one_json_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="archive.requests"):
        client.get("/statements/?kind=speech")
    (record,) = [r for r in caplog.records if r.name == "archive.requests"]
    line = json.loads(record.getMessage())
    assert line["method"] == "GET"
    assert line["path"] == "/statements/"
    assert line["query"] == "kind=speech"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0


def test_admin_login_is_locked_after_repeated_failures(client, django_user_model):
    django_user_model.objects.create_user("marie", password="the-right-passphrase", is_staff=True)
    login = reverse("admin:login")
    for _ in range(5):
        response = client.post(login, {"username": "marie", "password": "wrong"})
    assert response.status_code == 429
    response = client.post(login, {"username": "marie", "password": "the-right-passphrase"})
    assert response.status_code == 429
    assert "bloqué" in response.content.decode()  # "locked", in the default French


def test_text_from_sources_is_always_escaped(client, tmp_path):
    from django.core.management import call_command

    source = tmp_path / "piege.txt"
    source.write_text(
        "Allocution de Sergueï Lavrov, Ministre des Affaires étrangères de la Fédération de "
        "Russie, Moscou, 3 mars 2023\n\n"
        "Chers collègues, <script>alert('xss')</script> <img src=x onerror=alert(1)> merci.\n",
        encoding="utf-8",
    )
    call_command("import_sources", str(source), stdout=io.StringIO())
    from archive.models import Statement

    statement = Statement.objects.get()
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "<script>alert('xss')</script>" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in page


def test_the_admin_address_is_configurable():
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'))"
    )
    env = {
        **os.environ,
        "ADMIN_URL": "gestion-interne/",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "/gestion-interne/"


def test_healthz_tells_the_public_only_the_status_and_logs_the_error(client, monkeypatch, caplog):
    from django.db import connections

    def refused(*args, **kwargs):
        raise OperationalError(
            'connection to server at "10.1.2.3", port 5433 failed: Connection refused'
        )

    monkeypatch.setattr(connections["default"], "cursor", refused)
    with caplog.at_level(logging.ERROR, logger="archive.requests"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "databases": {"default": "unavailable"}}
    assert "10.1.2.3" not in response.content.decode()
    assert any("10.1.2.3" in r.getMessage() for r in caplog.records)


def test_an_api_outage_is_a_problem_document(client, monkeypatch):
    from archive.models import Statement

    def unavailable(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(Statement.objects, "public", unavailable)
    response = client.get("/api/statements/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"
    assert response.json()["status"] == 503
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/statements/",
        "/statements/feed/",
        "/statements/export.csv",
        "/api/",
        "/api/statements/",
        "/api/nothing",
        "/healthz",
        "/sitemap.xml",
        "/robots.txt",
        "/nothing/",
    ],
)
def test_options_answers_headers_without_a_body(client, seeded, path):
    response = client.options(path)
    assert response.status_code in (200, 404)
    assert response.content == b""
    assert response["Content-Length"] == "0"
    if response.status_code == 200:
        assert "GET" in response["Allow"]


def test_options_keeps_the_apis_cors_answer(client, seeded):
    response = client.options(
        "/api/statements/", headers={"Access-Control-Request-Headers": "If-None-Match"}
    )
    assert response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Headers"] == "If-None-Match"


def test_the_language_cookie_is_secure_same_site_and_out_of_scripts_reach(client):
    response = client.post("/i18n/language/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True


def test_the_import_report_escapes_control_characters_in_file_names(tmp_path):
    from django.core.management import call_command

    folder = tmp_path / "sources"
    folder.mkdir()
    hostile = "faux\x1b[2J\rOK: 0 failed\n.txt"
    (folder / hostile).write_bytes(b"\x00\x01 binary, not a statement")
    out = io.StringIO()
    with pytest.raises(Exception, match="failed"):
        call_command("import_sources", str(folder), stdout=out, no_color=True)
    report = out.getvalue()
    assert "\x1b" not in report and "\r" not in report
    assert "faux\\x1b[2J\\rOK: 0 failed\\n.txt: failed" in report


def test_the_image_ships_every_folder_the_settings_read_at_run_time():
    from django.conf import settings

    from tests.conftest import ROOT

    copied = {
        line.split()[1]
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.startswith("COPY ") and "--from" not in line
    }
    needed = [*settings.LOCALE_PATHS, *settings.TEMPLATES[0]["DIRS"], *settings.STATICFILES_DIRS]
    needed.append(settings.REFERENCE_DIR)
    for folder in needed:
        top = folder.relative_to(ROOT).parts[0]
        assert top in copied, f"{top}/ is read at run time but not copied into the image"


def test_behind_the_proxy_a_lockout_is_the_attackers_not_everyones(
    client, django_user_model, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    django_user_model.objects.create_user("marie", password="the-right-passphrase", is_staff=True)
    login = reverse("admin:login")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # nginx, the same for every reader
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for number in range(6):
        # What the attacker writes in the header is left of what the proxy appends.
        spoofed = {**proxy, "HTTP_X_FORWARDED_FOR": f"192.0.2.{number}, 203.0.113.5"}
        response = client.post(login, {"username": "marie", "password": "wrong"}, **spoofed)
    assert response.status_code == 429
    assert (
        client.post(login, {"username": "marie", "password": "wrong"}, **attacker).status_code
        == 429
    )

    librarian = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    response = client.post(
        login, {"username": "marie", "password": "the-right-passphrase"}, **librarian
    )
    assert response.status_code == 302


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, django_user_model):
    django_user_model.objects.create_user("marie", password="the-right-passphrase", is_staff=True)
    login = reverse("admin:login")
    for number in range(5):
        forged = {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": f"192.0.2.{number}"}
        response = client.post(login, {"username": "marie", "password": "wrong"}, **forged)
    assert response.status_code == 429
