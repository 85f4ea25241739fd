"""A throw-away checkout with three tiny notebooks, for tests that execute the pipeline.

The notebooks import nothing heavy, so a kernel runs each in about a second. ``figaa_alpha``
declares ``level`` and ``fail`` ("before" or "after" publishing), ``figbb_beta`` only ``strict``,
the tool notebook ``tool_gamma`` declares ``level``. The report is replaced by a stand-in that
refuses claim tables of another run, as the real one does.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
import pytest

from carbonlib.machinery import notebooks, paths, pipeline

FIGURES = ("figaa_alpha", "figbb_beta")
TOOLS = ("tool_gamma",)

PARAMS = {
    "figaa_alpha": 'level: float = 1.0  # a number\nfail: str = ""  # "before" or "after"\n'
                   "strict: bool = False  # as every notebook\n",
    "figbb_beta": "strict: bool = False  # as every notebook\n",
    "tool_gamma": "level: float = 1.0  # a number\nstrict: bool = False  # as every notebook\n",
}

BODY = textwrap.dedent("""
    import os
    from carbonlib.machinery import paths
    figures, claims = paths.output_dirs()
    if {fail} == "before":
        raise ValueError("boom before publishing")
    if {publish}:
        figures.mkdir(parents=True, exist_ok=True)
        claims.mkdir(parents=True, exist_ok=True)
        (figures / "{stem}.png").write_bytes(b"png")
        (figures / "{stem}.svg").write_text("svg")
        (claims / "{stem}.csv").write_text(
            f"id,value,run_id\\nc1,{{{level}}},{{os.environ.get(paths.RUN_ID_ENV, '')}}\\n")
    if {fail} == "after":
        raise AssertionError("ClaimMismatch: c1 changed verdict (on purpose)")
""")


def write_notebook(path: Path, params: str, body: str) -> Path:
    """A notebook with a ``parameters`` cell and one body cell."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell(body)]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def tiny_notebooks(root: Path) -> dict[str, Path]:
    """Write the three notebooks under ``root/notebooks``."""
    out = {}
    for stem, params in PARAMS.items():
        body = BODY.format(stem=stem, fail="fail" if "fail:" in params else '""',
                           level="level" if "level:" in params else "0",
                           publish=stem in FIGURES)
        out[stem] = write_notebook(root / "notebooks" / f"{stem}.ipynb", params, body)
    return out


def fake_report(prepared: object = None) -> str | None:
    """Write the ledger and report, refusing claim tables of different runs."""
    import os

    run_ids = {line.rsplit(",", 1)[1] for table in paths.CLAIMS_BUILD_DIR.glob("*.csv")
               for line in table.read_text().splitlines()[1:]}
    if run_ids != {os.environ[paths.RUN_ID_ENV]}:
        return f"mixed run ids {sorted(run_ids)}"
    (paths.BUILD_DIR / "claims.csv").write_text("id,run_id\n")
    (paths.BUILD_DIR / "report").mkdir(exist_ok=True)
    (paths.BUILD_DIR / "report" / "index.html").write_text("<html></html>")
    return None


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the pipeline (and its kernels) at a temporary checkout with tiny notebooks."""
    tiny_notebooks(tmp_path)
    (tmp_path / "data").mkdir()
    monkeypatch.setenv("CARBONLIB_ROOT", str(tmp_path))
    for name in (paths.PUBLISH_ENV, paths.RUN_ID_ENV, paths.OUTPUT_DIR_ENV, paths.STRICT_ENV):
        monkeypatch.setenv(name, "")
    for attr, value in {"ROOT": tmp_path, "DATA_DIR": tmp_path / "data",
                        "FIGURES_DIR": tmp_path / "figures", "BUILD_DIR": tmp_path / "build",
                        "CLAIMS_BUILD_DIR": tmp_path / "build" / "claims",
                        "NOTEBOOKS_DIR": tmp_path / "notebooks",
                        "SCRATCH_DIR": tmp_path / "build" / "scratch"}.items():
        monkeypatch.setattr(paths, attr, value)
    monkeypatch.setattr(notebooks, "figure_stems", lambda: FIGURES)
    monkeypatch.setattr(notebooks, "TOOL_STEMS", TOOLS)
    monkeypatch.setattr(pipeline, "_write_report", fake_report)
    return tmp_path
