"""A job's footprint broken down: energy, operational, embodied, total and the embodied share.

The paper (Sec IV-A, Fig 5) adds two parts: operational carbon (facility energy times grid
intensity, less the carbon-free share) and embodied carbon (the job's share of the hardware's
manufacturing carbon, amortized over its busy lifetime). :func:`footprint` computes both through
:func:`methodology.operational.operational_kg` and :func:`methodology.embodied.embodied_kg`, for one
scenario or for arrays of scenarios at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from carbonlib.methodology import validation as v
from carbonlib.methodology.embodied import embodied_kg
from carbonlib.methodology.operational import operational_kg

__all__ = ["Footprint", "footprint", "FIELDS"]

#: Output names of a footprint, in order.
FIELDS: tuple[str, ...] = ("energy_kwh", "operational_kg", "embodied_kg", "total_kg",
                           "embodied_share")


@dataclass(frozen=True)
class Footprint:
    """Energy and carbon of one scenario (floats) or many (numpy arrays of one shape).

    Attributes
    ----------
    energy_kwh : float or numpy.ndarray
        Facility energy, in kWh.
    operational_kg : float or numpy.ndarray
        Operational carbon, in kg CO2e (net of the carbon-free share).
    embodied_kg : float or numpy.ndarray
        Embodied (manufacturing) carbon attributed to the job, in kg CO2e.

    Examples
    --------
    >>> f = Footprint(energy_kwh=100.0, operational_kg=30.0, embodied_kg=10.0)
    >>> f.total_kg, f.embodied_share
    (40.0, 0.25)
    """

    energy_kwh: Any
    operational_kg: Any
    embodied_kg: Any

    @property
    def total_kg(self) -> Any:
        """Operational plus embodied carbon, in kg CO2e."""
        return self.operational_kg + self.embodied_kg

    @property
    def embodied_share(self) -> Any:
        """Embodied carbon as a fraction of the total (0 where the total is 0)."""
        total = np.asarray(self.total_kg, dtype=float)
        emb = np.asarray(self.embodied_kg, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(total > 0, emb / np.where(total > 0, total, 1.0), 0.0)
        return float(share) if share.ndim == 0 else share

    def as_dict(self) -> dict[str, Any]:
        """The five outputs by name (:data:`FIELDS`).

        Examples
        --------
        >>> Footprint(1.0, 2.0, 2.0).as_dict()["embodied_share"]
        0.5
        """
        return {"energy_kwh": self.energy_kwh, "operational_kg": self.operational_kg,
                "embodied_kg": self.embodied_kg, "total_kg": self.total_kg,
                "embodied_share": self.embodied_share}

    def to_frame(self) -> pd.DataFrame:
        """One row per scenario, one column per output (:data:`FIELDS`).

        Examples
        --------
        >>> Footprint(1.0, 2.0, 2.0).to_frame().shape
        (1, 5)
        """
        values = self.as_dict()
        arrays = np.broadcast_arrays(*(np.asarray(values[k], dtype=float) for k in FIELDS))
        return pd.DataFrame({k: np.atleast_1d(a).ravel() for k, a in zip(FIELDS, arrays,
                                                                           strict=True)})


def footprint(
    energy_kwh: Any,
    intensity_kg_per_kwh: Any,
    *,
    job_hours: Any,
    system_embodied_kg: Any,
    lifetime_years: Any,
    utilization: Any,
    systems: Any = 1,
    cfe_share: Any = 0.0,
) -> Footprint:
    """Operational and embodied carbon of a job; broadcasts over arrays of scenarios.

    ``operational = energy_kwh * intensity * (1 - cfe_share)`` and
    ``embodied = system_embodied_kg * systems * job_hours / (lifetime_years * 8760 * utilization)``.

    Parameters
    ----------
    energy_kwh : float or array_like
        Facility energy (PUE included), in kWh (>= 0).
    intensity_kg_per_kwh : float or array_like
        Grid carbon intensity, in kg CO2e per kWh (>= 0).
    job_hours : float or array_like
        Hours the job occupies each system (>= 0).
    system_embodied_kg : float or array_like
        Manufacturing carbon of one system, in kg CO2e (>= 0); the paper assumes 2000 kg for a
        GPU server, 1000 kg for a CPU-only one.
    lifetime_years : float or array_like
        Hardware service life, in years (> 0); the paper uses 3-5.
    utilization : float or array_like
        Busy fraction of the lifetime, in (0, 1]; the paper uses 0.3-0.6.
    systems : float or array_like, default 1
        Number of systems the job occupies (>= 0).
    cfe_share : float or array_like, default 0.0
        Fraction of the energy matched by carbon-free energy, in [0, 1].

    Returns
    -------
    Footprint
        Floats for scalar inputs, arrays of the broadcast shape otherwise.

    Raises
    ------
    ValueError
        Naming the parameter, the offending value (and index) and the allowed range.

    Examples
    --------
    100 kWh at 0.4 kg/kWh = 40 kg operational; one 2000 kg server for 24 h over
    4 years at 50%: 2000 * 24 / (4 * 8760 * 0.5) = 2.74 kg embodied

    >>> f = footprint(100.0, 0.4, job_hours=24, system_embodied_kg=2000,
    ...               lifetime_years=4, utilization=0.5)
    >>> round(f.operational_kg, 2), round(f.embodied_kg, 2), round(f.total_kg, 2)
    (40.0, 2.74, 42.74)
    """
    # one check across both halves: their sum must not misalign pandas indexes
    (energy_kwh, intensity_kg_per_kwh, cfe_share, system_embodied_kg, job_hours, lifetime_years,
     utilization, systems) = v.operands(
        energy_kwh=energy_kwh, intensity_kg_per_kwh=intensity_kg_per_kwh, cfe_share=cfe_share,
        system_embodied_kg=system_embodied_kg, job_hours=job_hours,
        lifetime_years=lifetime_years, utilization=utilization, systems=systems)
    operational = operational_kg(energy_kwh, intensity_kg_per_kwh, cfe_share=cfe_share)
    embodied = embodied_kg(system_embodied_kg, job_hours, lifetime_years=lifetime_years,
                           utilization=utilization, systems=systems)
    return Footprint(energy_kwh=energy_kwh, operational_kg=operational, embodied_kg=embodied)
