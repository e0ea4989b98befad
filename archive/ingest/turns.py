"""A part's lines cut into turns: who said what, and which question each answer answers.

Each speaker label starts a turn that runs to the next label. Narration before the first label
is an unattributed report (the Kremlin's summary above a meeting). "Question: …" is held and
attached to the next answer. Each non-empty line is a paragraph, as in the sources.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from archive.ingest.labels import Label, LabelKind, parse_label
from archive.ingest.lexicon import Lexicon
from archive.ingest.lines import Line
from archive.ingest.mentions import mentions_in
from archive.ingest.normalise import name_key
from archive.ingest.records import EventKind, SpeakerRef, StatementKind, Turn, Warning
from archive.ingest.speakers import SpeakerResolver

_SPOKEN_ALONE = frozenset(
    {
        StatementKind.SPEECH,
        StatementKind.ANSWER,
        StatementKind.COMMENTARY,
        StatementKind.MESSAGE,
        StatementKind.DECLARATION,
    }
)
_ASKING = frozenset({LabelKind.QUESTION, LabelKind.INTERVIEWER, LabelKind.OUTLET})
_DASH = re.compile(r"^[–—-]\s+")
MIN_NAME_WORDS, MAX_NAME_WORDS = 2, 4


@dataclass(frozen=True)
class PartContext:
    """What the heading says about the part's turns."""

    default_kind: StatementKind
    event_kind: EventKind
    main_speaker: SpeakerRef | None  # the speaker the heading names


@dataclass
class _Block:
    label: Label | None
    line: int
    paragraphs: list[str] = field(default_factory=list)


def split_turns(
    lines: list[Line], context: PartContext, resolver: SpeakerResolver, lexicon: Lexicon
) -> tuple[list[Turn], list[Warning]]:
    """Turns of one part, in order, with the warnings reading them raised.

    Example: ``["Question: Que pensez-vous …?", "Sergueï Lavrov: Nous pensons …"]`` -> one
    ANSWER turn by Sergueï Lavrov whose ``question`` is "Que pensez-vous …?".
    """
    blocks = _blocks(lines, resolver, lexicon)
    if not any(block.label for block in blocks):
        if context.default_kind is StatementKind.ANSWER and _dashed(lines):
            blocks = _dashed_blocks(lines)
        else:
            return _unlabelled(blocks, context, lexicon), []
    return _TurnBuilder(context, resolver, lexicon, blocks).build()


def outlets_ask(lines: list[Line], resolver: SpeakerResolver, lexicon: Lexicon) -> bool:
    """Whether a media outlet labels the questions ("Izvestia : … ?", "RT : … ?"): the part is
    then an interview, whatever its heading calls it."""
    return any(
        block.label is not None and block.label.kind is LabelKind.OUTLET
        for block in _blocks(lines, resolver, lexicon)
    )


def _dashed(lines: list[Line]) -> bool:
    """An interview whose turns are marked only by dashes, the questions ending with "?"."""
    dashed = [line.text for line in lines if _DASH.match(line.text)]
    return len(dashed) >= 2 and any(text.rstrip().endswith("?") for text in dashed)


def _dashed_blocks(lines: list[Line]) -> list[_Block]:
    blocks: list[_Block] = []
    for line in lines:
        dash = _DASH.match(line.text)
        if dash is None and blocks:
            blocks[-1].paragraphs.append(line.text)
            continue
        text = line.text[dash.end() :] if dash else line.text
        kind = LabelKind.QUESTION if text.rstrip().endswith("?") else LabelKind.ANSWER
        label = Label("Question" if kind is LabelKind.QUESTION else "Réponse", kind, rest=text)
        blocks.append(_Block(label, line.number, [text]))
    return blocks


def _blocks(lines: list[Line], resolver: SpeakerResolver, lexicon: Lexicon) -> list[_Block]:
    blocks: list[_Block] = []
    surnames: set[str] = (
        set()
    )  # of people labelled earlier, for "Poutine:" after "Vladimir Poutine:"
    for index, line in enumerate(lines):
        label = parse_label(line.text, lexicon)
        if label is None and index + 1 < len(lines):
            label = _name_alone(line.text, resolver)
        if label is not None and label.kind is LabelKind.PERSON:
            keys = name_key(label.name).split()
            if len(keys) > 1:
                surnames.add(keys[-1])
            elif keys[0] not in surnames and not resolver.can_resolve(label.name):
                # "Izvestia : … ?": a newspaper's name labelling its questions
                label = (
                    Label(label.text, LabelKind.OUTLET, name=label.name, rest=label.rest)
                    if label.rest.rstrip().endswith("?")
                    else None
                )
        if label is not None:
            blocks.append(_Block(label, line.number, [label.rest] if label.rest else []))
        elif blocks:
            blocks[-1].paragraphs.append(line.text)
        else:
            blocks.append(_Block(None, line.number, [line.text]))
    return blocks


def _name_alone(text: str, resolver: SpeakerResolver) -> Label | None:
    """A reference speaker's name alone on its line, as Kremlin transcripts print them before
    the speech: "Vladimir Vladimirovitch Poutine"."""
    words = text.split()
    if not MIN_NAME_WORDS <= len(words) <= MAX_NAME_WORDS or resolver.known(text) is None:
        return None
    return Label(text, LabelKind.PERSON, name=text)


