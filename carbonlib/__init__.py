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
"""

from . import (
    compounding,
    data,
    estimate,
    federated,
    growth,
    lifecycle,
    uncertainty,
    utilization,
)
from .embodied import embodied_kg
from .footprint import Footprint, footprint
from .operational import HOURS_PER_YEAR, energy_kwh, operational_kg

__version__ = "0.1.0"

__all__ = [
    "energy_kwh",
    "operational_kg",
    "embodied_kg",
    "footprint",
    "Footprint",
    "HOURS_PER_YEAR",
    "compounding",
    "data",
    "estimate",
    "federated",
    "growth",
    "lifecycle",
    "uncertainty",
    "utilization",
    "__version__",
]
