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

#: Module -> the public names it gives the top level.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "carbonlib.methodology.operational": ("energy_kwh", "operational_kg", "HOURS_PER_YEAR"),
    "carbonlib.methodology.embodied": ("embodied_kg",),
    "carbonlib.methodology.footprint": ("footprint", "Footprint"),
}
_FUNCTIONS: dict[str, str] = {name: module for module, names in _EXPORTS.items() for name in names}
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
