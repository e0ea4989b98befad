from archive.ingest.quotes import QuoteReader
from archive.ingest.speakers import SpeakerResolver


def quoted(lexicon, *paragraphs):
    resolver = SpeakerResolver(lexicon)
    speakers = QuoteReader(resolver, lexicon).read(list(paragraphs), 7)
    return [(s.name, s.role, s.source) for s in speakers], resolver.warnings


def test_a_quote_attributed_after_it(lexicon):
    speakers, warnings = quoted(
        lexicon, "« Nous sommes prêts », a déclaré Sergueï Lavrov aux journalistes."
    )
    assert speakers == [("Sergueï Lavrov", "", "quote")]
    assert warnings == []


def test_a_pronoun_is_the_person_last_named_with_the_role_written_then(lexicon):
    speakers, _ = quoted(
        lexicon,
        "Le ministre russe des Affaires étrangères Sergueï Lavrov est arrivé à Astana.",
        "« Nous ne laisserons personne diviser l’organisation », a-t-il dit.",
    )
    assert speakers == [("Sergueï Lavrov", "ministre russe des Affaires étrangères", "quote")]


def test_according_to_and_indirect_speech(lexicon):
    speakers, _ = quoted(
        lexicon,
        "Selon M. Lavrov, l’OCS doit jouer un rôle plus actif.",
        "Xi Jinping a souligné que la Chine soutenait la présidence kazakhe.",
    )
    assert speakers == [("Sergueï Lavrov", "", "indirect"), ("Xi Jinping", "", "indirect")]


def test_a_chinese_name_is_written_surname_first(lexicon):
    speakers, _ = quoted(
        lexicon,
        "Le président Xi Jinping a reçu ses homologues.",
        "M. Xi a indiqué que la Chine était prête à coopérer.",
    )
    assert speakers == [("Xi Jinping", "président", "indirect")]


def test_a_bare_role_is_the_person_last_named(lexicon):
    speakers, _ = quoted(
        lexicon,
        "Le 11 novembre, Sergueï Lavrov a participé à Douchanbé à la réunion.",
        "« Nous sommes préoccupés », a déclaré le ministre russe.",
    )
    assert speakers == [("Sergueï Lavrov", "ministre russe", "quote")]


def test_people_only_named_are_not_speakers(lexicon):
    speakers, _ = quoted(
        lexicon,
        "Vladimir Poutine a reçu Kassym-Jomart Tokaïev au Kremlin.",
        "Les deux présidents ont signé un accord.",
    )
    assert speakers == []


def test_a_name_no_reference_knows_comes_from_the_model_with_a_warning(lexicon):
    speakers, warnings = quoted(
        lexicon, "« L’OSCE n’a jamais été aussi nécessaire », a déclaré la ministre Ann Linde."
    )
    assert speakers == [("Ann Linde", "ministre", "ner")]
    assert [(w.code, w.line) for w in warnings] == [("speaker-from-ner", 7)]


def test_narration_without_a_verb_of_saying_is_not_read(lexicon):
    speakers, _ = quoted(lexicon, "Le sommet s’est tenu à Astana en présence de Xi Jinping.")
    assert speakers == []


def test_a_bare_role_after_the_quote_becomes_the_role_of_the_person_named_before(lexicon):
    speakers, _ = quoted(
        lexicon,
        "Sergueï Lavrov a assuré que l’alliance restait solide.",
        "« Personne ne sera seul », a déclaré le chef de la diplomatie russe.",
    )
    assert speakers == [("Sergueï Lavrov", "chef de la diplomatie russe", "indirect")]


def test_a_story_opening_with_a_bare_role_gives_it_to_the_next_person_named(lexicon):
    speakers, _ = quoted(
        lexicon,
        "Le ministre russe des Affaires étrangères a critiqué jeudi l’Occident.",
        "« L’OSCE est en crise », a déclaré Sergueï Lavrov devant la presse.",
    )
    assert speakers == [("Sergueï Lavrov", "ministre russe des Affaires étrangères", "quote")]


def test_an_opening_role_of_another_country_is_not_given_to_the_next_person(lexicon):
    speakers, _ = quoted(
        lexicon,
        "Le président chinois a reçu jeudi ses homologues.",
        "« L’OCS est unie », a déclaré Sergueï Lavrov devant la presse.",
    )
    assert speakers == [("Sergueï Lavrov", "", "quote")]


def test_a_capitalised_word_of_the_role_before_a_known_name_stays_in_the_role(lexicon):
    speakers, _ = quoted(
        lexicon,
        "Le ministre russe de la Défense Sergueï Choïgou est arrivé à Minsk.",
        "« Nous sommes prêts », a-t-il dit.",
    )
    assert speakers == [("Sergueï Choïgou", "ministre russe de la Défense", "quote")]
