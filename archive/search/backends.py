"""Full-text search over statements: one interface, a backend per database.

PostgreSQL matches the stored ``search_vector`` column (French stemming without accents) with
a ``tsquery`` built from the query's terms and ranks with ``ts_rank``; SQLite matches the FTS5
table of French stems and ranks with ``bm25``. Both read the same parsed ``Query``
(``archive.search.query``), grown at query time with the other spellings the archive knows
(``archive.search.spellings``), so quotes, OR, exclusions, accents, ligatures, plurals and names
written in French or English behave alike.

Ranking costs a look at every ranked row, so a search ranks at most ``CANDIDATES`` matches:
the newest ones in the list order, which the ``statement_public_order`` index gives without
sorting. Below that bound (most searches) every match is ranked; above it, the results are
those newest matches only, and ``search_size`` tells the interface how many there are in all.
"""

from __future__ import annotations

import json
import math
import operator
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Coalesce

from archive.models import Event
from archive.search.query import WORD, Query, Term, expand, parse
from archive.search.spellings import close_words, spellings_for

CONFIG = "archive_french"

# 25 pages of 20, more than readers page through. Finding the newest matches walks the date
# index and reads each row's words (PostgreSQL detoasts the vector, ~15 µs a row), so the cost
# is CANDIDATES / share of matching rows: for a word in 7.5 % of statements, 2,000 candidates
# walked 27,000 rows (450 ms), 500 walk 6,700.
CANDIDATES = 500
# The lists' default order; the newest matches are the candidates.
NEWEST = (F("date").desc(nulls_last=True), "event_id", "position")
# Counts up to this are exact; above it they are estimated.
EXACT = 10_000
# SQLite estimates from about this many index matches spread over the whole table.
SAMPLE = 1_000

FTS = "archive_statement_fts"
FTS_MATCH = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s"


def prepare(text: str, *, using: str = "default") -> Query:
    """A reader's query, parsed and grown with every spelling the archive knows
    (``archive.search.spellings``): "Putin" also searches "Poutine", "CSTO" "OTSC"."""
    query = parse(text)
    if query:
        expand(query, spellings_for(using=using))
    return query


def search_statements(queryset: QuerySet, q: str | Query, *, ranked: bool = True) -> QuerySet:
    """Statements matching ``q``, annotated with ``rank`` (higher is better).

    With more than ``CANDIDATES`` matches, only the ``CANDIDATES`` newest are kept and ranked
    (``search_size`` says whether that happened). Lists ordered by date need no rank:
    ``ranked=False`` keeps every match and leaves the rank out (``NULL``), so that order is
    read from the date index; so does a query of exclusions only, which has nothing to rank
    by. An empty query (nothing but spaces, operators or stop words) leaves the queryset as
    is.
    """
    query = prepare(q, using=queryset.db) if isinstance(q, str) else q
    if not query:
        return queryset
    matching = _matching(queryset, query)
    if not ranked or not query.ranked:
        return matching.annotate(rank=Value(None, output_field=FloatField()))
    newest = matching.order_by(*NEWEST).values_list("pk", flat=True)[:CANDIDATES]
    if connections[queryset.db].vendor == "postgresql":
        rank = SearchRank(_vector(), _tsquery(_ranking_clauses(query)))
        return queryset.filter(pk__in=newest).annotate(rank=Coalesce(rank, 0.0))
    # SQLite: bm25() needs its MATCH in the same SELECT. One pass over the index ranks the
    # candidates, materialised once per query (a correlated MATCH per row took 37 s for
    # 40,000 rows), then each row looks its rank up through an automatic index.
    sql, params = newest.query.get_compiler(queryset.db).as_sql()
    rank = StatementColumn(
        f"(WITH ranked(id, rank) AS MATERIALIZED (SELECT rowid, CASE WHEN rowid IN ({sql}) "
        f"THEN -bm25({FTS}) END FROM {FTS} WHERE {FTS} MATCH %s) "
        "SELECT rank FROM ranked WHERE id = {table}.id)",
        [*params, query.fts5(_ranking_clauses(query), excluded=False)],
        output_field=FloatField(),
    )
    return queryset.filter(pk__in=newest).annotate(rank=Coalesce(rank, 0.0))


def search_size(queryset: QuerySet, q: str | Query) -> tuple[int, bool]:
    """How many statements of ``queryset`` (filtered, not yet searched) match ``q``, and
    whether that number is exact.

    Exact up to ``EXACT`` matches (a count stopped at ``EXACT + 1``). Above that, an estimate,
    never below ``EXACT + 1``: on PostgreSQL the planner's row estimate for the search (from
    the tsvector statistics, so good for single common words, and assuming the other
    filters are independent of the words); on SQLite the full-text index's exact number of
    matches, scaled by the share of an evenly spread sample of about ``SAMPLE`` of them that
    the filters keep. Queries naming places, or made of exclusions only, are not estimated
    ("more than ``EXACT``"). When more than ``CANDIDATES`` match, the results were bounded.
    """
    query = prepare(q, using=queryset.db) if isinstance(q, str) else q
    if not query:
        return queryset.count(), True
    matching = _matching(queryset, query)
    estimate = 0
    if query.ranked and not query.places and not query.excluded_places:
        if connections[queryset.db].vendor == "postgresql":
            estimate = _planned_rows(matching)
        else:
            estimate = _sampled_rows(queryset, query)
    # Well above the bound, counting even EXACT rows costs more than the estimate is off.
    if estimate > 2 * EXACT:
        return estimate, False
    exact = matching.order_by().values("pk")[: EXACT + 1].count()
    if exact <= EXACT:
        return exact, True
    return max(estimate, EXACT + 1), False


