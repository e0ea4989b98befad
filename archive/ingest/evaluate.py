"""How right the parser is, field by field, on texts with a hand-written truth file.

Each ``NAME.txt`` of an evaluation folder has a ``NAME.json`` beside it saying what a librarian
would extract (see ``docs/IMPORT.md``). Parsed parts are aligned with the true events in order;
then every field is scored as precision (of what the parser gave, how much is right) and recall
(of what is true, how much the parser gave).

    python -m archive.ingest.evaluate                  # the development set
    python -m archive.ingest.evaluate --set heldout    # the held-out set
    python -m archive.ingest.evaluate --by-format --errors
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from archive.ingest.normalise import name_key
from archive.ingest.pipeline import parse_source
from archive.ingest.records import ParsedSource, Part
from archive.ingest.reference import ReferenceData

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fixtures" / "evaluation"
REFERENCE = ROOT / "fixtures" / "reference"
FIELDS = (
    "events",
    "title",
    "date",
    "place",
    "country",
    "kind",
    "organisations",
    "mentioned",
    "speakers",
    "roles",
    "statements",
    "qa",
)
MIN_TITLE_OVERLAP = 0.7
MIN_ROLE_OVERLAP = 0.5
MIN_ALIGNMENT = 0.25


@dataclass
class Score:
    """Counts for one field: true positives, and how many were predicted and expected."""

    correct: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    def add(self, other: Score) -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.expected += other.expected


@dataclass
class FileResult:
    name: str
    format: str
    scores: dict[str, Score] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class Report:
    files: list[FileResult]

    def total(self, fmt: str | None = None) -> dict[str, Score]:
        totals = {name: Score() for name in FIELDS}
        for result in self.files:
            if fmt is None or result.format == fmt:
                for name, score in result.scores.items():
                    totals[name].add(score)
        return totals

    @property
    def formats(self) -> list[str]:
        return sorted({result.format for result in self.files})


def evaluate(folder: Path, reference: ReferenceData) -> Report:
    """Parse every text of ``folder`` and score it against its truth file."""
    results = []
    for text_path in sorted(folder.glob("*.txt")):
        truth = json.loads(text_path.with_suffix(".json").read_text(encoding="utf-8"))
        parsed = parse_source(text_path.read_bytes(), name=text_path.name, reference=reference)
        results.append(score_file(text_path.name, truth, parsed))
    return Report(results)


def score_file(name: str, truth: dict, parsed: ParsedSource) -> FileResult:
    """Align the parsed parts with the true events and score each field."""
    result = FileResult(name, truth.get("format", "other"))
    scores = {field_name: Score() for field_name in FIELDS}
    events = truth["events"]
    parts = parsed.parts
    pairs = _align(events, parts)
    matched_parts = {part_index for _, part_index in pairs}
    scores["events"] = Score(len(pairs), len(parts), len(events))
    by_event = dict(pairs)
    for index, event in enumerate(events):
        part = parts[by_event[index]] if index in by_event else None
        _score_event(event, part, scores, result.errors, index)
    for part_index, part in enumerate(parts):
        if part_index not in matched_parts:
            _score_event({}, part, scores, result.errors, None)
    result.scores = scores
    return result


def _score_event(
    event: dict, part: Part | None, scores: dict[str, Score], errors: list[str], index: int | None
) -> None:
    where = f"event {index + 1}" if index is not None else "extra part"
    predicted = _predicted(part)

    def single(field_name: str, truth_value: str, value: str, same) -> None:
        score = scores[field_name]
        score.expected += bool(truth_value)
        score.predicted += bool(value)
        if truth_value and value and same(truth_value, value):
            score.correct += 1
        elif truth_value or value:
            errors.append(f"{where}: {field_name}: expected {truth_value!r}, got {value!r}")

    single("title", event.get("title", ""), predicted["title"], _same_title)
    single("date", event.get("date") or "", predicted["date"], str.__eq__)
    single("place", event.get("place", ""), predicted["place"], _same_place)
    single("country", event.get("country") or "", predicted["country"], str.__eq__)
    single("kind", event.get("kind", ""), predicted["kind"], str.__eq__)
    for field_name, truth_items, items in (
        ("organisations", event.get("organisations", []), predicted["organisations"]),
        ("mentioned", event.get("mentioned", []), predicted["mentioned"]),
        ("speakers", [name_key(n) for n, _ in event.get("speakers", [])], predicted["speakers"]),
        ("statements", event.get("statements", []), predicted["statements"]),
        ("qa", [(name_key(a), name_key(s)) for a, s in event.get("qa", [])], predicted["qa"]),
    ):
        _multiset(field_name, truth_items, items, scores[field_name], errors, where)
    roles = scores["roles"]
    predicted_roles = predicted["roles"]
    for speaker, role in event.get("speakers", []):
        key = name_key(speaker)
        value = predicted_roles.get(key, "")
        roles.expected += bool(role)
        roles.predicted += bool(value)
        if role and value and _overlap(role, value) >= MIN_ROLE_OVERLAP:
            roles.correct += 1
        elif role or value:
            errors.append(f"{where}: role of {speaker}: expected {role!r}, got {value!r}")


def _multiset(field_name, truth_items, items, score: Score, errors: list[str], where: str) -> None:
    truth_count, count = Counter(truth_items), Counter(items)
    score.expected += sum(truth_count.values())
    score.predicted += sum(count.values())
    score.correct += sum((truth_count & count).values())
    missing, extra = truth_count - count, count - truth_count
    if missing or extra:
        errors.append(
            f"{where}: {field_name}: missing {sorted(missing.elements())}, "
            f"extra {sorted(extra.elements())}"
        )


def _predicted(part: Part | None) -> dict:
    if part is None:
        return {
            "title": "",
            "date": "",
            "place": "",
            "country": "",
            "kind": "",
            "organisations": [],
            "mentioned": [],
            "speakers": [],
            "roles": {},
            "statements": [],
            "qa": [],
        }
    speakers: dict[str, str] = {}
    mentioned = set(part.organisations)
    for turn in part.turns:
        mentioned.update(turn.organisations)
        for person in [turn.speaker, *turn.quoted]:
            if person is not None:
                speakers.setdefault(name_key(person.name), person.role)
    return {
        "title": part.title,
        "date": part.date.isoformat() if isinstance(part.date, dt.date) else "",
        "place": part.location,
        "country": part.country or "",
        "kind": str(part.kind),
        "organisations": list(part.organisations),
        "mentioned": sorted(mentioned),
        "speakers": list(speakers),
        "roles": speakers,
        "statements": [str(turn.kind) for turn in part.turns],
        "qa": [
            (name_key(turn.asked_by), name_key(turn.speaker.name if turn.speaker else ""))
            for turn in part.turns
            if turn.question
        ],
    }


def _words(text: str) -> set[str]:
    return set(name_key(text).split())


def _overlap(truth: str, value: str) -> float:
    """Share of the true words found in the value, penalised for extra words."""
    expected, got = _words(truth), _words(value)
    if not expected or not got:
        return 0.0
    return len(expected & got) / len(expected | got)


def _same_title(truth: str, value: str) -> bool:
    return _overlap(truth, value) >= MIN_TITLE_OVERLAP


def _same_place(truth: str, value: str) -> bool:
    """The true place, possibly with more detail: "Novo-Ogaryovo, région de Moscou"."""
    truth_key, value_key = name_key(truth), name_key(value)
    return value_key == truth_key or value_key.startswith(truth_key + " ")


def _align(events: list[dict], parts: list[Part]) -> list[tuple[int, int]]:
    """Pairs (event index, part index) in order, maximising title and date agreement."""
    rows, cols = len(events), len(parts)
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            similarity = _similarity(events[i], parts[j])
            take = best[i + 1][j + 1] + similarity if similarity >= MIN_ALIGNMENT else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < rows and j < cols:
        similarity = _similarity(events[i], parts[j])
        if similarity >= MIN_ALIGNMENT and best[i][j] == best[i + 1][j + 1] + similarity:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _similarity(event: dict, part: Part) -> float:
    title = event.get("title", "")
    score = _overlap(title, part.title) if title or part.title else 1.0  # two untitled pages
    if event.get("date") and part.date is not None and event["date"] == part.date.isoformat():
        score += 0.5
    return score + 0.1  # any two events in the same position may be the same event


def format_report(report: Report, *, by_format: bool = False, errors: bool = False) -> str:
    """The table ``python -m archive.ingest.evaluate`` prints."""
    lines = [f"{len(report.files)} texts"]
    groups: list[str | None] = [None, *report.formats] if by_format else [None]
    for group in groups:
        totals = report.total(group)
        count = sum(1 for r in report.files if group is None or r.format == group)
        lines.append("")
        lines.append(f"{group or 'all formats'} ({count} texts)")
        lines.append(f"  {'field':<14}{'precision':>10}{'recall':>8}{'right':>7}{'given':>7}")
        for name in FIELDS:
            score = totals[name]
            lines.append(
                f"  {name:<14}{score.precision:>10.1%}{score.recall:>8.1%}"
                f"{score.correct:>7}{score.predicted:>7}   of {score.expected}"
            )
    if errors:
        lines.append("")
        for result in report.files:
            for error in result.errors:
                lines.append(f"{result.name}: {error}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m archive.ingest.evaluate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("folder", nargs="?", help="a folder of NAME.txt + NAME.json pairs")
    parser.add_argument("--set", default="dev", choices=("dev", "heldout"))
    parser.add_argument("--by-format", action="store_true", help="one table per format too")
    parser.add_argument("--errors", action="store_true", help="list every wrong field")
    args = parser.parse_args(argv)
    folder = Path(args.folder) if args.folder else CORPUS / args.set
    if not any(folder.glob("*.txt")):
        print(f"no .txt files in {folder}", file=sys.stderr)
        return 2
    report = evaluate(folder, ReferenceData.from_directory(REFERENCE))
    print(format_report(report, by_format=args.by_format, errors=args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
