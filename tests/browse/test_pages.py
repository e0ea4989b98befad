"""Every public page on the small archive: content, permalinks, renames, both languages."""

import re

import pytest

from archive.models import SlugRedirect

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_home_counts_by_organisation_and_year_and_lists_the_latest_events(client, archive):
    response = client.get("/")
    html = response.content.decode()
    assert response.context["statement_count"] == 8
    assert response.context["event_count"] == 4
    counts = {
        row["organisation"].code: (row["at_meetings"], row["named"])
        for row in response.context["organisations"]
    }
    # Held under its aegis, and only named: two numbers, never one mixing them.
    assert counts == {"CICA": (1, 1), "CSTO": (5, 1), "OSCE": (0, 2), "SCO": (0, 2)}
    assert (
        'href="/statements/?organisation=CSTO&amp;own=1">5 déclarations lors de ses réunions'
        in html
    )
    assert (
        'href="/statements/?organisation=CSTO&amp;own=0">1 déclaration qui la nomme ailleurs'
        in html
    )
    bars = {b["year"]: b["count"] for b in response.context["timeline"]}
    assert bars == {2020: 5, 2021: 1, 2022: 1, 2023: 0, 2024: 1}
    assert 'href="/statements/?year=2020"' in html
    assert 'href="/statements/?year=2023"' not in html  # nothing to show there
    assert response.context["latest_events"][0].slug == archive.comment.slug
    assert "Événement masqué" not in html


