"""One ``Part`` from its draft: kinds, title, date, place, organisations, speaker and turns."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from archive.ingest.dates import DateMatch, find_date, relative_date
from archive.ingest.headings import (
    Heading,
    PostTitle,
    event_kind_of,
    event_title,
    title_statement_kind,
)
from archive.ingest.labels import parse_label
from archive.ingest.lexicon import Lexicon
from archive.ingest.lines import Line
from archive.ingest.mentions import organisations_in
from archive.ingest.names import in_role_vocabulary
from archive.ingest.normalise import search_form, tokenise
from archive.ingest.occasion import Source, inferred_year_warning, read_occasion
from archive.ingest.outline import PartDraft
from archive.ingest.places import NewsDateline, Place, lead_place, news_dateline
from archive.ingest.quotes import QuoteReader
from archive.ingest.records import EventKind, Part, SpeakerRef, StatementKind, Warning
from archive.ingest.speakers import SpeakerResolver, heading_speaker, people_in_heading
from archive.ingest.turns import PartContext, outlets_ask, split_turns

_DATE_WARNINGS = frozenset({"impossible-date", "month-only-date", "year-missing"})
# parts whose opening sentence narrates the occasion ("… réunis à Tianjin, …")
_NARRATED = frozenset({StatementKind.REPORT, StatementKind.REMARKS, StatementKind.DECLARATION})
_LEAD_DATE_BEFORE = re.compile(r"(?:^|\b(?:le|du|ce)\s)$")
_OCCASION_WORDS = re.compile(
    r"\b(?:sommet|reunion|session|conseil|conference|forum|seance|anniversaire)\b"
)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[«A-ZÀ-Ý])")
MAX_SIGNATURE_NAME_WORDS = 4
KIND_LINES = 2
# kinds a part whose questions a media outlet asks is not: it is an interview
_MAYBE_INTERVIEW = frozenset(
    {EventKind.MEETING, EventKind.OTHER}
)  # the opening lines that may say what kind of occasion a news story is about


@dataclass(frozen=True)
class PostContext:
    """What the post as a whole says about its parts."""

    title: PostTitle
    title_line: int
    title_date: dt.date | None
    single_part: bool
    published: dt.date | None = None  # the page's publication date
    year: int | None = None  # the year a year-less date is most likely in
    publishers: list[str] = field(default_factory=list)  # organisations of a masthead


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
    sources = [Source(text, draft.line, "heading" if heading is not None else "title")]
    if draft.contents_entry is not None:
        sources.append(Source(draft.contents_entry.text, draft.contents_entry.line, "contents"))
    sources.extend(Source(line.text, line.number, "dateline") for line in draft.datelines)
    sources.extend(Source(earlier.text, earlier.line, "heading") for earlier in draft.earlier)
    context_date = post.title_date or previous_date
    year = context_date.year if context_date else post.year
    occasion = read_occasion(
        sources,
        [Source(line.text, line.number) for line in draft.times],
        lexicon,
        context_year=year,
        fallback_date=None,
    )
    lines = list(draft.text)
    speaker = _heading_speaker(text, resolver, lexicon, draft.line, heading is not None)
    signed = _signature(lines, resolver, lexicon) if speaker is None else None
    if signed is not None:
        lines = lines[:-1]
        speaker = resolver.resolve(signed[0], signed[1], line=signed[2], source="signature")
        if statement_kind is StatementKind.REPORT:
            statement_kind, event_kind = StatementKind.COMMENTARY, EventKind.PRESS
    lead = lines[0] if lines else None
    news = news_dateline(lead.text, lexicon) if lead is not None else None
    if lead is not None and news is not None:
        lead = Line(lead.number, lead.text[news.end :])
    if lead is not None and parse_label(lead.text, lexicon) is not None:
        lead = None  # "Q : …": a transcript has no narrated opening
    warnings = list(occasion.warnings)
    provenance = dict(occasion.provenance)
    date = occasion.date
    if date is None and not any(w.code == "impossible-date" for w in warnings):
        fallback = (previous_date or post.title_date) if heading is not None else post.title_date
        found = _later_date(lead, news, post, year, fallback)
        if found is not None:
            date, origin, warning = found
            provenance["date"] = origin
            warnings = [w for w in warnings if w.code not in _DATE_WARNINGS]
            if warning is not None:
                warnings.append(warning)
    if date is None and not any(w.code in _DATE_WARNINGS for w in warnings):
        warnings.append(Warning("date-not-found", "no date found for this part", draft.line))
    place = occasion.place
    if place is not None and lead is not None and statement_kind in _NARRATED:
        place = _city_of_country(place, lead, lexicon, provenance)
    if place is None:
        place = _later_place(text, heading, statement_kind, lead, news, lexicon, provenance)
    if place is not None and provenance.get("place") == "lead" and lead is not None:
        warnings.append(
            Warning(
                "place-from-lead",
                f"place {place.name!r} is the city the opening sentence names; check it is "
                "where the event took place",
                lead.number,
            )
        )
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
    if title:
        provenance["title"] = "heading" if heading is not None else "title"
    organisations = organisations_in(text, lexicon)
    provenance["organisations"] = "heading" if heading is not None else "title"
    if post.single_part and heading is not None:
        organisations = organisations_in(f"{text}\n{post.title.text}", lexicon)
    if not organisations and heading is None and post.single_part:
        organisations, provenance["organisations"] = _organisations_elsewhere(post, lead, lexicon)
    if not organisations:
        provenance.pop("organisations")
    provenance["kind"] = "heading" if heading is not None else "title"
    if signed is not None:
        provenance["kind"] = "signature"
    if event_kind is EventKind.OTHER and lead is not None:
        opening = " ".join([lead.text, *(line.text for line in lines[1:KIND_LINES])])
        event_kind = event_kind_of(opening, statement_kind)
        provenance["kind"] = "lead"
    turns, turn_warnings = split_turns(
        lines, PartContext(statement_kind, event_kind, speaker), resolver, lexicon
    )
    warnings.extend(turn_warnings)
    if (
        event_kind in _MAYBE_INTERVIEW
        and any(turn.kind is StatementKind.ANSWER for turn in turns)
        and outlets_ask(lines, resolver, lexicon)
    ):
        event_kind, provenance["kind"] = EventKind.INTERVIEW, "questions"
    reader = QuoteReader(resolver, lexicon)
    for index, turn in enumerate(turns):
        if turn.kind is StatementKind.REPORT:
            turn.quoted = list(reader.read(turn.paragraphs, turn.line, lead=index == 0))
            reader.speakers.clear()
    part = Part(
        title=title,
        kind=event_kind,
        date=date,
        time=occasion.time,
        location=place.name if place else "",
        country=place.country if place else None,
        organisations=organisations,
        turns=turns,
        line=draft.line,
        participants=_participants(text, speaker, resolver, lexicon),
        provenance=provenance,
    )
    return part, warnings


def _later_date(
    lead: Line | None,
    news: NewsDateline | None,
    post: PostContext,
    year: int | None,
    fallback: dt.date | None,
) -> tuple[dt.date, str, Warning | None] | None:
    """A date for a part whose heading and date lines give none, with its provenance: the
    agency's dateline, a date in the opening sentence, the previous part's, a relative day
    ("jeudi") counted from the publication date, and last the publication date itself."""
    if news is not None and news.date is not None and lead is not None:
        found = _completed(news.date, year, lead.number)
        if found is not None:
            return found[0], "dateline", found[1]
    sentence = _first_sentence(lead.text) if lead is not None else ""
    explicit = find_date(sentence) if sentence else None
    if explicit is not None and _LEAD_DATE_BEFORE.search(sentence[: explicit.start].lower()):
        found = _completed(explicit, year, lead.number)
        if found is not None:
            return found[0], "lead", found[1]
    if fallback is not None:
        return fallback, "previous-part" if fallback != post.title_date else "title", None
    anchor = post.published
    relative = relative_date(sentence, anchor) if sentence and anchor else None
    if relative is not None:
        warning = Warning(
            "date-relative",
            f"date read from {relative.text!r}, counted from the publication date "
            f"{anchor.isoformat()}; check it",
            lead.number,
        )
        return relative.date, "relative", warning
    if post.published is not None:
        warning = Warning(
            "date-from-publication",
            "no event date was found; the page's publication date is used instead",
            lead.number if lead is not None else None,
        )
        return post.published, "publication", warning
    return None


def _completed(
    date: DateMatch, year: int | None, line: int
) -> tuple[dt.date, Warning | None] | None:
    if date.date is not None:
        return date.date, None
    if date.problem == "year-missing" and year is not None:
        completed = date.with_year(year)
        if completed.date is not None:
            return completed.date, inferred_year_warning(completed, line)
    return None


def _later_place(
    text: str,
    heading: Heading | None,
    statement_kind: StatementKind,
    lead: Line | None,
    news: NewsDateline | None,
    lexicon: Lexicon,
    provenance: dict[str, str],
) -> Place | None:
    """A place for a part whose heading and date lines give none: "à Astana" in a post title,
    then a city the opening narration names, then an agency's dateline city (last: an
    agency's city is often its own office's, not the event's)."""
    if heading is None:
        place = lead_place(text, lexicon)
        if place is not None:
            provenance["place"] = "title"
            return place
    if lead is not None and statement_kind in _NARRATED:
        place = lead_place(_first_sentence(lead.text), lexicon)
        if place is not None:
            provenance["place"] = "lead"
            return place
    if news is not None:
        provenance["place"] = "dateline"
        return news.place
    return None


