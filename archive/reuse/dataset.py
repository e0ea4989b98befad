"""The bulk dataset: the whole public archive as files to download once, built after imports.

On-demand CSV exports are capped (``CSV_EXPORT_MAX_ROWS``) so that no request runs long
enough to be cut off; whoever wants everything takes these files instead. One pass over the
statements writes, into a new release folder under ``DATASET_ROOT``:

- ``statements.jsonl.gz``: one ``statement_records`` line per statement (docs/EXPORT.md);
- ``statements.csv.gz``: the CSV export's columns, spreadsheet-safe (``archive.reuse.csv_rows``);
- ``archive.sqlite``: the same as tables, to open with ``sqlite3``, Datasette or pandas;
- ``SHA256SUMS`` (``sha256sum -c SHA256SUMS``) and ``manifest.json`` (content version, counts,
  sizes, checksums).

The release becomes visible by switching the ``current`` link, in one rename, so a reader
never sees half a release; the previous one stays for downloads already under way.
A release is labelled with the content version read before and after the pass: if it moved
(an import or an edit committed meanwhile), the pass starts again.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from archive.models import ArchiveState, Country, Organisation, Statement
from archive.reuse.csv_rows import COLUMNS, csv_line, statement_row
from archive.reuse.records import statement_records

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
CURRENT = "current"
RELEASES = "releases"
ATTEMPTS = 3
# The order of export_archive: by date, then event, then position in the event.
ORDER = ("date", "event__slug", "position")

FILES = {
    "statements.jsonl.gz": (
        "application/gzip",
        "Every public statement, one JSON object a line (docs/EXPORT.md)",
    ),
    "statements.csv.gz": (
        "application/gzip",
        "The same statements as CSV, the columns of /statements/export.csv",
    ),
    "archive.sqlite": (
        "application/vnd.sqlite3",
        "The same statements as an SQLite database: statements, speakers, events, "
        "organisations, countries and their links",
    ),
}

SCHEMA = """
CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE organisations (
    code TEXT PRIMARY KEY, acronym_fr TEXT, acronym_en TEXT, name_fr TEXT, name_en TEXT
);
CREATE TABLE countries (iso2 TEXT PRIMARY KEY, name_fr TEXT, name_en TEXT);
CREATE TABLE speakers (slug TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT);
CREATE TABLE events (
    slug TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT, location TEXT, country TEXT
);
CREATE TABLE event_organisations (
    event_slug TEXT NOT NULL REFERENCES events (slug),
    organisation TEXT NOT NULL REFERENCES organisations (code),
    PRIMARY KEY (event_slug, organisation)
);
CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    date TEXT,
    kind TEXT NOT NULL,
    position INTEGER NOT NULL,
    speaker_slug TEXT REFERENCES speakers (slug),
    speaker_role TEXT,
    event_slug TEXT NOT NULL REFERENCES events (slug),
    question TEXT,
    text TEXT NOT NULL,
    source_file TEXT,
    source_number INTEGER,
    source_urls TEXT
);
CREATE TABLE mentioned_organisations (
    statement_id INTEGER NOT NULL REFERENCES statements (id),
    organisation TEXT NOT NULL REFERENCES organisations (code),
    PRIMARY KEY (statement_id, organisation)
);
CREATE TABLE mentioned_countries (
    statement_id INTEGER NOT NULL REFERENCES statements (id),
    country TEXT NOT NULL REFERENCES countries (iso2),
    PRIMARY KEY (statement_id, country)
);
"""
INDEXES = """
CREATE INDEX statements_date ON statements (date);
CREATE INDEX statements_speaker ON statements (speaker_slug);
CREATE INDEX statements_event ON statements (event_slug);
CREATE INDEX mentioned_organisations_code ON mentioned_organisations (organisation);
CREATE INDEX mentioned_countries_code ON mentioned_countries (country);
"""


@dataclass
class Release:
    """A published release: its folder and what its manifest says."""

    path: Path
    manifest: dict

    def file(self, name: str) -> Path | None:
        """A file of this release by its public name, or None for any other name."""
        listed = {entry["name"] for entry in self.manifest["files"]}
        if name in listed or name in (MANIFEST, CHECKSUMS):
            return self.path / name
        return None


def dataset_root() -> Path:
    return Path(settings.DATASET_ROOT)


def current_release(root: Path | None = None) -> Release | None:
    """The release readers are served, or None before the first build."""
    link = (root or dataset_root()) / CURRENT
    try:
        path = link.resolve(strict=True)
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Release(path, manifest)


def dataset_build(*, root: Path | None = None, force: bool = False, using: str = "default"):
    """Build and publish the dataset unless the current release has this content version.

    ``import_sources`` calls it at its end; ``manage.py build_dataset`` calls it by hand.
    Returns the new ``Release``, or None when the current one was already up to date.
    """
    root = root or dataset_root()
    version = _content_version(using)
    current = current_release(root)
    if current and current.manifest["content_version"] == version and not force:
        return None
    (root / RELEASES).mkdir(parents=True, exist_ok=True)
    for _attempt in range(ATTEMPTS):
        folder = root / RELEASES / f".building-{uuid.uuid4().hex}"
        folder.mkdir()
        try:
            manifest = _write(folder, version=version, using=using)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        after = _content_version(using)
        if after == version:
            return _publish(root, folder, manifest)
        shutil.rmtree(folder, ignore_errors=True)
        version = after
    raise RuntimeError(
        f"The archive changed during each of {ATTEMPTS} builds of the dataset; try again later."
    )


def _content_version(using: str) -> int:
    """Read on the database the dataset is read from (not a replica that may lag)."""
    state = ArchiveState.objects.using(using).filter(pk=1).values_list("version", flat=True)
    return state.first() or 0


def _write(folder: Path, *, version: int, using: str) -> dict:
    started = timezone.now()
    statements = Statement.objects.using(using).public().order_by(*ORDER)
    with DatasetWriter(folder) as writer:
        writer.reference(using=using)
        for record in statement_records(statements):
            writer.add(record)
        count = writer.count
        writer.metadata(version=version, built_at=started)
    files = []
    for name, (media_type, description) in FILES.items():
        path = folder / name
        files.append(
            {
                "name": name,
                "media_type": media_type,
                "description": description,
                "bytes": path.stat().st_size,
                "sha256": _sha256(path),
            }
        )
    (folder / CHECKSUMS).write_text(
        "".join(f"{entry['sha256']}  {entry['name']}\n" for entry in files), encoding="utf-8"
    )
    manifest = {
        "content_version": version,
        "built_at": started.isoformat(),
        "statements": count,
        "documentation": "docs/EXPORT.md",
        "files": files,
    }
    (folder / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def _publish(root: Path, folder: Path, manifest: dict) -> Release:
    """Rename the finished folder, switch ``current`` to it, drop all but the last two."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = root / RELEASES / f"v{manifest['content_version']}-{stamp}"
    folder.rename(final)
    link = root / f".{CURRENT}-{uuid.uuid4().hex}"
    link.symlink_to(Path(RELEASES) / final.name)
    os.replace(link, root / CURRENT)  # atomic: readers see the old release or the new one
    releases = sorted(
        (p for p in (root / RELEASES).iterdir() if not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
    )
    for old in releases[:-2]:
        shutil.rmtree(old, ignore_errors=True)
    return Release(final, manifest)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _gzip_text(path: Path):
    """A text file written gzipped, with no time stamp, so equal content gives equal bytes.

    Level 4: on the statements' French text it compresses 3.5 times as fast as the default 6
    for files 10 % larger (24 against 7 MB/s here), and compression was most of the build.
    """
    raw = path.open("wb")
    compressed = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=4, mtime=0)
    return raw, io.TextIOWrapper(compressed, encoding="utf-8", newline="")


