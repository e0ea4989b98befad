import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from archive.models import (
    Country,
    Event,
    Organisation,
    Speaker,
    Statement,
    StatementOrganisation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(reference):
    event = Event.objects.create(
        title="Réunion du Conseil de sécurité collective de l’OTSC",
        slug="2020-12-02-reunion-du-conseil",
        date=dt.date(2020, 12, 2),
        location="Novo-Ogaryovo, région de Moscou",
        country=Country.objects.get(iso2="RU"),
    )
    event.organisations.add(Organisation.objects.get(code="CSTO"))
    return event


def test_reference_data_gives_the_four_organisations_with_french_and_english_acronyms(reference):
    acronyms = {o.code: (o.acronym_fr, o.acronym_en) for o in Organisation.objects.all()}
    assert acronyms == {
        "CSTO": ("OTSC", "CSTO"),
        "SCO": ("OCS", "SCO"),
        "CICA": ("CICA", "CICA"),
        "OSCE": ("OSCE", "OSCE"),
    }


def test_organisation_members_come_from_the_fixtures(reference):
    csto = Organisation.objects.get(code="CSTO")
    members = set(csto.membership_set.filter(role="member").values_list("country__iso2", flat=True))
    assert members == {"AM", "BY", "KZ", "KG", "RU", "TJ"}


def test_country_keeps_the_french_variants_found_in_texts(reference):
    belarus = Country.objects.get(iso2="BY")
    assert {"Bélarus", "Biélorussie"} <= {belarus.name_fr, *belarus.variants}


def test_country_code_must_be_two_capital_letters(reference):
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(iso2="r1", name_fr="x", name_en="x")


def test_speaker_slug_is_derived_from_the_name_without_accents(db):
    speaker = Speaker.objects.create(name="Sergueï Lavrov")
    assert speaker.slug == "serguei-lavrov"
    assert speaker.get_absolute_url() == "/speakers/serguei-lavrov/"


def test_two_statements_cannot_share_a_position_in_one_event(event):
    Statement.objects.create(event=event, position=1, kind="report", text="a", slug="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(event=event, position=1, kind="report", text="b", slug="b")


def test_slugs_are_unique(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(title="Autre", slug=event.slug)


def test_statement_copies_what_lists_filter_on_from_its_event_and_speaker(event):
    speaker = Speaker.objects.create(name="Vladimir Poutine", country=event.country)
    statement = Statement(event=event, position=1, speaker=speaker, kind="remarks", text="x")
    statement.denormalise()
    assert (statement.date, statement.year) == (dt.date(2020, 12, 2), 2020)
    assert statement.speaker_country.iso2 == "RU"
    assert statement.event_country.iso2 == "RU"


def test_paragraphs_are_the_text_split_on_blank_lines(event):
    statement = Statement(event=event, position=1, kind="speech", text="Un.\n\nDeux.\n\n\nTrois.")
    assert statement.paragraphs == ["Un.", "Deux.", "Trois."]


def test_every_model_has_a_permalink_and_a_readable_name(event):
    speaker = Speaker.objects.create(name="Nikol Pashinyan")
    statement = Statement.objects.create(
        event=event, position=2, speaker=speaker, kind="remarks", text="Merci.", slug="s-2"
    )
    organisation = Organisation.objects.get(code="CSTO")
    country = Country.objects.get(iso2="AM")
    assert event.get_absolute_url() == "/events/2020-12-02-reunion-du-conseil/"
    assert statement.get_absolute_url() == "/statements/s-2/"
    assert organisation.get_absolute_url() == "/organisations/csto/"
    assert country.get_absolute_url() == "/countries/am/"
    assert (
        str(statement)
        == "Nikol Pashinyan – Réunion du Conseil de sécurité collective de l’OTSC (#2)"
    )
    assert str(organisation) == "OTSC"
    assert "2020-12-02" in str(event)


def test_for_organisation_matches_its_events_or_its_mentions(event):
    csto = Organisation.objects.get(code="CSTO")
    at_event = Statement.objects.create(event=event, position=1, kind="report", text="a", slug="a")
    other = Event.objects.create(title="Ailleurs", slug="ailleurs", date=dt.date(2021, 1, 1))
    naming = Statement.objects.create(event=other, position=1, kind="report", text="b", slug="b")
    StatementOrganisation.objects.create(statement=at_event, organisation=csto, via_event=True)
    StatementOrganisation.objects.create(statement=naming, organisation=csto, via_mention=True)
    assert set(Statement.objects.for_organisation("CSTO")) == {at_event, naming}
    assert list(Statement.objects.for_organisation("CSTO", own_events_only=True)) == [at_event]


def test_hidden_statements_are_not_public(event):
    Statement.objects.create(
        event=event, position=1, kind="report", text="a", slug="a", hidden=True
    )
    assert not Statement.objects.public().exists()


def test_model_kinds_are_exactly_the_parsers_kinds():
    from archive.ingest.records import EventKind, StatementKind

    assert set(Statement.Kind.values) == {k.value for k in StatementKind}
    assert set(Event.Kind.values) == {k.value for k in EventKind}
