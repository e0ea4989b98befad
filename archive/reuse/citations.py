"""How to cite a statement: Chicago and APA for readers; BibTeX, RIS and CSL-JSON for
reference managers; the ``citation_*`` meta tags Zotero reads; schema.org JSON-LD.

Every form is built from one ``Citation``, so they never disagree. Readers' citations follow
the interface language; the machine formats carry the same facts in fixed syntax.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cached_property

from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, pgettext

from archive import naming
from archive.models import Source, Statement
from archive.naming import Person, person
from archive.provenance import Page, publisher_of_source, release_of, source_items
from archive.slugs import slugify_fr

CSL_TYPES = {
    Statement.Kind.SPEECH: "speech",
    Statement.Kind.REMARKS: "speech",
    Statement.Kind.DECLARATION: "speech",
    Statement.Kind.ANSWER: "interview",
    Statement.Kind.COMMENTARY: "interview",
    Statement.Kind.REPORT: "report",
    Statement.Kind.MESSAGE: "document",
}
BIBTEX_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)
QUESTION_WORDS = 8  # words of its question that tell an answer from the others
# What json_script escapes: JSON-LD in a <script> element can never close it early.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def long_date(value: dt.date) -> str:
    """'2 décembre 2020', '1er février 2022' / 'December 2, 2020': the date as prose writes it
    (French writes the first day of a month as an ordinal)."""
    if value.day == 1 and (get_language() or "fr").startswith("fr"):
        return formats.date_format(value, r"j\e\r F Y")
    return formats.date_format(value, pgettext("citation date", "F j, Y"))


def question_start(question: str, words: int = QUESTION_WORDS) -> str:
    """The first words of a question, to tell its answer from the others."""
    kept = question.split()
    return " ".join(kept[:words]) + ("…" if len(kept) > words else "")


# Quotes inside quotes, one level down: French « … “…” … », English “… ‘…’ …”.
INNER_FRENCH = str.maketrans({"“": "‘", "”": "’", "«": "“", "»": "”"})
INNER_ENGLISH = str.maketrans({"“": "‘", "”": "’"})


def nested(text: str) -> str:
    """``text`` made ready to go inside quotation marks of the interface's language: its own
    quotes one level down ("« la CICA »" -> "“la CICA”" in French; "“CICA”" -> "‘CICA’" in
    English), the spaces guillemets take dropped."""
    if (get_language() or "fr").startswith("fr"):
        text = re.sub(r"«\s+", "«", re.sub(r"\s+»", "»", text))
        return text.translate(INNER_FRENCH)
    return text.translate(INNER_ENGLISH)


def headline(statement: Statement, *, question: str | None = None) -> str:
    """Who said what: 'Vladimir Putin, remarks (turn 2)', or for an answer the start of its
    question: 'Sergey Lavrov, answer to “Les partenaires occidentaux ne cessent…”'.

    The turn number is always there, so the title of a statement never depends on its
    neighbours (hiding one does not rename another). ``question`` is the question's start
    when the caller loaded only that.
    """
    who = naming.speaker_name(statement.speaker) if statement.speaker else gettext("Unattributed")
    question = statement.question if question is None else question
    if statement.kind == Statement.Kind.ANSWER and question.strip():
        return gettext("%(who)s, answer to “%(question)s”") % {
            "who": who,
            "question": nested(question_start(question)),
        }
    return gettext("%(who)s, %(kind)s (turn %(position)s)") % {
        "who": who,
        "kind": str(statement.get_kind_display()).lower(),
        "position": statement.position,
    }


def statement_title(statement: Statement, *, question: str | None = None) -> str:
    """A title of its own for every statement: its headline, then its event's title."""
    return f"{headline(statement, question=question)} – {statement.event.title}"


