"""Where things live: every path is resolved from the repository root.

papermill runs a kernel in the caller's directory, nbval and JupyterLab in the notebook's;
resolving from this file makes the package work from any working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Repository root (the directory holding ``pyproject.toml``). ``CARBONLIB_ROOT`` overrides it.
ROOT: Path = Path(os.environ.get("CARBONLIB_ROOT", Path(__file__).resolve().parent.parent))
#: Bundled tables with provenance.
DATA_DIR: Path = ROOT / "data"
#: Reproduced figures (PNG and SVG).
FIGURES_DIR: Path = ROOT / "figures"
#: Executed notebooks, claim tables and the report.
BUILD_DIR: Path = ROOT / "build"
#: Per-notebook claim checks written by each notebook run.
CLAIMS_BUILD_DIR: Path = BUILD_DIR / "claims"
#: The figure notebooks.
NOTEBOOKS_DIR: Path = ROOT / "notebooks"
