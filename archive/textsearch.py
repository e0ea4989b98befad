"""Search text in plain Python: query parsing, French stems, highlighting.

Both database backends (``archive.search``) and the templates use this, so a query means the
same thing on PostgreSQL and SQLite and highlights the same words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from archive.ingest.normalise import fold_accents

MAX_QUERY_CHARS = 400
MAX_TERMS = 16
WORD = re.compile(r"\w+", re.UNICODE)
# A phrase in quotes (French or straight), or a word with an optional leading minus.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)«\s*([^»]*)»?|(-?)([^\s"«»]+)')

# PostgreSQL's French configuration drops these; SQLite drops them too, to agree.
STOP_WORDS = frozenset(
    "a au aux avec ce ces dans de des du elle en et eux il je la le les leur lui ma mais "
    "me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur "
    "ta te tes toi ton tu un une vos votre vous c d j l m n s t y ete etre".split()
)

_stemmer = snowballstemmer.stemmer("french")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """'Sécurité' -> 'securit': accents and case folded first, as PostgreSQL's unaccent does."""
    return _stemmer.stemWord(fold_accents(word.lower()))


def stems_of(text: str) -> list[str]:
    return [stem(w) for w in WORD.findall(text)]


def document(*parts: str) -> str:
    """The stemmed form of a statement that SQLite's full-text index holds."""
    return " ".join(" ".join(stems_of(part)) for part in parts if part)


@dataclass
class Query:
    """A reader's query: words (all required), phrases, and excluded words."""

    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def stems(self) -> set[str]:
        """The stems a match must show, for highlighting."""
        return {stem(w) for w in self.words} | {stem(w) for p in self.phrases for w in p}

    def websearch(self) -> str:
        """The query in PostgreSQL ``websearch_to_tsquery`` syntax, rebuilt from clean parts."""
        parts = [*self.words, *(f'"{" ".join(p)}"' for p in self.phrases)]
        parts += [f"-{w}" for w in self.excluded]
        return " ".join(parts)

    def fts5(self) -> str:
        """The query as an FTS5 MATCH expression over stems; every token is quoted."""
        required = [f'"{stem(w)}"' for w in self.words if stem(w)]
        required += ['"' + " ".join(stem(w) for w in p) + '"' for p in self.phrases]
        expression = " AND ".join(required)
        for word in self.excluded:
            expression += f' NOT "{stem(word)}"'
        return expression


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text[: MAX_QUERY_CHARS * 4])
    return "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text)


def clean(text: str) -> str:
    """The query as links keep it: one line, single spaces, cut between words if too long.

    '  sécurité\x00\tcollective ' -> 'sécurité collective'
    """
    words = _clean(unicodedata.normalize("NFC", text or "")[: MAX_QUERY_CHARS * 4]).split()
    kept, length = [], 0
    for word in words:
        length += len(word) + bool(kept)
        if length > MAX_QUERY_CHARS:
            break
        kept.append(word)
    return " ".join(kept) or " ".join(words)[:MAX_QUERY_CHARS]


def parse(text: str) -> Query:
    """'"sécurité collective" vaccins -otan' -> phrase, word and exclusion.

    Anything is accepted: unbalanced quotes close at the end, operators without words are
    dropped, control characters become spaces, and long queries are cut.
    """
    query = Query()
    count = 0
    for match in TOKEN.finditer(_clean(text or "")[:MAX_QUERY_CHARS]):
        if count >= MAX_TERMS:
            break
        minus = match.group(1) or match.group(3) or match.group(5)
        phrase = match.group(2) if match.group(2) is not None else match.group(4)
        if phrase is not None:
            words = WORD.findall(phrase)
            if not words:
                continue
            if minus or len(words) == 1:
                target = query.excluded if minus else query.words
                target.extend(w for w in words if stem(w))
            else:
                query.phrases.append(words)
            count += 1
            continue
        for word in WORD.findall(match.group(6)):
            if fold_accents(word.lower()) in STOP_WORDS and not minus:
                continue
            (query.excluded if minus else query.words).append(word)
            count += 1
    return query


