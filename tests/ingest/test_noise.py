import pytest

from archive.ingest.lines import Line
from archive.ingest.noise import is_debris, is_stray_short_line, remove_noise


def clean(lexicon, *texts):
    lines = [Line(number, text) for number, text in enumerate(texts, start=1)]
    return remove_noise(lines, lexicon)


def kept(lexicon, *texts):
    return [line.text for line in clean(lexicon, *texts).lines]


@pytest.mark.parametrize(
    "text",
    [
        "OTSC KREMLIN PH 2 XX 4 Réunion du Conseil de sécurité collective de l'OTSC du 02.12.2020",
        "4 PHOTOS",
        "unnamed",
        "lc160216-bielorussie_0_730_612",
        "tadjikistan-carte",
        "Un-kazakhstan",
        "Accueil  | Aperçu général de Chine  | Qui sommes nous  | Services presses médias",
        "Portada > Infomations Importantes",
        "Suggest To A Friend",
        "Print",
        "Documentos adicionales",
        "• Fotografías",
        "Album de fotos",
        "1 из 1 fotos en el album",
        "Les sujets",
        "1206-25-06-2024",
        "* * *",
        "%%%%",
        "-----",
        "___",
    ],
)
def test_debris_lines_are_noise(lexicon, text):
    result = clean(lexicon, "Titre du billet", text, "Une phrase qui reste.")
    assert text in result.noise
    assert [line.text for line in result.lines] == ["Titre du billet", "Une phrase qui reste."]


@pytest.mark.parametrize(
    "text",
    [
        "e président du Bélarus Alexander Lukashenko Président du Bélarus Alexander Lukashenko",
        "Le Président de la République du Kazakhstan, Kassym-Jomart Tokayev,Le Président de la "
        "République du Kazakhstan, Kassym-Jomart Tokayev,",
        "map le président par intérim du Kirghizistan Talant Mamytov Président par intérim du "
        "Kirghizistan Talant Mamytov",
        "Premier ministre arménien Nikol Pashinyan, le Premier Ministre de la République "
        "d’Arménie Nikol Pashinyan.",
        "le secrétaire général de l'Organisation du traité de sécurité collective Stanislav Zas "
        "le secrétaire général de l’Organisation du traité de sécurité collective Stanislav Zas",
    ],
)
def test_a_caption_repeating_a_name_is_noise(lexicon, text):
    assert is_debris(text, lexicon)


def test_a_sentence_ending_with_a_name_said_once_is_not_a_caption(lexicon):
    text = (
        "Le Premier ministre arménien Nikol Pashinyan, le président du Bélarus Alexander "
        "Lukashenko, le président du Tadjikistan Emomali Rahmon"
    )
    assert not is_debris(text, lexicon)


def test_a_quote_ending_with_the_speakers_honorific_name_is_not_a_caption(lexicon):
    text = "M. Wang a souligné la proximité. « Nous sommes voisins », a déclaré M. Wang."
    assert not is_debris(text, lexicon)


@pytest.mark.parametrize(
    "text",
    [
        "unnamed",
        "lc160216-bielorussie_0_730_612",
        "otsc 2020",
        "En Rouge les pays du CICA en Orange les observateurs",
        "Photo de famille des dirigeants",
    ],
)
def test_short_lines_without_final_punctuation_are_noise(lexicon, text):
    assert is_stray_short_line(text, "", lexicon)


@pytest.mark.parametrize(
    "text",
    [
        "Chers collègues,",
        "Monsieur le Président,",
        "Merci.",
        "Mesdames et Messieurs",
        "Allocution de Sergueï Lavrov",
        "2 décembre 2020 – 13:15 – Novo-Ogaryovo, région de Moscou",
        "14:49",
        "Sergueï Lavrov :",
        "• l’Association des nations de l’Asie du Sud-Est (ASEAN)",
    ],
)
def test_salutations_headings_datelines_bullets_and_labels_are_kept(lexicon, text):
    assert not is_stray_short_line(text, "", lexicon)


def test_a_short_lead_in_before_bullets_is_kept(lexicon):
    assert kept(
        lexicon,
        "Titre",
        "En particulier, nous établissons des liens entre",
        "• l’Organisation de coopération de Shanghai (OCS),",
        "• et l’Union économique eurasiatique (UEE).",
    ) == [
        "Titre",
        "En particulier, nous établissons des liens entre",
        "• l’Organisation de coopération de Shanghai (OCS),",
        "• et l’Union économique eurasiatique (UEE).",
    ]


def test_any_line_with_a_url_is_removed_and_its_urls_are_sorted(lexicon):
    result = clean(
        lexicon,
        "Titre",
        "https://www.mid.ru/fr/foreign_policy/news/-/asset_publisher/cKNonkJE02Bw/content/id/1",
        "https://media.lesechos.com/images/view/1280x720-webp/x.webp  la ville de Noursoultan",
        "OTSC ARMEE Exercice « Fraternité » CF/ https://fr.mil.ru/fr/news_page/more.htm?id=1@egNews",
        "http://en.kremlin.ru/events/president/news/64534",
        "http://en.kremlin.ru/events/president/news/64534",
    )
    assert [line.text for line in result.lines] == ["Titre"]
    assert result.urls == [
        "https://www.mid.ru/fr/foreign_policy/news/-/asset_publisher/cKNonkJE02Bw/content/id/1",
        "https://fr.mil.ru/fr/news_page/more.htm?id=1@egNews",
        "http://en.kremlin.ru/events/president/news/64534",
    ]
    assert result.image_urls == ["https://media.lesechos.com/images/view/1280x720-webp/x.webp"]


def test_the_first_line_is_kept_as_a_title_even_when_short(lexicon):
    assert kept(lexicon, "La Chine et le Kazakhstan", "Une phrase.") == [
        "La Chine et le Kazakhstan",
        "Une phrase.",
    ]


def test_blank_lines_are_dropped(lexicon):
    assert kept(lexicon, "Titre", "", "Texte.") == ["Titre", "Texte."]


def test_html_and_script_tags_are_kept_as_literal_text(lexicon):
    texts = ["Titre", "<p>Le <b>Président</b> a parlé.</p>", "<script>alert('x')</script>;"]
    assert kept(lexicon, *texts) == texts


def test_an_all_capital_heading_without_numbers_is_not_a_photo_credit(lexicon):
    assert not is_debris("DÉCLARATION DE DOUCHANBÉ DES CHEFS D'ÉTAT DE L'OCS", lexicon)


def test_a_capitalised_label_is_not_a_photo_credit(lexicon):
    assert not is_debris("VLADIMIR POUTINE: Merci beaucoup, chers collègues.", lexicon)
