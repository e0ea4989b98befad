"""Where a text comes from, told right: each part's own original page, labelled; captions,
images and other sites' links are not the original; a source without an address is
described in words; a time from the source is not presented as when words were said."""

import re

import pytest
from django.utils import translation

from archive.models import Event, Source, Statement
from archive.provenance import provenance_of

pytestmark = pytest.mark.django_db

MID = "https://www.mid.ru/fr/foreign_policy/news/-/asset_publisher/cKNonkJE02Bw/content/id/"


def originals(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<a href="([^"]+)" rel="nofollow noopener noreferrer" class="original">([^<]+)</a>', html
    )


def test_each_part_of_a_post_links_its_own_original_page(client, seeded):
    speech = Event.objects.get(title__startswith="Allocution de Sergueï Lavrov")
    press = Event.objects.get(title__startswith="Réponses à la presse de Sergueï Lavrov, ministre")
    for event, number in ((speech, "4900531"), (press, "4900958")):
        html = client.get(event.get_absolute_url()).content.decode()
        assert originals(html) == [
            (
                MID + number,
                "Page originale sur mid.ru "
                "(Ministère des Affaires étrangères de la Fédération de Russie)",
            )
        ]
        assert "Page originale de cette partie" in html
        statement = event.statements.public().first()
        html = client.get(statement.get_absolute_url()).content.decode()
        assert [url for url, _ in originals(html)] == [MID + number]


def test_a_link_in_a_photo_caption_is_not_the_original(client, seeded):
    council = Event.objects.get(title__startswith="Réunion du Conseil de sécurité collective")
    source = council.sources.get()
    assert any("fr.mil.ru" in url for url in source.urls)  # cited in a caption
    html = client.get(council.get_absolute_url()).content.decode()
    assert originals(html) == [
        (
            "http://en.kremlin.ru/events/president/news/64534",
            "Page originale sur en.kremlin.ru (Présidence de la Fédération de Russie (Kremlin))",
        )
    ]
    assert "en anglais : l’archive en conserve la traduction française" in html
    assert "fr.mil.ru" not in html


@pytest.mark.parametrize(
    ("title", "language", "words"),
    [
        (
            "La Chine et les pays d",
            "fr",
            "Éditeur : Ambassade de Chine · sans l’adresse de l’original",
        ),
        (
            "La Chine et les pays d",
            "en",
            "Publisher: Embassy of China · no address of the original",
        ),
        (
            "Commentaire pour la presse de Sergueï Lavrov",
            "fr",
            "Communiqué n° 1206-25-06-2024 · éditeur : Ministère des Affaires étrangères de la "
            "Fédération de Russie · sans l’adresse de l’original",
        ),
        (
            "Commentaire pour la presse de Sergueï Lavrov",
            "en",
            "Release 1206-25-06-2024 · publisher: Ministry of Foreign Affairs of the Russian "
            "Federation · no address of the original",
        ),
    ],
)
def test_a_source_without_an_address_says_what_it_is(client, seeded, title, language, words):
    """The Chinese embassy's page is told by its site's menu, the Minsk comment by the
    ministry's release number: both from the reference data, not from an address."""
    event = Event.objects.get(title__startswith=title)
    client.cookies["django_language"] = language
    html = client.get(event.get_absolute_url()).content.decode()
    assert not originals(html)
    assert words in html
    assert "sans l’adresse de son original ni numéro de billet" not in html
    statement = event.statements.public().first()
    html = client.get(statement.get_absolute_url()).content.decode()
    assert words in html


@translation.override("fr")
def test_the_citation_of_a_source_without_an_address_names_its_publisher(client, seeded):
    from archive.reuse.citations import Citation

    minsk = Statement.objects.public().get(
        event__title__startswith="Commentaire pour la presse de Sergueï Lavrov"
    )
    china = Statement.objects.public().filter(event__title__startswith="La Chine et les pays d")
    accessed = minsk.date
    citation = Citation.of(minsk, url="https://example.org/s/1", accessed=accessed)
    assert citation.publisher == "Ministère des Affaires étrangères de la Fédération de Russie"
    assert "communiqué n° 1206-25-06-2024" in citation.provenance
    assert "Ministère des Affaires étrangères de la Fédération de Russie" in str(citation.chicago)
    assert "publisher" in citation.bibtex()
    citation = Citation.of(china.first(), url="https://example.org/s/2", accessed=accessed)
    assert citation.publisher == "Ambassade de Chine"
    assert "Original : Ambassade de Chine" in citation.provenance


@translation.override("fr")
def test_a_source_that_says_nothing_of_itself_says_so(db):
    from archive.models import Source
    from archive.provenance import described

    source = Source(path="x.txt", raw_text="Un texte.\n\nSans rien d’autre.", title="Un texte")
    assert described(source) == "un texte sans l’adresse de son original ni numéro de billet"
    source = Source(
        path="x.txt", raw_text="4114 – Kremlin – Réunion", title="4114 – Kremlin", number=4114
    )
    assert described(source) == (
        "billet 4114 · éditeur : Présidence de la Fédération de Russie (Kremlin) "
        "· sans l’adresse de l’original"
    )


def test_the_time_a_source_gives_is_labelled_as_its_publication(client, seeded):
    event = Event.objects.get(title__startswith="Allocution de Sergueï Lavrov")
    assert event.time is not None
    html = client.get(event.get_absolute_url()).content.decode()
    date = re.search(r"<dt>Date</dt><dd>(.*?)</dd>", html).group(1)
    assert "11:38" not in date
    assert "Heure indiquée par la source" in html
    assert "heure de publication du texte, pas forcément celle où il a été prononcé" in html


def test_pages_are_placed_by_the_part_they_close(db):
    source = Source(
        path="x.txt",
        raw_text="\n".join(
            [
                "1 – Première partie",
                "2 – Seconde partie",
                "1 – Première partie",
                "Texte. Voir https://ailleurs.example/article dans une phrase.",
                "https://mid.ru/un",
                "https://mid.ru/photo.jpg",
                "2 – Seconde partie",
                "Texte.",
                "https://mid.ru/deux",
            ]
        ),
    )
    first, second = Event(pk=1, title="Première partie"), Event(pk=2, title="Seconde partie")
    placed = provenance_of(source, [first, second])
    assert [p.url for p in placed.pages_of(1)] == ["https://mid.ru/un"]
    assert [p.url for p in placed.pages_of(2)] == ["https://mid.ru/deux"]


def test_dates_on_the_first_of_a_month_read_1er_in_french(client, seeded):
    statement = Statement.objects.public().filter(date__day=1).first()
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "1er février 2022" in html
    client.cookies["django_language"] = "en"
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "February 1, 2022" in html
