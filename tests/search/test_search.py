"""The same search cases on SQLite and PostgreSQL (CI runs the suite on both)."""

import datetime as dt

import pytest
from django.db import connection

from archive.models import Event, Speaker, Statement
from archive.search import search_statements
from archive.textsearch import highlight, parse, snippet

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
