"""Import a batch of source files: each in its own transaction, a bad file never stops the rest.

Parsing (pure Python) runs in worker processes when there are many files, while this process
loads the files already parsed, in their order. One import runs at a time (``lock``), and each
is recorded as an ``ImportRun`` with its report; a run a killed process left "running" is
marked interrupted by the next one (every file it committed is whole, counts included).
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import batched
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils import timezone

from archive.ingest.pipeline import SourceRejected
from archive.ingest.records import Warning
from archive.loader.lock import import_lock
from archive.loader.parsing import Parser
from archive.loader.reference import reference_from_db, reference_load, reference_speakers
from archive.loader.sources import FileResult, SourceLoader, too_large
from archive.models import ImportRun, Source, Speaker

logger = logging.getLogger(__name__)

SOURCE_SUFFIXES = {".txt", ".text", ".md"}
# Below this many files, starting worker processes costs more than it saves.
POOL_MIN_FILES = 100
# Files read and parsed ahead of the one being loaded: keeps the workers busy, bounds memory.
AHEAD = 16


@dataclass
class BatchReport:
    results: list[FileResult] = field(default_factory=list)
    dry_run: bool = False

    @property
    def counts(self) -> Counter:
        return Counter(r.status for r in self.results)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def statements_created(self) -> int:
        return sum(r.statements_created for r in self.results)

    @property
    def statements_updated(self) -> int:
        return sum(r.statements_updated for r in self.results)

    @property
    def statements_removed(self) -> int:
        return sum(r.statements_removed for r in self.results)

    def lines(self) -> list[str]:
        """The report as a person reads it: each failure and warning, then the totals."""
        lines = []
        for result in self.results:
            name = printable(result.name)
            if result.status in ("failed", "skipped"):
                lines.append(f"{name}: {result.status}: {printable(result.message)}")
            for warning in result.warnings:
                where = f"{name}:{warning.line}" if warning.line else name
                lines.append(f"{where}: {warning.code}: {printable(warning.message)}")
        lines.append(self.summary())
        return lines

    def summary(self) -> str:
        counts = self.counts
        skipped = f", {counts['skipped']} skipped" if counts["skipped"] else ""
        if self.dry_run:
            found = self.statements_created + self.statements_updated
            return (
                f"Dry run, nothing written: {counts['imported']} would be imported, "
                f"{counts['unchanged']} unchanged, {counts['updated']} would be updated, "
                f"{counts['failed']} failed{skipped}; {found} statements found "
                f"({self.statements_created} new, {self.statements_updated} changed, "
                f"{self.statements_removed} removed from their source)."
            )
        return (
            f"Files: {counts['imported']} imported, {counts['unchanged']} unchanged, "
            f"{counts['updated']} updated, {counts['failed']} failed{skipped}. "
            f"Statements: {self.statements_created} created, {self.statements_updated} updated, "
            f"{self.statements_removed} removed from their source."
        )


def printable(text: str) -> str:
    """Control characters (and undecodable bytes) as escapes: a file name cannot drive the
    terminal, forge a report line, or hide what it is."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape", "backslashreplace").decode()
        for char in text
    )


def source_files(paths: Iterable[Path]) -> list[tuple[Path, str] | FileResult]:
    """Every source file under the given files or folders, with the name it is known by.

    The name is the path relative to the sources folder (``SOURCES_DIR``) when the file lies
    in it, else relative to the folder given (or the file name), so the same file keeps its
    identity wherever the sources folder lives. Outside it, the same file given through
    another folder gets another relative name: ``known_elsewhere`` then gives it back the name
    it is stored under. A link in a folder whose target lies outside that folder is skipped,
    never followed.
    """
    found: list[tuple[Path, str] | FileResult] = []
    root = Path(settings.SOURCES_DIR).resolve()
    for path in paths:
        if path.is_dir():
            base = path.resolve()
            for file in sorted(path.rglob("*")):
                if file.suffix.lower() not in SOURCE_SUFFIXES or not file.is_file():
                    continue
                name = file.relative_to(path).as_posix()
                target = file.resolve()
                if not target.is_relative_to(base):
                    found.append(
                        FileResult(name, "skipped", message="a link to a file outside the folder")
                    )
                    continue
                found.append((file, _name(target, root) or name))
        else:
            found.append((path, _name(path.resolve(), root) or path.name))
    return found


