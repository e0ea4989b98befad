"""The librarians' workplace: permissions, review queue, hiding, merging, history, bounds."""

import datetime as dt

import pytest
from django.urls import reverse

from archive.models import (
    Country,
    Event,
    HistoryEntry,
    ReviewStatus,
    SlugRedirect,
    Speaker,
    Statement,
)

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:archive_{obj._meta.model_name}_change", args=[obj.pk])


def test_a_librarian_can_curate_but_not_manage_users_or_delete_sources(
    librarian_client, archive_rows
):
    assert librarian_client.get(change_url(archive_rows["statements"][0])).status_code == 200
    assert librarian_client.get(change_url(archive_rows["event"])).status_code == 200
    assert librarian_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert librarian_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    source = archive_rows["source"]
    assert librarian_client.get(change_url(source)).status_code == 200
    delete = reverse("admin:archive_source_delete", args=[source.pk])
    assert librarian_client.get(delete).status_code == 403


def test_a_librarians_edit_is_recorded_as_curated_and_in_the_history(
    librarian_client, archive_rows
):
    speaker = archive_rows["speakers"][1]
    response = librarian_client.post(
        change_url(speaker),
        {
            "name": speaker.name,
            "aliases": "",
            "country": Country.objects.get(iso2="RU").pk,
            "review_status": ReviewStatus.REVIEWED,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    speaker.refresh_from_db()
    assert speaker.country.iso2 == "RU"
    assert speaker.curated_fields == ["country"]
    assert speaker.corrected_at is not None
    entry = HistoryEntry.objects.get(object_id=speaker.pk, action="change")
    assert entry.user.username == "marie"
    assert entry.changes == {"country": [None, "Russie"], "review_status": ["imported", "reviewed"]}
    statement = speaker.statements.get()
    assert statement.speaker_country.iso2 == "RU"


def test_renaming_an_event_changes_its_slug_and_redirects_the_old_one(
    librarian_client, archive_rows
):
    event = archive_rows["event"]
    old_slug = event.slug
    old_statement_slugs = [s.slug for s in archive_rows["statements"]]
    data = {
        "title": "Sommet de l’Organisation de coopération de Shanghai",
        "date": "2024-07-04",
        "time": "",
        "location": "Astana",
        "country": event.country_id,
        "organisations": [o.pk for o in event.organisations.all()],
        "kind": "summit",
        "review_status": ReviewStatus.REVIEWED,
        "statements-TOTAL_FORMS": "0",
        "statements-INITIAL_FORMS": "0",
    }
    response = librarian_client.post(change_url(event), data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [f.formset.errors for f in response.context["inline_admin_formsets"]],
    )
    event.refresh_from_db()
    assert event.slug == "2024-07-04-sommet-de-l-organisation-de-cooperation-de-shanghai"
    assert SlugRedirect.objects.get(model="event", old_slug=old_slug).new_slug == event.slug
    for old in old_statement_slugs:
        assert SlugRedirect.objects.filter(model="statement", old_slug=old).exists()
    assert "title" in event.curated_fields


def test_the_review_queue_lists_what_the_importer_flagged(admin_client, archive_rows):
    statement = archive_rows["statements"][0]
    statement.review_status = ReviewStatus.NEEDS_REVIEW
    statement.save()
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Review queue" in index or "File de relecture" in index
    queue = admin_client.get(
        reverse("admin:archive_statement_changelist") + "?review_status__exact=needs_review"
    )
    assert statement.slug in queue.content.decode() or str(statement) in queue.content.decode()


def test_mark_reviewed_action_empties_the_queue(admin_client, archive_rows):
    statement = archive_rows["statements"][0]
    statement.review_status = ReviewStatus.NEEDS_REVIEW
    statement.save()
    admin_client.post(
        reverse("admin:archive_statement_changelist"),
        {"action": "mark_reviewed", "_selected_action": [statement.pk]},
    )
    statement.refresh_from_db()
    assert statement.review_status == ReviewStatus.REVIEWED


def test_hidden_statements_disappear_from_the_public_site_but_stay_in_the_admin(
    admin_client, client, archive_rows
):
    statement = archive_rows["statements"][0]
    assert client.get(statement.get_absolute_url()).status_code == 200
    admin_client.post(
        reverse("admin:archive_statement_changelist"),
        {"action": "hide", "_selected_action": [statement.pk]},
    )
    statement.refresh_from_db()
    assert statement.hidden
    gone = client.get(statement.get_absolute_url())
    assert gone.status_code == 410  # withdrawn, not unknown: the page links to its event
    assert statement.event.get_absolute_url() in gone.content.decode()
    assert admin_client.get(change_url(statement)).status_code == 200
    assert statement not in Statement.objects.public()
    admin_client.post(
        reverse("admin:archive_statement_changelist"),
        {"action": "unhide", "_selected_action": [statement.pk]},
    )
    assert client.get(statement.get_absolute_url()).status_code == 200


def test_merging_speakers_moves_statements_keeps_aliases_and_redirects(admin_client, archive_rows):
    keep, duplicate = archive_rows["speakers"]
    old_slug = duplicate.slug
    changelist = reverse("admin:archive_speaker_changelist")
    confirm = admin_client.post(
        changelist, {"action": "merge", "_selected_action": [keep.pk, duplicate.pk]}
    )
    assert confirm.status_code == 200
    assert "merge_target" in confirm.content.decode()
    admin_client.post(
        changelist,
        {"action": "merge", "_selected_action": [keep.pk, duplicate.pk], "merge_target": keep.pk},
    )
    keep.refresh_from_db()
    assert not Speaker.objects.filter(pk=duplicate.pk).exists()
    assert keep.statements.count() == 2
    assert "Vladimir Putin" in keep.aliases
    assert SlugRedirect.objects.get(model="speaker", old_slug=old_slug).new_slug == keep.slug
    assert {s.speaker_country.iso2 for s in keep.statements.all()} == {"RU"}


def test_merging_events_appends_statements_in_order(admin_client, archive_rows):
    keep = archive_rows["event"]
    other = Event.objects.create(title="Doublon", slug="doublon", date=dt.date(2024, 7, 4))
    moved = Statement(event=other, position=1, kind="report", text="Récit.")
    moved.slug = moved.content_slug()
    moved.denormalise()
    moved.save()
    admin_client.post(
        reverse("admin:archive_event_changelist"),
        {"action": "merge", "_selected_action": [keep.pk, other.pk], "merge_target": keep.pk},
    )
    assert list(keep.statements.order_by("position").values_list("position", "kind")) == [
        (1, "speech"),
        (2, "speech"),
        (3, "report"),
    ]
    assert SlugRedirect.objects.filter(model="event", old_slug="doublon").exists()


def test_the_raw_source_text_is_one_click_away(admin_client, archive_rows):
    source = archive_rows["source"]
    response = admin_client.get(reverse("admin:archive_source_raw", args=[source.pk]))
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "Texte brut."


@pytest.fixture
def many_rows(archive_rows):
    event = archive_rows["event"]
    speakers = Speaker.objects.bulk_create(
        Speaker(name=f"Orateur {i}", slug=f"o-{i}") for i in range(300)
    )
    Statement.objects.bulk_create(
        Statement(
            event=event,
            position=10 + i,
            speaker=speakers[i % 300],
            kind="remarks",
            text="x",
            slug=f"s-{i}",
            date=event.date,
        )
        for i in range(3000)
    )


@pytest.mark.parametrize("model", ["statement", "event", "speaker", "source", "country"])
def test_changelists_issue_a_bounded_number_of_queries(
    admin_client, many_rows, django_assert_max_num_queries, model
):
    with django_assert_max_num_queries(15):
        response = admin_client.get(reverse(f"admin:archive_{model}_changelist"))
    assert response.status_code == 200


def test_the_public_page_says_what_librarians_corrected_and_when(
    librarian_client, client, archive_rows
):
    statement = archive_rows["statements"][0]
    assert "Corrig" not in client.get(statement.get_absolute_url()).content.decode()
    speaker = statement.speaker
    librarian_client.post(
        change_url(speaker),
        {
            "name": speaker.name,
            "aliases": "Vladimir Putin",
            "country": speaker.country_id,
            "review_status": ReviewStatus.REVIEWED,
        },
    )
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "Corrig" not in page  # other names are not a public correction
    librarian_client.post(
        change_url(speaker),
        {
            "name": speaker.name,
            "aliases": "Vladimir Putin",
            "country": Country.objects.get(iso2="BY").pk,
            "review_status": ReviewStatus.REVIEWED,
        },
    )
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "Corrigé le" in page
    assert "(l’orateur) : pays." in page
    assert "marie" not in page
