"""The same search cases on SQLite and PostgreSQL (CI runs the suite on both)."""

import datetime as dt

import pytest
from django.db import connection

from archive.models import Event, Speaker, Statement
from archive.search import backends as search
from archive.search.backends import search_size, search_statements
from archive.search.query import highlight, parse, snippet

pytestmark = pytest.mark.django_db

TEXTS = {
    "vaccin": "Nous fournirons le vaccin russe Spoutnik V à nos alliés.",
    "securite": "La sécurité collective reste notre priorité commune.",
    "information": "Un autre secteur important : la sécurité de l’information.",
    "otan": "L’OTAN et l’OTSC doivent dialoguer sur la sécurité européenne.",
    "html": "Un texte avec <script>alert(1)</script> dedans.",
}


@pytest.fixture
def statements(db):
    event = Event.objects.create(
        title="Réunion des ministres", slug="reunion", date=dt.date(2021, 10, 12)
    )
    lavrov = Speaker.objects.create(name="Sergueï Lavrov")
    made = {}
    for position, (key, text) in enumerate(TEXTS.items(), start=1):
        statement = Statement(
            event=event,
            position=position,
            speaker=lavrov if key != "html" else None,
            kind="speech",
            text=text,
            slug=key,
        )
        statement.denormalise()
        statement.save()
        made[key] = statement
    return made


def found(q):
    return {s.slug for s in search_statements(Statement.objects.all(), q)}


def test_plural_finds_singular(statements):
    assert found("vaccins") == {"vaccin"}


def test_without_accents_finds_accented_words(statements):
    assert found("securite collective") == {"securite"}


def test_speaker_names_are_searched_accent_insensitively(statements):
    assert "vaccin" in found("Serguei")


def test_quoted_phrase_matches_only_the_phrase(statements):
    assert found('"sécurité de l’information"') == {"information"}
    assert found('"sécurité collective"') == {"securite"}


def test_minus_excludes_a_word(statements):
    assert found("sécurité -otan") == {"securite", "information"}


def test_results_carry_a_relevance_rank(statements):
    results = list(search_statements(Statement.objects.all(), "sécurité").order_by("-rank"))
    assert {s.slug for s in results} == {"securite", "information", "otan"}
    assert all(s.rank is not None for s in results)


@pytest.mark.parametrize(
    "q",
    [
        '"sécurité',
        '"',
        "- - -",
        "-",
        "«",
        "AND OR NOT",
        "x" * 10_000,
        "sécurité\x00\x07\x1b[31m",
        "*:()^~",
        "le la de",
    ],
)
def test_malformed_queries_never_error(statements, q):
    results = search_statements(Statement.objects.all(), q)
    assert len(list(results)) <= len(TEXTS)


def test_an_empty_query_leaves_the_list_alone(statements):
    assert found("   ") == set(TEXTS)


def test_search_index_follows_edits(statements):
    statement = statements["vaccin"]
    statement.text = "Il n’est plus question de médicaments."
    statement.save()
    assert found("vaccin") == set()
    assert found("médicament") == {"vaccin"}
    statement.delete()
    assert found("médicament") == set()


def test_highlight_marks_matching_words_and_escapes_the_rest(statements):
    html = highlight(TEXTS["html"] + " Les textes.", parse("texte"))
    assert "<mark>texte</mark>" in html
    assert "<mark>textes</mark>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_snippet_is_cut_around_the_first_match():
    text = " ".join(["mot"] * 100) + " sécurité " + " ".join(["fin"] * 100)
    result = snippet(text, parse("securite"), words=10)
    assert result.startswith("… ")
    assert result.endswith(" …")
    assert "<mark>sécurité</mark>" in result


def test_the_backend_index_exists_after_all_migrations(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'statement_search_vector'")
        else:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'archive_statement_fts_%'"
            )
        row = cursor.fetchone()
    assert row[0] == (1 if connection.vendor == "postgresql" else 3)


def test_search_works_inside_a_subquery(statements):
    """The search column follows the query's alias (``U0`` in a subquery)."""
    inner = search_statements(Statement.objects.all(), "sécurité").values("pk")
    outer = Statement.objects.filter(pk__in=inner)
    assert {s.slug for s in outer} == {"securite", "information", "otan"}
    ranked = search_statements(Statement.objects.filter(pk__in=inner), "collective")
    assert {s.slug for s in ranked} == {"securite"}