def test_statement_page_has_everything_a_reader_cites(client, archive):
    statement = archive.turns[1]
    response = client.get(statement.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vladimir Poutine" in html and "Président de la Russie" in html
    assert 'href="/countries/ru/"' in html
    assert '<time datetime="2020-12-02">2 décembre 2020</time>' in html
    # The time the source gives is its publication's, and said so, not the speech's.
    assert "2 décembre 2020</time>, 13:15" not in html
    assert '13:15 <span class="hint">(heure de publication du texte' in html
    assert "Novo-Ogaryovo, région de Moscou" in html
    assert 'href="/organisations/csto/"' in html
    for n in (1, 2, 3):
        assert f'<p id="p{n}"><a class="para-link" href="#p{n}"' in html
    assert '<div lang="fr">' in html
    assert f'rel="prev" href="{archive.turns[0].get_absolute_url()}"' in html
    assert f'rel="next" href="{archive.turns[2].get_absolute_url()}"' in html
    assert 'href="http://kremlin.ru/events/president/news/64548"' in html
    assert "Page originale sur kremlin.ru (Présidence de la Fédération de Russie (Kremlin))" in html
    assert "001_kremlin.txt" in html and "4114" in html and "a" * 64 in html
    assert f"http://testserver{statement.get_absolute_url()}" in html  # the citation


def test_an_answer_shows_its_question_and_its_mentions(client, archive):
    html = client.get(archive.answer.get_absolute_url()).content.decode()
    assert '<blockquote lang="fr"><p>Que pensez-vous de l’OSCE ?</p></blockquote>' in html
    assert "RIA Novosti" in html
    assert "Organisations nommées" in html and 'href="/organisations/osce/"' in html
    assert "Hors micro" not in html  # the hidden next turn is not offered
    assert 'rel="next"' not in html


def test_event_page_is_the_transcript_with_speaker_navigation(client, archive):
    response = client.get(archive.council.get_absolute_url())
    html = response.content.decode()
    assert [s.position for s in response.context["statements"]] == [1, 2, 3, 4, 5]
    for position in range(1, 6):
        assert f'id="turn-{position}"' in html
    poutine = [
        g for g in response.context["speakers"] if g["speaker"] == archive.speakers["poutine"]
    ]
    assert [t.position for t in poutine[0]["turns"]] == [2, 4]
    assert 'href="#turn-4"' in html
    assert "Sommet ou session de conseil" in html
    assert "billet 4114" in html


def test_event_list_filters_by_organisation_and_year(client, archive):
    response = client.get("/events/")
    assert response.context["object_list"][0].slug == archive.comment.slug
    assert len(response.context["object_list"]) == 4
    response = client.get("/events/?organisation=CICA")
    assert [e.slug for e in response.context["object_list"]] == [archive.cica.slug]
    assert response.context["object_list"][0].statement_count == 1
    response = client.get("/events/?year=2022")
    assert [e.slug for e in response.context["object_list"]] == [archive.press.slug]


def test_speaker_pages(client, archive):
    html = client.get("/speakers/").content.decode()
    assert re.search(r"Sergueï Lavrov</a>.*?<td class=\"num\">3</td>", html, re.S)
    response = client.get("/speakers/serguei-lavrov/")
    assert response.context["facts"]["count"] == 3
    assert {s.slug for s in response.context["object_list"]} == {
        archive.speech.slug,
        archive.answer.slug,
        archive.minsk.slug,
    }
    assert "speaker" not in {f.name for f in response.context["facets"]}
    html = response.content.decode()
    assert 'href="/statements/?speaker=serguei-lavrov"' in html
    filtered = client.get("/speakers/serguei-lavrov/?organisation=OSCE")
    assert {s.slug for s in filtered.context["object_list"]} == {
        archive.answer.slug,
        archive.minsk.slug,
    }
    assert 'href="/statements/?organisation=OSCE&amp;speaker=serguei-lavrov"' in (
        filtered.content.decode()
    )


def test_organisation_pages_show_members_observers_and_statements(client, archive):
    html = client.get("/organisations/").content.decode()
    for code in ("csto", "sco", "cica", "osce"):
        assert f'href="/organisations/{code}/"' in html
    response = client.get("/organisations/sco/")
    html = response.content.decode()
    assert "Organisation de coopération de Shanghai" in html
    assert "Shanghai Cooperation Organisation" in html or "Shanghai Cooperation" in html
    roles = dict(response.context["roles"])
    assert {c.iso2 for c in roles["États membres"]} >= {"CN", "RU", "IN"}
    assert {c.iso2 for c in roles["Observateurs"]} == {"AF", "MN"}
    assert {s.slug for s in response.context["object_list"]} == {
        archive.speech.slug,
        archive.minsk.slug,
    }
    own = client.get("/organisations/cica/?own=1")
    assert [s.slug for s in own.context["object_list"]] == [archive.speech.slug]


def test_country_pages(client, archive):
    response = client.get("/countries/")
    rows = {r["country"].iso2: r for r in response.context["rows"]}
    assert rows["RU"]["statements"] == 5 and rows["RU"]["events"] == 2
    names = [r["country"].name for r in response.context["rows"]]
    assert names.index("Égypte") < names.index("Espagne")  # accents sort as letters
    response = client.get("/countries/kg/")
    assert [s.slug for s in response.context["object_list"]] == [archive.turns[4].slug]
    assert response.context["facts"] == {
        "by_officials": 1,
        "held_there": 0,
        "mentioning": 0,
        "events": 0,
    }
    ru = client.get("/countries/ru/")
    assert ru.context["facts"]["held_there"] == 6
    html = ru.content.decode()
    assert 'href="/statements/?event_country=RU"' in html
    assert 'href="/statements/?country=RU"' in html
    assert 'href="/events/?country=RU"' in html
    # French follows the country's gender and number.
    assert "Déclarations faites en Russie" in html
    assert "Déclarations des responsables de la Russie" in html
    kazakhstan = client.get("/countries/kz/").content.decode()
    assert "Déclarations faites au Kazakhstan" in kazakhstan
    assert "Déclarations des responsables du Kazakhstan" in kazakhstan
    states = client.get("/countries/us/").content.decode()
    assert "Déclarations des responsables des États-Unis" in states
    english(client)
    assert (
        "Statements by officials of the United States"
        in client.get("/countries/us/").content.decode()
    )


@pytest.mark.parametrize(
    ("iso2", "french", "english_label"),
    [
        ("RU", "Déclarations qui nomment la Russie", "Statements naming Russia"),
        ("KZ", "Déclarations qui nomment le Kazakhstan", "Statements naming Kazakhstan"),
        ("US", "Déclarations qui nomment les États-Unis", "Statements naming the United States"),
    ],
)
def test_a_country_page_names_the_country_with_its_article(
    client, archive, iso2, french, english_label
):
    """Not "qui la nomment" for every country: the label takes the country's article and
    number from the reference data (la Russie, le Kazakhstan, les États-Unis)."""
    html = client.get(f"/countries/{iso2.lower()}/").content.decode()
    assert f"<dt>{french}</dt>" in html
    assert "<dt>Déclarations qui la nomment</dt>" not in html
    english(client)
    html = client.get(f"/countries/{iso2.lower()}/").content.decode()
    assert f"<dt>{english_label}</dt>" in html


def test_every_count_on_a_country_page_is_what_its_link_lists(client, archive):
    for iso2 in ("RU", "KG", "BY", "KZ"):
        response = client.get(f"/countries/{iso2.lower()}/")
        facts = response.context["facts"]
        for key, link in [
            ("by_officials", f"/statements/?country={iso2}"),
            ("held_there", f"/statements/?event_country={iso2}"),
            ("mentioning", f"/statements/?mentioned_country={iso2}"),
        ]:
            assert client.get(link).context["paginator"].count == facts[key], (iso2, key)
        assert client.get(f"/events/?country={iso2}").context["paginator"].count == facts["events"]


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [("/organisations/CSTO/", "/organisations/csto/"), ("/countries/KG/", "/countries/kg/")],
)
def test_codes_in_paths_redirect_to_lower_case(client, archive, asked, canonical):
    response = client.get(asked)
    assert (response.status_code, response["Location"]) == (301, canonical)


