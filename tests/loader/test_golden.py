"""The seeds, imported and exported: what issue #3 says they must give."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Event, Speaker, Statement

pytestmark = pytest.mark.django_db


def export_lines() -> list[dict]:
    out = StringIO()
    call_command("export_archive", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def event_of(lines, number):
    return [line for line in lines if line["source"]["number"] == number]


def test_the_seeds_give_22_statements_and_one_lavrov(seeded):
    lines = export_lines()
    assert len(lines) == 22
    assert Speaker.objects.filter(name__icontains="Lavrov").count() == 1


def test_the_csto_meeting_is_one_event_with_a_report_and_13_turns_in_order(seeded):
    lines = sorted(event_of(export_lines(), 4114), key=lambda line: line["position"])
    events = {line["event"]["slug"] for line in lines}
    assert len(events) == 1
    event = lines[0]["event"]
    assert event["date"] == "2020-12-02"
    assert event["country"] == "RU"
    assert event["location"].startswith("Novo-Ogaryovo")
    assert event["organisations"] == ["CSTO"]
    assert lines[0]["kind"] == "report"
    assert lines[0]["speaker"] is None
    poutine, pachinian = "Vladimir Poutine", "Nikol Pachinian"
    assert [line["speaker"]["name"] for line in lines[1:]] == [
        poutine,
        pachinian,
        poutine,
        pachinian,
        poutine,
        "Alexandre Loukachenko",
        poutine,
        "Kassym-Jomart Tokaïev",
        poutine,
        "Talant Mamytov",
        poutine,
        "Emomali Rahmon",
        poutine,
    ]
    countries = [line["speaker"]["country"] for line in lines[1:]]
    assert countries == [
        "RU",
        "AM",
        "RU",
        "AM",
        "RU",
        "BY",
        "RU",
        "KZ",
        "RU",
        "KG",
        "RU",
        "TJ",
        "RU",
    ]
    assert {line["kind"] for line in lines[1:]} == {"remarks"}


def test_the_cica_post_gives_a_speech_then_three_answers_with_their_questions(seeded):
    lines = event_of(export_lines(), 4605)
    by_event = {}
    for line in lines:
        by_event.setdefault(line["event"]["slug"], []).append(line)
    assert len(by_event) == 2
    speech_event, press_event = sorted(by_event.values(), key=lambda ls: ls[0]["event"]["slug"])
    if speech_event[0]["kind"] != "speech":
        speech_event, press_event = press_event, speech_event
    for group in (speech_event, press_event):
        assert group[0]["event"]["date"] == "2021-10-12"
        assert group[0]["event"]["location"] == "Noursoultan"
        assert group[0]["event"]["country"] == "KZ"
    assert [line["kind"] for line in speech_event] == ["speech"]
    assert speech_event[0]["event"]["organisations"] == ["CICA"]
    assert {"SCO", "CICA"} <= set(speech_event[0]["mentions"]["organisations"])
    assert [line["kind"] for line in press_event] == ["answer"] * 3
    assert all(line["question"] for line in press_event)
    assert {line["speaker"]["name"] for line in lines} == {"Sergueï Lavrov"}


def test_the_4777_post_gives_an_answer_at_moscow_and_a_written_message(seeded):
    lines = event_of(export_lines(), 4777)
    kinds = sorted(line["kind"] for line in lines)
    assert kinds == ["answer", "message"]
    answer = next(line for line in lines if line["kind"] == "answer")
    message = next(line for line in lines if line["kind"] == "message")
    assert answer["event"]["date"] == message["event"]["date"] == "2022-02-01"
    assert answer["event"]["location"] == "Moscou"
    assert answer["question"]
    assert answer["event"]["slug"] != message["event"]["slug"]
    assert "OSCE" in message["mentions"]["organisations"]


def test_the_minsk_commentary_names_all_four_organisations(seeded):
    (line,) = [line for line in export_lines() if line["kind"] == "commentary"]
    assert line["event"]["date"] == "2024-06-25"
    assert line["event"]["location"] == "Minsk"
    assert line["event"]["country"] == "BY"
    assert line["speaker"]["name"] == "Sergueï Lavrov"
    assert set(line["mentions"]["organisations"]) == {"OSCE", "SCO", "CSTO", "CICA"}


def test_the_embassy_news_is_one_report_without_navigation(seeded):
    (line,) = [line for line in export_lines() if line["date"] == "2020-07-16"]
    assert line["kind"] == "report"
    assert line["speaker"] is None
    assert {"SCO", "CICA"} <= set(line["mentions"]["organisations"])
    for noise in ("Accueil", "Portada", "Suggest To A Friend", "Print"):
        assert noise not in line["text"]


NOISE = [
    "http",
    "www.",
    "OTSC KREMLIN PH",
    "4 PHOTOS",
    "unnamed",
    "lc160216",
    "tadjikistan-carte",
    "Un-kazakhstan",
    "Documentos adicionales",
    "Album de fotos",
    "fotos en el album",
    "1206-25-06-2024",
    "* * *",
    "Les sujets",
    "En Rouge les pays du CICA",
]


def test_no_statement_text_contains_a_url_or_noise(seeded):
    for statement in Statement.objects.all():
        for noise in NOISE:
            assert noise not in statement.text, (statement.slug, noise)
            assert noise not in statement.question, (statement.slug, noise)


def test_the_export_has_the_documented_shape(seeded):
    line = export_lines()[0]
    assert set(line) >= {
        "url",
        "kind",
        "date",
        "position",
        "text",
        "question",
        "speaker",
        "event",
        "mentions",
        "source",
    }
    assert line["url"].startswith("/statements/")
    assert set(line["event"]) >= {"title", "slug", "date", "location", "country", "organisations"}
    assert set(line["mentions"]) == {"organisations", "countries"}
    assert set(line["source"]) == {"file", "number", "urls"}


def test_events_keep_their_source_urls_and_image_urls_as_provenance(seeded):
    event = Event.objects.filter(sources__number=4114).first()
    source = event.sources.get()
    assert "http://en.kremlin.ru/events/president/news/64534" in source.urls
    assert source.raw_text.startswith("4114")
