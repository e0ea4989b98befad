"""The dataclasses the ingest pipeline produces: text in, these out.

Nothing here knows about Django; the loader (``archive.loader``) turns a
``ParsedSource`` into model rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class StatementKind(StrEnum):
    SPEECH = "speech"
    REMARKS = "remarks"
    ANSWER = "answer"
    COMMENTARY = "commentary"
    MESSAGE = "message"
    DECLARATION = "declaration"
    REPORT = "report"


class EventKind(StrEnum):
    SUMMIT = "summit"  # a meeting of heads of state or a council session
    MINISTERIAL = "ministerial"  # a meeting of ministers
    MEETING = "meeting"  # talks, visits, bilateral meetings
    PRESS = "press"  # press conference, press answers, commentary for the press
    INTERVIEW = "interview"
    MESSAGE = "message"  # written message, letter, greetings
    DECLARATION = "declaration"
    OTHER = "other"


@dataclass(frozen=True)
class Warning:
    """Something a librarian should look at; ``line`` is 1-based in the source file."""

    code: str  # stable machine code, e.g. "date-not-found", "unknown-speaker"
    message: str  # one human sentence
    line: int | None = None


@dataclass(frozen=True)
class SpeakerRef:
    """A speaker as named in the text, resolved against reference data where possible."""

    name: str  # canonical name when known ("Sergueï Lavrov"), else the name as written
    role: str = ""  # the role at the time, as written ("Président par intérim du Kirghizistan")
    country: str | None = None  # ISO 3166 alpha-2, from the role or reference data
    known: bool = False  # True when matched to reference speaker data
    # where the name was read: "label", "heading", "title", "quote", "indirect", "signature",
    # "ner" (docs/IMPORT.md lists them); "" for callers that do not say
    source: str = ""


@dataclass
class Turn:
    """What one speaker said, in order, inside one part."""

    kind: StatementKind
    speaker: SpeakerRef | None  # None for unattributed narration (kind REPORT)
    paragraphs: list[str]
    question: str = ""  # for answers: the question it answers (paragraphs joined by "\n\n")
    asked_by: str = ""  # who asked ("Question", "RIA Novosti", ...), when an answer
    organisations: list[str] = field(default_factory=list)  # codes named in the text: CSTO, ...
    countries: list[str] = field(default_factory=list)  # ISO alpha-2 codes named in the text
    line: int = 0  # 1-based line where the turn starts
    # people whose words a report quotes or relays ("« … », a déclaré Sergueï Lavrov",
    # "M. Wang a souligné que …"); the report itself stays unattributed
    quoted: list[SpeakerRef] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class Part:
    """One event: a heading with its dateline, then the turns spoken there."""

    title: str
    kind: EventKind
    date: dt.date | None = None
    time: dt.time | None = None
    location: str = ""
    country: str | None = None  # ISO alpha-2 of the location
    organisations: list[str] = field(default_factory=list)  # the event's own organisations
    turns: list[Turn] = field(default_factory=list)
    line: int = 0
    # reference people the heading names besides its speaker ("… rencontre avec Alexandre
    # Loukachenko, Président de la République de Biélorussie")
    participants: list[SpeakerRef] = field(default_factory=list)
    # where each field was read, by field name ("title", "kind", "date", "time", "place",
    # "organisations"): "heading", "title", "contents", "dateline", "lead", "masthead",
    # "signature", and for inferred dates "previous-part", "relative", "publication"
    # (docs/IMPORT.md lists the values and the warnings that go with the guesses)
    provenance: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedSource:
    """Everything extracted from one source file."""

    title: str
    number: int | None = None  # the blog's post number ("4114 – ...")
    urls: list[str] = field(default_factory=list)  # page URLs (mid.ru, kremlin.ru, ...)
    image_urls: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)  # lines removed as noise, kept for review
    warnings: list[Warning] = field(default_factory=list)
    encoding: str = "utf-8"
    published: dt.date | None = None  # the page's publication date, when it prints one
