"""French text for synthetic statements: seed words with Zipf frequencies, cut into sentences.

Three *marker* words are kept out of the Zipf draw and placed on purpose, so that a benchmark
knows how many statements each one matches: a rare one, a common one (in ~7.5 % of
statements) and a very common one (in half of them). The French stems SQLite's index needs
are computed once per vocabulary word and joined, never by stemming whole texts.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from archive.search.query import STOP_WORDS, stem, stems_of
from bench.corpus.seeds import SeedShape

ZIPF_EXPONENT = 1.0
COMMON_SHARE = 0.075
VERY_COMMON_SHARE = 0.5
RARE_SHARE = 0.00005  # 50 statements in a million, and never fewer than RARE_MINIMUM
RARE_MINIMUM = 3
MARKER_MIN_LETTERS = 7
COMMON_RANK = 10  # the common marker is the tenth most frequent eligible seed word


@dataclass(frozen=True)
class Markers:
    rare: str
    common: str
    very_common: str

    def as_dict(self) -> dict[str, str]:
        return {"rare": self.rare, "common": self.common, "very_common": self.very_common}


def choose_markers(shape: SeedShape, *, reserved: set[str]) -> Markers:
    """Seed words whose stem no other seed word and no reserved stem shares.

    ``reserved`` holds the stems of everything else the corpus writes into searched fields
    (names, titles, roles), so that a search for a marker matches only where it was placed.
    """
    owners: dict[str, set[str]] = {}
    for word in shape.words:
        for word_stem in stems_of(word):
            owners.setdefault(word_stem, set()).add(word)
    eligible = [
        word
        for word in shape.words
        if word.isalpha()
        and len(word) >= MARKER_MIN_LETTERS
        and word not in STOP_WORDS
        and owners.get(stem(word)) == {word}
        and stem(word) not in reserved
    ]
    if len(eligible) < COMMON_RANK + 2:
        raise ValueError("the seed sources have too few distinct words to choose markers from")
    return Markers(rare=eligible[-1], common=eligible[COMMON_RANK], very_common=eligible[0])


class Composer:
    """Draws statement texts; the same random stream gives the same texts."""

    def __init__(self, shape: SeedShape, markers: Markers):
        excluded = {stem(m) for m in markers.as_dict().values()}
        self.words = [w for w in shape.words if not excluded & set(stems_of(w))]
        weights = [1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(self.words))]
        self.cumulative = list(itertools.accumulate(weights))
        self.stems: dict[str, str] = {}
        self.lengths = shape.lengths
        self.question_lengths = shape.question_lengths

    def stems_for(self, word: str) -> str:
        """The stems of one word or name, as ``textsearch.document`` writes them."""
        found = self.stems.get(word)
        if found is None:
            found = self.stems[word] = " ".join(stems_of(word))
        return found

    def length(self, rng: random.Random) -> int:
        """A real statement's length, jittered, kept within the seeds' range."""
        base = rng.choice(self.lengths)
        jittered = round(base * rng.lognormvariate(0, 0.25))
        return min(max(jittered, self.lengths[0]), self.lengths[-1])

    def question_length(self, rng: random.Random) -> int:
        return max(5, round(rng.choice(self.question_lengths) * rng.uniform(0.7, 1.3)))

    def draw(
        self, rng: random.Random, length: int, *, placed=(), question=False, stems=False
    ) -> tuple[str, str]:
        """A text of ``length`` words with the ``placed`` words among them, and its stems.

        The stems string is empty unless ``stems`` is true (only SQLite needs it).
        """
        words = rng.choices(self.words, cum_weights=self.cumulative, k=length)
        for word in placed:
            words.insert(rng.randrange(len(words) + 1), word)
        paragraphs, sentences, start = [], [], 0
        paragraph_size = rng.randint(1, 4)
        while start < len(words):
            end = start + rng.randint(8, 30)
            chunk = words[start:end]
            if len(chunk) > 10:
                chunk[rng.randrange(3, len(chunk) - 3)] += ","
            sentence = " ".join(chunk)
            sentences.append(sentence[0].upper() + sentence[1:])
            start = end
            if len(sentences) >= paragraph_size or start >= len(words):
                end_mark = "?" if question and start >= len(words) else "."
                paragraphs.append(". ".join(sentences) + end_mark)
                sentences, paragraph_size = [], rng.randint(1, 4)
        text = "\n\n".join(paragraphs)
        if not stems:
            return text, ""
        table = self.stems
        missing = [w for w in words if w not in table]
        for word in missing:
            self.stems_for(word)
        return text, " ".join(table[w] for w in words)
