"""What counts as a librarian's change: values compared as a reader sees them.

Browsers send a textarea's line breaks as CRLF, and text pasted from elsewhere brings
non-breaking spaces, zero-width characters and decomposed accents. Text fields hold what the
importer's ``normalise_text`` gives, whoever writes them, so saving an unchanged form changes
nothing and records no correction, and a re-import compares like with like.
"""

from __future__ import annotations

from archive.ingest.normalise import normalise_text


def clean_text(value: str) -> str:
    """A text field's stored form: "Un.\\r\\n\\r\\nDeux.\\u00a0!" -> "Un.\\n\\nDeux. !"."""
    return normalise_text(value).strip()


def same(a, b) -> bool:
    """Whether two values of a field are the same to a reader (text compared cleaned)."""
    if isinstance(a, str) and isinstance(b, str):
        return clean_text(a) == clean_text(b)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b
