"""Whole sources of the kinds the archive receives, through ``parse_source``."""

import codecs
import datetime as dt

import pytest

from archive.ingest.pipeline import SourceRejected, parse_source
from archive.ingest.records import EventKind, StatementKind

from .conftest import FIXTURES


def parse(text, reference, **options):
    return parse_source(text.encode(), name="post.txt", reference=reference, **options)


def codes(source):
    return [warning.code for warning in source.warnings]


SCO_SUMMIT = """\
4950 – Kremlin – Réunion du Conseil des chefs d’État de l’OCS du 04.07.2024

Vladimir Poutine a pris part à la réunion du Conseil des chefs d’État membres de l’OCS.

4 juillet 2024 – 11:30 – Astana

4 PHOTOS

Président du Kazakhstan Kassym-Jomart Tokaïev : Chers collègues, je déclare ouverte la réunion.
Vladimir Poutine : Monsieur le Président, chers collègues,
Je remercie nos amis kazakhs pour leur hospitalité à Astana.
Président de la République populaire de Chine Xi Jinping : Merci, Monsieur le Président.
L’OCS et la CICA se complètent.

Les sujets
http://kremlin.ru/events/president/news/74450
"""


def test_an_sco_heads_of_state_council_in_astana(reference):
    source = parse(SCO_SUMMIT, reference)
    assert source.number == 4950
    (part,) = source.parts
    assert (part.kind, part.date, part.time) == (
        EventKind.SUMMIT,
        dt.date(2024, 7, 4),
        dt.time(11, 30),
    )
    assert (part.location, part.country, part.organisations) == ("Astana", "KZ", ["SCO"])
    assert part.title == "Réunion du Conseil des chefs d’État de l’OCS"
    assert [(t.kind, t.speaker and t.speaker.name) for t in part.turns] == [
        (StatementKind.REPORT, None),
        (StatementKind.REMARKS, "Kassym-Jomart Tokaïev"),
        (StatementKind.REMARKS, "Vladimir Poutine"),
        (StatementKind.REMARKS, "Xi Jinping"),
    ]
    assert [t.speaker.country for t in part.turns[1:]] == ["KZ", "RU", "CN"]
    assert part.turns[3].organisations == ["SCO", "CICA"]
    assert source.urls == ["http://kremlin.ru/events/president/news/74450"]
    assert source.warnings == []


CICA_SUMMIT = """\
3120 – Allocution de Vladimir Poutine au sommet de la CICA à Douchanbé

Allocution de Vladimir Poutine au cinquième sommet de la CICA, Douchanbé, 15 juin 2019

Chers collègues,
La Russie soutient la CICA et l’OCS.
Merci.
"""


def test_a_cica_summit_speech_in_dushanbe(reference):
    source = parse(CICA_SUMMIT, reference)
    (part,) = source.parts
    assert (part.kind, part.date, part.location, part.country) == (
        EventKind.SUMMIT,
        dt.date(2019, 6, 15),
        "Douchanbé",
        "TJ",
    )
    assert part.organisations == ["CICA"]
    (speech,) = part.turns
    assert speech.organisations == ["SCO", "CICA"]
    assert (speech.kind, speech.speaker.name, speech.paragraphs[-1]) == (
        StatementKind.SPEECH,
        "Vladimir Poutine",
        "Merci.",
    )


INTERVIEW = """\
Interview de Sergueï Lavrov à la chaîne RT, Moscou, 3 mars 2023

RT: Monsieur le Ministre, comment voyez-vous l’avenir de l’OSCE ?
Sergueï Lavrov: L’OSCE traverse une crise.
Margarita Simonian: Et l’OTSC ?
Sergueï Lavrov: L’OTSC se porte bien.
Le Figaro: Une dernière question sur la Suisse ?
Sergueï Lavrov: Non.
"""


