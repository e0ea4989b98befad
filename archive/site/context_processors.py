"""What every page's layout needs from the request."""

from __future__ import annotations

# The main menu's sections, each the start of the names of the URLs it holds.
SECTIONS = ("statement", "event", "speaker", "organisation", "country")


def navigation(request) -> dict:
    """The main menu's current section as ``nav_section``: ``"statement"`` on the list and
    on a statement's pages, ``"about"`` on the About page, ``None`` elsewhere."""
    match = getattr(request, "resolver_match", None)
    name = (match.url_name if match else None) or ""
    if name == "about":
        return {"nav_section": "about"}
    return {"nav_section": next((s for s in SECTIONS if name.startswith(s)), None)}
