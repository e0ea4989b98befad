"""Import a batch of source files: each in its own transaction, a bad file never stops the rest.

Parsing (pure Python) runs in worker processes when there are many files, while this process
loads the files already parsed, in their order.
"""

from __future__ import annotations

import logging
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive import tallies
from archive.ingest.pipeline import SourceRejected
from archive.loader.parsing import Parser
from archive.loader.reference import reference_from_db, reference_load, reference_speakers
from archive.loader.sources import FileResult, SourceLoader
from archive.models import Speaker

logger = logging.getLogger(__name__)

SOURCE_SUFFIXES = {".txt", ".text", ".md"}
# Below this many files, starting worker processes costs more than it saves.
POOL_MIN_FILES = 100
# Files read and parsed ahead of the one being loaded: keeps the workers busy, bounds memory.
AHEAD = 16


@dataclass
class BatchReport:
    results: list[FileResult] = field(default_factory=list)

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


def source_files(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """Every source file under the given files or folders, with the name it is known by.

    The name is the path relative to the folder given (or the file name), so the same file
    keeps its identity wherever the sources folder lives.
    """
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.is_file() and file.suffix.lower() in SOURCE_SUFFIXES:
                    found.append((file, file.relative_to(path).as_posix()))
        else:
            found.append((path, path.name))
    return found


def sources_import(
    *,
    paths: Iterable[Path],
    reference_dir: Path,
    max_bytes: int,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> BatchReport:
    """Import the files under ``paths``; ``workers`` parsing processes (by default one per CPU
    when there are many files; 0 parses in this process)."""
    if not dry_run:
        reference_load(directory=reference_dir)
    speakers = list(Speaker.objects.select_related("country"))  # for the parser and the loader
    reference = reference_from_db(directory=reference_dir, speakers=speakers)
    loader = SourceLoader(
        speakers=speakers, reference_speakers=reference_speakers(directory=reference_dir)
    )
    files = source_files(paths)
    loader.checksums_fetch(name for _path, name in files)
    if workers is None:
        workers = _cpus() if len(files) >= POOL_MIN_FILES else 0
    report = BatchReport()
    # The facet counts of the months touched are counted again once, at the end.
    with tallies.deferred(), Parser(reference, max_bytes=max_bytes, workers=workers) as parser:
        for done, result in enumerate(_results(loader, parser, files, max_bytes, dry_run), 1):
            report.results.append(result)
            if progress:
                progress(done, len(files))
    return report


def _results(loader, parser, files, max_bytes: int, dry_run: bool) -> Iterator[FileResult]:
    """Each file's result, in order, while the next files are read and parsed."""
    pending: deque = deque()
    for path, name in files:
        try:
            file = loader.read(path, name=name, max_bytes=max_bytes)
        except OSError as error:
            file = FileResult(name, "failed", message=f"cannot read file: {error.strerror}")
        if isinstance(file, FileResult):
            pending.append(file)
        else:
            pending.append((file, parser.start(file.data, name=name)))
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
