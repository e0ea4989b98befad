"""Search text in plain Python: query parsing, French stems, highlighting.

Both database backends (``archive.search.backends``) and the templates use this, so a query
means the same thing on PostgreSQL and SQLite and highlights the same words.
"""

from __future__ import annotations

import re
import threading
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
# Alternatives one clause may grow to once other spellings are added (a speaker's names, an
# organisation's acronyms and names in both languages).
MAX_ALTERNATIVES = 24
WORD = re.compile(r"\w+", re.UNICODE)
# A phrase in quotes (French or straight), or a word with an optional leading minus.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)«\s*([^»]*)»?|(-?)([^\s"«»]+)')
# Typed between two terms, either may match: "sécurité OR otan".
OR_WORDS = frozenset({"OR", "OU", "|"})
# Quotes and apostrophes of every kind, as the query parser knows them: “a phrase” and
# „a phrase“ are phrases, l’Otan and l'Otan the same word.
TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("“”„‟″〝〞＂", '"'),
        **dict.fromkeys("‘’‚‛ʼ′`´＇", "'"),
        "\u2212": "-",  # the minus sign
    }
)
# Letters written joined or apart: "œuvre" and "oeuvre", "ex æquo" and "ex aequo".
LIGATURES = (("oe", "œ"), ("ae", "æ"))

# PostgreSQL's French configuration drops these; SQLite drops them too, to agree.
STOP_WORDS = frozenset(
    "a au aux avec ce ces dans de des du elle en et eux il je la le les leur lui ma mais "
    "me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur "
    "ta te tes toi ton tu un une vos votre vous c d j l m n s t y ete etre".split()
)

# A Snowball stemmer keeps its word in itself while it works: one per thread (gunicorn's
# threaded workers stem several searches at once).
_stemmers = threading.local()

# A word, or the words of a phrase, as typed: ("sécurité", "collective").
Term = tuple[str, ...]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """'Sécurité' -> 'securit': accents and case folded first, as PostgreSQL's unaccent does."""
    stemmer = getattr(_stemmers, "french", None)
    if stemmer is None:
        stemmer = _stemmers.french = snowballstemmer.stemmer("french")
    return stemmer.stemWord(fold_accents(word.lower()))


def stems_of(text: str) -> list[str]:
    return [stem(w) for w in WORD.findall(text)]


def document(*parts: str) -> str:
    """The stemmed form of a statement that SQLite's full-text index holds."""
    return " ".join(" ".join(stems_of(part)) for part in parts if part)


def folded(term: Term) -> Term:
    """A term as spellings are compared: lower case, no accents, ligatures written apart."""
    return tuple(folded_word(word) for word in term)


@lru_cache(maxsize=65536)
def folded_word(word: str) -> str:
    """Every search reads every name the archive knows: their folding is done once."""
    return unligature(fold_accents(word.lower()))


def unligature(word: str) -> str:
    for apart, joined in LIGATURES:
        word = word.replace(joined, apart)
    return word


def typographic_variants(term: Term) -> list[Term]:
    """The term with its ligatures written both ways: ("oeuvre",) -> also ("œuvre",).

    SQLite's index keeps "œuvr" and "oeuvr" apart; PostgreSQL's unaccent already joins them.
    """
    variants = []
    for apart, joined in LIGATURES:
        for before, after in ((apart, joined), (joined, apart)):
            lowered = tuple(word.lower() for word in term)
            if any(before in word for word in lowered):
                variants.append(tuple(word.replace(before, after) for word in lowered))
    return variants


def is_stop_word(word: str) -> bool:
    return fold_accents(word.lower()) in STOP_WORDS


@dataclass
class Query:
    """A reader's query: clauses that must all match, each by any of its terms (a word or a
    phrase: what was typed, joined by OR, and the other spellings the archive knows), and
    excluded terms.

    ``places`` maps a clause to the event locations that also satisfy it (a place shown on
    a page, such as "Noursoultan", finds the statements made there), ``excluded_places`` the
    locations an exclusion names (``-Noursoultan``). ``also`` lists the other
    spellings added, for the page to say what was searched.
    """

    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    places: dict[int, list[str]] = field(default_factory=dict)
    # Event locations the exclusions name: "-Noursoultan" also leaves out what was said there.
    excluded_places: list[str] = field(default_factory=list)
    also: list[tuple[str, str]] = field(default_factory=list)  # (as typed, other spelling)

    def __bool__(self) -> bool:
        return bool(self.clauses or self.excluded)

    @property
    def ranked(self) -> bool:
        """Whether there is something to rank by: only exclusions list everything else."""
        return bool(self.clauses)

    @property
    def typed_words(self) -> list[str]:
        """The single words typed, in order (the first term of each clause)."""
        return [clause[0][0] for clause in self.clauses if len(clause[0]) == 1]

    def terms_stems(self) -> tuple[set[str], list[tuple[str, ...]]]:
        """What highlighting looks for: the stems of single words, and the stems of each
        phrase (longest first, so the longest match wins)."""
        terms = [term for clause in self.clauses for term in clause]
        words = {stem(term[0]) for term in terms if len(term) == 1}
        phrases = {tuple(stem(word) for word in term) for term in terms if len(term) > 1}
        return words, sorted(phrases, key=len, reverse=True)

    def fts5(self, clauses: list[list[Term]] | None = None, *, excluded=True) -> str:
        """The query as an FTS5 MATCH expression over stems; every token is quoted.

        '("securit") AND ("otan" OR "otsc") NOT ("vaccin")'.
        """
        clauses = self.clauses if clauses is None else clauses
        expression = " AND ".join(_fts5_any(clause) for clause in clauses)
        if excluded and self.excluded:
            expression = f"({expression}) NOT {_fts5_any(self.excluded)}"
        return expression


