"""Adding a text through the admin: upload or paste, preview beside the raw text, correct,
import through the same loader and report as the command, update in place on re-upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import Event, HistoryEntry, ImportRun, Source, Statement
from tests.admin.forms import form_data
from tests.admin.texts import ANSWERS, press

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/upload/"


def preview(client, **data):
    return client.post(UPLOAD, {"step": "preview", "name": "", "text": "", **data})


def confirm(client, page, **changes):
    data = form_data(page.content.decode(), form_id=None)
    data = {k: v for k, v in data.items() if k not in ("q",)}
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return client.post(UPLOAD, data)


def test_a_pasted_text_is_previewed_beside_its_parse_and_nothing_is_saved(librarian_client):
    page = preview(librarian_client, text=press().replace("\n", "\r\n"), name="Lavrov OCS")
    assert page.status_code == 200
    html = page.content.decode()
    assert "side-by-side" in html
    assert "Question : Que pensez-vous du sujet 1 ?" in html  # the raw text
    assert 'value="Sergueï Lavrov"' in html  # the parse, editable
    assert "Lavrov_OCS.txt" in html
    assert "5 would be imported" in html or "would be imported" in html
    assert not Source.objects.exists() and not Event.objects.exists()


def test_confirming_imports_with_the_librarians_corrections(librarian_client, client):
    page = preview(librarian_client, file=SimpleUploadedFile("ocs.txt", press().encode()))
    done = confirm(
        librarian_client, page, part1_title="Conférence de presse à Douchanbé", step="confirm"
    )
    assert done.status_code == 200
    assert "Statements: 4 created" in done.content.decode()
    event = Event.objects.get()
    assert event.title == "Conférence de presse à Douchanbé"
    assert "title" in event.curated_fields
    assert event.refs.get().ref == "ocs.txt#1"
    run = ImportRun.objects.get()
    assert run.user.username == "marie"
    assert HistoryEntry.objects.filter(object_id=event.pk, user__username="marie").exists()
    assert client.get(event.get_absolute_url()).status_code == 200


def test_a_changed_reupload_updates_in_place_and_keeps_the_correction(librarian_client):
    page = preview(librarian_client, file=SimpleUploadedFile("ocs.txt", press().encode()))
    confirm(librarian_client, page, part1_title="Conférence corrigée", step="confirm")
    slugs = set(Statement.objects.values_list("slug", flat=True))
    changed = press(answers=[*ANSWERS[:3], "Merci et à bientôt."]).encode()
    page = preview(librarian_client, file=SimpleUploadedFile("ocs.txt", changed))
    assert "would be updated" in page.content.decode()
    done = confirm(librarian_client, page, step="confirm")
    assert "1 updated" in done.content.decode()
    assert set(Statement.objects.values_list("slug", flat=True)) == slugs
    assert Event.objects.get().title == "Conférence corrigée"
    assert Statement.objects.filter(text="Merci et à bientôt.").exists()


def test_a_speaker_corrected_on_the_preview_is_the_statements_speaker(librarian_client):
    page = preview(librarian_client, file=SimpleUploadedFile("ocs.txt", press().encode()))
    confirm(librarian_client, page, part1_turn2_speaker="Wang Yi", step="confirm")
    statement = Statement.objects.get(position=2)
    assert statement.speaker.name == "Wang Yi"
    assert statement.curated_fields == ["speaker"]


def test_the_events_organisations_are_corrected_on_the_preview(librarian_client, reference):
    page = preview(librarian_client, file=SimpleUploadedFile("ocs.txt", press().encode()))
    html = page.content.decode()
    # What the parser read is checked; every known organisation can be.
    assert 'name="part1_organisations" value="SCO"' in html.replace(" checked", "")
    held = form_data(html)
    assert held["part1_organisations"] == ["SCO"]
    done = confirm(librarian_client, page, part1_organisations=["CSTO", "SCO"], step="confirm")
    assert done.status_code == 200
    event = Event.objects.get()
    assert sorted(event.organisations.values_list("code", flat=True)) == ["CSTO", "SCO"]
    assert "organisations" in event.curated_fields
    statement = event.statements.get(position=2)
    assert set(statement.organisations.values_list("code", flat=True)) >= {"CSTO", "SCO"}
    entry = HistoryEntry.objects.get(object_id=event.pk, action="change")
    assert "organisations" in entry.changes
    # A re-upload keeps the librarian's organisations.
    changed = press(answers=[*ANSWERS[:3], "Merci et à bientôt."]).encode()
    confirm(
        librarian_client,
        preview(librarian_client, file=SimpleUploadedFile("ocs.txt", changed)),
        step="confirm",
    )
    assert sorted(event.organisations.values_list("code", flat=True)) == ["CSTO", "SCO"]


def test_a_statements_kind_is_corrected_on_the_preview(librarian_client, reference):
    page = preview(librarian_client, file=SimpleUploadedFile("ocs.txt", press().encode()))
    held = form_data(page.content.decode())
    assert held["part1_turn2_kind"] == ["answer"]
    assert "declaration" in page.content.decode()  # every kind of the model is offered
    done = confirm(librarian_client, page, part1_turn2_kind="declaration", step="confirm")
    assert done.status_code == 200
    statement = Statement.objects.get(position=2)
    assert statement.kind == "declaration"
    assert statement.curated_fields == ["kind"]
    assert Statement.objects.get(position=4).kind == "answer"  # the others as parsed
    entry = HistoryEntry.objects.get(object_id=statement.pk, action="change")
    assert entry.changes["kind"][1] in ("declaration", "Declaration")


def test_too_large_or_unreadable_texts_get_a_clear_form_error(librarian_client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    text = "Un texte collé. " * 200
    page = preview(librarian_client, text=text)
    assert page.status_code == 200
    html = page.content.decode()
    assert "limit" in html or "limite" in html
    assert text.strip() in html  # nothing typed is lost
    settings.IMPORT_MAX_BYTES = 5_000_000
    page = preview(librarian_client, file=SimpleUploadedFile("bin.txt", bytes(range(256)) * 40))
    assert page.status_code == 200
    assert "cannot be imported" in page.content.decode() or "ne peut pas" in page.content.decode()
    assert not Source.objects.exists()
    assert preview(librarian_client).status_code == 200  # nothing given: a form error


def test_a_lost_or_forged_text_on_confirmation_is_a_form_error(librarian_client):
    response = librarian_client.post(
        UPLOAD, {"step": "confirm", "data": "not base64!", "name": "x.txt"}
    )
    assert response.status_code == 200
    assert not Source.objects.exists()


def test_only_librarians_add_texts(client, db):
    assert client.get(UPLOAD).status_code == 302  # to the login page
    assert reverse("admin:upload") == UPLOAD
