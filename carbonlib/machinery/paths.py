"""Where things live: every path is resolved from the repository root.

papermill runs a kernel in the caller's directory, nbval and JupyterLab in the notebook's;
resolving from this file makes the package work from any working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Repository root (the directory holding ``pyproject.toml``). ``CARBONLIB_ROOT`` overrides it.
ROOT: Path = Path(os.environ.get("CARBONLIB_ROOT", Path(__file__).resolve().parents[2]))
#: Package holding the tables in an installed wheel (``data/`` mapped by pyproject.toml).
TABLES_PACKAGE = "carbonlib._tables"


def data_dir(root: Path = ROOT) -> Path:
    """The folder of the bundled tables.

    In a checkout (``root`` holds ``pyproject.toml`` and ``data/``) that is ``data/``, the one
    copy in the repository. In an installed wheel it is the package ``carbonlib._tables``,
    found with :mod:`importlib` (setuptools maps it to ``data/`` when building).
    """
    if (root / "pyproject.toml").is_file() and (root / "data").is_dir():
        return root / "data"
    import importlib.util

    spec = importlib.util.find_spec(TABLES_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return root / "data"  # neither: loading a table names the missing file
    return Path(list(spec.submodule_search_locations)[0])


#: Bundled tables with provenance.
DATA_DIR: Path = data_dir()
#: Reproduced figures (PNG and SVG).
FIGURES_DIR: Path = ROOT / "figures"
#: Executed notebooks, claim tables and the report.
BUILD_DIR: Path = ROOT / "build"
#: Per-notebook claim checks written by each notebook run.
CLAIMS_BUILD_DIR: Path = BUILD_DIR / "claims"
#: The figure notebooks.
NOTEBOOKS_DIR: Path = ROOT / "notebooks"
#: Where a notebook run outside the pipeline writes its figure and claims (exploring).
SCRATCH_DIR: Path = BUILD_DIR / "scratch"
#: Set to "1" by the pipeline: the run publishes to ``figures/`` and ``build/claims/``.
PUBLISH_ENV = "CARBONLIB_PUBLISH"
#: Set to "1" by the pipeline and ``make test``: a changed claim verdict stops the notebook.
STRICT_ENV = "CARBONLIB_STRICT"
#: Set by the pipeline to the run's id; every published claim table carries it, so the report
#: can refuse to mix outputs of different runs.
RUN_ID_ENV = "CARBONLIB_RUN_ID"


#: Set to a folder to publish a whole run there instead (``<dir>/figures``, ``<dir>/claims``),
#: e.g. ``make today``, so the paper's own run stays untouched.
OUTPUT_DIR_ENV = "CARBONLIB_OUTPUT_DIR"


def executed_dir() -> Path:
    """Where the runner writes executed notebooks: ``<CARBONLIB_OUTPUT_DIR>/executed`` when
    that is set (``make today``, ``pipeline run``), else ``build/executed``."""
    if os.environ.get(OUTPUT_DIR_ENV):
        return Path(os.environ[OUTPUT_DIR_ENV]) / "executed"
    return BUILD_DIR / "executed"


def output_dirs() -> tuple[Path, Path]:
    """Where figures and claim tables go.

    ``(figures/, build/claims/)`` under the pipeline (``CARBONLIB_PUBLISH=1``);
    ``(<dir>/figures, <dir>/claims)`` when ``CARBONLIB_OUTPUT_DIR=<dir>`` is also set; else
    ``(build/scratch/figures, build/scratch/claims)``. Exploring a notebook in JupyterLab
    therefore never changes what ``make reproduce`` published.
    """
    if os.environ.get(PUBLISH_ENV, "0") == "1" and os.environ.get(OUTPUT_DIR_ENV):
        root = Path(os.environ[OUTPUT_DIR_ENV])
        return root / "figures", root / "claims"
    if os.environ.get(PUBLISH_ENV, "0") == "1":
        return FIGURES_DIR, CLAIMS_BUILD_DIR
    return SCRATCH_DIR / "figures", SCRATCH_DIR / "claims"


def strict_from_environment() -> bool:
    """True when run by the pipeline or ``make test`` (``CARBONLIB_STRICT=1``), else False."""
    return os.environ.get(STRICT_ENV, "0") == "1"