def test_an_interview_with_an_outlet_and_a_named_journalist_asking(reference):
    source = parse(INTERVIEW, reference)
    (part,) = source.parts
    assert part.kind is EventKind.INTERVIEW
    assert [(t.kind, t.speaker.name, t.asked_by) for t in part.turns] == [
        (StatementKind.ANSWER, "Sergueï Lavrov", "RT"),
        (StatementKind.ANSWER, "Sergueï Lavrov", "Margarita Simonian"),
        (StatementKind.ANSWER, "Sergueï Lavrov", "Le Figaro"),
    ]
    assert part.turns[0].organisations == ["OSCE"]
    assert part.turns[2].countries == ["CH"]


DECLARATION = """\
5012 – Déclaration conjointe des chefs d’État membres de l’OCS, Astana, 4 juillet 2024

Les États membres de l’Organisation de coopération de Shanghai déclarent ce qui suit.
1. Ils réaffirment leur attachement à la Charte de l’OCS.
"""


def test_a_joint_declaration(reference):
    (part,) = parse(DECLARATION, reference).parts
    assert (part.kind, part.organisations, part.country) == (EventKind.DECLARATION, ["SCO"], "KZ")
    assert [(t.kind, t.speaker, len(t.paragraphs)) for t in part.turns] == [
        (StatementKind.DECLARATION, None, 2)
    ]


PRESS_CONFERENCE = """\
Conférence de presse conjointe de Vladimir Poutine et Emmanuel Macron, Moscou, 7 février 2022

Vladimir Poutine: Mesdames et Messieurs, nos entretiens ont été utiles.
Emmanuel Macron: Merci, Monsieur le Président.
Question: Une question pour les deux présidents sur l’OSCE ?
Vladimir Poutine: Je commence.
Emmanuel Macron: Je complète.
Question (BFM): Et la France ?
Emmanuel Macron: La France reste attachée à l’OSCE.
"""


def test_a_press_conference_with_two_leaders_answering(reference):
    (part,) = parse(PRESS_CONFERENCE, reference).parts
    assert part.kind is EventKind.PRESS
    assert [(t.speaker.name, t.kind, t.asked_by) for t in part.turns] == [
        ("Vladimir Poutine", StatementKind.REMARKS, ""),
        ("Emmanuel Macron", StatementKind.REMARKS, ""),
        ("Vladimir Poutine", StatementKind.ANSWER, "Question"),
        ("Emmanuel Macron", StatementKind.REMARKS, ""),
        ("Emmanuel Macron", StatementKind.ANSWER, "BFM"),
    ]
    assert [p.name for p in part.participants] == ["Emmanuel Macron"]


def test_a_file_with_no_date_is_parsed_with_a_warning(reference):
    source = parse("Allocution de Sergueï Lavrov\n\nChers collègues,\nMerci.\n", reference)
    (part,) = source.parts
    assert part.date is None
    assert part.turns[0].speaker.name == "Sergueï Lavrov"
    assert [(w.code, w.line) for w in source.warnings] == [("date-not-found", 1)]


def test_an_impossible_date_is_reported_and_left_empty(reference):
    source = parse("Déclaration de l’OTSC, Moscou, 31 février 2021\n\nTexte.\n", reference)
    assert source.parts[0].date is None
    assert codes(source) == ["impossible-date"]


def test_a_month_only_date_is_reported(reference):
    source = parse("Déclaration de l’OTSC, Moscou, juillet 2024\n\nTexte.\n", reference)
    assert source.parts[0].date is None
    assert codes(source) == ["month-only-date"]


def test_a_year_less_date_takes_the_year_of_the_post_title(reference):
    text = (
        "4800 – Deux textes du 01.02.2022\n"
        "Allocution de Sergueï Lavrov, Moscou, 1er février\nTexte.\n"
        "Commentaire pour la presse de Sergueï Lavrov, Moscou, 2 février\nAutre.\n"
    )
    source = parse(text, reference)
    assert [part.date for part in source.parts] == [dt.date(2022, 2, 1), dt.date(2022, 2, 2)]


