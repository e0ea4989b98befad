"""The five seed sources, parsed with the real reference data, against what a librarian expects."""

import datetime as dt

import pytest

from archive.ingest.pipeline import parse_source
from archive.ingest.records import EventKind, StatementKind

from .conftest import FIXTURES

SEEDS = {
    "kremlin_csto_council": "001_d785c41bf236a437.txt",
    "lavrov_cica_noursoultan": "000_8752e6912b03c66c.txt",
    "lavrov_blinken_and_message": "004_a2acdf59f65e100e.txt",
    "lavrov_minsk_commentary": "002_8c49f4310ffc12a9.txt",
    "embassy_china_central_asia": "003_7b8f3e94315636db.txt",
}
NOISE_LINES = [
    "otsc 2020",
    "4 PHOTOS",
    "unnamed",
    "lc160216-bielorussie",
    "tadjikistan-carte",
    "Un-kazakhstan",
    "OTSC KREMLIN PH",
    "Les sujets",
    "En Rouge les pays du CICA",
    "la ville de Noursoultan (ex Astana)",
    "1206-25-06-2024",
    "Documentos adicionales",
    "Fotografías",
    "Album de fotos",
    "fotos en el album",
    "Suggest To A Friend",
    "Aperçu général de Chine",
    "Portada >",
    "* * *",
]


@pytest.fixture(scope="module")
def parsed(real_reference):
    return {
        key: parse_source(
            (FIXTURES / "sources" / filename).read_bytes(), name=filename, reference=real_reference
        )
        for key, filename in SEEDS.items()
    }


def all_turns(parsed):
    return [turn for source in parsed.values() for part in source.parts for turn in part.turns]


def test_the_kremlin_council_meeting(parsed):
    source = parsed["kremlin_csto_council"]
    assert source.number == 4114
    (part,) = source.parts
    assert (part.date, part.time) == (dt.date(2020, 12, 2), dt.time(13, 15))
    assert (part.location, part.country) == ("Novo-Ogaryovo, région de Moscou", "RU")
    assert part.organisations == ["CSTO"]
    assert part.kind is EventKind.SUMMIT
    assert part.title == "Réunion du Conseil de sécurité collective de l’OTSC"
    report, *remarks = part.turns
    assert (report.kind, report.speaker) == (StatementKind.REPORT, None)
    starts = [paragraph[:30] for paragraph in report.paragraphs]
    assert starts == [
        "Vladimir Poutine a présidé une",
        "Le Premier ministre arménien N",
        "et le secrétaire général de l’",
        "Les principales décisions de l",
        "Un certain nombre de décisions",
    ]
    assert report.paragraphs[2].endswith("ont pris part à la réunion.")
    assert {turn.kind for turn in remarks} == {StatementKind.REMARKS}
    assert [turn.speaker.name for turn in remarks] == [
        "Vladimir Poutine",
        "Nikol Pachinian",
        "Vladimir Poutine",
        "Nikol Pachinian",
        "Vladimir Poutine",
        "Alexandre Loukachenko",
        "Vladimir Poutine",
        "Kassym-Jomart Tokaïev",
        "Vladimir Poutine",
        "Talant Mamytov",
        "Vladimir Poutine",
        "Emomali Rahmon",
        "Vladimir Poutine",
    ]
    countries = {turn.speaker.name: turn.speaker.country for turn in remarks}
    assert countries == {
        "Vladimir Poutine": "RU",
        "Nikol Pachinian": "AM",
        "Alexandre Loukachenko": "BY",
        "Kassym-Jomart Tokaïev": "KZ",
        "Talant Mamytov": "KG",
        "Emomali Rahmon": "TJ",
    }
    roles = {turn.speaker.name: turn.speaker.role for turn in remarks}
    assert roles["Talant Mamytov"] == "Président par intérim du Kirghizistan"
    assert roles["Vladimir Poutine"] == "Président de la Russie"
    assert roles["Alexandre Loukachenko"] == "Président du Bélarus"
    assert all(turn.speaker.known for turn in remarks)
    last = remarks[-1].paragraphs[-1]
    assert last.startswith("Je tiens à vous remercier pour vos remarques liminaires.")
    assert "http://en.kremlin.ru/events/president/news/64534" in source.urls
    assert "https://fr.mil.ru/fr/news_page/country/more.htm?id=12318949@egNews" in source.urls


