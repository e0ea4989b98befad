"""Person names inside role phrases: "Président du Bélarus Alexander Lukashenko".

A role phrase is function words, role words and nationality adjectives in lowercase, with
capitalised words (countries, institutions, the name) in between. The name is the trailing run
of capitalised words once leading country names, acronyms and capitalised role words are
removed from that run.
"""

from __future__ import annotations

import re

from archive.ingest.lexicon import Lexicon
from archive.ingest.normalise import name_key, tokenise
from archive.ingest.vocabulary import FUNCTION_WORDS, HONORIFICS, ROLE_WORDS

MAX_NAME_WORDS = 4
NAME_PARTICLES = frozenset({"al", "el", "bin", "ben", "ibn", "van", "von", "der", "da", "di"})
_ELIDED = re.compile(r"^[dlDL][’']")
_EDGE_PUNCTUATION = '()[],;:«»"“”'
_INITIAL = re.compile(r"^[A-ZÀ-Ý]\.(?:-?[A-ZÀ-Ý]\.)*$")


def is_capitalised(word: str) -> bool:
    """A word starting with a capital and not elided: "Bélarus", "S.", not "d’Arménie"."""
    word = word.strip(_EDGE_PUNCTUATION)
    return bool(word) and word[0].isupper() and not _ELIDED.match(word)


def in_role_vocabulary(text: str, lexicon: Lexicon) -> bool:
    """Every lowercase word is a function word, role word or nationality adjective.

    Example: ``"Premier ministre de la République d’Arménie"`` -> True;
    ``"M. Wang a avancé une proposition"`` -> False.
    """
    tokens = tokenise(text)
    return all(
        word[0].isupper()
        or word.isdigit()
        or key in FUNCTION_WORDS
        or key in ROLE_WORDS
        or key in NAME_PARTICLES
        or key in lexicon.adjective_keys
        for word, key in zip(tokens.words, tokens.keys, strict=True)
    )


def split_role_and_name(text: str, lexicon: Lexicon) -> tuple[str, str]:
    """Split a role phrase into (role, name); the name may be "".

    Example: ``"Président par intérim du Kirghizistan Talant Mamytov"`` ->
    ``("Président par intérim du Kirghizistan", "Talant Mamytov")``.
    """
    words = text.strip(" ,;:").split()
    start = len(words)
    while start > 0 and is_capitalised(words[start - 1]) and not _ends_segment(words[start - 1]):
        start -= 1
    run = [word.strip(_EDGE_PUNCTUATION) for word in words[start:]]
    name_words = _known_suffix(run, lexicon) or run[_leading_non_name(run, lexicon) :]
    name_words = name_words[-MAX_NAME_WORDS:]
    role_words = words[: len(words) - len(name_words)]
    while role_words and name_key(role_words[-1]) in HONORIFICS:
        role_words.pop()
    role = " ".join(role_words).strip(" ,–—-")
    return role, " ".join(name_words)


def drop_honorifics(name: str) -> str:
    """``"M. Sergueï Lavrov"`` -> ``"Sergueï Lavrov"``."""
    words = name.split()
    while len(words) > 1 and name_key(words[0]) in HONORIFICS:
        words.pop(0)
    return " ".join(words)


def _known_suffix(run: list[str], lexicon: Lexicon) -> list[str]:
    """The longest tail of the run that is a reference speaker ("Noursoultan Nazarbaïev")."""
    for start in range(len(run) - 1):
        if name_key(" ".join(run[start:])) in lexicon.speakers:
            return run[start:]
    return []


def _ends_segment(word: str) -> bool:
    return word.endswith((",", ";", ":"))


def _leading_non_name(run: list[str], lexicon: Lexicon) -> int:
    """How many words at the start of a capitalised run are not part of the person's name."""
    index = 0
    while index < len(run):
        for length in range(min(len(run) - index, 6), 0, -1):
            keys = tokenise(" ".join(run[index : index + length])).keys
            if lexicon.places.get(keys) is not None or lexicon.country_names.get(keys) is not None:
                index += length
                break
        else:
            word = run[index].strip(_EDGE_PUNCTUATION)
            keys = tokenise(word).keys
            if _INITIAL.match(word):
                break  # "A. Petrov": an initial begins the name ("A" is not the word "à")
            if word in lexicon.acronyms or (
                keys
                and all(k in ROLE_WORDS or k in FUNCTION_WORDS or k in HONORIFICS for k in keys)
            ):
                index += 1
                continue
            break
    return index
