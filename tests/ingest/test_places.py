import pytest

from archive.ingest.dates import find_date, find_time
from archive.ingest.places import lead_place, news_dateline, place_near_date, resolve_place


def place_of(text, lexicon):
    date = find_date(text)
    time = find_time(text, after=date.end) if date else None
    return place_near_date(text, date, time, lexicon)


def test_the_place_is_the_segment_right_before_the_date(lexicon):
    place = place_of("Allocution … en Asie (CICA), Noursoultan, 12 octobre 2021- 11H38", lexicon)
    assert (place.name, place.country, place.known) == ("Noursoultan", "KZ", True)


def test_moscow_before_the_date_is_in_russia(lexicon):
    place = place_of("…, Secrétaire d’État des États-Unis, Moscou, 1er février 2022", lexicon)
    assert (place.name, place.country) == ("Moscou", "RU")


def test_minsk_before_the_date_is_in_belarus(lexicon):
    place = place_of("…, Président de la République de Biélorussie, Minsk, 25 juin 2024", lexicon)
    assert (place.name, place.country) == ("Minsk", "BY")


def test_the_place_after_the_date_and_time_keeps_its_region(lexicon):
    place = place_of("2 décembre 2020 – 13:15 – Novo-Ogaryovo, région de Moscou", lexicon)
    assert (place.name, place.country) == ("Novo-Ogaryovo, région de Moscou", "RU")


def test_a_region_of_a_known_city_gives_the_country(lexicon):
    assert resolve_place("Gorki, région de Moscou", lexicon).country == "RU"


def test_a_lowercase_segment_is_not_a_place(lexicon):
    text = "… des États-Unis, du Canada et de plusieurs pays européens – 1er février 2022 – 20h56"
    assert place_of(text, lexicon) is None


def test_a_role_before_the_date_is_not_a_place(lexicon):
    assert (
        place_of("Entretien avec Antony Blinken, Secrétaire d’État, 1er février 2022", lexicon)
        is None
    )


def test_an_event_name_is_not_a_place_but_the_city_after_a_is(lexicon):
    place = place_of("Sommet de l’OCS à Astana, 4 juillet 2024", lexicon)
    assert (place.name, place.country) == ("Astana", "KZ")


def test_a_place_with_a_parenthesis_keeps_only_the_name(lexicon):
    place = place_of("Réunion, Noursoultan (ex Astana), 12 octobre 2021", lexicon)
    assert place.name == "Noursoultan"


def test_an_unknown_place_keeps_its_text_without_a_country(lexicon):
    place = place_of("Sommet de la CICA, Tombouctou, 13 octobre 2022", lexicon)
    assert (place.name, place.country, place.known) == ("Tombouctou", None, False)


def test_a_place_can_be_several_capitalised_words(lexicon):
    place = place_of("Rencontre, New York, 20 septembre 2023", lexicon)
    assert (place.name, place.country) == ("New York", "US")


def test_no_date_means_no_place(lexicon):
    assert place_near_date("Moscou", None, None, lexicon) is None


def test_the_kremlin_dateline_puts_the_place_after_the_time(lexicon):
    place = place_of("14 juin 2022 à 11h20 à Douchanbé", lexicon)
    assert (place.name, place.country) == ("Douchanbé", "TJ")


def test_a_place_in_parentheses_with_the_date(lexicon):
    place = place_of("Intervention de Catherine Colonna (Genève, 30 novembre 2023)", lexicon)
    assert (place.name, place.country) == ("Genève", "CH")


@pytest.mark.parametrize(
    ("text", "city", "agency", "story"),
    [
        ("ASTANA, 3 mars (Kazinform) -- Le président …", "Astana", "Kazinform", "Le président …"),
        ("VIENNE/PARIS, 2 décembre (AFP) - Le Conseil …", "Vienne", "AFP", "Le Conseil …"),
        ("MOSCOU, 15 avril. /TASS/. Le ministre …", "Moscou", "TASS", "Le ministre …"),
        ("DOUCHANBÉ, 17 mai 2022 – La Secrétaire …", "Douchanbé", "", "La Secrétaire …"),
    ],
)
def test_news_agency_datelines(lexicon, text, city, agency, story):
    found = news_dateline(text, lexicon)
    assert (found.place.name, found.agency, text[found.end :]) == (city, agency, story)
    assert found.place.known


def test_a_dateline_without_a_date_is_no_agency_dateline(lexicon):
    assert news_dateline("ASTANA, capitale du Kazakhstan, accueille le sommet.", lexicon) is None
    assert news_dateline("Le 3 mars, à Astana.", lexicon) is None


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Depuis Bichkek, le secrétaire général a appelé au calme.", "Bichkek"),
        ("Sergueï Lavrov a participé à Samarcande à une réunion.", "Samarcande"),
        ("Le Conseil s’est ouvert jeudi à Stockholm dans un climat tendu.", "Stockholm"),
        ("Le ministre a participé à La Valette à la réunion.", "La Valette"),
    ],
)
def test_the_city_an_opening_sentence_names(lexicon, text, city):
    assert lead_place(text, lexicon).name == city


@pytest.mark.parametrize(
    "text",
    [
        "Le président a rendu visite au Kazakhstan.",  # a country, not a city
        "Il a écrit à Vladimir Poutine.",  # a person whose first name is also a city
        "Le texte a été transmis à Publié.",  # an unknown word
    ],
)
def test_no_city_is_taken_from_countries_people_or_unknown_words(lexicon, text):
    assert lead_place(text, lexicon) is None


def test_the_gazetteer_gives_cities_the_reference_data_lacks(lexicon):
    place = resolve_place("Stockholm", lexicon)
    assert (place.country, place.known) == ("SE", True)
