"""Who speaks: names resolved against reference speakers, and the speaker of a part heading.

Resolution order: full name or alias ("Alexander Lukashenko" is "Alexandre Loukachenko"), then
initial and surname ("S. Lavrov"), then a lone surname ("Poutine") against people already seen
in the same source and then against reference surnames. Anyone else becomes an unknown speaker
kept as written, with a warning, so a librarian can add them to the reference data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from archive.ingest import ner
from archive.ingest.lexicon import Lexicon
from archive.ingest.mentions import country_of_role
from archive.ingest.names import (
    drop_honorifics,
    in_role_vocabulary,
    is_capitalised,
    split_role_and_name,
)
from archive.ingest.normalise import name_key, tokenise
from archive.ingest.records import SpeakerRef, Warning
from archive.ingest.reference import SpeakerData
from archive.ingest.vocabulary import (
    ARTICLES,
    EVENT_WORDS,
    FUNCTION_WORDS,
    HONORIFICS,
    OUTLET_WORDS,
    ROLE_HEADS,
    ROLE_WORDS,
)

# Names after these words are the other side of a meeting, not the author of the text.
_COUNTERPART_WORDS = frozenset({"avec", "a", "au", "aux", "entre", "et", "contre", "adresse"})
_INTRODUCERS = frozenset(
    {"de", "d", "du", "par", "avec", "a", "au", "aux", "et", "m", "mme", "monsieur", "madame"}
)
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_ELISION = re.compile(r"\b([dD][’'])(?=[A-ZÀ-Ý])")
_SEGMENTS = re.compile(r",|\s[–—-]\s")
MAX_ROLE_WORDS = 16
MAX_HEADING_CHARS = 600  # people named further into a title are not its speakers


@dataclass(frozen=True)
class NamedPerson:
    """A person named in a heading, with the role written next to the name."""

    name: str
    role: str
    author: bool  # introduced by "de", "du", "par" or an honorific, not by "avec", "à"…


@dataclass
class SpeakerResolver:
    """Resolves names within one source, remembering who has spoken and with which role."""

    lexicon: Lexicon
    warnings: list[Warning] = field(default_factory=list)
    _seen: dict[str, SpeakerRef] = field(default_factory=dict)  # name_key of canonical name
    _surnames: dict[str, str] = field(default_factory=dict)  # surname key -> canonical key

    def can_resolve(self, name: str) -> bool:
        """Whether a one-word name ("Poutine") is someone known; longer names always pass."""
        if len(name.split()) > 1:
            return True
        return self._reference(name) is not None or self._seen_surname(name) is not None

    def canonical(self, name: str) -> str:
        """The name a person is filed under, without recording anything: "Poutine" -> "Vladimir
        Poutine" once he has spoken or when the reference data has a single Poutine."""
        name = drop_honorifics(name)
        data = self._reference(name)
        if data is not None:
            return data.name
        seen = self._seen_surname(name)
        return self._seen[seen].name if seen is not None else name

    def known(self, name: str, role: str = "") -> SpeakerRef | None:
        """The reference speaker a name designates, without recording anything, else None."""
        data = self._reference(drop_honorifics(name))
        if data is None:
            return None
        return SpeakerRef(
            data.name, role, data.country or country_of_role(role, self.lexicon), True
        )

    def resolve(
        self, name: str, role: str = "", *, line: int | None = None, source: str = ""
    ) -> SpeakerRef:
        """A ``SpeakerRef`` for a name as written, with the role written next to it; ``source``
        says where the name was read ("label", "quote", "ner", …: see ``SpeakerRef``).

        Example: ``resolve("Alexander Lukashenko", "Président du Bélarus")`` ->
        ``SpeakerRef("Alexandre Loukachenko", "Président du Bélarus", "BY", known=True)``.
        """
        name = drop_honorifics(name)
        data = self._reference(name)
        seen = self._seen_surname(name) if data is None else None
        if data is not None:
            key = name_key(data.name)
            previous = self._seen.get(key)
            speaker = SpeakerRef(
                data.name,
                role or (previous.role if previous else ""),
                data.country or country_of_role(role, self.lexicon),
                known=True,
            )
        elif seen is not None:
            key, previous = seen, self._seen[seen]
            speaker = SpeakerRef(
                previous.name,
                role or previous.role,
                previous.country or country_of_role(role, self.lexicon),
                previous.known,
            )
        else:
            key = name_key(name)
            previous = self._seen.get(key)
            country = country_of_role(role, self.lexicon) or (
                previous.country if previous else None
            )
            speaker = SpeakerRef(name, role or (previous.role if previous else ""), country)
            if previous is None:
                self.warnings.append(_unknown_warning(name, source, line))
        speaker = replace(speaker, source=source)
        self._seen[key] = speaker
        self._surnames.setdefault(key.rsplit(" ", 1)[-1], key)
        self._surnames.setdefault(name_key(name).rsplit(" ", 1)[-1], key)
        return speaker

    def _reference(self, name: str) -> SpeakerData | None:
        key = name_key(name)
        data = self.lexicon.speakers.get(key)
        if data is not None:
            return data
        keys = key.split()
        if len(keys) == 3:
            # "Vladimir Vladimirovitch Poutine": a Russian name with its patronymic
            data = self.lexicon.speakers.get(f"{keys[0]} {keys[2]}")
            if data is not None:
                return data
        if len(keys) >= 2 and len(keys[0]) == 1:
            # "S. Lavrov": a reference speaker with that surname and that initial.
            candidates = [
                speaker
                for speaker in self.lexicon.surnames.get(keys[-1], [])
                if name_key(speaker.name).startswith(keys[0])
            ]
            if len(candidates) == 1:
                return candidates[0]
        if len(keys) == 1 and self._seen_surname(name) is None:
            candidates = self.lexicon.surnames.get(keys[0], [])
            if len(candidates) == 1:
                return candidates[0]
        return None

    def _seen_surname(self, name: str) -> str | None:
        keys = name_key(name).split()
        if len(keys) == 1:
            return self._surnames.get(keys[0])
        return None


def _unknown_warning(name: str, source: str, line: int | None) -> Warning:
    if source == "ner":
        return Warning(
            "speaker-from-ner",
            f"speaker {name!r} was found by named-entity recognition, not in the reference "
            "data; check the name",
            line,
        )
    return Warning(
        "unknown-speaker",
        f"speaker {name!r} is not in the reference data; created from the text",
        line,
    )


def people_in_heading(heading: str, lexicon: Lexicon) -> list[NamedPerson]:
    """The people a part heading names, in order, each with the role written beside them.

    Example: ``"Allocution de Sergueï Lavrov, Ministre des Affaires étrangères de la Fédération
    de Russie, pendant la réunion …"`` -> ``[NamedPerson("Sergueï Lavrov", "Ministre des
    Affaires étrangères de la Fédération de Russie", author=True)]``.
    """
    heading = heading[:MAX_HEADING_CHARS]
    return lexicon.memo("heading", heading, lambda: _people_in_heading(heading, lexicon))


def _people_in_heading(heading: str, lexicon: Lexicon) -> list[NamedPerson]:
    # "(Skopje, 30 novembre 2023)" names no one; "d’Alexandre" is "d’ Alexandre"
    plain = _ELISION.sub(r"\1 ", _PARENTHESES.sub("", heading))
    segments = [segment.strip() for segment in _SEGMENTS.split(plain)]
    people: list[NamedPerson] = []
    for index, segment in enumerate(segments):
        words = segment.split()
        for run_start, run_end in _capitalised_runs(words):
            before_name, name = split_role_and_name(" ".join(words[:run_end]), lexicon)
            name = drop_honorifics(name)
            name_start = run_end - len(name.split())
            if not name or not _is_person(name, words, run_start, name_start, lexicon, plain):
                continue
            role = role_ending(before_name, lexicon)
            anchor = len(before_name.split()) - len(role.split())
            if not role:
                role = role_after(segments, index, lexicon)
            if not role and index > 0 and not _words_before(words, name_start):
                role = role_ending(segments[index - 1], lexicon)
            people.append(NamedPerson(name, role, _introduces_author(words[:anchor])))
    return people


def heading_speaker(heading: str, lexicon: Lexicon) -> NamedPerson | None:
    """The author of the text a heading introduces: the first person not named as a counterpart.

    Example: ``"Texte du message écrit du ministre des Affaires étrangères de la Russie,
    M. Sergueï Lavrov, sur …"`` -> Sergueï Lavrov, role "ministre des Affaires étrangères de la
    Russie".
    """
    for person in people_in_heading(heading, lexicon):
        if person.author:
            return person
    return None


def _capitalised_runs(words: list[str]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, word in enumerate([*words, ""]):
        if word and is_capitalised(word):
            start = index if start is None else start
            continue
        if start is not None:
            runs.append((start, index))
            start = None
    return runs


def _is_person(
    name: str, words: list[str], run_start: int, name_start: int, lexicon: Lexicon, heading: str
) -> bool:
    """A reference speaker, or two to four capitalised words that are not institutions and
    that a word introduces ("de", "M.") or the NER model calls a person ("… porte-parole du
    Ministère des Affaires étrangères Mao Ning du 16 mai 2023")."""
    keys = name_key(name).split()
    if " ".join(keys) in lexicon.speakers:
        return True
    if len(keys) >= 2 and len(keys[0]) == 1 and keys[-1] in lexicon.surnames:
        return True
    if not 2 <= len(name.split()) <= 4:
        return False
    if any(k in ROLE_WORDS or k in EVENT_WORDS or k in FUNCTION_WORDS for k in keys):
        return False
    if any(lexicon.places.get([k]) is not None for k in keys):
        return False
    before = name_key(words[name_start - 1]) if name_start > 0 else ""
    if name_start > run_start or before in _INTRODUCERS:
        return True
    if any(key in OUTLET_WORDS for key in keys) or any(
        len(word) > 1 and word.isupper() for word in name.split()
    ):
        return False  # "l’agence RIA Novosti": an outlet, and no need to ask the model
    if 2 <= len(keys) <= 3 and role_ending(" ".join(words[:name_start]), lexicon):
        return True  # "… porte-parole du Ministère des Affaires étrangères Wang Wenbin"
    return name_key(name) in {name_key(person) for person in ner.people(heading)}


def _words_before(words: list[str], name_start: int) -> bool:
    return any(name_key(word) not in HONORIFICS for word in words[:name_start])


def _introduces_author(words: list[str]) -> bool:
    """False when the words before a name make it a counterpart: "… rencontre avec le …"."""
    for word in reversed(words):
        key = name_key(word)
        if key in ARTICLES or key in HONORIFICS:
            continue
        return key.rsplit(" ", 1)[-1] not in _COUNTERPART_WORDS
    return True


def role_ending(text: str, lexicon: Lexicon) -> str:
    """The role phrase ending ``text``, from its earliest role head.

    Example: ``"Texte du message écrit du ministre des Affaires étrangères de la Russie"`` ->
    ``"ministre des Affaires étrangères de la Russie"``.
    """
    words = text.split()
    head = None
    for index in range(len(words) - 1, -1, -1):
        if not in_role_vocabulary(words[index], lexicon):
            break
        keys = tokenise(words[index]).keys
        if keys and keys[0] in ROLE_HEADS:
            head = index
    if head is None or len(words) - head > MAX_ROLE_WORDS:
        return ""
    return " ".join(words[head:]).strip(" ,")


def role_after(segments: list[str], index: int, lexicon: Lexicon) -> str:
    """ "Sergueï Lavrov, Ministre des Affaires étrangères de la Fédération de Russie, …"."""
    if index + 1 >= len(segments):
        return ""
    following = segments[index + 1]
    keys = tokenise(following).keys
    if (
        keys
        and keys[0] in ROLE_HEADS
        and len(following.split()) <= MAX_ROLE_WORDS
        and in_role_vocabulary(following, lexicon)
    ):
        return following
    return ""
