"""URLs pasted into sources: page links (kept as the source's references) and image links."""

import re

# A URL runs to the next space; ``www.`` links without a scheme count too.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"«»]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]»’'\""
_IMAGE_EXTENSION = re.compile(r"[./_-](?:jpe?g|png|gif|webp|bmp|svg|tiff?)(?=$|[/?#&._-])")
_IMAGE_FOLDER = re.compile(r"/(?:img|imgs|image|images|photos?|pictures?|thumbs?|thumbnails?)/")


def find_urls(text: str) -> list[str]:
    """Every URL in a line, trailing punctuation removed.

    Example: ``"CF/ https://fr.mil.ru/fr/news.htm?id=1@egNews."`` -> ``["https://fr.mil.ru/fr/news.htm?id=1@egNews"]``.
    """
    return [match.group().rstrip(_TRAILING) for match in _URL.finditer(text)]


def is_image_url(url: str) -> bool:
    """True for links to pictures, also behind query strings or CDN suffixes.

    Example: ``"https://www.mid.ru/documents/10180/4900244/x.jpg/e4b1?t=1634"`` -> True.
    """
    lowered = url.lower()
    return bool(_IMAGE_EXTENSION.search(lowered) or _IMAGE_FOLDER.search(lowered))
