import pytest

from archive.ingest.labels import LabelKind, parse_label


def test_a_role_and_name_label_is_split(lexicon):
    label = parse_label("Président de la Russie Vladimir Poutine: Bonjour.", lexicon)
    assert label.kind is LabelKind.PERSON
    assert (label.role, label.name, label.rest) == (
        "Président de la Russie",
        "Vladimir Poutine",
        "Bonjour.",
    )


def test_a_name_only_label(lexicon):
    label = parse_label("Sergueï Lavrov: En ce qui concerne les Britanniques", lexicon)
    assert (label.role, label.name) == ("", "Sergueï Lavrov")


def test_a_space_or_non_breaking_space_before_the_colon_is_allowed(lexicon):
    assert parse_label("Vladimir Poutine : Merci.", lexicon).name == "Vladimir Poutine"


def test_a_label_alone_on_its_line_has_no_rest(lexicon):
    label = parse_label("Sergueï Lavrov :", lexicon)
    assert (label.name, label.rest) == ("Sergueï Lavrov", "")


@pytest.mark.parametrize(
    ("text", "role", "name"),
    [
        (
            "Premier ministre de la République d’Arménie Nikol Pashinyan",
            "Premier ministre de la République d’Arménie",
            "Nikol Pashinyan",
        ),
        (
            "Président par intérim du Kirghizistan Talant Mamytov",
            "Président par intérim du Kirghizistan",
            "Talant Mamytov",
        ),
        (
            "Président du Bélarus Alexander Lukashenko",
            "Président du Bélarus",
            "Alexander Lukashenko",
        ),
        (
            "Président de la République du Kazakhstan Kassym-Jomart Tokayev",
            "Président de la République du Kazakhstan",
            "Kassym-Jomart Tokayev",
        ),
        (
            "Premier ministre arménien Nikol Pashinyan",
            "Premier ministre arménien",
            "Nikol Pashinyan",
        ),
        ("Président Xi Jinping", "Président", "Xi Jinping"),
        (
            "Secrétaire général de l’OTSC Stanislav Zas",
            "Secrétaire général de l’OTSC",
            "Stanislav Zas",
        ),
        ("M. Sergueï Lavrov", "", "Sergueï Lavrov"),
        ("S. Lavrov", "", "S. Lavrov"),
    ],
)
def test_role_and_name_are_split_at_the_trailing_capitalised_run(lexicon, text, role, name):
    label = parse_label(f"{text}: Merci.", lexicon)
    assert label.kind is LabelKind.PERSON
    assert (label.role, label.name) == (role, name)


@pytest.mark.parametrize("text", ["Question", "Q", "Question (RIA Novosti)", "Question 2"])
def test_question_labels(lexicon, text):
    assert parse_label(f"{text}: Que pensez-vous ?", lexicon).kind is LabelKind.QUESTION


def test_a_question_label_names_the_outlet_in_brackets(lexicon):
    assert parse_label("Question (RIA Novosti): Oui ?", lexicon).asker == "RIA Novosti"
    assert parse_label("Question: Oui ?", lexicon).asker == "Question"


def test_an_answer_label(lexicon):
    assert parse_label("Réponse : Nous verrons.", lexicon).kind is LabelKind.ANSWER


@pytest.mark.parametrize(
    ("text", "asker"),
    [
        ("Journaliste", "Journaliste"),
        ("Correspondant de RIA Novosti", "RIA Novosti"),
        ("Journaliste (TASS)", "TASS"),
        ("Modératrice Anna Ivanova", "Anna Ivanova"),
    ],
)
def test_interviewer_labels(lexicon, text, asker):
    label = parse_label(f"{text}: Une question ?", lexicon)
    assert label.kind is LabelKind.INTERVIEWER
    assert label.asker == asker


@pytest.mark.parametrize("text", ["RT", "BBC", "Le Figaro", "Agence France-Presse", "RIA Novosti"])
def test_media_outlets_as_labels(lexicon, text):
    label = parse_label(f"{text}: Une question ?", lexicon)
    assert label.kind is LabelKind.OUTLET
    assert label.asker == text


@pytest.mark.parametrize(
    "line",
    [
        "M. Wang a avancé une proposition en quatre points :",
        "Nous tenons à rappeler : nous avançons sur cette voie depuis des décennies.",
        "Nous exprimons nos remerciements pour le soutien apporté à la proposition russe "
        "d’inscrire à l’ordre du jour de la CICA un autre secteur important: la sécurité.",
        "Il était clair dès le départ que les Américains préfèrent se concentrer sur la "
        "discussion de questions importantes mais secondaires:",
        "Sécurité eurasienne: réalités et perspectives",
        "Chers collègues: merci.",
        "14:49",
        "https://mid.ru/fr/foreign_policy/news/1796663/",
        "Le 5 octobre 2021: anniversaire",
        "Ministère des Affaires étrangères de la Russie: communiqué",
    ],
)
def test_a_colon_inside_a_sentence_is_not_a_turn(lexicon, line):
    assert parse_label(line, lexicon) is None


def test_a_label_longer_than_twelve_words_is_not_a_label(lexicon):
    line = "Président " + "Grand " * 12 + "Nom: texte"
    assert parse_label(line, lexicon) is None


def test_an_all_capital_known_name_is_a_person_not_an_outlet(lexicon):
    assert parse_label("VLADIMIR POUTINE: Merci.", lexicon).kind is LabelKind.PERSON


def test_a_questions_and_answers_subtitle_is_not_a_question(lexicon):
    assert parse_label("Questions-réponses :", lexicon) is None


@pytest.mark.parametrize(
    "line",
    [
        "Q : Le sommet s’ouvre demain. Quelles sont vos attentes ?",
        "Question 2 : Et la coopération avec l’OCS ?",
        "Question (traduite de l’anglais) : Quelle est la position de la Russie ?",
        "Question (retraduit du chinois) : Quelle est la position de la Russie ?",
    ],
)
def test_every_form_of_question_label_is_asked_by_question(lexicon, line):
    label = parse_label(line, lexicon)
    assert (label.kind, label.asker) == (LabelKind.QUESTION, "Question")


def test_a_journalist_of_an_outlet_asks_under_their_own_name(lexicon):
    label = parse_label("A. Petrov (RIA Novosti) : Et des relations avec l’OTSC ?", lexicon)
    assert (label.kind, label.asker) == (LabelKind.INTERVIEWER, "A. Petrov")


def test_a_translation_note_leaves_the_speaker(lexicon):
    label = parse_label("Vladimir Poutine (retraduit) : Merci.", lexicon)
    assert (label.kind, label.name, label.rest) == (LabelKind.PERSON, "Vladimir Poutine", "Merci.")


@pytest.mark.parametrize(
    "line",
    [
        "Original : ANGLAIS",
        "Ouverture : 10 h 00",
        "Clôture : 17 h 30",
        "Présidence : Malte",
        "Date : le 3 mars",
    ],
)
def test_a_document_header_line_is_not_a_speaker_label(lexicon, line):
    assert parse_label(line, lexicon) is None


@pytest.mark.parametrize("line", ["Nikol Pachinian : ARMÉNIE", "Xi Jinping : Pékin"])
def test_a_value_in_capitals_or_a_single_capitalised_word_is_not_a_turn(lexicon, line):
    assert parse_label(line, lexicon) is None


def test_a_short_answer_with_its_full_stop_is_still_a_turn(lexicon):
    assert parse_label("Vladimir Poutine : Oui.", lexicon).rest == "Oui."
