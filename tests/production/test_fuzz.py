"""Property-based fuzzing of the public query interface: whatever a reader types, no 5xx."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PARAMETERS = [
    "organisation",
    "own",
    "country",
    "event_country",
    "mentioned_country",
    "speaker",
    "kind",
    "date_from",
    "date_to",
    "year",
    "sort",
    "page",
    "q",
    "bom",
    "lang",
    "utm_source",
]
PLAUSIBLE = {
    "organisation": ["CSTO", "SCO", "cica", "OSCE", "XYZ", ""],
    "country": ["RU", "kz", "ZZ", "", "R"],
    "kind": ["speech", "answer", "report", "nonsense"],
    # The bounds of the calendar and of the years lists know, on both date parameters.
    "date_from": [
        "2021-01-01",
        "2021-02-31",
        "01/02/2021",
        "9999-99-99",
        "9999-12-31",
        "0001-01-01",
        "1899-12-31",
        "1900-01-01",
        "2100-12-31",
        "2101-01-01",
    ],
    "date_to": [
        "2022-12-31",
        "0000-00-00",
        "-1",
        "9999-12-31",
        "0001-01-01",
        "1899-12-31",
        "1900-01-01",
        "2100-12-31",
        "2101-01-01",
    ],
    "year": ["2020", "1", "99999", "abc", "1900", "2100", "2101"],
    "own": ["1", "0", "2", ""],
    "sort": ["date", "-date", "rank", "title"],
    "page": ["1", "2", "0", "-1", "abc", "999999", "1e9"],
    "q": ['"sécurité', "vaccins -otan", "«", "\x00", "a" * 3000, "-otan", "Putin OR", "OR"],
    "bom": ["1", "0", ""],
    "lang": ["en", "fr", "xx"],
}

values = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from([v for options in PLAUSIBLE.values() for v in options]),
)
queries = st.lists(st.tuples(st.sampled_from(PARAMETERS), values), max_size=8)


@pytest.fixture
def fuzz_client(client, seeded):
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/statements/",
        "/events/",
        "/statements/feed/",
        "/statements/export.csv",
        "/api/statements/",
        "/api/events/",
    ],
)
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=queries)
def test_no_query_string_makes_a_server_error(fuzz_client, path, query):
    response = fuzz_client.get(path, query, follow=False)
    assert response.status_code < 500, (path, query, response.status_code)


DATE_BOUNDS = ["0001-01-01", "1899-12-31", "1900-01-01", "2100-12-31", "2101-01-01", "9999-12-31"]


@pytest.mark.parametrize(
    "path",
    ["/statements/", "/statements/feed/", "/statements/export.csv", "/api/statements/"],
)
@pytest.mark.parametrize("name", ["date_from", "date_to"])
@pytest.mark.parametrize("extra", [{}, {"page": "2"}, {"year": "2100"}, {"organisation": "CSTO"}])
def test_every_date_bound_of_every_date_parameter_answers_without_a_server_error(
    fuzz_client, path, name, extra
):
    """``date_to=9999-12-31`` once overflowed counting months (issue 13)."""
    for value in DATE_BOUNDS:
        response = fuzz_client.get(path, {name: value, **extra})
        assert response.status_code < 500, (path, name, value, extra)
        inside = "1900-01-01" <= value <= "2100-12-31"
        if not inside:
            assert response.status_code == 400, (path, name, value, extra)
