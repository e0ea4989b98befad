"""When and where a part took place, from every line that can say so.

Sources spread this information around: the heading ("…, Moscou, 1er février 2022"), its entry
in a table of contents ("… -19h46 –"), a dateline below a summary ("2 décembre 2020 – 13:15 –
Novo-Ogaryovo, région de Moscou"), a lone "14:49" above the heading, the post title ("… du
02.12.2020"). Each item is taken from the first of these that has it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from archive.ingest.dates import DateMatch, TimeMatch, find_date, find_time, lone_time
from archive.ingest.lexicon import Lexicon
from archive.ingest.places import Place, place_near_date
from archive.ingest.records import Warning

_PROBLEMS = {
    "impossible-date": "date {text!r} does not exist; the date is left empty",
    "month-only-date": "only a month is given ({text!r}); the date is left empty",
    "year-missing": "date {text!r} has no year and none can be inferred; the date is left empty",
}


@dataclass(frozen=True)
class Source:
    """One line that may carry a date, a time and a place."""

    text: str
    line: int
    kind: str = ""  # what the line is, for provenance: "heading", "dateline", "title", …


@dataclass
class Occasion:
    date: dt.date | None = None
    time: dt.time | None = None
    place: Place | None = None
    place_start: int | None = None  # where the place begins in the first source, if there
    date_start: int | None = None  # where the date begins in the first source, if there
    warnings: list[Warning] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)  # field -> the source's kind


def read_occasion(
    sources: list[Source],
    lone_times: list[Source],
    lexicon: Lexicon,
    *,
    context_year: int | None,
    fallback_date: dt.date | None = None,
) -> Occasion:
    """Date, time and place of a part; ``sources`` are in order of trust, heading first.

    Example: sources ``["1 – Réponse …, Moscou, 1er février 2022", "1 – Réponse …, Moscou,
    1er février 2022 -19h46 –"]`` -> 2022-02-01, 19:46, Moscou (RU).
    """
    occasion = Occasion()
    decided = False
    unsettled: tuple[DateMatch, int] | None = None
    for position, source in enumerate(sources):
        date = find_date(source.text)
        time = _time_in(source.text, date)
        if date is not None and not decided:
            inferred = date.problem == "year-missing" and context_year is not None
            if inferred:
                date = date.with_year(context_year)
            if date.date is not None or date.problem == "impossible-date":
                decided = True
                occasion.date = date.date
                occasion.date_start = date.start if position == 0 else None
                occasion.provenance["date"] = source.kind
                if date.problem:
                    occasion.warnings.append(_warning(date, source.line))
                elif inferred:
                    occasion.warnings.append(inferred_year_warning(date, source.line))
            elif unsettled is None:
                unsettled = (date, source.line)
        if time is not None and occasion.time is None:
            occasion.time = time.time
            occasion.provenance["time"] = source.kind
        place = place_near_date(source.text, date, time, lexicon)
        if place is not None and occasion.place is None:
            occasion.place = place
            occasion.provenance["place"] = source.kind
            if position == 0 and date is not None:
                start = source.text.rfind(place.name, 0, date.start)
                occasion.place_start = start if start >= 0 else None
    if occasion.time is None:
        occasion.time = next(
            (found for source in lone_times if (found := lone_time(source.text)) is not None),
            None,
        )
        if occasion.time is not None:
            occasion.provenance["time"] = "dateline"
    if not decided:
        if fallback_date is not None:
            occasion.date = fallback_date
            occasion.provenance["date"] = "previous-part"
        elif unsettled is not None:
            occasion.warnings.append(_warning(*unsettled))
    return occasion


def _time_in(text: str, date: DateMatch | None) -> TimeMatch | None:
    """The time after the date when there is a date (times before it are something else)."""
    return find_time(text, after=date.end) if date is not None else find_time(text)


def _warning(date: DateMatch, line: int) -> Warning:
    return Warning(date.problem, _PROBLEMS[date.problem].format(text=date.text), line)


def inferred_year_warning(date: DateMatch, line: int) -> Warning:
    return Warning(
        "date-inferred-year",
        f"date {date.text!r} has no year; {date.year} was taken from the page's other dates",
        line,
    )
