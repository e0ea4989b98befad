import pytest

from archive.ingest.headings import (
    event_kind_of,
    event_title,
    parse_heading,
    parse_post_title,
    statement_kind_of,
    title_statement_kind,
)
from archive.ingest.records import EventKind, StatementKind


def test_the_post_number_is_read_from_the_title():
    title = parse_post_title("4114 – Kremlin – Réunion du Conseil de sécurité collective")
    assert (title.number, title.text) == (
        4114,
        "Kremlin – Réunion du Conseil de sécurité collective",
    )


def test_a_title_without_a_number():
    assert parse_post_title("La Chine et les pays d'Asie centrale").number is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Allocution de Sergueï Lavrov", StatementKind.SPEECH),
        ("Intervention du Président Xi Jinping", StatementKind.SPEECH),
        ("Discours de Vladimir Poutine", StatementKind.SPEECH),
        ("Réponses à la presse de Sergueï Lavrov", StatementKind.ANSWER),
        ("Réponse à la presse de Sergueï Lavrov", StatementKind.ANSWER),
        ("Conférence de presse conjointe", StatementKind.ANSWER),
        ("Interview de Sergueï Lavrov à RIA Novosti", StatementKind.ANSWER),
        ("Entretien accordé par Sergueï Lavrov au Figaro", StatementKind.ANSWER),
        ("Commentaire pour la presse de Sergueï Lavrov", StatementKind.COMMENTARY),
        ("Texte du message écrit du ministre", StatementKind.MESSAGE),
        ("Message de félicitations", StatementKind.MESSAGE),
        ("Lettre de Vladimir Poutine", StatementKind.MESSAGE),
        ("Télégramme de condoléances", StatementKind.MESSAGE),
        ("Déclaration conjointe des chefs d’État", StatementKind.DECLARATION),
        ("Déclaration commune", StatementKind.DECLARATION),
        ("Réunion du Conseil de sécurité collective", StatementKind.REMARKS),
        ("Sommet de l’OCS", StatementKind.REMARKS),
        ("Rencontre avec Xi Jinping", StatementKind.REMARKS),
        ("Entretien téléphonique avec Antony Blinken", StatementKind.REMARKS),
        ("Communiqué de presse", StatementKind.REPORT),
    ],
)
def test_the_first_words_of_a_heading_give_the_default_statement_kind(text, kind):
    assert statement_kind_of(text) is kind


def test_a_line_not_starting_with_a_kind_word_is_not_a_heading():
    assert parse_heading("La Conférence pour l’interaction … pourrait jouer son rôle.") is None


def test_a_numbered_heading_keeps_its_number():
    heading = parse_heading("2 – Texte du message écrit du ministre – 1er février 2022 – 20h56", 21)
    assert (heading.number, heading.line, heading.statement_kind) == (2, 21, StatementKind.MESSAGE)
    assert heading.text.startswith("Texte du message")


def test_a_sentence_starting_with_a_kind_word_is_not_a_heading():
    assert parse_heading("Rencontre très utile, nous avons parlé de tout.") is None


def test_a_long_undated_line_is_not_a_heading():
    assert parse_heading("Réunion " + "très longue " * 20) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Allocution … pendant la réunion des ministres des Affaires étrangères",
            EventKind.MINISTERIAL,
        ),
        ("Réunion du Conseil de sécurité collective de l’OTSC", EventKind.SUMMIT),
        ("Allocution de Vladimir Poutine au sommet de l’OCS", EventKind.SUMMIT),
        ("Réunion du Conseil des chefs d’État de l’OCS", EventKind.SUMMIT),
        ("Rencontre avec Xi Jinping", EventKind.MEETING),
        ("Discours devant l’Assemblée", EventKind.OTHER),
    ],
)
def test_the_heading_words_give_the_event_kind(text, kind):
    assert event_kind_of(text, statement_kind_of(text)) is kind


