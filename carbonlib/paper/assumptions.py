"""The paper's accounting assumptions (Sec III-A), from one table: ``data/paper_assumptions.csv``.

Everything that uses the paper's PUE, utilization and lifetime ranges or its GPU training system
reads them here: ``carbonlib estimate``'s defaults, the Monte Carlo ranges, the bench and the
figures. A test ties them together.

>>> pue(), utilization_range(), lifetime_range_years()
(1.1, (0.3, 0.6), (3.0, 5.0))
>>> gpu_system_embodied_kg()
2000.0
"""

from __future__ import annotations

from functools import cache

from carbonlib import data
from carbonlib.data.schemas.paper import PARAMETERS
from carbonlib.methodology.uncertainty import Uniform

__all__ = ["PARAMETERS", "value", "pue", "utilization_range", "lifetime_range_years",
           "gpu_system_embodied_kg", "cpu_system_embodied_fraction", "embodied_ranges"]


@cache
def _table() -> dict[str, float]:
    table = data.load("paper_assumptions").set_index("parameter")["value"]
    return {name: float(v) for name, v in table.items()}


def value(name: str) -> float:
    """One assumption by its ``parameter`` name in ``data/paper_assumptions.csv``."""
    table = _table()
    if name not in table:
        raise ValueError(f"name={name!r} is not a paper assumption; allowed: "
                         f"{', '.join(sorted(table))}")
    return table[name]


def pue() -> float:
    """Data-centre PUE used for operational carbon (dimensionless, 1.1)."""
    return value("pue")


def utilization_range() -> tuple[float, float]:
    """Average server utilization, as a (low, high) fraction (0.3-0.6)."""
    return value("utilization_low"), value("utilization_high")


def lifetime_range_years() -> tuple[float, float]:
    """Server lifetime, as a (low, high) range in years (3-5)."""
    return value("lifetime_low"), value("lifetime_high")


def gpu_system_embodied_kg() -> float:
    """Embodied carbon of one GPU training system, kg CO2e (the Mac Pro proxy, 2000)."""
    return value("gpu_system_embodied")


def cpu_system_embodied_fraction() -> float:
    """Embodied carbon of a CPU-only system as a fraction of the GPU system's (0.5)."""
    return value("cpu_system_embodied_fraction")


def embodied_ranges() -> dict[str, Uniform]:
    """The amortization ranges as Monte Carlo inputs: ``utilization`` and ``lifetime_years``."""
    return {"utilization": Uniform(*utilization_range()),
            "lifetime_years": Uniform(*lifetime_range_years())}
