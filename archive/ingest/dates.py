"""French dates and times as the sources write them, with where in the line they were found.

Day-first is the rule ("02.12.2020" is 2 December). Regexes run on ``search_form`` so that
accents and case do not matter and offsets still point into the original line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from archive.ingest.normalise import search_form

MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "february": 2, "feb": 2,
    "mars": 3, "march": 3, "mar": 3,
    "avril": 4, "avr": 4, "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juin": 6, "june": 6, "jun": 6,
    "juillet": 7, "juil": 7, "july": 7, "jul": 7,
    "aout": 8, "august": 8, "aug": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "decembre": 12, "dec": 12, "december": 12,
}  # fmt: skip
_WEEKDAYS = (
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    "|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
_DATE = re.compile(
    r"(?<![\w.])(?:"
    # "5 et 6 décembre 2024", "16-17 septembre": a span of days is dated by its first day
    r"(?P<day>\d{1,2})(?:er|re|e)?(?:\s(?:et|au)\s\d{1,2}(?:er)?|\s?[-–]\s?\d{1,2})?"
    r"\s?(?P<month>[a-z]{3,9})\.?(?:,?\s(?P<year>\d{4}))?(?![\w])"
    r"|(?P<en_month>[a-z]{3,9})\.?\s(?P<en_day>\d{1,2})(?:st|nd|rd|th)?,?\s(?P<en_year>\d{4})"
    r"|(?P<nday>\d{1,2})(?P<sep>[./-])(?P<nmonth>\d{1,2})(?P=sep)(?P<nyear>\d{4})"
    # "03.06.21": two-digit days and months only, so a video's "1.12.07" stays a duration
    r"|(?<!video\s)(?<!duree\s)(?P<sday>\d{2})(?P<ssep>[./])(?P<smonth>\d{2})(?P=ssep)"
    r"(?P<syear>\d{2})(?![./]?\d)"
    r"|(?P<iyear>\d{4})-(?P<imonth>\d{1,2})-(?P<iday>\d{1,2})(?!-\d)"
    r"|(?P<only_month>[a-z]{3,9})\s(?P<only_year>\d{4})"
    r"|(?P<mmyear>\d{4})-(?P<mmonth>\d{2})(?![-\d])"
    r")(?![\d])"
)
# "3 juin 202111:05Novo-Ogaryovo": a year glued to the time, and the time to the place.
_GLUED_YEAR = re.compile(r"(?<=\b(?:19|20)\d{2})(?=(?:[01]\d|2[0-3])[:hH][0-5]\d)")
_GLUED_PLACE = re.compile(r"(?<=\d[:hH][0-5]\d)(?=[A-ZÀ-Ý][a-zà-ÿ])")
_RELATIVE = re.compile(
    r"\b(?:(?P<weekday>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
    r"|(?P<today>aujourd'hui|ce matin|ce soir|cet apres-midi)|(?P<yesterday>hier)"
    r"|(?P<tomorrow>demain))\b"
)
_WEEKDAY_NUMBERS = {
    name: number
    for number, name in enumerate("lundi mardi mercredi jeudi vendredi samedi dimanche".split())
}
_TIME = re.compile(
    r"(?<![\w.,:])(?P<hour>[01]?\d|2[0-3])\s?(?P<mark>:|h|heures?)\s?(?P<minute>[0-5]\d)?(?![\w])"
)
_LONE_TIME = re.compile(r"([01]?\d|2[0-3]) ?[hH:] ?([0-5]\d)")
_DATELINE_PREFIX = re.compile(
    r"(?:\d{1,2}\.\s)?"  # "1. Date : jeudi 9 mars 2023" in an OSCE journal
    r"(?:(?:[01]?\d|2[0-3])\s?[:h]\s?[0-5]\d,?\s(?:[–—|-]\s)?)?"  # "19:05 18.09.2023": time first
    rf"(?:(?:publie|mis a jour|date)\s?(?:le)?\s?:?\s?)?(?:le\s)?(?:(?:{_WEEKDAYS}),?\s)?"
)
_SENTENCE_END = re.compile(r"[.!?…]$")
_DIGIT = re.compile(r"\d")
_SEPARATORS = " ,;:–—-"
MAX_LONE_TIME_CHARS = 8
MAX_DATELINE_CHARS = 160
DATELINE_CACHE_SIZE = 16_384
MAX_PLACE_PREFIX_WORDS = 5
_PLACE_CONNECTORS = frozenset({"de", "du", "des", "la", "le", "les", "sur", "en"})
_LINK_WORDS = ("en date du", "du", "le", "en", "au")
MAX_LINK_WORDS = 3


@dataclass(frozen=True)
class DateMatch:
    """A date in a line. ``date`` is None when the year is missing or the date impossible."""

    start: int
    end: int
    text: str
    date: dt.date | None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    problem: str = ""  # "", "impossible-date", "month-only-date" or "year-missing"

    def with_year(self, year: int) -> DateMatch:
        """Complete a year-less date ("1er février") with the year from context."""
        date, problem = _make_date(year, self.month or 0, self.day or 0)
        return DateMatch(self.start, self.end, self.text, date, self.day, self.month, year, problem)


@dataclass(frozen=True)
class TimeMatch:
    start: int
    end: int
    time: dt.time


def find_date(text: str) -> DateMatch | None:
    """The first date in ``text``, complete or not.

    Example: ``"…, Noursoultan, 12 octobre 2021- 11H38"`` -> 2021-10-12, found at
    "12 octobre 2021".
    """
    folded = search_form(text)
    position = 0
    while (match := _DATE.search(folded, position)) is not None:
        found = _date_from_match(match, text)
        if found is not None:
            return found
        position = match.start() + 1  # "date 2023-11": the word "date" is no month
    return None


def find_time(text: str, *, after: int = 0) -> TimeMatch | None:
    """The first time of day at or after offset ``after``: "11H38", "-19h46", "13:15", "20 h".

    Example: ``"1er février 2022 -19h46 –"`` -> 19:46.
    """
    for match in _TIME.finditer(search_form(text), after):
        if match["minute"] is None and match["mark"] == ":":
            continue
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        return TimeMatch(match.start(), match.end(), dt.time(hour, minute))
    return None


def lone_time(text: str) -> dt.time | None:
    """A line holding only a time, as mid.ru prints above its headings: ``"14:49"`` -> 14:49."""
    match = _LONE_TIME.fullmatch(text) if len(text) <= MAX_LONE_TIME_CHARS else None
    return dt.time(int(match.group(1)), int(match.group(2))) if match else None


def dateline(text: str) -> DateMatch | None:
    """The date of a line that is only a date with a time or place, else None.

    Example: ``"2 décembre 2020 – 13:15 – Novo-Ogaryovo, région de Moscou"`` -> 2020-12-02,
    as ``"Moscou, 3 juillet 2024"``;
    ``"Le 5 octobre 2021, nous avons célébré les 29 ans de la CICA."`` -> None.
    """
    if len(text) > MAX_DATELINE_CHARS or _DIGIT.search(text) is None:
        return None
    return _dateline(text)


@lru_cache(maxsize=DATELINE_CACHE_SIZE)
def _dateline(text: str) -> DateMatch | None:
    """Cached: each line is asked about by noise removal, the outline and the part reader."""
    found = find_date(text)
    if found is None:
        return None
    prefix = _DATELINE_PREFIX.match(search_form(text))
    if prefix.end() < found.start and not _is_place_prefix(text[: found.start]):
        return None
    rest = text[found.end :].strip()
    if len(rest.split()) > 10 or _SENTENCE_END.search(rest):
        return None
    return found


def _is_place_prefix(text: str) -> bool:
    """ "Moscou, " or "Novo-Ogaryovo, région de Moscou – " before a date: a short place."""
    place = text.strip()
    if place.lower().endswith((" le", ",le")):  # "Astana, le 21 mai 2024"
        place, text = place[:-2].rstrip(), place[:-2].rstrip()
    place = place.rstrip(",–—-").rstrip()
    words = place.split()
    if not words or len(words) > MAX_PLACE_PREFIX_WORDS or text.rstrip()[-1:] not in ",–—-":
        return False
    if any(mark in place for mark in ",–—"):
        return False
    return words[0][0].isupper() and all(
        word[0].isupper() or word in _PLACE_CONNECTORS for word in words
    )


def _date_from_match(match: re.Match[str], text: str) -> DateMatch | None:
    start, end = match.span()
    original = text[start:end]
    if match["month"]:
        month = MONTHS.get(match["month"])
        if month is None:
            return None
        day = int(match["day"])
        if match["year"] is None:
            return DateMatch(start, end, original, None, day, month, None, "year-missing")
        return _complete(start, end, original, int(match["year"]), month, day)
    if match["en_month"]:
        month = MONTHS.get(match["en_month"])
        if month is None:
            return None
        return _complete(start, end, original, int(match["en_year"]), month, int(match["en_day"]))
    if match["nday"]:
        year, month, day = int(match["nyear"]), int(match["nmonth"]), int(match["nday"])
        return _complete(start, end, original, year, month, day)
    if match["sday"]:
        year, month, day = 2000 + int(match["syear"]), int(match["smonth"]), int(match["sday"])
        return _complete(start, end, original, year, month, day)
    if match["iyear"]:
        year, month, day = int(match["iyear"]), int(match["imonth"]), int(match["iday"])
        return _complete(start, end, original, year, month, day)
    if match["mmyear"]:
        year, month = int(match["mmyear"]), int(match["mmonth"])
        if not 1 <= month <= 12:
            return None
        return DateMatch(start, end, original, None, None, month, year, "month-only-date")
    month = MONTHS.get(match["only_month"])
    if month is None:
        return None
    year = int(match["only_year"])
    return DateMatch(start, end, original, None, None, month, year, "month-only-date")


def _complete(start: int, end: int, original: str, year: int, month: int, day: int) -> DateMatch:
    date, problem = _make_date(year, month, day)
    return DateMatch(start, end, original, date, day, month, year, problem)


def _make_date(year: int, month: int, day: int) -> tuple[dt.date | None, str]:
    try:
        return dt.date(year, month, day), ""
    except ValueError:
        return None, "impossible-date"


def trim_date_links(text: str) -> str:
    """Text before a date without its trailing separators and linking words.

    Example: ``"Réunion de l’OTSC du "`` -> ``"Réunion de l’OTSC"``;
    ``"…, Minsk, "`` -> ``"…, Minsk"``.
    """
    for _ in range(MAX_LINK_WORDS):
        text = text.rstrip(_SEPARATORS)
        tail = " " + text[-12:].lower()
        word = next((word for word in _LINK_WORDS if tail.endswith(" " + word)), None)
        if word is None:
            break
        text = text[: len(text) - len(word)]
    return text.rstrip(_SEPARATORS)


def repair_glued_datelines(text: str) -> str:
    """Put back the spaces a copy lost in the Kremlin's date lines.

    Example: ``"3 juin 202111:05Novo-Ogaryovo"`` -> ``"3 juin 2021 11:05 Novo-Ogaryovo"``.
    """
    if not _GLUED_YEAR.search(text):
        return text
    return _GLUED_PLACE.sub(" ", _GLUED_YEAR.sub(" ", text))


@dataclass(frozen=True)
class RelativeDate:
    date: dt.date
    text: str  # the words it was read from: "jeudi", "aujourd’hui"


def relative_date(text: str, anchor: dt.date) -> RelativeDate | None:
    """The first relative day in ``text`` (a weekday, today, yesterday), counted from the day
    the page was published: a weekday is the last such day on or before ``anchor``.

    Example: ``"… a appelé jeudi les deux pays …"`` published Friday 14 October 2022 ->
    Thursday 13 October 2022.
    """
    match = _RELATIVE.search(search_form(text))
    if match is None:
        return None
    words = text[match.start() : match.end()]
    if match["weekday"]:
        back = (anchor.weekday() - _WEEKDAY_NUMBERS[match["weekday"]]) % 7
        return RelativeDate(anchor - dt.timedelta(days=back), words)
    if match["yesterday"]:
        return RelativeDate(anchor - dt.timedelta(days=1), words)
    if match["tomorrow"]:
        return RelativeDate(anchor + dt.timedelta(days=1), words)
    return RelativeDate(anchor, words)
