from archive.ingest.lines import Line
from archive.ingest.records import EventKind, SpeakerRef, StatementKind
from archive.ingest.speakers import SpeakerResolver
from archive.ingest.turns import PartContext, split_turns

LAVROV = SpeakerRef("Sergueï Lavrov", "Ministre des Affaires étrangères", "RU", True)


def turns_of(lexicon, context, *texts):
    resolver = SpeakerResolver(lexicon)
    lines = [Line(number, text) for number, text in enumerate(texts, start=10)]
    turns, warnings = split_turns(lines, context, resolver, lexicon)
    return turns, warnings + resolver.warnings


def meeting():
    return PartContext(StatementKind.REMARKS, EventKind.SUMMIT, None)


def press(speaker=LAVROV):
    return PartContext(StatementKind.ANSWER, EventKind.PRESS, speaker)


def test_narration_before_the_first_label_is_an_unattributed_report(lexicon):
    turns, _ = turns_of(
        lexicon,
        meeting(),
        "Vladimir Poutine a présidé une réunion du Conseil de l’OTSC.",
        "Les principales décisions ont été consignées.",
        "Président de la Russie Vladimir Poutine: Bonjour.",
        "Je suis très heureux de vous voir.",
    )
    report, remarks = turns
    assert (report.kind, report.speaker, report.line) == (StatementKind.REPORT, None, 10)
    assert report.organisations == ["CSTO"]
    assert remarks.kind is StatementKind.REMARKS
    assert remarks.speaker.name == "Vladimir Poutine"
    assert remarks.paragraphs == ["Bonjour.", "Je suis très heureux de vous voir."]
    assert remarks.line == 12


def test_each_label_runs_until_the_next_one(lexicon):
    turns, _ = turns_of(
        lexicon,
        meeting(),
        "Vladimir Poutine: Merci.",
        "Président du Bélarus Alexander Lukashenko, allez-y s’il vous plaît.",
        "Président du Bélarus Alexander Lukashenko: Chers Amis,",
        "Notre Organisation travaille.",
        "Vladimir Poutine : Merci beaucoup, Monsieur Lukashenko.",
    )
    assert [(t.speaker.name, len(t.paragraphs)) for t in turns] == [
        ("Vladimir Poutine", 2),
        ("Alexandre Loukachenko", 2),
        ("Vladimir Poutine", 1),
    ]
    assert turns[1].speaker.country == "BY"


def test_a_question_is_attached_to_the_next_answer(lexicon):
    turns, warnings = turns_of(
        lexicon,
        press(),
        "Question: La Russie fournira-t-elle une aide ?",
        "Les talibans assisteront-ils à la réunion ?",
        "Sergueï Lavrov: La réunion est prévue le 20 octobre.",
    )
    (answer,) = turns
    assert answer.kind is StatementKind.ANSWER
    assert answer.question == (
        "La Russie fournira-t-elle une aide ?\n\nLes talibans assisteront-ils à la réunion ?"
    )
    assert answer.asked_by == "Question"
    assert answer.paragraphs == ["La réunion est prévue le 20 octobre."]
    assert warnings == []


def test_mentions_include_the_question(lexicon):
    turns, _ = turns_of(
        lexicon, press(), "Question: Et l’OCS à Astana ?", "Sergueï Lavrov: Nous y serons."
    )
    assert turns[0].organisations == ["SCO"]


def test_journalists_and_outlets_ask_questions(lexicon):
    turns, _ = turns_of(
        lexicon,
        press(),
        "Correspondant de RIA Novosti: Que pensez-vous de l’OTSC ?",
        "Sergueï Lavrov: Du bien.",
        "RT: Et de la CICA ?",
        "Sergueï Lavrov: Du bien aussi.",
    )
    assert [(t.kind, t.asked_by) for t in turns] == [
        (StatementKind.ANSWER, "RIA Novosti"),
        (StatementKind.ANSWER, "RT"),
    ]


def test_in_an_interview_any_other_named_speaker_asks(lexicon):
    context = PartContext(StatementKind.ANSWER, EventKind.INTERVIEW, LAVROV)
    turns, _ = turns_of(
        lexicon,
        context,
        "Dmitri Kisselev: Monsieur le Ministre, que pensez-vous de l’OSCE ?",
        "Sergueï Lavrov: Elle a dégradé.",
    )
    (answer,) = turns
    assert (answer.speaker.name, answer.asked_by) == ("Sergueï Lavrov", "Dmitri Kisselev")


