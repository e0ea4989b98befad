"""Parameters the web adds to shared links (campaign tags, click ids) are ignored everywhere:
a link shared from a newsletter or a social network opens what it pointed to."""

import pytest

pytestmark = pytest.mark.django_db

TRACKING = "&".join(
    [
        "utm_source=newsletter&utm_medium=email&utm_campaign=x&fbclid=IwAR0&gclid=Cj0K",
        # Google's search results, YouTube and Spotify shares, Alibaba, referrers, mailings,
        # analytics, Instagram, Yandex, Bing, DoubleClick, X and TikTok ads.
        "srsltid=AfmBOo&si=abc&spm=a2g0o.1&ref=newsletter&mc_cid=1&mc_eid=2&_ga=2.1",
        "igshid=x&yclid=1&msclkid=1&dclid=1&twclid=1&ttclid=1",
    ]
)


@pytest.mark.parametrize(
    "path",
    [
        "/api/statements/?organisation=CSTO",
        "/api/events/?year=2020",
        "/api/speakers/",
        "/api/statements/{statement}/",
        "/statements/export.csv?organisation=CSTO",
        "/statements/feed/?organisation=CSTO",
        "/statements/{statement}/cite.bib",
        "/statements/{statement}/",
        "/events/{event}/",
        "/",
    ],
)
def test_tracking_parameters_are_ignored_by_every_reuse_address(client, archive, path):
    path = path.format(statement=archive.turns[1].slug, event=archive.council.slug)
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}{TRACKING}")
    assert response.status_code == 200, response.content[:500]


def test_lists_drop_tracking_parameters_by_redirecting_to_their_clean_address(client, archive):
    response = client.get(f"/statements/?organisation=CSTO&{TRACKING}")
    assert (response.status_code, response["Location"]) == (301, "/statements/?organisation=CSTO")


def test_a_real_typo_is_still_reported_by_the_api(client, archive):
    response = client.get("/api/statements/?organisaton=CSTO&utm_source=x")
    assert response.status_code == 400
    problems = response.json()["problems"] if "problems" in response.json() else response.json()
    assert "organisaton" in str(problems)
    assert "utm_source" not in str(problems)
