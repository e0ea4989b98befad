"""Slugs derived only from content, so a rebuild from the same sources gives the same URLs."""

from django.utils.text import slugify

from archive.ingest.normalise import fold_accents


def slugify_fr(text: str, *, max_length: int = 80) -> str:
    """'Réunion du Conseil de l’OTSC' -> 'reunion-du-conseil-de-l-otsc' (cut on a word boundary)."""
    slug = slugify(fold_accents(text.replace("’", " ").replace("'", " ")))
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut


def unique_slug(queryset, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``… when taken: deterministic for a given import order."""
    slug, n = base, 1
    while queryset.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
