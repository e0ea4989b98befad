"""Reference data (countries, organisations, known speakers) between fixtures and the database.

``reference_load`` upserts ``fixtures/reference/*.json`` into the database without undoing a
librarian's corrections; ``reference_from_db`` builds the parser's ``ReferenceData`` from the
database, so aliases librarians add are matched on the next import.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from archive import changes
from archive.ingest.reference import CountryData, OrganisationData, ReferenceData, SpeakerData
from archive.models import Country, Membership, Organisation, Speaker


def _read(directory: Path, name: str) -> list[dict]:
    return json.loads((directory / name).read_text(encoding="utf-8"))


def _update_uncurated(obj, values: dict) -> bool:
    """Set every value a librarian has not corrected; return whether anything changed."""
    changed = False
    for field, value in values.items():
        if field in obj.curated_fields:
            continue
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed = True
    return changed


def reference_load(*, directory: Path) -> None:
    """Upsert countries and organisations (with memberships) from the fixture files."""
    with changes.tracked() as change:
        if _reference_write(directory):
            change.records()


def _reference_write(directory: Path) -> bool:
    """Write what the fixtures say; returns whether anything changed."""
    wrote = False
    countries = {c.iso2: c for c in Country.objects.all()}
    for row in _read(directory, "countries.json"):
        values = {
            "name_fr": row["name_fr"],
            "name_en": row["name_en"],
            "variants": row.get("variants", []),
            "adjectives": row.get("adjectives", []),
            "places": row.get("places", []),
        }
        country = countries.get(row["iso2"])
        if country is None:
            countries[row["iso2"]] = Country.objects.create(iso2=row["iso2"], **values)
            wrote = True
        elif _update_uncurated(country, values):
            country.save()
            wrote = True

    for row in _read(directory, "organisations.json"):
        values = {
            key: row.get(key, "")
            for key in (
                "acronym_fr",
                "acronym_en",
                "name_fr",
                "name_en",
                "description_fr",
                "description_en",
            )
        }
        values["aliases"] = row.get("aliases", [])
        organisation, created = Organisation.objects.get_or_create(
            code=row["code"], defaults=values
        )
        wrote |= created
        if not created and _update_uncurated(organisation, values):
            organisation.save()
            wrote = True
        if "countries" in organisation.curated_fields:
            continue
        wanted = {
            iso2: role
            for role in (Membership.Role.PARTNER, Membership.Role.OBSERVER, Membership.Role.MEMBER)
            for iso2 in row.get(role.value + "s", [])
        }
        existing = {
            m.country.iso2: m for m in organisation.membership_set.select_related("country")
        }
        for iso2, role in wanted.items():
            membership = existing.get(iso2)
            if membership is None:
                Membership.objects.create(
                    organisation=organisation, country=countries[iso2], role=role
                )
                wrote = True
            elif membership.role != role:
                membership.role = role
                membership.save(update_fields=["role"])
                wrote = True
        removed, _ = organisation.membership_set.exclude(country__iso2__in=wanted).delete()
        wrote |= bool(removed)
    return wrote


def reference_speakers(*, directory: Path) -> list[SpeakerData]:
    return [
        SpeakerData(name=s["name"], country=s.get("country"), aliases=tuple(s.get("aliases", ())))
        for s in _read(directory, "speakers.json")
    ]


def reference_from_db(
    *, directory: Path, speakers: Iterable[Speaker] | None = None
) -> ReferenceData:
    """The parser's reference data: the database first, then fixture speakers not yet met.

    ``speakers``: every Speaker with its country, when the caller has read them already.

    A country a librarian corrected is not given to the parser: the parse must say what the
    source says (the role written next to the name), so that the loader can keep the
    librarian's value and report the source's change as a curated conflict.
    """
    if speakers is None:
        speakers = Speaker.objects.select_related("country")
    speakers = [
        SpeakerData(
            name=s.name,
            country=s.country.iso2 if s.country_id and "country" not in s.curated_fields else None,
            aliases=tuple(s.aliases),
        )
        for s in speakers
    ]
    known = {s.name for s in speakers}
    speakers += [s for s in reference_speakers(directory=directory) if s.name not in known]
    return ReferenceData(
        countries=[
            CountryData(
                iso2=c.iso2,
                name_fr=c.name_fr,
                name_en=c.name_en,
                variants=tuple(c.variants),
                adjectives=tuple(c.adjectives),
                places=tuple(c.places),
            )
            for c in Country.objects.all()
        ],
        organisations=[
            OrganisationData(
                code=o.code,
                acronym_fr=o.acronym_fr,
                acronym_en=o.acronym_en,
                name_fr=o.name_fr,
                name_en=o.name_en,
                aliases=tuple(o.aliases),
            )
            for o in Organisation.objects.all()
        ],
        speakers=speakers,
    )
