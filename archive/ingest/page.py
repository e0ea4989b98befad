"""The page around the text: when it was published, whose site it is, which line is its title.

Web pages put a masthead above the text: the site's name ("Kazinform", "Ambassade de la
République populaire de Chine au Kazakhstan"), menus, a publication line ("Publié le
14 octobre 2022 à 09h12", "Par la rédaction, le 4 juillet 2024 à 12:05"), share buttons. The
title is the header line nearest the text that is not one of these; a publication date is the
page's, not the event's, and only anchors relative dates ("jeudi") and year-less ones.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from archive.ingest.dates import dateline, find_date, lone_time
from archive.ingest.labels import LabelKind, parse_label
from archive.ingest.lexicon import Lexicon
from archive.ingest.lines import Line
from archive.ingest.mentions import organisation_named, organisations_in
from archive.ingest.normalise import match_key, search_form, tokenise
from archive.ingest.places import news_dateline
from archive.ingest.vocabulary import FUNCTION_WORDS

# " date 2023-11 Le président …": an index's month before the title, on the same line.
_INDEX_PREFIX = re.compile(r"^\s*date (\d{4})-(\d{2})\s+")
_PUBLICATION = re.compile(
    r"^(?:publie|mis a jour|mise a jour|date de publication|par\s[^,]{1,40},\s?le\b)", re.IGNORECASE
)
MAX_PUBLICATION_CHARS = 80
MIN_TITLE_WORDS = 3
MAX_HEADER_WORDS = 25
MAX_MASTHEAD_WORDS = 10
MAX_ENDING_CHARS = 200
_FINAL_PUNCTUATION = ".!?…:;,"
_CLOSING = " »\"”’')]"
_CLOSING_TAG = re.compile(r"</?[A-Za-z][\w-]{0,20}>$")
_RUNS_ON = FUNCTION_WORDS | frozenset("entre que qui dont avec sous vers contre comme".split())


@dataclass
class PageInfo:
    published: dt.date | None = None  # from a publication line
    published_line: int | None = None
    month: tuple[int, int] | None = None  # (year, month) of an index prefix
    publishers: list[str] = field(default_factory=list)  # organisations a masthead names
    lines: list[Line] = field(default_factory=list)  # without publication lines and prefix

    @property
    def year(self) -> int | None:
        """The year a year-less date is most likely in."""
        if self.published is not None:
            return self.published.year
        return self.month[0] if self.month else None


def read_page(lines: list[Line], lexicon: Lexicon) -> PageInfo:
    """Take publication lines and an index prefix out of the lines, and note mastheads.

    Example: ``["Publié le 02/12/2021 à 18h05", "L’OSCE réunie à Stockholm", …]`` -> published
    2021-12-02, lines ``["L’OSCE réunie à Stockholm", …]``.
    """
    page = PageInfo()
    first = True
    for line in lines:
        text = line.text
        if not text:
            continue
        if first:
            first = False
            prefix = _INDEX_PREFIX.match(search_form(text))
            if prefix is not None:
                page.month = (int(prefix.group(1)), int(prefix.group(2)))
                line = Line(line.number, text[prefix.end() :])
                text = line.text
        if len(text) <= MAX_PUBLICATION_CHARS and _PUBLICATION.match(search_form(text)):
            found = find_date(text)
            if found is not None and found.date is not None:
                if page.published is None:
                    page.published, page.published_line = found.date, line.number
                continue
        page.lines.append(line)
    return page


def masthead_organisations(lines: list[Line], lexicon: Lexicon) -> list[str]:
    """Organisations whose name alone makes a header line: the page is on their own site.

    Example: a page opening with the line ``"OSCE"`` -> ``["OSCE"]``; a line of hashtags
    ``"#OTSC #Minsk"`` names the event's organisation too.
    """
    codes: list[str] = []
    for line in lines:
        if is_body_line(line.text, lexicon):
            break
        words = line.text.split()
        if not words or len(words) > MAX_MASTHEAD_WORDS:
            continue
        if all(word.startswith("#") for word in words):  # "#OTSC #Minsk": the event's tags
            found = organisations_in(line.text, lexicon)
        else:
            code = organisation_named(line.text, lexicon)
            found = [code] if code is not None else []
        codes.extend(code for code in found if code not in codes)
    return codes


def is_body_line(text: str, lexicon: Lexicon) -> bool:
    """A line of the text itself rather than of the page's header: long, or a sentence."""
    words = text.split()
    if len(words) > MAX_HEADER_WORDS:
        return True
    if dateline(text) is not None or lone_time(text) is not None:
        return False
    if ends_a_sentence(text):
        return True
    keys = tokenise(text).keys
    if keys and keys[-1] in _RUNS_ON:  # "… nous établissons des liens entre"
        return True
    return parse_label(text, lexicon) is not None


