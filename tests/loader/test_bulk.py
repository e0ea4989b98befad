"""New statements are written in bulk: a few queries per file, the rows a save would give."""

import shutil

import pytest
from django.conf import settings
from django.db.models import Sum

from archive.ingest.pipeline import parse_source
from archive.loader.batch import sources_import
from archive.loader.reference import reference_from_db
from archive.loader.sources import SourceLoader
from archive.models import Event, MonthTally, Source, Speaker, Statement, StatementOrganisation
from archive.slugs import unique_slugs
from tests.conftest import SOURCES

pytestmark = pytest.mark.django_db

# SAVEPOINT, source, event by ref, events of the day, event slug, event, its organisations,
# source and ref, its history, statement slugs, statements, their organisations, countries,
# history, refs and source; then in the same transaction the version (locked, moved), the
# statements' months and speaker-years, and their tallies counted again; RELEASE.
QUERIES_PER_NEW_FILE = 29


def press_conference(turns: int, *, day: int) -> bytes:
    """A transcript of ``turns`` answers by Sergueï Lavrov, each naming the SCO, CICA and
    three countries, on a day of July 2021 (a new event each day)."""
    lines = [
        f"4321 – Conférence de presse de Sergueï Lavrov du {day:02d}.07.2021",
        "",
        "Conférence de presse de Sergueï Lavrov, Ministre des Affaires étrangères de la "
        "Fédération de Russie, à l’issue de la réunion du Conseil des ministres des Affaires "
        f"étrangères de l’OCS, Douchanbé, {day} juillet 2021",
        "",
    ]
    for n in range(1, turns + 1):
        lines += [
            f"Question (TASS): Que pensez-vous de la coopération {n} avec le Kazakhstan ?",
            "",
            f"Sergueï Lavrov: L’Organisation de coopération de Shanghai travaille sur le sujet "
            f"{n} avec l’Inde et la Chine, comme la CICA. Merci.",
            "",
        ]
    return "\n".join(lines).encode()


def write(folder, name: str, data: bytes):
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def run(*paths, workers=0):
    return sources_import(
        paths=list(paths),
        reference_dir=settings.REFERENCE_DIR,
        max_bytes=settings.IMPORT_MAX_BYTES,
        workers=workers,
    )


def parsed_file(loader, path):
    """A file read and parsed, for the loader alone (outside the queries counted)."""
    file = loader.read(path, name=path.name, max_bytes=settings.IMPORT_MAX_BYTES)
    parsed = parse_source(
        file.data, name=file.name, reference=reference_from_db(directory=settings.REFERENCE_DIR)
    )
    return file, parsed


def test_a_new_file_takes_the_same_few_queries_whatever_its_number_of_statements(
    tmp_path, django_assert_max_num_queries
):
    run(write(tmp_path, "first.txt", press_conference(1, day=1)))  # the speaker exists now
    loader = SourceLoader(speakers=Speaker.objects.select_related("country"))
    counts = {}
    for turns, day in ((2, 10), (30, 20)):
        file, parsed = parsed_file(
            loader, write(tmp_path, f"{turns}.txt", press_conference(turns, day=day))
        )
        with django_assert_max_num_queries(QUERIES_PER_NEW_FILE) as queries:
            result = loader.load(file, parsed)
        assert result.statements_created == turns
        counts[turns] = len(queries)
    assert counts[2] == counts[30]
    assert Statement.objects.count() == 33


def test_bulk_written_statements_are_what_saving_them_one_by_one_gives(tmp_path):
    run(SOURCES, write(tmp_path, "press.txt", press_conference(5, day=3)))

    def rows():
        return {
            s.pk: (s.byline, s.search_stems, s.excerpt, s.date, s.year, s.speaker_country_id)
            for s in Statement.objects.order_by("pk")
        }

    def links():
        return sorted(
            StatementOrganisation.objects.values_list(
                "statement", "organisation", "via_event", "via_mention", "date", "country"
            )
        )

    bulk_rows, bulk_links = rows(), links()
    assert any(row[2] for row in bulk_rows.values())  # excerpts filled
    for statement in Statement.objects.select_related("event", "speaker"):
        statement.save()
        statement.links_refresh()
    assert rows() == bulk_rows
    assert links() == bulk_links
    press = Statement.objects.filter(sources__path="press.txt")
    assert press.count() == 5
    for statement in press:
        assert sorted(statement.organisations.values_list("code", flat=True)) == ["CICA", "SCO"]
        assert sorted(statement.mentioned_countries.values_list("iso2", flat=True)) == [
            "CN",
            "IN",
            "KZ",
        ]