def test_english_month_names_are_understood(reference):
    source = parse("Address by Sergueï Lavrov\n\nMoscow, July 3, 2024\n\nText.\n", reference)
    assert source.parts[0].date == dt.date(2024, 7, 3)


def test_an_unknown_place_is_kept_with_a_warning(reference):
    source = parse("Allocution de Sergueï Lavrov, Tombouctou, 3 mars 2023\nTexte.\n", reference)
    part = source.parts[0]
    assert (part.location, part.country) == ("Tombouctou", None)
    assert [(w.code, w.line) for w in source.warnings] == [("unknown-place", 1)]


def test_an_unknown_speaker_is_created_with_a_warning(reference):
    source = parse(
        "Réunion, Moscou, 3 mars 2023\n"
        "Président par intérim du Kirghizistan Talant Mamytov: Merci.\n",
        reference,
    )
    speaker = source.parts[0].turns[0].speaker
    assert (speaker.name, speaker.country, speaker.known) == ("Talant Mamytov", "KG", False)
    assert [(w.code, w.line) for w in source.warnings] == [("unknown-speaker", 2)]


def test_html_and_script_tags_stay_literal_text(reference):
    text = (
        "Allocution de Sergueï Lavrov, Moscou, 3 mars 2023\n"
        "<p>Le <b>monde</b> change.</p>\n<script>alert(1)</script>;\n"
    )
    (turn,) = parse(text, reference).parts[0].turns
    assert turn.paragraphs == ["<p>Le <b>monde</b> change.</p>", "<script>alert(1)</script>;"]


def test_crlf_line_endings_parse_like_lf(reference):
    lf = parse(SCO_SUMMIT, reference)
    crlf = parse(SCO_SUMMIT.replace("\n", "\r\n"), reference)
    assert crlf == lf


def test_utf16_with_a_byte_order_mark(reference):
    data = codecs.BOM_UTF16_LE + SCO_SUMMIT.encode("utf-16-le")
    source = parse_source(data, name="x.txt", reference=reference)
    assert source.encoding == "utf-16"
    assert source.parts == parse(SCO_SUMMIT, reference).parts


def test_cp1252_bytes_parse_with_an_encoding_warning(reference):
    source = parse_source(SCO_SUMMIT.encode("cp1252"), name="x.txt", reference=reference)
    assert source.encoding == "cp1252"
    assert codes(source) == ["encoding-fallback"]
    assert source.parts == parse(SCO_SUMMIT, reference).parts


def test_mojibake_is_repaired_and_the_speaker_still_found(reference):
    text = "Allocution de SergueÃ¯ Lavrov, Moscou, 3 mars 2023\nTexte.\n"
    source = parse(text, reference)
    assert source.parts[0].turns[0].speaker.name == "Sergueï Lavrov"
    assert codes(source) == ["mojibake-repaired"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "file is empty"),
        (b"  \n\n\t \r\n", "file contains only whitespace"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 100, "file looks binary (NUL bytes)"),
    ],
)
def test_files_that_cannot_be_imported_are_rejected(reference, data, message):
    with pytest.raises(SourceRejected) as rejected:
        parse_source(data, name="x", reference=reference)
    assert str(rejected.value) == message


def test_an_oversized_file_is_rejected(reference):
    with pytest.raises(SourceRejected, match=r"^file is 21\.0 MB, over the 5\.0 MB limit$"):
        parse_source(b"a" * (21 * 1024 * 1024), name="x", reference=reference)