def is_headline_label(text: str, following: str, lexicon: Lexicon, *, after_header: bool) -> bool:
    """A "Name : words" line that is a news headline, not a speaker's turn: what follows the
    colon is no sentence, and the next line is an agency's dateline or, below other header
    lines, a narrated lead that is no turn.

    Example: ``"Lavrov : l’OTSC ne laissera pas ses membres seuls"`` followed by ``"MOSCOU,
    14 octobre (RIA Novosti) – …"`` -> True; followed by ``"Question : …"`` -> False.
    """
    label = parse_label(text, lexicon)
    if label is None or label.kind not in _HEADLINE_LABELS or not label.rest:
        return False
    if ends_a_sentence(text) or not following:
        return False
    if news_dateline(following, lexicon) is not None:
        return True
    return (
        after_header
        and is_body_line(following, lexicon)
        and parse_label(following, lexicon) is None
    )


_HEADLINE_LABELS = frozenset({LabelKind.PERSON, LabelKind.OUTLET})


def title_index(
    lines: list[Line],
    lexicon: Lexicon,
    *,
    numbered: bool,
    heading: int | None,
    following: str = "",
) -> int:
    """Which of the header lines (those above the first line of text) is the title.

    A numbered blog title or the first heading wins; otherwise the last header line of three
    words or more that is not a date, a menu entry or a "key : value" line; a headline
    written "Name : words" (see ``is_headline_label``) ends the header and is the title.
    ``following`` is the first line after ``lines``.
    """
    if not lines or numbered:
        return 0
    if heading is not None:
        return heading
    named: list[int] = []
    for index, line in enumerate(lines):
        if is_body_line(line.text, lexicon):
            after = lines[index + 1].text if index + 1 < len(lines) else following
            if is_headline_label(line.text, after, lexicon, after_header=index > 0):
                return index
            break
        text = line.text
        if dateline(text) is not None or lone_time(text) is not None or ":" in text:
            continue
        if len(text.split()) >= MIN_TITLE_WORDS and not is_interface(text):
            named.append(index)
    if named:
        return named[-1]
    # only a site's name or buttons above the text: no title (-1) rather than "French.news.cn"
    return next((i for i, line in enumerate(lines) if not is_interface(line.text)), -1)


_INTERFACE = re.compile(
    r"^(?:par\s|partager|share|imprimer|print|copier|s'abonner|abonnez|se connecter|connexion"
    r"|newsletter|lire aussi|a lire|voir aussi|lire la suite|contacts? presse|recevez"
    r"|suivez|telecharger|retour|fermer)\b"
)
MAX_INTERFACE_WORDS = 8
_DOMAIN = re.compile(r"^(?:[\w-]+\.)+(?:cn|com|ru|fr|org|net|kz|info|int|gov|news)$", re.IGNORECASE)
MAX_RUBRIC_WORDS = 3


def is_rubric(text: str) -> bool:
    """A site's section name that happens to be a kind of text: "Communiqué de presse",
    "Déclarations". Only checked on lines ``parse_heading`` accepts."""
    words = text.split()
    return len(words) <= MAX_RUBRIC_WORDS and all(not word[:1].isupper() for word in words[1:])


def is_interface(text: str) -> bool:
    """A button, a byline or a site's name: "Partager sur X", "Lire aussi :", "Par notre
    correspondant", "French.news.cn"."""
    if _DOMAIN.match(text):
        return True
    return len(text.split()) <= MAX_INTERFACE_WORDS and bool(_INTERFACE.match(match_key(text)))


def ends_a_sentence(text: str) -> bool:
    """Final punctuation, looking through closing quotes and tags: "… parlé.</p>", "« Oui. »"."""
    text = text[-MAX_ENDING_CHARS:]
    while True:
        stripped = _CLOSING_TAG.sub("", text.rstrip(_CLOSING))
        if stripped == text:
            return text[-1:] in _FINAL_PUNCTUATION
        text = stripped
