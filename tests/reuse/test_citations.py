"""Citing and sharing a statement: styles for readers, files for reference managers, meta tags
for Zotero and link previews, all parsed as their readers parse them."""

import datetime as dt
import json
import re
from html.parser import HTMLParser

import bibtexparser
import pytest
from django.utils import timezone, translation

from archive.models import Speaker, Statement
from archive.reuse.citations import Citation, person
from tests.browse.conftest import add_event, add_statement

pytestmark = pytest.mark.django_db

TITLE = (
    "Vladimir Poutine, intervention (prise de parole n° 2) – "
    "Réunion du Conseil de sécurité collective de l’OTSC"
)


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
    return Citation.of(statement, url="https://archive.example/s/", accessed=accessed)


def test_chicago_and_apa_in_french_and_english(archive):
    cite = citation(archive.turns[1])
    with translation.override("fr"):
        chicago = re.sub(r"<[^>]+>", "", cite.chicago)
        assert chicago == (
            "Poutine, Vladimir. « Vladimir Poutine, intervention (prise de parole n° 2) – "
            "Réunion du Conseil de sécurité collective de l’OTSC ». "
            "Novo-Ogaryovo, région de Moscou, Russie, 2 décembre 2020. "
            "Original : Présidence de la Fédération de Russie (Kremlin), "
            "http://kremlin.ru/events/president/news/64548 ; "
            "texte français repris dans le billet 4114. "
            "Archives des déclarations diplomatiques. Consulté le 4 mars 2026. "
            "https://archive.example/s/."
        )
        assert str(cite.apa).startswith(
            "Poutine, V. (2020, 2 décembre). <i>Vladimir Poutine, intervention (prise de parole "
            "n° 2) – Réunion du Conseil de sécurité collective de l’OTSC</i> [Intervention]. "
            "Original : Présidence"
        )
        assert str(cite.apa).endswith("4 mars 2026</time>, à l’adresse https://archive.example/s/")
    with translation.override("en"):
        chicago = re.sub(r"<[^>]+>", "", cite.chicago)
        # English citations use the English form of the name the reference data gives.
        assert chicago.startswith(
            "Putin, Vladimir. “Vladimir Putin, remarks (turn 2) – Réunion du Conseil de "
            "sécurité collective de l’OTSC.” Novo-Ogaryovo, région de Moscou, Russia, "
            "December 2, 2020. Original: President of Russia (the Kremlin), "
        )
        assert "French text reposted as post 4114." in chicago
        assert "Accessed March 4, 2026." in chicago
        apa = re.sub(r"<[^>]+>", "", cite.apa)
        assert apa.startswith("Putin, V. (2020, December 2).")
        assert apa.endswith("Retrieved March 4, 2026, from https://archive.example/s/")


def test_french_dates_write_the_first_of_the_month_as_1er(archive):
    event = add_event("Sommet", dt.date(2022, 2, 1), "Moscou", "RU")
    statement = add_statement(event, 1, archive.speakers["lavrov"], "speech", "Texte.")
    cite = citation(statement, accessed=dt.date(2026, 5, 1))
    with translation.override("fr"):
        chicago = re.sub(r"<[^>]+>", "", cite.chicago)
        assert "Moscou, Russie, 1er février 2022." in chicago
        assert "Consulté le 1er mai 2026." in chicago
    with translation.override("en"):
        assert "February 1, 2022" in re.sub(r"<[^>]+>", "", cite.chicago)


def test_every_turn_of_one_meeting_has_its_own_title(archive):
    """Seven turns of one speaker at one meeting cite as seven different titles."""
    event = archive.council
    poutine = archive.speakers["poutine"]
    turns = [
        add_statement(event, position, poutine, "remarks", f"Tour {position}.")
        for position in range(10, 17)
    ]
    titles = {citation(turn).title for turn in turns}
    assert len(titles) == 7


def test_an_answer_is_titled_by_the_start_of_its_question(archive):
    with translation.override("fr"):
        assert citation(archive.answer).title == (
            "Sergueï Lavrov, réponse à « Que pensez-vous de l’OSCE ? » – Réponses à la presse"
        )
    event = archive.press
    long = "Monsieur le Ministre, que pensez-vous des déclarations faites hier à Bruxelles ?"
    answer = add_statement(event, 5, archive.speakers["lavrov"], "answer", "Rien.", question=long)
    with translation.override("en"):
        assert citation(answer).title.startswith(
            "Sergey Lavrov, answer to “Monsieur le Ministre, que pensez-vous des déclarations "
            "faites…” – "
        )


