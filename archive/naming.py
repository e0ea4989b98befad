"""How the archive names what readers cite, from the reference data in ``fixtures/reference/``:
who published a page (from its domain), a speaker's name in English and its family and given
names, and a country's French name with the article it takes ("de la Russie", "au Kazakhstan",
"aux États-Unis").

These facts are read from the JSON files themselves (once per process): the database has no
field for them, and they change only with the reference data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings

from archive.models import Country, Speaker, in_english

# Countries whose officials' names are written family name first ("Xi Jinping", "Wang Yi").
FAMILY_NAME_FIRST = {"CN", "TW", "KR", "KP", "VN"}
# Lower-case parts that belong to the family name ("Jean-Yves Le Drian", "Ursula von der Leyen").
PARTICLES = {"al", "ben", "bin", "da", "de", "del", "den", "der", "des", "di", "dos", "du", "el"}
PARTICLES |= {"la", "le", "ter", "van", "von"}


@dataclass(frozen=True)
class Person:
    family: str
    given: str = ""

    @property
    def inverted(self) -> str:
        """'Poutine, Vladimir' (Chicago, BibTeX, RIS)."""
        return f"{self.family}, {self.given}" if self.given else self.family

    @property
    def initials(self) -> str:
        """'Poutine, V.', 'Tokaïev, K.-J.' (APA)."""
        if not self.given:
            return self.family
        initials = " ".join(
            "-".join(f"{part[0]}." for part in word.split("-") if part)
            for word in self.given.split()
        )
        return f"{self.family}, {initials}"


def person(name: str, country: str | None = None) -> Person:
    """'Vladimir Poutine' -> Poutine, Vladimir; 'Xi Jinping' (CN) -> Xi, Jinping.

    French transcripts write names given name first, except for the countries in
    ``FAMILY_NAME_FIRST``; lower-case particles stay with the family name.
    """
    words = name.split()
    if len(words) < 2:
        return Person(name.strip())
    if country in FAMILY_NAME_FIRST:
        return Person(words[0], " ".join(words[1:]))
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return Person(" ".join(words[start:]), " ".join(words[:start]))


@lru_cache(maxsize=8)
def _reference(name: str) -> tuple[dict, ...]:
    path = settings.REFERENCE_DIR / name
    return tuple(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else ()


@dataclass(frozen=True)
class Publisher:
    domain: str
    name_fr: str
    name_en: str
    aliases: tuple[str, ...] = ()
    # Words a page of this publisher carries in its header ("Aperçu général de Chine | Qui
    # sommes nous", the menu of the Chinese embassies' French sites), compared space-folded.
    markers: tuple[str, ...] = ()
    # How this publisher numbers its releases ("1206-25-06-2024": number, day, month, year),
    # as a regular expression a whole line matches.
    release_number: str = ""

    @property
    def name(self) -> str:
        return self.name_en if in_english() else self.name_fr


@lru_cache(maxsize=1)
def publishers() -> tuple[Publisher, ...]:
    return tuple(
        Publisher(
            row["domain"],
            row["name_fr"],
            row["name_en"],
            tuple(row.get("aliases", ())),
            tuple(row.get("markers", ())),
            row.get("release_number", ""),
        )
        for row in _reference("publishers.json")
    )


def domain_of(url: str) -> str:
    """'https://www.mid.ru/fr/...' -> 'mid.ru'; 'http://en.kremlin.ru/...' -> 'en.kremlin.ru'."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def publisher_of(url: str) -> Publisher | None:
    """The publisher of a page, by the longest known domain its host ends with."""
    host = domain_of(url)
    found = [p for p in publishers() if host == p.domain or host.endswith("." + p.domain)]
    return max(found, key=lambda p: len(p.domain), default=None)


def publisher_named_in(text: str) -> Publisher | None:
    """A publisher a source's title names ("4114 – Kremlin – Réunion …"), for sources that
    give no address."""
    for publisher in publishers():
        for alias in publisher.aliases:
            if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text):
                return publisher
    return None


def _spaced(text: str) -> str:
    return " ".join(text.split())


def publisher_marked_in(text: str) -> Publisher | None:
    """A publisher whose page header ``text`` carries (a source copied without its address
    keeps the site's menu: "Accueil | Aperçu général de Chine | Qui sommes nous …")."""
    spaced = _spaced(text)
    for publisher in publishers():
        if any(_spaced(marker) in spaced for marker in publisher.markers):
            return publisher
    return None


def publisher_numbering(line: str) -> Publisher | None:
    """The publisher whose release numbers look like ``line`` ("1206-25-06-2024": the
    Russian foreign ministry's), if any."""
    line = line.strip()
    for publisher in publishers():
        if publisher.release_number and re.fullmatch(publisher.release_number, line):
            return publisher
    return None


def page_language(url: str) -> str | None:
    """'fr' or 'en' when a page's address says so (``fr.`` or ``/fr/``), else None."""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path.lower()
    for code in ("fr", "en"):
        if host.startswith(f"{code}.") or path.startswith(f"/{code}/") or path == f"/{code}":
            return code
    if host.endswith(".fr"):
        return "fr"
    return None


@lru_cache(maxsize=1)
def _english_names() -> dict[str, str]:
    """Every French spelling of a speaker (name and aliases) -> the English form."""
    names = {}
    for row in _reference("speakers.json"):
        if row.get("name_en"):
            for spelling in [row["name"], *row.get("aliases", ())]:
                names.setdefault(spelling, row["name_en"])
    return names


def speaker_name(speaker: Speaker) -> str:
    """The speaker's name in the interface's language: the English form where the reference
    data has one ("Vladimir Putin"), else the name as the archive writes it."""
    if in_english():
        for spelling in [speaker.name, *(speaker.aliases or ())]:
            if spelling in _english_names():
                return _english_names()[spelling]
    return speaker.name


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return {row["iso2"]: row for row in _reference("countries.json")}


def country_of(country: Country) -> str:
    """'of Russia', 'of the United States' / 'de la Russie', 'du Kazakhstan', 'd’Israël'."""
    row = _countries().get(country.iso2, {})
    if in_english():
        return f"of the {country.name_en}" if row.get("name_en_the") else f"of {country.name_en}"
    return row.get("name_fr_of") or f"de {country.name_fr}"


def country_in(country: Country) -> str:
    """'in Russia', 'in the United States' / 'en Russie', 'au Kazakhstan', 'à Chypre'."""
    row = _countries().get(country.iso2, {})
    if in_english():
        return f"in the {country.name_en}" if row.get("name_en_the") else f"in {country.name_en}"
    return row.get("name_fr_in") or f"en {country.name_fr}"


def country_the(country: Country) -> str:
    """'Russia', 'the United States' / 'la Russie', 'le Kazakhstan', 'les États-Unis',
    'l’Afghanistan', 'Chypre': the name with the article it takes, read from the reference
    data's "of" form ("de la Russie", "du Kazakhstan", "des États-Unis")."""
    row = _countries().get(country.iso2, {})
    if in_english():
        return f"the {country.name_en}" if row.get("name_en_the") else country.name_en
    of = row.get("name_fr_of") or f"de {country.name_fr}"
    for before, after in (("de la ", "la "), ("du ", "le "), ("des ", "les "), ("de l’", "l’")):
        if of.startswith(before):
            return after + of.removeprefix(before)
    return of.removeprefix("d’").removeprefix("de ")
