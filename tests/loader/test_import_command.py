"""`import_sources` on good, changed and bad files: idempotent, transactional, clear reports."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Event, Source, Speaker, Statement

pytestmark = pytest.mark.django_db

KREMLIN = "001_d785c41bf236a437.txt"

MINIMAL = (
    "Allocution de Sergueï Lavrov, Ministre des Affaires étrangères de la Fédération de Russie, "
    "lors de la réunion du Conseil des ministres des Affaires étrangères de l’OCS, "
    "Douchanbé, 14 juillet 2021\n\n"
    "Chers collègues,\n"
    "L’Organisation de coopération de Shanghai reste un pilier de la stabilité régionale.\n"
    "Merci.\n"
)


def snapshot():
    return sorted(
        Statement.objects.values_list("slug", "text", "speaker__name", "event__slug", "position")
    )


def test_importing_the_seeds_reports_five_files_and_22_statements(run_import, sources_dir):
    code, out = run_import(sources_dir)
    assert code == 0, out
    assert "5 imported" in out
    assert "22 created" in out
    assert Statement.objects.count() == 22


def test_reimporting_unchanged_files_changes_nothing(run_import, sources_dir):
    run_import(sources_dir)
    before = snapshot()
    code, out = run_import(sources_dir)
    assert code == 0
    assert "0 imported, 5 unchanged, 0 updated, 0 failed" in out
    assert snapshot() == before


def test_a_changed_file_updates_its_records_in_place_keeping_permalinks(run_import, sources_dir):
    run_import(sources_dir)
    slugs = set(Statement.objects.values_list("slug", flat=True))
    path = sources_dir / KREMLIN
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Je suis très heureux", "Je suis vraiment heureux"
        ),
        encoding="utf-8",
    )
    code, out = run_import(sources_dir)
    assert code == 0
    assert "1 updated" in out
    assert set(Statement.objects.values_list("slug", flat=True)) == slugs
    assert Statement.objects.filter(text__contains="Je suis vraiment heureux").count() == 1
    assert not Statement.objects.filter(text__contains="Je suis très heureux").exists()


def test_a_librarians_correction_survives_reimport_and_conflicts_are_reported(
    run_import, sources_dir
):
    run_import(sources_dir)
    statement = Statement.objects.get(text__contains="Je suis très heureux")
    statement.text = statement.text.replace("très heureux", "très heureux [sic]")
    statement.mark_curated(["text"])
    statement.save()
    speaker = Speaker.objects.get(name="Talant Mamytov")
    speaker.name = "Talant Mamytov (intérim)"
    speaker.mark_curated(["name"])
    speaker.save()

    path = sources_dir / KREMLIN
    path.write_text(
        path.read_text(encoding="utf-8").replace("Je suis très heureux", "Je suis si heureux"),
        encoding="utf-8",
    )
    code, out = run_import(sources_dir)
    assert code == 0
    statement.refresh_from_db()
    assert "très heureux [sic]" in statement.text
    assert "curated-conflict" in out
    assert Speaker.objects.get(pk=speaker.pk).name == "Talant Mamytov (intérim)"
    assert Statement.objects.count() == 22


def test_dry_run_writes_nothing(run_import, sources_dir):
    code, out = run_import("--dry-run", sources_dir)
    assert code == 0
    assert "Dry run" in out
    assert "22 statements found" in out
    assert not Statement.objects.exists()
    assert not Source.objects.exists()


def test_warnings_are_reported_with_file_and_line(run_import, tmp_path):
    (tmp_path / "sans-date.txt").write_text(MINIMAL.replace(", 14 juillet 2021", ""), "utf-8")
    code, out = run_import(tmp_path)
    assert code == 0
    assert "sans-date.txt:" in out
    assert "date-not-found" in out
    event = Event.objects.get()
    assert event.date is None
    assert event.review_status == "needs_review"


def test_an_impossible_date_is_reported_and_left_empty(run_import, tmp_path):
    (tmp_path / "fevrier.txt").write_text(
        MINIMAL.replace("14 juillet 2021", "31 février 2021"), "utf-8"
    )
    code, out = run_import(tmp_path)
    assert code == 0
    assert "impossible-date" in out
    assert Event.objects.get().date is None


def bad_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n\t \n", "utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "huge.txt").write_bytes(b"Merci.\n" * (3 * 1024 * 1024))  # 21 MB
    (tmp_path / "oneline.txt").write_bytes(b"a" * (4 * 1024 * 1024))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "empty"),
        ("blank.txt", "whitespace"),
        ("binary.txt", "binary"),
        ("huge.txt", "limit"),
        ("oneline.txt", "line"),
    ],
)
def test_bad_files_are_rejected_with_a_clear_message_and_the_good_ones_imported(
    run_import, tmp_path, name, message
):
    bad_files(tmp_path)
    (tmp_path / "good.txt").write_text(MINIMAL, "utf-8")
    code, out = run_import("--max-bytes", 5 * 1024 * 1024, tmp_path)
    assert code == 1
    line = next(line for line in out.splitlines() if line.startswith(f"{name}: failed"))
    assert message in line.lower()
    assert "Traceback" not in out
    assert Source.objects.filter(path="good.txt").exists()
    assert not Source.objects.filter(path=name).exists()
    assert Statement.objects.count() == 1


def test_cp1252_is_imported_with_a_warning(run_import, tmp_path):
    (tmp_path / "latin.txt").write_bytes(MINIMAL.replace("’", "'").encode("cp1252"))
    code, out = run_import(tmp_path)
    assert code == 0
    assert "encoding" in out
    assert "Sergueï Lavrov" in Statement.objects.get().speaker.name


def test_utf16_with_bom_and_crlf_import_like_utf8(run_import, tmp_path):
    (tmp_path / "utf16.txt").write_bytes(MINIMAL.replace("\n", "\r\n").encode("utf-16"))
    code, out = run_import(tmp_path)
    assert code == 0, out
    statement = Statement.objects.get()
    assert "\r" not in statement.text
    assert statement.event.date.isoformat() == "2021-07-14"


def test_html_in_a_source_is_stored_as_text(run_import, tmp_path):
    (tmp_path / "html.txt").write_text(
        MINIMAL.replace("Merci.", "<script>alert('x')</script> <b>Merci.</b>"), "utf-8"
    )
    run_import(tmp_path)
    assert "<script>alert('x')</script>" in Statement.objects.get().text


def test_a_failing_source_leaves_nothing_half_written(run_import, tmp_path, monkeypatch):
    from archive.loader import sources

    (tmp_path / "good.txt").write_text(MINIMAL, "utf-8")
    original = sources.SourceLoader._statement_fill

    def explode(self, statement, *args, **kwargs):
        original(self, statement, *args, **kwargs)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sources.SourceLoader, "_statement_fill", explode)
    code, out = run_import(tmp_path)
    assert code == 1
    assert "good.txt: failed: internal error" in out
    assert not Source.objects.exists()
    assert not Event.objects.exists()
    assert not Statement.objects.exists()
    assert not Speaker.objects.exists()


def test_the_same_event_from_two_sources_is_one_event_listing_both(run_import, tmp_path):
    (tmp_path / "mid.txt").write_text(MINIMAL, "utf-8")
    (tmp_path / "blog.txt").write_text(
        "4999 – " + MINIMAL.splitlines()[0] + "\n\n" + MINIMAL, "utf-8"
    )
    code, out = run_import(tmp_path)
    assert code == 0, out
    assert Event.objects.count() == 1
    assert Statement.objects.count() == 1
    statement = Statement.objects.get()
    assert sorted(statement.sources.values_list("path", flat=True)) == ["blog.txt", "mid.txt"]
    assert sorted(statement.event.sources.values_list("path", flat=True)) == [
        "blog.txt",
        "mid.txt",
    ]


def test_a_missing_path_is_a_clear_error(run_import, tmp_path):
    code, out = run_import(tmp_path / "nope")
    assert code == 1
    assert "No such file or folder" in out


def test_permalinks_survive_a_rebuild_from_the_same_sources(run_import, sources_dir):
    run_import(sources_dir)
    first = snapshot()
    Statement.objects.all().delete()
    Event.objects.all().delete()
    Speaker.objects.all().delete()
    Source.objects.all().delete()
    run_import(sources_dir)
    assert snapshot() == first


def test_export_archive_writes_one_json_object_per_line(run_import, sources_dir):
    run_import(sources_dir)
    out = StringIO()
    call_command("export_archive", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 22
    assert all(json.loads(line)["url"].startswith("/statements/") for line in lines)


def test_a_news_story_keeps_who_it_quotes_where_its_fields_came_from_and_its_publication(
    run_import, tmp_path, client
):
    story = (
        "TASS\nMonde\nPublié le 15/04/2023 à 11h32\n\n"
        "Choïgou participe à la réunion des ministres de la Défense de l’OCS\n\n"
        "MOSCOU, 14 avril. /TASS/. Le ministre russe de la Défense Sergueï Choïgou participe "
        "aujourd’hui à la réunion des ministres de la Défense des pays de l’OCS à New Delhi.\n"
        "« Les menaces terroristes en Asie centrale ne diminuent pas », a déclaré Sergueï "
        "Choïgou.\n"
    )
    (tmp_path / "tass.txt").write_text(story, "utf-8")
    code, out = run_import(tmp_path)
    assert code == 0, out
    report = Statement.objects.get()
    assert report.speaker is None
    assert list(report.quoted.values_list("name", flat=True)) == ["Sergueï Choïgou"]
    event = report.event
    assert event.provenance["date"] in {"dateline", "relative", "publication", "lead"}
    assert event.date_inferred == (event.provenance["date"] in {"relative", "publication"})
    assert str(Source.objects.get().published) == "2023-04-15"
    assert str(event.date) == "2023-04-14"  # the event's, not the publication's
    page = client.get(report.get_absolute_url()).content.decode()
    assert "<dt>Cite</dt>" in page
    assert "Sergueï Choïgou" in page.split("<dt>Cite</dt>")[1].split("</dd>")[0]