def _fts5_any(terms: list[Term]) -> str:
    return "(" + " OR ".join('"' + " ".join(stem(w) for w in term) + '"' for term in terms) + ")"


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text[: MAX_QUERY_CHARS * 4]).translate(TYPOGRAPHY)
    return "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text)


def clean(text: str) -> str:
    """The query as links keep it: one line, single spaces, cut between words if too long.

    '  sécurité\x00\tcollective ' -> 'sécurité collective'
    """
    text = unicodedata.normalize("NFC", text or "")[: MAX_QUERY_CHARS * 4]
    words = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text).split()
    kept, length = [], 0
    for word in words:
        length += len(word) + bool(kept)
        if length > MAX_QUERY_CHARS:
            break
        kept.append(word)
    return " ".join(kept) or " ".join(words)[:MAX_QUERY_CHARS]


def _searchable(words: list[str]) -> list[str]:
    """Words the index holds: not bare underscores (which no tokenizer keeps)."""
    return [w for w in words if any(c.isalnum() for c in w)]


def parse(text: str) -> Query:
    """'"sécurité collective" vaccins OR vaccin -otan' -> a phrase, a choice, an exclusion.

    Anything is accepted: unbalanced quotes close at the end, operators without words are
    dropped, control characters become spaces, and long queries are cut. A word written
    with a hyphen or an apostrophe inside ("Nour-Soultan", "aujourd’hui") is a phrase; an
    elided article ("l’Otan") is left out, as stop words are.
    """
    query = Query()
    count = 0
    join_next = False
    for match in TOKEN.finditer(_clean(text or "")[:MAX_QUERY_CHARS]):
        if count >= MAX_TERMS:
            break
        minus = bool(match.group(1) or match.group(3) or match.group(5))
        phrase = match.group(2) if match.group(2) is not None else match.group(4)
        if phrase is None and match.group(6) in OR_WORDS:
            join_next = bool(query.clauses)
            continue
        words = _searchable(WORD.findall(phrase if phrase is not None else match.group(6)))
        if phrase is None:
            while len(words) > 1 and is_stop_word(words[0]):  # "l’Otan", "d’Asie"
                words = words[1:]
        if not words or all(is_stop_word(w) for w in words):
            continue
        term = tuple(words)
        count += 1
        if minus:
            query.excluded.append(term)
        elif join_next:
            query.clauses[-1].append(term)
        else:
            query.clauses.append([term])
        join_next = False
    return query


def expand(query: Query, spellings) -> Query:
    """The query with, for each term, the other spellings of the same name and its
    ligatures written both ways; and the event locations each clause names.

    ``spellings`` is an ``archive.search.spellings.Spellings``. The typed terms stay first.
    """
    for index, clause in enumerate(query.clauses):
        for other in _others(clause, spellings):
            query.also.append(other)
        places = spellings.places(clause)
        if places:
            query.places[index] = places
    _others(query.excluded, spellings)
    if query.excluded:
        query.excluded_places = spellings.places(query.excluded)
    return query


def _others(terms: list[Term], spellings) -> list[tuple[str, str]]:
    """Add to ``terms`` the other spellings of each, then their ligature variants; return
    the spellings added, as (typed, other) pairs."""
    added = []
    seen = {folded(term) for term in terms}
    for term in list(terms):
        for other in spellings.alternatives(term):
            if folded(other) not in seen and len(terms) < MAX_ALTERNATIVES:
                seen.add(folded(other))
                terms.append(other)
                added.append((" ".join(term), " ".join(other)))
    lowered = {tuple(w.lower() for w in term) for term in terms}
    for term in list(terms):
        for variant in typographic_variants(term):
            if variant not in lowered and len(terms) < MAX_ALTERNATIVES:
                lowered.add(variant)
                terms.append(variant)
    return added


def highlight(text: str, query: Query) -> SafeString:
    """Escape ``text`` and wrap every match of the query in ``<mark>``."""
    out, last = [], 0
    for start, end in _match_runs(text, query):
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
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
    tokens = list(WORD.finditer(text))
    runs = _match_runs(text, query)
    first = next((i for i, m in enumerate(tokens) if runs and m.start() >= runs[0][0]), 0)
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
    """Whether ``text`` holds a match of the query."""
    return bool(_match_runs(text or "", query))


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
    found = [_match_runs(text, query) for text in texts]
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


def _match_runs(text: str, query: Query) -> list[tuple[int, int]]:
    """Spans of matching words: a word of the query, or every word of one of its phrases in
    a row; neighbours separated only by spaces count as one match.

    'la sécurité collective' searched for "sécurité collective" is one match, not two; the
    words of "Organisation du traité de sécurité collective" (another name of the OTSC) are
    marked only together.
    """
    words, phrases = query.terms_stems()
    runs: list[tuple[int, int]] = []
    if not words and not phrases:
        return runs
    tokens = list(WORD.finditer(text))
    stems = [stem(token.group()) for token in tokens]
    index = 0
    while index < len(tokens):
        size = next(
            (len(p) for p in phrases if tuple(stems[index : index + len(p)]) == p),
            1 if stems[index] in words else 0,
        )
        if not size:
            index += 1
            continue
        start, end = tokens[index].start(), tokens[index + size - 1].end()
        if runs and not text[runs[-1][1] : start].strip():
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
        index += size
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
