"""carbonlib: the carbon-accounting methodology of Wu et al., "Sustainable AI" (MLSys 2022).

Operational carbon (energy x PUE x grid intensity, with carbon-free energy), embodied carbon
amortized over hardware lifetime and utilization, and the helpers the figure notebooks use.
"""

from .embodied import embodied_kg
from .operational import HOURS_PER_YEAR, energy_kwh, operational_kg

__version__ = "0.1.0"

__all__ = ["energy_kwh", "operational_kg", "embodied_kg", "HOURS_PER_YEAR", "__version__"]
