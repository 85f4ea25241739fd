"""The notebooks the pipeline runs: the paper's figures and the tools' notebooks, in one list.

Adding a notebook to the pipeline is one line: a figure goes into
``carbonlib.paper.registry.STEMS``, a tool notebook into :data:`TOOL_STEMS`. Any other
``notebooks/*.ipynb`` (a scratch ``Untitled.ipynb`` that JupyterLab creates) is not run.

The figure stems are read from the registry's source rather than by importing it, so that
checking whether anything is stale does not pay for importing pandas.
"""

from __future__ import annotations

import ast
from pathlib import Path

from carbonlib.machinery import paths

__all__ = ["TOOL_STEMS", "figure_stems", "registered", "unregistered"]

#: Notebooks of the tools for the user's own work, run by ``make reproduce`` after the figures.
TOOL_STEMS: tuple[str, ...] = (
    "your_footprint",
    "validation",
    "then_and_now",
    "your_fleet",
)


def figure_stems() -> tuple[str, ...]:
    """``carbonlib.paper.registry.STEMS``, read from the module's source without importing it."""
    source = (Path(__file__).resolve().parents[1] / "paper" / "registry.py").read_text(
        encoding="utf-8")
    for node in ast.parse(source).body:
        target = getattr(node, "target", None) or (getattr(node, "targets", None) or [None])[0]
        if isinstance(target, ast.Name) and target.id == "STEMS" and node.value is not None:
            return tuple(ast.literal_eval(node.value))
    raise RuntimeError("carbonlib/paper/registry.py defines no STEMS")


def registered() -> list[Path]:
    """Every registered notebook's path, figures first, in the registry's order."""
    return [paths.NOTEBOOKS_DIR / f"{stem}.ipynb" for stem in (*figure_stems(), *TOOL_STEMS)]


def unregistered() -> list[Path]:
    """Notebooks in ``notebooks/`` that the pipeline does not run (scratch notebooks)."""
    known = {p.name for p in registered()}
    return sorted(p for p in paths.NOTEBOOKS_DIR.glob("*.ipynb") if p.name not in known)