def suggestion(queryset: QuerySet, text: str) -> str | None:
    """A query like ``text`` with each unknown word replaced by the closest known one, if it
    finds something in ``queryset``: "Poutin sécurté" -> "Poutine sécurité"."""
    close = close_words(parse(text).typed_words, using=queryset.db)
    if not close:
        return None
    suggested = WORD.sub(lambda match: close.get(match.group(), match.group()), text)
    return suggested if search_size(queryset, suggested)[0] else None


def _ranking_clauses(query: Query) -> list[list[Term]]:
    """What relevance is measured on: the clauses matched in the text; when every clause
    may also be met by a place, any of their terms (a row matched by its place ranks 0)."""
    plain = [c for i, c in enumerate(query.clauses) if i not in query.places]
    return plain or [[term for clause in query.clauses for term in clause]]


class StatementColumn(Expression):
    """A column of the statement table that is not a model field, under the query's own alias.

    The alias matters when the search runs inside a subquery (``U0`` instead of the table).
    """

    def __init__(self, template: str, params=(), *, output_field):
        super().__init__(output_field=output_field)
        self.template, self.params = template, list(params)

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(compiler.query.get_initial_alias())
        return self.template.replace("{table}", table), self.params


def _tsquery_term(term: Term) -> SearchQuery:
    search_type = "plain" if len(term) == 1 else "phrase"
    return SearchQuery(" ".join(term), config=CONFIG, search_type=search_type)


def _tsquery_any(terms: list[Term]):
    return reduce(operator.or_, (_tsquery_term(term) for term in terms))


def _tsquery(clauses: list[list[Term]], excluded: list[Term] = ()):
    """Every clause (any of its terms), none of ``excluded``: ``(a | b) & c & !!d``."""
    tsquery = reduce(operator.and_, (_tsquery_any(clause) for clause in clauses))
    for term in excluded:
        tsquery &= ~_tsquery_term(term)
    return tsquery


def _vector() -> StatementColumn:
    return StatementColumn("{table}.search_vector", output_field=SearchVectorField())


def _matching_ids(queryset: QuerySet, terms: list[Term]):
    """The ids of statements holding any of ``terms``, as a subquery."""
    if connections[queryset.db].vendor == "postgresql":
        statements = queryset.model._base_manager.using(queryset.db)
        return (
            statements.annotate(search_vector=_vector())
            .filter(search_vector=_tsquery_any(terms))
            .values("pk")
        )
    return RawSQL(FTS_MATCH, [Query(clauses=[terms]).fts5()])


def _matching(queryset: QuerySet, query: Query) -> QuerySet:
    """``queryset`` narrowed to the query: the clauses met in the text in one match, those
    that may also be met by a place each on its own, exclusions alone by subtraction."""
    plain = [c for i, c in enumerate(query.clauses) if i not in query.places]
    if plain and connections[queryset.db].vendor == "postgresql":
        queryset = queryset.annotate(search_vector=_vector()).filter(
            search_vector=_tsquery(plain, query.excluded)
        )
    elif plain:
        queryset = queryset.filter(pk__in=RawSQL(FTS_MATCH, [query.fts5(plain)]))
    elif query.excluded:
        queryset = queryset.exclude(pk__in=_matching_ids(queryset, query.excluded))
    for index, locations in query.places.items():
        held_there = Event.objects.filter(location__in=locations).values("pk")
        queryset = queryset.filter(
            Q(pk__in=_matching_ids(queryset, query.clauses[index])) | Q(event_id__in=held_there)
        )
    if query.excluded_places:  # "-Noursoultan": nor what was said there
        held_there = Event.objects.filter(location__in=query.excluded_places).values("pk")
        queryset = queryset.exclude(event_id__in=held_there)
    return queryset


def _planned_rows(queryset: QuerySet) -> int:
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _sampled_rows(queryset: QuerySet, query: Query) -> int:
    """The index's matches times the share of every ``stride``-th of them the filters keep."""
    match = query.fts5()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s", [match])
        total = cursor.fetchone()[0]
    if total <= EXACT:
        return total
    stride = math.ceil(total / SAMPLE)
    sample = RawSQL(f"{FTS_MATCH} AND rowid %% %s = 0", [match, stride])
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s AND rowid %% %s = 0",
            [match, stride],
        )
        sampled = cursor.fetchone()[0]
    kept = queryset.filter(pk__in=sample).count()
    return round(total * kept / sampled) if sampled else 0
