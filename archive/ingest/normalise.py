"""Text normalisation shared by every ingest step.

Sources come from web pages copied by hand: non-breaking spaces, zero-width characters, curly
and straight apostrophes and mixed line endings all occur, often in the same file. Matching is
always done on ``match_key`` forms so that none of this matters.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

APOSTROPHES = "’'‘ʼ`´"
# Only \n, \r\n and \r end a line (as in an editor); other separators become spaces.
_SPACES = "\u00a0\u202f\u2007\u2009\x0b\x0c\x85\u2028\u2029"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_SPACE_RUN = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_APOSTROPHE_TABLE = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))


def fold_accents(text: str) -> str:
    """Remove diacritics for matching: 'Sergueï Bélarus' -> 'Serguei Belarus'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_text(text: str) -> str:
    """NFC, LF line endings, plain spaces, no zero-width characters, no trailing spaces.

    Example: "Moscou,<U+00A0>25 juin<CR><LF>" -> "Moscou, 25 juin<LF>".
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        for char in _ZERO_WIDTH:
            text = text.replace(char, "")
        for char in _SPACES:
            text = text.replace(char, " ")
    return _TRAILING_SPACE.sub("", text.replace("\t", " "))


def collapse_spaces(text: str) -> str:
    """One space between words, none at the ends: ``"  a   b "`` -> ``"a b"``."""
    return _SPACE_RUN.sub(" ", text).strip()


def match_key(text: str) -> str:
    """The form every name is compared in: folded, lowercase, one apostrophe, single spaces.

    Example: ``"L’Organisation  du Traité"`` -> ``"l'organisation du traite"``.
    """
    return collapse_spaces(search_form(text).replace("œ", "oe").replace("æ", "ae"))


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded like ``match_key``, or left alone if folding would change length."""
    if char in APOSTROPHES:
        return "'"
    folded = fold_accents(char).lower()
    return folded if len(folded) == 1 else char


def search_form(text: str) -> str:
    """Lowercase, accent-free, one apostrophe, and *the same length* as ``text``.

    Regexes run on this form so that match offsets are offsets in the original text.
    Example: ``"1er Février"`` -> ``"1er fevrier"``.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    if lowered.isascii():
        return lowered.translate(_APOSTROPHE_TABLE) if "`" in lowered else lowered
    return _NON_ASCII.sub(lambda match: _fold_char(match.group()), lowered)


@dataclass(frozen=True)
class Tokens:
    """The words of a text and their ``search_form`` keys, index-aligned."""

    words: list[str]
    keys: list[str]


def tokenise(text: str) -> Tokens:
    """Split into words (apostrophes and hyphens separate words), keeping case and offsets.

    Example: ``"l’OTSC à Minsk"`` -> words ``["l", "OTSC", "à", "Minsk"]``,
    keys ``["l", "otsc", "a", "minsk"]``.
    """
    words = _WORD.findall(text)
    keys = _WORD.findall(search_form(text))
    if len(keys) != len(words):  # a folded character changed word boundaries: rare, slower
        folded = search_form(text)
        spans = [match.span() for match in _WORD.finditer(text)]
        keys = [folded[start:end] for start, end in spans]
    return Tokens(words, keys)


@lru_cache(maxsize=8192)
def name_key(text: str) -> str:
    """The key names are looked up by: ``"S.Lavrov"`` and ``"s. lavrov"`` -> ``"s lavrov"``."""
    return " ".join(tokenise(text).keys)
