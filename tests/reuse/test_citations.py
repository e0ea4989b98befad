"""Citing and sharing a statement: styles for readers, files for reference managers, meta tags
for Zotero and link previews, all parsed as their readers parse them."""

import datetime as dt
import json
import re
from html.parser import HTMLParser

import bibtexparser
import pytest
from django.utils import timezone, translation

from archive.citations import Citation, person
from archive.models import Speaker, Statement
from tests.browse.conftest import add_event, add_statement

pytestmark = pytest.mark.django_db


class Head(HTMLParser):
    """The meta and link tags of a page, and its JSON-LD blocks."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("name") or attrs.get("property")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld[-1] += data


def head(client, path) -> Head:
    response = client.get(path)
    assert response.status_code == 200, path
    parser = Head()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize(
    ("name", "country", "family", "given"),
    [
        ("Vladimir Poutine", "RU", "Poutine", "Vladimir"),
        ("Kassym-Jomart Tokaïev", "KZ", "Tokaïev", "Kassym-Jomart"),
        ("Recep Tayyip Erdogan", "TR", "Erdogan", "Recep Tayyip"),
        ("Xi Jinping", "CN", "Xi", "Jinping"),
        ("Wang Yi", "CN", "Wang", "Yi"),
        ("Jean-Yves Le Drian", "FR", "Le Drian", "Jean-Yves"),
        ("Ursula von der Leyen", "DE", "von der Leyen", "Ursula"),
        ("Gorbatchev", None, "Gorbatchev", ""),
    ],
)
def test_names_are_split_into_family_and_given_names(name, country, family, given):
    assert person(name, country) == person(name, country).__class__(family, given)


def test_apa_initials_keep_hyphenated_given_names():
    assert person("Kassym-Jomart Tokaïev", "KZ").initials == "Tokaïev, K.-J."
    assert person("Recep Tayyip Erdogan", "TR").initials == "Erdogan, R. T."


def citation(statement, accessed=dt.date(2026, 3, 4)):
    statement = Statement.objects.select_related("speaker__country", "event__country").get(
        pk=statement.pk
    )
    return Citation(statement, url="https://archive.example/s/", accessed=accessed)


def test_chicago_and_apa_in_french_and_english(archive):
    cite = citation(archive.turns[1])
    with translation.override("fr"):
        chicago = re.sub(r"<[^>]+>", "", cite.chicago)
        assert chicago == (
            "Poutine, Vladimir. « Réunion du Conseil de sécurité collective de l’OTSC ». "
            "Intervention, Novo-Ogaryovo, région de Moscou, Russie, 2 décembre 2020. "
            "Archives des déclarations diplomatiques. Consulté le 4 mars 2026. "
            "https://archive.example/s/."
        )
        assert str(cite.apa).startswith(
            "Poutine, V. (2020, 2 décembre). <i>Réunion du Conseil de sécurité collective de "
            "l’OTSC</i> [Intervention]. Archives des déclarations diplomatiques. Consulté le "
        )
        assert str(cite.apa).endswith("4 mars 2026</time>, à l’adresse https://archive.example/s/")
    with translation.override("en"):
        chicago = re.sub(r"<[^>]+>", "", cite.chicago)
        assert chicago.startswith(
            "Poutine, Vladimir. “Réunion du Conseil de sécurité collective de l’OTSC.” Remarks, "
        )
        assert "December 2, 2020" in chicago and "Accessed March 4, 2026." in chicago
        apa = re.sub(r"<[^>]+>", "", cite.apa)
        assert apa.startswith("Poutine, V. (2020, December 2).")
        assert apa.endswith("Retrieved March 4, 2026, from https://archive.example/s/")


def test_an_unattributed_undated_statement_is_still_citable(archive):
    event = add_event("Communiqué", None, "", "RU")
    statement = add_statement(event, 1, None, "report", "Un compte rendu & 100 % {brut}.")
    cite = citation(statement)
    with translation.override("fr"):
        assert re.sub(r"<[^>]+>", "", cite.chicago).startswith("« Communiqué ». Compte rendu, ")
        assert "sans date" in cite.chicago
        assert "<i>Communiqué</i> [Compte rendu]. (s.d.)." in cite.apa
    library = bibtexparser.parse_string(cite.bibtex())
    assert not library.failed_blocks
    (entry,) = library.entries
    assert "author" not in entry.fields_dict and "year" not in entry.fields_dict


def test_the_bibtex_file_parses_with_every_field(client, archive):
    statement = archive.turns[1]
    response = client.get(f"/statements/{statement.slug}/cite.bib")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{statement.slug}.bib"'
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "misc"
    assert entry.key == "poutine2020reunion-2"
    fields = {name: entry[name] for name in entry.fields_dict}
    assert fields["author"] == "Poutine, Vladimir"
    assert fields["title"] == "{Réunion du Conseil de sécurité collective de l’OTSC}"
    assert (fields["year"], fields["month"], fields["date"]) == ("2020", "dec", "2020-12-02")
    assert fields["url"] == f"http://testserver{statement.get_absolute_url()}"
    assert fields["urldate"] == timezone.localdate().isoformat()
    assert fields["howpublished"] == "Intervention"
    assert fields["language"] == "french"


def test_bibtex_escapes_what_latex_would_read_as_commands(archive):
    event = add_event("Accord 50 % & $ #1 {test}_x", dt.date(2021, 1, 1), "Moscou", "RU")
    speaker = Speaker.objects.create(name="Jean Dupont")
    statement = add_statement(event, 1, speaker, "speech", "Texte.")
    text = citation(statement).bibtex()
    assert r"Accord 50 \% \& \$ \#1 \{test\}\_x" in text
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 1


def test_the_ris_file_has_the_tags_reference_managers_read(client, archive):
    statement = archive.answer
    response = client.get(f"/statements/{statement.slug}/cite.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    text = response.content.decode()
    assert text.endswith("ER  - \r\n")
    lines = text.split("\r\n")[:-1]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines), lines
    tags = {}
    for line in lines:
        tags.setdefault(line[:2], []).append(line[6:])
    assert lines[0] == "TY  - ELEC"
    assert tags["AU"] == ["Lavrov, Sergueï"]
    assert tags["TI"] == ["Réponses à la presse"]
    assert tags["DA"] == ["2022/02/01/"] and tags["PY"] == ["2022"]
    assert tags["UR"] == [f"http://testserver{statement.get_absolute_url()}"]
    assert tags["Y2"] == [timezone.localdate().strftime("%Y/%m/%d/")]
    assert tags["KW"] == ["OSCE"]
    assert tags["LA"] == ["fr"]


def test_the_csl_json_file_is_an_array_of_one_item(client, archive):
    statement = archive.speech
    response = client.get(f"/statements/{statement.slug}/cite.json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    (item,) = json.loads(response.content)
    assert item["type"] == "speech"
    assert item["author"] == [{"family": "Lavrov", "given": "Sergueï"}]
    assert item["issued"] == {"date-parts": [[2021, 10, 12]]}
    today = timezone.localdate()
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    assert item["URL"] == f"http://testserver{statement.get_absolute_url()}"
    assert item["event-place"] == "Noursoultan, Kazakhstan"


def test_citation_files_exist_only_for_public_statements_and_known_formats(client, archive):
    assert client.get(f"/statements/{archive.hidden.slug}/cite.bib").status_code == 404
    assert client.get(f"/statements/{archive.answer.slug}/cite.docx").status_code == 404


def test_the_statement_page_offers_both_styles_and_the_downloads(client, archive):
    statement = archive.turns[1]
    html = client.get(statement.get_absolute_url()).content.decode()
    assert 'id="cite-chicago"' in html and 'id="cite-apa"' in html
    assert "Poutine, Vladimir. « Réunion du Conseil" in html
    assert f'value="http://testserver{statement.get_absolute_url()}" readonly' in html
    for extension in ("bib", "ris", "json"):
        assert f'href="/statements/{statement.slug}/cite.{extension}" download' in html
    # Copy buttons need JavaScript: hidden until the script shows them.
    assert html.count('class="copy-button"') == 3
    assert all(" hidden>" in b for b in re.findall(r'<button[^>]*class="copy-button"[^>]*>', html))


def test_zotero_reads_citation_meta_tags(client, archive):
    statement = archive.turns[1]
    meta = head(client, statement.get_absolute_url()).meta
    permalink = f"http://testserver{statement.get_absolute_url()}"
    assert meta["citation_title"] == ["Réunion du Conseil de sécurité collective de l’OTSC"]
    assert meta["citation_author"] == ["Poutine, Vladimir"]
    assert meta["citation_date"] == ["2020/12/02"]
    assert meta["citation_public_url"] == [permalink]
    assert meta["citation_language"] == ["fr"]
    assert meta["citation_keywords"] == ["CSTO"]


def test_statements_carry_schema_org_json_ld(client, archive):
    statement = archive.turns[1]
    page = head(client, statement.get_absolute_url())
    (block,) = page.jsonld
    data = json.loads(block)
    permalink = f"http://testserver{statement.get_absolute_url()}"
    assert data["@context"] == "https://schema.org" and data["@type"] == "Quotation"
    assert data["url"] == data["@id"] == permalink
    assert data["author"]["name"] == "Vladimir Poutine"
    assert data["author"]["jobTitle"] == "Président de la Russie"
    assert data["dateCreated"] == "2020-12-02"
    assert data["recordedAt"]["@type"] == "Event"
    assert data["recordedAt"]["url"] == f"http://testserver{archive.council.get_absolute_url()}"


def test_json_ld_cannot_close_its_script_element(client, archive):
    event = add_event("Titre </script><script>alert(1)</script>", dt.date(2021, 1, 1), "", "RU")
    statement = add_statement(event, 1, None, "report", "Texte <b>gras</b> & co.")
    html = client.get(statement.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    assert json.loads(block)["recordedAt"]["name"].startswith("Titre </script>")


def share_tags(page):
    return {key: values[0] for key, values in page.meta.items() if key.startswith("og:")}


def test_every_page_has_a_canonical_link_and_link_preview_tags(client, archive):
    pages = [
        "/",
        "/statements/",
        "/statements/?organisation=CSTO",
        archive.answer.get_absolute_url(),
        "/events/",
        archive.council.get_absolute_url(),
        "/speakers/",
        "/speakers/serguei-lavrov/",
        "/organisations/",
        "/organisations/csto/",
        "/countries/",
        "/countries/kg/",
    ]
    for path in pages:
        page = head(client, path)
        canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
        assert canonical == [f"http://testserver{path}"], path
        tags = share_tags(page)
        assert tags["og:url"] == canonical[0], path
        assert tags["og:title"] and tags["og:description"] and tags["og:site_name"], path
        assert page.meta["twitter:card"] == ["summary"], path


def test_a_shared_statement_previews_with_its_speaker_date_and_first_words(client, archive):
    statement = archive.turns[1]
    page = head(client, f"{statement.get_absolute_url()}?q=OTSC")
    tags = share_tags(page)
    assert tags["og:url"] == f"http://testserver{statement.get_absolute_url()}"  # no ?q=
    assert tags["og:type"] == "article"
    assert tags["og:title"] == (
        "Vladimir Poutine, 2 décembre 2020 – Réunion du Conseil de sécurité collective de l’OTSC"
    )
    assert tags["og:description"].startswith("Bonjour. Je déclare ouverte la réunion")
    assert page.meta["article:published_time"] == ["2020-12-02"]
