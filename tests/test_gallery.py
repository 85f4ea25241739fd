"""The README gallery: committed thumbnails are byte-identical to what the pipeline makes now."""

from __future__ import annotations

import pytest

from carbonlib.machinery import paths
from carbonlib.paper.report import thumbnail_png

pytestmark = pytest.mark.artifacts

GALLERY = paths.ROOT / "docs" / "gallery"
STEMS = sorted(p.stem for p in paths.NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("stem", STEMS)
def test_thumbnail_matches_the_current_figure(stem):
    figure = paths.FIGURES_DIR / f"{stem}.png"
    assert figure.exists(), f"{figure} missing: the notebook did not run"
    committed = GALLERY / f"{stem}.png"
    assert committed.exists(), f"{committed} missing: run `make gallery` and commit it"
    assert committed.read_bytes() == thumbnail_png(figure), (
        f"{committed} is stale: the figure changed; run `make gallery` and commit it")


def test_readme_shows_every_thumbnail():
    readme = (paths.ROOT / "README.md").read_text()
    for stem in STEMS:
        assert f"docs/gallery/{stem}.png" in readme, stem


@pytest.mark.parametrize("stem", STEMS)
def test_executed_notebook_shows_its_figure(stem):
    """The figure is in the executed notebook (inline), not only in figures/."""
    import nbformat

    executed = paths.BUILD_DIR / "executed" / f"{stem}.ipynb"
    assert executed.exists(), f"{executed} missing: run `make reproduce`"
    nb = nbformat.read(executed, as_version=4)
    images = [o for c in nb.cells for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert images, f"{executed} holds no figure output: the notebook did not show its figure"
