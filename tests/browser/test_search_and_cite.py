"""A reader searches, opens a statement at its matches, then copies a citation and a link."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from tests.browser.conftest import screenshot, set_viewport
from tests.browser.csp import csp_violations, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reader(browser, live_server):
    watch_csp(browser)
    browser.execute_cdp_cmd(
        "Browser.grantPermissions",
        {
            "origin": live_server.url,
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
        },
    )
    return browser


def clipboard(driver) -> str:
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, e => done('ERROR ' + e));"
    )


def no_horizontal_scroll(driver) -> bool:
    return driver.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_a_reader_finds_a_passage_without_accents_and_goes_from_match_to_match(
    reader, live_server, archive, axe, width
):
    set_viewport(reader, width)
    reader.get(live_server.url + "/events/")
    box = reader.find_element(By.ID, "header-q")
    box.send_keys("securite otsc" + Keys.ENTER)
    WebDriverWait(reader, 10).until(lambda d: "/statements/?q=" in d.current_url)
    marks = reader.find_elements(By.CSS_SELECTOR, ".cards .excerpt mark")
    assert {m.text.lower() for m in marks} >= {"sécurité", "otsc"}
    assert reader.find_element(By.ID, "list-q").get_attribute("value") == "securite otsc"
    assert no_horizontal_scroll(reader)
    assert axe(reader) == []
    assert csp_violations(reader) == []
    screenshot(reader, f"search-list-{width}")

    poutine = archive.turns[1].get_absolute_url()
    reader.find_element(By.CSS_SELECTOR, f'.card-title a[href^="{poutine}"]').click()
    WebDriverWait(reader, 10).until(lambda d: poutine in d.current_url)
    assert reader.find_element(By.ID, "match-1").text == "sécurité"
    reader.find_element(By.CSS_SELECTOR, "#match-1 + .match-nav .match-next").click()
    assert reader.current_url.endswith("#match-2")
    assert reader.execute_script("return document.querySelector(':target').id") == "match-2"
    assert reader.find_element(By.ID, "match-2").text == "OTSC"
    assert len(reader.find_elements(By.CSS_SELECTOR, ".statement-text mark")) == 3
    assert no_horizontal_scroll(reader)
    assert axe(reader) == []
    assert csp_violations(reader) == []
    screenshot(reader, f"search-statement-{width}")


@pytest.mark.parametrize("width", [375, 1280])
def test_a_reader_copies_a_citation_and_a_paragraphs_link(reader, live_server, archive, axe, width):
    set_viewport(reader, width)
    statement = archive.turns[1]
    permalink = live_server.url + statement.get_absolute_url()
    reader.get(permalink)
    assert csp_violations(reader) == []  # the JSON-LD block and the script pass the CSP

    button = reader.find_element(By.CSS_SELECTOR, '[data-copy="cite-chicago"]')
    assert button.is_displayed()  # shown by the script, since the clipboard is there
    reader.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    status = reader.find_element(By.CSS_SELECTOR, ".copy-status")
    WebDriverWait(reader, 5).until(lambda d: status.text == "Copié.")
    copied = clipboard(reader)
    citation = reader.find_element(By.ID, "cite-chicago").text
    assert copied == citation
    assert copied.startswith(
        "Poutine, Vladimir. « Vladimir Poutine, intervention (prise de parole n° 2) – Réunion du "
        "Conseil de sécurité collective"
    )
    assert copied.endswith(f"{permalink}.")
    assert axe(reader) == []
    screenshot(reader, f"statement-cite-{width}")

    reader.find_element(By.CSS_SELECTOR, "#p2 .para-link").click()
    WebDriverWait(reader, 5).until(lambda d: clipboard(d) == f"{permalink}#p2")
    assert reader.find_element(By.ID, "share-link").get_attribute("value") == f"{permalink}#p2"
    assert "paragraphe 2" in status.text

    reader.find_element(By.CSS_SELECTOR, '[data-copy="share-link"]').click()
    WebDriverWait(reader, 5).until(lambda d: clipboard(d) == f"{permalink}#p2")
    assert csp_violations(reader) == []


def test_without_javascript_the_link_and_citations_are_there_to_select(
    browser, live_server, archive
):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    set_viewport(browser, 375)
    permalink = live_server.url + archive.turns[1].get_absolute_url()
    browser.get(permalink)
    field = browser.find_element(By.ID, "share-link")
    assert field.get_attribute("value") == permalink and field.get_attribute("readonly")
    assert not browser.find_element(By.CSS_SELECTOR, '[data-copy="cite-apa"]').is_displayed()
    assert browser.find_element(By.ID, "cite-apa").text.startswith("Poutine, V. (2020")
    browser.find_element(By.CSS_SELECTOR, "#p2 .para-link").click()
    assert browser.current_url == f"{permalink}#p2"