class DatasetWriter:
    """Writes each record to the three files at once, so the statements are read once."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0
        self._speakers: set[str] = set()
        self._events: set[str] = set()

    def __enter__(self):
        self._jsonl_raw, self.jsonl = _gzip_text(self.folder / "statements.jsonl.gz")
        self._csv_raw, self.csv_file = _gzip_text(self.folder / "statements.csv.gz")
        self.csv_file.write(csv_line(COLUMNS))
        self.db = sqlite3.connect(self.folder / "archive.sqlite")
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        return self

    def __exit__(self, kind, error, traceback):
        for text, raw in ((self.jsonl, self._jsonl_raw), (self.csv_file, self._csv_raw)):
            text.close()
            raw.close()
        if kind is None:
            self.db.executescript(INDEXES)
            self.db.commit()
        self.db.close()

    def reference(self, *, using: str) -> None:
        self.db.executemany(
            "INSERT INTO organisations VALUES (?, ?, ?, ?, ?)",
            Organisation.objects.using(using)
            .order_by("code")
            .values_list("code", "acronym_fr", "acronym_en", "name_fr", "name_en"),
        )
        self.db.executemany(
            "INSERT INTO countries VALUES (?, ?, ?)",
            Country.objects.using(using).order_by("iso2").values_list("iso2", "name_fr", "name_en"),
        )

    def metadata(self, *, version: int, built_at: dt.datetime) -> None:
        self.db.executemany(
            "INSERT INTO metadata VALUES (?, ?)",
            [
                ("content_version", str(version)),
                ("built_at", built_at.isoformat()),
                ("statements", str(self.count)),
                ("documentation", "docs/EXPORT.md"),
            ],
        )

    def add(self, record: dict) -> None:
        self.count += 1
        self.jsonl.write(json.dumps(record, ensure_ascii=False))
        self.jsonl.write("\n")
        self.csv_file.write(csv_line(statement_row(record, base_url=settings.SITE_URL)))
        self._insert(self.count, record)

    def _insert(self, number: int, record: dict) -> None:
        speaker, event, source = record["speaker"], record["event"], record["source"] or {}
        db = self.db
        if speaker and speaker["slug"] not in self._speakers:
            self._speakers.add(speaker["slug"])
            db.execute(
                "INSERT INTO speakers VALUES (?, ?, ?)",
                (speaker["slug"], speaker["name"], speaker["country"]),
            )
        if event["slug"] not in self._events:
            self._events.add(event["slug"])
            db.execute(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?)",
                (event["slug"], event["title"], event["date"], event["location"], event["country"]),
            )
            db.executemany(
                "INSERT INTO event_organisations VALUES (?, ?)",
                [(event["slug"], code) for code in event["organisations"]],
            )
        db.execute(
            "INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                number,
                record["url"].rstrip("/").rsplit("/", 1)[-1],
                settings.SITE_URL + record["url"],
                record["date"],
                record["kind"],
                record["position"],
                speaker["slug"] if speaker else None,
                speaker["role"] if speaker else None,
                event["slug"],
                record["question"],
                record["text"],
                source.get("file"),
                source.get("number"),
                json.dumps(source["urls"], ensure_ascii=False) if source else None,
            ),
        )
        db.executemany(
            "INSERT INTO mentioned_organisations VALUES (?, ?)",
            [(number, code) for code in record["mentions"]["organisations"]],
        )
        db.executemany(
            "INSERT INTO mentioned_countries VALUES (?, ?)",
            [(number, iso2) for iso2 in record["mentions"]["countries"]],
        )
