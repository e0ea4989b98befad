"""A ``CorpusPlan`` written as source texts, one file per event, to measure the importer.

The files look like the blog posts in ``fixtures/sources``: a numbered title with the date,
the event heading with its place and date, a page URL, noise lines (photo captions, image
links, separators), then speaker labels ("Ministre russe des Affaires étrangères Sergueï
Lavrov: …", "Question (TASS): …") before each turn.
"""

from __future__ import annotations

from pathlib import Path

from bench.corpus.plan import CorpusPlan, EventPlan, StatementPlan, french_date

NOISE = ("4 PHOTOS", "* * *", "Partager sur les réseaux sociaux")


def sources_write(*, plan: CorpusPlan, directory: Path) -> list[Path]:
    """One UTF-8 file per event of the plan, named like the seeds ('00001_synthetic.txt')."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = plan.rng("texts")
    turns: dict[int, list[StatementPlan]] = {}
    for statement in plan.statements():
        turns.setdefault(statement.event, []).append(statement)
    written = []
    for index, event in enumerate(plan.events):
        lines = _header(plan, event, rng)
        for statement in turns.get(index, []):
            lines += _turn(plan, statement, rng)
        path = directory / f"{event.number:05d}_synthetic.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _header(plan: CorpusPlan, event: EventPlan, rng) -> list[str]:
    number = 4000 + event.number
    when = french_date(event.date)
    dateline = f"{event.title}, {event.location}, {when}"
    if event.time:
        dateline += f" – {event.time:%H}h{event.time:%M}"
    return [
        f"{number} – {event.title} du {event.date:%d.%m.%Y}",
        "",
        dateline,
        "",
        f"https://www.mid.ru/fr/foreign_policy/news/{number}/",
        "",
        rng.choice(NOISE),
        "",
    ]


def _turn(plan: CorpusPlan, statement: StatementPlan, rng) -> list[str]:
    text, _stems, question, _question_stems = plan.texts(statement, rng, stems=False)
    paragraphs = text.split("\n\n")
    lines = []
    if question:
        asker = statement.asked_by
        label = "Question" if asker == "Question" else f"Question ({asker})"
        lines += [f"{label}: {question.replace(chr(10) * 2, ' ')}", ""]
    if statement.speaker is not None:
        speaker = plan.speakers[statement.speaker]
        label = speaker.name if statement.position > 1 else f"{speaker.role} {speaker.name}"
        paragraphs[0] = f"{label}: {paragraphs[0]}"
    lines += [*paragraphs, ""]
    if rng.random() < 0.05:
        lines += [f"https://www.mid.ru/upload/images/{statement.number}.jpg", ""]
    return lines
