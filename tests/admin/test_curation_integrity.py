"""A librarian's work is never lost, undone or faked: by a save, a merge or a re-import.

Every admin write here goes the way a browser sends it (``tests.admin.forms.submit``: GET the
form, post what it holds, textareas with CRLF line breaks), and every import through
``import_sources`` as a user runs it.
"""

import time

import pytest
from django.urls import reverse
from django.utils.http import http_date, parse_http_date

from archive.models import (
    Event,
    EventRef,
    HistoryEntry,
    ReviewFlag,
    ReviewStatus,
    Source,
    Speaker,
    Statement,
)
from tests.admin.forms import form_data, submit
from tests.admin.texts import ANSWERS, HEADING, press
from tests.conftest import SOURCES, import_sources

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "sources"
    path.mkdir()
    return path


@pytest.fixture
def run_import(db):
    """Run `import_sources`; returns everything it printed."""
    return lambda *args: import_sources(*args)[1]


def change_url(obj):
    return reverse(f"admin:archive_{obj._meta.model_name}_change", args=[obj.pk])


def write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


# 1. An unchanged save changes nothing ------------------------------------------------------


@pytest.mark.parametrize("model", [Statement, Event, Speaker])
def test_saving_a_form_as_the_browser_sends_it_changes_and_curates_nothing(
    model, librarian_client, folder, run_import, client
):
    write(folder, "press.txt", press())
    run_import(folder)
    record = model.objects.first()
    before = model.objects.filter(pk=record.pk).values().get()
    response = submit(librarian_client, change_url(record))
    assert response.status_code == 302, response.context["adminform"].form.errors
    after = model.objects.filter(pk=record.pk).values().get()
    assert after == before
    assert not HistoryEntry.objects.filter(object_id=record.pk, action="change").exists()
    statement = Statement.objects.first()
    assert "Corrig" not in client.get(statement.get_absolute_url()).content.decode()


def test_changing_only_the_review_status_keeps_the_text_and_later_source_fixes(
    librarian_client, folder, run_import
):
    write(folder, "press.txt", press())
    run_import(folder)
    statement = Statement.objects.get(position=1)
    assert "\n\n" in statement.text  # two paragraphs: a line break the browser sends as CRLF
    response = submit(librarian_client, change_url(statement), review_status=ReviewStatus.REVIEWED)
    assert response.status_code == 302
    statement.refresh_from_db()
    assert "\r" not in statement.text
    assert statement.curated_fields == []
    assert statement.review_status == ReviewStatus.REVIEWED
    entry = HistoryEntry.objects.get(object_id=statement.pk, action="change")
    assert entry.changes == {"review_status": ["imported", "reviewed"]}
    fixed = [ANSWERS[0].replace("pilier", "pilier essentiel"), *ANSWERS[1:]]
    write(folder, "press.txt", press(answers=fixed))
    out = run_import(folder)
    assert "curated-conflict" not in out
    statement.refresh_from_db()
    assert "pilier essentiel" in statement.text
    csv = b"".join(librarian_client.get("/statements/export.csv").streaming_content).decode()
    assert "\r\n\r\n" not in csv.split("\r\n", 1)[1]  # no CRLF inside the texts


def test_a_real_correction_is_stored_cleaned_and_kept_by_reimports(
    librarian_client, folder, run_import
):
    write(folder, "press.txt", press())
    run_import(folder)
    statement = Statement.objects.get(position=2)
    corrected = "Nos relations avec le Kazakhstan sont excellentes [sic].\r\n\r\nAjout."
    submit(librarian_client, change_url(statement), text=corrected)
    statement.refresh_from_db()
    assert statement.text == "Nos relations avec le Kazakhstan sont excellentes [sic].\n\nAjout."
    assert statement.curated_fields == ["text"]
    write(folder, "press.txt", press(answers=[*ANSWERS[:1], "Tout autre texte.", *ANSWERS[2:]]))
    out = run_import(folder)
    assert "curated-conflict" in out
    # A short diff: the source's old and new wording, the librarian's value cut short.
    assert (
        "the source changed 'text': 'Nos relations avec le Kazakhstan sont excellentes.' → "
        "'Tout autre texte.'; the librarian's value 'Nos relations avec le Kazakhstan sont "
        "excellentes [sic].\\…' is kept"
    ) in out, out
    statement.refresh_from_db()
    assert statement.text.endswith("Ajout.")
    assert statement.review_flags.filter(reason=ReviewFlag.Reason.CONFLICT).exists()
    assert statement.review_status == ReviewStatus.NEEDS_REVIEW


