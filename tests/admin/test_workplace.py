"""The librarians' workplace: merges that help (and undo), splits, adding records, history
with values, the review queue with its reasons, accounts, and large forms."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from archive.curation.roles import LIBRARIANS
from archive.models import (
    Event,
    HistoryEntry,
    Merge,
    ReviewFlag,
    ReviewStatus,
    Speaker,
    Statement,
    StatementRef,
)
from tests.admin.forms import form_data, submit
from tests.admin.texts import ANSWERS, press

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path, db):
    """The press conference imported from a folder, which the tests may change and re-import."""
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "press.txt").write_text(press(), encoding="utf-8")

    def run():
        out = StringIO()
        call_command("import_sources", str(folder), stdout=out, stderr=out)
        return out.getvalue()

    run()
    return folder, run


def change_url(obj):
    return reverse(f"admin:archive_{obj._meta.model_name}_change", args=[obj.pk])


def changelist(model):
    return reverse(f"admin:archive_{model._meta.model_name}_changelist")


# Merges ------------------------------------------------------------------------------------


def two_events_with_a_shared_statement(archive_rows):
    """The fixture's event, and a duplicate from another source giving one of its
    statements again (same speaker, same text) and one of its own."""
    keep = archive_rows["event"]
    other = Event.objects.create(title="Sommet OCS (repris)", slug="doublon", date=keep.date)
    for position, text in ((1, "Texte 1."), (2, "Texte propre au doublon.")):
        statement = Statement(
            event=other,
            position=position,
            speaker=archive_rows["speakers"][0],
            kind="speech",
            text=text,
            slug=f"doublon-{position}",
        )
        statement.denormalise()
        statement.save()
        StatementRef.objects.create(ref=f"b.txt#1.{position}", statement=statement)
    return keep, other


def test_the_merge_confirmation_shows_the_candidates_and_preselects_nothing(
    librarian_client, archive_rows
):
    keep, other = two_events_with_a_shared_statement(archive_rows)
    page = librarian_client.post(
        changelist(Event), {"action": "merge", "_selected_action": [keep.pk, other.pk]}
    ).content.decode()
    assert "checked" not in page
    assert "a.txt" in page
    assert "4 juillet 2024" in page
    assert "Sommet OCS (repris)" in page
    # Submitting without a choice merges nothing.
    data = form_data(page, form_id=None)
    response = librarian_client.post(changelist(Event), data)
    assert response.status_code == 200
    assert Event.objects.filter(pk=other.pk).exists()


def test_merging_events_folds_a_statement_given_twice_keeping_both_permalinks(
    librarian_client, client, archive_rows
):
    keep, other = two_events_with_a_shared_statement(archive_rows)
    twin = archive_rows["statements"][0]
    folded = other.statements.get(position=1)
    librarian_client.post(
        changelist(Event),
        {"action": "merge", "_selected_action": [keep.pk, other.pk], "merge_target": keep.pk},
    )
    assert not Statement.objects.filter(pk=folded.pk).exists()
    assert keep.statements.count() == 3  # two of its own, and the duplicate's own one
    assert StatementRef.objects.get(ref="b.txt#1.1").statement_id == twin.pk
    twin.refresh_from_db()
    assert client.get(f"/statements/{folded.slug}/", follow=True).redirect_chain[-1][0] == (
        twin.get_absolute_url()
    )
    assert client.get("/events/doublon/").status_code == 301
    merge = Merge.objects.get()
    assert HistoryEntry.objects.filter(merge=merge, object_id=keep.pk).exists()
    assert HistoryEntry.objects.filter(merge=merge, object_id=other.pk).exists()


def test_a_merge_is_undone_from_the_history(librarian_client, client, archive_rows):
    keep, other = two_events_with_a_shared_statement(archive_rows)
    slugs = dict(other.statements.values_list("pk", "slug"))
    librarian_client.post(
        changelist(Event),
        {"action": "merge", "_selected_action": [keep.pk, other.pk], "merge_target": keep.pk},
    )
    history = librarian_client.get(reverse("admin:archive_event_history", args=[keep.pk]))
    assert "Annuler cette fusion" in history.content.decode() or "Undo" in history.content.decode()
    merge = Merge.objects.get()
    response = librarian_client.post(reverse("admin:archive_event_merge_undo", args=[merge.pk]))
    assert response.status_code == 302
    restored = Event.objects.get(pk=other.pk)
    assert restored.slug == "doublon"
    assert dict(restored.statements.values_list("pk", "slug")) == slugs
    assert keep.statements.count() == 2
    assert StatementRef.objects.get(ref="b.txt#1.1").statement.event_id == restored.pk
    assert client.get("/events/doublon/").status_code == 200
    for slug in slugs.values():
        assert client.get(f"/statements/{slug}/").status_code == 200
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert HistoryEntry.objects.filter(object_id=restored.pk, action="unmerge").exists()
    # The merged-away record kept its history through the merge and back.
    assert HistoryEntry.objects.filter(object_id=restored.pk, action="merge").exists()


def test_a_speaker_merge_is_undone_with_its_statements(librarian_client, archive_rows):
    keep, duplicate = archive_rows["speakers"]
    moved = duplicate.statements.get()
    old_slug = moved.slug
    librarian_client.post(
        changelist(Speaker),
        {
            "action": "merge",
            "_selected_action": [keep.pk, duplicate.pk],
            "merge_target": keep.pk,
        },
    )
    moved.refresh_from_db()
    assert moved.speaker_id == keep.pk
    merge = Merge.objects.get(model="speaker")
    librarian_client.post(reverse("admin:archive_speaker_merge_undo", args=[merge.pk]))
    moved.refresh_from_db()
    assert moved.speaker_id == duplicate.pk
    assert moved.slug == old_slug
    keep.refresh_from_db()
    assert "Vladimir Putin" not in keep.aliases


# Splits ------------------------------------------------------------------------------------


def test_a_statement_is_split_at_a_paragraph_and_reimports_keep_both(
    librarian_client, client, imported
):
    folder, run = imported
    statement = Statement.objects.get(position=1)
    url = reverse("admin:archive_statement_split", args=[statement.pk])
    assert "Nous travaillons" in librarian_client.get(url).content.decode()
    response = librarian_client.post(url, {"at": "1"})
    assert response.status_code == 302
    statement.refresh_from_db()
    new = Statement.objects.get(position=2, event=statement.event)
    assert statement.text == ANSWERS[0].split("\n\n")[0]
    assert new.text == ANSWERS[0].split("\n\n")[1]
    assert client.get(statement.get_absolute_url()).status_code == 200
    assert client.get(new.get_absolute_url()).status_code == 200
    assert statement.curated_fields == ["text"]
    assert list(
        statement.event.statements.order_by("position").values_list("position", flat=True)
    ) == [1, 2, 3, 4, 5]
    run()  # unchanged: skipped
    (folder / "press.txt").write_text(press(answers=[*ANSWERS[:3], "Fin."]), encoding="utf-8")
    run()
    assert Statement.objects.filter(pk=new.pk, hidden=False).exists()
    statement.refresh_from_db()
    assert statement.text == ANSWERS[0].split("\n\n")[0]
    assert HistoryEntry.objects.filter(object_id=new.pk, action="split").exists()


def test_a_split_needs_a_break_between_paragraphs(librarian_client, imported):
    statement = Statement.objects.get(position=2)  # one paragraph
    url = reverse("admin:archive_statement_split", args=[statement.pk])
    response = librarian_client.post(url, {"at": "1"})
    assert response.status_code == 200
    assert Statement.objects.count() == len(ANSWERS)


# Adding records ----------------------------------------------------------------------------


def test_a_librarian_adds_a_speaker_from_the_statement_form(librarian_client, imported):
    statement = Statement.objects.get(position=1)
    form = librarian_client.get(change_url(statement)).content.decode()
    assert reverse("admin:archive_speaker_add") in form  # the "+" beside the autocomplete
    response = librarian_client.post(
        reverse("admin:archive_speaker_add") + "?_to_field=id&_popup=1",
        {
            "name": "Wang Yi",
            "aliases": "M. Wang\r\nWang",
            "country": "",
            "review_status": "reviewed",
            "_popup": "1",
        },
    )
    assert response.status_code == 200
    speaker = Speaker.objects.get(name="Wang Yi")
    assert speaker.aliases == ["M. Wang", "Wang"]
    assert speaker.slug == "wang-yi"
    assert HistoryEntry.objects.filter(object_id=speaker.pk, action="create").exists()


def test_an_event_made_by_hand_is_never_overwritten_by_an_import(librarian_client, imported):
    folder, run = imported
    response = librarian_client.post(
        reverse("admin:archive_event_add"),
        {
            "title": "Dîner officiel en l’honneur des ministres",
            "date": "2021-07-15",
            "time": "",
            "location": "Douchanbé",
            "country": "",
            "kind": "meeting",
            "review_status": "reviewed",
            "primary_ref": "",
            "statements-TOTAL_FORMS": "0",
            "statements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(title__startswith="Dîner officiel")
    assert set(event.curated_fields) >= {"title", "date", "location", "kind"}
    assert event.slug == "2021-07-15-diner-officiel-en-l-honneur-des-ministres"
    response = librarian_client.post(
        reverse("admin:archive_statement_add"),
        {
            "event": event.pk,
            "position": "1",
            "speaker": Speaker.objects.get(name="Sergueï Lavrov").pk,
            "role": "",
            "kind": "remarks",
            "text": "Toast.\r\n\r\nMerci.",
            "question": "",
            "asked_by": "",
            "review_status": "reviewed",
            "statementorganisation_set-TOTAL_FORMS": "0",
            "statementorganisation_set-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement = event.statements.get()
    assert statement.text == "Toast.\n\nMerci."
    assert statement.date == event.date
    assert Statement.objects.public().filter(pk=statement.pk).exists()
    (folder / "diner.txt").write_text(
        "Dîner officiel en l’honneur des ministres, Douchanbé, 15 juillet 2021\n\n"
        "Sergueï Lavrov : Un toast.\n",
        encoding="utf-8",
    )
    run()
    event.refresh_from_db()
    assert (event.title, str(event.date), event.location) == (
        "Dîner officiel en l’honneur des ministres",
        "2021-07-15",
        "Douchanbé",
    )
    assert event.refs.filter(ref="diner.txt#1").exists()  # the import found it, changed nothing


# History -----------------------------------------------------------------------------------


def test_every_kind_of_change_is_in_the_history_with_its_values(librarian_client, imported):
    folder, run = imported
    statement = Statement.objects.get(position=3)
    submit(librarian_client, change_url(statement), kind="remarks")
    for action in ("hide", "unhide", "mark_reviewed"):
        librarian_client.post(
            changelist(Statement), {"action": action, "_selected_action": [statement.pk]}
        )
    (folder / "press.txt").write_text(
        press(answers=[*ANSWERS[:3], "Merci à tous."]), encoding="utf-8"
    )
    run()
    entries = {
        e.action: e for e in HistoryEntry.objects.filter(object_id=statement.pk).order_by("at")
    }
    assert entries["change"].changes == {"kind": ["answer", "remarks"]}
    assert entries["change"].user.username == "marie"
    assert entries["hide"].changes == {"hidden": [False, True]}
    assert entries["show"].changes == {"hidden": [True, False]}
    assert entries["review"].changes["review_status"][1] == "reviewed"
    last = Statement.objects.get(position=4)
    update = HistoryEntry.objects.get(object_id=last.pk, action="import", changes__has_key="text")
    assert update.changes["text"] == [ANSWERS[3], "Merci à tous."]
    assert update.import_run is not None and update.user is None
    page = librarian_client.get(reverse("admin:archive_statement_history", args=[last.pk]))
    assert "Merci à tous." in page.content.decode()


def test_the_public_note_lists_only_public_fields_a_librarian_changed(
    librarian_client, client, imported
):
    statement = Statement.objects.get(position=1)
    submit(librarian_client, change_url(statement), review_status="reviewed")
    speaker = statement.speaker
    submit(librarian_client, change_url(speaker), aliases="Lavrov\r\nS. Lavrov")
    assert "Corrig" not in client.get(statement.get_absolute_url()).content.decode()
    submit(librarian_client, change_url(statement), role="Ministre")
    assert "Corrigé le" in client.get(statement.get_absolute_url()).content.decode()


# The review queue --------------------------------------------------------------------------


def test_the_review_queue_says_why_each_record_is_there(librarian_client, tmp_path, db):
    folder = tmp_path / "queue"
    folder.mkdir()
    (folder / "undated.txt").write_text(
        "Intervention de Piotr Inconnu sans date ni lieu\n\nPiotr Inconnu : Bonjour.\n",
        encoding="utf-8",
    )
    (folder / "press.txt").write_text(press(), encoding="utf-8")
    call_command("import_sources", str(folder), stdout=StringIO(), stderr=StringIO())
    reasons = set(ReviewFlag.objects.values_list("reason", flat=True))
    assert {"no-date", "unknown-speaker"} <= reasons
    index = librarian_client.get(reverse("admin:index")).content.decode()
    assert "review-queue" in index
    assert "queue-total" in index
    queue = librarian_client.get(reverse("admin:review_queue") + "?model=event&reason=no-date")
    assert queue.status_code == 200
    page = queue.content.decode()
    assert "Intervention de Piotr Inconnu" in page
    speakers = librarian_client.get(
        changelist(Speaker) + "?review_status__exact=needs_review&reason=unknown-speaker"
    ).content.decode()
    assert "Piotr Inconnu" in speakers
    assert "Sergueï Lavrov" not in speakers
    event = Event.objects.get(date__isnull=True)
    librarian_client.post(
        changelist(Event), {"action": "mark_reviewed", "_selected_action": [event.pk]}
    )
    queue = librarian_client.get(reverse("admin:review_queue") + "?model=event&reason=no-date")
    assert "Intervention de Piotr Inconnu" not in queue.content.decode()


def test_a_speaker_spelt_like_another_is_a_duplicate_candidate(librarian_client, imported):
    librarian_client.post(
        reverse("admin:archive_speaker_add"),
        {"name": "Lavrov Sergueï", "aliases": "", "country": "", "review_status": "reviewed"},
    )
    speaker = Speaker.objects.get(name="Lavrov Sergueï")
    flag = speaker.review_flags.get(reason=ReviewFlag.Reason.DUPLICATE)
    assert "Sergueï Lavrov" in flag.message
    assert Speaker.objects.get(pk=speaker.pk).review_status == ReviewStatus.NEEDS_REVIEW


def test_import_warnings_read_as_lines(librarian_client, tmp_path, db):
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "undated.txt").write_text(
        "Intervention de Piotr Inconnu sans date ni lieu\n\nPiotr Inconnu : Bonjour.\n",
        encoding="utf-8",
    )
    call_command("import_sources", str(folder), stdout=StringIO(), stderr=StringIO())
    event = Event.objects.get()
    page = librarian_client.get(change_url(event)).content.decode()
    assert '"code":' not in page and "{&#x27;code" not in page


# Accounts and large forms --------------------------------------------------------------------


def test_a_librarian_account_is_made_with_a_command(monkeypatch, client, db):
    monkeypatch.setenv("LIBRARIAN_PASSWORD", "une-phrase-de-passe-longue")
    out = StringIO()
    call_command("create_librarian", "paul", "--email", "paul@example.org", stdout=out)
    user = User.objects.get(username="paul")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name=LIBRARIANS).exists()
    assert user.check_password("une-phrase-de-passe-longue")
    client.force_login(user)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:archive_event_add")).status_code == 200


def test_a_weak_librarian_password_is_refused_clearly(monkeypatch, db):
    monkeypatch.setenv("LIBRARIAN_PASSWORD", "123")
    with pytest.raises(Exception, match=r"too short|trop court"):
        call_command("create_librarian", "paul", stdout=StringIO())
    assert not User.objects.filter(username="paul").exists()


def test_a_two_megabyte_paste_into_a_statement_is_saved(librarian_client, imported):
    statement = Statement.objects.get(position=4)
    paragraph = "Un long paragraphe collé depuis le site du ministère, avec des accents. " * 40
    big = "\r\n\r\n".join([paragraph.strip()] * 700)  # about 2 MB
    assert len(big.encode()) > 2_000_000
    response = submit(librarian_client, change_url(statement), text=big)
    assert response.status_code == 302
    statement.refresh_from_db()
    assert len(statement.text) > 1_900_000


def test_a_form_too_large_to_read_gets_a_page_saying_so(librarian_client, imported, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    statement = Statement.objects.get(position=4)
    response = librarian_client.post(change_url(statement), {"text": "x" * 5000})
    assert response.status_code == 413
    assert "Back" in response.content.decode() or "Retour" in response.content.decode()


def test_organisations_changed_inline_are_a_correction_kept_by_reimports(
    librarian_client, imported
):
    folder, run = imported
    statement = Statement.objects.get(position=3)
    page = librarian_client.get(change_url(statement)).content.decode()
    data = form_data(page)
    assert data["statementorganisation_set-TOTAL_FORMS"] == ["1"]  # SCO, its event's
    data["statementorganisation_set-0-DELETE"] = ["on"]
    response = librarian_client.post(change_url(statement), data)
    assert response.status_code == 302
    statement.refresh_from_db()
    assert "organisations" in statement.curated_fields
    assert not statement.organisations.exists()
    entry = HistoryEntry.objects.get(object_id=statement.pk, action="change")
    assert entry.changes["organisations"][1] == []
    (folder / "press.txt").write_text(
        press(answers=[*ANSWERS[:2], ANSWERS[2] + " L’OCS.", ANSWERS[3]]), encoding="utf-8"
    )
    run()
    assert not Statement.objects.get(pk=statement.pk).organisations.exists()
