"""Where an event took place, read from its heading or dateline.

The place is the comma-separated segment right before the date ("…(CICA), Noursoultan,
12 octobre 2021") or what follows the date and time ("2 décembre 2020 – 13:15 –
Novo-Ogaryovo, région de Moscou"). Its country comes from reference places and country names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.ingest.dates import MONTHS, DateMatch, TimeMatch, find_date, trim_date_links
from archive.ingest.gazetteer import city_country
from archive.ingest.lexicon import Lexicon
from archive.ingest.normalise import tokenise
from archive.ingest.vocabulary import EVENT_WORDS, PLACE_CONNECTORS, ROLE_HEADS

_SEGMENT_BREAK = re.compile(r",|[–—]|\s-\s|\s-$|^-\s")
_SEPARATORS = " ,;–—-"
_PARENTHESIS = re.compile(r" ?\([^()]*\)")
_PREPOSITION = re.compile(r"(?:^|\s)(?:à|a|en)\s", re.IGNORECASE)
_LEADING_PREPOSITION = re.compile(r"^(?:à|a|au|en)\s+", re.IGNORECASE)
# "ASTANA, 3 mars (Kazinform) --", "VIENNE/PARIS, 2 décembre (AFP) -", "MOSCOU, 15 avril. /TASS/."
_NEWS_DATELINE = re.compile(
    r"^(?P<places>[A-ZÀ-Ý][A-ZÀ-Ý'’ -]+[A-ZÀ-Ý](?:\s?/\s?[A-ZÀ-Ý][A-ZÀ-Ý'’ -]*[A-ZÀ-Ý])*)"
    r"\s?,\s(?:le\s)?(?=\d)"
)
_AGENCY = re.compile(r"^[.,]?\s?(?:\((?P<paren>[^()]{2,40})\)|/(?P<slash>[^/]{2,20})/)")
# "Depuis Bichkek, le secrétaire général …"
_FROM_PLACE = re.compile(r"^Depuis\s(?P<place>[A-ZÀ-Ý][\w’'-]+(?:\s[A-ZÀ-Ý][\w’'-]+)?),")
# "a participé à Samarcande à une réunion", "s’est ouvert jeudi à Stockholm"
_AT_PLACE = re.compile(
    r"(?:^|\s)(?:à|au|depuis|À|Au|Depuis)\s(?P<place>[A-ZÀ-Ý][\w’'-]+(?:\s(?:[A-ZÀ-Ý][\w’'-]+))?)"
)
MAX_DATELINE_OFFSET = 3
_CALENDAR_WORDS = frozenset(
    "lundi mardi mercredi jeudi vendredi samedi dimanche aujourd hier demain le".split()
) | frozenset(MONTHS)
MAX_PLACE_WORDS = 5
MAX_TRAILING_WORDS = 8


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    known: bool  # the name matched a reference place or country


def place_near_date(
    text: str, date: DateMatch | None, time: TimeMatch | None, lexicon: Lexicon
) -> Place | None:
    """The place named next to the date of a heading or dateline.

    Example: ``"Commentaire …, Président de la République de Biélorussie, Minsk, 25 juin 2024"``
    -> ``Place("Minsk", "BY", known=True)``.
    """
    if date is None:
        return None
    before = _place_before(text[: date.start], lexicon)
    if before is not None:
        return before
    after = date.end
    between = text[date.end : time.start].strip(_SEPARATORS) if time is not None else None
    if time is not None and between in ("", "à", "a"):  # "14 juin 2022 à 11h20 à Douchanbé"
        after = time.end
    return _place_after(text[after:], lexicon)


def resolve_place(name: str, lexicon: Lexicon) -> Place:
    """Attach a country through the first reference place or country the name contains.

    Example: ``"Novo-Ogaryovo, région de Moscou"`` -> RU; ``"Tombouctou"`` -> unknown.
    """
    for hit in lexicon.places.find(tokenise(name).keys):
        return Place(name, str(hit.value), known=True)
    country = city_country(name) or city_country(_SEGMENT_BREAK.split(name)[0].strip())
    return Place(name, country, known=country is not None)


@dataclass(frozen=True)
class NewsDateline:
    """A news agency's dateline opening a story: its city, its date and the agency."""

    place: Place
    date: DateMatch | None
    agency: str
    end: int  # where the story itself begins


_AFTER_DATELINE = re.compile(r"^[.\s]*(?:--|[–—-])?\s*")