def test_press_interview_message_and_declaration_events():
    assert event_kind_of("Réponses à la presse", StatementKind.ANSWER) is EventKind.PRESS
    assert event_kind_of("Interview à RT", StatementKind.ANSWER) is EventKind.INTERVIEW
    assert event_kind_of("Commentaire", StatementKind.COMMENTARY) is EventKind.PRESS
    assert event_kind_of("Message", StatementKind.MESSAGE) is EventKind.MESSAGE
    assert event_kind_of("Déclaration", StatementKind.DECLARATION) is EventKind.DECLARATION


def test_the_kind_of_a_post_title_can_follow_a_source_prefix():
    text = "Kremlin – Réunion du Conseil de sécurité collective de l’OTSC du 02.12.2020"
    assert title_statement_kind(text) is StatementKind.REMARKS
    assert title_statement_kind("La Chine et les pays d'Asie centrale") is None


def test_the_event_title_of_a_post_drops_the_source_prefix_and_date():
    text = "Kremlin – Réunion du Conseil de sécurité collective de l’OTSC du 02.12.2020"
    assert (
        event_title(text, post_title=True) == "Réunion du Conseil de sécurité collective de l’OTSC"
    )


def test_the_event_title_of_a_heading_stops_before_its_place():
    text = "1 – Réponse à la presse de Sergueï Lavrov, Moscou, 1er février 2022"
    assert event_title(text, cut_at=text.index("Moscou")) == "Réponse à la presse de Sergueï Lavrov"


def test_an_event_title_without_date_is_the_whole_text():
    text = "La Chine et les pays d'Asie centrale tiennent leur première réunion"
    assert event_title(text, post_title=True) == text


def test_a_document_title_in_capitals_is_not_a_part_heading():
    assert parse_heading("DÉCLARATION DE DOUCHANBÉ") is None


def test_only_dated_or_numbered_headings_stand_alone():
    assert parse_heading("Allocution de Sergueï Lavrov, Moscou, 1er février 2022").standalone
    assert parse_heading("1 – Allocution de Sergueï Lavrov").standalone
    assert not parse_heading("Allocution de Sergueï Lavrov").standalone


def test_a_speaker_before_the_dash_of_a_post_title_is_kept():
    text = "Sergueï Lavrov – Interview au journal Kommersant du 12.03.2023"
    assert event_title(text, post_title=True) == "Sergueï Lavrov – Interview au journal Kommersant"


@pytest.mark.parametrize(
    "text",
    [
        "Entretien du Ministre S. Lavrov avec le quotidien Trud, Moscou, 18 janvier 2024",
        "Entretien de Sergueï Lavrov avec la chaîne Mir, 3 mai 2023",
        "Entretien de Sergueï Lavrov à l’agence Sputnik",
    ],
)
def test_a_talk_with_a_newspaper_or_an_agency_is_an_interview(text):
    heading = parse_heading(text)
    assert heading.statement_kind is StatementKind.ANSWER
    assert heading.event_kind is EventKind.INTERVIEW


def test_a_talk_with_a_president_is_still_a_meeting():
    heading = parse_heading("Entretien avec le Président du Tadjikistan, 14 juin 2022")
    assert heading.statement_kind is StatementKind.REMARKS
    assert heading.event_kind is EventKind.MEETING


@pytest.mark.parametrize(
    "text",
    [
        "Déclaration du Représentant permanent de la Russie Ivan Petrov au Conseil",
        "Déclaration de la porte-parole Maria Zakharova sur l’OTSC",
    ],
)
def test_a_declaration_by_one_official_is_that_persons_speech(text):
    assert statement_kind_of(text) is StatementKind.SPEECH


def test_a_declaration_of_a_council_stays_collective():
    assert statement_kind_of("Déclaration du Conseil des ministres") is StatementKind.DECLARATION


def test_a_story_about_a_message_sent_is_about_a_message():
    lead = "Le président chinois a adressé mercredi un message de félicitations à l’OCS."
    assert event_kind_of(lead, StatementKind.REPORT) is EventKind.MESSAGE
