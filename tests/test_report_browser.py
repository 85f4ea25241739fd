"""The HTML report, opened in a real headless browser (Debian's chromium via Playwright).

Runs after the notebooks have executed (``make test`` runs nbval, then ``carbonlib.paper.report``,
then these ``artifacts`` tests). Never downloads a browser: it uses the system executable.
"""

from __future__ import annotations

import os
import shutil

import pytest

from carbonlib.machinery import paths

pytestmark = pytest.mark.artifacts

REPORT = paths.BUILD_DIR / "report" / "index.html"
FLAGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CARBONLIB_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (CARBONLIB_REQUIRE_BROWSER is set) but not found")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return exe


def test_report_loads_cleanly_in_a_browser(tmp_path):
    from playwright.sync_api import sync_playwright

    assert REPORT.exists(), "run `make reproduce` (or `python -m carbonlib.paper.report`) first"
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), args=FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(REPORT.as_uri())
        page.wait_for_load_state("load")
        images = page.locator("img.figure")
        assert images.count() >= 1
        broken = page.evaluate(
            "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
            ".map(i => i.alt)")
        assert broken == [], f"images that did not load: {broken}"
        tables = page.locator("table.claims")
        assert tables.count() >= 1 and tables.first.is_visible()
        assert "reproduced" in page.locator(".summary").inner_text()
        shot = paths.BUILD_DIR / "report_screenshot.png"
        page.screenshot(path=str(shot), full_page=False)
        browser.close()
    assert errors == [], f"console errors: {errors}"
    assert shot.stat().st_size > 10_000
