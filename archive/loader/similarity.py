"""How alike two titles or two texts are, to tell the same occasion or turn reported twice."""

from __future__ import annotations

from archive.ingest.normalise import match_key


def _words(text: str) -> set[str]:
    return {w for w in match_key(text).replace("-", " ").split() if len(w) > 3}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the content words (longer than three letters), from 0 to 1:
    "Sommet de l'OCS à Astana" and "Sommet de l'OCS, Astana" -> 1.0."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 1.0 if match_key(a) == match_key(b) else 0.0
    return len(wa & wb) / len(wa | wb)
