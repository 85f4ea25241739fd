"""carbonlib: the carbon-accounting methodology of Wu et al., "Sustainable AI" (MLSys 2022).

The package has three layers and the machinery that runs them; the folder names say which:

- :mod:`carbonlib.methodology`: the reusable method, pure functions over numbers and arrays
  (operational and embodied carbon, life-cycle phases, growth and compounding, the utilization
  power model, federated learning, uncertainty). It imports nothing from the other layers.
- :mod:`carbonlib.data`: the bundled tables, validated on load, with their provenance.
- :mod:`carbonlib.paper`: everything specific to Wu et al.: one module per figure under one
  contract, the claims ledger, the text claims, the paper's assumptions and the report.
- :mod:`carbonlib.tools`: your own work: ``carbonlib estimate`` and its notebook helpers.
- :mod:`carbonlib.machinery`: the notebook pipeline, plotting theme and deterministic save, bench.

The most used functions are at the top level::

    from carbonlib import energy_kwh, operational_kg, embodied_kg, footprint

Names are imported on first use, so tools that need only part of the package (the notebook
pipeline, the command line) start quickly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

#: Public name -> module that defines it.
_FUNCTIONS: dict[str, str] = {
    "energy_kwh": "carbonlib.methodology.operational",
    "operational_kg": "carbonlib.methodology.operational",
    "HOURS_PER_YEAR": "carbonlib.methodology.operational",
    "embodied_kg": "carbonlib.methodology.embodied",
    "footprint": "carbonlib.methodology.footprint",
    "Footprint": "carbonlib.methodology.footprint",
}
_MODULES = ("methodology", "data", "paper", "tools", "machinery")

__all__ = [*_FUNCTIONS, *_MODULES, "__version__"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from carbonlib import data, machinery, methodology, paper, tools  # noqa: F401
    from carbonlib.methodology.embodied import embodied_kg  # noqa: F401
    from carbonlib.methodology.footprint import Footprint, footprint  # noqa: F401
    from carbonlib.methodology.operational import (  # noqa: F401
        HOURS_PER_YEAR,
        energy_kwh,
        operational_kg,
    )


def __getattr__(name: str) -> Any:
    if name in _FUNCTIONS:
        value = getattr(importlib.import_module(_FUNCTIONS[name]), name)
    elif name in _MODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module 'carbonlib' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
