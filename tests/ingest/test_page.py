import datetime as dt

import pytest

from archive.ingest.lines import Line
from archive.ingest.noise import remove_noise
from archive.ingest.page import is_headline_label, is_interface, masthead_organisations, read_page


def lines(*texts):
    return [Line(number, text) for number, text in enumerate(texts, start=1)]


def kept(lexicon, *texts):
    page = read_page(lines(*texts), lexicon)
    return [line.text for line in remove_noise(page.lines, lexicon).lines]


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Publié le 14 octobre 2022 à 09h12", dt.date(2022, 10, 14)),
        ("Publié le 02/12/2021 à 18h05", dt.date(2021, 12, 2)),
        ("Mis à jour le 14/10/2022", dt.date(2022, 10, 14)),
        ("Par la rédaction, le 4 juillet 2024 à 12:05", dt.date(2024, 7, 4)),
    ],
)
def test_a_publication_line_dates_the_page_and_leaves_the_text(lexicon, text, published):
    page = read_page(lines("Titre de l’article", text, "Le texte."), lexicon)
    assert (page.published, page.published_line) == (published, 2)
    assert [line.text for line in page.lines] == ["Titre de l’article", "Le texte."]


def test_the_first_publication_line_wins_and_an_update_is_dropped_too(lexicon):
    page = read_page(lines("Publié le 14 octobre 2022", "Mis à jour le 15/10/2022", "T."), lexicon)
    assert page.published == dt.date(2022, 10, 14)
    assert [line.text for line in page.lines] == ["T."]


def test_an_index_prefix_gives_a_month_not_a_day(lexicon):
    page = read_page(lines(" date 2023-11 Le président reçoit son homologue"), lexicon)
    assert (page.published, page.month, page.year) == (None, (2023, 11), 2023)
    assert page.lines[0].text == "Le président reçoit son homologue"


def test_a_date_inside_a_sentence_is_not_a_publication_line(lexicon):
    page = read_page(
        lines("Publié le 3 mai, le rapport a été largement commenté par la presse."), lexicon
    )
    assert page.published is None


def test_the_title_is_the_header_line_nearest_the_text_not_the_site_name(lexicon):
    assert kept(
        lexicon,
        "Kazinform",
        "03.03.2023 14:20",
        "Tokaïev appelle à renforcer l’OTSC",
        "ASTANA, 3 mars (Kazinform) -- Le président a reçu le secrétaire général de l’OTSC.",
    ) == [
        "03.03.2023 14:20",
        "Tokaïev appelle à renforcer l’OTSC",
        "ASTANA, 3 mars (Kazinform) -- Le président a reçu le secrétaire général de l’OTSC.",
    ]


def test_share_buttons_and_login_links_are_not_titles(lexicon):
    assert kept(
        lexicon,
        "Se connecter",
        "Xi Jinping appelle l’OCS à l’unité",
        "Partager sur Facebook",
        "Copier le lien",
        "Le président chinois a pris la parole jeudi à Astana devant les chefs d’État.",
    ) == [
        "Xi Jinping appelle l’OCS à l’unité",
        "Le président chinois a pris la parole jeudi à Astana devant les chefs d’État.",
    ]


def test_a_numbered_blog_title_stays_the_title(lexicon):
    assert kept(lexicon, "4114 – Kremlin – Réunion de l’OTSC", "otsc 2020", "Le texte.") == [
        "4114 – Kremlin – Réunion de l’OTSC",
        "Le texte.",
    ]


@pytest.mark.parametrize(
    "text", ["Partager sur X", "Lire aussi :", "Newsletter", "À lire également", "Contacts presse"]
)
def test_interface_lines(text):
    assert is_interface(text)


def test_an_ordinary_title_is_not_interface():
    assert not is_interface("Lire Tolstoï à Moscou, une passion russe qui ne faiblit pas")


def test_a_masthead_naming_an_organisation_makes_it_the_publisher(lexicon):
    assert masthead_organisations(lines("OSCE", "Actualités", "Un texte."), lexicon) == ["OSCE"]
    assert masthead_organisations(
        lines("Organisation pour la sécurité et la coopération en Europe", "Conseil permanent"),
        lexicon,
    ) == ["OSCE"]


def test_an_organisation_named_in_the_text_is_no_masthead(lexicon):
    assert masthead_organisations(lines("Un long texte sur l’OSCE.", "OSCE"), lexicon) == []


def test_a_headline_written_name_colon_words_above_a_dateline_is_the_title(lexicon):
    assert kept(
        lexicon,
        "Agence Planète",
        "14.10.2022 18:02",
        "Lavrov : l’OTSC reste unie",
        "MOSCOU, 14 octobre (Agence Planète) – Sergueï Lavrov a parlé à Bichkek.",
    ) == [
        "14.10.2022 18:02",
        "Lavrov : l’OTSC reste unie",
        "MOSCOU, 14 octobre (Agence Planète) – Sergueï Lavrov a parlé à Bichkek.",
    ]


def test_a_headline_label_needs_a_dateline_or_a_narrated_lead_after_it(lexicon):
    assert is_headline_label(
        "Lavrov : l’OTSC reste unie",
        "MOSCOU, 14 octobre (Agence) – Le ministre a parlé.",
        lexicon,
        after_header=False,
    )
    assert is_headline_label(
        "Lavrov : l’OTSC reste unie", "Le ministre a parlé jeudi.", lexicon, after_header=True
    )
    assert not is_headline_label(
        "Lavrov : l’OTSC reste unie", "Question : Et Minsk ?", lexicon, after_header=True
    )
    assert not is_headline_label(
        "Sergueï Lavrov : Merci, chers collègues.", "Le ministre.", lexicon, after_header=True
    )


def test_a_line_of_hashtags_in_the_masthead_names_the_events_organisation(lexicon):
    assert masthead_organisations(
        lines("#OTSC #Minsk #Réunion", "Déclaration commune", "Les ministres ont adopté un texte."),
        lexicon,
    ) == ["CSTO"]


def test_a_masthead_full_name_may_use_other_function_words(lexicon):
    assert masthead_organisations(
        lines("Organisation sur la sécurité et de la coopération en Europe", "Un texte."), lexicon
    ) == ["OSCE"]
