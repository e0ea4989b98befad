"""Where a text was first published: the original page of each part of a source file.

A source cites many addresses. Only one written on a line of its own is a page the text was
copied from: an address inside a photo caption or a sentence links to something else
("… a débuté en Biélorussie CF/ https://fr.mil.ru/…" under a photo), and image links are
pictures. In a file of several parts, each part's page follows its text (the blog pastes the
address after it), so a page belongs to the last part whose heading comes before it.

Derived from the source's stored text, so it needs no re-import. The natural home for it is
the importer, which could record each part's pages on its event.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from archive.ingest.normalise import fold_accents
from archive.ingest.urls import find_urls, is_image_url
from archive.naming import Publisher, domain_of, page_language, publisher_named_in, publisher_of

HEADING_KEY = 60  # characters of an event's title that find its heading in the source


@dataclass(frozen=True)
class Page:
    """An original page, with what readers need to tell it from another."""

    url: str
    domain: str
    publisher: Publisher | None
    language: str | None  # "fr", "en" or None when the address does not say

    @property
    def label(self) -> str:
        """'Original page on mid.ru (Ministry of Foreign Affairs of the Russian Federation)'."""
        if self.publisher:
            return _("Original page on %(domain)s (%(publisher)s)") % {
                "domain": self.domain,
                "publisher": self.publisher.name,
            }
        return _("Original page on %(domain)s") % {"domain": self.domain}


@dataclass
class Provenance:
    """A source's original pages: each event's own, and those no part could be told for."""

    by_event: dict[int, list[Page]] = field(default_factory=dict)
    unplaced: list[Page] = field(default_factory=list)

    def pages_of(self, event_id: int) -> list[Page]:
        """The event's own pages, else the source's pages whose part is not known."""
        return self.by_event.get(event_id) or self.unplaced


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold_accents(text).lower()))


def page(url: str) -> Page:
    return Page(url, domain_of(url), publisher_of(url), page_language(url))


def _placed(raw_text: str, titles: tuple[tuple[int, str], ...]) -> Provenance:
    lines = raw_text.splitlines()
    headings: list[tuple[int, int]] = []  # (line, event id), in order
    for event_id, title in titles:
        key = _key(title)[:HEADING_KEY]
        headings += [(n, event_id) for n, line in enumerate(lines) if key and key in _key(line)]
    headings.sort()
    provenance = Provenance()
    for number, line in enumerate(lines):
        urls = find_urls(line)
        if len(urls) != 1 or line.strip().rstrip(".,;") != urls[0] or is_image_url(urls[0]):
            continue  # a caption, a sentence or a picture: not the text's own page
        before = [event_id for n, event_id in headings if n < number]
        if len(titles) == 1:
            before = [titles[0][0]]
        target = provenance.by_event.setdefault(before[-1], []) if before else provenance.unplaced
        if all(p.url != urls[0] for p in target):
            target.append(page(urls[0]))
    return provenance


# Placed pages by (checksum, events): small, unlike the texts they are read from (up to 5 MB).
_placed_cache: OrderedDict = OrderedDict()
CACHED_SOURCES = 256


def provenance_of(source, events) -> Provenance:
    """The original pages of ``source`` (a Source with its raw text), placed among
    ``events``, the events that source gave."""
    titles = tuple(sorted((event.pk, event.title) for event in events))
    key = (source.checksum, titles) if source.checksum else None
    if key in _placed_cache:
        _placed_cache.move_to_end(key)
        return _placed_cache[key]
    placed = _placed(source.raw_text or "", titles)
    if key is not None:
        _placed_cache[key] = placed
        if len(_placed_cache) > CACHED_SOURCES:
            _placed_cache.popitem(last=False)
    return placed


def described(source) -> str:
    """What a source is, in words, when it gives no address of its original."""
    publisher = publisher_named_in(source.title or "")
    if source.number and publisher:
        return _("post %(number)s, from %(publisher)s, which gives no address of the original") % {
            "number": source.number,
            "publisher": publisher.name,
        }
    if source.number:
        return _("post %(number)s, which gives no address of the original") % {
            "number": source.number
        }
    if publisher:
        return _("a text from %(publisher)s, without the address of the original") % {
            "publisher": publisher.name
        }
    return _("a text without the address of its original or a post number")


def source_items(sources, event) -> list[dict]:
    """What a page says of each source of ``event``: the source, the original pages of the
    event's part, how many parts the source has, the time it gives, or what it is in words."""
    items = []
    for source in sources:
        events = list(source.events.all())
        items.append(
            {
                "source": source,
                "pages": provenance_of(source, events).pages_of(event.pk),
                "parts": len(events),
                "time": event.time,
                "described": described(source),
            }
        )
    return items
