"""Import a batch of source files: each in its own transaction, a bad file never stops the rest."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archive.loader.reference import reference_from_db, reference_load, reference_speakers
from archive.loader.sources import FileResult, SourceLoader

logger = logging.getLogger(__name__)

SOURCE_SUFFIXES = {".txt", ".text", ".md"}


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
) -> BatchReport:
    if not dry_run:
        reference_load(directory=reference_dir)
    loader = SourceLoader(
        reference=reference_from_db(directory=reference_dir),
        reference_speakers=reference_speakers(directory=reference_dir),
    )
    report = BatchReport()
    files = source_files(paths)
    for done, (path, name) in enumerate(files, start=1):
        try:
            result = loader.load_file(path, name=name, max_bytes=max_bytes, dry_run=dry_run)
        except OSError as error:
            result = FileResult(name, "failed", message=f"cannot read file: {error.strerror}")
        except Exception as error:  # a parser or loader bug must not stop the batch
            logger.exception("Import of %s failed", name)
            result = FileResult(
                name, "failed", message=f"internal error ({type(error).__name__}: {error})"
            )
        report.results.append(result)
        if progress:
            progress(done, len(files))
    return report
