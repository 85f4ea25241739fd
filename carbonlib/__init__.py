"""carbonlib: the carbon-accounting methodology of Wu et al., "Sustainable AI" (MLSys 2022).

Operational carbon (energy x PUE x grid intensity, with carbon-free energy), embodied carbon
amortized over hardware lifetime and utilization, and their breakdown, at the top level::

    from carbonlib import energy_kwh, operational_kg, embodied_kg, footprint

The rest of the methodology lives in one module per idea:

- :mod:`carbonlib.lifecycle`: split a footprint over the ML life-cycle phases;
- :mod:`carbonlib.compounding`: optimization chains, reductions per period, rebound;
- :mod:`carbonlib.growth`: exponential growth fits, doubling times, annual rates;
- :mod:`carbonlib.utilization`: the utilization power model and its sweep;
- :mod:`carbonlib.federated`: federated learning on client devices (Appendix B);
- :mod:`carbonlib.uncertainty`: seeded, vectorized Monte Carlo and Sobol indices;
- :mod:`carbonlib.estimate`: a training job (or a CodeCarbon log) to a footprint with ranges;
- :mod:`carbonlib.data`: the bundled tables, validated on load, with provenance.

Names are imported on first use, so tools that need only part of the package (the notebook
pipeline, the command line) start quickly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> module that defines it.
_FUNCTIONS: dict[str, str] = {
    "energy_kwh": "operational",
    "operational_kg": "operational",
    "HOURS_PER_YEAR": "operational",
    "embodied_kg": "embodied",
    "footprint": "footprint",
    "Footprint": "footprint",
}
_MODULES = ("compounding", "data", "estimate", "federated", "growth", "lifecycle",
            "uncertainty", "utilization")

__all__ = [*_FUNCTIONS, *_MODULES, "__version__"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from . import (  # noqa: F401
        compounding,
        data,
        estimate,
        federated,
        growth,
        lifecycle,
        uncertainty,
        utilization,
    )
    from .embodied import embodied_kg  # noqa: F401
    from .footprint import Footprint, footprint  # noqa: F401
    from .operational import HOURS_PER_YEAR, energy_kwh, operational_kg  # noqa: F401


def __getattr__(name: str) -> Any:
    if name in _FUNCTIONS:
        value = getattr(importlib.import_module(f".{_FUNCTIONS[name]}", __name__), name)
    elif name in _MODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'carbonlib' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
