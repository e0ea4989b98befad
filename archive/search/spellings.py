"""Every spelling the archive knows of a name, so that a search finds them all.

Speakers' names and aliases, countries' names in both languages and their variants,
organisations' acronyms and names in both languages, and the places where events were held.
They are read from the database when a search is made: the reference data as imported, plus
whatever librarians add in the admin, so a new alias works at once, without re-indexing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connections

from archive.models import Country, Event, Organisation, Speaker
from archive.naming import person
from archive.search.query import WORD, Term, folded, is_stop_word, stem
from archive.versioning import current_state

# Short capitals ("EAU", "RPC") are names only when typed in capitals: "eau" is water.
SHORT_CAPITALS = 4
# How alike a typed word and a known one must be to suggest it (difflib's ratio).
CLOSE_ENOUGH = 0.75


@lru_cache(maxsize=65536)
def _term(text: str) -> Term:
    return tuple(WORD.findall(text))


@lru_cache(maxsize=65536)
def _family(name: str, country: str | None) -> str | None:
    """A family name alone ("Aliyev" for "Ilham Aliyev"), for names of several words."""
    return person(name, country).family if len(name.split()) > 1 else None


def _contains(words: Term, part: Term) -> bool:
    """Whether ``part`` is a run of consecutive words of ``words``."""
    size = len(part)
    return any(words[i : i + size] == part for i in range(len(words) - size + 1))


def _is_short_capitals(text: str) -> bool:
    letters = text.replace(".", "")
    return letters.isupper() and len(letters) <= SHORT_CAPITALS


@dataclass
class Spellings:
    """Groups of spellings that name one thing, and the places events were held."""

    groups: list[list[Term]] = field(default_factory=list)
    index: dict[Term, set[int]] = field(default_factory=dict)  # folded spelling -> groups
    capitals_only: set[Term] = field(default_factory=set)  # keys that need typed capitals
    place_names: set[Term] = field(default_factory=set)  # folded names of known places
    locations: dict[str, Term] = field(default_factory=dict)  # location -> its folded words

    @classmethod
    def load(cls, *, using: str = "default") -> Spellings:
        spellings = cls()
        for name, aliases, iso2 in Speaker.objects.using(using).values_list(
            "name", "aliases", "country__iso2"
        ):
            names = [name, *(aliases or [])]
            # A family name alone is a spelling too: "Aliyev" finds "Ilham Aliev".
            families = [family for n in names if (family := _family(n, iso2))]
            spellings.add([*names, *families])
        for organisation in Organisation.objects.using(using).all():
            spellings.add(
                [
                    organisation.acronym_fr,
                    organisation.acronym_en,
                    organisation.name_fr,
                    organisation.name_en,
                    *(organisation.aliases or []),
                ],
                acronyms=True,
            )
        for name_fr, name_en, variants, places in Country.objects.using(using).values_list(
            "name_fr", "name_en", "variants", "places"
        ):
            spellings.add([name_fr, name_en, *(variants or [])])
            spellings.place_names.update(folded(_term(p)) for p in places or [] if _term(p))
        locations = Event.objects.using(using).public().exclude(location="").values_list("location")
        for (location,) in locations.distinct().order_by():
            spellings.locations[location] = folded(_term(location))
        return spellings

    def add(self, names: list[str], *, acronyms: bool = False) -> None:
        """One group; short capitals stay out of it unless they are acronyms of ours."""
        group: list[Term] = []
        seen: set[Term] = set()
        for name in names:
            term = _term(name or "")
            key = folded(term)
            if not term or key in seen:
                continue
            seen.add(key)
            if _is_short_capitals(name) and not acronyms:
                self.capitals_only.add(key)
                self.index.setdefault(key, set()).add(len(self.groups))
                continue
            group.append(term)
            self.index.setdefault(key, set()).add(len(self.groups))
        self.groups.append(group)

    def alternatives(self, term: Term) -> list[Term]:
        """Other spellings of what ``term`` names, none containing another (so "Putin" adds
        "Poutine", not also "Vladimir Poutine"); empty when it names nothing known."""
        key = folded(term)
        if key in self.capitals_only and not all(word.isupper() for word in term):
            return []
        found: list[Term] = []
        for group in sorted(self.index.get(key, ())):
            found.extend(self.groups[group])
        kept: list[Term] = []
        keys = [key]
        for other in sorted(found, key=len):
            other_key = folded(other)
            if any(_contains(other_key, k) for k in keys):
                continue
            keys.append(other_key)
            kept.append(other)
        return kept

    def places(self, clause: list[Term]) -> list[str]:
        """Locations of events that a clause names: the whole location ("Noursoultan"), or
        a known place inside it ("Moscou" in "Novo-Ogaryovo, région de Moscou")."""
        keys = [folded(term) for term in clause]
        return sorted(
            location
            for location, words in self.locations.items()
            if any(
                key == words or (key in self.place_names and _contains(words, key)) for key in keys
            )
        )


# This process's spellings per database alias, with the content state they were read at.
_loaded: dict[str, tuple[tuple, Spellings]] = {}


def spellings_for(*, using: str = "default") -> Spellings:
    """``Spellings.load``, kept by this process until the archive's content changes (its
    version, ``archive.versioning``): reading every speaker's names on each search cost a
    few milliseconds per 100 speakers. Inside a transaction, which may have changed names
    not yet committed, they are read afresh."""
    if connections[using].in_atomic_block:
        return Spellings.load(using=using)
    state = current_state()
    hit = _loaded.get(using)
    if hit is not None and hit[0] == state:
        return hit[1]
    spellings = Spellings.load(using=using)
    _loaded[using] = (state, spellings)
    return spellings


def close_words(words: list[str], *, using: str = "default") -> dict[str, str]:
    """For each word, the closest word of the archive's names, places and event titles, when
    one is close enough and different: {"Poutin": "Poutine"}.

    The vocabulary is what readers see in lists (names and titles), not every word of every
    text, so that it stays small whatever the size of the archive.
    """
    vocabulary: dict[str, str] = {}
    spellings = spellings_for(using=using)
    titles = Event.objects.using(using).public().values_list("title", flat=True)
    sources = [w for group in spellings.groups for term in group for w in term]
    sources += [w for title in titles.iterator() for w in WORD.findall(title)]
    sources += [w for location in spellings.locations for w in WORD.findall(location)]
    for word in sources:
        if len(word) > 2 and not is_stop_word(word):
            vocabulary.setdefault(folded((word,))[0], word)
    known_stems = {stem(word) for word in vocabulary.values()}
    found = {}
    for word in words:
        key = folded((word,))[0]
        if key in vocabulary or stem(word) in known_stems:
            continue
        close = difflib.get_close_matches(key, vocabulary, n=1, cutoff=CLOSE_ENOUGH)
        if close:
            found[word] = vocabulary[close[0]]
    return found
