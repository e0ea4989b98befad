"""Text normalisation shared by every ingest step."""

import unicodedata


def fold_accents(text: str) -> str:
    """Remove diacritics for matching: 'Sergueï Bélarus' -> 'Serguei Belarus'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
