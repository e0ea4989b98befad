from archive.ingest.mentions import countries_in, country_of_role, mentions_in, organisations_in


def test_acronyms_count_after_an_elided_article(lexicon):
    assert organisations_in("les États membres de l’OTSC et de l'OCS", lexicon) == ["CSTO", "SCO"]


def test_english_acronyms_count_too(lexicon):
    assert organisations_in("the CSTO and the SCO", lexicon) == ["CSTO", "SCO"]


def test_acronyms_are_case_sensitive_and_whole_words(lexicon):
    assert organisations_in("les docs, les ocs et une Osce", lexicon) == []
    assert organisations_in("OCSE", lexicon) == []


def test_full_names_ignore_accents_case_and_apostrophes(lexicon):
    text = (
        "l'ORGANISATION DE COOPERATION DE SHANGHAI et la Conférence pour l'interaction et les "
        "mesures de confiance en Asie"
    )
    assert organisations_in(text, lexicon) == ["SCO", "CICA"]


def test_aliases_name_an_organisation(lexicon):
    text = "transformer la Conférence sur les mesures d'interaction et de confiance en Asie"
    assert organisations_in(text, lexicon) == ["CICA"]


def test_english_full_names_name_an_organisation(lexicon):
    assert organisations_in(
        "the Organization for Security and Co-operation in Europe", lexicon
    ) == ["OSCE"]


def test_organisations_come_in_reference_order(lexicon):
    assert organisations_in("OSCE, CICA, OCS, OTSC", lexicon) == ["CSTO", "SCO", "CICA", "OSCE"]


def test_countries_are_found_by_name_and_variant(lexicon):
    text = "le Bélarus, la Biélorussie, la République kirghize et la Fédération de Russie"
    assert countries_in(text, lexicon) == ["RU", "BY", "KG"]


def test_country_names_need_word_boundaries(lexicon):
    assert countries_in("la Chinetown et la Francesca", lexicon) == []


def test_adjectives_are_not_country_mentions(lexicon):
    assert countries_in("le peuple arménien et la partie russe, une banque suisse", lexicon) == []


def test_an_all_capital_variant_must_match_exactly(lexicon):
    assert countries_in("la RPC et les USA", lexicon) == ["CN", "US"]
    assert countries_in("la rpc", lexicon) == []


def test_the_country_of_a_role_comes_from_a_name_or_an_adjective(lexicon):
    assert country_of_role("Président du Bélarus", lexicon) == "BY"
    assert country_of_role("Premier ministre arménien", lexicon) == "AM"
    assert country_of_role("Président par intérim du Kirghizistan", lexicon) == "KG"
    assert country_of_role("Secrétaire général", lexicon) is None


def test_mentions_in_reads_organisations_and_countries_at_once(lexicon):
    assert mentions_in("l’OTSC et le Bélarus", lexicon) == (["CSTO"], ["BY"])


def test_a_full_name_written_with_other_function_words_still_names_the_organisation(lexicon):
    text = "les membres de l’Organisation du traité sur la sécurité collective, réunis à Minsk"
    assert organisations_in(text, lexicon) == ["CSTO"]


def test_a_loose_full_name_needs_every_content_word_in_order(lexicon):
    assert organisations_in("le traité de sécurité collective de l’Organisation", lexicon) == []
    assert organisations_in("l’Organisation du traité collective", lexicon) == []


def test_a_loose_full_name_must_start_with_a_capital(lexicon):
    assert organisations_in("une organisation du traité sur la sécurité collective", lexicon) == []


def test_content_words_far_apart_are_not_one_name(lexicon):
    text = "Organisation de la et de la du traité de sécurité collective"
    assert organisations_in(text, lexicon) == []