def test_citations_name_the_original_publisher_from_the_address(seeded):
    """The seed's kremlin post links its English original on en.kremlin.ru; a photo caption's
    fr.mil.ru link is not the original."""
    statement = Statement.objects.public().get(event__sources__number=4114, position=2)
    cite = Citation.of(statement, url="https://archive.example/s/", accessed=dt.date(2026, 1, 5))
    assert cite.original.url == "http://en.kremlin.ru/events/president/news/64534"
    with translation.override("en"):
        assert cite.provenance == (
            "Original in English: President of Russia (the Kremlin), "
            "http://en.kremlin.ru/events/president/news/64534; French text reposted as post 4114"
        )
        assert cite.csl()["publisher"] == "President of Russia (the Kremlin)"
    with translation.override("fr"):
        assert cite.provenance.startswith(
            "Original en anglais : Présidence de la Fédération de Russie (Kremlin), "
        )


def test_each_part_of_a_post_cites_its_own_original_page(seeded):
    speech = Statement.objects.public().get(event__title__startswith="Allocution de Sergueï")
    press = Statement.objects.public().filter(event__title__startswith="Réponses à la presse de")
    pages = {
        Citation.of(s, url="https://x/", accessed=dt.date(2026, 1, 5)).original.url for s in press
    }
    speech_page = Citation.of(speech, url="https://x/", accessed=dt.date(2026, 1, 5))
    assert speech_page.original.url.endswith("/content/id/4900531")
    assert pages == {
        "https://www.mid.ru/fr/foreign_policy/news/-/asset_publisher/cKNonkJE02Bw/content/id/4900958"
    }


def test_an_unattributed_undated_statement_is_still_citable(archive):
    event = add_event("Communiqué", None, "", "RU")
    statement = add_statement(event, 1, None, "report", "Un compte rendu & 100 % {brut}.")
    cite = citation(statement)
    with translation.override("fr"):
        assert re.sub(r"<[^>]+>", "", cite.chicago).startswith(
            "« Sans orateur, compte rendu (prise de parole n° 1) – Communiqué ». Russie, sans date."
        )
        assert (
            "<i>Sans orateur, compte rendu (prise de parole n° 1) – Communiqué</i> "
            "[Compte rendu]. (s.d.)." in cite.apa
        )
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
    assert fields["title"] == "{" + TITLE + "}"
    assert fields["publisher"] == "Présidence de la Fédération de Russie (Kremlin)"
    assert "texte français repris dans le billet 4114" in fields["note"]
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
    assert tags["TI"] == [
        "Sergueï Lavrov, réponse à « Que pensez-vous de l’OSCE ? » – Réponses à la presse"
    ]
    assert tags["PB"] == ["Ministère des Affaires étrangères de la Fédération de Russie"]
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
    assert "Poutine, Vladimir. « Vladimir Poutine, intervention (prise de parole n° 2)" in html
    assert f'value="http://testserver{statement.get_absolute_url()}" readonly' in html
    for extension in ("bib", "ris", "json"):
        assert f'href="/statements/{statement.slug}/cite.{extension}" download' in html
    # A short permanent link for print, which leads to the permalink.
    short = f"/s/{statement.pk}"
    assert f'value="http://testserver{short}" readonly' in html
    response = client.get(short)
    assert (response.status_code, response["Location"]) == (301, statement.get_absolute_url())
    # Copy buttons need JavaScript: hidden until the script shows them.
    assert html.count('class="copy-button"') == 4
    assert all(" hidden>" in b for b in re.findall(r'<button[^>]*class="copy-button"[^>]*>', html))


def test_zotero_reads_citation_meta_tags(client, archive):
    statement = archive.turns[1]
    meta = head(client, statement.get_absolute_url()).meta
    permalink = f"http://testserver{statement.get_absolute_url()}"
    assert meta["citation_title"] == [TITLE]
    assert meta["citation_publisher"] == ["Présidence de la Fédération de Russie (Kremlin)"]
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
    assert tags["og:title"] == TITLE
    assert tags["og:description"].startswith("Bonjour. Je déclare ouverte la réunion")
    assert page.meta["article:published_time"] == ["2020-12-02"]


def test_quotes_inside_a_quoted_title_go_one_level_down(archive):
    """French « … “…” … », English “… ‘…’ …”: an answer's question, or an event title with
    its own quotes, inside the citation's quoted title."""
    question = "Et « la sécurité » ?"
    answer = add_statement(
        archive.press, 6, archive.speakers["lavrov"], "answer", "Rien.", question=question
    )
    with translation.override("fr"):
        cite = citation(answer)
        assert cite.title.startswith("Sergueï Lavrov, réponse à « Et “la sécurité” ? » – ")
        chicago = re.sub(r"<[^>]+>", "", cite.chicago)
        assert "« Sergueï Lavrov, réponse à “Et ‘la sécurité’ ?” – Réponses" in chicago
        assert chicago.count("«") == 1 and chicago.count("»") == 1
    with translation.override("en"):
        cite = citation(answer)
        assert cite.title.startswith("Sergey Lavrov, answer to “Et « la sécurité » ?” – ")
        chicago = re.sub(r"<[^>]+>", "", cite.chicago)
        assert "“Sergey Lavrov, answer to ‘Et « la sécurité » ?’ – Réponses" in chicago
        assert chicago.count("“") == 1 and chicago.count("”") == 1