def test_parsing_in_worker_processes_gives_the_same_import_and_report(tmp_path):
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)

    def summary(report):
        return [(r.name, r.status, r.statements_created, r.warnings, r.message) for r in report]

    inline = run(folder, workers=0).results
    expected = sorted(Statement.objects.values_list("slug", "text", "speaker__name"))
    Statement.objects.all().delete()
    Event.objects.all().delete()
    Speaker.objects.all().delete()
    Source.objects.all().delete()
    pooled = run(folder, workers=2).results
    assert summary(pooled) == summary(inline)
    assert sorted(Statement.objects.values_list("slug", "text", "speaker__name")) == expected
    assert {r.status for r in run(folder, workers=2).results} == {"unchanged", "failed"}


def test_the_same_name_twice_in_a_run_is_loaded_once_then_unchanged(tmp_path):
    one = write(tmp_path / "one", "press.txt", press_conference(2, day=5))
    two = write(tmp_path / "two", "press.txt", press_conference(2, day=5))
    report = run(one.parent, two.parent)
    assert [r.status for r in report.results] == ["imported", "unchanged"]
    three = write(tmp_path / "three", "press.txt", press_conference(3, day=5))
    report = run(one.parent, three.parent)
    assert [r.status for r in report.results] == ["unchanged", "updated"]
    assert Statement.objects.count() == 3


def test_reimporting_changed_bulk_written_files_keeps_permalinks_and_corrections(tmp_path):
    path = write(tmp_path, "press.txt", press_conference(4, day=7))
    run(tmp_path)
    slugs = sorted(Statement.objects.values_list("slug", flat=True))
    corrected = Statement.objects.get(position=2)
    corrected.text = "Texte corrigé par une bibliothécaire."
    corrected.mark_curated(["text"])
    corrected.save()
    changed = press_conference(4, day=7).replace(b"sujet 2 ", b"dossier 2 ")
    path.write_bytes(changed.replace(b"sujet 3 ", b"dossier 3 "))
    report = run(tmp_path)
    assert [r.status for r in report.results] == ["updated"]
    # Only the statement whose text changed and was not corrected by a librarian.
    assert report.statements_updated == 1
    assert any(w.code == "curated-conflict" for w in report.results[0].warnings)
    assert sorted(Statement.objects.values_list("slug", flat=True)) == slugs
    corrected.refresh_from_db()
    assert corrected.text == "Texte corrigé par une bibliothécaire."


def test_bulk_written_statements_are_counted_in_the_tallies(tmp_path):
    run(SOURCES, write(tmp_path, "press.txt", press_conference(5, day=3)))
    counted = MonthTally.objects.filter(organisation__isnull=True).aggregate(n=Sum("n"))["n"]
    assert counted == Statement.objects.public().count() == 27
    linked = MonthTally.objects.filter(organisation__isnull=False).aggregate(n=Sum("n"))["n"]
    assert linked == StatementOrganisation.objects.count()


def test_unique_slugs_skip_taken_ones_and_each_other(tmp_path):
    run(write(tmp_path, "press.txt", press_conference(2, day=9)))
    taken = Statement.objects.order_by("position").first().slug
    assert unique_slugs(Statement.objects, [taken, "nouveau", taken, f"{taken}-2"]) == [
        f"{taken}-2",
        "nouveau",
        f"{taken}-3",
        f"{taken}-2-2",
    ]
    assert unique_slugs(Statement.objects, []) == []
