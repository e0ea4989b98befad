"""Post titles and part headings, and the kinds of event and statement they announce.

A part heading is a line beginning, optionally after "1 – ", with a word naming a kind of text
or occasion: "Allocution de …", "Réponses à la presse de …", "Texte du message …",
"Réunion du Conseil …". The first words decide the default statement kind of the part; the
words of the whole heading decide the kind of event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from archive.ingest.dates import DateMatch, find_date, trim_date_links
from archive.ingest.normalise import search_form, tokenise
from archive.ingest.records import EventKind, StatementKind

MAX_HEADING_WORDS = 80
MAX_HEADING_CHARS = 1200
# "1 – ", "1/ ", "1°/ ", "1) ": the number of a part in a blog post
_NUMBER = re.compile(r"^(\d{1,3})\s?(?:°\s?/|/|\)|[–—-])\s*(?=\D)")
_POST_NUMBER = re.compile(r"^(\d{2,6})\s?[–—-]\s+")
_SOURCE_PREFIX = re.compile(r"^([^–—,.:;]{2,40}?)\s[–—]\s+")
_SENTENCE_END = re.compile(r"[.!?:;,]$")
MAX_UNDATED_WORDS = 25
_TITLE_SEGMENTS = re.compile(r"\s[–—-]\s")
# A title going on after its date: "… du 10 mars 2022 tenue par le porte-parole …"
_CONTINUED = re.compile(r"^\s(?!(?:à|a|au|en|le|et|dans)\s)[a-zà-ÿ]+\s\S+\s\S+")

# First words of a heading -> default kind of the statements that follow, most specific first.
_KIND_PHRASES: tuple[tuple[str, StatementKind], ...] = tuple(
    (phrase, kind)
    for kind, phrases in (
        (
            StatementKind.ANSWER,
            "reponse a la presse|reponses a la presse|reponse aux questions|reponses aux questions"
            "|conference de presse|point de presse|interview|entretien accorde|entretien exclusif"
            "|briefing|questions reponses|questions et reponses",
        ),
        (
            StatementKind.SPEECH,
            "allocution|intervention|discours|declaration a la presse|declarations a la presse"
            "|expose|adresse au|adresse a|remarques",
        ),
        (StatementKind.COMMENTARY, "commentaire|article|tribune|point de vue"),
        (
            StatementKind.DECLARATION,
            "declaration conjointe|declaration commune|declarations conjointes|texte adopte"
            "|communique conjoint|communique commun|declaration|resolution",
        ),
        (
            StatementKind.MESSAGE,
            "texte du message|message|lettre|telegramme|voeux|felicitations|adresse de voeux",
        ),
        (StatementKind.REPORT, "communique|compte rendu"),
        (
            StatementKind.REMARKS,
            "reunion|sommet|rencontre|entretien|entretiens|conversation telephonique"
            "|seance|session|visite|negociations|pourparlers|ceremonie|forum|table ronde"
            "|conseil des chefs|conseil des ministres",
        ),
    )
    for phrase in phrases.split("|")
)
_FIRST_WORD = re.compile(r"\w+")
_ANSWERS = re.compile(r"reponses?\s(?:de|du|d')\s.*\b(?:aux questions|a la presse)\b")
MAX_ANSWER_PHRASE_CHARS = 240
# "Déclaration d’Alexandre Loukachevitch": a first name after "de"; "Déclaration du Conseil",
# "Déclaration commune" are not one person's.
_PERSONAL = re.compile(
    r"^D[ée]claration\s(?:de\s(?:M\.\s|Mme\s)?|d['’])[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?\s[A-ZÀ-Ý]"
)
# "Déclaration du Représentant permanent de …", "Déclaration de la Porte-parole …": one
# official's (a council's or the members' is collective: "du Conseil", "des ministres")
_PERSONAL_ROLE = re.compile(
    r"^declaration\s(?:du|de la|de l')\s?(?:president|presidente|premier|premiere|ministre"
    r"|secretaire|vice|chef|cheffe|representant|representante|directeur|directrice|ambassadeur"
    r"|ambassadrice|porte-parole|envoye|envoyee|commissaire|haut|haute|charge|chargee)\b"
)
_FIRST_WORDS = frozenset(phrase.split()[0] for phrase, _ in _KIND_PHRASES)
_SUMMIT = re.compile(
    r"\bsommet|\bchefs d'etat|conseil de securite collective|\bheads of state|\bles dirigeants\b"
)
_MINISTERIAL = re.compile(
    r"\bministres\b|\bministeriel|\bministerial|\bchefs de (?:la )?diplomatie"
)
_MEETING = re.compile(
    r"\b(?:reunion|rencontre|entretiens?|visite|conversation|negociations|pourparlers|seance)\b"
    r"|\bs'(?:est )?entret|\ba (?:recu|rencontre|accueilli)\b|\b(?:recoit|rencontre|accueille)\b"
    r"|\b(?:session|se sont reunis|s'est reuni)\b"
)
_SPOKESPERSON = re.compile(r"\bporte-parole\b")
# "… a adressé mercredi un message de félicitations à …": a story about a message
_SENT_MESSAGE = re.compile(
    r"\ba (?:adresse|envoye|transmis)\s(?:\w+\s){0,2}(?:un|une|son|sa|ses)\s"
    r"(?:message|lettre|telegramme)"
)
MAX_SPOKESPERSON_CHARS = 90
# "Entretien … avec le quotidien Izvestia", "… accordé à l’agence TASS": a talk with the press
_WITH_OUTLET = (
    r"\bentretiens?\b.{0,240}?\b(?:avec|a|au|aux)\s(?:(?:le|la|les|l')\s?)?(?:quotidien|journal"
    r"|agence|chaine|television|radio|magazine|hebdomadaire|mensuel|site|media|medias|redaction"
    r"|journaliste|journalistes|correspondant|presse)\b"
)
_INTERVIEW = re.compile(r"\binterview|\bentretien (?:accorde|exclusif)|" + _WITH_OUTLET)
_INTERVIEW_WITH_OUTLET = re.compile(_WITH_OUTLET)
_PRESS = re.compile(r"\bpresse\b|\bbriefing")


@dataclass(frozen=True)
class Heading:
    line: int
    text: str  # without its "1 – " number
    number: int | None
    statement_kind: StatementKind
    event_kind: EventKind
    dated: bool = False

    @property
    def standalone(self) -> bool:
        """Dated or numbered: it can open a part anywhere, not only at the top of a post."""
        return self.dated or self.number is not None


@dataclass(frozen=True)
class PostTitle:
    text: str  # the title line without its post number
    number: int | None


def parse_post_title(text: str) -> PostTitle:
    """The blog's post number and the rest of its title line.

    Example: ``"4114 – Kremlin – Réunion … du 02.12.2020"`` -> ``PostTitle("Kremlin – Réunion …
    du 02.12.2020", 4114)``.
    """
    match = _POST_NUMBER.match(text)
    if match is None:
        return PostTitle(text, None)
    return PostTitle(text[match.end() :], int(match.group(1)))


def parse_heading(text: str, line: int = 0) -> Heading | None:
    """A part heading, or None for any other line.

    Example: ``"1 – Réponse à la presse de Sergueï Lavrov, …, Moscou, 1er février 2022"`` ->
    number 1, statement kind ANSWER, event kind PRESS.
    """
    if len(text) > MAX_HEADING_CHARS or statement_kind_of(_NUMBER.sub("", text, count=1)) is None:
        return None
    heading = _read_heading(text)
    return heading if heading is None or heading.line == line else replace(heading, line=line)


@lru_cache(maxsize=4096)
def _read_heading(text: str) -> Heading | None:
    """Cached: noise removal and the outline both ask about every heading-like line."""
    number = None
    match = _NUMBER.match(text)
    if match is not None:
        number, text = int(match.group(1)), text[match.end() :]
    kind = statement_kind_of(text)
    if kind is None or len(text.split()) > MAX_HEADING_WORDS or _in_capitals(text):
        return None
    dated = find_date(text) is not None
    if not dated and (
        _SENTENCE_END.search(text) or (number is None and len(text.split()) > MAX_UNDATED_WORDS)
    ):
        return None
    return Heading(0, text, number, kind, event_kind_of(text, kind), dated)


def _in_capitals(text: str) -> bool:
    """ "DÉCLARATION DE DOUCHANBÉ": the title printed at the top of a document, not a part."""
    letters = [char for char in text if char.isalpha()]
    return len(letters) > 1 and all(char.isupper() for char in letters)


def statement_kind_of(text: str) -> StatementKind | None:
    """The default statement kind announced by the first words of ``text``.

    Example: ``"Commentaire pour la presse de Sergueï Lavrov"`` -> COMMENTARY.
    """
    first = _FIRST_WORD.match(text)
    if first is None or search_form(first.group()) not in _FIRST_WORDS:
        return None
    words = " ".join(tokenise(text[:80]).keys[:4])
    for phrase, kind in _KIND_PHRASES:
        if words == phrase or words.startswith(phrase + " "):
            if kind is StatementKind.DECLARATION and (
                _PERSONAL.match(text) or _PERSONAL_ROLE.match(search_form(text[:80]))
            ):
                return StatementKind.SPEECH  # "Déclaration de Sergueï Lavrov": one person's
            if kind is StatementKind.REMARKS and _INTERVIEW_WITH_OUTLET.match(
                search_form(text[:MAX_ANSWER_PHRASE_CHARS])
            ):
                return StatementKind.ANSWER  # "Entretien de … avec le quotidien Izvestia"
            return kind
    # "Réponses de Sergueï Lavrov, Ministre …, aux questions des médias"
    if _ANSWERS.match(search_form(text[:MAX_ANSWER_PHRASE_CHARS])):
        return StatementKind.ANSWER
    return None


def title_statement_kind(text: str) -> StatementKind | None:
    """The kind announced by any dash-separated segment of a post title.

    Example: ``"Kremlin – Réunion du Conseil de sécurité collective de l’OTSC du 02.12.2020"`` ->
    REMARKS.
    """
    for segment in _TITLE_SEGMENTS.split(text):
        kind = statement_kind_of(segment.strip())
        if kind is not None:
            return kind
    return None


def event_kind_of(text: str, statement_kind: StatementKind | None) -> EventKind:
    """The kind of occasion a heading or title describes.

    Example: ``"Allocution … pendant la réunion des ministres des Affaires étrangères …"`` ->
    MINISTERIAL.
    """
    folded = search_form(text)
    if _SPOKESPERSON.search(folded[:MAX_SPOKESPERSON_CHARS]):
        return EventKind.PRESS
    if statement_kind is StatementKind.ANSWER:
        return EventKind.INTERVIEW if _INTERVIEW.search(folded) else EventKind.PRESS
    if statement_kind is StatementKind.COMMENTARY:
        return EventKind.PRESS
    if statement_kind is StatementKind.MESSAGE:
        return EventKind.MESSAGE
    if statement_kind is StatementKind.DECLARATION:
        return EventKind.DECLARATION
    if _SUMMIT.search(folded):
        return EventKind.SUMMIT
    if _MINISTERIAL.search(folded):
        return EventKind.MINISTERIAL
    if _SENT_MESSAGE.search(folded):
        return EventKind.MESSAGE
    if _PRESS.search(folded):
        return EventKind.PRESS
    if _MEETING.search(folded):
        return EventKind.MEETING
    return EventKind.OTHER


def _is_source_name(text: str) -> bool:
    """ "Kremlin", "MID", "TASS RIA": one word or acronyms; "Sergueï Lavrov" is a speaker."""
    words = text.split()
    return len(words) == 1 or all(word.isupper() for word in words)


def event_title(text: str, *, cut_at: int | None = None, post_title: bool = False) -> str:
    """A heading or post title without its number, source prefix and trailing place and date.

    ``cut_at`` is where the trailing place or date begins. Example, for a post title:
    ``"Kremlin – Réunion du Conseil de sécurité collective de l’OTSC du 02.12.2020"`` ->
    ``"Réunion du Conseil de sécurité collective de l’OTSC"``.
    """
    date: DateMatch | None = find_date(text)
    if date is not None and _CONTINUED.match(text[date.end :]):
        cut_at = len(text)  # "Conférence de presse du 10 mars 2022 tenue par …": mid-title
    elif cut_at is None:
        cut_at = date.start if date is not None else len(text)
    title = trim_date_links(text[:cut_at])
    match = _NUMBER.match(title)
    if match is not None:
        title = title[match.end() :]
    if post_title:
        prefix = _SOURCE_PREFIX.match(title)
        rest = title[prefix.end() :] if prefix else ""
        if prefix and _is_source_name(prefix.group(1)) and len(rest.split()) >= 3:
            title = rest
    return title.strip() or text.strip()
