"""Search finds every spelling the archive knows, on the seed sources, SQLite and PostgreSQL."""

import re

import pytest

from archive.models import Speaker, Statement
from archive.search.backends import prepare, search_statements
from archive.search.query import parse, snippet_of

pytestmark = pytest.mark.django_db


def found(q):
    return {s.slug for s in search_statements(Statement.objects.public(), q)}


def listed(client, q, **params):
    response = client.get("/statements/", {"q": q, **params}, follow=True)
    assert response.status_code == 200, (q, response.status_code)
    return [s.slug for s in response.context["object_list"]]


@pytest.mark.parametrize(
    "spellings",
    [
        ("Putin", "Poutine", '"Vladimir Putin"', "poutine"),
        ("Lukashenko", "Loukachenko", "Lukashenka"),
        ("Tokayev", "Tokaïev", "Tokaev"),
        ("Pashinyan", "Pachinian"),
        ("CSTO", "OTSC", "csto"),
        ("SCO", "OCS"),
        ("Belarus", "Bélarus", "Biélorussie"),
        ("oeuvre", "œuvre", "Œuvre", "OEUVRE"),
    ],
)
def test_every_spelling_of_a_name_finds_the_same_statements(seeded, spellings):
    results = [found(q) for q in spellings]
    assert results[0], spellings
    assert all(result == results[0] for result in results), spellings


def test_a_name_finds_what_each_of_its_spellings_finds(seeded):
    assert found("Putin") == found("Poutine") | found('"Vladimir Putin"')
    assert found("SCO") >= found("OCS") | found('"Organisation de coopération de Shanghai"')
    assert len(found("Putin")) == 15


def test_a_place_shown_on_a_page_finds_the_statements_made_there(seeded):
    held = {s.slug for s in Statement.objects.public().filter(event__location="Noursoultan")}
    assert held
    assert found("Noursoultan") >= held
    assert found("Noursoultan vaccins") >= {s for s in held if s in found("vaccins")}
    # A known place inside a longer location ("Novo-Ogaryovo, région de Moscou").
    assert found("Moscou") >= {
        s.slug for s in Statement.objects.public().filter(event__location__contains="Moscou")
    }


def test_a_common_word_in_a_location_is_not_a_place(seeded):
    """ "région" is part of "Novo-Ogaryovo, région de Moscou" but names no place."""
    assert not prepare("région").places


def test_an_alias_a_librarian_adds_works_at_once(seeded):
    assert not found("Poutinovitch")
    speaker = Speaker.objects.get(name="Vladimir Poutine")
    speaker.aliases = [*speaker.aliases, "Poutinovitch"]
    speaker.save()
    assert found("Poutinovitch") == found("Poutine")


def test_short_capitals_are_names_only_in_capitals(seeded):
    """ "EAU" is the Emirates; "eau" is water."""
    assert ("Émirats", "arabes", "unis") in prepare("EAU").clauses[0]
    assert prepare("eau").clauses == [[("eau",)]]


def test_or_finds_either_word(seeded):
    assert found("sécurité OR otan") == found("sécurité") | found("otan")
    assert found("vaccin OR Putin") == found("vaccin") | found("Poutine")
    assert found("sécurité OU otan") == found("sécurité OR otan")


def test_a_query_of_exclusions_only_lists_everything_else(seeded):
    everything = {s.slug for s in Statement.objects.public()}
    assert found("-otan") == everything - found("otan")
    assert found("-otan -Putin") == everything - found("otan") - found("Poutine")
    assert found("Putin -otsc") == found("Poutine") - found("otsc")


def test_an_excluded_place_leaves_out_what_was_said_there(seeded):
    """ "Noursoultan" finds the statements made there by their place; "-Noursoultan" must
    leave the same ones out, not only those whose text has the word."""
    everything = {s.slug for s in Statement.objects.public()}
    held = {s.slug for s in Statement.objects.public().filter(event__location="Noursoultan")}
    assert held and found("Noursoultan") >= held
    assert found("-Noursoultan") == everything - found("Noursoultan")
    assert not found("-Noursoultan") & held
    assert found("Lavrov -Noursoultan") == found("Lavrov") - found("Noursoultan")
    assert prepare("-Noursoultan").excluded_places == ["Noursoultan"]