def test_a_press_conference_with_two_leaders_answering(lexicon):
    context = PartContext(StatementKind.ANSWER, EventKind.PRESS, None)
    turns, _ = turns_of(
        lexicon,
        context,
        "Vladimir Poutine: Mesdames et Messieurs, nos entretiens ont été utiles.",
        "Xi Jinping: Je partage cet avis.",
        "Question: Une question pour les deux dirigeants ?",
        "Vladimir Poutine: Je réponds d’abord.",
        "Xi Jinping: J’ajoute un mot.",
        "Question (Xinhua): Et l’OCS ?",
        "Xi Jinping: L’OCS se renforce.",
    )
    assert [(t.speaker.name, t.kind, t.asked_by) for t in turns] == [
        ("Vladimir Poutine", StatementKind.REMARKS, ""),
        ("Xi Jinping", StatementKind.REMARKS, ""),
        ("Vladimir Poutine", StatementKind.ANSWER, "Question"),
        ("Xi Jinping", StatementKind.REMARKS, ""),
        ("Xi Jinping", StatementKind.ANSWER, "Xinhua"),
    ]


def test_an_answer_label_is_the_main_speaker(lexicon):
    turns, _ = turns_of(lexicon, press(), "Question: Oui ?", "Réponse: Non.")
    assert (turns[0].speaker, turns[0].kind) == (LAVROV, StatementKind.ANSWER)


def test_a_speech_without_labels_is_one_turn_by_the_heading_speaker(lexicon):
    context = PartContext(StatementKind.SPEECH, EventKind.MINISTERIAL, LAVROV)
    turns, _ = turns_of(
        lexicon,
        context,
        "Monsieur le Président,",
        "Chers collègues,",
        "• l’Organisation de coopération de Shanghai (OCS),",
        "• et l’Union économique eurasiatique (UEE).",
        "Merci de votre attention.",
    )
    (speech,) = turns
    assert (speech.kind, speech.speaker) == (StatementKind.SPEECH, LAVROV)
    assert len(speech.paragraphs) == 5
    assert speech.paragraphs[2] == "• l’Organisation de coopération de Shanghai (OCS),"


def test_narration_nobody_speaks_is_a_report(lexicon):
    context = PartContext(StatementKind.REPORT, EventKind.MINISTERIAL, None)
    turns, _ = turns_of(
        lexicon,
        context,
        "La réunion a eu lieu.",
        "M. Wang a avancé une proposition en quatre points :",
    )
    assert [(t.kind, t.speaker, len(t.paragraphs)) for t in turns] == [
        (StatementKind.REPORT, None, 2)
    ]


def test_a_speech_part_without_a_known_speaker_is_a_report(lexicon):
    context = PartContext(StatementKind.SPEECH, EventKind.OTHER, None)
    turns, _ = turns_of(lexicon, context, "Le texte.")
    assert turns[0].kind is StatementKind.REPORT


def test_a_joint_declaration_without_speaker_stays_a_declaration(lexicon):
    context = PartContext(StatementKind.DECLARATION, EventKind.DECLARATION, None)
    turns, _ = turns_of(lexicon, context, "Les États membres de l’OCS déclarent :", "1. La paix.")
    assert [(t.kind, t.speaker) for t in turns] == [(StatementKind.DECLARATION, None)]


def test_an_opening_statement_before_questions_is_the_main_speakers_remarks(lexicon):
    turns, _ = turns_of(
        lexicon,
        press(),
        "Bonjour, je commence par un bref exposé.",
        "Question: Oui ?",
        "Réponse: Non.",
    )
    assert [(t.kind, t.speaker) for t in turns] == [
        (StatementKind.REMARKS, LAVROV),
        (StatementKind.ANSWER, LAVROV),
    ]


def test_an_unanswered_question_is_reported(lexicon):
    turns, warnings = turns_of(lexicon, press(), "Sergueï Lavrov: Merci.", "Question: Et ensuite ?")
    assert len(turns) == 1
    assert [(w.code, w.line) for w in warnings] == [("unanswered-question", 11)]


def test_a_surname_label_resolves_to_the_speaker_seen_earlier(lexicon):
    turns, warnings = turns_of(
        lexicon,
        meeting(),
        "Gouverneur de Sotchi Ivan Petrov: Bienvenue.",
        "Petrov: Je termine.",
    )
    assert [t.speaker.name for t in turns] == ["Ivan Petrov", "Ivan Petrov"]
    assert [w.code for w in warnings] == ["unknown-speaker"]


def test_a_one_word_label_that_is_nobody_is_text(lexicon):
    turns, _ = turns_of(
        lexicon,
        meeting(),
        "Vladimir Poutine: Deux points.",
        "Premièrement: la paix.",
    )
    assert [len(t.paragraphs) for t in turns] == [2]


