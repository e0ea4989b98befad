"""Reference data compiled for matching: word-sequence indexes built once per ``ReferenceData``.

Names are looked up word by word in dictionaries rather than with one big alternation regex, so
finding every country, place or organisation in a text costs time linear in its length however
long the reference lists grow.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from archive.ingest.normalise import name_key, tokenise
from archive.ingest.reference import (
    CountryData,
    OrganisationData,
    ReferenceData,
    SpeakerData,
)
from archive.ingest.vocabulary import FUNCTION_WORDS

MEMO_SIZE = 20_000
# Countries whose people's names are written surname first in French ("Xi Jinping", later
# "M. Xi").
SURNAME_FIRST = frozenset({"CN", "KP", "KR", "TW", "VN"})


@dataclass(frozen=True)
class Hit:
    start: int  # index of the first word
    end: int  # index after the last word
    value: Hashable


@dataclass
class PhraseIndex:
    """Word sequences (as ``search_form`` keys) mapped to values; first added wins."""

    phrases: dict[tuple[str, ...], Hashable] = field(default_factory=dict)
    # first word -> the lengths of the phrases it starts, longest first
    lengths: dict[str, list[int]] = field(default_factory=dict)

    def add(self, phrase: str, value: Hashable) -> None:
        self.add_keys(tokenise(phrase).keys, value)

    def add_keys(self, keys: Sequence[str], value: Hashable) -> None:
        keys = tuple(keys)
        if not keys or keys in self.phrases:
            return
        self.phrases[keys] = value
        lengths = self.lengths.setdefault(keys[0], [])
        if len(keys) not in lengths:
            lengths.append(len(keys))
            lengths.sort(reverse=True)

    def get(self, keys: Sequence[str]) -> Hashable | None:
        return self.phrases.get(tuple(keys))

    def find(self, keys: Sequence[str]) -> Iterator[Hit]:
        """Longest non-overlapping matches, left to right."""
        index, count = 0, len(keys)
        while index < count:
            for length in self.lengths.get(keys[index], ()):
                value = self.phrases.get(tuple(keys[index : index + length]))
                if value is not None:
                    yield Hit(index, index + length, value)
                    index += length
                    break
            else:
                index += 1


@dataclass(frozen=True)
class CountryName:
    """A country name or variant; all-capital variants ("USA", "RPC") must match exactly."""

    iso2: str
    exact: tuple[str, ...] | None = None


@dataclass
class Lexicon:
    """Everything the parser matches against, derived from one ``ReferenceData``."""

    country_names: PhraseIndex = field(default_factory=PhraseIndex)  # -> CountryName
    adjectives: PhraseIndex = field(default_factory=PhraseIndex)  # -> iso2
    places: PhraseIndex = field(default_factory=PhraseIndex)  # places and country names -> iso2
    organisation_names: PhraseIndex = field(default_factory=PhraseIndex)  # -> code
    # full names by their content words only ("organisation traite securite collective"), so
    # that a changed function word ("du traité sur la sécurité") still names the organisation
    organisation_content: PhraseIndex = field(default_factory=PhraseIndex)  # -> code
    acronyms: dict[str, str] = field(default_factory=dict)  # exact token -> code
    speakers: dict[str, SpeakerData] = field(default_factory=dict)  # name_key -> speaker
    surnames: dict[str, list[SpeakerData]] = field(default_factory=dict)  # last key -> speakers
    organisation_order: dict[str, int] = field(default_factory=dict)
    country_order: dict[str, int] = field(default_factory=dict)
    adjective_keys: frozenset[str] = frozenset()
    _memo: dict[str, dict[str, object]] = field(default_factory=dict, repr=False)

    def memo[T](self, kind: str, key: str, compute: Callable[[], T]) -> T:
        """Remember results that depend only on this reference data (labels recur in every
        transcript: "Question", "Vladimir Poutine"), within a bounded memory."""
        cache = self._memo.setdefault(kind, {})
        if key not in cache:
            if len(cache) >= MEMO_SIZE:
                cache.clear()
            cache[key] = compute()
        return cache[key]  # type: ignore[return-value]


def lexicon_for(reference: ReferenceData) -> Lexicon:
    """The compiled lexicon for ``reference``, rebuilt only when its content changes."""
    return _build(
        tuple(reference.countries), tuple(reference.organisations), tuple(reference.speakers)
    )


@lru_cache(maxsize=8)
def _build(
    countries: tuple[CountryData, ...],
    organisations: tuple[OrganisationData, ...],
    speakers: tuple[SpeakerData, ...],
) -> Lexicon:
    lexicon = Lexicon()
    adjective_keys: set[str] = set()
    for order, country in enumerate(countries):
        lexicon.country_order[country.iso2] = order
        for name in (country.name_fr, *country.variants):
            exact = tuple(tokenise(name).words) if _is_acronym(name) else None
            lexicon.country_names.add(name, CountryName(country.iso2, exact))
            lexicon.places.add(name, country.iso2)
        for place in country.places:
            lexicon.places.add(place, country.iso2)
        for adjective in country.adjectives:
            lexicon.adjectives.add(adjective, country.iso2)
            adjective_keys.update(tokenise(adjective).keys)
    lexicon.adjective_keys = frozenset(adjective_keys)
    for order, organisation in enumerate(organisations):
        lexicon.organisation_order[organisation.code] = order
        for acronym in (organisation.acronym_fr, organisation.acronym_en):
            lexicon.acronyms.setdefault(acronym, organisation.code)
        for name in (organisation.name_fr, organisation.name_en, *organisation.aliases):
            if _is_acronym(name):
                lexicon.acronyms.setdefault(name, organisation.code)
            else:
                lexicon.organisation_names.add(name, organisation.code)
                content = content_keys(tokenise(name).keys)
                if len(content) >= MIN_CONTENT_WORDS:
                    lexicon.organisation_content.add_keys(content, organisation.code)
    for speaker in speakers:
        for name in (speaker.name, *speaker.aliases):
            key = name_key(name)
            lexicon.speakers.setdefault(key, speaker)
            surnames = {key.rsplit(" ", 1)[-1]}
            if speaker.country in SURNAME_FIRST and " " in key:
                surnames.add(key.split(" ", 1)[0])  # "M. Wang" is Wang Yi
            for surname in surnames:
                candidates = lexicon.surnames.setdefault(surname, [])
                if speaker not in candidates:
                    candidates.append(speaker)
    return lexicon


MIN_CONTENT_WORDS = 3  # fewer content words ("Union européenne") must match exactly


def content_keys(keys: Sequence[str]) -> list[str]:
    """The keys that are not function words: ``["organisation", "du", "traite"]`` ->
    ``["organisation", "traite"]``."""
    return [key for key in keys if key not in FUNCTION_WORDS]


def _is_acronym(name: str) -> bool:
    return " " not in name and len(name) <= 6 and name.isupper()