def test_ae_and_its_ligature_find_the_same_statements(seeded):
    from tests.browse.conftest import add_event, add_statement

    event = add_event("Réunion des ministres", None, "Moscou", "RU", ["SCO"])
    speaker = Speaker.objects.get(name="Sergueï Lavrov")
    joined = add_statement(event, 1, speaker, "speech", "Les deux pays sont arrivés ex æquo.")
    apart = add_statement(event, 2, speaker, "speech", "Un classement ex aequo, dit-il.")
    expected = {joined.slug, apart.slug}
    for typed in ("æquo", "aequo", "Æquo", "AEQUO", '"ex æquo"', '"ex aequo"'):
        assert found(typed) == expected, typed
    assert found("-æquo") == found("-aequo")
    assert not found("-aequo") & expected


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("“sécurité collective”", '"sécurité collective"'),
        ("„sécurité collective“", '"sécurité collective"'),
        ("«sécurité collective»", '"sécurité collective"'),
        ("l’Otan", "otan"),
        ("l'Otan", "otan"),
        ("aujourd’hui", "aujourd'hui"),
        ("−otan", "-otan"),
    ],
)
def test_quotes_and_apostrophes_of_every_kind_mean_the_same(seeded, typed, plain):
    assert found(typed) == found(plain)


def test_the_snippet_highlights_the_spelling_the_text_uses(seeded):
    query = prepare("Putin")
    statement = next(s for s in Statement.objects.public() if "Poutine" in s.text)
    html = snippet_of(query, statement.text)
    assert "<mark>Poutine</mark>" in html


def test_the_list_says_which_other_spellings_it_searched(client, seeded):
    html = client.get("/statements/", {"q": "Putin"}).content.decode()
    note = re.search(r'<p class="search-also".*?</p>', html, re.S).group()
    assert "Poutine" in note and "Putin" in note


def test_a_search_that_finds_nothing_suggests_a_close_known_word(client, seeded):
    response = client.get("/statements/", {"q": "Loukachenkov"})
    assert response.context["paginator"].count == 0
    assert response.context["suggestion"] == "Loukachenko"
    html = response.content.decode()
    assert 'href="?q=Loukachenko"' in html
    response = client.get("/statements/", {"q": "sécurté"})
    assert response.context["suggestion"] == "sécurité"
    assert client.get("/statements/", {"q": "xqzwv"}).context["suggestion"] is None


def test_the_list_box_and_the_header_box_give_the_same_order(client, seeded):
    """A reader on a list types words in its box: the form sends its default order (empty),
    which is relevance, as the header's box does."""
    html = client.get("/statements/", {"organisation": "CSTO"}).content.decode()
    form = re.search(r'<form class="refine-form".*?</form>', html, re.S).group()
    selected = re.search(r'<select id="sort" name="sort">.*?</select>', form, re.S).group()
    default = re.search(r'<option value="([^"]*)" selected>', selected).group(1)
    assert default == ""
    from_list = listed(client, "sécurité collective", sort=default)
    from_header = listed(client, "sécurité collective")
    assert from_list == from_header
    assert response_order(client, "sécurité collective") == "relevance"


def response_order(client, q, **params):
    response = client.get("/statements/", {"q": q, **params}, follow=True)
    return "relevance" if response.context["filter"].by_relevance else "date"


def test_the_statement_page_highlights_every_spelling_searched(client, seeded):
    statement = next(s for s in Statement.objects.public() if "Poutine" in s.text)
    html = client.get(statement.get_absolute_url(), {"q": "Putin"}).content.decode()
    assert re.search(r'<mark id="match-1">Poutine</mark>', html)


def test_parsing_keeps_or_phrases_and_exclusions_apart():
    query = parse('"sécurité collective" vaccins OR vaccin -otan -"guerre froide"')
    assert query.clauses == [[("sécurité", "collective")], [("vaccins",), ("vaccin",)]]
    assert query.excluded == [("otan",), ("guerre", "froide")]
    assert parse("OR OR").clauses == []
    assert parse("le OR la").clauses == []


@pytest.mark.django_db(transaction=True)
def test_a_process_keeps_the_spellings_until_the_content_changes(django_assert_max_num_queries):
    """Outside a transaction the spellings are read once per content version."""
    import datetime as dt

    from archive.models import Event
    from archive.search.spellings import spellings_for

    event = Event.objects.create(title="Réunion", slug="reunion", date=dt.date(2021, 1, 1))
    speaker = Speaker.objects.create(name="Ivan Petrov", slug="ivan-petrov")
    statement = Statement(event=event, position=1, kind="speech", speaker=speaker, text="Texte.")
    statement.slug = "s1"
    statement.denormalise()
    statement.save()
    spellings_for()
    with django_assert_max_num_queries(1):  # the content version only
        assert not spellings_for().alternatives(("Petroff",))
    from archive import changes

    with changes.tracked() as change:  # as the admin saves it: the version moves
        speaker.aliases = ["Petroff"]
        speaker.save()
        change.records()
    assert spellings_for().alternatives(("Petroff",)) == [("Petrov",)]
    assert found("Petroff") == {"s1"}
