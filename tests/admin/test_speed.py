"""The admin at real sizes: an event's form, opened and saved, costs the same few queries
with 8 statements as with 80 (timings are the benchmark's job; query counts are tested)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Event
from tests.admin.forms import form_data
from tests.admin.texts import press

pytestmark = pytest.mark.django_db


def event_with(tmp_path, turns: int, day: int) -> Event:
    folder = tmp_path / f"s{turns}"
    folder.mkdir()
    answers = [f"Réponse numéro {n} sur l’OCS et la sécurité." for n in range(turns)]
    (folder / f"press-{turns}.txt").write_text(press(day=day, answers=answers), encoding="utf-8")
    call_command("import_sources", str(folder), stdout=StringIO(), stderr=StringIO())
    return Event.objects.get(date__day=day)


def costs(client, event, *, new_date: str) -> tuple[int, int]:
    url = reverse("admin:archive_event_change", args=[event.pk])
    with CaptureQueriesContext(connection) as opened:
        page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode())
    data["title"] = [data["title"][0] + " (corrigé)"]
    data["date"] = [new_date]
    with CaptureQueriesContext(connection) as saved:
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return len(opened), len(saved)


def test_an_events_form_costs_the_same_with_80_statements_as_with_8(librarian_client, tmp_path):
    small = costs(librarian_client, event_with(tmp_path, 8, day=10), new_date="2021-07-27")
    large_event = event_with(tmp_path, 80, day=20)
    large = costs(librarian_client, large_event, new_date="2021-07-28")
    assert large == small, (small, large)
    assert small[0] <= 40 and small[1] <= 60, small
    large_event.refresh_from_db()
    assert large_event.slug.startswith("2021-07-28-")
    assert set(large_event.statements.values_list("date", flat=True)) == {large_event.date}


def test_the_admin_timing_probe_saves_what_a_librarians_form_holds(reference, monkeypatch):
    from bench.benchmark import probes

    posted = []
    original = probes._admin_runs

    def watched(client, url, event, runs, opened, saved):
        post = client.post

        def recording(path, data, **kwargs):
            posted.append(data)
            return post(path, data, **kwargs)

        client.post = recording
        user = client.get(reverse("admin:index")).wsgi_request.user
        assert not user.is_superuser and user.groups.filter(name="Librarians").exists()
        return original(client, url, event, runs, opened, saved)

    monkeypatch.setattr(probes, "_admin_runs", watched)
    result = probes.admin_timings(statements=3, runs=2)
    assert result["runs"] == 2 and result["save_max"] > 0
    assert Event.objects.count() == 0  # rolled back
    # What the form held went back (its token and every field it shows), not a hand-made
    # subset of fields; only the title changed.
    assert posted[1]["title"][0].endswith("(1)")
    assert "csrfmiddlewaretoken" in posted[0]
    assert {"date", "location", "kind", "review_status"} <= set(posted[0])
