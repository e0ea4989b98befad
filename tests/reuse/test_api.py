"""The JSON API: the list's filters and search, pagination, errors in words, CORS."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import SlugRedirect, Speaker, Statement
from tests.browse.conftest import add_event, add_statement, listed

pytestmark = pytest.mark.django_db


def api(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, (path, response.content[:300])
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def exported() -> list[dict]:
    """Every line of ``export_archive``: what each API result must be, exactly."""
    out = io.StringIO()
    call_command("export_archive", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def slugs(page: dict) -> list[str]:
    return [r["url"].strip("/").split("/")[-1] for r in page["results"]]


def test_each_result_is_exactly_the_export_record(client, archive):
    page = api(client, "/api/statements/")
    expected = exported()
    by_url = {r["url"]: r for r in expected}
    assert page["count"] == len(expected)
    assert all(result == by_url[result["url"]] for result in page["results"])


@pytest.mark.parametrize(
    "query",
    [
        "organisation=CSTO",
        "organisation=CSTO&own=1",
        "organisation=CSTO&country=KG",
        "country=RU&year=2020",
        "speaker=serguei-lavrov&kind=answer&kind=commentary",
        "event_country=BY",
        "date_from=2021-01-01&date_to=2022-12-31",
        "q=osce",
        "q=osce&sort=date",
        "sort=date",
    ],
)
def test_the_api_selects_what_the_list_shows_in_the_same_order(client, archive, query):
    html = client.get(f"/statements/?{query}", follow=True)
    data = api(client, f"/api/statements/?{query}")
    assert slugs(data) == listed(html)
    assert data["count"] == html.context["paginator"].count


def test_pages_link_to_each_other_keeping_the_filters(client, archive):
    first = api(client, "/api/statements/", organisation="CSTO", page_size="4")
    assert (first["count"], len(first["results"]), first["previous"]) == (6, 4, None)
    assert first["next"] == (
        "http://testserver/api/statements/?organisation=CSTO&page=2&page_size=4"
    )
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 2 and second["next"] is None
    assert second["previous"] == "http://testserver/api/statements/?organisation=CSTO&page_size=4"
    assert not set(slugs(first)) & set(slugs(second))


def test_the_list_points_to_its_other_forms(client, archive):
    response = client.get("/api/statements/?organisation=SCO")
    links = response["Link"]
    assert '<http://testserver/statements/?organisation=SCO>; rel="alternate"' in links
    assert '<http://testserver/statements/export.csv?organisation=SCO>; rel="alternate"' in links
    assert '<http://testserver/statements/feed/?organisation=SCO>; rel="alternate"' in links


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("organisation=NATO", "Aucune organisation n’a le code NATO"),
        ("date_from=2021-02-31", "AAAA-MM-JJ"),
        ("page=9", "Il n’y a pas de page 9"),
        ("page=abc", "n’est pas un numéro de page"),
        ("page_size=0", "page_size"),
        ("page_size=1000", "page_size"),
        ("organization=SCO", "Paramètre inconnu : organization"),
        ("year=2020&year=2021", "plusieurs valeurs différentes"),
    ],
)
def test_bad_parameters_get_a_400_problem_that_explains_them(client, archive, query, message):
    response = client.get(f"/api/statements/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    problem = response.json()
    assert problem["status"] == 400 and problem["title"] == "Bad Request"
    assert any(message in p for p in problem["problems"]), problem


def test_problems_follow_the_readers_language(client, archive):
    response = client.get("/api/statements/?organisation=NATO", headers={"accept-language": "en"})
    assert "There is no organisation with the code NATO" in response.json()["detail"]


def test_a_statement_by_its_slug_and_renamed_slugs_redirect(client, archive):
    statement = archive.answer
    data = api(client, f"/api/statements/{statement.slug}/")
    assert data == next(r for r in exported() if r["url"] == statement.get_absolute_url())
    SlugRedirect.objects.create(model="statement", old_slug="ancien-nom", new_slug=statement.slug)
    response = client.get("/api/statements/ancien-nom/")
    assert (response.status_code, response["Location"]) == (
        301,
        f"/api/statements/{statement.slug}/",
    )


def test_unknown_and_hidden_records_are_json_404s(client, archive):
    for path in [
        "/api/statements/no-such-statement/",
        f"/api/statements/{archive.hidden.slug}/",
        f"/api/events/{archive.secret.slug}/",
        "/api/speakers/nobody/",
        "/api/organisations/nato/",
        "/api/countries/xx/",
        "/api/nothing/here",
        "/api/statements/a%20b/",
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/problem+json", path
        assert response.json()["status"] == 404


def test_hidden_records_are_in_no_list(client, archive):
    statements = api(client, "/api/statements/", page_size="200")
    assert archive.hidden.slug not in slugs(statements)
    assert not any(r["event"]["slug"] == archive.secret.slug for r in statements["results"])
    events = api(client, "/api/events/")
    assert archive.secret.slug not in {e["slug"] for e in events["results"]}
    press = api(client, f"/api/events/{archive.press.slug}/")
    assert [s["slug"] for s in press["statements"]] == [archive.answer.slug]
    assert press["statement_count"] == 1
    lavrov = api(client, "/api/speakers/serguei-lavrov/")
    assert lavrov["statement_count"] == 3  # the hidden answer is not counted


def test_events_take_the_event_lists_filters(client, archive):
    data = api(client, "/api/events/", organisation="CSTO")
    assert [e["slug"] for e in data["results"]] == [archive.council.slug]
    council = api(client, f"/api/events/{archive.council.slug}/")
    assert council["time"] == "13:15"
    assert [s["position"] for s in council["statements"]] == [1, 2, 3, 4, 5]
    assert council["sources"][0]["file"] == "001_kremlin.txt"


def test_speakers_organisations_and_countries(client, archive):
    speakers = api(client, "/api/speakers/")
    assert [s["name"] for s in speakers["results"]] == sorted(
        s["name"] for s in speakers["results"]
    )
    assert {s["slug"] for s in speakers["results"]} == {
        "vladimir-poutine",
        "nikol-pachinian",
        "talant-mamytov",
        "serguei-lavrov",
    }
    lavrov = api(client, "/api/speakers/serguei-lavrov/")
    assert (lavrov["first_date"], lavrov["last_date"]) == ("2021-10-12", "2024-06-25")
    csto = api(client, "/api/organisations/csto/")
    assert csto["code"] == "CSTO" and csto["acronym_fr"] == "OTSC"
    assert {"country": "RU", "role": "member"} in csto["members"]
    assert csto["statement_count"] == 6
    assert api(client, "/api/organisations/CSTO/") == csto
    russia = api(client, "/api/countries/ru/")
    assert russia["name_fr"] == "Russie" and russia["statement_count"] == 5
    assert {"organisation": "CSTO", "role": "member"} in russia["memberships"]
    countries = api(client, "/api/countries/", page_size="200")
    assert countries["count"] == len(countries["results"]) > 50


def test_the_index_lists_every_collection_and_the_bulk_dataset(client, archive):
    from archive.reuse.dataset import dataset_build

    dataset_build()
    index = api(client, "/api/")
    assert index["dataset"] == "http://testserver/data/manifest.json"
    for name, url in index.items():
        assert client.get(url).status_code == 200, name


def test_cors_preflight_is_answered_for_any_origin(client, archive):
    response = client.options(
        "/api/statements/",
        headers={
            "origin": "https://notebook.example",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert response["Access-Control-Allow-Headers"] == "if-none-match"
    assert client.post("/api/statements/").status_code == 405


def test_answers_are_cacheable_and_revalidate(client, archive):
    first = client.get("/api/statements/")
    assert "public" in first["Cache-Control"]
    again = client.get("/api/statements/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


BOUNDS = {
    "/api/statements/": 10,
    # A search also reads the spellings it expands to: speakers, organisations, countries, places.
    "/api/statements/?organisation=CSTO&q=otsc": 14,
    "/api/events/": 7,
    "/api/speakers/": 5,
    "/api/organisations/": 6,
    "/api/countries/": 6,
}


def grow():
    russia_event = add_event("Sommet", dt.date(2019, 6, 1), "Moscou", "RU", ["SCO", "CSTO"])
    for position in range(1, 13):
        speaker = Speaker.objects.create(name=f"Orateur {position}")
        add_statement(
            russia_event, position, speaker, "remarks", "L’OTSC.", mentions=["CSTO", "OSCE"]
        )


def test_api_queries_are_bounded_and_do_not_grow_with_the_data(client, archive):
    def counts():
        result = {}
        for path, bound in BOUNDS.items():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200, path
            assert len(queries) <= bound, (path, len(queries))
            result[path] = len(queries)
        for statement in Statement.objects.public()[:3]:
            with CaptureQueriesContext(connection) as queries:
                client.get(f"/api/statements/{statement.slug}/")
            assert len(queries) <= 8
        return result

    before = counts()
    grow()
    assert counts() == before


@pytest.mark.parametrize("params", [{}, {"organisation": "CSTO"}, {"year": "2022"}, "speaker"])
def test_a_broad_list_is_counted_from_the_tallies_as_on_the_site(client, archive, params):
    if params == "speaker":
        params = {"speaker": Speaker.objects.get(name="Sergueï Lavrov").slug}
    with CaptureQueriesContext(connection) as queries:
        page = api(client, "/api/statements/", **params)
    statements = connection.ops.quote_name(Statement._meta.db_table)
    counted = [q["sql"] for q in queries if "COUNT(" in q["sql"] and statements in q["sql"]]
    assert counted == []  # no count over the statements themselves
    assert page["count"] == client.get("/statements/", params).context["paginator"].count
    assert page["count"] == len(every_result(client, params))


def every_result(client, params) -> list[dict]:
    """Every result of the list, page after page, as a reader would collect them."""
    page = api(client, "/api/statements/", page_size="100", **params)
    results = page["results"]
    while page["next"]:
        page = client.get(page["next"]).json()
        results += page["results"]
    return results
