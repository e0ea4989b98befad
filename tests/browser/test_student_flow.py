"""A student's visit in a real browser: home, filters, a statement, a paragraph anchor."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.wait import WebDriverWait

from tests.browser.conftest import screenshot, set_viewport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_horizontal_scroll(driver) -> bool:
    return driver.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


def facet_link(driver, facet: str, label: str):
    block = driver.find_element(By.ID, f"facet-{facet}").find_element(By.XPATH, "..")
    return block.find_element(By.XPATH, f".//a[.//span[@class='facet-label' and text()='{label}']]")


@pytest.mark.parametrize("width", [375, 1280])
def test_a_student_filters_by_organisation_then_country_and_cites_a_paragraph(
    browser, live_server, archive, axe, width
):
    set_viewport(browser, width)
    browser.get(live_server.url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert "Archive" in browser.title
    assert no_horizontal_scroll(browser)
    assert axe(browser) == []
    screenshot(browser, f"home-{width}")

    browser.find_element(By.LINK_TEXT, "Déclarations").click()
    assert browser.current_url == live_server.url + "/statements/"
    facet_link(browser, "organisation", "OTSC").click()
    assert browser.current_url.endswith("/statements/?organisation=CSTO")
    assert "6 déclarations" in browser.find_element(By.ID, "results-heading").text

    facet_link(browser, "country", "Kirghizistan").click()
    assert browser.current_url.endswith("/statements/?organisation=CSTO&country=KG")
    assert "1 déclaration" in browser.find_element(By.ID, "results-heading").text
    chips = browser.find_elements(By.CSS_SELECTOR, ".active-filters .chip")
    assert [c.text.split(" :")[0] for c in chips] == ["Organisation", "Pays de l’orateur"]
    assert no_horizontal_scroll(browser)
    assert axe(browser) == []
    screenshot(browser, f"list-{width}")

    browser.find_element(By.CSS_SELECTOR, ".card-title a").click()
    # The statement keeps the way back to the exact list.
    assert browser.current_url == (
        live_server.url
        + archive.turns[4].get_absolute_url()
        + "?back=%2Fstatements%2F%3Forganisation%3DCSTO%26country%3DKG"
    )
    text = browser.find_element(By.CSS_SELECTOR, ".statement-text > div")
    assert text.get_attribute("lang") == "fr"
    assert no_horizontal_scroll(browser)
    assert axe(browser) == []
    screenshot(browser, f"statement-{width}")

    browser.find_element(By.CSS_SELECTOR, "#p1 .para-link").click()
    assert browser.current_url.endswith("#p1")
    assert browser.execute_script("return document.querySelector(':target').id") == "p1"

    if width > 1000:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert not browser.find_element(By.CSS_SELECTOR, ".site-nav").is_displayed()
        screenshot(browser, "statement-print")
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    browser.find_element(By.PARTIAL_LINK_TEXT, "Transcription complète").click()
    assert browser.current_url.endswith("#turn-5")
    assert axe(browser) == []
    screenshot(browser, f"event-{width}")


def test_every_kind_of_page_passes_the_accessibility_check(browser, live_server, archive, axe):
    set_viewport(browser, 1280)
    pages = [
        "/events/",
        "/speakers/",
        archive.speakers["lavrov"].get_absolute_url(),
        "/organisations/",
        "/organisations/csto/",
        "/countries/",
        "/countries/kg/",
        archive.answer.get_absolute_url(),
        "/statements/?year=2020",
        "/statements/?date_from=2021-02-31",
        "/no-such-page/",
    ]
    for path in pages:
        browser.get(live_server.url + path)
        assert axe(browser) == [], path
    screenshot(browser, "not-found-1280")
    browser.get(live_server.url + "/organisations/csto/")
    screenshot(browser, "organisation-1280")


def test_the_language_switch_and_the_keyboard(browser, live_server, archive):
    set_viewport(browser, 1280)
    browser.get(live_server.url + "/organisations/csto/")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("class") == "skip-link"
    assert focused.is_displayed()

    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, ".language-switch button").click()
    WebDriverWait(browser, 10).until(staleness_of(page))
    assert browser.current_url == live_server.url + "/organisations/csto/"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert "Collective Security Treaty Organization" in browser.find_element(By.TAG_NAME, "h1").text
    screenshot(browser, "organisation-en-1280")
    browser.get(live_server.url + archive.turns[1].get_absolute_url())
    assert "December 2, 2020" in browser.find_element(By.CSS_SELECTOR, ".statement-byline").text
