"""Small reference data built in code, so that each rule is tested against names we control."""

from pathlib import Path

import pytest

from archive.ingest.lexicon import Lexicon, lexicon_for
from archive.ingest.reference import CountryData, OrganisationData, ReferenceData, SpeakerData

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def small_reference() -> ReferenceData:
    return ReferenceData(
        countries=[
            CountryData(
                "RU",
                "Russie",
                "Russia",
                variants=("Fédération de Russie",),
                adjectives=("russe", "russes"),
                places=("Moscou", "Novo-Ogaryovo", "Sotchi", "Saint-Pétersbourg"),
            ),
            CountryData(
                "BY",
                "Biélorussie",
                "Belarus",
                variants=("Bélarus", "Belarus", "République de Biélorussie"),
                adjectives=("biélorusse", "bélarusse"),
                places=("Minsk",),
            ),
            CountryData(
                "KZ",
                "Kazakhstan",
                "Kazakhstan",
                variants=("République du Kazakhstan",),
                adjectives=("kazakh", "kazakhe"),
                places=("Noursoultan", "Astana", "Almaty"),
            ),
            CountryData(
                "KG",
                "Kirghizistan",
                "Kyrgyzstan",
                variants=("République kirghize",),
                adjectives=("kirghiz", "kirghize"),
                places=("Bichkek",),
            ),
            CountryData(
                "TJ",
                "Tadjikistan",
                "Tajikistan",
                variants=("République du Tadjikistan",),
                adjectives=("tadjik", "tadjike"),
                places=("Douchanbé",),
            ),
            CountryData(
                "AM",
                "Arménie",
                "Armenia",
                variants=("République d’Arménie",),
                adjectives=("arménien", "arménienne"),
                places=("Erevan",),
            ),
            CountryData(
                "CN",
                "Chine",
                "China",
                variants=("République populaire de Chine", "RPC"),
                adjectives=("chinois", "chinoise"),
                places=("Pékin", "Shanghai"),
            ),
            CountryData(
                "US",
                "États-Unis",
                "United States",
                variants=("Etats-Unis", "USA"),
                adjectives=("américain", "américaine"),
                places=("Washington", "New York"),
            ),
            CountryData("CH", "Suisse", "Switzerland", adjectives=("suisse",), places=("Genève",)),
            CountryData(
                "FR", "France", "France", adjectives=("français", "française"), places=("Paris",)
            ),
        ],
        organisations=[
            OrganisationData(
                "CSTO",
                "OTSC",
                "CSTO",
                "Organisation du traité de sécurité collective",
                "Collective Security Treaty Organization",
            ),
            OrganisationData(
                "SCO",
                "OCS",
                "SCO",
                "Organisation de coopération de Shanghai",
                "Shanghai Cooperation Organization",
            ),
            OrganisationData(
                "CICA",
                "CICA",
                "CICA",
                "Conférence pour l’interaction et les mesures de confiance en Asie",
                "Conference on Interaction and Confidence Building Measures in Asia",
                aliases=("Conférence sur les mesures d'interaction et de confiance en Asie",),
            ),
            OrganisationData(
                "OSCE",
                "OSCE",
                "OSCE",
                "Organisation pour la sécurité et la coopération en Europe",
                "Organization for Security and Co-operation in Europe",
            ),
        ],
        speakers=[
            SpeakerData("Vladimir Poutine", "RU", ("Vladimir Putin", "V. Poutine", "Poutine")),
            SpeakerData("Sergueï Lavrov", "RU", ("Sergey Lavrov", "S. Lavrov", "Lavrov")),
            SpeakerData("Sergueï Choïgou", "RU", ("Sergei Shoigu",)),
            SpeakerData("Alexandre Loukachenko", "BY", ("Alexander Lukashenko", "Lukashenko")),
            SpeakerData("Kassym-Jomart Tokaïev", "KZ", ("Kassym-Jomart Tokayev",)),
            SpeakerData("Nikol Pachinian", "AM", ("Nikol Pashinyan",)),
            SpeakerData("Emomali Rahmon", "TJ", ()),
            SpeakerData("Xi Jinping", "CN", ()),
            SpeakerData("Emmanuel Macron", "FR", ("Macron",)),
        ],
    )


@pytest.fixture
def reference() -> ReferenceData:
    return small_reference()


@pytest.fixture
def lexicon(reference: ReferenceData) -> Lexicon:
    return lexicon_for(reference)


@pytest.fixture(scope="session")
def real_reference() -> ReferenceData:
    return ReferenceData.from_directory(FIXTURES / "reference")
