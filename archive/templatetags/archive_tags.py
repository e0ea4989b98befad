"""Filters the public templates share: dates as prose writes them, names in the reader's
language, countries with their French article."""

from django import template

from archive import naming
from archive.reuse import citations
from archive.site.http import without_language

register = template.Library()


@register.filter
def long_date(value) -> str:
    """'1er février 2022', 'February 1, 2022'."""
    return citations.long_date(value) if value else ""


@register.filter
def speaker_name(speaker) -> str:
    return naming.speaker_name(speaker) if speaker else ""


@register.filter
def country_of(country) -> str:
    """'de la Russie', 'du Kazakhstan' / 'of Russia', 'of the United States'."""
    return naming.country_of(country)


@register.filter
def country_in(country) -> str:
    """'en Russie', 'au Kazakhstan' / 'in Russia', 'in the United States'."""
    return naming.country_in(country)


@register.filter
def country_the(country) -> str:
    """'la Russie', 'le Kazakhstan', 'les États-Unis' / 'Russia', 'the United States'."""
    return naming.country_the(country)


@register.filter
def address_without_language(request) -> str:
    """The page's path and query without ``lang=``: where the language switch returns."""
    query = without_language(request.META.get("QUERY_STRING", ""))
    return f"{request.path}?{query}" if query else request.path
