from archive.ingest.speakers import SpeakerResolver, heading_speaker, people_in_heading


def test_a_reference_name_resolves_to_its_canonical_form(lexicon):
    resolver = SpeakerResolver(lexicon)
    speaker = resolver.resolve("Alexander Lukashenko", "Président du Bélarus")
    assert (speaker.name, speaker.role, speaker.country, speaker.known) == (
        "Alexandre Loukachenko",
        "Président du Bélarus",
        "BY",
        True,
    )
    assert resolver.warnings == []


def test_names_match_whatever_the_accents_and_case(lexicon):
    resolver = SpeakerResolver(lexicon)
    assert resolver.resolve("SERGUEI LAVROV").name == "Sergueï Lavrov"


def test_an_initial_and_surname_resolve_through_the_reference_surnames(lexicon):
    resolver = SpeakerResolver(lexicon)
    assert resolver.resolve("S. Choïgou").name == "Sergueï Choïgou"


def test_a_lone_surname_resolves_to_someone_already_seen_in_the_source(lexicon):
    resolver = SpeakerResolver(lexicon)
    resolver.resolve("Ivan Petrov", "Gouverneur de Sotchi")
    speaker = resolver.resolve("Petrov")
    assert (speaker.name, speaker.role) == ("Ivan Petrov", "Gouverneur de Sotchi")
    assert len(resolver.warnings) == 1


def test_a_lone_surname_resolves_to_a_single_reference_speaker(lexicon):
    resolver = SpeakerResolver(lexicon)
    assert resolver.resolve("Pachinian").name == "Nikol Pachinian"


def test_an_unknown_speaker_is_kept_as_written_with_one_warning(lexicon):
    resolver = SpeakerResolver(lexicon)
    first = resolver.resolve("Talant Mamytov", "Président par intérim du Kirghizistan", line=12)
    again = resolver.resolve("Talant Mamytov", line=40)
    assert (first.name, first.country, first.known) == ("Talant Mamytov", "KG", False)
    assert again.role == "Président par intérim du Kirghizistan"
    assert [(w.code, w.line) for w in resolver.warnings] == [("unknown-speaker", 12)]


def test_the_country_of_an_unknown_speaker_comes_from_an_adjective(lexicon):
    speaker = SpeakerResolver(lexicon).resolve("Ararat Mirzoyan", "Ministre arménien")
    assert speaker.country == "AM"


def test_a_role_given_once_is_kept_for_later_name_only_labels(lexicon):
    resolver = SpeakerResolver(lexicon)
    resolver.resolve("Vladimir Poutine", "Président de la Russie")
    assert resolver.resolve("Vladimir Poutine").role == "Président de la Russie"


def test_a_one_word_name_can_only_be_resolved_if_known(lexicon):
    resolver = SpeakerResolver(lexicon)
    assert resolver.can_resolve("Poutine")
    assert not resolver.can_resolve("Premièrement")
    assert resolver.can_resolve("Jean Dupont")


def test_canonical_records_nothing(lexicon):
    resolver = SpeakerResolver(lexicon)
    assert resolver.canonical("Poutine") == "Vladimir Poutine"
    assert resolver.canonical("Jean Dupont") == "Jean Dupont"
    assert resolver.warnings == []


def test_the_speaker_of_an_allocution_heading_and_the_role_after_the_name(lexicon):
    person = heading_speaker(
        "Allocution de Sergueï Lavrov, Ministre des Affaires étrangères de la Fédération de "
        "Russie, pendant la réunion des ministres des Affaires étrangères des pays de la CICA",
        lexicon,
    )
    assert (person.name, person.role) == (
        "Sergueï Lavrov",
        "Ministre des Affaires étrangères de la Fédération de Russie",
    )


def test_the_speaker_of_a_message_heading_with_the_role_before_the_name(lexicon):
    person = heading_speaker(
        "Texte du message écrit du ministre des Affaires étrangères de la Russie, M. Sergueï "
        "Lavrov, sur l’indivisibilité de la sécurité, adressé aux chefs des ministres",
        lexicon,
    )
    assert (person.name, person.role) == (
        "Sergueï Lavrov",
        "ministre des Affaires étrangères de la Russie",
    )


def test_the_speaker_of_a_commentary_is_not_the_person_he_met(lexicon):
    text = (
        "Commentaire pour la presse de Sergueï Lavrov, Ministre des Affaires étrangères de la "
        "Fédération de Russie, à l'issue de sa rencontre avec Alexandre Loukachenko, Président "
        "de la République de Biélorussie, Minsk, 25 juin 2024"
    )
    assert heading_speaker(text, lexicon).name == "Sergueï Lavrov"
    people = people_in_heading(text, lexicon)
    assert [(p.name, p.author) for p in people] == [
        ("Sergueï Lavrov", True),
        ("Alexandre Loukachenko", False),
    ]
    assert people[1].role == "Président de la République de Biélorussie"


def test_a_role_and_name_in_one_phrase(lexicon):
    person = heading_speaker(
        "Allocution du Président de la Russie Vladimir Poutine au sommet", lexicon
    )
    assert (person.name, person.role) == ("Vladimir Poutine", "Président de la Russie")


def test_an_unknown_person_introduced_by_de_is_a_speaker(lexicon):
    person = heading_speaker("Interview de Ivan Petrov, Ambassadeur de Russie, au Figaro", lexicon)
    assert (person.name, person.role) == ("Ivan Petrov", "Ambassadeur de Russie")


def test_a_heading_naming_only_a_counterpart_has_no_speaker(lexicon):
    assert heading_speaker("Entretien téléphonique avec Xi Jinping", lexicon) is None


def test_institutions_are_not_people(lexicon):
    assert heading_speaker("Déclaration conjointe des Nations Unies et de l’OTSC", lexicon) is None
    assert (
        heading_speaker("La Chine et les pays d'Asie centrale tiennent leur réunion", lexicon)
        is None
    )
