"""Lines that are not statement text: links, photo captions, file names, menus and footers.

Sources are web pages pasted by hand, so every page brings its own debris. The rules are
structural rather than lists of known lines: a URL anywhere, a caption repeating a name, a
run of capitals and numbers, a file name, a menu, and finally any short line with no final
punctuation that is not a heading, a dateline, a bullet, a salutation or a speaker label.
Removed lines are kept in ``noise`` so a librarian can see what was dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.ingest.dates import dateline, lone_time
from archive.ingest.headings import parse_heading, parse_post_title
from archive.ingest.labels import parse_label
from archive.ingest.lexicon import Lexicon
from archive.ingest.lines import Line
from archive.ingest.names import drop_honorifics, is_capitalised
from archive.ingest.normalise import match_key, name_key, tokenise
from archive.ingest.page import (
    ends_a_sentence,
    is_body_line,
    is_headline_label,
    is_interface,
    is_rubric,
    title_index,
)
from archive.ingest.places import news_dateline
from archive.ingest.urls import find_urls, is_image_url
from archive.ingest.vocabulary import FUNCTION_WORDS, SALUTATIONS

MAX_SHORT_WORDS = 12
MAX_CAPTION_WORDS = 45
MAX_INTERFACE_CHARS = 60
_BULLET = re.compile(r"^[•·▪●◦‣∙*–—-]\s")
_SEPARATOR = re.compile(r"^[\W_]+$")
_REFERENCE_NUMBER = re.compile(r"^\d+-\d{2}-\d{2}-\d{4}$")
_PHOTO_COUNT = re.compile(
    r"^\d+\s(?:\S+\s\d+\s)?(?:photos?|fotos?|images?|videos?)\b", re.IGNORECASE
)
_INNER_PUNCTUATION = re.compile(r"[.!?…«»“”\"]\s")
# A line ending with one of these runs on into the next: "… des liens entre".
_CONTINUATIONS = FUNCTION_WORDS | frozenset(
    "entre que qui dont avec sous vers contre comme mais sans selon depuis notamment".split()
)
_INTERFACE_LINES = frozenset(
    line.strip()
    for line in """
    print|imprimer|suggest to a friend|envoyer a un ami|partager|share|tweet|les sujets|sujets
    |documentos adicionales|fotografias|album de fotos|photos|videos|video|galerie|lire aussi
    |voir aussi|lire la suite|retour|haut de page|unnamed|mots-cles|tags|imprimer la page
    """.split("|")
)


@dataclass
class CleanLines:
    lines: list[Line]  # the non-blank lines that remain, in order
    noise: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    image_urls: list[str] = field(default_factory=list)


def remove_noise(lines: list[Line], lexicon: Lexicon) -> CleanLines:
    """Drop debris lines, collecting URLs on the way.

    Example: ``["Merci.", "4 PHOTOS", "https://www.mid.ru/x.jpg"]`` keeps ``"Merci."`` and puts
    the link in ``image_urls``.
    """
    result = CleanLines([])
    candidates: list[Line] = []
    for line in lines:
        if not line.text:
            continue
        urls = find_urls(line.text)
        if urls:
            for url in urls:
                (result.image_urls if is_image_url(url) else result.urls).append(url)
            result.noise.append(line.text)
        elif is_debris(line.text, lexicon):
            result.noise.append(line.text)
        else:
            candidates.append(line)
    title = _title_line(candidates, lexicon)
    for index, line in enumerate(candidates):
        if lone_time(line.text) is not None or dateline(line.text) is not None:
            result.lines.append(line)
            continue
        following = candidates[index + 1].text if index + 1 < len(candidates) else ""
        if index != title and (
            is_stray_short_line(line.text, following, lexicon)
            or (index < title and (is_interface(line.text) or _is_rubric_heading(line.text)))
        ):
            result.noise.append(line.text)
        else:
            result.lines.append(line)
    result.urls = list(dict.fromkeys(result.urls))
    result.image_urls = list(dict.fromkeys(result.image_urls))
    return result


def _title_line(candidates: list[Line], lexicon: Lexicon) -> int:
    """Index of the title among the candidates: site names and menus above it are not."""
    content = [
        index
        for index, line in enumerate(candidates)
        if lone_time(line.text) is None and dateline(line.text) is None
    ]
    if not content:
        return -1
    first = candidates[content[0]].text
    header = []
    following = ""
    for position, index in enumerate(content):
        if is_body_line(candidates[index].text, lexicon):
            after = content[position + 1] if position + 1 < len(content) else None
            following = candidates[after].text if after is not None else ""
            if is_headline_label(
                candidates[index].text, following, lexicon, after_header=index > 0
            ):
                header.append(index)  # "Lavrov : l’OTSC …" above the dateline: the title
            break
        header.append(index)
    heading = next(
        (
            i
            for i, index in enumerate(header)
            if parse_heading(candidates[index].text) and not is_rubric(candidates[index].text)
        ),
        None,
    )
    chosen = title_index(
        [candidates[index] for index in header],
        lexicon,
        numbered=parse_post_title(first).number is not None,
        heading=heading,
        following=following,
    )
    if not header:
        return content[0]
    return header[chosen] if chosen >= 0 else -1


def _is_rubric_heading(text: str) -> bool:
    return is_rubric(text) and parse_heading(text) is not None


def is_debris(text: str, lexicon: Lexicon) -> bool:
    """Menus, separators, reference numbers and photo captions, wherever they are.

    Example: ``"OTSC KREMLIN PH 2 XX 4 Réunion du Conseil … du 02.12.2020"`` -> True.
    """
    if len(text) <= MAX_INTERFACE_CHARS:
        key = match_key(text.strip("•·▪● ")).rstrip(" :")
        if key in _INTERFACE_LINES or _PHOTO_COUNT.match(key):
            return True
    if news_dateline(text) is not None:
        return False
    if _SEPARATOR.match(text) or _REFERENCE_NUMBER.match(text):
        return True
    if text.count(" | ") >= 2 or text.startswith("|") or text.endswith("|"):
        return True
    if (" > " in text or " › " in text) and len(text.split()) <= MAX_SHORT_WORDS:
        return True
    return _starts_with_capitals_run(text) or _repeats_a_name(text, lexicon)


def is_stray_short_line(text: str, following: str, lexicon: Lexicon) -> bool:
    """A file name, or a short line with no final punctuation that plays no part in the text.

    Example: ``"En Rouge les pays du CICA en Orange les observateurs"`` -> True;
    ``"Chers collègues,"`` and ``"En particulier, nous établissons des liens entre"`` followed
    by a bullet -> False.
    """
    if _is_file_name(text):
        return True
    words = text.split()
    if len(words) > MAX_SHORT_WORDS or ends_a_sentence(text):
        return False
    if _BULLET.match(text):
        return len(words) <= 2
    keys = tokenise(text).keys
    if not keys or keys[0] in SALUTATIONS or keys[-1] in _CONTINUATIONS:
        return False
    if _BULLET.match(following):
        return False
    if dateline(text) is not None or lone_time(text) is not None:
        return False
    if _names_a_speaker(text, lexicon):
        return False
    return parse_heading(text) is None and parse_label(text, lexicon) is None


def _names_a_speaker(text: str, lexicon: Lexicon) -> bool:
    """ "Vladimir Vladimirovitch Poutine" before a speech, "Zhang Ming, Secrétaire général de
    l’OCS" signing one: a reference speaker's name opens the line."""
    keys = name_key(text.split(",", 1)[0]).split()
    if not 2 <= len(keys) <= 4:
        return False
    return " ".join(keys) in lexicon.speakers or f"{keys[0]} {keys[-1]}" in lexicon.speakers


