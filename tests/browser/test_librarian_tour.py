"""A librarian's day in a real browser: the queue on the index, a record's reasons, a merge
chosen among candidates and undone from the history, a statement split at a paragraph.

Every page runs under the admin's strict Content Security Policy (a violation fails), and
each leaves a screenshot in tests/artifacts/.
"""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as expected
from selenium.webdriver.support.ui import WebDriverWait

from archive.curation.roles import librarians_group_sync
from archive.loader.reference import reference_load
from archive.models import Event, Merge, Statement
from tests.admin.texts import HEADING, press
from tests.browser.conftest import screenshot, set_viewport
from tests.browser.csp import csp_violations, watch_csp

pytestmark = pytest.mark.browser


@pytest.fixture
def day(transactional_db, settings, tmp_path):
    reference_load(directory=settings.REFERENCE_DIR)
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "mid.txt").write_text(press(), encoding="utf-8")
    repost = HEADING.replace("Conférence de presse", "Points de presse de Sergueï Lavrov")
    repost = repost.replace("à l’issue de la réunion du Conseil", "après la session")
    (folder / "blog.txt").write_text(
        press(number=4999, heading=repost, answers=["Une autre réponse."]), encoding="utf-8"
    )
    (folder / "undated.txt").write_text(
        "Intervention de Piotr Inconnu sans date ni lieu\n\nPiotr Inconnu : Bonjour.\n",
        encoding="utf-8",
    )
    call_command("import_sources", str(folder), "--no-dataset", stdout=StringIO())
    user = User.objects.create_user("marie", password="une-phrase-de-passe-longue", is_staff=True)
    user.groups.add(librarians_group_sync())


def test_a_librarian_reviews_merges_undoes_and_splits(browser, live_server, day):
    watch_csp(browser)
    set_viewport(browser, 1280)
    wait = WebDriverWait(browser, 20)
    base = live_server.url
    browser.get(f"{base}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys("marie")
    browser.find_element(By.NAME, "password").send_keys("une-phrase-de-passe-longue", Keys.ENTER)
    wait.until(expected.presence_of_element_located((By.ID, "review-queue")))
    queue = browser.find_element(By.ID, "review-queue").text
    assert "Sans date" in queue or "No date" in queue
    screenshot(browser, "admin-index-queue-1280")

    browser.find_element(By.CSS_SELECTOR, "#review-queue p a").click()
    wait.until(expected.presence_of_element_located((By.CSS_SELECTOR, ".review-queue")))
    browser.get(f"{base}/admin/review/?model=event")
    assert "Intervention de Piotr Inconnu" in browser.page_source
    screenshot(browser, "admin-review-queue-1280")

    events = list(Event.objects.filter(date__isnull=False).order_by("pk"))
    assert len(events) == 2
    browser.get(f"{base}/admin/archive/event/")
    for event in events:
        browser.find_element(By.CSS_SELECTOR, f"input[value='{event.pk}']").click()
    browser.find_element(By.NAME, "action").send_keys("Fusionner")
    browser.find_element(By.NAME, "index").click()
    wait.until(expected.presence_of_element_located((By.CSS_SELECTOR, ".merge-candidates")))
    assert not browser.find_elements(By.CSS_SELECTOR, "input[name=merge_target]:checked")
    assert "mid.txt" in browser.page_source and "blog.txt" in browser.page_source
    screenshot(browser, "admin-merge-candidates-1280")
    browser.find_element(By.ID, f"merge-target-{events[0].pk}").click()
    browser.find_element(By.CSS_SELECTOR, ".merge-candidates ~ input[type=submit]").click()
    wait.until(expected.presence_of_element_located((By.CSS_SELECTOR, ".messagelist .success")))
    assert not Event.objects.filter(pk=events[1].pk).exists()

    browser.get(f"{base}/admin/archive/event/{events[0].pk}/history/")
    assert "blog.txt#1" in browser.page_source or "Points de presse" in browser.page_source
    screenshot(browser, "admin-history-1280")
    browser.find_element(By.CSS_SELECTOR, "form[action$='/undo/'] input[type=submit]").click()
    wait.until(expected.presence_of_element_located((By.CSS_SELECTOR, ".messagelist .success")))
    assert Event.objects.filter(pk=events[1].pk).exists()
    assert Merge.objects.get().undone_at is not None

    statement = Statement.objects.get(text__contains="Nous travaillons")
    before = statement.event.statements.count()
    browser.get(f"{base}/admin/archive/statement/{statement.pk}/change/")
    browser.find_element(By.CSS_SELECTOR, ".object-tools a[href$='/split/']").click()
    wait.until(expected.presence_of_element_located((By.CSS_SELECTOR, ".split-choices")))
    screenshot(browser, "admin-split-1280")
    browser.find_element(By.CSS_SELECTOR, ".split-choices input[type=radio]").click()
    browser.find_element(By.CSS_SELECTOR, ".split-choices ~ input[type=submit]").click()
    wait.until(expected.presence_of_element_located((By.CSS_SELECTOR, ".messagelist .success")))
    assert statement.event.statements.count() == before + 1
    assert csp_violations(browser) == []