def news_dateline(text: str, lexicon: Lexicon | None = None) -> NewsDateline | None:
    """The dateline an agency puts before its story, else None.

    Example: ``"ASTANA, 3 mars (Kazinform) -- Le président …"`` -> Astana, 3 March (no year),
    agency "Kazinform". Of two cities (``"VIENNE/PARIS, …"``) the first is kept.
    """
    match = _NEWS_DATELINE.match(text)
    if match is None:
        return None
    date = find_date(text[match.end() :])
    if date is None or date.start > MAX_DATELINE_OFFSET:
        return None
    date = DateMatch(
        match.end() + date.start,
        match.end() + date.end,
        date.text,
        date.date,
        date.day,
        date.month,
        date.year,
        date.problem,
    )
    agency = _AGENCY.match(text[date.end :])
    city = re.split(r"\s?/\s?", match.group("places"))[0].strip().title()
    place = resolve_place(city, lexicon) if lexicon is not None else Place(city, None, False)
    name = (agency.group("paren") or agency.group("slash")).strip() if agency else ""
    end = date.end + (agency.end() if agency else 0)
    end += _AFTER_DATELINE.match(text[end:]).end()
    return NewsDateline(place, date, name, end)


def lead_place(text: str, lexicon: Lexicon) -> Place | None:
    """A city the opening sentence says the event happened in ("Depuis Bichkek, …", "… a
    participé à Samarcande à une réunion …"); countries and unknown words are not taken.

    Example: ``"Sergueï Lavrov a participé à Samarcande à une réunion …"`` -> Samarcande (UZ).
    """
    start = _FROM_PLACE.match(text)
    matches = [start] if start else []
    matches.extend(_AT_PLACE.finditer(text))
    for match in matches:
        # the whole capitalised run or nothing: "à Vladimir Poutine" is no place "Vladimir"
        name = match.group("place").rstrip(",.;:")
        keys = tokenise(name).keys
        if not keys or lexicon.country_names.get(keys) is not None:
            continue
        place = resolve_place(name, lexicon)
        if place.known:
            return place
    return None


def _place_before(prefix: str, lexicon: Lexicon) -> Place | None:
    prefix = trim_date_links(prefix)
    if not prefix:
        return None
    segment = _SEGMENT_BREAK.split(prefix)[-1].strip()
    if "(" in segment and ")" not in segment.rsplit("(", 1)[1]:
        segment = segment.rsplit("(", 1)[1].strip()  # "… (Skopje, 30 novembre 2023)"
    name = _PARENTHESIS.sub("", segment).strip()
    if _looks_like_place(name, lexicon):
        return resolve_place(name, lexicon)
    # "… réunion à Noursoultan": accept the words after "à" only if they are a known place.
    parts = _PREPOSITION.split(name)
    if len(parts) > 1 and _looks_like_place(parts[-1].strip(), lexicon):
        place = resolve_place(parts[-1].strip(), lexicon)
        return place if place.known else None
    return None


def _place_after(rest: str, lexicon: Lexicon) -> Place | None:
    # "14 juin 2022 à 11h20 à Douchanbé": the place follows a preposition
    rest = _LEADING_PREPOSITION.sub("", rest.strip(_SEPARATORS))
    if not rest:
        return None
    first = _SEGMENT_BREAK.split(rest)[0].strip()
    if not _looks_like_place(first, lexicon):
        return None
    name = rest if len(rest.split()) <= MAX_TRAILING_WORDS else first
    return resolve_place(_PARENTHESIS.sub("", name).strip(_SEPARATORS), lexicon)


def _looks_like_place(name: str, lexicon: Lexicon) -> bool:
    """1–5 capitalised words, connectors allowed inside: "Rio de Janeiro", not "de plusieurs".

    Roles ("Secrétaire d’État"), events ("Sommet de l’OCS") and known people are not places.
    """
    words = name.split()
    if not 1 <= len(words) <= MAX_PLACE_WORDS or not name[:1].isupper():
        return False
    tokens = tokenise(name)
    if not tokens.keys or tokens.keys[0] in ROLE_HEADS or tokens.keys[0] in EVENT_WORDS:
        return False
    if tokens.keys[0] in _CALENDAR_WORDS:  # "Lundi, 16 mai 2022": a day, not a place
        return False
    if " ".join(tokens.keys) in lexicon.speakers:
        return False
    if any(word.isdigit() or word in lexicon.acronyms for word in tokens.words):
        return False
    return all(
        word[:1].isupper() or key in PLACE_CONNECTORS
        for word, key in zip(tokens.words, tokens.keys, strict=True)
    )