def _city_of_country(
    place: Place, lead: Line, lexicon: Lexicon, provenance: dict[str, str]
) -> Place:
    """A heading that names only a country ("Malte, 5 et 6 décembre") gives way to the city in
    that country the opening sentence names ("… à La Valette …")."""
    if lexicon.country_names.get(tokenise(place.name).keys) is None:
        return place
    city = lead_place(_first_sentence(lead.text), lexicon)
    if city is None or city.country != place.country:
        return place
    provenance["place"] = "lead"
    return city


def _organisations_elsewhere(
    post: PostContext, lead: Line | None, lexicon: Lexicon
) -> tuple[list[str], str]:
    """When the title names no organisation: the site's own (a masthead "OSCE"), else those
    the opening sentence names as the occasion ("… la réunion du Conseil … de l’OCS")."""
    if post.publishers:
        return list(post.publishers), "masthead"
    sentence = _first_sentence(lead.text) if lead is not None else ""
    folded = search_form(sentence)
    if _OCCASION_WORDS.search(folded) and "en marge" not in folded:
        return organisations_in(sentence, lexicon), "lead"
    return [], ""


def _signature(
    lines: list[Line], resolver: SpeakerResolver, lexicon: Lexicon
) -> tuple[str, str, int] | None:
    """A signed text's last line: "Vladimir Poutine", "Zhang Ming, Secrétaire général de
    l’OCS" -> (name, role, line). Only reference speakers sign: anyone else may be a caption."""
    if len(lines) < 2:
        return None
    last = lines[-1]
    name, _, role = last.text.partition(",")
    if len(name.split()) > MAX_SIGNATURE_NAME_WORDS or last.text.endswith("."):
        return None
    if resolver.known(name.strip()) is None or len(name.split()) < 2:
        return None
    role = role.strip()
    if role and not in_role_vocabulary(role, lexicon):
        return None
    return name.strip(), role, last.number


def _first_sentence(text: str) -> str:
    match = _SENTENCE_END.search(text)
    return text[: match.end()] if match else text


def _heading_speaker(
    text: str, resolver: SpeakerResolver, lexicon: Lexicon, line: int, heading: bool
) -> SpeakerRef | None:
    person = heading_speaker(text, lexicon)
    if person is None:
        return None
    return resolver.resolve(
        person.name, person.role, line=line, source="heading" if heading else "title"
    )


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