@pytest.mark.parametrize("model", ["statement", "event", "speaker"])
def test_a_renamed_record_answers_its_old_url_with_a_permanent_redirect(client, archive, model):
    record = {
        "statement": archive.answer,
        "event": archive.press,
        "speaker": archive.speakers["lavrov"],
    }[model]
    old = record.slug
    record.slug = f"{old}-renamed"
    record.save()
    SlugRedirect.objects.create(model=model, old_slug=old, new_slug=record.slug)
    response = client.get(f"/{model}s/{old}/?page=1")
    assert response.status_code == 301
    assert response["Location"] == f"{record.get_absolute_url()}?page=1"
    assert client.get(record.get_absolute_url()).status_code == 200


def test_renames_are_followed_in_a_chain_but_never_in_a_loop(client, archive):
    answer = archive.answer
    first = answer.slug
    answer.slug = "third-name"
    answer.save()
    SlugRedirect.objects.create(model="statement", old_slug=first, new_slug="second-name")
    SlugRedirect.objects.create(model="statement", old_slug="second-name", new_slug="third-name")
    response = client.get(f"/statements/{first}/")
    assert response["Location"] == "/statements/third-name/"
    SlugRedirect.objects.create(model="statement", old_slug="a", new_slug="b")
    SlugRedirect.objects.create(model="statement", old_slug="b", new_slug="a")
    assert client.get("/statements/a/").status_code == 404
    SlugRedirect.objects.create(model="event", old_slug="gone", new_slug=archive.secret.slug)
    assert client.get("/events/gone/").status_code == 404  # never to a hidden record


def test_the_interface_switches_to_english_with_names_and_dates(client, archive):
    response = client.post("/i18n/language/", {"language": "en", "next": "/organisations/csto/"})
    assert (response.status_code, response["Location"]) == (302, "/organisations/csto/")
    assert response.cookies["django_language"].value == "en"
    html = client.get("/organisations/csto/").content.decode()
    assert '<html lang="en">' in html
    assert 'Collective Security Treaty Organization <span class="acronym">(CSTO)</span>' in html
    assert '<span lang="fr">Organisation du traité de sécurité collective (OTSC)</span>' in html
    html = client.get(archive.turns[1].get_absolute_url()).content.decode()
    assert "December 2, 2020" in html
    assert ">Russia</a>" in html
    assert '<div lang="fr">' in html  # the text stays French, and says so
    assert "Français</button>" in html


def test_french_is_the_default_interface(client, archive):
    html = client.get("/").content.decode()
    assert '<html lang="fr">' in html
    assert ">English</button>" in html
    assert "Déclarations" in html


def test_english_readers_browsers_are_answered_in_english(client, archive):
    html = client.get("/", headers={"accept-language": "en-GB,en"}).content.decode()
    assert '<html lang="en">' in html


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_about_page_explains_the_archive_with_its_real_numbers(client, seeded, language):
    client.cookies["django_language"] = language
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    for anchor in ("holds", "sources", "parsing", "words", "search", "cite", "reuse"):
        assert f'id="{anchor}"' in html
    assert response.context["facts"]["statements"] == 22
    assert 'href="/statements/"' in html and 'href="/api/"' in html
    assert "mid.ru" in html and "kremlin.ru" in html
    words = {
        "fr": ("Sans orateur", "Corrigé le", "Mention"),
        "en": ("Unattributed", "Corrected on", "Mention"),
    }
    assert all(word in html for word in words[language])
    # Linked from every page's footer.
    assert 'href="/about/"' in client.get("/").content.decode()


def test_pages_carry_hreflang_alternates_and_lang_shows_a_language(client, archive):
    html = client.get("/statements/?organisation=CSTO").content.decode()
    for code, query in [("fr", "&amp;lang=fr"), ("en", "&amp;lang=en"), ("x-default", "")]:
        href = f"http://testserver/statements/?organisation=CSTO{query}"
        assert f'<link rel="alternate" hreflang="{code}" href="{href}">' in html
    response = client.get("/statements/?organisation=CSTO&lang=en")
    html = response.content.decode()
    assert '<html lang="en">' in html and response["Content-Language"] == "en"
    assert (
        '<link rel="canonical" href="http://testserver/statements/?organisation=CSTO&amp;lang=en">'
        in html
    )
    # The reader's own choice (the cookie) is left alone.
    assert "django_language" not in response.cookies
    assert '<html lang="fr">' in client.get("/statements/?organisation=CSTO").content.decode()
    # Lists keep ``lang`` through their canonical redirect.
    response = client.get("/statements/?lang=en&organisation=csto")
    assert response["Location"] == "/statements/?organisation=CSTO&lang=en"


def test_the_language_switch_returns_to_the_same_page(client, archive):
    path = f"{archive.turns[1].get_absolute_url()}?q=OTSC"
    html = client.get(path).content.decode()
    assert f'<input type="hidden" name="next" value="{path.replace("?q=", "?q=")}">' in html
    response = client.post("/i18n/language/", {"language": "en", "next": f"{path}#p2"})
    assert (response.status_code, response["Location"]) == (302, f"{path}#p2")
    assert '<html lang="en">' in client.get(path).content.decode()
    # An address with lang= switches to the page without it, or the switch would not stick.
    html = client.get("/about/?lang=fr").content.decode()
    assert '<input type="hidden" name="next" value="/about/">' in html
