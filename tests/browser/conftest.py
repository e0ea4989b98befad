"""Headless Chromium (Debian's chromium and chromedriver) driven by selenium.

Without a browser the tests are skipped with a notice, except in CI (``CI`` set), where a
missing browser is a failure: CI must install it (``.ci/run`` does).
"""

import base64
import os
import shutil
from pathlib import Path

import pytest

from tests.browse.conftest import build_archive

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent / "artifacts"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--hide-scrollbars",
    "--lang=fr-FR",
]
# A French student's browser: the interface language follows Accept-Language until the
# reader picks one with the switch.
CHROMIUM_PREFS = {"intl.accept_languages": "fr-FR,fr"}


def unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)")
    pytest.skip(reason)


def _executable(*names):
    for name in names:
        found = shutil.which(name) or (Path("/usr/bin", name).is_file() and f"/usr/bin/{name}")
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium():
    """Paths of chromium and chromedriver, or a skip with the reason."""
    pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[dev]')")
    browser = _executable("chromium", "chromium-browser")
    driver = _executable("chromedriver")
    if not browser or not driver:
        unavailable(
            "headless Chromium is not installed: apt-get install chromium chromium-driver "
            "to run the browser tests"
        )
    return browser, driver


@pytest.fixture
def browser(chromium):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    # Selenium must never fetch a driver or a browser of its own.
    os.environ["SE_OFFLINE"] = "true"
    binary, driver_path = chromium
    options = Options()
    options.binary_location = binary
    for argument in CHROMIUM_ARGS:
        options.add_argument(argument)
    options.add_experimental_option("prefs", CHROMIUM_PREFS)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def set_viewport(driver, width: int, height: int = 900) -> None:
    """A window ``width`` CSS pixels wide (headless Chromium has no window frame)."""
    driver.set_window_size(width, height)
    assert driver.execute_script("return window.innerWidth") == width


def screenshot(driver, name: str, *, max_height: int = 5000) -> Path:
    """The whole page (up to ``max_height`` CSS pixels) as tests/artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {
        "x": 0,
        "y": 0,
        "width": size["width"],
        "height": min(size["height"], max_height),
        "scale": 1,
    }
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    path = ARTIFACTS / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


@pytest.fixture
def axe():
    """A function running axe-core in the page; returns serious and critical violations."""
    if not AXE.is_file():
        unavailable("axe-core is not installed: npm ci --prefix tests/browser")
    source = AXE.read_text(encoding="utf-8")

    def run(driver) -> list[dict]:
        driver.execute_script(source)
        violations = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']})"
            ".then(r => done(r.violations), e => done([{id: 'axe-error', impact: 'critical',"
            " help: String(e), nodes: []}]));"
        )
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]

    return run


@pytest.fixture
def archive(transactional_db, reference):
    return build_archive()
