"""Input a reader can get wrong gives a 400 saying what is wrong, never a 500: lists show
themselves without the faulty parameters, the problems above the results and the form."""

import pytest

from archive.models import Statement

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
    ("own=2", "own=1"),
    ("page=abc", "« abc » n’est pas un numéro de page"),
    ("page=0", "« 0 » n’est pas un numéro de page"),
    ("page=-1", "« -1 » n’est pas un numéro de page"),
    ("page=99999999999999999999", "n’est pas un numéro de page"),
    ("country=" + "R" * 5000, "trop longue"),
    ("country=R%00U", "caractères de contrôle"),
    ("year=2020&year=2021", "plusieurs valeurs différentes"),
    ("&".join(f"country=C{i}" for i in range(30)), "répété plus de 20 fois"),
]


@pytest.mark.parametrize(("query", "message"), BAD)
def test_bad_list_input_shows_the_list_without_it_and_says_what_is_wrong(
    client, archive, query, message
):
    response = client.get(f"/statements/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="problems" role="alert"' in html
    assert "8 déclarations" in html  # the list, without the faulty parameter
    assert 'class="refine-form"' in html  # the form to try again
    assert 'name="robots" content="noindex"' in html


def test_faulty_parameters_are_dropped_and_the_good_ones_kept(client, archive):
    response = client.get("/statements/?country=RU&date_from=2021-02-31")
    assert response.status_code == 400
    html = response.content.decode()
    assert "une date réelle sous la forme AAAA-MM-JJ" in html
    assert response.context["query"]["country"] == ["RU"]
    assert response.context["paginator"].count == 5  # Russian officials' public statements
    # Links on the page lead to clean addresses.
    assert "date_from=2021-02-31" not in html.split('class="problems"')[1]


@pytest.mark.parametrize(
    "query",
    [
        "date_to=9999-12-31",
        "date_to=9999-12-31&page=2",
        "date_to=9999-12-31&year=2100",
        "date_from=0001-01-01",
        "date_from=1899-12-31",
        "date_to=2101-01-01",
    ],
)
def test_dates_outside_the_archives_years_get_a_message_not_a_server_error(client, archive, query):
    response = client.get(f"/statements/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Les dates commencent le 1900-01-01" in html or "s’arrêtent le 2100-12-31" in html


def test_the_first_and_last_days_the_archive_knows_are_accepted(client, archive):
    response = client.get("/statements/?date_from=1900-01-01&date_to=2100-12-31")
    assert response.status_code == 200
    assert response.context["paginator"].count == 8


def test_reversed_dates_show_the_form_with_a_message(client, archive):
    response = client.get("/statements/?date_from=2022-01-01&date_to=2021-01-01")
    assert response.status_code == 400
    html = response.content.decode()
    assert "postérieure à la date de fin" in html
    assert 'id="date-from"' in html and 'id="date-to"' in html


def test_a_page_past_the_end_shows_the_last_page_with_a_notice(client, archive):
    response = client.get("/statements/?page=5")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Il n’y a pas de page 5 : cette liste n’a qu’une page, la voici." in html
    assert "n’a que 1 page" not in html
    assert response.context["page_obj"].number == 1
    assert 'name="robots" content="noindex"' in html
    assert '<link rel="canonical" href="http://testserver/statements/">' in html
    response = client.get("/statements/?page=999999999")
    assert response.status_code == 200
    response = client.get("/speakers/serguei-lavrov/?page=3")
    assert (response.status_code, response.context["page_obj"].number) == (200, 1)
    client.cookies["django_language"] = "en"
    html = client.get("/statements/?page=5").content.decode()
    assert "There is no page 5: this list has only one page, shown here." in html


def test_bad_input_on_a_page_with_a_preset_filter_gets_the_same_help(client, archive):
    response = client.get("/speakers/serguei-lavrov/?date_from=2021-02-31")
    assert response.status_code == 400
    assert "une date réelle sous la forme AAAA-MM-JJ" in response.content.decode()
    assert response.context["speaker"].slug == "serguei-lavrov"
    assert client.get("/organisations/csto/?page=abc").status_code == 400
    # The country is preset on its page: a country parameter there is dropped.
    response = client.get("/countries/kg/?country=XX")
    assert (response.status_code, response["Location"]) == (301, "/countries/kg/")


def test_the_event_list_rejects_bad_input_too(client, archive):
    response = client.get("/events/?organisation=NATO")
    assert response.status_code == 400
    assert "Aucune organisation n’a le code NATO" in response.content.decode()
    assert client.get("/events/?year=1066").status_code == 400
    response = client.get("/events/?page=50")
    assert (response.status_code, response.context["page_obj"].number) == (200, 1)


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


def test_hidden_statements_and_events_are_gone_not_just_not_found(client, archive):
    withdrawn = client.get(archive.hidden.get_absolute_url())
    assert withdrawn.status_code == 410  # a shared link says it was withdrawn, never a bare 404
    assert "retir" in withdrawn.content.decode()
    event = client.get(archive.secret.get_absolute_url())
    assert event.status_code == 410
    assert "Événement retiré" in event.content.decode()
    # A statement of a hidden event is withdrawn with it; its page does not link the event.
    statement = archive.secret.statements.get()
    gone = client.get(statement.get_absolute_url())
    assert gone.status_code == 410
    assert archive.secret.get_absolute_url() not in gone.content.decode()
    assert client.get("/events/no-such-event/").status_code == 404


def test_a_speaker_whose_only_statements_are_hidden_is_not_found_as_in_the_api(client, archive):
    mamytov = archive.speakers["mamytov"]
    assert client.get(mamytov.get_absolute_url()).status_code == 200
    Statement.objects.filter(speaker=mamytov).update(hidden=True)
    assert client.get(mamytov.get_absolute_url()).status_code == 404
    assert client.get(f"/api/speakers/{mamytov.slug}/").status_code == 404
    assert mamytov.slug not in client.get("/speakers/").content.decode()
