"""A deterministic synthetic archive with the real sources' shape, to measure speed at scale.

``corpus_plan`` draws it (``plan``), from the seed sources' shape (``seeds``) and French text
(``text``); ``corpus_generate`` bulk-loads it (``database``) and ``sources_write`` writes it
as source texts for the importer (``sources``).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from archive.ingest.reference import ReferenceData
from bench.corpus.plan import CorpusPlan
from bench.corpus.seeds import reference_members, seed_shape


def corpus_plan(
    *,
    statements: int,
    seed: int,
    events: int | None = None,
    speakers: int | None = None,
    sources_dir: Path | None = None,
    reference_dir: Path | None = None,
) -> CorpusPlan:
    """The plan for ``statements`` statements, shaped like the seed sources."""
    reference_dir = Path(reference_dir or settings.REFERENCE_DIR)
    sources_dir = Path(sources_dir or settings.BASE_DIR / "fixtures" / "sources")
    return CorpusPlan(
        statements=statements,
        seed=seed,
        shape=seed_shape(sources_dir, reference_dir),
        reference=ReferenceData.from_directory(reference_dir),
        members=reference_members(reference_dir),
        events=events,
        speakers=speakers,
    )