def test_a_five_megabyte_single_line_is_rejected(reference):
    data = b"Texte " * (5 * 1024 * 1024 // 6)
    with pytest.raises(
        SourceRejected, match=r"^line 1 is 5\.0 MB long, over the 1\.0 MB limit for one line"
    ):
        parse_source(data, name="x", reference=reference, max_bytes=6 * 1024 * 1024)


def test_a_file_with_only_noise_has_no_statements(reference):
    source = parse("Titre\n\n4 PHOTOS\nhttps://example.org/a.jpg\n", reference)
    assert "no-statements" in codes(source)
    assert source.image_urls == ["https://example.org/a.jpg"]


def test_a_bare_transcript_is_titled_after_its_file(reference):
    source = parse_source(
        b"Vladimir Poutine: Bonjour.\n", name="dir/kremlin-64534.txt", reference=reference
    )
    assert source.title == "kremlin-64534"
    assert "title-not-found" in codes(source)
    assert source.parts[0].turns[0].speaker.name == "Vladimir Poutine"


def seed_bytes():
    return b"\n".join(path.read_bytes() for path in sorted((FIXTURES / "sources").glob("*.txt")))


@pytest.mark.slow
def test_a_five_megabyte_source_parses_whole(real_reference):
    """Guards against catastrophic patterns: a quadratic rule would not finish here.

    How fast parsing is belongs to the benchmark (``manage.py benchmark``), not to a test.
    """
    seeds = seed_bytes()
    data = seeds * (5 * 1024 * 1024 // len(seeds))
    source = parse_source(data, name="big", reference=real_reference)
    assert sum(len(part.turns) for part in source.parts) > 1000


@pytest.mark.slow
def test_a_label_dense_input_of_48000_turns_parses_whole(reference):
    unit = "Vladimir Poutine : Merci.\nQuestion : Oui ?\nRéponse : Non.\n"
    source = parse_source((unit * 16000).encode(), name="x", reference=reference)
    assert sum(len(part.turns) for part in source.parts) >= 16000


DUSHANBE_DECLARATION = """\
Déclaration de Douchanbé du Conseil des chefs d'État membres de l'Organisation de Shanghai

Douchanbé, 17 septembre 2021

DÉCLARATION DE DOUCHANBÉ

Les États membres de l'OCS, réunis à Douchanbé, déclarent :
1. La Russie, le Kazakhstan et le Tadjikistan soutiennent la CICA.
"""


def test_a_declaration_with_its_title_repeated_in_capitals(reference):
    source = parse(DUSHANBE_DECLARATION, reference)
    (part,) = source.parts
    assert (part.kind, part.date, part.location, part.country) == (
        EventKind.DECLARATION,
        dt.date(2021, 9, 17),
        "Douchanbé",
        "TJ",
    )
    assert part.title.startswith("Déclaration de Douchanbé du Conseil des chefs")
    (declaration,) = part.turns
    assert declaration.kind is StatementKind.DECLARATION
    assert declaration.countries == ["RU", "KZ", "TJ"]
    assert "DÉCLARATION DE DOUCHANBÉ" in source.noise
    assert source.warnings == []


BRIEFING = """\
5120 – MID – Point de presse de la porte-parole Maria Zakharova du 5 mars 2023

Point de presse de la porte-parole de la diplomatie russe Maria Zakharova, Moscou, 5 mars 2023

La réunion des ministres de l'OTSC aura lieu la semaine prochaine.

Questions-réponses :

Question : Que pensez-vous de l'OSCE ?
Réponse : L'OSCE est en crise.
Question (Izvestia) : Et de l'OCS ?
Réponse : Elle se renforce.
"""


def test_a_briefing_whose_answers_are_labelled_reponse(real_reference):
    source = parse(BRIEFING, real_reference)
    (part,) = source.parts
    assert part.kind is EventKind.PRESS
    opening, *answers = part.turns
    assert (opening.kind, opening.speaker.name) == (StatementKind.REMARKS, "Maria Zakharova")
    assert opening.paragraphs[-1] == "Questions-réponses :"
    assert [(t.kind, t.speaker.name, t.asked_by) for t in answers] == [
        (StatementKind.ANSWER, "Maria Zakharova", "Question"),
        (StatementKind.ANSWER, "Maria Zakharova", "Izvestia"),
    ]
    assert answers[0].speaker.role == "porte-parole de la diplomatie russe"
    assert source.warnings == []


# Issue 14: pages of other sites, and fields that say where they come from ---------------------

AGENCY_STORY = """\
Kazinform
Actualités | Politique | Économie
Tokaïev appelle à renforcer l’OTSC
ASTANA, 3 mars (Kazinform) -- Le président Kassym-Jomart Tokaïev a reçu vendredi le secrétaire \
général de l’OTSC.
« Le Kazakhstan reste attaché à ses engagements », a déclaré Kassym-Jomart Tokaïev.
Publié le 03/03/2023 à 14:20
Partager :
"""


def test_an_agency_story_takes_its_dateline_and_relays_the_speaker(reference):
    source = parse(AGENCY_STORY, reference)
    (part,) = source.parts
    assert source.published == dt.date(2023, 3, 3)
    assert (part.title, part.date, part.location, part.country) == (
        "Tokaïev appelle à renforcer l’OTSC",
        dt.date(2023, 3, 3),
        "Astana",
        "KZ",
    )
    assert (part.kind, part.organisations) == (EventKind.MEETING, ["CSTO"])
    (report,) = part.turns
    assert (report.kind, report.speaker) == (StatementKind.REPORT, None)
    assert [(s.name, s.role, s.source) for s in report.quoted] == [
        ("Kassym-Jomart Tokaïev", "président", "quote")
    ]
    assert part.provenance == {
        "title": "title",
        "kind": "lead",
        "date": "dateline",
        "place": "dateline",
        "organisations": "title",
    }
    assert [(w.code, w.line) for w in source.warnings] == [("date-inferred-year", 4)]


NEWS_WITH_RELATIVE_DAY = """\
Publié le 14 octobre 2022 à 09h12
L’OTSC prête à aider le Kirghizistan
Depuis Bichkek, le secrétaire général de l’OTSC a appelé jeudi les deux pays au calme.
"""


def test_a_weekday_is_counted_back_from_the_publication_date_and_flagged(reference):
    source = parse(NEWS_WITH_RELATIVE_DAY, reference)
    (part,) = source.parts
    assert (part.date, part.location, part.country) == (dt.date(2022, 10, 13), "Bichkek", "KG")
    assert part.provenance["date"] == "relative"
    assert part.provenance["place"] == "lead"
    assert sorted(w.code for w in source.warnings) == ["date-relative", "place-from-lead"]


def test_without_any_event_date_the_publication_date_is_used_and_flagged(reference):
    source = parse("Publié le 5 mai 2023\nUn titre sur l’OCS\nLe texte de l’article.\n", reference)
    (part,) = source.parts
    assert (part.date, part.provenance["date"]) == (dt.date(2023, 5, 5), "publication")
    assert codes(source) == ["date-from-publication"]


def test_without_a_publication_date_a_relative_day_stays_empty(reference):
    source = parse("Un titre sur l’OCS\nLe sommet s’est ouvert jeudi à Astana.\n", reference)
    (part,) = source.parts
    assert part.date is None
    assert "date-not-found" in codes(source)


KREMLIN_PARTS = """\
5120 – Kremlin – Visite en Azerbaïdjan et réunion de l’OTSC – les 2 et 3 juin 2023

1°/ Entretien avec le Président de l’Azerbaïdjan Ilham Aliev – 2 juin 2023 à 10h00 à Bakou
2°/ Déclarations à la presse à l’issue de la réunion de l’OTSC – 3 juin 2023 à 16h45 à Moscou

1°/ Entretien avec le Président de l’Azerbaïdjan Ilham Aliev – 2 juin 2023 à 10h00 à Bakou

Vladimir Poutine : Monsieur le Président, je suis heureux de vous accueillir.

2°/ Déclarations à la presse à l’issue de la réunion de l’OTSC – 3 juin 2023 à 16h45 à Moscou

Vladimir Poutine : Mesdames et Messieurs, la réunion a été constructive.
"""


def test_each_part_of_a_numbered_post_has_its_own_date_place_and_organisation(reference):
    source = parse(KREMLIN_PARTS, reference)
    assert [
        (p.title, p.date, p.time, p.location, p.country, p.organisations) for p in source.parts
    ] == [
        (
            "Entretien avec le Président de l’Azerbaïdjan Ilham Aliev",
            dt.date(2023, 6, 2),
            dt.time(10, 0),
            "Bakou",
            "AZ",
            [],
        ),
        (
            "Déclarations à la presse à l’issue de la réunion de l’OTSC",
            dt.date(2023, 6, 3),
            dt.time(16, 45),
            "Moscou",
            "RU",
            ["CSTO"],
        ),
    ]
    assert source.parts[1].provenance["date"] == "heading"


SPEECH_THEN_PRESS = """\
Allocution au sommet de la CICA

13 octobre 2022 à 10h50 à Astana

Vladimir Poutine : Chers collègues, la CICA réunit la moitié de l’humanité.

Réponses aux questions des médias

13 octobre 2022 à 18h30 à Astana

Question : Quels sont les résultats du sommet ?

Vladimir Poutine : Ils sont positifs.
"""


def test_a_speech_then_a_press_conference_are_two_events_on_the_same_day(reference):
    source = parse(SPEECH_THEN_PRESS, reference)
    speech, press = source.parts
    assert (speech.kind, press.kind) == (EventKind.SUMMIT, EventKind.PRESS)
    assert [t.kind for t in speech.turns] == [StatementKind.SPEECH]
    assert [(t.kind, t.question) for t in press.turns] == [
        (StatementKind.ANSWER, "Quels sont les résultats du sommet ?")
    ]
    assert (press.date, press.time, press.location) == (
        dt.date(2022, 10, 13),
        dt.time(18, 30),
        "Astana",
    )


def test_a_signed_text_is_its_signatorys_commentary(reference):
    source = parse(
        "L’OCS, un modèle de coopération\n2021-06-15\nIl y a vingt ans naissait l’OCS.\n"
        "Aujourd’hui elle compte dix membres.\nSergueï Lavrov, ministre des Affaires étrangères\n",
        reference,
    )
    (part,) = source.parts
    (turn,) = part.turns
    assert (turn.kind, turn.speaker.name, turn.speaker.source) == (
        StatementKind.COMMENTARY,
        "Sergueï Lavrov",
        "signature",
    )
    assert turn.paragraphs[-1] == "Aujourd’hui elle compte dix membres."


def test_a_part_whose_questions_a_newspaper_asks_is_an_interview(reference):
    source = parse(
        "Entretien de Sergueï Lavrov, Moscou, 18 janvier 2024\n\n"
        "Trud : Comment voyez-vous l’OTSC ?\n\nSergueï Lavrov : Elle reste solide.\n",
        reference,
    )
    (part,) = source.parts
    assert part.kind is EventKind.INTERVIEW
    assert [turn.asked_by for turn in part.turns] == ["Trud"]


def test_a_permanent_council_journal_is_titled_by_its_session_line(reference):
    source = parse(
        "PC.JOUR/1500\nOrganisation pour la sécurité et la coopération en Europe\n"
        "Conseil permanent\nOriginal : ANGLAIS\n\nPrésidence : Malte\n\n"
        "1500e SÉANCE PLÉNIÈRE DU CONSEIL\n1. Date : jeudi 7 mars 2024\n"
        "Ouverture : 10 h 00\nClôture : 13 h 00\n2. Président : Ambassadeur X. Y\n"
        "3. Sujets examinés – Déclarations – Décisions/documents adoptés :\n"
        "Point 1 de l’ordre du jour : QUESTIONS COURANTES\n",
        reference,
    )
    (part,) = source.parts
    assert (part.title, part.kind, part.date) == (
        "1500e SÉANCE PLÉNIÈRE DU CONSEIL",
        EventKind.MEETING,
        dt.date(2024, 3, 7),
    )
    assert part.organisations == ["OSCE"]
    assert all(turn.speaker is None for turn in part.turns)
