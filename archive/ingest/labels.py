"""Speaker labels that start a turn: "Président de la Russie Vladimir Poutine: Bonjour."

A label sits at the start of a line before a colon. It is short, has no sentence punctuation,
and its lowercase words are all function words, role words or nationality adjectives, so a
colon inside a sentence ("M. Wang a avancé une proposition en quatre points :") is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from archive.ingest.lexicon import Lexicon
from archive.ingest.names import drop_honorifics, in_role_vocabulary, split_role_and_name
from archive.ingest.normalise import name_key, tokenise
from archive.ingest.vocabulary import (
    ANSWER_LABELS,
    ARTICLES,
    HEADER_KEYS,
    INTERVIEWER_WORDS,
    OUTLET_WORDS,
    QUESTION_LABELS,
    ROLE_HEADS,
    SALUTATIONS,
)

MAX_LABEL_CHARS = 120
MAX_LABEL_WORDS = 12
# Initials and abbreviated honorifics carry a full stop that is not sentence punctuation.
_ABBREVIATION = re.compile(r"(?<!\w)(?:[A-ZÀ-Ý][a-z]{0,2}\.-?)+")
_SENTENCE_PUNCTUATION = re.compile(r"[.?!;«»\"“”…]")
_PARENTHESIS = re.compile(r"\(([^()]*)\)")
# "(traduite de l’anglais)", "(retraduit)", "(en anglais)": a note on the text, not a name
_TRANSLATED = re.compile(
    r"\s*\((?:re)?tradu\w*(?:\s[^()]*)?\)|\s*\(en\s(?:anglais|chinois|russe|kazakh)\)",
    re.IGNORECASE,
)


class LabelKind(StrEnum):
    QUESTION = "question"  # "Question", "Q"
    ANSWER = "answer"  # "Réponse": the part's main speaker answers
    INTERVIEWER = "interviewer"  # "Journaliste", "Correspondant de RIA Novosti"
    OUTLET = "outlet"  # "RT", "BBC", "Le Figaro": a media outlet asking
    PERSON = "person"  # a named person, with or without a role


@dataclass(frozen=True)
class Label:
    text: str  # the label as written, without the colon
    kind: LabelKind
    role: str = ""
    name: str = ""  # the person, outlet or interviewer's outlet; "" when none is named
    rest: str = ""  # what follows the colon on the same line

    @property
    def asker(self) -> str:
        """How a question's author is shown: the outlet or person if named, else "Question"
        for every bare question label ("Q", "Question 2")."""
        if self.name:
            return self.name
        return "Question" if self.kind is LabelKind.QUESTION else self.text


def parse_label(line: str, lexicon: Lexicon) -> Label | None:
    """The label starting ``line``, or None when the line does not start a turn.

    Example: ``"Président du Bélarus Alexander Lukashenko: Chers Amis,"`` -> a PERSON label with
    role "Président du Bélarus" and name "Alexander Lukashenko".
    """
    colon = line.find(":", 0, MAX_LABEL_CHARS + 2)
    if colon <= 0 or line[colon + 1 : colon + 3] == "//":
        return None
    text = line[:colon].strip()
    label = lexicon.memo("label", text, lambda: _parse_label_text(text, lexicon))
    if label is None:
        return None
    rest = line[colon + 1 :].strip()
    if label.kind is not LabelKind.QUESTION and _is_header_value(rest):
        return None  # "Original : ANGLAIS", "Présidence : Malte": a header's key and value
    return Label(label.text, label.kind, label.role, label.name, rest)


def _is_header_value(rest: str) -> bool:
    """A value rather than a speaker's words: all in capitals ("ANGLAIS", "ALLOCUTION DU
    PRÉSIDENT"), or one capitalised word with no punctuation ("Malte")."""
    letters = [char for char in rest if char.isalpha()]
    if len(letters) >= 2 and all(char.isupper() for char in letters):
        return True
    words = rest.split()
    return len(words) == 1 and words[0][:1].isupper() and words[0].isalpha()


def _parse_label_text(text: str, lexicon: Lexicon) -> Label | None:
    if not text or len(text) > MAX_LABEL_CHARS or len(text.split()) > MAX_LABEL_WORDS:
        return None
    written, text = text, _TRANSLATED.sub("", text).strip()  # "Question (traduite de …)"
    if not text:
        return None
    label = _parse_plain_label(text, lexicon)
    if label is None or written == text:
        return label
    return Label(written, label.kind, label.role, label.name, label.rest)


def _parse_plain_label(text: str, lexicon: Lexicon) -> Label | None:
    if _SENTENCE_PUNCTUATION.search(_ABBREVIATION.sub("", text)):
        return None
    keys = tokenise(text).keys
    if not keys or keys[0] in SALUTATIONS or keys[0] in HEADER_KEYS:
        return None
    if keys[0] in QUESTION_LABELS:
        return _question(text)
    if any(char.isdigit() for char in text) or not text[0].isupper():
        return None
    if not in_role_vocabulary(text, lexicon):
        return None
    if len(keys) == 1 and keys[0] in ANSWER_LABELS:
        return Label(text, LabelKind.ANSWER)
    if any(key in INTERVIEWER_WORDS for key in keys):
        return Label(text, LabelKind.INTERVIEWER, name=_outlet_in(text, lexicon))
    inside = _PARENTHESIS.search(text)
    if inside is not None and _looks_like_outlet(inside.group(1), tokenise(inside.group(1)).keys):
        # "A. Petrov (RIA Novosti)": a journalist of an outlet asks
        person = _PARENTHESIS.sub("", text).strip()
        if person and name_key(person) not in lexicon.speakers:
            return Label(text, LabelKind.INTERVIEWER, name=person)
    role, name = split_role_and_name(text, lexicon)
    name = drop_honorifics(name)
    if name_key(name) not in lexicon.speakers and _looks_like_outlet(text, keys):
        return Label(text, LabelKind.OUTLET, name=text)
    if not name:
        return None
    return Label(text, LabelKind.PERSON, role=role, name=name)


def _question(text: str) -> Label | None:
    """ "Question", "Q", "Question (RIA Novosti)", "Question 2"; not "Questions-réponses"."""
    inside = _PARENTHESIS.search(text)
    outside = _PARENTHESIS.sub("", text).split()
    if name_key(outside[0]) not in QUESTION_LABELS:
        return None
    if len(outside) > 2 or (len(outside) == 2 and not outside[1].isdigit()):
        return None
    return Label(text, LabelKind.QUESTION, name=inside.group(1).strip() if inside else "")


def _outlet_in(text: str, lexicon: Lexicon) -> str:
    """The outlet or person behind an interviewer label: "Journaliste (TASS)" -> "TASS"."""
    inside = _PARENTHESIS.search(text)
    if inside:
        return inside.group(1).strip()
    _, name = split_role_and_name(text, lexicon)
    return name


def _looks_like_outlet(text: str, keys: list[str]) -> bool:
    """ "RT", "BBC", "RIA NOVOSTI", "Le Figaro", "Agence France-Presse"; not "Sergueï Lavrov"."""
    if any(key in ROLE_HEADS for key in keys) or len(keys) > 4:
        return False
    letters = [char for char in text if char.isalpha()]
    if all(char.isupper() for char in letters) or keys[0] in ARTICLES:
        return True
    return any(key in OUTLET_WORDS for key in keys)
