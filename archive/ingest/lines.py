"""Numbered lines: every later step works on these so warnings can point at the source line."""

from dataclasses import dataclass

from archive.ingest.normalise import collapse_spaces


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line in the source file
    text: str  # spaces collapsed, stripped; "" for a blank line


def split_lines(text: str) -> list[Line]:
    """Split normalised text into numbered lines: ``"a\\n\\n  b "`` -> lines 1 "a", 2 "", 3 "b"."""
    return [Line(number, collapse_spaces(raw)) for number, raw in enumerate(text.split("\n"), 1)]
