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


def unique_slugs(queryset, bases: list[str]) -> list[str]:
    """``unique_slug`` for records written together, in order: one query unless one is taken.

    Each slug also avoids the ones before it, so the result is what saving the records one by
    one would give.
    """
    taken = set(queryset.filter(slug__in=bases).values_list("slug", flat=True)) if bases else set()
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in taken or (n > 1 and queryset.filter(slug=slug).exists()):
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs
