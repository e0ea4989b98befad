"""A librarian adds a text through the admin in a real browser: uploads a file, reads the
parse beside the raw text, corrects the title, imports, and finds the event on the public site.

Runs under the admin's strict Content Security Policy (any violation fails), at a desk's width
and a tablet's.
"""

import pytest
from django.contrib.auth.models import User
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as expected
from selenium.webdriver.support.ui import WebDriverWait

from archive.curation.roles import librarians_group_sync
from archive.loader.reference import reference_load
from archive.models import Event
from tests.admin.texts import press
from tests.browser.conftest import screenshot, set_viewport
from tests.browser.csp import csp_violations, watch_csp

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 900])
def test_a_librarian_uploads_previews_corrects_and_imports_a_text(
    browser, live_server, transactional_db, settings, tmp_path, width
):
    reference_load(directory=settings.REFERENCE_DIR)
    user = User.objects.create_user("marie", password="une-phrase-de-passe-longue", is_staff=True)
    user.groups.add(librarians_group_sync())
    source = tmp_path / "ocs-douchanbe.txt"
    source.write_text(press(), encoding="utf-8")

    watch_csp(browser)
    set_viewport(browser, width)
    wait = WebDriverWait(browser, 20)
    browser.get(f"{live_server.url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys("marie")
    browser.find_element(By.NAME, "password").send_keys("une-phrase-de-passe-longue", Keys.ENTER)
    wait.until(expected.presence_of_element_located((By.ID, "add-text")))
    browser.find_element(By.CSS_SELECTOR, "#add-text a").click()

    wait.until(expected.presence_of_element_located((By.NAME, "file")))
    browser.find_element(By.NAME, "file").send_keys(str(source))
    screenshot(browser, f"admin-upload-{width}")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()

    wait.until(expected.presence_of_element_located((By.CSS_SELECTOR, ".side-by-side")))
    raw = browser.find_element(By.CSS_SELECTOR, ".raw-text pre").text
    assert "Question : Que pensez-vous du sujet 1 ?" in raw
    speakers = [
        field.get_attribute("value")
        for field in browser.find_elements(By.CSS_SELECTOR, "input[name$=_speaker]")
    ]
    assert speakers == ["Sergueï Lavrov"] * 4
    assert Event.objects.count() == 0  # nothing saved by the preview
    title = browser.find_element(By.NAME, "part1_title")
    title.clear()
    title.send_keys("Conférence de presse de Sergueï Lavrov à Douchanbé")
    screenshot(browser, f"admin-upload-preview-{width}")
    assert csp_violations(browser) == []
    confirm = browser.find_element(By.CSS_SELECTOR, ".upload-preview input[type=submit]")
    confirm.click()
    # The preview has an import report of its own: wait for the page after it.
    wait.until(expected.staleness_of(confirm))
    wait.until(expected.presence_of_element_located((By.CSS_SELECTOR, ".import-report")))
    report = browser.find_element(By.CSS_SELECTOR, ".import-report").text
    assert "Statements: 4 created" in report
    screenshot(browser, f"admin-upload-done-{width}")
    assert csp_violations(browser) == []

    event = Event.objects.get()
    assert event.title == "Conférence de presse de Sergueï Lavrov à Douchanbé"
    assert "title" in event.curated_fields
    browser.get(f"{live_server.url}{event.get_absolute_url()}")
    assert "Conférence de presse de Sergueï Lavrov à Douchanbé" in browser.page_source
