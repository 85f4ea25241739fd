"""Every paper figure the package rebuilds, by notebook stem.

>>> from carbonlib.paper import registry
>>> registry.spec("fig07_lm_chain").number
7
"""

from __future__ import annotations

import importlib
from types import ModuleType

from carbonlib.paper.contract import FigureSpec

__all__ = ["STEMS", "module", "spec", "specs", "stem_of"]

#: Notebook stem of each figure, in the paper's order.
STEMS: tuple[str, ...] = (
    "fig01_arxiv_growth",
    "fig02_model_data_growth",
    "fig03_lifecycle_splits",
    "fig04_model_footprints",
    "fig05_embodied_vs_operational",
    "fig06_optimization_areas",
    "fig07_lm_chain",
    "fig08_power_over_time",
    "fig09_utilization_sweep",
    "fig10_gpu_utilization",
    "fig11_federated_learning",
    "fig12_data_scaling",
)


def _check(stem: str) -> str:
    if stem not in STEMS:
        raise ValueError(f"stem={stem!r} is not a registered figure; allowed: {', '.join(STEMS)}")
    return stem


def module(stem: str) -> ModuleType:
    """The figure module of ``stem`` (imported on first use)."""
    number = int(_check(stem)[3:5])
    return importlib.import_module(f"carbonlib.paper.figures.fig{number:02d}")


def spec(stem: str) -> FigureSpec:
    """The :class:`~carbonlib.paper.contract.FigureSpec` the module of ``stem`` declares."""
    return module(stem).SPEC


def specs() -> list[FigureSpec]:
    """Every registered figure's spec, in the paper's order."""
    return [spec(s) for s in STEMS]


def stem_of(number: int) -> str:
    """The notebook stem of paper figure ``number`` (1-12)."""
    for stem in STEMS:
        if int(stem[3:5]) == number:
            return stem
    raise ValueError(f"number={number!r} is not a paper figure; allowed: 1-{len(STEMS)}")
