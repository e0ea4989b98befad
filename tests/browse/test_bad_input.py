"""Input a reader can get wrong gives a 400 page saying what is wrong, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

BAD = [
    ("organisation=NATO", "Aucune organisation n’a le code NATO"),
    ("country=XX", "Aucun pays n’a le code XX"),
    ("event_country=ZZ", "Aucun pays n’a le code ZZ"),
    ("speaker=nobody-at-all", "Aucun orateur « nobody-at-all »"),
    ("kind=poem", "« poem » n’est pas un type de déclaration"),
    ("date_from=2021-02-31", "une date réelle sous la forme AAAA-MM-JJ"),
    ("date_to=31/12/2021", "une date réelle sous la forme AAAA-MM-JJ"),
    ("date_from=2022-01-01&date_to=2021-01-01", "postérieure à la date de fin"),
    ("year=abc", "quatre chiffres"),
    ("year=20211", "s’arrêtent en 2100"),
    ("sort=speaker", "n’est pas un ordre de tri"),
    ("own=0", "own=1"),
    ("page=abc", "« abc » n’est pas un numéro de page"),
    ("page=0", "« 0 » n’est pas un numéro de page"),
    ("page=-1", "« -1 » n’est pas un numéro de page"),
    ("page=999999", "Il n’y a pas de page 999999 : cette liste a 1 page."),
    ("page=99999999999999999999", "n’est pas un numéro de page"),
    ("country=" + "R" * 5000, "trop longue"),
    ("country=R%00U", "caractères de contrôle"),
    ("year=2020&year=2021", "plusieurs valeurs différentes"),
    ("&".join(f"country=C{i}" for i in range(30)), "répété plus de 20 fois"),
]


@pytest.mark.parametrize(("query", "message"), BAD)
def test_bad_list_input_gets_a_400_page_that_explains_it(client, archive, query, message):
    response = client.get(f"/statements/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Ce lien pose un problème" in html
    assert 'href="/statements/"' in html  # a way out
    assert 'name="robots" content="noindex"' in html


def test_bad_input_on_a_page_with_a_preset_filter_gets_the_same_help(client, archive):
    response = client.get("/speakers/serguei-lavrov/?date_from=2021-02-31")
    assert response.status_code == 400
    assert 'href="/speakers/serguei-lavrov/"' in response.content.decode()
    assert client.get("/organisations/csto/?page=abc").status_code == 400
    # The country is preset on its page: a country parameter there is dropped.
    response = client.get("/countries/kg/?country=XX")
    assert (response.status_code, response["Location"]) == (301, "/countries/kg/")


def test_the_event_list_rejects_bad_input_too(client, archive):
    assert client.get("/events/?organisation=NATO").status_code == 400
    assert client.get("/events/?page=50").status_code == 400
    assert client.get("/events/?year=1066").status_code == 400


def test_thousands_of_parameters_get_djangos_400_page(client, archive):
    query = "&".join(f"x{i}=1" for i in range(1200))
    response = client.get(f"/statements/?{query}")
    assert response.status_code == 400
    assert "Cette adresse est incompréhensible" in response.content.decode()


def test_error_pages_are_not_cached_publicly(client, archive):
    response = client.get("/statements/?page=abc")
    assert "public" not in response["Cache-Control"]


def test_unknown_pages_get_a_friendly_404(client, archive):
    for path in [
        "/statements/no-such-statement/",
        "/events/no-such-event/",
        "/speakers/nobody/",
        "/organisations/nato/",
        "/countries/xx/",
        "/countries/" + "x" * 3000 + "/",
        "/nowhere/",
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Page introuvable" in response.content.decode()


def test_hidden_statements_are_gone_and_hidden_events_not_found(client, archive):
    withdrawn = client.get(archive.hidden.get_absolute_url())
    assert withdrawn.status_code == 410  # a shared link says it was withdrawn, never a bare 404
    assert "retir" in withdrawn.content.decode()
    assert client.get(archive.secret.get_absolute_url()).status_code == 404
