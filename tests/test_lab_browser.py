"""The notebooks as a reader uses them: JupyterLab driven by headless chromium (Playwright).

``make test`` runs this after nbval. It starts JupyterLab on a free port with a token on a copy of
``notebooks/`` (so nothing in the repository changes), opens Debian's chromium (the system
executable; Playwright never downloads a browser), and through the UI:

- edits ``start_level`` in Fig 7's parameters cell, runs all cells (menu Run > Run All Cells),
  and checks that no cell shows an error, that the figure is in the output area, and that
  ``figures/`` and ``build/claims/`` are unchanged (exploring writes to ``build/scratch/``);
- saves Fig 7 from JupyterLab (with its outputs) and checks that what git would commit, through
  the nbstripout clean filter of ``.gitattributes``, passes the notebook hygiene check;
- runs ``your_footprint.ipynb`` and checks the figure, then drags a what-if slider and checks
  that the what-if figure changes.

Screenshots: ``build/lab_fig07.png`` and ``build/lab_your_footprint.png``. The server is stopped
by its process id. Without chromium the tests skip, or fail when ``CARBONLIB_REQUIRE_BROWSER``
is set (CI).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from _browser import FLAGS, chromium

from carbonlib.machinery import paths

pytestmark = pytest.mark.artifacts

#: Seconds to wait for a notebook's cells (the first import of the stack is slow on a busy CI).
RUN_TIMEOUT_S = 300
#: Environment of the pipeline and of `make test`; a reader's JupyterLab has none of them.
PIPELINE_ENV = ("CARBONLIB_PUBLISH", "CARBONLIB_STRICT", "CARBONLIB_RUN_ID",
                "CARBONLIB_OUTPUT_DIR")
#: Lab settings for a quiet, deterministic session: every cell in the DOM, no news or update
#: checks (no network), no autosave racing the test's own save.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"checkForUpdates": False, "fetchNews": "false"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}
#: The notebook panel on show (JupyterLab keeps other open notebooks hidden in the DOM).
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
SHOTS = {"fig07": paths.BUILD_DIR / "lab_fig07.png",
         "footprint": paths.BUILD_DIR / "lab_your_footprint.png"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tree_state(*folders: Path) -> dict[str, tuple[int, str]]:
    """Every file under ``folders``: its mtime (ns) and SHA-256."""
    state = {}
    for folder in folders:
        for f in sorted(folder.rglob("*")) if folder.exists() else []:
            if f.is_file():
                state[str(f)] = (f.stat().st_mtime_ns, hashlib.sha256(f.read_bytes()).hexdigest())
    return state


class Lab:
    """A JupyterLab server on a copy of the notebooks, and the URL to open a notebook."""

    def __init__(self, root: Path, port: int, token: str, proc: subprocess.Popen):
        self.root, self.port, self.token, self.proc = root, port, token, proc

    def url(self, notebook: str) -> str:
        return f"http://127.0.0.1:{self.port}/lab/tree/{notebook}?reset&token={self.token}"


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[Lab]:
    chromium()
    base = tmp_path_factory.mktemp("lab")
    root = base / "notebooks"
    shutil.copytree(paths.NOTEBOOKS_DIR, root, ignore=shutil.ignore_patterns(".ipynb_*"))
    settings = base / "settings"
    for name, values in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k not in PIPELINE_ENV}
    env.update(JUPYTER_RUNTIME_DIR=str(base / "runtime"), JUPYTER_CONFIG_DIR=str(base / "config"))
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", f"--port={port}",
           "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
           "--ServerApp.open_browser=False", f"--ServerApp.root_dir={root}",
           "--ServerApp.port_retries=0", f"--LabApp.user_settings_dir={settings}",
           f"--LabApp.workspaces_dir={base / 'workspaces'}",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = (base / "server.log").open("w")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status = f"http://127.0.0.1:{port}/api/status?token={token}"
                with urllib.request.urlopen(status, timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not start: {(base / 'server.log').read_text()}")
            time.sleep(1)
        yield Lab(root, port, token, proc)
    finally:
        # Stop the server and its kernels: the whole process group of the server's pid.
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium(), args=FLAGS, headless=True)
        yield b
        b.close()


def _open(browser, lab: Lab, notebook: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(lab.url(notebook))
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    # The notebook names the python3 kernel; JupyterLab may still ask which kernel to start.
    select = page.locator(".jp-Dialog button", has_text="Select")
    try:
        select.wait_for(state="visible", timeout=15_000)
        select.click()
    except Exception:  # no dialog: the kernel started by itself
        pass
    page.wait_for_selector(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=RUN_TIMEOUT_S * 1000)
    return page


def _run_all(page) -> None:
    """Menu Run > Run All Cells, then wait until every code cell has an execution count."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-item:not(.lm-mod-hidden) .lm-Menu-itemLabel",
                 has_text="Run All Cells").first.click()
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            """() => {
                const prompts = [...document.querySelectorAll(
                    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
                return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
            }""", timeout=RUN_TIMEOUT_S * 1000)
    except PlaywrightTimeout:
        shot = paths.BUILD_DIR / "lab_run_all_timeout.png"
        page.screenshot(path=str(shot))
        prompts = page.locator(f"{PANEL} .jp-CodeCell .jp-InputPrompt").all_inner_texts()
        pytest.fail(f"Run All Cells did not finish in {RUN_TIMEOUT_S} s (prompts {prompts}; "
                    f"errors {_errors(page)}; screenshot {shot})")
    page.wait_for_selector(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=RUN_TIMEOUT_S * 1000)


