"""Collects Content Security Policy violations in the page, for the browser tests."""

LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
});
"""


def watch_csp(driver) -> None:
    """Install the listener in every document the driver opens from now on."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTENER})


def csp_violations(driver) -> list[str]:
    return driver.execute_script("return window.__cspViolations || []")
