"""Text normalisation shared by every ingest step.

Sources come from web pages copied by hand: non-breaking spaces, zero-width characters, curly
and straight apostrophes and mixed line endings all occur, often in the same file. Matching is
always done on ``match_key`` forms so that none of this matters.
"""

import re
import unicodedata
from dataclasses import dataclass

APOSTROPHES = "’'‘ʼ`´"
# Only \n, \r\n and \r end a line (as in an editor); other separators become spaces.
_SPACES = dict.fromkeys("\u00a0\u202f\u2007\u2009\t\x0b\x0c\x85\u2028\u2029", " ")
_ZERO_WIDTH = {"\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None}
_CLEANUP = str.maketrans({**_SPACES, **_ZERO_WIDTH})
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

    Example: ``"Moscou,\u00a025 juin\r\n"`` -> ``"Moscou, 25 juin\n"``.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CLEANUP)
    return _TRAILING_SPACE.sub("", text)


def collapse_spaces(text: str) -> str:
    """One space between words, none at the ends: ``"  a   b "`` -> ``"a b"``."""
    return _SPACE_RUN.sub(" ", text).strip()


def match_key(text: str) -> str:
    """The form every name is compared in: folded, lowercase, one apostrophe, single spaces.

    Example: ``"L’Organisation  du Traité"`` -> ``"l'organisation du traite"``.
    """
    folded = fold_accents(text).lower().translate(_APOSTROPHE_TABLE)
    return collapse_spaces(folded.replace("œ", "oe").replace("æ", "ae"))


def word_keys(text: str) -> list[str]:
    """The words of ``match_key(text)``, punctuation dropped: ``"l’OTSC"`` -> ``["l", "otsc"]``."""
    return _WORD.findall(match_key(text))


class _SearchFold(dict):
    """A ``str.translate`` table folding one character at a time, built lazily."""

    def __missing__(self, char_code: int) -> str:
        char = chr(char_code)
        folded = fold_accents(char).lower().translate(_APOSTROPHE_TABLE)
        result = folded if len(folded) == 1 else char.lower() if len(char.lower()) == 1 else char
        self[char_code] = result
        return result


_SEARCH_FOLD = _SearchFold()


def search_form(text: str) -> str:
    """Lowercase, accent-free, one apostrophe, and *the same length* as ``text``.

    Regexes run on this form so that match offsets are offsets in the original text.
    Example: ``"1er Février"`` -> ``"1er fevrier"``.
    """
    return text.translate(_SEARCH_FOLD)


@dataclass(frozen=True)
class Tokens:
    """The words of a text with their ``search_form`` keys and offsets, index-aligned."""

    words: list[str]
    keys: list[str]
    spans: list[tuple[int, int]]


def tokenise(text: str) -> Tokens:
    """Split into words (apostrophes and hyphens separate words), keeping case and offsets.

    Example: ``"l’OTSC à Minsk"`` -> words ``["l", "OTSC", "à", "Minsk"]``,
    keys ``["l", "otsc", "a", "minsk"]``.
    """
    folded = search_form(text)
    spans = [match.span() for match in _WORD.finditer(text)]
    return Tokens([text[a:b] for a, b in spans], [folded[a:b] for a, b in spans], spans)


def name_key(text: str) -> str:
    """The key names are looked up by: ``"S.Lavrov"`` and ``"s. lavrov"`` -> ``"s lavrov"``."""
    return " ".join(tokenise(text).keys)
