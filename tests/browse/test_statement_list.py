"""The filterable statement list: filters, facets, one-click removal and canonical URLs."""

import re

import pytest

from tests.browse.conftest import listed

pytestmark = pytest.mark.django_db


def facet(response, name):
    (found,) = [f for f in response.context["facets"] if f.name == name]
    return {item.value: item.count for item in found.items}


def test_the_list_shows_every_public_statement_newest_first(client, archive):
    response = client.get("/statements/")
    assert response.status_code == 200
    slugs = listed(response)
    assert len(slugs) == 8
    assert slugs[0] == archive.minsk.slug
    assert slugs[-5:] == [t.slug for t in archive.turns]  # one event keeps its order
    assert archive.hidden.slug not in slugs
    assert "Texte masqué" not in response.content.decode()


def test_sort_by_date_puts_the_oldest_first(client, archive):
    slugs = listed(client.get("/statements/?sort=date"))
    assert slugs[:5] == [t.slug for t in archive.turns]
    assert slugs[-1] == archive.minsk.slug


def test_an_organisation_matches_its_own_events_and_statements_naming_it(client, archive):
    slugs = listed(client.get("/statements/?organisation=CSTO"))
    assert set(slugs) == {t.slug for t in archive.turns} | {archive.minsk.slug}


def test_own_keeps_only_statements_made_at_the_organisations_events(client, archive):
    slugs = listed(client.get("/statements/?organisation=CSTO&own=1"))
    assert set(slugs) == {t.slug for t in archive.turns}
    assert listed(client.get("/statements/?organisation=OSCE&own=1")) == []


def test_held_under_its_aegis_and_merely_named_are_two_filters_that_add_up(client, archive):
    response = client.get("/statements/?organisation=CSTO")
    role = {f.name: f for f in response.context["facets"]}["own"]
    counts = {item.value: item.count for item in role.items}
    assert counts == {"1": 5, "0": 1}
    assert sum(counts.values()) == response.context["paginator"].count
    at_meetings = listed(client.get("/statements/?organisation=CSTO&own=1"))
    named = listed(client.get("/statements/?organisation=CSTO&own=0"))
    assert set(at_meetings) == {t.slug for t in archive.turns}
    assert named == [archive.minsk.slug]
    html = response.content.decode()
    assert (
        'href="?organisation=CSTO&amp;own=1"' in html
        and 'href="?organisation=CSTO&amp;own=0"' in html
    )


def test_cards_tell_an_organisations_meeting_from_a_mention(client, archive):
    html = client.get("/statements/?organisation=CSTO").content.decode()
    assert re.search(r'<span class="tag" title="Sous l’égide de : [^"]+">OTSC</span>', html)
    assert '<span class="tag tag-named" title="Nomme, ailleurs qu’à ses réunions' in html
    assert "OTSC (mention)</span>" in html


def test_own_zero_alone_keeps_statements_naming_an_organisation_elsewhere(client, archive):
    slugs = listed(client.get("/statements/?own=0"))
    assert set(slugs) == {archive.answer.slug, archive.minsk.slug, archive.speech.slug}


def test_own_alone_keeps_statements_made_at_any_organisations_event(client, archive):
    slugs = listed(client.get("/statements/?own=1"))
    assert set(slugs) == {t.slug for t in archive.turns} | {archive.speech.slug}


def test_repeated_organisations_add_up(client, archive):
    slugs = listed(client.get("/statements/?organisation=OSCE&organisation=SCO"))
    assert set(slugs) == {archive.answer.slug, archive.minsk.slug, archive.speech.slug}


def test_country_is_the_speakers_country(client, archive):
    assert listed(client.get("/statements/?country=KG")) == [archive.turns[4].slug]
    assert len(listed(client.get("/statements/?country=AM&country=KG"))) == 2


def test_event_country_is_where_it_was_said(client, archive):
    assert listed(client.get("/statements/?event_country=BY")) == [archive.minsk.slug]
    assert len(listed(client.get("/statements/?event_country=RU"))) == 6


def test_speaker_kind_and_year(client, archive):
    lavrov = listed(client.get("/statements/?speaker=serguei-lavrov"))
    assert set(lavrov) == {archive.speech.slug, archive.answer.slug, archive.minsk.slug}
    assert listed(client.get("/statements/?kind=answer")) == [archive.answer.slug]
    assert listed(client.get("/statements/?year=2021")) == [archive.speech.slug]


def test_date_bounds_are_inclusive(client, archive):
    slugs = listed(client.get("/statements/?date_from=2022-01-01"))
    assert set(slugs) == {archive.answer.slug, archive.minsk.slug}
    slugs = listed(client.get("/statements/?date_from=2020-12-02&date_to=2021-10-12"))
    assert len(slugs) == 6


def test_filters_combine(client, archive):
    response = client.get("/statements/?organisation=CSTO&country=RU&kind=remarks")
    assert listed(response) == [archive.turns[1].slug, archive.turns[3].slug]


def test_facets_count_the_selection_made_by_the_other_filters(client, archive):
    response = client.get("/statements/?organisation=CSTO")
    # The organisation facet ignores its own filter, so choosing SCO too would add 2.
    assert facet(response, "organisation") == {"CSTO": 6, "SCO": 2, "CICA": 2, "OSCE": 2}
    assert facet(response, "country") == {"RU": 3, "AM": 1, "KG": 1}
    assert facet(response, "kind") == {"remarks": 4, "report": 1, "commentary": 1}
    assert facet(response, "speaker")["vladimir-poutine"] == 2
    assert facet(response, "year") == {"2020": 5, "2024": 1}


