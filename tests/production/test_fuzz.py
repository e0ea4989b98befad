"""Property-based fuzzing of the public query interface: whatever a reader types, no 5xx."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def fuzzed(*, examples: int):
    """These tests' Hypothesis settings: the same examples on every run, no deadline (a page
    may be slow on a loaded machine), and Django's fixtures shared by a test's examples."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


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
@fuzzed(examples=60)
@given(query=queries)
def test_no_query_string_makes_a_server_error(fuzz_client, path, query):
    response = fuzz_client.get(path, query, follow=False)
    assert response.status_code < 500, (path, query, response.status_code)


# The API, the feed, the CSV and the dataset: every documented parameter of every address,
# with the bounds of each type (dates up to 9999-12-31 and past it, huge pages and sizes).
BOUNDS = {
    "date_from": ["0001-01-01", "9999-12-31", "10000-01-01", "2021-13-01", "1900-02-29"],
    "date_to": ["9999-12-31", "0001-01-01", "0000-12-31", "2024-02-29", "2023-02-29"],
    "year": ["0", "1", "2100", "9999", "10000", "-2020", "2020.5", "٢٠٢١"],
    "page": ["1", "2", "0", "-1", "99999999999999999999", "1e3", " 2 "],
    "page_size": ["1", "200", "201", "0", "-5", "9" * 30, "abc"],
    "sort": ["date", "-date", "relevance", "-relevance", "pk", "rank"],
    "own": ["1", "0", "true", "yes", ""],
    "speaker": ["serguei-lavrov", "nobody", "../../etc/passwd", "a" * 500],
    "kind": ["speech", "answer", "SPEECH", "nonsense"],
    "q": ['"', "-", "«»", "a" * 3000, "\x00\x1f", "OR AND NOT", "*"],
}
UNKNOWN = ["organization", "format", "callback", "__proto__", "page[size]"]


def documented_parameters() -> dict[str, list[str]]:
    """Each list address and the query parameters the OpenAPI document gives it."""
    from archive.reuse.openapi import document

    found = {}
    for path, item in document()["paths"].items():
        if "{" not in path:
            found[path] = [p["name"] for p in item["get"].get("parameters", [])]
    statement = found["/api/statements/"]
    csv_and_feed = [name for name in statement if name != "page_size"]
    found["/statements/export.csv"] = csv_and_feed
    found["/statements/feed/"] = csv_and_feed
    found["/api/"] = []
    found["/api/openapi.json"] = []
    return found


ADDRESSES = documented_parameters()


def values_for(name: str):
    return st.one_of(
        st.sampled_from(BOUNDS.get(name, []) + PLAUSIBLE.get(name, []) or [""]),
        st.text(max_size=40),
    )


@st.composite
def address_queries(draw, path: str):
    names = ADDRESSES[path] + UNKNOWN
    chosen = draw(st.lists(st.sampled_from(names), max_size=6))
    return [(name, draw(values_for(name))) for name in chosen]


def read_whole(response) -> bytes:
    """A streamed answer read to its end: an error halfway would raise here."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("path", sorted(ADDRESSES))
@fuzzed(examples=40)
@given(data=st.data())
def test_no_parameter_of_the_api_feed_or_csv_makes_a_server_error(fuzz_client, path, data):
    query = data.draw(address_queries(path))
    response = fuzz_client.get(path, query, follow=False)
    read_whole(response)
    assert response.status_code < 500, (path, query, response.status_code)
    if path.startswith("/api/") and response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json", (path, query)


DETAILS = [
    "/api/statements/{}/",
    "/api/events/{}/",
    "/api/speakers/{}/",
    "/api/organisations/{}/",
    "/api/countries/{}/",
    "/statements/{}/cite.json",
    "/data/{}",
]


@pytest.mark.parametrize("pattern", DETAILS)
@fuzzed(examples=30)
@given(
    segment=st.one_of(
        st.sampled_from(["csto", "RU", "serguei-lavrov", "manifest.json", "..", "%2e%2e"]),
        st.text(min_size=1, max_size=80),
    ),
    query=st.lists(st.tuples(st.sampled_from([*UNKNOWN, "page"]), st.text(max_size=20))),
)
def test_no_address_segment_makes_a_server_error(fuzz_client, pattern, segment, query):
    from urllib.parse import quote

    path = pattern.format(quote(segment, safe=""))
    response = fuzz_client.get(path, query, follow=False)
    read_whole(response)
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


# The HTML pages of one record and the lists that are not statement lists: their filters,
# ``back`` (the way back to the results), the language switch's ``next``, short links and
# citation downloads.
PAGES = [
    "speaker",
    "organisation",
    "country",
    "event",
    "statement",
    "/speakers/",
    "/organisations/",
    "/countries/",
    "/i18n/language/",
    "short link",
    "cite.bib",
    "cite.ris",
    "cite.json",
]
PAGE_PARAMETERS = [*PARAMETERS, "back", "next", "language", "page_size", "format"]
PAGE_VALUES = {
    "back": ["//evil.example", "javascript:alert(1)", "/statements/?q=x", "\x00", "a" * 5000],
    "next": ["//evil.example", "https://evil.example/", "/statements/", "\\\\evil", "/\x00"],
    "language": ["en", "fr", "xx", ""],
}


def page_values(name: str):
    return st.one_of(
        st.sampled_from(
            PAGE_VALUES.get(name, []) + BOUNDS.get(name, []) + PLAUSIBLE.get(name, []) or [""]
        ),
        st.text(max_size=40),
    )


@st.composite
def page_queries(draw):
    chosen = draw(st.lists(st.sampled_from(PAGE_PARAMETERS), max_size=6))
    return [(name, draw(page_values(name))) for name in chosen]


def page_address(page: str, short: int) -> str:
    """The address of one record's page (the first public one of its kind), or a list."""
    from archive.models import Country, Event, Organisation, Speaker, Statement

    statement = Statement.objects.public().order_by("pk").first()
    if page == "speaker":
        return Speaker.objects.public().order_by("pk").first().get_absolute_url()
    if page == "organisation":
        return f"/organisations/{Organisation.objects.order_by('code').first().code.lower()}/"
    if page == "country":
        return f"/countries/{Country.objects.get(iso2='RU').iso2.lower()}/"
    if page == "event":
        return Event.objects.filter(hidden=False).order_by("pk").first().get_absolute_url()
    if page == "statement":
        return statement.get_absolute_url()
    if page == "short link":
        return f"/s/{short}"
    if page.startswith("cite."):
        return f"/statements/{statement.slug}/{page}"
    return page


@pytest.mark.parametrize("page", PAGES)
@fuzzed(examples=20)
@given(
    query=page_queries(),
    short=st.one_of(st.integers(min_value=0, max_value=10**30), st.sampled_from([1, 2, 3])),
    post=st.booleans(),
)
def test_no_parameter_of_a_record_page_a_list_or_a_download_makes_a_server_error(
    fuzz_client, page, query, short, post
):
    path = page_address(page, short)
    if page == "/i18n/language/" and post:
        response = fuzz_client.post(path, dict(query), follow=False)
    else:
        response = fuzz_client.get(path, query, follow=False)
    read_whole(response)
    assert response.status_code < 500, (path, query, response.status_code)