def known_elsewhere(files: list, loader: SourceLoader, *, max_bytes: int) -> tuple[list, dict]:
    """The files, each file outside the sources folder that is stored under another name
    named as stored, and a report line for each of them.

    Outside ``SOURCES_DIR`` a file is named relative to the folder given, so importing
    ``root`` then ``root/sub`` would name one file ``sub/x.txt`` then ``x.txt``: two sources
    for one text, its statements twice. A file not stored under its name is the stored source
    imported from the same path, else a stored source with the same checksum and file name.
    """
    root = Path(settings.SOURCES_DIR).resolve()
    batch = {_name_of(f) for f in files if not isinstance(f, FileResult)}
    new = [
        (index, item[0].resolve())
        for index, item in enumerate(files)
        if isinstance(item, tuple)
        and item[1] not in loader.checksums
        and not item[0].resolve().is_relative_to(root)
    ]
    stored: dict[int, tuple[str, str]] = {}  # index -> (stored name, imported from)
    for chunk in batched(new, 500):
        by_origin = dict(
            Source.objects.filter(origin__in=[str(p) for _, p in chunk]).values_list(
                "origin", "path"
            )
        )
        stored.update({i: (by_origin[str(p)], str(p)) for i, p in chunk if str(p) in by_origin})
    unmatched = {i: p for i, p in new if i not in stored}
    checksums = {}
    for index, path in unmatched.items():
        try:
            if path.stat().st_size <= max_bytes:
                checksums[index] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue  # reported when the file is read to be imported
    for chunk in batched(checksums.items(), 500):
        rows = Source.objects.filter(checksum__in=[c for _, c in chunk])
        by_checksum: dict[str, list[tuple[str, str]]] = {}
        for path, checksum, origin in rows.values_list("path", "checksum", "origin"):
            by_checksum.setdefault(checksum, []).append((path, origin))
        for index, checksum in chunk:
            same_name = [
                row
                for row in by_checksum.get(checksum, [])
                if PurePosixPath(row[0]).name == unmatched[index].name
            ]
            if len(same_name) == 1:
                stored[index] = same_name[0]
    files = list(files)
    known: dict[str, Warning] = {}
    for index, (name, origin) in sorted(stored.items()):
        given = files[index][1]
        if name in batch or name in known:
            continue  # that name is given to a file of this import: leave both as they are
        files[index] = (files[index][0], name)
        known[name] = Warning(
            "known-as",
            f"{given} is the source stored as {name} (imported from {origin or 'elsewhere'}): "
            "kept that name",
        )
    loader.checksums_fetch(known)
    return files, known


def _name(resolved: Path, root: Path) -> str | None:
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else None


def sources_import(
    *,
    paths: Iterable[Path],
    reference_dir: Path,
    max_bytes: int,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    notice: Callable[[str], None] | None = None,
) -> BatchReport:
    """Import the files under ``paths``; ``workers`` parsing processes (by default one per CPU
    when there are many files; 0 parses in this process). ``notice`` hears why the import
    waits, when another one is running."""
    paths = list(paths)
    files = source_files(paths)
    with import_lock(notice=notice):
        return _import(
            files,
            paths=paths,
            reference_dir=reference_dir,
            max_bytes=max_bytes,
            dry_run=dry_run,
            progress=progress,
            workers=workers,
        )


