"""The evaluation harness, and the floors below which a field makes the build fail.

The floors are the figures docs/IMPORT.md reports, less a small margin: a change to the parser
that makes any field worse on either set fails here, with the wrong fields listed.
"""

import datetime as dt
import json

import pytest

from archive.ingest.evaluate import CORPUS, FIELDS, evaluate, format_report, main, score_file
from archive.ingest.records import EventKind, ParsedSource, Part, SpeakerRef, StatementKind, Turn

# Issue 14: at least 95 % for date, place, event organisations and speakers on our own corpus.
DEV_FLOORS = dict.fromkeys(FIELDS, 0.95)
# The held-out figures docs/IMPORT.md reports, less a margin: they guard against regressions.
HELDOUT_FLOORS = {
    "events": 0.95,
    "title": 0.95,
    "date": 0.95,
    "place": 0.95,
    "country": 0.95,
    "kind": 0.95,
    "organisations": 0.95,
    "mentioned": 0.95,
    "speakers": 0.95,
    "roles": 0.95,
    "statements": 0.95,
    "qa": 0.95,
}


@pytest.fixture(scope="module")
def dev_report(real_reference):
    return evaluate(CORPUS / "dev", real_reference)


@pytest.fixture(scope="module")
def heldout_report(real_reference):
    return evaluate(CORPUS / "heldout", real_reference)


def below(report, floors):
    totals = report.total()
    return {
        name: (round(totals[name].precision, 3), round(totals[name].recall, 3))
        for name, floor in floors.items()
        if totals[name].precision < floor or totals[name].recall < floor
    }


def errors_of(report):
    return [f"{result.name}: {error}" for result in report.files for error in result.errors]


def test_the_corpus_has_forty_development_and_forty_held_out_texts_each_with_its_truth():
    for folder, least in (("dev", 40), ("heldout", 40)):
        texts = sorted((CORPUS / folder).glob("*.txt"))
        assert len(texts) >= least
        for text in texts:
            truth = json.loads(text.with_suffix(".json").read_text(encoding="utf-8"))
            assert truth["format"] and truth["events"], text.name


def test_the_development_set_meets_every_floor(dev_report):
    assert below(dev_report, DEV_FLOORS) == {}, errors_of(dev_report)


def test_the_held_out_set_meets_its_floors(heldout_report):
    assert below(heldout_report, HELDOUT_FLOORS) == {}, errors_of(heldout_report)


def test_every_format_is_measured(dev_report):
    assert set(dev_report.formats) >= {
        "kremlin-blog",
        "mid",
        "news",
        "china",
        "osce",
        "french-gov",
        "declaration",
        "interview",
    }


# The scoring itself -------------------------------------------------------------------------

TRUTH = {
    "format": "news",
    "events": [
        {
            "title": "Le sommet de l’OCS s’ouvre à Astana",
            "date": "2024-07-04",
            "place": "Astana",
            "country": "KZ",
            "kind": "summit",
            "organisations": ["SCO"],
            "mentioned": ["SCO"],
            "speakers": [["Xi Jinping", "président chinois"]],
            "statements": ["report"],
            "qa": [],
        }
    ],
}


def parsed(**changes) -> ParsedSource:
    xi = SpeakerRef("Xi Jinping", "président chinois", "CN", True, "quote")
    fields = {
        "title": "Le sommet de l’OCS s’ouvre à Astana",
        "kind": EventKind.SUMMIT,
        "date": dt.date(2024, 7, 4),
        "location": "Astana",
        "country": "KZ",
        "organisations": ["SCO"],
        "turns": [Turn(StatementKind.REPORT, None, ["…"], organisations=["SCO"], quoted=[xi])],
    }
    fields.update(changes)
    return ParsedSource(title="x", parts=[Part(**fields)])


def test_a_perfect_parse_scores_every_field_fully():
    result = score_file("a.txt", TRUTH, parsed())
    assert result.errors == []
    assert all(
        score.correct == score.expected == score.predicted for score in result.scores.values()
    )


def test_a_wrong_date_is_both_a_wrong_answer_and_a_missing_one():
    scores = score_file("a.txt", TRUTH, parsed(date=dt.date(2024, 7, 3))).scores["date"]
    assert (scores.correct, scores.predicted, scores.expected) == (0, 1, 1)
    assert (scores.precision, scores.recall) == (0.0, 0.0)


def test_a_missing_place_lowers_recall_only():
    scores = score_file("a.txt", TRUTH, parsed(location="", country=None)).scores["place"]
    assert (scores.precision, scores.recall) == (1.0, 0.0)


def test_a_place_with_more_detail_is_right():
    detailed = parsed(location="Astana, capitale du Kazakhstan")
    assert score_file("a.txt", TRUTH, detailed).scores["place"].correct == 1


def test_a_named_participant_counted_as_speaker_lowers_precision():
    extra = SpeakerRef("Vladimir Poutine", "", "RU", True, "quote")
    xi = SpeakerRef("Xi Jinping", "président chinois", "CN", True, "quote")
    turn = Turn(StatementKind.REPORT, None, ["…"], organisations=["SCO"], quoted=[xi, extra])
    scores = score_file("a.txt", TRUTH, parsed(turns=[turn])).scores["speakers"]
    assert (scores.precision, scores.recall) == (0.5, 1.0)


def test_an_extra_part_is_scored_as_given_but_not_expected():
    source = parsed()
    source.parts.append(Part(title="Se connecter", kind=EventKind.OTHER))
    result = score_file("a.txt", TRUTH, source)
    assert (result.scores["events"].predicted, result.scores["events"].expected) == (2, 1)
    assert result.scores["title"].precision == 0.5


def test_the_command_prints_a_table_per_format(capsys, tmp_path):
    (tmp_path / "a.txt").write_text("Le sommet de l’OCS s’ouvre à Astana\n\nTexte.\n")
    (tmp_path / "a.json").write_text(json.dumps(TRUTH))
    assert main([str(tmp_path), "--by-format", "--errors"]) == 0
    out = capsys.readouterr().out
    assert "all formats (1 texts)" in out and "news (1 texts)" in out
    assert "speakers" in out and "precision" in out


def test_the_command_says_when_a_folder_has_no_texts(capsys, tmp_path):
    assert main([str(tmp_path)]) == 2
    assert "no .txt files" in capsys.readouterr().err


def test_the_report_lists_every_wrong_field(real_reference, tmp_path):
    (tmp_path / "a.txt").write_text("Le sommet de l’OCS s’ouvre à Astana\n\nTexte.\n")
    (tmp_path / "a.json").write_text(json.dumps(TRUTH))
    report = evaluate(tmp_path, real_reference)
    text = format_report(report, errors=True)
    assert "a.txt: event 1: date: expected '2024-07-04', got ''" in text
