"""A small archive shaped like the seed sources, built directly (no importer needed).

Shared with the browser tests, which import ``build_archive``.
"""

import datetime as dt
from types import SimpleNamespace

import pytest

from archive import changes
from archive.models import Country, Event, Organisation, Source, Speaker, Statement

POUTINE_TEXT = (
    "Bonjour.\n\nJe déclare ouverte la réunion du Conseil de sécurité collective de l’OTSC.\n\n"
    "La situation dans la zone de responsabilité de l’OTSC a été assez difficile."
)


def add_statement(event, position, speaker, kind, text, *, mentions=(), source=None, **extra):
    """A statement as the loader stores it: slug, denormalised copies and organisation links,
    written as a tracked change (counted, versioned)."""
    statement = Statement(
        event=event, position=position, speaker=speaker, kind=kind, text=text, **extra
    )
    statement.slug = statement.content_slug()
    statement.denormalise()
    with changes.tracked() as change:
        statement.save()
        statement.links_refresh(mentioned=list(mentions))
        if source is not None:
            statement.sources.add(source)
        change.statements([statement.pk], new=True)
    return statement


def add_event(title, date, location, iso2, codes=(), *, source=None, kind="meeting", **extra):
    event = Event(
        title=title,
        date=date,
        location=location,
        country=Country.objects.get(iso2=iso2),
        kind=kind,
        **extra,
    )
    event.slug = event.content_slug()
    with changes.tracked() as change:
        event.save()
        event.organisations.set(Organisation.objects.filter(code__in=codes))
        if source is not None:
            event.sources.add(source)
        change.records()
    return event


def build_archive():
    """Four events from 2020 to 2024: a CSTO council, a CICA meeting, a press answer, a comment.

    Counts to remember: 8 public statements; CSTO: 5 at its council + 1 naming it = 6;
    OSCE: 2 (named only); Lavrov: 3 public; speakers from KG: 1 (Mamytov).
    """
    speakers = {
        key: Speaker.objects.create(name=name, country=Country.objects.get(iso2=iso2))
        for key, name, iso2 in [
            ("poutine", "Vladimir Poutine", "RU"),
            ("pachinian", "Nikol Pachinian", "AM"),
            ("mamytov", "Talant Mamytov", "KG"),
            ("lavrov", "Sergueï Lavrov", "RU"),
        ]
    }
    kremlin = Source.objects.create(
        path="001_kremlin.txt",
        title="4114 – Kremlin – Réunion du Conseil de sécurité collective de l’OTSC",
        number=4114,
        urls=["http://kremlin.ru/events/president/news/64548"],
        checksum="a" * 64,
        raw_text="4114 – Kremlin – Réunion du Conseil de sécurité collective de l’OTSC\n\n"
        "Vladimir Poutine a présidé une réunion.\n\n"
        "http://kremlin.ru/events/president/news/64548\n",
    )
    mid = Source.objects.create(
        path="000_mid.txt",
        number=4605,
        urls=["https://www.mid.ru/"],
        checksum="b" * 64,
        raw_text="4605 – Lavrov\n\nRéponses à la presse\n\nhttps://www.mid.ru/\n",
    )
    council = add_event(
        "Réunion du Conseil de sécurité collective de l’OTSC",
        dt.date(2020, 12, 2),
        "Novo-Ogaryovo, région de Moscou",
        "RU",
        ["CSTO"],
        source=kremlin,
        kind="summit",
        time=dt.time(13, 15),
    )
    turns = [
        add_statement(
            council, 1, None, "report", "Vladimir Poutine a présidé une réunion.", source=kremlin
        ),
        add_statement(
            council,
            2,
            speakers["poutine"],
            "remarks",
            POUTINE_TEXT,
            source=kremlin,
            role="Président de la Russie",
        ),
        add_statement(
            council,
            3,
            speakers["pachinian"],
            "remarks",
            "Merci, Monsieur le Président.",
            source=kremlin,
            role="Premier ministre arménien",
        ),
        add_statement(
            council,
            4,
            speakers["poutine"],
            "remarks",
            "Je donne la parole à M. Mamytov.",
            source=kremlin,
        ),
        add_statement(
            council,
            5,
            speakers["mamytov"],
            "remarks",
            "Le Kirghizistan soutient l’OTSC.",
            source=kremlin,
            role="Président par intérim du Kirghizistan",
            mentions=["CSTO"],
        ),
    ]
    cica = add_event(
        "Réunion des ministres des Affaires étrangères de la CICA",
        dt.date(2021, 10, 12),
        "Noursoultan",
        "KZ",
        ["CICA"],
        source=mid,
        kind="ministerial",
    )
    speech = add_statement(
        cica,
        1,
        speakers["lavrov"],
        "speech",
        "Chers collègues,\n\nL’OCS et la CICA travaillent ensemble.",
        source=mid,
        mentions=["SCO"],
    )
    press = add_event(
        "Réponses à la presse", dt.date(2022, 2, 1), "Moscou", "RU", source=mid, kind="press"
    )
    answer = add_statement(
        press,
        1,
        speakers["lavrov"],
        "answer",
        "L’OSCE doit respecter ses principes.",
        source=mid,
        mentions=["OSCE"],
        question="Que pensez-vous de l’OSCE ?",
        asked_by="RIA Novosti",
    )
    hidden = add_statement(press, 2, speakers["lavrov"], "answer", "Hors micro.", hidden=True)
    comment = add_event(
        "Commentaire de Sergueï Lavrov", dt.date(2024, 6, 25), "Minsk", "BY", kind="press"
    )
    minsk = add_statement(
        comment,
        1,
        speakers["lavrov"],
        "commentary",
        "L’OSCE, l’OCS, l’OTSC et la CICA.",
        mentions=["OSCE", "SCO", "CSTO", "CICA"],
    )
    secret = add_event("Événement masqué", dt.date(2023, 1, 1), "Moscou", "RU", hidden=True)
    add_statement(secret, 1, speakers["poutine"], "remarks", "Texte masqué.")
    return SimpleNamespace(
        speakers=speakers,
        council=council,
        turns=turns,
        cica=cica,
        speech=speech,
        press=press,
        answer=answer,
        hidden=hidden,
        comment=comment,
        minsk=minsk,
        secret=secret,
        kremlin=kremlin,
    )


@pytest.fixture
def archive(reference):
    return build_archive()


def listed(response) -> list[str]:
    """Slugs of the statements a list page shows, in order."""
    return [s.slug for s in response.context["object_list"]]