@dataclass
class Citation:
    """The facts a citation needs, read from a statement loaded with its speaker and event."""

    statement: Statement
    url: str  # the absolute permalink
    accessed: dt.date
    source: Source | None = None  # the source it was first imported from
    original: Page | None = None  # the original page of its part, as that source gives it

    @classmethod
    def of(cls, statement: Statement, *, url: str, accessed: dt.date, sources=None) -> Citation:
        """The citation with its provenance; ``sources`` are ``provenance.source_items`` of
        the statement's sources, when the caller has them already."""
        if sources is None:
            sources = source_items(
                statement.sources.order_by("imported_at", "path"), statement.event
            )
        first = sources[0] if sources else None
        return cls(
            statement,
            url=url,
            accessed=accessed,
            source=first["source"] if first else None,
            original=first["pages"][0] if first and first["pages"] else None,
        )

    @property
    def site(self) -> str:
        return gettext("Archive of diplomatic statements")

    @property
    def author(self) -> Person | None:
        speaker = self.statement.speaker
        if speaker is None:
            return None
        country = speaker.country.iso2 if speaker.country else None
        return person(naming.speaker_name(speaker), country)

    @property
    def title(self) -> str:
        return statement_title(self.statement)

    @property
    def publisher(self) -> str:
        """Who published the original: from its address, else as the source names it."""
        if self.original and self.original.publisher:
            return self.original.publisher.name
        found = publisher_of_source(self.source)
        return found.name if found else ""

    @property
    def provenance(self) -> str:
        """'Original in English: President of Russia (the Kremlin), http://…; French text
        reposted as post 4114': where the text comes from, for the reader to check it."""
        original, parts = self.original, []
        if original:
            values = {"publisher": self.publisher or original.domain, "url": original.url}
            if original.language == "en":
                parts.append(gettext("Original in English: %(publisher)s, %(url)s") % values)
            else:
                parts.append(gettext("Original: %(publisher)s, %(url)s") % values)
        elif self.publisher:
            parts.append(gettext("Original: %(publisher)s") % {"publisher": self.publisher})
        release = release_of(self.source) if self.source and not original else None
        if release:
            parts.append(gettext("release %(release)s") % {"release": release.number})
        if self.source and self.source.number:
            number = {"number": self.source.number}
            parts.append(gettext("French text reposted as post %(number)s") % number)
        return pgettext("between the parts of a provenance", "; ").join(parts)

    @property
    def genre(self) -> str:
        return str(self.statement.get_kind_display())

    @property
    def date(self) -> dt.date | None:
        return self.statement.date

    @property
    def place(self) -> str:
        event = self.statement.event
        return ", ".join(
            part for part in (event.location, event.country.name if event.country else "") if part
        )

    @cached_property
    def key(self) -> str:
        """A BibTeX key: 'poutine2020reunion-2'."""
        who = slugify_fr(self.author.family if self.author else "anonyme", max_length=30)
        event = self.statement.event.title
        words = [w for w in slugify_fr(event, max_length=60).split("-") if len(w) > 3]
        year = self.date.year if self.date else "nd"
        return f"{who.replace('-', '')}{year}{words[0] if words else ''}-{self.statement.position}"

    @property
    def abstract(self) -> str:
        return first_words(self.statement.text, 60)

    def long_date(self, value: dt.date) -> str:
        return long_date(value)

    @property
    def accessed_html(self) -> SafeString:
        """The access date, marked so that a page kept open past midnight can refresh it."""
        return format_html(
            '<time class="access-date" datetime="{}">{}</time>',
            self.accessed.isoformat(),
            self.long_date(self.accessed),
        )

    # For readers ---------------------------------------------------------------------------

    @property
    def chicago(self) -> SafeString:
        """Chicago (notes and bibliography), bibliography form."""
        parts = []
        if self.author:
            parts.append(format_html("{}.", self.author.inverted.rstrip(".")))
        title = nested(self.title.rstrip("."))
        parts.append(format_html(pgettext("Chicago title", "“{}.”"), title))
        when = self.long_date(self.date) if self.date else gettext("undated")
        details = ", ".join(p for p in (self.place, when) if p)
        parts.append(format_html("{}.", details))
        if self.provenance:
            parts.append(format_html("{}.", self.provenance))
        parts.append(format_html("{}.", self.site))
        parts.append(
            format_html("{}.", format_html(gettext("Accessed {date}"), date=self.accessed_html))
        )
        parts.append(format_html("{}.", self.url))
        return mark_safe(" ".join(parts))

    @property
    def apa(self) -> SafeString:
        """APA (7th edition): author, date, title in italics, [kind], site, retrieval."""
        if self.date:
            when = formats.date_format(self.date, pgettext("APA date", "Y, F j"))
        else:
            when = pgettext("APA: no date", "n.d.")
        title = format_html("<i>{}</i> [{}].", self.title.rstrip("."), self.genre)
        if self.author:
            parts = [format_html("{} ({}).", self.author.initials, when), title]
        else:
            parts = [title, format_html("({}).", when)]
        if self.provenance:
            parts.append(format_html("{}.", self.provenance))
        parts.append(format_html("{}.", self.site))
        parts.append(
            format_html(
                gettext("Retrieved {date}, from {url}"), date=self.accessed_html, url=self.url
            )
        )
        return mark_safe(" ".join(parts))

    # For reference managers ----------------------------------------------------------------

    def bibtex(self) -> str:
        fields = []
        if self.author:
            fields.append(("author", _bib(self.author.inverted)))
        fields.append(("title", "{" + _bib(self.title) + "}"))
        fields.append(("howpublished", _bib(self.genre)))
        if self.place:
            fields.append(("address", _bib(self.place)))
        if self.date:
            fields.append(("year", str(self.date.year)))
            fields.append(("month", BIBTEX_MONTHS[self.date.month - 1]))
            fields.append(("date", self.date.isoformat()))
        fields.append(("organization", _bib(self.site)))
        if self.publisher:
            fields.append(("publisher", _bib(self.publisher)))
        fields.append(("url", self.url))
        fields.append(("urldate", self.accessed.isoformat()))
        fields.append(("language", "french"))
        accessed = gettext("Accessed {date}").format(date=self.accessed.isoformat())
        note = f"{self.provenance}. {accessed}" if self.provenance else accessed
        fields.append(("note", _bib(note)))
        width = max(len(name) for name, _value in fields)
        body = ",\n".join(
            f"  {name.ljust(width)} = {value if name == 'month' else '{' + value + '}'}"
            for name, value in fields
        )
        return f"@misc{{{self.key},\n{body}\n}}\n"

    def ris(self) -> str:
        """RIS as Zotero, EndNote and Mendeley read it: a web page with its access date."""
        lines = [("TY", "ELEC")]
        if self.author:
            lines.append(("AU", self.author.inverted))
        lines.append(("TI", self.title))
        lines.append(("T2", self.site))
        if self.publisher:
            lines.append(("PB", self.publisher))
        lines.append(("M3", self.genre))
        if self.date:
            lines.append(("PY", str(self.date.year)))
            lines.append(("DA", self.date.strftime("%Y/%m/%d/")))
        if self.place:
            lines.append(("CY", self.place))
        lines.append(("UR", self.url))
        lines.append(("Y2", self.accessed.strftime("%Y/%m/%d/")))
        lines.append(("LA", "fr"))
        for code in self.organisation_codes:
            lines.append(("KW", code))
        if self.abstract:
            lines.append(("AB", self.abstract))
        if self.provenance:
            lines.append(("N1", self.provenance))
        lines.append(("ER", ""))
        return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)

    def csl(self) -> dict:
        """One CSL-JSON item (the format of citeproc, Zotero and Pandoc)."""
        item = {
            "id": self.key,
            "type": CSL_TYPES.get(self.statement.kind, "document"),
            "title": self.title,
            "genre": self.genre,
            "container-title": self.site,
            "publisher": self.publisher or self.site,
            "URL": self.url,
            "accessed": {"date-parts": [_parts(self.accessed)]},
            "language": "fr",
        }
        if self.author:
            item["author"] = [{"family": self.author.family, "given": self.author.given}]
        if self.date:
            item["issued"] = {"date-parts": [_parts(self.date)]}
        if self.place:
            item["event-place"] = self.place
        if self.abstract:
            item["abstract"] = self.abstract
        if self.provenance:
            item["note"] = self.provenance
        return item

    @cached_property
    def organisation_codes(self) -> list[str]:
        return sorted(
            link.organisation.code for link in self.statement.statementorganisation_set.all()
        )

    # For search engines and link previews --------------------------------------------------

    def meta_tags(self) -> list[tuple[str, str]]:
        """Highwire Press ``citation_*`` tags, which Zotero and Google Scholar read."""
        tags = [("citation_title", self.title)]
        if self.author:
            tags.append(("citation_author", self.author.inverted))
        if self.date:
            tags.append(("citation_date", self.date.strftime("%Y/%m/%d")))
            tags.append(("citation_publication_date", self.date.strftime("%Y/%m/%d")))
        tags += [
            ("citation_publisher", self.publisher or self.site),
            ("citation_public_url", self.url),
            ("citation_abstract_html_url", self.url),
            ("citation_language", "fr"),
        ]
        tags += [("citation_keywords", code) for code in self.organisation_codes]
        return tags

    def jsonld(self, *, speaker_url: str | None, event_url: str, home_url: str) -> dict:
        """schema.org: a Quotation spoken by a Person, recorded at an Event."""
        statement = self.statement
        data = {
            "@context": "https://schema.org",
            "@type": "Quotation",
            "@id": self.url,
            "url": self.url,
            "name": self.title,
            "genre": self.genre,
            "inLanguage": "fr",
            "description": self.abstract,
            "isAccessibleForFree": True,
            "publisher": {"@type": "Organization", "name": self.site, "url": home_url},
            "recordedAt": {"@type": "Event", "name": statement.event.title, "url": event_url},
        }
        if self.original:
            data["isBasedOn"] = {"@type": "WebPage", "url": self.original.url}
            if self.publisher:
                data["isBasedOn"]["publisher"] = {"@type": "Organization", "name": self.publisher}
        if statement.speaker:
            author = {"@type": "Person", "name": statement.speaker.name, "url": speaker_url}
            if statement.role:
                author["jobTitle"] = statement.role
            if statement.speaker.country:
                author["nationality"] = {
                    "@type": "Country",
                    "name": statement.speaker.country.name_fr,
                    "identifier": statement.speaker.country.iso2,
                }
            data["author"] = author
        if self.date:
            data["dateCreated"] = data["recordedAt"]["startDate"] = self.date.isoformat()
        if self.place:
            data["recordedAt"]["location"] = {"@type": "Place", "name": self.place}
        return data


def first_words(text: str, count: int) -> str:
    """The first ``count`` words, across paragraphs, with an ellipsis if there are more."""
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def jsonld_script(data: dict) -> SafeString:
    """``<script type="application/ld+json">``: data, never run, so a strict CSP allows it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _bib(value: str) -> str:
    return " ".join(value.translate(BIBTEX_ESCAPES).split())


def _parts(value: dt.date) -> list[int]:
    return [value.year, value.month, value.day]
