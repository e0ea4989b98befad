"""A librarian logs in, fixes a speaker's country in the admin and sees it on the public page.

The admin runs under the same strict Content Security Policy as the public site: the test
fails on any violation.
"""

import pytest
from django.contrib.auth.models import User
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as expected
from selenium.webdriver.support.ui import WebDriverWait

from archive.curation.roles import librarians_group_sync
from archive.models import Speaker
from tests.browser.conftest import screenshot, set_viewport
from tests.browser.csp import csp_violations, watch_csp

pytestmark = pytest.mark.browser


def test_a_librarian_fixes_a_speakers_country_and_sees_it_on_the_public_page(
    browser, live_server, archive
):
    user = User.objects.create_user("marie", password="une-phrase-de-passe-longue", is_staff=True)
    user.groups.add(librarians_group_sync())
    speaker = Speaker.objects.get(name="Talant Mamytov")
    speaker.country = None
    speaker.save()

    watch_csp(browser)
    set_viewport(browser, 1280)
    wait = WebDriverWait(browser, 15)
    browser.get(f"{live_server.url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys("marie")
    browser.find_element(By.NAME, "password").send_keys("une-phrase-de-passe-longue", Keys.ENTER)
    wait.until(expected.presence_of_element_located((By.ID, "recent-edits-module")))
    assert csp_violations(browser) == []

    browser.get(f"{live_server.url}/admin/archive/speaker/{speaker.pk}/change/")
    wait.until(expected.element_to_be_clickable((By.CSS_SELECTOR, ".field-country .select2")))
    browser.find_element(By.CSS_SELECTOR, ".field-country .select2").click()
    search = wait.until(
        expected.visibility_of_element_located((By.CSS_SELECTOR, ".select2-search__field"))
    )
    search.send_keys("Kirghiz")
    wait.until(
        expected.text_to_be_present_in_element(
            (By.CSS_SELECTOR, ".select2-results__option--highlighted"), "Kirghizistan"
        )
    )
    search.send_keys(Keys.ENTER)
    screenshot(browser, "admin-speaker-1280")
    browser.find_element(By.NAME, "_save").click()
    wait.until(expected.presence_of_element_located((By.CSS_SELECTOR, ".messagelist .success")))
    assert csp_violations(browser) == []

    speaker.refresh_from_db()
    assert speaker.country.iso2 == "KG"
    assert speaker.curated_fields == ["country"]

    browser.get(f"{live_server.url}{speaker.get_absolute_url()}")
    assert "Kirghizistan" in browser.find_element(By.TAG_NAME, "main").text
    statement = speaker.statements.first()
    browser.get(f"{live_server.url}{statement.get_absolute_url()}")
    assert "Kirghizistan" in browser.find_element(By.TAG_NAME, "main").text
    screenshot(browser, "statement-after-correction-1280")
    assert csp_violations(browser) == []