@pytest.fixture
def dated(db):
    """Five statements with the word “frontière”, one a year, and one without it."""
    made = []
    for year in range(2016, 2022):
        event = Event.objects.create(
            title=f"Sommet {year}", slug=f"sommet-{year}", date=dt.date(year, 6, 1)
        )
        statement = Statement(
            event=event,
            position=1,
            kind="speech",
            text="Rien à signaler." if year == 2021 else f"La frontière commune en {year}.",
            slug=f"s{year}",
        )
        statement.denormalise()
        statement.save()
        made.append(statement)
    return made


def test_rare_words_give_the_same_ranked_results_on_both_databases(db):
    event = Event.objects.create(title="Conférence", slug="conf", date=dt.date(2019, 3, 1))
    texts = {
        "twice": "Le désarmement, encore le désarmement, voilà notre cap.",
        "once": "Le désarmement reste un objectif lointain pour notre région.",
        "none": "Les échanges commerciaux progressent dans toute notre région.",
    }
    for position, (slug, text) in enumerate(texts.items(), start=1):
        statement = Statement(event=event, position=position, kind="speech", text=text, slug=slug)
        statement.denormalise()
        statement.save()
    results = search_statements(Statement.objects.public(), "désarmement").order_by("-rank")
    assert [s.slug for s in results] == ["twice", "once"]


def test_above_the_bound_only_the_newest_matches_are_ranked(dated, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 3)
    results = search_statements(Statement.objects.public(), "frontières").order_by("-date")
    assert [s.slug for s in results] == ["s2020", "s2019", "s2018"]
    assert all(s.rank is not None for s in results)


def test_the_bound_applies_after_the_filters(dated, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 2)
    older = Statement.objects.public().filter(date__year__lte=2018)
    assert {s.slug for s in search_statements(older, "frontière")} == {"s2018", "s2017"}


def test_unranked_search_keeps_every_match_for_date_orders(dated, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 2)
    results = search_statements(Statement.objects.public(), "frontière", ranked=False)
    assert [s.slug for s in results.order_by("date")] == [f"s{y}" for y in range(2016, 2021)]
    assert {s.rank for s in results} == {None}


def test_search_size_is_exact_up_to_the_limit(dated):
    assert search_size(Statement.objects.public(), "frontière") == (5, True)
    assert search_size(Statement.objects.public().filter(date__year=2020), "frontière") == (1, True)
    assert search_size(Statement.objects.public(), "   ") == (6, True)


def test_search_size_above_the_limit_is_labelled_approximate(dated, monkeypatch):
    monkeypatch.setattr(search, "EXACT", 3)
    size, exact = search_size(Statement.objects.public(), "frontière")
    assert not exact
    assert size > 3


def test_sqlite_search_size_scales_a_spread_sample(dated, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the sample is SQLite's estimate")
    monkeypatch.setattr(search, "EXACT", 1)
    monkeypatch.setattr(search, "SAMPLE", 2)  # every third match (by id) is sampled
    Statement.objects.filter(slug__in=["s2016", "s2017", "s2018"]).update(hidden=True)
    matches = [s for s in dated if s.slug != "s2021"]
    sampled = [s for s in matches if s.pk % 3 == 0]
    kept = [s for s in sampled if s.slug in ("s2019", "s2020")]
    expected = round(5 * len(kept) / len(sampled))
    assert search_size(Statement.objects.public(), "frontière") == (max(expected, 2), False)


def test_sqlite_ranks_without_a_match_per_row(dated):
    """bm25() is computed in one pass over the index, not in a correlated subquery per row."""
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    results = search_statements(Statement.objects.public(), "frontière").order_by("-rank")
    sql, params = results.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = {node: (parent, detail) for node, parent, _, detail in cursor.fetchall()}
    scans = [node for node, (_, detail) in plan.items() if "VIRTUAL TABLE" in detail]
    assert scans
    for node in scans:
        parent = plan[node][0]
        while parent in plan and not plan[parent][1].startswith("MATERIALIZE"):
            assert "CORRELATED" not in plan[parent][1], plan
            parent = plan[parent][0]
