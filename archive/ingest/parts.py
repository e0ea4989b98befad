"""One ``Part`` from its draft: kinds, title, date, place, organisations, speaker and turns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from archive.ingest.headings import (
    PostTitle,
    event_kind_of,
    event_title,
    title_statement_kind,
)
from archive.ingest.lexicon import Lexicon
from archive.ingest.mentions import organisations_in
from archive.ingest.occasion import Source, read_occasion
from archive.ingest.outline import PartDraft
from archive.ingest.records import Part, SpeakerRef, StatementKind, Warning
from archive.ingest.speakers import SpeakerResolver, heading_speaker, people_in_heading
from archive.ingest.turns import PartContext, split_turns

_DATE_WARNINGS = frozenset({"impossible-date", "month-only-date", "year-missing"})


@dataclass(frozen=True)
class PostContext:
    """What the post as a whole says about its parts."""

    title: PostTitle
    title_line: int
    title_date: dt.date | None
    single_part: bool


def build_part(
    draft: PartDraft,
    post: PostContext,
    lexicon: Lexicon,
    resolver: SpeakerResolver,
    *,
    previous_date: dt.date | None,
) -> tuple[Part, list[Warning]]:
    """Read one part.

    Example: a draft headed ``"Commentaire pour la presse de Sergueï Lavrov, …, Minsk,
    25 juin 2024"`` -> a PRESS part in Minsk (BY) holding one COMMENTARY turn by Lavrov.
    """
    heading = draft.heading
    text = heading.text if heading is not None else post.title.text
    if heading is not None:
        statement_kind, event_kind = heading.statement_kind, heading.event_kind
    else:
        statement_kind = title_statement_kind(text) or StatementKind.REPORT
        event_kind = event_kind_of(text, statement_kind)
    sources = [Source(text, draft.line)]
    if draft.contents_entry is not None:
        sources.append(Source(draft.contents_entry.text, draft.contents_entry.line))
    sources.extend(Source(line.text, line.number) for line in draft.datelines)
    sources.extend(Source(earlier.text, earlier.line) for earlier in draft.earlier)
    context_date = post.title_date or previous_date
    occasion = read_occasion(
        sources,
        [Source(line.text, line.number) for line in draft.times],
        lexicon,
        context_year=context_date.year if context_date else None,
        fallback_date=(previous_date or post.title_date)
        if heading is not None
        else post.title_date,
    )
    warnings = list(occasion.warnings)
    if occasion.date is None and not any(w.code in _DATE_WARNINGS for w in warnings):
        warnings.append(Warning("date-not-found", "no date found for this part", draft.line))
    place = occasion.place
    if place is not None and not place.known:
        warnings.append(
            Warning(
                "unknown-place",
                f"place {place.name!r} is not in the reference data; its country is unknown",
                draft.line,
            )
        )
    if heading is not None:
        cut = occasion.place_start if occasion.place_start is not None else occasion.date_start
        title = event_title(text, cut_at=cut)
    else:
        title = event_title(text, post_title=True)
    organisations = organisations_in(text, lexicon)
    if post.single_part and heading is not None:
        organisations = organisations_in(f"{text}\n{post.title.text}", lexicon)
    speaker = _heading_speaker(text, resolver, lexicon, draft.line)
    turns, turn_warnings = split_turns(
        draft.text, PartContext(statement_kind, event_kind, speaker), resolver, lexicon
    )
    warnings.extend(turn_warnings)
    part = Part(
        title=title,
        kind=event_kind,
        date=occasion.date,
        time=occasion.time,
        location=place.name if place else "",
        country=place.country if place else None,
        organisations=organisations,
        turns=turns,
        line=draft.line,
        participants=_participants(text, speaker, resolver, lexicon),
    )
    return part, warnings


def _heading_speaker(
    text: str, resolver: SpeakerResolver, lexicon: Lexicon, line: int
) -> SpeakerRef | None:
    person = heading_speaker(text, lexicon)
    if person is None:
        return None
    return resolver.resolve(person.name, person.role, line=line)


def _participants(
    text: str, speaker: SpeakerRef | None, resolver: SpeakerResolver, lexicon: Lexicon
) -> list[SpeakerRef]:
    participants: list[SpeakerRef] = []
    for person in people_in_heading(text, lexicon):
        known = resolver.known(person.name, person.role)
        if known is None or (speaker is not None and known.name == speaker.name):
            continue
        if all(known.name != other.name for other in participants):
            participants.append(known)
    return participants
