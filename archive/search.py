"""Full-text search over statements: one interface, a backend per database.

PostgreSQL matches the stored ``search_vector`` column (French stemming without accents) with
``websearch_to_tsquery`` and ranks with ``ts_rank``; SQLite matches the FTS5 table of French
stems and ranks with ``bm25``. Both read the same parsed ``Query`` (``archive.textsearch``), so
quotes, exclusions, accents and plurals behave alike.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import F, FloatField, QuerySet
from django.db.models.expressions import Expression, RawSQL

from archive.textsearch import Query, parse

CONFIG = "archive_french"


def search_statements(queryset: QuerySet, q: str | Query) -> QuerySet:
    """Statements matching ``q``, annotated with ``rank`` (higher is better).

    An empty query (nothing but spaces, operators or stop words) leaves the queryset as is.
    """
    query = parse(q) if isinstance(q, str) else q
    if not query:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return _postgresql(queryset, query)
    return _sqlite(queryset, query)


class StatementColumn(Expression):
    """A column of the statement table that is not a model field, under the query's own alias.

    The alias matters when the search runs inside a subquery (``U0`` instead of the table).
    """

    def __init__(self, template: str, params=(), *, output_field):
        super().__init__(output_field=output_field)
        self.template, self.params = template, list(params)

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(compiler.query.get_initial_alias())
        return self.template.format(table=table), self.params


def _postgresql(queryset: QuerySet, query: Query) -> QuerySet:
    tsquery = SearchQuery(query.websearch(), config=CONFIG, search_type="websearch")
    vector = StatementColumn("{table}.search_vector", output_field=SearchVectorField())
    return (
        queryset.annotate(search_vector=vector)
        .filter(search_vector=tsquery)
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
    )


def _sqlite(queryset: QuerySet, query: Query) -> QuerySet:
    match = query.fts5()
    matching = RawSQL(
        "SELECT rowid FROM archive_statement_fts WHERE archive_statement_fts MATCH %s", [match]
    )
    rank = StatementColumn(
        "(SELECT -bm25(archive_statement_fts) FROM archive_statement_fts "
        "WHERE archive_statement_fts MATCH %s AND rowid = {table}.id)",
        [match],
        output_field=FloatField(),
    )
    return queryset.filter(pk__in=matching).annotate(rank=rank)
