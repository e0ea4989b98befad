"""The shape of a post: its title line, then parts, each opened by a heading.

A post may list its parts in a table of contents before giving them ("1 – Réponse…",
"2 – Texte…", then the same headings again): the repeated heading opens the part and the
listed entry is kept beside it for metadata it alone carries. A post with no heading at all
(an embassy news page) is one part described by its title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.ingest.dates import dateline, lone_time
from archive.ingest.headings import Heading, PostTitle, parse_heading, parse_post_title
from archive.ingest.labels import parse_label
from archive.ingest.lexicon import Lexicon
from archive.ingest.lines import Line
from archive.ingest.normalise import tokenise
from archive.ingest.page import is_headline_label

TOC_KEY_WORDS = 6
MAX_TITLE_SENTENCE_WORDS = 12
MAX_LENT = 4  # metadata lines an empty part passes on; the nearest are the relevant ones
_SENTENCE_END = re.compile(r"[.!?…][»”\"’')\s]*$")


@dataclass
class PartDraft:
    """The lines of one part before they are read: text, datelines and lone times apart."""

    heading: Heading | None  # None when the part is described by the post title
    line: int
    text: list[Line] = field(default_factory=list)
    datelines: list[Line] = field(default_factory=list)
    times: list[Line] = field(default_factory=list)  # lone "14:49" lines for this part
    contents_entry: Heading | None = None  # the same heading listed in a table of contents
    # headings of empty parts just above (a title, then a subtitle): fallbacks for metadata
    earlier: list[Heading] = field(default_factory=list)


@dataclass
class Outline:
    title: PostTitle
    title_line: int
    parts: list[PartDraft]


def outline(lines: list[Line], lexicon: Lexicon) -> Outline:
    """Find the title, the headings and the lines of each part.

    Example: lines ``"4777 – …"``, ``"1 – Réponse … -19h46 –"``, ``"2 – Texte …"``,
    ``"1 – Réponse …, Moscou, 1er février 2022"``, text…, ``"2 – Texte …"``, text… -> two
    parts, each with its table-of-contents entry.
    """
    title_index = next((i for i, line in enumerate(lines) if not _is_metadata(line)), None)
    if title_index is not None and not _can_be_title(lines, title_index, lexicon):
        title_index = None
    if title_index is None:
        title, title_line, body = PostTitle("", None), 0, lines
    else:
        title = parse_post_title(lines[title_index].text)
        title_line = lines[title_index].number
        body = list(lines)
        # A title line that is itself a heading (no blog title above it) opens the first part.
        if title.number is not None or parse_heading(title.text) is None:
            del body[title_index]
    headings = _headings(body, lexicon)
    following = _next_content(body, headings)
    contents = _contents_entries(headings, following)
    return Outline(title, title_line, _parts(body, headings, contents, following, title_line))


def _can_be_title(lines: list[Line], index: int, lexicon: Lexicon) -> bool:
    """Not a speaker's first words (a bare transcript) nor a long sentence (a bare article);
    a headline written "Name : words" above a dateline or lead is a title."""
    text = lines[index].text
    if parse_label(text, lexicon) is not None:
        following = next((line.text for line in lines[index + 1 :] if line.text), "")
        return is_headline_label(text, following, lexicon, after_header=index > 0)
    return not (_SENTENCE_END.search(text) and len(text.split()) > MAX_TITLE_SENTENCE_WORDS)


def _headings(body: list[Line], lexicon: Lexicon) -> dict[int, Heading]:
    """Headings by index in ``body``. Below the first text line only dated or numbered ones
    open parts: an undated "Rencontre des peuples" inside a speech is the speech's own text."""
    headings: dict[int, Heading] = {}
    text_seen = False
    for index, line in enumerate(body):
        heading = _heading(line, lexicon)
        dated_below = index + 1 < len(body) and dateline(body[index + 1].text) is not None
        if heading is not None and (heading.standalone or not text_seen or dated_below):
            headings[index] = heading
        elif not _is_metadata(line):
            text_seen = True
    return headings


def _heading(line: Line, lexicon: Lexicon) -> Heading | None:
    if parse_label(line.text, lexicon) is not None:
        return None
    return parse_heading(line.text, line.number)


def _is_metadata(line: Line) -> bool:
    return lone_time(line.text) is not None or dateline(line.text) is not None


def _next_content(body: list[Line], headings: dict[int, Heading]) -> list[int]:
    """For each line, the index of the next heading or text line (datelines and times
    skipped), or ``len(body)``: computed once, so runs of metadata cost nothing more."""
    following = [len(body)] * len(body)
    upcoming = len(body)
    for index in range(len(body) - 1, -1, -1):
        following[index] = upcoming
        if index in headings or not _is_metadata(body[index]):
            upcoming = index
    return following


def _contents_entries(headings: dict[int, Heading], following: list[int]) -> dict[int, int]:
    """Table-of-contents entries: headings followed by another heading with no text between,
    and repeated later. Returns entry index -> index of the heading it lists."""
    later: dict[tuple, int] = {}
    entries: dict[int, int] = {}
    for index in sorted(headings, reverse=True):
        key = _contents_key(headings[index])
        repeated = later.get(key)
        if repeated is not None and (
            following[index] in headings or following[index] == len(following)
        ):
            entries[index] = repeated
        else:
            later[key] = index
    return entries


def _contents_key(heading: Heading) -> tuple:
    return (heading.number, tuple(tokenise(heading.text).keys[:TOC_KEY_WORDS]))


def _parts(
    body: list[Line],
    headings: dict[int, Heading],
    contents: dict[int, int],
    following: list[int],
    title_line: int,
) -> list[PartDraft]:
    listed = {target: headings[entry] for entry, target in contents.items()}
    parts: list[PartDraft] = []
    current = PartDraft(None, title_line)
    pending_times: list[Line] = []
    for index, line in enumerate(body):
        if index in contents:
            continue
        heading = headings.get(index)
        if heading is not None:
            previous = current
            current = PartDraft(heading, line.number, contents_entry=listed.get(index))
            if previous.heading is None and not previous.text:
                current.times.extend(previous.times)
                current.datelines.extend(previous.datelines)
            else:
                parts.append(previous)
            current.times.extend(pending_times)
            pending_times = []
        elif lone_time(line.text) is not None:
            if current.text and following[index] in headings:
                pending_times.append(line)
            else:
                current.times.append(line)
        elif dateline(line.text) is not None:
            current.datelines.append(line)
        else:
            current.text.append(line)
    current.times.extend(pending_times)
    parts.append(current)
    return _merge_empty(_merge_preamble(parts))


def _merge_empty(parts: list[PartDraft]) -> list[PartDraft]:
    """A heading with no text of its own lends its heading, datelines and times to the next."""
    merged: list[PartDraft] = []
    for index, part in enumerate(parts):
        if part.text or index == len(parts) - 1 or part.heading is None:
            merged.append(part)
            continue
        following = parts[index + 1]
        following.earlier[:0] = [*part.earlier, part.heading][-MAX_LENT:]
        following.datelines[:0] = part.datelines[-MAX_LENT:]
        following.times[:0] = part.times[-MAX_LENT:]
    return merged


def _merge_preamble(parts: list[PartDraft]) -> list[PartDraft]:
    """Text before the first heading belongs to the first part, as narration."""
    if len(parts) < 2 or parts[0].heading is not None:
        return parts
    preamble, first = parts[0], parts[1]
    first.text[:0] = preamble.text
    first.datelines[:0] = preamble.datelines
    first.times[:0] = preamble.times
    return parts[1:]
