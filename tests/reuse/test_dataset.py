"""The bulk dataset: the whole public archive as files, consistent with the API, served whole."""

import csv
import gzip
import hashlib
import io
import json
import sqlite3

import pytest
from django.core.management import call_command

from archive.models import ArchiveState, Statement
from archive.reuse.csv_rows import COLUMNS
from archive.reuse.dataset import current_release, dataset_build
from archive.versioning import current_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(archive, settings):
    settings.SITE_URL = "https://archive.example.org"
    return dataset_build()


def jsonl(path) -> list[dict]:
    return [json.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines()]


def api_records(client) -> list[dict]:
    data = client.get("/api/statements/?page_size=200").json()
    assert data["next"] is None
    return data["results"]


def test_the_three_files_hold_every_public_statement_and_nothing_hidden(
    client, release, public_slugs
):
    records = jsonl(release.path / "statements.jsonl.gz")
    by_url = {r["url"]: r for r in records}
    assert by_url == {r["url"]: r for r in api_records(client)}
    assert release.manifest["statements"] == len(records) == len(public_slugs)

    rows = list(
        csv.DictReader(
            io.StringIO(
                gzip.decompress((release.path / "statements.csv.gz").read_bytes()).decode(),
                newline="",
            )
        )
    )
    assert list(rows[0]) == COLUMNS
    assert {r["url"].rsplit("/", 2)[-2] for r in rows} == public_slugs
    assert all(r["url"].startswith("https://archive.example.org/statements/") for r in rows)

    db = sqlite3.connect(release.path / "archive.sqlite")
    assert {s for (s,) in db.execute("SELECT slug FROM statements")} == public_slugs
    assert db.execute("SELECT value FROM metadata WHERE key = 'statements'").fetchone() == (
        str(len(public_slugs)),
    )


def test_the_sqlite_file_answers_a_researchers_questions(release, archive):
    db = sqlite3.connect(release.path / "archive.sqlite")
    by_organisation = dict(
        db.execute(
            "SELECT organisation, count(*) FROM mentioned_organisations GROUP BY organisation"
        )
    )
    assert by_organisation == {"CICA": 1, "CSTO": 2, "OSCE": 2, "SCO": 2}
    lavrov = db.execute(
        "SELECT count(*) FROM statements JOIN speakers ON speakers.slug = speaker_slug "
        "WHERE speakers.name = 'Sergueï Lavrov'"
    ).fetchone()
    assert lavrov == (3,)
    at_csto_events = db.execute(
        "SELECT count(*) FROM statements JOIN event_organisations USING (event_slug) "
        "WHERE organisation = 'CSTO'"
    ).fetchone()
    assert at_csto_events == (5,)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_checksums_and_manifest_describe_the_files_exactly(release):
    sums = (release.path / "SHA256SUMS").read_text().splitlines()
    assert len(sums) == 3
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((release.path / name).read_bytes()).hexdigest() == digest
        entry = next(f for f in release.manifest["files"] if f["name"] == name)
        assert entry["sha256"] == digest
        assert entry["bytes"] == (release.path / name).stat().st_size
    assert release.manifest["content_version"] == current_state()[0]


def test_a_spreadsheet_formula_is_neutralised_in_the_bulk_csv_only(archive):
    Statement.objects.filter(pk=archive.minsk.pk).update(text="=1+1")
    release = dataset_build(force=True)
    rows = csv.DictReader(
        io.StringIO(gzip.decompress((release.path / "statements.csv.gz").read_bytes()).decode())
    )
    assert "'=1+1" in {r["text"] for r in rows}
    assert "=1+1" in {r["text"] for r in jsonl(release.path / "statements.jsonl.gz")}
    db = sqlite3.connect(release.path / "archive.sqlite")
    assert db.execute("SELECT count(*) FROM statements WHERE text = '=1+1'").fetchone() == (1,)


def test_an_unchanged_archive_is_not_built_again_and_a_change_is(release, archive):
    assert dataset_build() is None
    Statement.objects.filter(pk=archive.minsk.pk).update(hidden=True)
    # What the commit of that change does (the test's transaction never commits).
    version = release.manifest["content_version"] + 1
    ArchiveState.objects.update_or_create(pk=1, defaults={"version": version})
    newer = dataset_build()
    assert newer.manifest["content_version"] > release.manifest["content_version"]
    assert newer.manifest["statements"] == release.manifest["statements"] - 1
    assert current_release().path == newer.path
    assert release.path.exists()  # kept for downloads under way


def test_a_failed_build_leaves_the_published_release_as_it_was(release, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("archive.reuse.dataset.DatasetWriter.add", broken)
    with pytest.raises(OSError, match="disk full"):
        dataset_build(force=True)
    assert current_release().path == release.path
    leftovers = [p.name for p in release.path.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_the_command_builds_then_says_it_is_up_to_date(archive):
    out = io.StringIO()
    call_command("build_dataset", stdout=out)
    assert "Dataset of 8 statements" in out.getvalue()
    out = io.StringIO()
    call_command("build_dataset", stdout=out)
    assert "up to date" in out.getvalue()


def test_the_files_are_served_with_validators_and_checksums(client, release):
    manifest = client.get("/data/manifest.json")
    assert manifest.status_code == 200
    assert manifest["Content-Type"] == "application/json"
    assert manifest["Access-Control-Allow-Origin"] == "*"
    for entry in json.loads(b"".join(manifest.streaming_content))["files"]:
        response = client.get(f"/data/{entry['name']}")
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert hashlib.sha256(body).hexdigest() == entry["sha256"]
        assert response["Content-Type"] == entry["media_type"]
        assert response["ETag"] == f'"{entry["sha256"]}"'
        assert response["Content-Disposition"].startswith("attachment")
        assert "public" in response["Cache-Control"]
        again = client.get(f"/data/{entry['name']}", headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304
    assert client.get("/data/SHA256SUMS").status_code == 200


@pytest.mark.parametrize(
    "name", ["settings.py", "..%2F..%2Fmanage.py", "releases", ".building", "current"]
)
def test_only_the_releases_files_are_served(client, release, name):
    assert client.get(f"/data/{name}").status_code == 404


def test_before_the_first_build_the_files_are_a_404(client, archive):
    assert client.get("/data/manifest.json").status_code == 404


def test_a_change_committed_during_a_build_starts_it_again(archive, monkeypatch):
    readings = iter([4, 5, 5])  # before the pass, after it (moved), after the second pass
    monkeypatch.setattr("archive.reuse.dataset._content_version", lambda using: next(readings))
    release = dataset_build()
    assert release.manifest["content_version"] == 5
    assert [p.name for p in release.path.parent.iterdir()] == [release.path.name]
