"""The tallies (``archive.tallies``) give the same facet counts and totals as counting the
statements, and stay exact as statements, links and events change."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from archive import changes, tallies
from archive.curation.renames import statements_refresh
from archive.models import Event, MonthTally, Speaker, SpeakerTally, Statement
from archive.site.canonical import apply_filters
from archive.site.facets import statement_facets, statement_total
from archive.site.filters import DEFAULT_SORT, ORDERINGS, StatementFilter

pytestmark = pytest.mark.django_db

# Filter combinations a reader makes; each must give the same counts both ways.
QUERIES = [
    "",
    "organisation=CSTO",
    "organisation=SCO&own=1",
    "own=1",
    "country=RU",
    "country=KZ&country=RU",
    "kind=answer",
    "kind=remarks&kind=speech&organisation=OSCE",
    "year=2015",
    "year=2015&date_from=2015-03-01&date_to=2015-04-30",
    "date_from=2010-01-01&date_to=2019-12-31",
    "country=RU&date_from=2004-01-01&date_to=2012-12-31&organisation=CSTO",
    "date_from=2010-02-01&date_to=2011-06-30&kind=speech",
]


def facets_of(querystring: str):
    _query, filterset = apply_filters(
        StatementFilter,
        QueryDict(querystring),
        queryset=Statement.objects.public().order_by(*ORDERINGS[DEFAULT_SORT]),
    )
    facets = statement_facets(filterset, _query.params)
    shown = {
        f.name: sorted((item.value, item.count, item.selected) for item in f.items) for f in facets
    }
    return shown, statement_total(filterset), filterset


def speakers_of():
    """Queries on the busiest speakers, alone and with other filters."""
    one, two = (
        Speaker.objects.annotate(n=Count("statements"))
        .order_by("-n", "pk")
        .values_list("slug", flat=True)[:2]
    )
    return [
        f"speaker={one}",
        f"speaker={one}&speaker={two}",
        f"kind=speech&speaker={one}",
        f"date_from=2000-01-01&date_to=2020-12-31&speaker={two}",
        f"organisation=CSTO&speaker={one}",
    ]


def test_tallies_count_what_the_statements_count(corpus, monkeypatch):
    queries = QUERIES + speakers_of()
    from_tallies = {q: facets_of(q)[:2] for q in queries}
    answered = sum(total is not None for _facets, total in from_tallies.values())
    assert answered >= len(queries) - 2  # a few need the statements (two organisations…)
    monkeypatch.setattr(tallies, "counts", lambda *args, **kwargs: None)
    for querystring, (facets, total) in from_tallies.items():
        exact, _none, filterset = facets_of(querystring)
        assert facets == exact, querystring
        if total is not None:
            assert total == filterset.qs.count(), querystring


def test_a_broad_list_counts_nothing_in_the_statements_table(corpus, client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/statements/")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == Statement.objects.public().count()
    counting = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and '"archive_statement"' in q["sql"].split("FROM")[1]
    ]
    assert counting == []


def rows(model):
    fields = [f.attname for f in model._meta.concrete_fields if f.name != "id"]
    return sorted(model.objects.values_list(*fields), key=repr)


def assert_exact():
    kept = rows(MonthTally), rows(SpeakerTally)
    tallies.rebuild()
    assert (rows(MonthTally), rows(SpeakerTally)) == kept


def test_tallies_follow_edits_deletions_and_hiding(corpus):
    statement = Statement.objects.public().order_by("pk").select_related("event", "speaker")[7]
    event = Event.objects.exclude(pk=statement.event_id).order_by("pk").first()
    with changes.tracked() as change:
        change.statements([statement.pk])
        statement.kind = "declaration"
        statement.save()
    assert_exact()
    with changes.tracked() as change:
        change.statements(event.statements.all())
        event.hidden = True
        event.save()
    assert_exact()
    with changes.tracked() as change:
        moved = Event.objects.exclude(date__year=event.date.year).first()
        change.statements(moved.statements.all())
        moved.date = dt.date(1999, 12, 31)
        moved.save()
        statements_refresh(moved.statements.all())
    assert_exact()
    with changes.tracked() as change:
        change.statements([statement.pk])
        Statement.objects.filter(pk=statement.pk).delete()
    assert_exact()
    with changes.tracked() as change:
        speaker = Speaker.objects.filter(statements__isnull=False).first()
        change.statements(speaker.statements.all())
        speaker.delete()
    assert_exact()


def test_hiding_from_the_admin_recounts(corpus, admin_client):
    event = Event.objects.order_by("pk").first()
    response = admin_client.post(
        "/admin/archive/event/", {"action": "hide", "_selected_action": [event.pk]}
    )
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).hidden
    assert_exact()


def test_a_read_in_the_writing_transaction_counts_the_statements(corpus):
    statement = Statement.objects.public().order_by("pk").first()
    with changes.tracked() as change:
        change.statements([statement.pk])
        statement.hidden = True
        statement.save()  # counted again when the change ends, not before
        _facets, total, filterset = facets_of("")
        assert total is None
        assert filterset.qs.count() == Statement.objects.public().count()
    assert_exact()
