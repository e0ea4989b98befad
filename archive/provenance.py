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
from django.utils.translation import pgettext

from archive.ingest.normalise import fold_accents
from archive.ingest.urls import find_urls, is_image_url
from archive.naming import (
    Publisher,
    domain_of,
    page_language,
    publisher_marked_in,
    publisher_named_in,
    publisher_numbering,
    publisher_of,
)

HEADING_KEY = 60  # characters of an event's title that find its heading in the source
# A source's header (its site's menu, a release number under the title) is in its first
# lines: only these are read for who published it.
HEADER_LINES = 12


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


def _header(source) -> list[str]:
    lines = (source.raw_text or "")[:8000].splitlines()
    return [line.strip() for line in lines if line.strip()][:HEADER_LINES]


@dataclass(frozen=True)
class Release:
    """A release number on a line of its own under the title, and whose numbering it is."""

    number: str
    publisher: Publisher


def release_of(source) -> Release | None:
    """'1206-25-06-2024' under the title of a Russian foreign ministry text."""
    for line in _header(source):
        publisher = publisher_numbering(line)
        if publisher is not None:
            return Release(line, publisher)
    return None


def publisher_of_source(source) -> Publisher | None:
    """Who published a source's text, from what the text itself says when there is no
    address: a name in its title ("4114 – Kremlin – …"), its site's header, or the numbering
    of its release. All from ``fixtures/reference/publishers.json``."""
    if source is None:
        return None
    found = publisher_named_in(source.title or "")
    found = found or publisher_marked_in("\n".join(_header(source)))
    if found is None:
        release = release_of(source)
        found = release.publisher if release else None
    return found


def described(source) -> str:
    """What a source is, in words, when it gives no address of its original:
    'post 4114 · publisher: President of Russia (the Kremlin) · no address of the original'."""
    publisher, release = publisher_of_source(source), release_of(source)
    parts = []
    if source.number:
        parts.append(_("post %(number)s") % {"number": source.number})
    if release:
        parts.append(_("release %(release)s") % {"release": release.number})
    if publisher:
        parts.append(_("publisher: %(publisher)s") % {"publisher": publisher.name})
    if not parts:
        return _("a text without the address of its original or a post number")
    parts.append(_("no address of the original"))
    return pgettext("between the parts of a source's description", " · ").join(parts)


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
