"""The HTML report, opened in a real headless browser (Debian's chromium via Playwright).

Runs after the notebooks have executed (``make test`` runs nbval, then ``carbonlib.paper.report``,
then these ``artifacts`` tests). Never downloads a browser: it uses the system executable.
"""

from __future__ import annotations

import os

import pytest
from _browser import FLAGS, chromium

from carbonlib.machinery import paths

pytestmark = pytest.mark.artifacts

REPORT = paths.BUILD_DIR / "report" / "index.html"



def test_report_loads_cleanly_in_a_browser(tmp_path):
    from playwright.sync_api import sync_playwright

    assert REPORT.exists(), "run `make reproduce` (or `python -m carbonlib.paper.report`) first"
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), args=FLAGS, headless=True)
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
        _check_figures_serve_a_reader(page)
        tables = page.locator("table.claims")
        assert tables.count() >= 1 and tables.first.is_visible()
        assert "reproduced" in page.locator(".summary").inner_text()
        shot = paths.BUILD_DIR / "report_screenshot.png"
        page.screenshot(path=str(shot), full_page=False)
        browser.close()
    assert errors == [], f"console errors: {errors}"
    assert shot.stat().st_size > 10_000


def _check_figures_serve_a_reader(page) -> None:
    """Each figure: its title as alt text, a caption, links that resolve, click to enlarge."""
    from urllib.parse import unquote, urlparse

    from carbonlib.paper.report import figure_caption

    figures = page.locator("figure.zoomable")
    assert figures.count() >= 1
    for i in range(figures.count()):
        fig = figures.nth(i)
        stem = fig.get_attribute("id").removeprefix("zoom-")
        section = page.locator(f"section#{stem}")
        title = section.locator("h2").inner_text()
        assert fig.locator("img.figure").get_attribute("alt") == title, f"{stem}: alt text"
        if figure_caption(stem):
            assert fig.locator("figcaption").count() == 1, f"{stem}: no caption under the figure"
            caption = fig.locator("figcaption").inner_text()
            first_words = " ".join(figure_caption(stem).split()[:4]).replace("*", "")
            assert first_words in " ".join(caption.split()), f"{stem}: caption missing"
        hrefs = section.locator("p.links a").evaluate_all("els => els.map(e => e.href)")
        assert len(hrefs) == 4, f"{stem}: links to notebook, executed notebook, SVG, PNG"
        for href in hrefs:
            target = unquote(urlparse(href).path)
            assert os.path.exists(target), f"{stem}: link to a missing file {target}"
        assert section.locator(".run").inner_text().startswith("run"), f"{stem}: its run"
    # click to enlarge: the first figure fills most of the window, then closes again
    img = figures.first.locator("img.figure")
    before = img.bounding_box()
    img.click()
    big = img.bounding_box()
    assert big["width"] > 1.3 * before["width"] or big["height"] > 0.8 * 900, (before, big)
    shot = paths.BUILD_DIR / "report_enlarged.png"
    page.screenshot(path=str(shot))
    figures.first.locator("a.close").click()
    assert img.bounding_box()["width"] <= before["width"] + 1
