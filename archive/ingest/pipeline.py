"""The ingest entry point: the bytes of one source file in, a ``ParsedSource`` out."""

from __future__ import annotations

from pathlib import PurePath

from archive.ingest.dates import dateline, find_date, repair_glued_datelines
from archive.ingest.decoding import MEGABYTE, SourceRejected, decode
from archive.ingest.lexicon import lexicon_for
from archive.ingest.lines import split_lines
from archive.ingest.noise import remove_noise
from archive.ingest.normalise import normalise_text
from archive.ingest.outline import outline
from archive.ingest.page import masthead_organisations, read_page
from archive.ingest.parts import PostContext, build_part
from archive.ingest.records import ParsedSource, Warning
from archive.ingest.reference import ReferenceData
from archive.ingest.speakers import SpeakerResolver

__all__ = ["MAX_BYTES", "SourceRejected", "parse_source"]

MAX_BYTES = 5 * MEGABYTE


def parse_source(
    data: bytes, *, name: str, reference: ReferenceData, max_bytes: int = MAX_BYTES
) -> ParsedSource:
    """Parse one source file; raise ``SourceRejected`` if it cannot be imported at all.

    Example: the bytes of ``"4114 – Kremlin – Réunion … du 02.12.2020\\n…"`` -> a
    ``ParsedSource`` numbered 4114 with one part dated 2020-12-02.
    """
    decoded = decode(data, max_bytes=max_bytes)
    lexicon = lexicon_for(reference)
    lines = split_lines(normalise_text(repair_glued_datelines(decoded.text)))
    page = read_page(lines, lexicon)
    publishers = masthead_organisations(page.lines, lexicon)
    clean = remove_noise(page.lines, lexicon)
    shape = outline(clean.lines, lexicon)
    title_date = find_date(shape.title.text) if shape.title.text else None
    post = PostContext(
        shape.title,
        shape.title_line,
        title_date.date if title_date else None,
        single_part=len(shape.parts) == 1,
        published=page.published,
        year=page.year or _first_year(clean.lines),
        publishers=publishers,
    )
    source = ParsedSource(
        title=shape.title.text or PurePath(name).stem,
        number=shape.title.number,
        urls=clean.urls,
        image_urls=clean.image_urls,
        noise=clean.noise,
        warnings=list(decoded.warnings),
        encoding=decoded.encoding,
        published=page.published,
    )
    if not shape.title.text:
        source.warnings.append(
            Warning("title-not-found", "no title line found; the file name is used instead", 1)
        )
    resolver = SpeakerResolver(lexicon)
    previous_date = None
    for draft in shape.parts:
        part, warnings = build_part(draft, post, lexicon, resolver, previous_date=previous_date)
        if not part.turns and len(shape.parts) > 1:
            source.noise.append(draft.heading.text if draft.heading else part.title)
            continue
        source.parts.append(part)
        source.warnings.extend(warnings)
        previous_date = part.date or previous_date
    source.warnings.extend(resolver.warnings)
    if not any(part.turns for part in source.parts):
        source.warnings.append(
            Warning("no-statements", "no statement text was found in this file", None)
        )
    source.warnings.sort(key=lambda warning: warning.line or 0)
    return source


def _first_year(lines) -> int | None:
    """The year of the first complete date line: a year-less date later is most likely in it."""
    for line in lines:
        found = dateline(line.text)
        if found is not None and found.date is not None:
            return found.date.year
    return None
