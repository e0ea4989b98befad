"""Who a report quotes or relays: speakers outside labelled turns.

News stories and press releases have no "Name:" labels; they attribute words with a verb of
saying: « … », a déclaré Sergueï Lavrov; « … », a-t-il dit; Selon M. Lavrov, …; M. Wang a
souligné que …. The person is found in the attribution (reference names first, then a name the
French NER model confirms), or, for a pronoun or a bare role ("a déclaré le ministre russe"),
is the person last named before it. People who are only named are participants, not speakers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from archive.ingest import ner
from archive.ingest.lexicon import Lexicon
from archive.ingest.mentions import country_of_role
from archive.ingest.names import drop_honorifics, is_capitalised
from archive.ingest.normalise import name_key, search_form, tokenise
from archive.ingest.records import SpeakerRef
from archive.ingest.speakers import SpeakerResolver, role_after, role_ending
from archive.ingest.vocabulary import (
    ARTICLES,
    EVENT_WORDS,
    FUNCTION_WORDS,
    HONORIFICS,
    ROLE_HEADS,
    ROLE_WORDS,
)

_VERBS = (
    "declare|dit|souligne|indique|affirme|estime|note|rappele|ajoute|assure|insiste|explique"
    "|precise|denonce|lance|annonce|releve|exprime|fait savoir|juge|reaffirme|martele|averti"
    "|conclu|plaide|confie|ecrit|repondu|reconnu|observe|signale|fait valoir|appele"
    "|regrette|deplore|previent|prevenu|promis|confirme|dementi|retorque|reagi|fustige"
    "|commente|resume|repete|ironise|poursuivi|fait remarquer|temoigne|salue|soutenu"
)
_QUOTE_ENDS = '»"”'
# « … », a déclaré Sergueï Lavrov / a-t-il dit / a lancé la présidente en exercice
_AFTER_QUOTE = re.compile(
    rf"[{_QUOTE_ENDS}]\s*,?\s*a(?:vait)?(?P<pronoun>-t-(?:il|elle))?\s(?:\w+\s)?"
    rf"(?P<verb>{_VERBS})\b(?P<subject>[^.;!?«]*)"
)
# Selon M. Lavrov, … / D’après Dmitri Peskov, porte-parole du Kremlin, …
_ACCORDING = re.compile(r"(?:^|\s)(?:selon|d'apres)\s(?P<subject>[^,.;«]+)")
# M. Wang a souligné que … / Le ministre russe Sergueï Lavrov a dénoncé pour sa part « … »
_SAYS = re.compile(
    rf"\s(?:a|avait|ont)\s(?:\w+\s){{0,3}}?(?P<verb>{_VERBS})\b"
    r"(?=\s(?:que|qu')|\s?:|(?:\s[\w']+){0,4}\s?«)"
)
_ROLE_BEFORE = re.compile(
    r"\b(?:président|présidente|ministre|secrétaire|porte-parole|ambassadeur|ambassadrice"
    r"|représentant|représentante|chef|cheffe|directeur|directrice|exercice|envoyé|envoyée)"
    r"(?:\s[a-zà-ÿ’'-]+){0,2}\s$",
    re.IGNORECASE,
)
# "Le ministre russe des Affaires étrangères a accusé …" before anyone is named: the role of
# the person the story goes on to name
_ROLE_SUBJECT = re.compile(
    r"^(?:le|la|l')\s?(?P<role>[^,;:.«»]{3,120}?)\s(?:a|avait|s'est|est|ont)\s", re.IGNORECASE
)
_PRONOUNS = frozenset({"il", "elle", "lui"})
_SENTENCE_BREAK = re.compile(r"(?<=[.!?»])\s+(?=[«A-ZÀ-Ý])")
_ABBREVIATED = re.compile(r"(?:^|\s)(?:[A-ZÀ-Ý]|M|Mme|MM|Dr)\.$")
_EDGES = '()[],;:«»"“”.!?'
MIN_NAME_WORDS, MAX_NAME_WORDS = 2, 4
MAX_SUBJECT_CHARS = 200
MAX_ROLE_WORDS = 8


@dataclass
class _Mention:
    name: str
    role: str
    known: bool
    from_model: bool = False  # the NER model confirmed the name


@dataclass
class QuoteReader:
    """Reads the paragraphs of one report in order, remembering who was last named."""

    resolver: SpeakerResolver
    lexicon: Lexicon
    speakers: list[SpeakerRef] = field(default_factory=list)
    _mentions: list[_Mention] = field(default_factory=list)
    _roles: dict[str, str] = field(default_factory=dict)
    _pending_role: str = ""  # a bare role opening the story, for the next person named

    def read(self, paragraphs: list[str], line: int, *, lead: bool = True) -> list[SpeakerRef]:
        """The people the paragraphs quote or relay, in order of their first words.

        Example: ``["Le président Kassym-Jomart Tokaïev a reçu …", "« … », a déclaré
        Kassym-Jomart Tokaïev."]`` -> Tokaïev, role "président".
        """
        if not any(_attributes(paragraph) for paragraph in paragraphs):
            return self.speakers  # nobody's words are relayed: no sentence needs reading
        for index, paragraph in enumerate(paragraphs):
            for sentence in _sentences(paragraph):
                self._sentence(sentence, line, use_ner=lead and index == 0)
        return self.speakers

    def _sentence(self, sentence: str, line: int, *, use_ner: bool) -> None:
        folded = search_form(sentence)
        attributions: list[tuple[str, bool]] = []  # (subject, direct quote)
        for match in _AFTER_QUOTE.finditer(folded):
            subject = "il" if match["pronoun"] else sentence[match.start("subject") :]
            attributions.append((subject[:MAX_SUBJECT_CHARS], True))
        for match in _ACCORDING.finditer(folded):
            attributions.append((sentence[match.start("subject") :][:MAX_SUBJECT_CHARS], False))
        says = _SAYS.search(folded)
        if says is not None and not attributions:
            attributions.append((sentence[: says.start()], "«" in sentence))
        needs_ner = any(self._unknown_run(subject) for subject, _ in attributions) or (
            use_ner and self._unknown_run(sentence)
        )
        confirmed = _names_of_people(sentence, self.lexicon) if needs_ner else []
        before = list(self._mentions)
        if not self._mentions:
            self._pending_role = self._role_subject(sentence) or self._pending_role
        self._note_mentions(sentence, confirmed)
        for subject, direct in attributions:
            person = self._person(subject, confirmed, before)
            if person is not None:
                self._add(person, line, "quote" if direct else "indirect")

    def _add(self, mention: _Mention, line: int, source: str) -> None:
        role = mention.role or self._roles.get(name_key(self.resolver.canonical(mention.name)), "")
        origin = source if mention.known or not mention.from_model else "ner"
        speaker = self.resolver.resolve(mention.name, role, line=line, source=origin)
        for index, other in enumerate(self.speakers):
            if other.name == speaker.name:
                if not other.role and role:  # "…, a déclaré le chef de la diplomatie russe"
                    self.speakers[index] = replace(other, role=role)
                return
        self.speakers.append(
            SpeakerRef(speaker.name, speaker.role, speaker.country, speaker.known, origin)
        )

    def _role_subject(self, sentence: str) -> str:
        """The bare role a sentence opens with: "Le ministre russe des Affaires étrangères a
        accusé …" -> "ministre russe des Affaires étrangères"."""
        match = _ROLE_SUBJECT.match(sentence.strip())
        if match is None:
            return ""
        role = match["role"].strip()
        keys = tokenise(role).keys
        if not keys or keys[0] not in ROLE_HEADS or len(role.split()) > MAX_ROLE_WORDS:
            return ""
        return role if role_ending(role, self.lexicon) == role else ""

    def _person(
        self, subject: str, confirmed: list[str], before: list[_Mention]
    ) -> _Mention | None:
        words = subject.split()
        first = name_key(words[0]) if words else ""
        if first in _PRONOUNS or not words:
            return before[-1] if before else (self._mentions[-1] if self._mentions else None)
        found = self._people(subject, confirmed)
        if found:
            return found[0]
        named = self._by_surname(words, before)
        if named is not None:
            return named
        keys = tokenise(subject).keys
        if any(key in ROLE_HEADS or key == "dirigeant" for key in keys[:4]) and before:
            # "a déclaré le ministre russe": the person last named, in that role
            role = role_ending(" ".join(words[:MAX_ROLE_WORDS]).strip(" ,.;"), self.lexicon)
            last = before[-1]
            return _Mention(last.name, last.role or role, last.known, last.from_model)
        return None

    def _by_surname(self, words: list[str], before: list[_Mention]) -> _Mention | None:
        """ "M. Osmani" after "… Bujar Osmani, a appelé …": someone named in full earlier."""
        for start, end in _runs(words):
            name = drop_honorifics(" ".join(word.strip(_EDGES) for word in words[start:end]))
            key = name_key(name)
            if " " in key:
                continue
            for mention in reversed(before or self._mentions):
                if name_key(mention.name).rsplit(" ", 1)[-1] == key:
                    return mention
        return None

    def _note_mentions(self, sentence: str, confirmed: list[str]) -> None:
        for mention in self._people(sentence, confirmed):
            key = name_key(self.resolver.canonical(mention.name))
            pending, self._pending_role = self._pending_role, ""
            if not mention.role and pending and self._fits(mention, pending):
                mention = replace(mention, role=pending)  # the role the story opened with
            if mention.role:
                self._roles.setdefault(key, mention.role)
            self._mentions.append(mention)

    def _fits(self, mention: _Mention, role: str) -> bool:
        """A role naming a country ("ministre russe") fits only that country's people."""
        country = country_of_role(role, self.lexicon)
        known = self.resolver.known(mention.name)
        return country is None or known is None or known.country in (None, country)

    def _people(self, text: str, confirmed: list[str]) -> list[_Mention]:
        """People named in ``text``: reference names, or runs the NER model confirmed."""
        words = text.split()
        found: list[_Mention] = []
        confirmed_keys = {name_key(name) for name in confirmed}
        for start, end in _runs(words):
            run = [word.strip(_EDGES) for word in words[start:end]]
            person = self._known_in(run)
            if person is not None:  # "de la Défense Sergueï Choïgou": the role ends before
                start = max(start, end - len(person[0].split()))
                while start > 0 and name_key(words[start - 1]) in HONORIFICS:
                    start -= 1
            if person is None:
                name = drop_honorifics(" ".join(run))
                for size in range(min(len(name.split()), MAX_NAME_WORDS), MIN_NAME_WORDS - 1, -1):
                    tail = " ".join(name.split()[-size:])  # "Nord Bujar Osmani" -> the name
                    if name_key(tail) in confirmed_keys:
                        person = (tail, None)
                        start = end - size
                        break
            if person is None and end - start >= MIN_NAME_WORDS:
                person = self._after_role(words, start, end)
                if person is not None:
                    start = end - len(person[0].split())
            if person is None:
                continue
            name, known = person
            before = " ".join(words[:start])
            role = role_ending(before, self.lexicon)
            if not role:
                segments = re.split(r",\s*", " ".join(words[start:]), maxsplit=2)
                role = role_after(segments, 0, self.lexicon)
            found.append(_Mention(name, role, bool(known), from_model=known is None))
        return found

    def _after_role(self, words: list[str], start: int, end: int) -> tuple[str, bool] | None:
        """Two capitalised words right after a role phrase are a name the model missed: "le
        ministre des Affaires étrangères de la Macédoine du Nord Bujar Osmani"."""
        tail = [word.strip(_EDGES) for word in words[end - MIN_NAME_WORDS : end]]
        keys = tokenise(" ".join(tail)).keys
        if any(word.isupper() for word in tail) or any(
            key in ROLE_WORDS
            or key in EVENT_WORDS
            or key in FUNCTION_WORDS
            or self.lexicon.places.get([key]) is not None
            for key in keys
        ):
            return None
        if not role_ending(" ".join(words[: end - MIN_NAME_WORDS]), self.lexicon):
            return None
        return " ".join(tail), False

    def _known_in(self, run: list[str]) -> tuple[str, bool] | None:
        """The reference (or already quoted) person a capitalised run ends with."""
        for start in range(len(run)):
            name = " ".join(run[start:])
            keys = name_key(name).split()
            if not keys or all(key in HONORIFICS for key in keys):
                continue
            if len(keys) == 1 and (
                keys[0] in ROLE_WORDS or keys[0] in FUNCTION_WORDS or keys[0] in EVENT_WORDS
            ):
                continue
            bare = drop_honorifics(name)
            if self.resolver.known(name) is not None or (
                len(bare.split()) == 1 and self.resolver.can_resolve(bare)
            ):
                return drop_honorifics(name), True
        return None

    def _unknown_run(self, subject: str) -> bool:
        """Whether ``subject`` has a run of capitalised words that could be a name no rule
        knows: only then is the model asked ("La Chine", "Affaires étrangères" are not)."""
        words = subject.split()
        for start, end in _runs(words):
            run = [word.strip(_EDGES) for word in words[start:end]]
            keys = tokenise(" ".join(run)).keys
            while keys and (keys[0] in ARTICLES or keys[0] in HONORIFICS):
                keys = keys[1:]
            if len(keys) < MIN_NAME_WORDS or self._known_in(run) is not None:
                continue
            if any(
                key in ROLE_WORDS or key in EVENT_WORDS or key in FUNCTION_WORDS for key in keys
            ):
                continue
            if self.lexicon.places.get(keys) is None and (
                self.lexicon.organisation_names.get(keys) is None
            ):
                return True
        return False


def _attributes(paragraph: str) -> bool:
    """Whether a paragraph relays anyone's words at all (most narration does not)."""
    folded = search_form(paragraph)
    return bool(_AFTER_QUOTE.search(folded) or _ACCORDING.search(folded) or _SAYS.search(folded))


def _names_of_people(sentence: str, lexicon: Lexicon) -> list[str]:
    """Names the model tags as people, and as "miscellaneous" right after a role ("le
    président en exercice Bujar Osmani"), which the small model often does for names it has
    not seen."""
    names = []
    for name, label, start in ner.entities(sentence):
        if label == "PER":
            names.append(name)
        elif label == "MISC" and MIN_NAME_WORDS <= len(name.split()) <= MAX_NAME_WORDS:
            before = sentence[:start].rstrip()
            if _ROLE_BEFORE.search(before + " ") or role_ending(before, lexicon):
                names.append(name)
    return names


def _runs(words: list[str]) -> list[tuple[int, int]]:
    """Runs of capitalised words, cut at punctuation that ends a word."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, word in enumerate([*words, ""]):
        if word and is_capitalised(word) and word[0] not in "«»":
            start = index if start is None else start
            if word[-1] in ",;:.!?" and not _ABBREVIATED.search(word):
                runs.append((start, index + 1))
                start = None
            continue
        if start is not None:
            runs.append((start, index))
            start = None
    return runs


def _sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; "M." and initials ("S. Lavrov") do not end one."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(paragraph):
        if _ABBREVIATED.search(paragraph[start : match.start()]):
            continue
        sentences.append(paragraph[start : match.start()])
        start = match.end()
    sentences.append(paragraph[start:])
    return [sentence for sentence in sentences if sentence.strip()]