def test_lavrov_at_the_cica_ministerial_in_noursoultan(parsed):
    source = parsed["lavrov_cica_noursoultan"]
    assert source.number == 4605
    speech_part, press_part = source.parts
    for part in source.parts:
        assert (part.date, part.location, part.country) == (
            dt.date(2021, 10, 12),
            "Noursoultan",
            "KZ",
        )
    assert (speech_part.time, speech_part.organisations) == (dt.time(11, 38), ["CICA"])
    assert speech_part.kind is EventKind.MINISTERIAL
    (speech,) = speech_part.turns
    assert (speech.kind, speech.speaker.name) == (StatementKind.SPEECH, "Sergueï Lavrov")
    assert {"SCO", "CICA"} <= set(speech.organisations)
    assert "• l’Organisation de coopération de Shanghai (OCS)," in speech.paragraphs
    assert "• l’Association des nations de l’Asie du Sud-Est (ASEAN)" in speech.paragraphs
    assert speech.paragraphs[-1] == "Merci de votre attention."
    assert (press_part.time, press_part.organisations) == (dt.time(15, 4), [])
    assert press_part.kind is EventKind.PRESS
    assert [(t.kind, t.speaker.name) for t in press_part.turns] == [
        (StatementKind.ANSWER, "Sergueï Lavrov")
    ] * 3
    assert all(turn.question and turn.asked_by == "Question" for turn in press_part.turns)
    assert press_part.turns[2].question.startswith("Comment la Russie évalue-t-elle")
    assert len(source.image_urls) == 6


def test_lavrovs_press_answer_and_written_message_with_a_table_of_contents(parsed):
    source = parsed["lavrov_blinken_and_message"]
    assert source.number == 4777
    answer_part, message_part = source.parts
    assert (answer_part.date, answer_part.time) == (dt.date(2022, 2, 1), dt.time(19, 46))
    assert (answer_part.location, answer_part.country) == ("Moscou", "RU")
    (answer,) = answer_part.turns
    assert (answer.kind, answer.speaker.name) == (StatementKind.ANSWER, "Sergueï Lavrov")
    assert answer.question.startswith("Moscou a-t-il transmis aux autorités américaines")
    assert message_part.date == dt.date(2022, 2, 1)
    assert message_part.kind is EventKind.MESSAGE
    assert (message_part.location, message_part.country) == ("", None)
    (message,) = message_part.turns
    assert (message.kind, message.speaker.name) == (StatementKind.MESSAGE, "Sergueï Lavrov")
    assert "OSCE" in message.organisations
    assert message.paragraphs[0].startswith("Vous n’êtes pas sans savoir")
    assert source.urls == ["https://mid.ru/fr/foreign_policy/news/1796663/"]


def test_lavrovs_commentary_in_minsk(parsed):
    source = parsed["lavrov_minsk_commentary"]
    (part,) = source.parts
    assert (part.date, part.time) == (dt.date(2024, 6, 25), dt.time(14, 49))
    assert (part.location, part.country) == ("Minsk", "BY")
    assert part.kind is EventKind.PRESS
    (commentary,) = part.turns
    assert (commentary.kind, commentary.speaker.name) == (
        StatementKind.COMMENTARY,
        "Sergueï Lavrov",
    )
    assert commentary.organisations == ["CSTO", "SCO", "CICA", "OSCE"]
    assert [person.name for person in part.participants] == ["Alexandre Loukachenko"]
    assert commentary.paragraphs[-1].startswith("Nous rendrons compte au Président")


def test_the_embassy_news_page(parsed):
    source = parsed["embassy_china_central_asia"]
    (part,) = source.parts
    title = (
        "La Chine et les pays d'Asie centrale tiennent leur première réunion des ministres "
        "des Affaires étrangères"
    )
    assert (part.title, source.title, part.date) == (title, title, dt.date(2020, 7, 16))
    (report,) = part.turns
    assert (report.kind, report.speaker) == (StatementKind.REPORT, None)
    assert report.organisations == ["SCO", "CICA"]
    assert report.paragraphs[0].startswith("La Chine et les pays d’Asie centrale ont tenu")
    assert report.paragraphs[-1].startswith("La réunion a adopté et publié")


def test_twenty_two_statements_in_all(parsed):
    assert len(all_turns(parsed)) == 22


def test_lavrov_has_one_name_everywhere(parsed):
    names = {
        turn.speaker.name
        for turn in all_turns(parsed)
        if turn.speaker and "lavrov" in turn.speaker.name.lower()
    }
    assert names == {"Sergueï Lavrov"}


def test_no_statement_text_or_question_holds_a_url_or_noise(parsed):
    for turn in all_turns(parsed):
        for text in (turn.text, turn.question):
            assert "http" not in text and "www." not in text
            for noise in NOISE_LINES:
                assert noise not in text, (noise, text[:80])


def test_the_seeds_raise_no_warnings(parsed):
    assert {key: source.warnings for key, source in parsed.items()} == {key: [] for key in parsed}
