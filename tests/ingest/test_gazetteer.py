import pytest

from archive.ingest.gazetteer import city_country


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Douchanbé", "TJ"),
        ("Pékin", "CN"),
        ("Bichkek", "KG"),
        ("Samarcande", "UZ"),
        ("Achgabat", "TM"),
        ("Vienne", "AT"),  # the largest Vienne is Vienna, not the French town
        ("La Valette", "MT"),  # a capital under 100,000 people keeps its French name
        ("Dushanbe", "TJ"),
        ("douchanbe", "TJ"),
    ],
)
def test_french_and_english_spellings_of_capitals_and_the_regions_cities(name, country):
    assert city_country(name) == country


@pytest.mark.parametrize("name", ["Publié", "Kazinform", "Accueil", "Président", "Chine"])
def test_words_that_are_no_city(name):
    assert city_country(name) is None