def test_an_unknown_speaker_gets_a_warning_and_a_country_from_the_role(lexicon):
    turns, warnings = turns_of(
        lexicon, meeting(), "Président par intérim du Kirghizistan Talant Mamytov: Chers collègues,"
    )
    speaker = turns[0].speaker
    assert (speaker.name, speaker.role, speaker.country, speaker.known) == (
        "Talant Mamytov",
        "Président par intérim du Kirghizistan",
        "KG",
        False,
    )
    assert [(w.code, w.line) for w in warnings] == [("unknown-speaker", 10)]


def interview(speaker=LAVROV):
    return PartContext(StatementKind.ANSWER, EventKind.INTERVIEW, speaker)


def test_an_interview_marked_only_by_dashes(lexicon):
    turns, warnings = turns_of(
        lexicon,
        interview(),
        "— Sergueï Viktorovitch, comment évaluez-vous la situation ?",
        "— Elle est stable.",
        "Les partenaires sont attentifs.",
        "— Et la présidence biélorusse ?",
        "— Nous la soutenons.",
    )
    assert [(t.kind, t.speaker.name, t.asked_by) for t in turns] == [
        (StatementKind.ANSWER, "Sergueï Lavrov", "Question")
    ] * 2
    assert turns[0].paragraphs == ["Elle est stable.", "Les partenaires sont attentifs."]
    assert turns[1].question == "Et la présidence biélorusse ?"
    assert warnings == []


def test_a_bullet_list_in_a_speech_is_no_interview(lexicon):
    turns, _ = turns_of(
        lexicon,
        PartContext(StatementKind.SPEECH, EventKind.SUMMIT, LAVROV),
        "Nos priorités :",
        "– la sécurité ;",
        "– l’économie.",
    )
    assert [t.kind for t in turns] == [StatementKind.SPEECH]


def test_a_name_alone_on_its_line_with_a_patronymic_opens_a_turn(lexicon):
    turns, _ = turns_of(
        lexicon,
        meeting(),
        "Vladimir Vladimirovitch Poutine",
        "Chers collègues, je suis heureux de vous saluer.",
        "Kassym-Jomart Tokaïev",
        "Merci, Vladimir Vladimirovitch.",
    )
    assert [(t.kind, t.speaker.name) for t in turns] == [
        (StatementKind.REMARKS, "Vladimir Poutine"),
        (StatementKind.REMARKS, "Kassym-Jomart Tokaïev"),
    ]


def test_a_newspaper_labelling_its_questions_asks_them(lexicon):
    turns, _ = turns_of(
        lexicon,
        interview(),
        "Izvestia : L’OTSC a-t-elle un avenir ?",
        "Sergueï Lavrov : Je n’en doute pas.",
    )
    assert [(t.kind, t.asked_by, t.question) for t in turns] == [
        (StatementKind.ANSWER, "Izvestia", "L’OTSC a-t-elle un avenir ?")
    ]


def test_a_briefing_excerpt_without_questions_is_remarks(lexicon):
    turns, _ = turns_of(lexicon, press(), "Nous constatons que l’OSCE continue de se dégrader.")
    assert [(t.kind, t.speaker.name) for t in turns] == [(StatementKind.REMARKS, "Sergueï Lavrov")]


def test_labelled_and_name_alone_turns_say_their_speaker_was_read_from_a_label(lexicon):
    turns, _ = turns_of(
        lexicon, meeting(), "Vladimir Poutine : Bonjour.", "Emomali Rahmon", "Merci, cher ami."
    )
    assert [(turn.speaker.name, turn.speaker.source) for turn in turns] == [
        ("Vladimir Poutine", "label"),
        ("Emomali Rahmon", "label"),
    ]


def test_joint_press_statements_by_two_leaders_are_each_remarks(lexicon):
    turns, _ = turns_of(
        lexicon,
        PartContext(StatementKind.SPEECH, EventKind.PRESS, None),
        "Kassym-Jomart Tokaïev : Chers représentants des médias,",
        "Vladimir Poutine : Merci, Monsieur le Président.",
    )
    assert [turn.kind for turn in turns] == [StatementKind.REMARKS, StatementKind.REMARKS]


def test_press_statements_by_one_leader_are_a_speech(lexicon):
    turns, _ = turns_of(
        lexicon,
        PartContext(StatementKind.SPEECH, EventKind.PRESS, None),
        "Vladimir Poutine : Mesdames et Messieurs, la réunion a été utile.",
    )
    assert [turn.kind for turn in turns] == [StatementKind.SPEECH]