def highlight(text: str, query: Query) -> SafeString:
    """Escape ``text`` and wrap every word matching the query in ``<mark>``."""
    wanted = query.stems
    if not wanted:
        return escape(text)
    out, last = [], 0
    for match in WORD.finditer(text):
        if stem(match.group()) in wanted:
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def excerpt_of(text: str, *, words: int = 45) -> str:
    """A text's first words on one line, as list cards show them (stored at import)."""
    kept = text.split(maxsplit=words)
    if len(kept) > words:
        return " ".join(kept[:words]) + "…"
    return " ".join(kept)


def snippet(text: str, query: Query, *, words: int = 30) -> SafeString:
    """About ``words`` words around the first match, highlighted, with ellipses where cut."""
    wanted = query.stems
    tokens = list(WORD.finditer(text))
    first = next((i for i, m in enumerate(tokens) if stem(m.group()) in wanted), None)
    if first is None:
        first = 0
    start_index = max(0, first - words // 3)
    end_index = min(len(tokens), start_index + words)
    if not tokens:
        return escape(text[:200])
    start = tokens[start_index].start() if start_index else 0
    end = tokens[end_index - 1].end() if end_index < len(tokens) else len(text)
    body = highlight(text[start:end], query)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")


def matches(text: str, query: Query) -> bool:
    """Whether ``text`` holds a word the query highlights."""
    wanted = query.stems
    return bool(wanted) and any(stem(m.group()) in wanted for m in WORD.finditer(text or ""))


def snippet_of(query: Query, *texts: str, words: int = 30) -> SafeString | None:
    """A snippet of the first of ``texts`` that holds a match, or None when none does.

    Statements match on their speaker's name and event title too: then no text shows a match.
    """
    for text in texts:
        if text and matches(text, query):
            return snippet(text, query, words=words)
    return None


def mark_matches(texts: list[str], query: Query) -> tuple[list[SafeString], int]:
    """Each text escaped, its matches numbered ``<mark id="match-N">`` across all the texts.

    Every match is followed by links to the previous and the next one: plain anchors, so
    a reader goes from match to match without JavaScript.
    """
    found = [_match_runs(text, query.stems) for text in texts]
    total = sum(len(runs) for runs in found)
    number = 0
    marked = []
    for text, runs in zip(texts, found, strict=True):
        parts, last = [], 0
        for start, end in runs:
            number += 1
            parts.append(escape(text[last:start]))
            parts.append(_numbered_mark(text[start:end], number, total))
            last = end
        parts.append(escape(text[last:]))
        marked.append(mark_safe("".join(parts)))
    return marked, total


def _match_runs(text: str, wanted: set[str]) -> list[tuple[int, int]]:
    """Spans of matching words, neighbours separated only by spaces counted as one match.

    'la sécurité collective' searched for "sécurité collective" is one match, not two.
    """
    runs: list[tuple[int, int]] = []
    if not wanted:
        return runs
    for match in WORD.finditer(text):
        if stem(match.group()) not in wanted:
            continue
        if runs and not text[runs[-1][1] : match.start()].strip():
            runs[-1] = (runs[-1][0], match.end())
        else:
            runs.append((match.start(), match.end()))
    return runs


def _numbered_mark(word: str, number: int, total: int) -> SafeString:
    links = []
    if number > 1:
        label = gettext("Previous match (%(number)d of %(total)d)")
        links.append(
            format_html(
                '<a href="#match-{}" class="match-prev" aria-label="{}">↑</a>',
                number - 1,
                label % {"number": number - 1, "total": total},
            )
        )
    if number < total:
        label = gettext("Next match (%(number)d of %(total)d)")
        links.append(
            format_html(
                '<a href="#match-{}" class="match-next" aria-label="{}">↓</a>',
                number + 1,
                label % {"number": number + 1, "total": total},
            )
        )
    nav = format_html('<span class="match-nav">{}</span>', mark_safe("".join(links)))
    return format_html('<mark id="match-{}">{}</mark>{}', number, word, nav if links else "")