def _unlabelled(blocks: list[_Block], context: PartContext, lexicon: Lexicon) -> list[Turn]:
    """A part with no labels is one turn: the heading's speaker's, or a report."""
    paragraphs = [paragraph for block in blocks for paragraph in block.paragraphs]
    if not paragraphs:
        return []
    kind = context.default_kind
    speaker = context.main_speaker
    if kind is StatementKind.ANSWER and speaker is not None:
        kind = StatementKind.REMARKS  # a briefing's excerpt with no question: nothing answers
    elif kind not in _SPOKEN_ALONE or (speaker is None and kind is StatementKind.SPEECH):
        kind, speaker = StatementKind.REPORT, None
    return [_turn(kind, speaker, paragraphs, blocks[0].line, lexicon)]


@dataclass
class _TurnBuilder:
    context: PartContext
    resolver: SpeakerResolver
    lexicon: Lexicon
    blocks: list[_Block]
    turns: list[Turn] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    question: _Block | None = None
    joint: bool = False  # several people speak as often, and no heading names the speaker

    def build(self) -> tuple[list[Turn], list[Warning]]:
        main = self._main_name()
        self.joint = self._joint()
        has_questions = any(self._asks(block, main) for block in self.blocks)
        for block in self.blocks:
            if block.label is None:
                self._opening(block, main)
            elif self._asks(block, main):
                self._hold_question(block)
            else:
                self._spoken(block, block.label, main, has_questions)
        if self.question is not None:
            self._unanswered(self.question)
        return self.turns, self.warnings

    def _main_name(self) -> str:
        """The heading's speaker, else whoever has the most labels."""
        if self.context.main_speaker is not None:
            return self.context.main_speaker.name
        counts = Counter(self._person(block) for block in self.blocks if self._person(block))
        return counts.most_common(1)[0][0] if counts else ""

    def _joint(self) -> bool:
        """ "Déclarations à la presse" by two presidents in turn: nobody's is the speech."""
        if self.context.main_speaker is not None:
            return False
        counts = Counter(self._person(block) for block in self.blocks if self._person(block))
        ranked = counts.most_common(2)
        return len(ranked) == 2 and ranked[0][1] == ranked[1][1]

    def _person(self, block: _Block) -> str:
        label = block.label
        if label is None or label.kind is not LabelKind.PERSON:
            return ""
        return self.resolver.canonical(label.name)

    def _opening(self, block: _Block, main: str) -> None:
        """Text before the first label: the main speaker's if they have no label, else narration."""
        speaker = self.context.main_speaker
        labelled_main = any(self._person(other) == main for other in self.blocks)
        default = self.context.default_kind
        if speaker is not None and not labelled_main and default in _SPOKEN_ALONE:
            kind = StatementKind.REMARKS if default is StatementKind.ANSWER else default
            self.turns.append(_turn(kind, speaker, block.paragraphs, block.line, self.lexicon))
        else:
            self.turns.append(
                _turn(StatementKind.REPORT, None, block.paragraphs, block.line, self.lexicon)
            )

    def _asks(self, block: _Block, main: str) -> bool:
        label = block.label
        if label is None:
            return False
        if label.kind in _ASKING:
            return True
        if self.context.event_kind is EventKind.INTERVIEW and self._person(block):
            return bool(main) and self._person(block) != main
        return False

    def _hold_question(self, block: _Block) -> None:
        if self.question is not None:
            self._unanswered(self.question)
        self.question = block

    def _spoken(self, block: _Block, label: Label, main: str, has_questions: bool) -> None:
        if label.kind is LabelKind.ANSWER:
            speaker = self.context.main_speaker or (
                self.resolver.resolve(main, line=block.line, source="label") if main else None
            )
        else:  # "Name : …" or a name alone on its line before the speech
            speaker = self.resolver.resolve(label.name, label.role, line=block.line, source="label")
        question, self.question = self.question, None
        kind = self._kind(speaker, main, answered=question is not None, has_questions=has_questions)
        turn = _turn(
            kind,
            speaker,
            block.paragraphs,
            block.line,
            self.lexicon,
            question="\n\n".join(question.paragraphs) if question else "",
            asked_by=question.label.asker if question and question.label else "",
        )
        self.turns.append(turn)

    def _kind(
        self, speaker: SpeakerRef | None, main: str, *, answered: bool, has_questions: bool
    ) -> StatementKind:
        default = self.context.default_kind
        if answered:
            return StatementKind.ANSWER
        if default is StatementKind.ANSWER:
            return StatementKind.REMARKS if has_questions else StatementKind.ANSWER
        if default is StatementKind.REPORT:
            return StatementKind.REMARKS
        if default is StatementKind.SPEECH and main and (speaker is None or speaker.name != main):
            return StatementKind.REMARKS
        if default is StatementKind.SPEECH and self.joint:
            return StatementKind.REMARKS
        return default

    def _unanswered(self, block: _Block) -> None:
        self.warnings.append(
            Warning(
                "unanswered-question",
                "a question is not followed by any answer; it was left out",
                block.line,
            )
        )


def _turn(
    kind: StatementKind,
    speaker: SpeakerRef | None,
    paragraphs: list[str],
    line: int,
    lexicon: Lexicon,
    *,
    question: str = "",
    asked_by: str = "",
) -> Turn:
    organisations, countries = mentions_in("\n".join([*paragraphs, question]), lexicon)
    return Turn(
        kind=kind,
        speaker=speaker,
        paragraphs=list(paragraphs),
        question=question,
        asked_by=asked_by,
        organisations=organisations,
        countries=countries,
        line=line,
    )