def test_the_year_histogram_narrows_to_months_once_a_year_is_chosen(client, archive):
    response = client.get("/statements/")
    assert list(facet(response, "year")) == ["2020", "2021", "2022", "2024"]
    response = client.get("/statements/?year=2020")
    assert facet(response, "month") == {"2020-12": 5}
    (months,) = [f for f in response.context["facets"] if f.name == "month"]
    assert months.items[0].change["date_from"] == ["2020-12-01"]
    assert months.items[0].change["date_to"] == ["2020-12-31"]
    assert "décembre 2020" in response.content.decode()


def test_facet_links_choose_a_value_and_keep_the_canonical_order(client, archive):
    html = client.get("/statements/?organisation=CSTO&sort=date").content.decode()
    assert 'href="?organisation=CSTO&amp;country=KG&amp;sort=date"' in html
    # Another organisation replaces the choice, so the list holds the number shown.
    assert 'href="?organisation=SCO&amp;sort=date"' in html
    assert 'href="?sort=date"' in html  # choosing CSTO again removes it


def test_every_active_filter_can_be_removed_in_one_click(client, archive):
    response = client.get("/statements/?organisation=CSTO&country=KG&date_from=2020-01-01")
    html = response.content.decode()
    chips = response.context["active_filters"]
    assert [(c.name, c.value) for c in chips] == [
        ("organisation", "OTSC"),
        ("country", "Kirghizistan"),
        ("date_from", "1 janvier 2020"),
    ]
    assert 'href="?country=KG&amp;date_from=2020-01-01"' in html
    assert 'href="?organisation=CSTO&amp;date_from=2020-01-01"' in html
    assert 'href="?organisation=CSTO&amp;country=KG"' in html
    assert 'href="/statements/">Retirer tous les filtres' in html


def test_removing_links_follow_to_a_canonical_page(client, archive):
    response = client.get("/statements/?organisation=CSTO&country=KG")
    for chip in response.context["active_filters"]:
        remaining = {k: v for k, v in chip.change.items() if v}
        follow = client.get("/statements/", remaining)
        assert follow.status_code == 200


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [
        ("country=KG&organisation=CSTO", "organisation=CSTO&country=KG"),
        ("organisation=csto", "organisation=CSTO"),
        (
            "organisation=SCO&organisation=CSTO&organisation=SCO",
            "organisation=CSTO&organisation=SCO",
        ),
        ("sort=-date&page=1", ""),
        ("country=&kind=", ""),
        ("utm_source=newsletter&year=2020", "year=2020"),
        ("speaker=Serguei-Lavrov", "speaker=serguei-lavrov"),
        (
            "date_to=2021-12-31&q=otan&date_from=2021-01-01",
            "date_from=2021-01-01&date_to=2021-12-31&q=otan",
        ),
    ],
)
def test_non_canonical_urls_redirect_permanently_to_the_canonical_one(
    client, archive, asked, canonical
):
    response = client.get(f"/statements/?{asked}")
    assert response.status_code == 301
    assert response["Location"] == (f"/statements/?{canonical}" if canonical else "/statements/")
    assert client.get(response["Location"]).status_code == 200  # and no redirect loop


def test_search_words_narrow_the_list(client, archive):
    response = client.get("/statements/?q=osce")
    assert response.status_code == 200
    assert set(listed(response)) == {archive.answer.slug, archive.minsk.slug}


def test_the_list_paginates_with_canonical_page_links(client, archive, settings):
    from archive.site.views import StatementListView

    StatementListView.paginate_by = 3
    try:
        first = client.get("/statements/")
        html = first.content.decode()
        assert len(listed(first)) == 3
        assert 'rel="next" href="?page=2"' in html
        second = client.get("/statements/?page=2")
        assert 'rel="prev" href="?"' in second.content.decode()
        assert listed(second)[0] not in listed(first)
        assert len(listed(client.get("/statements/?page=3"))) == 2
    finally:
        StatementListView.paginate_by = 20


def test_the_homes_search_box_submits_to_the_list(client, archive):
    html = client.get("/").content.decode()
    assert 'action="/statements/"' in html
    assert 'name="q"' in html


FACET_ITEM = re.compile(
    r'<a class="facet-item" href="([^"]+)"[^>]*><span class="facet-label">[^<]*</span> '
    r'<span class="facet-count">(\d+)</span>'
)


@pytest.mark.parametrize(
    "path",
    [
        "/statements/",
        "/statements/?organisation=CSTO",
        "/statements/?organisation=CICA&own=0",
        "/statements/?q=s%C3%A9curit%C3%A9",
        "/statements/?year=2021",
        "/organisations/csto/",
        "/countries/ru/",
    ],
)
def test_every_facet_count_is_what_a_click_on_it_lists(client, seeded, path):
    html = client.get(path).content.decode()
    items = FACET_ITEM.findall(html)
    assert items
    base = path.split("?")[0]
    for href, count in items:
        target = html_unescape(href)
        url = base + target if target.startswith("?") else target
        response = client.get(url, follow=True)
        assert response.context["paginator"].count == int(count), (path, url)


def html_unescape(text):
    from html import unescape

    return unescape(text)