# 2. Merges survive re-imports; no import deletes a statement --------------------------------


def test_a_merge_survives_reimports_of_either_source(librarian_client, folder, run_import, client):
    write(folder, "mid.txt", press())
    other_heading = (
        "Déclarations du chef de la diplomatie russe aux journalistes, Douchanbé, {day} "
        "juillet 2021"
    )
    write(folder, "blog.txt", press(number=4999, heading=other_heading, answers=["Autre réponse."]))
    run_import(folder)
    assert Event.objects.count() == 2  # titles too different to be matched by the importer
    keep = Event.objects.get(refs__ref="mid.txt#1")
    duplicate = Event.objects.get(refs__ref="blog.txt#1")
    moved = duplicate.statements.get(kind="answer")
    changelist = reverse("admin:archive_event_changelist")
    response = librarian_client.post(
        changelist,
        {"action": "merge", "_selected_action": [keep.pk, duplicate.pk], "merge_target": keep.pk},
    )
    assert response.status_code == 302
    moved.refresh_from_db()
    assert moved.event_id == keep.pk
    permalink = moved.get_absolute_url()
    write(folder, "mid.txt", press(answers=[*ANSWERS[:3], "Merci beaucoup."]))
    write(
        folder,
        "blog.txt",
        press(number=4999, heading=other_heading, answers=["Autre réponse, corrigée."]),
    )
    out = run_import(folder)
    assert "2 updated" in out, out
    assert Event.objects.count() == 1
    moved.refresh_from_db()
    assert moved.event_id == keep.pk
    assert moved.text == "Autre réponse, corrigée."
    assert client.get(permalink).status_code == 200
    assert EventRef.objects.filter(ref="blog.txt#1", event=keep).exists()


def test_a_turn_gone_from_its_source_hides_its_statement_and_queues_it(folder, run_import, client):
    write(folder, "press.txt", press())
    run_import(folder)
    gone = Statement.objects.get(text=ANSWERS[1])
    kept = Statement.objects.get(text=ANSWERS[2])
    slugs = {s.pk: s.slug for s in Statement.objects.all()}
    write(folder, "press.txt", press(answers=[ANSWERS[0], *ANSWERS[2:]]))
    out = run_import(folder)
    assert "removed-from-source" in out
    assert "1 removed from their source" in out
    gone.refresh_from_db()
    assert gone.hidden
    assert gone.review_status == ReviewStatus.NEEDS_REVIEW
    assert gone.review_flags.filter(reason=ReviewFlag.Reason.REMOVED).exists()
    page = client.get(gone.get_absolute_url())
    assert page.status_code == 410
    assert gone.event.get_absolute_url() in page.content.decode()
    # The turns after it kept their statements: nothing shifted onto another's text.
    kept.refresh_from_db()
    assert kept.text == ANSWERS[2] and not kept.hidden
    assert {s.pk: s.slug for s in Statement.objects.all()} == slugs
    assert Statement.objects.count() == len(ANSWERS)


def test_a_part_gone_from_its_source_hides_its_event_and_statements(folder, run_import, client):
    seed = (SOURCES / "004_a2acdf59f65e100e.txt").read_text(encoding="utf-8")
    write(folder, "4777.txt", seed)
    run_import(folder)
    message = Event.objects.get(refs__ref="4777.txt#2")
    assert Event.objects.count() == 2
    write(folder, "4777.txt", seed[: seed.rindex("2 – Texte du message écrit")])
    out = run_import(folder)
    message.refresh_from_db()
    assert message.hidden
    assert not message.refs.exists()
    assert Statement.objects.count() == 2  # nothing deleted
    assert not message.statements.public().exists()
    assert message.review_flags.filter(reason=ReviewFlag.Reason.REMOVED).exists()
    assert out.count("removed-from-source") == 2  # the statement, then its event
    assert Event.objects.public().count() == 1
    # Its address says what happened (410 Gone), not a bare 404.
    page = client.get(message.get_absolute_url())
    assert page.status_code == 410
    assert "Événement retiré" in page.content.decode()
    assert 'href="/events/"' in page.content.decode()


