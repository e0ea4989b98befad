"""Reference data the parser matches names against: countries, organisations, speakers.

It is data, not code: built from ``fixtures/reference/*.json`` (``from_directory``) or, by the
loader, from the database so that aliases librarians add are used too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class CountryData:
    iso2: str
    name_fr: str
    name_en: str
    variants: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrganisationData:
    code: str
    acronym_fr: str
    acronym_en: str
    name_fr: str
    name_en: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpeakerData:
    name: str
    country: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class ReferenceData:
    countries: list[CountryData] = field(default_factory=list)
    organisations: list[OrganisationData] = field(default_factory=list)
    speakers: list[SpeakerData] = field(default_factory=list)

    @classmethod
    def from_directory(cls, directory: Path | str) -> ReferenceData:
        directory = Path(directory)

        def read(name: str) -> list[dict]:
            return json.loads((directory / name).read_text(encoding="utf-8"))

        return cls(
            countries=[
                CountryData(
                    iso2=c["iso2"],
                    name_fr=c["name_fr"],
                    name_en=c["name_en"],
                    variants=tuple(c.get("variants", ())),
                    adjectives=tuple(c.get("adjectives", ())),
                    places=tuple(c.get("places", ())),
                )
                for c in read("countries.json")
            ],
            organisations=[
                OrganisationData(
                    code=o["code"],
                    acronym_fr=o["acronym_fr"],
                    acronym_en=o["acronym_en"],
                    name_fr=o["name_fr"],
                    name_en=o["name_en"],
                    aliases=tuple(o.get("aliases", ())),
                )
                for o in read("organisations.json")
            ],
            speakers=[
                SpeakerData(
                    name=s["name"], country=s.get("country"), aliases=tuple(s.get("aliases", ()))
                )
                for s in read("speakers.json")
            ],
        )
