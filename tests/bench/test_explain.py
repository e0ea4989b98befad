"""The composite indexes serve the queries they were made for (EXPLAIN, on both databases).

On PostgreSQL sequential and bitmap scans are switched off for the test's transaction: on a
few hundred rows the planner would rightly prefer them (a bitmap scan costs one page however
many rows the index skips), and the test is about which index serves the conditions.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.db.models import Count
from django.http import QueryDict

from archive.models import Organisation, Statement, StatementOrganisation
from archive.site.filters import DEFAULT_SORT, ORDERINGS, StatementFilter

pytestmark = pytest.mark.django_db

COMPOSITE = "stmtorg_org_country_date"
FILTERS = "organisation=CSTO&country=RU&date_from=2015-01-01&date_to=2020-12-31"


@pytest.fixture
def planner(corpus):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
    return corpus


def serves_with_country(plan: str) -> bool:
    """Whether the plan reads the composite index with the country (and date) as keys."""
    if connection.vendor == "sqlite":
        return re.search(rf"{COMPOSITE} \(organisation_id=\? AND country_id=\?", plan) is not None
    after = plan.split(COMPOSITE, 1)
    if len(after) == 1:
        return False
    condition = re.search(r"Index Cond: (.*)", after[1])
    return condition is not None and "country_id" in condition.group(1)


def test_links_filtered_by_organisation_country_and_date_use_the_composite_index(planner):
    csto = Organisation.objects.get(code="CSTO")
    # A country with few links, as most are: the composite index is then the best choice.
    rare = (
        StatementOrganisation.objects.filter(organisation=csto)
        .exclude(country=None)
        .values("country")
        .annotate(n=Count("pk"))
        .order_by("n", "country")
        .first()
    )
    links = StatementOrganisation.objects.filter(
        organisation=csto,
        country=rare["country"],
        date__gte=dt.date(1995, 1, 1),
        date__lte=dt.date(2026, 12, 31),
    )
    plan = links.order_by().values("statement_id").explain()
    assert serves_with_country(plan), plan


def test_the_list_filtered_by_organisation_country_and_dates_uses_the_composite_index(planner):
    filterset = StatementFilter(
        data=QueryDict(FILTERS),
        queryset=Statement.objects.public().order_by(*ORDERINGS[DEFAULT_SORT]),
    )
    assert filterset.is_valid()
    plan = filterset.qs.explain()
    assert serves_with_country(plan), plan


def test_the_first_page_of_the_whole_list_is_read_in_order_from_an_index(planner):
    """Neither database sorts every statement for the first page: PostgreSQL reads
    ``statement_public_order`` (migration 0004), SQLite reads (hidden, date) and sorts only
    the rows of each date."""
    page = (
        Statement.objects.public()
        .order_by(*ORDERINGS[DEFAULT_SORT])
        .select_related("speaker", "event")[:20]
    )
    plan = page.explain()
    if connection.vendor == "sqlite":
        assert "statement_hidden_date" in plan, plan
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
    else:
        assert "statement_public_order" in plan, plan
        assert not re.search(r"^\s*(->\s*)?Sort\b", plan, re.M), plan