# 3. Conflicts on every kind of record are reported -----------------------------------------


def test_a_corrected_event_date_is_kept_and_the_sources_change_reported(
    librarian_client, folder, run_import
):
    write(folder, "press.txt", press(day=14))
    run_import(folder)
    event = Event.objects.get()
    submit(librarian_client, change_url(event), date="2021-07-13")
    event.refresh_from_db()
    assert "date" in event.curated_fields
    write(folder, "press.txt", press(day=15))
    out = run_import(folder)
    assert f"event {event.slug}: the source changed 'date'" in out
    assert "'2021-07-14' → '2021-07-15'" in out
    event.refresh_from_db()
    assert str(event.date) == "2021-07-13"
    assert event.review_flags.filter(reason=ReviewFlag.Reason.CONFLICT).exists()


def test_a_corrected_speaker_country_is_kept_and_a_new_one_reported(
    librarian_client, folder, run_import
):
    def with_minister(country: str) -> str:
        # An unknown speaker: the country comes from the role the source writes before the name.
        return press() + (
            f"\nLe Ministre des Affaires étrangères du {country}, Jean Dupont : Une réponse.\n"
        )

    write(folder, "press.txt", with_minister("Bélarus"))
    run_import(folder)
    speaker = Speaker.objects.get(name="Jean Dupont")
    assert speaker.country.iso2 == "BY"
    am = speaker.country.__class__.objects.get(iso2="AM")
    submit(librarian_client, change_url(speaker), country=str(am.pk))
    speaker.refresh_from_db()
    assert speaker.curated_fields == ["country"]
    assert speaker.country.iso2 == "AM"
    write(folder, "press.txt", with_minister("Kazakhstan"))
    out = run_import(folder)
    assert (
        f"curated-conflict: speaker {speaker.slug}: the source gives the country KZ; "
        "the librarian's correction is kept"
    ) in out, out
    speaker.refresh_from_db()
    assert speaker.country.iso2 == "AM"
    assert speaker.review_flags.filter(reason=ReviewFlag.Reason.CONFLICT).exists()


def test_a_speaker_merge_survives_reimports_of_either_source(librarian_client, folder, run_import):
    def with_minister(name: str, answer: str, day: int = 14) -> str:
        return press(day=day) + (
            f"\nLe Ministre des Affaires étrangères du Bélarus, {name} : {answer}\n"
        )

    write(folder, "a.txt", with_minister("Jean Dupont", "Première réponse."))
    write(folder, "b.txt", with_minister("Jean Dupond", "Seconde réponse.", day=20))
    run_import(folder)
    survivor = Speaker.objects.get(name="Jean Dupont")
    merged = Speaker.objects.get(name="Jean Dupond")
    response = librarian_client.post(
        reverse("admin:archive_speaker_changelist"),
        {
            "action": "merge",
            "_selected_action": [survivor.pk, merged.pk],
            "merge_target": survivor.pk,
        },
    )
    assert response.status_code == 302
    assert not Speaker.objects.filter(pk=merged.pk).exists()
    theirs = set(survivor.statements.values_list("pk", flat=True))
    assert len(theirs) == 2
    for name, text in [
        ("b.txt", with_minister("Jean Dupond", "Seconde réponse, corrigée.", day=20)),
        ("a.txt", with_minister("Jean Dupont", "Première réponse, corrigée.")),
    ]:
        write(folder, name, text)
        out = run_import(folder)
        assert "1 updated" in out, out
        assert not Speaker.objects.filter(name="Jean Dupond").exists(), out
        speakers = Statement.objects.filter(pk__in=theirs).values_list("speaker_id", flat=True)
        assert set(speakers) == {survivor.pk}, out
    assert Statement.objects.get(text="Seconde réponse, corrigée.").speaker_id == survivor.pk


# 4. The first source decides the event; the others are provenance ---------------------------


