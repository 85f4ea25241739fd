"""The report's parts made while the notebooks run: the same as made afterwards, never stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from carbonlib.machinery.report_prep import ReportPreparation
from carbonlib.paper import report


def _png(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (400, 200)) -> Path:
    Image.new("RGB", size, colour).save(path, format="PNG")
    return path


def test_prepared_parts_equal_those_made_afterwards(tmp_path: Path) -> None:
    figure = _png(tmp_path / "figX.png", (200, 30, 30))
    part = _png(tmp_path / "figX_detail.png", (30, 30, 200), (300, 300))
    other = _png(tmp_path / "figY.png", (30, 200, 30))
    prep = ReportPreparation(tmp_path)
    prep.notebook_done("figX")
    prepared = prep.finish()
    assert prepared is not None
    assert set(prepared.thumbnails) == {report.file_key(figure), report.file_key(part)}
    for png in (figure, part):
        assert prepared.thumbnails[report.file_key(png)] == report.thumbnail_png(png)
    assert report._thumbnail(other, prepared) == report.thumbnail_png(other)  # made on demand
    made_after = report.unfigured_checks()
    assert len(prepared.unfigured) == len(made_after)
    for ahead, after in zip(prepared.unfigured, made_after, strict=True):
        assert ahead.equals(after)


def test_a_figure_rewritten_after_its_thumbnail_is_not_served_stale(tmp_path: Path) -> None:
    figure = _png(tmp_path / "figX.png", (200, 30, 30))
    prep = ReportPreparation(tmp_path)
    prep.notebook_done("figX")
    prepared = prep.finish()
    old = prepared.thumbnails[report.file_key(figure)]
    _png(figure, (10, 10, 10), (500, 100))  # another size: another key even at the same mtime
    assert report._thumbnail(figure, prepared) == report.thumbnail_png(figure) != old


def test_a_failure_ahead_leaves_everything_to_the_report(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> list:
        raise ValueError("data/claims.csv: broken on purpose")

    monkeypatch.setattr(report, "unfigured_checks", broken)
    prep = ReportPreparation(tmp_path)
    prep.notebook_done("figX")
    prep.notebook_done("figY")
    assert prep.finish() is None


def test_runner_imports_the_notebook_stack_without_the_iri_grammars(tmp_path: Path) -> None:
    """jsonschema's optional IRI checker compiles 38 grammars at import (seconds before the
    first kernel starts); the runner does without it, and notebooks still validate."""
    code = (
        "import sys\n"
        "from carbonlib.machinery import runner\n"
        "runner._import_notebook_stack()\n"
        "import nbformat\n"
        "assert 'lark' not in sys.modules, 'the IRI grammars were built'\n"
        "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1 + 1')])\n"
        "nbformat.validate(nb)\n"
        "nb.cells[0]['execution_count'] = 'one'\n"
        "try:\n"
        "    nbformat.validate(nb)\n"
        "except nbformat.ValidationError:\n"
        "    print('invalid notebook refused')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "invalid notebook refused"


def test_a_thumbnail_is_made_once_per_figure_content(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """An incremental run makes only the thumbnails of figures whose bytes changed."""
    from carbonlib.machinery import paths

    monkeypatch.setattr(paths, "BUILD_DIR", tmp_path / "build")
    figure = _png(tmp_path / "figX.png", (200, 30, 30))
    first = report.cached_thumbnail(figure)
    assert first == report.thumbnail_png(figure)
    made = []
    real = report._thumbnail_of
    monkeypatch.setattr(report, "_thumbnail_of", lambda png, w: made.append(w) or real(png, w))
    figure.touch()  # a rewrite with the same bytes: the cached thumbnail is still right
    assert report.cached_thumbnail(figure) == first and made == []
    _png(figure, (10, 10, 10))  # same size, other bytes: made again, never the old one
    again = report.cached_thumbnail(figure)
    assert len(made) == 1
    assert again == report.thumbnail_png(figure) != first