def _errors(page) -> list[str]:
    """Text of every error or stderr output in the notebook (tracebacks, warnings)."""
    return page.locator(
        f"{PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
        f"{PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
    ).all_inner_texts()


def _figures(page, within: str = PANEL) -> list[int]:
    """Natural widths of the loaded images in code cells' output areas under ``within``."""
    return page.evaluate(
        """(sel) => [...document.querySelectorAll(sel + ' .jp-OutputArea-output img')]
            .filter(i => i.complete).map(i => i.naturalWidth)""", within)


def _set_parameters(page, source: str) -> None:
    """Replace the parameters cell's text by typing into its editor."""
    editor = page.locator(f"{PANEL} .jp-CodeCell .cm-content").first  # the parameters cell
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(source)
    page.keyboard.press("Escape")  # leave edit mode; the change is in the model


def test_fig07_explored_in_lab_shows_its_figure_and_changes_nothing_published(lab, browser):
    published = _tree_state(paths.FIGURES_DIR, paths.CLAIMS_BUILD_DIR)
    stem = "fig07_lm_chain"
    nb = nbformat.read(lab.root / f"{stem}.ipynb", as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert "start_level: float = 810.0" in params.source
    edited = params.source.replace("start_level: float = 810.0", "start_level: float = 1234.5")
    scratch_png = paths.SCRATCH_DIR / "figures" / f"{stem}.png"
    before_scratch = scratch_png.stat().st_mtime_ns if scratch_png.exists() else 0

    page = _open(browser, lab, f"{stem}.ipynb")
    _set_parameters(page, edited)
    _run_all(page)
    errors = _errors(page)
    widths = _figures(page)
    texts = " ".join(page.locator(f"{PANEL} .jp-OutputArea-output").all_inner_texts())
    fig = page.locator(f"{PANEL} .jp-OutputArea-output img").first
    if fig.count():
        fig.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS["fig07"]))

    assert errors == [], f"error output in {stem}: {errors}"
    assert widths and max(widths) > 300, f"no figure image in {stem}'s output area: {widths}"
    assert "1234.5" in texts or "1,234.5" in texts or "1.234e+03" in texts, (
        "the edited start_level did not reach the outputs")
    assert scratch_png.exists() and scratch_png.stat().st_mtime_ns > before_scratch, (
        "exploring should write the figure to build/scratch/")
    after = _tree_state(paths.FIGURES_DIR, paths.CLAIMS_BUILD_DIR)
    changed = sorted(k for k in published.keys() | after.keys()
                     if published.get(k) != after.get(k))
    assert changed == [], f"running a notebook in JupyterLab changed published files: {changed}"

    # Save from JupyterLab: the file now carries outputs; what git commits must not.
    saved = lab.root / f"{stem}.ipynb"
    mtime = saved.stat().st_mtime_ns
    page.locator(f"{PANEL} .jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    while saved.stat().st_mtime_ns == mtime and time.monotonic() < deadline:
        time.sleep(0.5)
    page.close()
    saved_nb = nbformat.read(saved, as_version=4)
    assert any(c.get("outputs") for c in saved_nb.cells), "the save from JupyterLab had no outputs"
    _assert_commits_clean(saved, f"notebooks/{stem}.ipynb")


def _assert_commits_clean(saved: Path, repo_path: str) -> None:
    """Pass ``saved`` through the clean filter git applies to ``repo_path`` and check the result."""
    from test_notebooks_clean import hygiene_problems

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=paths.ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()

    if not git("rev-parse", "--is-inside-work-tree") == "true":
        pytest.skip("not a git checkout: no commit filter to test")
    attr = git("check-attr", "filter", "--", repo_path)
    assert attr.endswith(": nbstripout"), f".gitattributes gives {repo_path} no filter: {attr}"
    clean = git("config", "filter.nbstripout.clean")
    assert clean, "git filter 'nbstripout' is not configured: run `make env`"
    out = subprocess.run(clean, shell=True, cwd=paths.ROOT, input=saved.read_text(),
                         capture_output=True, text=True, check=True).stdout
    assert hygiene_problems(nbformat.reads(out, as_version=4)) == []


def _wait_until_settled(page, selector: str, quiet_s: float = 1.0, timeout_s: float = 60) -> None:
    """Wait until the first image at ``selector`` has kept the same source for ``quiet_s``.

    An output widget replaces its image on every redraw; acting on it mid-redraw finds it detached.
    """
    read = ("(sel) => { const i = document.querySelector(sel);"
            " return i ? i.getAttribute('src') : null; }")
    deadline = time.monotonic() + timeout_s
    last, since = page.evaluate(read, selector), time.monotonic()
    while time.monotonic() - since < quiet_s:
        assert time.monotonic() < deadline, f"{selector} kept changing for {timeout_s} s"
        page.wait_for_timeout(200)
        now = page.evaluate(read, selector)
        if now != last or now is None:
            last, since = now, time.monotonic()


def test_your_footprint_shows_its_figure_and_the_what_if_follows_a_slider(lab, browser):
    page = _open(browser, lab, "your_footprint.ipynb")
    _run_all(page)
    errors = _errors(page)
    assert errors == [], f"error output in your_footprint: {errors}"
    widths = _figures(page)
    assert widths and max(widths) > 300, f"no figure image in the output area: {widths}"

    whatif = f"{PANEL} .jp-OutputArea-output .widget-output"
    page.wait_for_function(
        "(sel) => { const i = document.querySelector(sel + ' img');"
        " return i && i.complete && i.naturalWidth > 0; }", arg=whatif, timeout=60_000)
    src = page.locator(f"{whatif} img").first.get_attribute("src")
    slider = page.locator(f"{PANEL} .widget-slider", has_text="grid intensity (kg CO2e/kWh)").first
    assert slider.is_visible(), "the what-if's grid intensity slider is missing"
    label = slider.locator(".widget-label").first
    assert label.evaluate("e => e.scrollWidth <= e.clientWidth"), "slider label is cut off"
    handle = slider.locator(".noUi-handle").first
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 120, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "([sel, old]) => { const i = document.querySelector(sel + ' img');"
            " return i && i.complete && i.naturalWidth > 0 && i.getAttribute('src') !== old; }",
            arg=[whatif, src], timeout=60_000)
    except PlaywrightTimeout:
        page.screenshot(path=str(SHOTS["footprint"]))
        pytest.fail("moving the grid intensity slider did not change the what-if figure")
    _wait_until_settled(page, f"{whatif} img")
    page.locator(f"{whatif} img").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS["footprint"]))
    assert _errors(page) == []
    page.close()
