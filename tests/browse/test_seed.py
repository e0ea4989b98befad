"""The public site on the five seed sources, as `make run` shows them."""

import pytest
from django.conf import settings
from django.core.management import call_command

from archive.models import Event, Speaker, Statement
from tests.browse.conftest import listed
from tests.conftest import SOURCES

pytestmark = pytest.mark.django_db

COUNCIL = "2020-12-02-reunion-du-conseil-de-securite-collective-de-l-otsc"
COUNCIL_SPEAKERS = [
    None,
    "Vladimir Poutine",
    "Nikol Pachinian",
    "Vladimir Poutine",
    "Nikol Pachinian",
    "Vladimir Poutine",
    "Alexandre Loukachenko",
    "Vladimir Poutine",
    "Kassym-Jomart Tokaïev",
    "Vladimir Poutine",
    "Talant Mamytov",
    "Vladimir Poutine",
    "Emomali Rahmon",
    "Vladimir Poutine",
]


def council_slugs():
    return list(
        Statement.objects.filter(event__slug=COUNCIL)
        .order_by("position")
        .values_list("slug", flat=True)
    )


def test_the_list_holds_the_22_seed_statements(client, seeded):
    response = client.get("/statements/")
    assert response.context["paginator"].count == 22
    assert client.get("/events/").context["paginator"].count == 7


def test_organisation_csto_lists_the_council_of_4114_and_the_statement_naming_it(client, seeded):
    slugs = listed(client.get("/statements/?organisation=CSTO"))
    assert set(council_slugs()) <= set(slugs)
    assert len(slugs) == 15  # the 14 turns of 4114, and the 2024 Minsk commentary
    own = listed(client.get("/statements/?organisation=CSTO&own=1"))
    assert own == council_slugs()
    speakers = [
        s.speaker.name if s.speaker else None
        for s in client.get("/statements/?organisation=CSTO&own=1").context["object_list"]
    ]
    assert speakers == COUNCIL_SPEAKERS


def test_country_kg_lists_mamytovs_statement(client, seeded):
    response = client.get("/statements/?country=KG")
    assert [s.speaker.name for s in response.context["object_list"]] == ["Talant Mamytov"]


def test_date_from_2022_excludes_2020_and_2021(client, seeded):
    response = client.get("/statements/?date_from=2022-01-01")
    years = sorted(s.date.year for s in response.context["object_list"])
    assert years == [2022, 2022, 2024]


def test_osce_is_named_in_four_statements(client, seeded):
    response = client.get("/statements/?organisation=OSCE")
    assert sorted(s.date.isoformat() for s in response.context["object_list"]) == [
        "2020-12-02",
        "2022-02-01",
        "2022-02-01",
        "2024-06-25",
    ]


def test_the_4114_transcript_and_its_speaker_navigation(client, seeded):
    response = client.get(f"/events/{COUNCIL}/")
    statements = response.context["statements"]
    assert [s.speaker.name if s.speaker else None for s in statements] == COUNCIL_SPEAKERS
    html = response.content.decode()
    assert "Novo-Ogaryovo" in html and "2 décembre 2020" in html
    groups = {
        g["speaker"].name if g["speaker"] else None: g["turns"]
        for g in response.context["speakers"]
    }
    assert [t.position for t in groups["Vladimir Poutine"]] == [2, 4, 6, 8, 10, 12, 14]


def test_mamytovs_statement_page_links_the_turns_around_it(client, seeded):
    mamytov = Statement.objects.get(event__slug=COUNCIL, position=11)
    response = client.get(mamytov.get_absolute_url())
    assert response.context["previous"].position == 10
    assert response.context["next"].position == 12
    assert response.context["statement"].speaker_country.iso2 == "KG"
    assert 'id="p1"' in response.content.decode()


def test_every_seed_page_answers(client, seeded, django_assert_max_num_queries):
    paths = [s.get_absolute_url() for s in Statement.objects.all()]
    paths += [e.get_absolute_url() for e in Event.objects.all()]
    paths += [s.get_absolute_url() for s in Speaker.objects.filter(statements__isnull=False)]
    paths += ["/", "/statements/", "/organisations/", "/countries/", "/speakers/", "/events/"]
    for path in paths:
        with django_assert_max_num_queries(21):
            assert client.get(path).status_code == 200, path


@pytest.mark.django_db(transaction=True)
def test_permalinks_survive_a_flush_and_a_re_import(client, seeded):
    from archive.loader.batch import sources_import

    def urls():
        return {
            *(s.get_absolute_url() for s in Statement.objects.all()),
            *(e.get_absolute_url() for e in Event.objects.all()),
            *(s.get_absolute_url() for s in Speaker.objects.filter(statements__isnull=False)),
        }

    before = urls()
    call_command("flush", interactive=False, verbosity=0)
    assert Statement.objects.count() == 0
    sources_import(
        paths=[SOURCES], reference_dir=settings.REFERENCE_DIR, max_bytes=settings.IMPORT_MAX_BYTES
    )
    assert urls() == before
    for url in sorted(before)[:5]:
        assert client.get(url).status_code == 200
