import datetime as dt

import pytest
from django.contrib.auth.models import User

from archive.curation.roles import LIBRARIANS, librarians_group_sync
from archive.models import Country, Event, Organisation, Source, Speaker, Statement
from tests.conftest import content_written


@pytest.fixture
def librarian(db):
    user = User.objects.create_user("marie", password="a-long-passphrase", is_staff=True)
    user.groups.add(librarians_group_sync())
    assert user.groups.filter(name=LIBRARIANS).exists()
    return user


@pytest.fixture
def librarian_client(client, librarian):
    client.force_login(librarian)
    return client


@pytest.fixture
def archive_rows(reference):
    """A small archive: one event with two statements and a source."""
    source = Source.objects.create(path="a.txt", checksum="0" * 64, raw_text="Texte brut.")
    event = Event.objects.create(
        title="Sommet de l’OCS",
        slug="2024-07-04-sommet-de-l-ocs",
        date=dt.date(2024, 7, 4),
        location="Astana",
        country=Country.objects.get(iso2="KZ"),
    )
    event.organisations.add(Organisation.objects.get(code="SCO"))
    event.sources.add(source)
    speakers = [
        Speaker.objects.create(name="Vladimir Poutine", country=Country.objects.get(iso2="RU")),
        Speaker.objects.create(name="Vladimir Putin"),
    ]
    statements = []
    for position, speaker in enumerate(speakers, start=1):
        statement = Statement(
            event=event,
            position=position,
            speaker=speaker,
            kind="speech",
            text=f"Texte {position}.",
        )
        statement.slug = statement.content_slug()
        statement.denormalise()
        statement.save()
        statement.links_refresh(mentioned=[])
        statement.sources.add(source)
        statements.append(statement)
    content_written()
    return {"event": event, "speakers": speakers, "statements": statements, "source": source}
