"""Readers on the seed archive, in a real browser, on a 390 px phone and a 1280 px screen, in
French and in English: finding every spelling, going back to the exact list, reading a
statement on a phone, switching language without losing one's place."""

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from archive.models import Statement
from tests.browser.conftest import screenshot, set_viewport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [(390, 844), (1280, 900)]
TEXT = {
    "fr": {"back": "← Retour aux résultats", "also": "Recherché aussi", "switch": "English"},
    "en": {"back": "← Back to the results", "also": "Also searched", "switch": "Français"},
}


def in_language(driver, base: str, language: str) -> None:
    """The reader's choice, as the switch stores it (a cookie)."""
    driver.get(base + "/robots.txt")
    driver.add_cookie({"name": "django_language", "value": language, "path": "/"})


def no_horizontal_scroll(driver) -> bool:
    return driver.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


def wait_for(driver, url_part: str) -> None:
    WebDriverWait(driver, 10).until(lambda d: url_part in d.current_url)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_reader_searches_an_english_spelling_reads_and_comes_back(
    browser, live_server, seeded, axe, width, height, language
):
    set_viewport(browser, width, height)
    in_language(browser, live_server.url, language)
    browser.get(live_server.url + "/statements/?organisation=CSTO&sort=date")
    box = browser.find_element(By.ID, "list-q")
    box.send_keys("Putin" + Keys.ENTER)
    wait_for(browser, "q=Putin")
    list_url = browser.current_url
    assert "sort=date" in list_url and "organisation=CSTO" in list_url
    note = browser.find_element(By.CSS_SELECTOR, ".search-also")
    assert TEXT[language]["also"] in note.text and "Poutine" in note.text
    marks = {m.text for m in browser.find_elements(By.CSS_SELECTOR, ".cards mark")}
    assert "Poutine" in marks  # the spelling the text uses
    assert no_horizontal_scroll(browser)
    assert axe(browser) == []
    screenshot(browser, f"readers-search-{language}-{width}")

    browser.find_elements(By.CSS_SELECTOR, ".card-title a")[1].click()
    wait_for(browser, "/statements/2020-12-02")
    # On a phone, the statement's text starts within the first screen.
    top = browser.execute_script(
        "const p = document.querySelector('.statement-text p');"
        "return p.getBoundingClientRect().top + window.scrollY;"
    )
    assert top < browser.execute_script("return window.innerHeight")
    size = browser.find_element(By.CSS_SELECTOR, ".para-link").size
    assert size["width"] >= 24 and size["height"] >= 24
    assert no_horizontal_scroll(browser)
    assert axe(browser) == []
    screenshot(browser, f"readers-statement-{language}-{width}", max_height=height)

    browser.find_element(By.LINK_TEXT, TEXT[language]["back"]).click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url == list_url)


@pytest.mark.parametrize(("start", "target"), [("fr", "en"), ("en", "fr")])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_language_switch_keeps_the_page_and_the_paragraph(
    browser, live_server, seeded, width, height, start, target
):
    set_viewport(browser, width, height)
    if start != "fr":  # French is the browser's own language
        in_language(browser, live_server.url, start)
    statement = Statement.objects.public().filter(event__location="Noursoultan").first()
    url = f"{live_server.url}{statement.get_absolute_url()}#p2"
    browser.get(url)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == start
    browser.find_element(By.CSS_SELECTOR, ".language-switch button").click()
    # The form posts, then follows the redirect: wait for the page it lands on (asking whether
    # the old page went stale can itself fail while the browser navigates).
    WebDriverWait(browser, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda d: (
            d.execute_script("return document.readyState") == "complete"
            and d.execute_script("return document.documentElement.lang") == target
        )
    )
    assert browser.current_url == url
    assert browser.execute_script("return document.querySelector(':target').id") == "p2"
    screenshot(browser, f"readers-switched-{target}-{width}", max_height=height)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_on_a_phone_wide_tables_scroll_and_say_so(browser, live_server, seeded, language):
    set_viewport(browser, 390, 844)
    in_language(browser, live_server.url, language)
    for path in ("/countries/", "/speakers/"):
        browser.get(live_server.url + path)
        assert no_horizontal_scroll(browser), path
        table = browser.find_element(By.CSS_SELECTOR, ".table-scroll")
        overflowing = browser.execute_script(
            "return arguments[0].scrollWidth > arguments[0].clientWidth + 1", table
        )
        if overflowing:
            assert browser.execute_script(
                "return getComputedStyle(arguments[0]).overflowX", table
            ) in ("auto", "scroll")
            assert browser.find_element(By.CSS_SELECTOR, ".scroll-hint").is_displayed(), path
        screenshot(browser, f"readers-table-{path.strip('/')}-{language}-390", max_height=844)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_pages_a_newcomer_lands_on(browser, live_server, seeded, axe, width, height, language):
    set_viewport(browser, width, height)
    in_language(browser, live_server.url, language)
    for name, path in [
        ("home", "/"),
        ("about", "/about/"),
        ("organisation", "/organisations/cica/"),
        ("country", "/countries/kz/"),
        ("event", Statement.objects.public().first().event.get_absolute_url()),
    ]:
        browser.get(live_server.url + path)
        assert no_horizontal_scroll(browser), path
        assert axe(browser) == [], path
        screenshot(browser, f"readers-{name}-{language}-{width}")
    # The organisation's two numbers lead to lists of exactly that many statements.
    browser.get(live_server.url + "/organisations/cica/")
    links = [
        (link.text, link.get_attribute("href"))
        for link in browser.find_elements(By.CSS_SELECTOR, ".facts dd a")
    ]
    assert len(links) == 2
    for count, href in links:
        browser.get(href)
        heading = browser.find_element(By.ID, "results-heading").text
        assert heading.split()[0] == count, (href, heading)
