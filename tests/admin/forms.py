"""Submitting an admin form the way a browser does (``bench.browser_forms``): GET it, change
what a librarian would change, POST back what the page holds."""

from __future__ import annotations

from bench.browser_forms import form_data


def submit(client, url: str, *, form_id: str | None = None, **changes):
    """GET ``url``, change some fields (a value, or a list for several), POST it back."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = form_data(page.content.decode(), form_id=form_id)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return client.post(url, data)