def test_a_second_source_does_not_take_over_the_events_title(librarian_client, folder, run_import):
    write(folder, "mid.txt", press())
    misspelt = HEADING.replace("Conférence de presse", "Conférance de presse")
    write(folder, "zrepost.txt", press(number=4999, heading=misspelt))
    out = run_import(folder)
    event = Event.objects.get()
    assert event.title.startswith("Conférence de presse")
    assert "event-variant" in out and "zrepost.txt#1" in out
    assert EventRef.objects.get(ref="zrepost.txt#1").values["title"].startswith("Conférance")
    write(folder, "mid.txt", press(answers=[*ANSWERS[:3], "Au revoir."]))
    run_import(folder)
    event.refresh_from_db()
    assert event.title.startswith("Conférence de presse")
    # A librarian picks the repost as the primary source: the event takes its values.
    response = submit(librarian_client, change_url(event), primary_ref="zrepost.txt#1")
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title.startswith("Conférance de presse")
    assert "title" not in event.curated_fields


# Dry runs tell the truth ---------------------------------------------------------------------


def test_a_dry_run_reports_what_the_real_run_does(librarian_client, folder, run_import):
    write(folder, "press.txt", press())
    run_import(folder)
    statement = Statement.objects.get(position=2)
    submit(librarian_client, change_url(statement), text="Corrigé.")
    edited = ANSWERS[1].replace("excellentes", "très bonnes")
    write(folder, "press.txt", press(answers=[ANSWERS[0], edited, ANSWERS[3]]))
    dry = run_import("--dry-run", folder)
    assert Statement.objects.filter(hidden=True).count() == 0
    real = run_import(folder)
    assert Statement.objects.filter(hidden=True).count() == 1

    def lines(out):
        return sorted(line for line in out.splitlines() if line.startswith("press.txt"))

    assert lines(dry) == lines(real)
    assert "curated-conflict" in dry and "removed-from-source" in dry
    assert "1 would be updated" in dry and "1 updated" in real


# 5. Every change reaches HTTP caches --------------------------------------------------------


def test_hiding_a_statement_reaches_conditional_requests(admin_client, client, folder, run_import):
    write(folder, "press.txt", press())
    run_import(folder)
    statement = Statement.objects.first()
    first = client.get(statement.get_absolute_url())
    admin_client.post(
        reverse("admin:archive_statement_changelist"),
        {"action": "hide", "_selected_action": [statement.pk]},
    )
    again = client.get(
        statement.get_absolute_url(), headers={"if-modified-since": first["Last-Modified"]}
    )
    assert again.status_code == 410


def test_last_modified_never_runs_ahead_of_the_clock_after_many_imports(folder, run_import, client):
    for n in range(12):
        write(folder, f"p{n}.txt", press(day=1 + n, answers=[f"Réponse {n}."]))
    run_import(folder)
    for n in range(12):  # and as many updates again, within a second or two
        write(folder, f"p{n}.txt", press(day=1 + n, answers=[f"Réponse {n}, corrigée."]))
    run_import(folder)
    for path in ["/", "/statements/", Event.objects.first().get_absolute_url()]:
        response = client.get(path)
        date = http_date(time.time())  # the Date a server would send with it
        assert response.status_code == 200
        assert parse_http_date(response["Last-Modified"]) <= parse_http_date(date), path


def test_a_hide_within_the_same_second_changes_the_etag(admin_client, client, folder, run_import):
    write(folder, "press.txt", press())
    run_import(folder)
    statement = Statement.objects.get(position=2)
    event_url = statement.event.get_absolute_url()
    first = client.get(event_url)
    assert client.get(event_url, headers={"if-none-match": first["ETag"]}).status_code == 304
    admin_client.post(
        reverse("admin:archive_statement_changelist"),
        {"action": "hide", "_selected_action": [statement.pk]},
    )
    # A browser revalidates with both validators; If-None-Match decides (RFC 9110 §13.2.2),
    # whether or not the hide fell in the second of Last-Modified.
    validators = {
        "if-none-match": first["ETag"],
        "if-modified-since": first["Last-Modified"],
    }
    again = client.get(event_url, headers=validators)
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert statement.get_absolute_url() not in again.content.decode()
    assert client.get(event_url, headers={"if-none-match": again["ETag"]}).status_code == 304


def test_hiding_an_event_answers_410_gone_with_a_way_on(
    librarian_client, client, folder, run_import
):
    write(folder, "press.txt", press())
    run_import(folder)
    event = Event.objects.get()
    url = event.get_absolute_url()
    assert client.get(url).status_code == 200
    response = librarian_client.post(
        reverse("admin:archive_event_changelist"),
        {"action": "hide", "_selected_action": [event.pk]},
    )
    assert response.status_code == 302
    page = client.get(url)
    assert page.status_code == 410
    html = page.content.decode()
    assert "Événement retiré" in html and 'href="/events/"' in html
    assert "no-cache" in page["Cache-Control"]
    # Its statements, withdrawn with it, answer 410 too, without a link to the hidden event.
    statement = event.statements.first()
    gone = client.get(statement.get_absolute_url())
    assert gone.status_code == 410
    assert url not in gone.content.decode()
    assert client.get("/events/no-such-event/").status_code == 404


# Imports keep sources apart ------------------------------------------------------------------


def test_a_different_text_under_a_stored_name_is_refused(tmp_path, run_import):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    write(first, "901.txt", press(number=901))
    write(second, "901.txt", press(number=902, day=20, answers=["Autre chose."]))
    run_import(first)
    out = run_import(second)
    assert "901.txt: failed: refused: a different text already has this name" in out
    assert Source.objects.get().number == 901
    assert Statement.objects.count() == len(ANSWERS)


MOSCOW = HEADING.replace("Douchanbé", "Moscou").replace("juillet 2021", "mars 2022")


def test_another_press_conference_under_a_stored_name_is_refused_without_post_numbers(
    tmp_path, run_import
):
    """The ministry's headings are formulaic: two press conferences months apart have
    similar titles, and a file of the other one under the same name must not re-date the
    stored event nor hide its statements."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    write(first, "x.txt", press(day=14))
    write(second, "x.txt", press(day=20, heading=MOSCOW, answers=["Tout autre chose.", "Adieu."]))
    run_import(first)
    before = list(Event.objects.values_list("pk", "title", "date", "location"))
    out = run_import(second)
    assert "x.txt: failed: refused: a different text already has this name" in out
    assert "another date or place (2022-03-20, Moscou, stored: 2021-07-14, Douchanbé)" in out
    assert "0% of its statements' words in common" in out
    assert "0 updated" in out
    assert list(Event.objects.values_list("pk", "title", "date", "location")) == before
    assert Statement.objects.filter(hidden=False).count() == len(ANSWERS)
    assert Source.objects.get().origin == str((first / "x.txt").resolve())


def test_a_revised_copy_from_elsewhere_updates_the_stored_source(tmp_path, run_import):
    """The same press conference, an answer corrected and the date fixed, from another
    folder: the same text, revised, so it updates the stored one."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    write(first, "x.txt", press(day=14))
    revised = [*ANSWERS[:1], ANSWERS[1].replace("excellentes", "très bonnes"), *ANSWERS[2:]]
    write(second, "x.txt", press(day=15, answers=revised))
    run_import(first)
    out = run_import(second)
    assert "1 updated" in out and "refused" not in out
    assert Event.objects.get().date.day == 15
    assert Statement.objects.filter(hidden=False, text__contains="très bonnes").count() == 1


def test_another_text_of_the_same_occasion_needs_words_in_common(tmp_path, run_import):
    """Same heading, same date and place, but nothing said in common: another text."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    write(first, "x.txt", press(day=14))
    write(second, "x.txt", press(day=14, answers=["Tout autre chose.", "Adieu."]))
    run_import(first)
    out = run_import(second)
    assert "x.txt: failed: refused:" in out
    assert "the same date and place" in out
    assert Statement.objects.filter(hidden=False).count() == len(ANSWERS)


def test_the_form_reader_sends_textareas_with_crlf(librarian_client, folder, run_import):
    write(folder, "press.txt", press())
    run_import(folder)
    statement = Statement.objects.get(position=1)
    data = form_data(librarian_client.get(change_url(statement)).content.decode())
    assert "\r\n\r\n" in data["text"][0]