def _import(files, *, paths, reference_dir, max_bytes, dry_run, progress, workers, user=None):
    """The import itself, the lock held."""
    run = None
    if not dry_run:
        ImportRun.objects.filter(status=ImportRun.Status.RUNNING).update(
            status=ImportRun.Status.INTERRUPTED
        )
        run = ImportRun.objects.create(
            paths=[str(p) for p in paths], pid=os.getpid(), host=socket.gethostname(), user=user
        )
        reference_load(directory=reference_dir)
    speakers = list(Speaker.objects.select_related("country"))  # for the parser and the loader
    reference = reference_from_db(directory=reference_dir, speakers=speakers)
    loader = SourceLoader(
        speakers=speakers,
        reference_speakers=reference_speakers(directory=reference_dir),
        run=run,
        user=user,
    )
    loader.checksums_fetch(_name_of(f) for f in files if not isinstance(f, FileResult))
    files, known = known_elsewhere(files, loader, max_bytes=max_bytes)
    if workers is None:
        workers = _cpus() if len(files) >= POOL_MIN_FILES else 0
    report = BatchReport(dry_run=dry_run)
    try:
        with Parser(reference, max_bytes=max_bytes, workers=workers) as parser:
            for done, result in enumerate(_results(loader, parser, files, max_bytes, dry_run), 1):
                if result.name in known:
                    result.warnings.insert(0, known[result.name])
                report.results.append(result)
                if progress:
                    progress(done, len(files))
    finally:
        if run is not None:
            run.status = ImportRun.Status.FAILED if report.failed else ImportRun.Status.FINISHED
            if len(report.results) < len(files):
                run.status = ImportRun.Status.INTERRUPTED
            run.finished_at = timezone.now()
            run.counts = dict(report.counts)
            run.report = "\n".join(report.lines())
            run.save()
    return report


@dataclass
class Upload:
    """A text a librarian uploaded or pasted in the admin, imported like a file."""

    data: bytes
    name: str
    origin: str


def upload_import(
    upload: Upload, *, reference_dir: Path, max_bytes: int, user=None, dry_run: bool = False
) -> BatchReport:
    """Import one uploaded text through the same loader and report as the command; never
    waits for another import (raises ``lock.ImportBusy``)."""
    if len(upload.data) > max_bytes:
        return BatchReport(
            results=[
                FileResult(upload.name, "failed", message=too_large(len(upload.data), max_bytes))
            ]
        )
    with import_lock(wait=False):
        return _import(
            [upload],
            paths=[upload.origin],
            reference_dir=reference_dir,
            max_bytes=max_bytes,
            dry_run=dry_run,
            progress=None,
            workers=0,
            user=user,
        )


def _name_of(item) -> str:
    return item.name if isinstance(item, Upload) else item[1]


def _results(loader, parser, files, max_bytes: int, dry_run: bool) -> Iterator[FileResult]:
    """Each file's result, in order, while the next files are read and parsed."""
    pending: deque = deque()
    for item in files:
        if isinstance(item, FileResult):
            file = item
        elif isinstance(item, Upload):
            file = loader.received(item.data, name=item.name, origin=item.origin)
        else:
            path, name = item
            try:
                file = loader.read(path, name=name, max_bytes=max_bytes)
            except OSError as error:
                file = FileResult(name, "failed", message=f"cannot read file: {error.strerror}")
        if isinstance(file, FileResult):
            pending.append(file)
        else:
            pending.append((file, parser.start(file.data, name=file.name)))
        if len(pending) > AHEAD:
            yield _finish(loader, parser, pending.popleft(), dry_run)
    while pending:
        yield _finish(loader, parser, pending.popleft(), dry_run)


def _finish(loader, parser, started, dry_run: bool) -> FileResult:
    if isinstance(started, FileResult):
        return started
    file, parsing = started
    try:
        parsed = parser.result(parsing, file.data, name=file.name)
        return loader.load(file, parsed, dry_run=dry_run)
    except SourceRejected as rejected:
        return FileResult(file.name, "failed", message=str(rejected))
    except Exception as error:  # a parser or loader bug must not stop the batch
        logger.exception("Import of %s failed", file.name)
        return FileResult(
            file.name, "failed", message=f"internal error ({type(error).__name__}: {error})"
        )


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
