"""The shape of the real sources, which the synthetic corpus imitates.

Read with the importer's own parser from ``fixtures/sources``: how many words statements and
questions have, and which lowercase words they use how often. Nothing here touches a database.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from archive.ingest.pipeline import parse_source
from archive.ingest.reference import ReferenceData

# A lowercase French word, possibly elided or hyphenated: "sécurité", "l’interaction".
LOWERCASE_WORD = re.compile(r"^[a-zàâäçéèêëîïôöùûüÿœæ]+(?:[’'-][a-zàâäçéèêëîïôöùûüÿœæ]+)*$")
EDGE_PUNCTUATION = '.,;:!?«»"()[]…–—“”*•'


@dataclass(frozen=True)
class SeedShape:
    """Statement and question lengths (in words) and the vocabulary, most frequent first."""

    lengths: tuple[int, ...]
    question_lengths: tuple[int, ...]
    words: tuple[str, ...]
    counts: tuple[int, ...]


def words_of(text: str) -> list[str]:
    """The lowercase words of a text as written: 'L’Asie a réussi, enfin.' -> ['a', 'réussi',
    'enfin'] (capitalised words are names or sentence starts, left to the reference data)."""
    found = []
    for token in text.split():
        token = token.strip(EDGE_PUNCTUATION)
        if LOWERCASE_WORD.match(token):
            found.append(token)
    return found


@cache
def seed_shape(sources_dir: Path, reference_dir: Path) -> SeedShape:
    reference = ReferenceData.from_directory(reference_dir)
    lengths, questions, words = [], [], Counter()
    for path in sorted(sources_dir.glob("*.txt")):
        parsed = parse_source(path.read_bytes(), name=path.name, reference=reference)
        for part in parsed.parts:
            for turn in part.turns:
                lengths.append(len(turn.text.split()))
                words.update(words_of(turn.text))
                if turn.question:
                    questions.append(len(turn.question.split()))
                    words.update(words_of(turn.question))
    if not lengths:
        raise ValueError(f"no statements found in {sources_dir}")
    ranked = sorted(words.items(), key=lambda item: (-item[1], item[0]))
    return SeedShape(
        lengths=tuple(sorted(lengths)),
        question_lengths=tuple(sorted(questions)) or (20,),
        words=tuple(word for word, _n in ranked),
        counts=tuple(n for _word, n in ranked),
    )


def reference_members(directory: Path) -> dict[str, tuple[str, ...]]:
    """Each organisation's members, observers and partners (ISO codes), from the fixtures."""
    rows = json.loads((directory / "organisations.json").read_text(encoding="utf-8"))
    return {
        row["code"]: tuple(
            iso2 for key in ("members", "observers", "partners") for iso2 in row.get(key, ())
        )
        for row in rows
    }
