import datetime as dt

import pytest

from archive.ingest.dates import (
    dateline,
    find_date,
    find_time,
    lone_time,
    relative_date,
    repair_glued_datelines,
    trim_date_links,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("…(CICA), Noursoultan, 12 octobre 2021- 11H38", dt.date(2021, 10, 12)),
        ("Moscou, 1er février 2022 -19h46 –", dt.date(2022, 2, 1)),
        ("Réunion de l'OTSC du 02.12.2020", dt.date(2020, 12, 2)),
        ("2 décembre 2020 – 13:15 – Novo-Ogaryovo, région de Moscou", dt.date(2020, 12, 2)),
        ("2020-07-16", dt.date(2020, 7, 16)),
        ("Minsk, 25 juin 2024", dt.date(2024, 6, 25)),
        ("le 3 juillet 2024", dt.date(2024, 7, 3)),
        ("03/07/2024", dt.date(2024, 7, 3)),
        ("3 juil. 2024", dt.date(2024, 7, 3)),
        ("1er AOÛT 2023", dt.date(2023, 8, 1)),
        ("17 sept. 2021", dt.date(2021, 9, 17)),
        ("July 3, 2024", dt.date(2024, 7, 3)),
        ("3 July 2024", dt.date(2024, 7, 3)),
    ],
)
def test_dates_in_every_source_format(text, expected):
    found = find_date(text)
    assert found is not None
    assert found.date == expected
    assert found.problem == ""


def test_numeric_dates_are_day_first():
    assert find_date("02.12.2020").date == dt.date(2020, 12, 2)
    assert find_date("03/07/2024").date == dt.date(2024, 7, 3)


def test_the_match_says_where_the_date_is():
    text = "Allocution, Noursoultan, 12 octobre 2021- 11H38"
    found = find_date(text)
    assert text[found.start : found.end] == "12 octobre 2021"


def test_an_impossible_date_is_reported_and_left_empty():
    found = find_date("Déclaration, Moscou, 31 février 2021")
    assert found.date is None
    assert found.problem == "impossible-date"


def test_a_month_without_a_day_is_not_a_date():
    found = find_date("Sommet de juillet 2024")
    assert found.date is None
    assert found.problem == "month-only-date"


def test_a_date_without_a_year_can_take_the_year_from_context():
    found = find_date("Moscou, 1er février")
    assert found.date is None and found.problem == "year-missing"
    assert found.with_year(2022).date == dt.date(2022, 2, 1)


def test_numbers_followed_by_ordinary_words_are_not_dates():
    assert find_date("Nous avons célébré les 29 ans de la CICA depuis 2016 et 44 jours") is None


def test_a_blog_reference_number_is_not_an_iso_date():
    found = find_date("1206-25-06-2024")
    assert found is not None and found.text == "25-06-2024"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 octobre 2021- 11H38", dt.time(11, 38)),
        ("1er février 2022 -19h46 –", dt.time(19, 46)),
        ("2 décembre 2020 – 13:15 – Novo-Ogaryovo", dt.time(13, 15)),
        ("1er février 2022 – 20 h 56", dt.time(20, 56)),
        ("le 3 juillet à 20h", dt.time(20, 0)),
    ],
)
def test_times_in_every_source_format(text, expected):
    assert find_time(text).time == expected


def test_words_starting_with_h_are_not_times():
    assert find_time("12 habitants et 3 hélicoptères") is None


def test_a_bare_colon_after_a_number_is_not_a_time():
    assert find_time("Covid-19 : les mesures") is None


def test_a_lone_time_line_is_recognised():
    assert lone_time("14:49") == dt.time(14, 49)
    assert lone_time("9h05") == dt.time(9, 5)
    assert lone_time("14:49 Moscou") is None


@pytest.mark.parametrize(
    "text",
    [
        "2 décembre 2020 – 13:15 – Novo-Ogaryovo, région de Moscou",
        "2020-07-16",
        "25 juin 2024",
        "Le 3 juillet 2024",
        "Mercredi 3 juillet 2024, Astana",
        "Publié le 03/07/2024",
        "Moscou, 3 juillet 2024",
        "Moscow, July 3, 2024 – 14:00",
    ],
)
def test_datelines_are_lines_that_are_only_a_date_with_time_or_place(text):
    assert dateline(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Le 5 octobre 2021, nous avons célébré les 29 ans de la CICA.",
        "Allocution de Sergueï Lavrov, Moscou, 1er février 2022",
        "Merci.",
        "Nous avons signé, 3 juillet 2024",
    ],
)
def test_sentences_and_headings_are_not_datelines(text):
    assert dateline(text) is None


def test_linking_words_before_a_date_are_trimmed():
    assert trim_date_links("Réunion de l’OTSC du ") == "Réunion de l’OTSC"
    assert trim_date_links("…, Minsk, ") == "…, Minsk"
    assert trim_date_links("Sommet, le ") == "Sommet"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03.06.21 | 17h45", dt.date(2021, 6, 3)),
        ("Réunion (Malte, 5 et 6 décembre 2024)", dt.date(2024, 12, 5)),
        ("les 16 et 17 septembre 2021", dt.date(2021, 9, 16)),
        ("Conseil ministériel, 16-17 septembre 2021", dt.date(2021, 9, 16)),
        ("2024-07-03 20:10", dt.date(2024, 7, 3)),
    ],
)
def test_two_digit_years_spans_of_days_and_iso_dates(text, expected):
    assert find_date(text).date == expected


def test_a_video_duration_is_not_a_date():
    assert find_date("Vidéo 1.12.07") is None


def test_an_index_month_is_a_month_without_a_day():
    found = find_date(" date 2023-11 Le président Tokaïev")
    assert (found.date, found.month, found.year, found.problem) == (
        None,
        11,
        2023,
        "month-only-date",
    )


def test_a_year_glued_to_the_time_and_the_place_is_repaired():
    text = repair_glued_datelines("3 juin 202111:05Novo-Ogaryovo, région de Moscou")
    assert text == "3 juin 2021 11:05 Novo-Ogaryovo, région de Moscou"
    assert find_date(text).date == dt.date(2021, 6, 3)
    assert find_time(text, after=find_date(text).end).time == dt.time(11, 5)


def test_an_ordinary_line_is_not_repaired():
    assert repair_glued_datelines("En 2021, 11 pays ont signé.") == "En 2021, 11 pays ont signé."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("… a appelé jeudi les deux pays …", dt.date(2022, 10, 13)),
        ("… a reçu vendredi le secrétaire général …", dt.date(2022, 10, 14)),
        ("… tient aujourd’hui son sixième sommet …", dt.date(2022, 10, 14)),
        ("… a déclaré hier le ministre …", dt.date(2022, 10, 13)),
    ],
)
def test_relative_days_count_back_from_the_publication_date(text, expected):
    # Friday 14 October 2022
    assert relative_date(text, dt.date(2022, 10, 14)).date == expected


def test_a_text_without_a_relative_day_has_none():
    assert relative_date("Le sommet s’est tenu à Astana.", dt.date(2022, 10, 14)) is None


@pytest.mark.parametrize("text", ["19:05 18.09.2023", "10h30 – 3 mars 2024"])
def test_a_time_printed_before_the_date_still_makes_a_dateline(text):
    assert dateline(text) is not None and dateline(text).date.year in (2023, 2024)
