"""Each filter declares its rules once: the canonical URLs and the tallies read them from it."""

import re

import django_filters
import pytest

from archive import tallies
from archive.site import filters
from archive.site.canonical import CanonicalQuery
from archive.site.filters import EventFilter, StatementFilter


@pytest.mark.parametrize("name", list(StatementFilter.base_filters))
def test_every_statement_filter_declares_its_tally(name):
    """A new filter must say what the tallies do with it: the dimension it narrows, that it
    changes no count (``tallies.SAME``), or that the tallies cannot count it (None)."""
    declared = StatementFilter.base_filters[name]
    assert hasattr(declared, "tally"), f"{name} has no tally mapping: declare(..., tally=...)"
    assert (
        declared.tally is None
        or declared.tally == tallies.SAME
        or (declared.tally in tallies.DIMENSIONS)
    ), f"{name} names {declared.tally!r}, which archive.tallies.counts does not know"


def test_every_tally_dimension_is_some_filter():
    named = {f.tally for f in StatementFilter.base_filters.values()}
    assert set(tallies.DIMENSIONS) <= named


def test_untallied_filters_are_counted_directly():
    untallied = {n for n, f in StatementFilter.base_filters.items() if f.tally is None}
    assert untallied == {"event_country", "mentioned_country"}


@pytest.mark.parametrize("filterset_class", [StatementFilter, EventFilter])
def test_every_filter_declares_a_known_case(filterset_class):
    for name, declared in filterset_class.base_filters.items():
        assert getattr(declared, "case", None) in (None, filters.UPPER, filters.LOWER), name


def test_repeatable_parameters_are_the_multiple_choice_filters():
    repeatable = {
        n
        for n, f in StatementFilter.base_filters.items()
        if isinstance(f, django_filters.MultipleChoiceFilter)
    }
    assert repeatable == {
        "organisation",
        "country",
        "event_country",
        "mentioned_country",
        "speaker",
        "kind",
    }


def test_canonical_query_reads_case_and_repetition_from_the_declarations(rf):
    query = CanonicalQuery.parse(
        rf.get("/", {"kind": ["SPEECH", "answer"], "country": "ru", "sort": "DATE"}).GET,
        filterset_class=StatementFilter,
    )
    assert query.params["kind"] == ["answer", "speech"]
    assert query.params["country"] == ["RU"]
    assert query.params["sort"] == ["date"]
    assert not query.problems
    one = CanonicalQuery.parse(
        rf.get("/", {"year": ["2020", "2021"]}).GET, filterset_class=EventFilter
    )
    assert one.faulty == {"year"}


def _options(html: str) -> list[str]:
    start = html.index('<select id="sort" name="sort">')
    return re.findall(r"<option[^>]*>[^<]*</option>", html[start : html.index("</select>", start)])


def test_refine_form_is_rendered_from_the_declarations(client, archive):
    html = client.get("/statements/?sort=date").content.decode()
    assert 'name="date_from" value="" min="1900-01-01" max="2100-12-31">' in html
    assert 'name="date_to" value="" min="1900-01-01" max="2100-12-31">' in html
    assert 'name="q" value="" maxlength="400"' in html
    assert _options(html) == [
        '<option value="">Plus récentes d’abord</option>',
        '<option value="date" selected>Plus anciennes d’abord</option>',
    ]
    ranked = client.get("/statements/", {"q": "sécurité"}).content.decode()
    assert _options(ranked) == [
        '<option value="" selected>Les plus pertinentes d’abord</option>',
        '<option value="-date">Plus récentes d’abord</option>',
        '<option value="date">Plus anciennes d’abord</option>',
    ]
    events = client.get("/events/").content.decode()
    assert 'id="event-year" name="year" min="1900" max="2100"' in events