def _is_file_name(text: str) -> bool:
    """One token with no final punctuation: "lc160216-bielorussie_0_730_612", "unnamed"."""
    if " " in text or ends_a_sentence(text) or parse_heading(text) is not None:
        return False
    return lone_time(text) is None and dateline(text) is None


def _starts_with_capitals_run(text: str) -> bool:
    """Photo credits: "OTSC KREMLIN PH 2 XX 4 Réunion …" (three or more capitals/numbers)."""
    if text.count(" ") < 2:
        return False
    words = text.split()
    run = 0
    while run < len(words) and _is_capitals_or_number(words[run]):
        run += 1
    if run < 3 or any(word.endswith(":") for word in words[:run]):
        return False
    has_number = any(word.isdigit() for word in words[:run])
    continues_in_lowercase = run < len(words) and any(c.islower() for c in words[run])
    return has_number or continues_in_lowercase


def _is_capitals_or_number(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return word.isdigit() or (bool(letters) and all(char.isupper() for char in letters))


def _repeats_a_name(text: str, lexicon: Lexicon) -> bool:
    """A caption naming someone twice: "… Kassym-Jomart Tokayev,Le Président … Tokayev,".

    Captions are one phrase: no sentence punctuation before the end, no quotation.
    """
    body = text.rstrip(" ,.;:")
    if (
        body.count(" ") < 3
        or len(body.split()) > MAX_CAPTION_WORDS
        or _INNER_PUNCTUATION.search(body)
    ):
        return False
    if parse_label(text, lexicon) is not None:
        return False
    words = body.replace(",", ", ").split()
    name: list[str] = []
    while words and len(name) < 4 and is_capitalised(words[-1]) and not words[-1].endswith(","):
        name.insert(0, words.pop())
    if len(drop_honorifics(" ".join(name)).split()) < 2:
        return False
    return " ".join(name) in " ".join(words)
