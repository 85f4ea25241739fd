"""Embodied carbon: a job's share of the hardware's manufacturing footprint.

The paper (Sec IV-A, Fig 5) amortizes the life-cycle (manufacturing) carbon of a system over the
hours it is busy during its lifetime: a system used ``utilization`` of its ``lifetime_years``
is busy ``lifetime_years * 8760 * utilization`` hours, and a job of ``job_hours`` carries that
fraction of the system's embodied carbon.
"""

from __future__ import annotations

from typing import Any

from carbonlib.methodology import validation as v
from carbonlib.methodology.operational import HOURS_PER_YEAR

__all__ = ["embodied_kg"]


def embodied_kg(
    system_embodied_kg: Any,
    job_hours: Any,
    *,
    lifetime_years: Any,
    utilization: Any,
    systems: Any = 1,
) -> Any:
    """Embodied (manufacturing) carbon attributed to a job, in kg CO2e.

    ``system_embodied_kg * systems * job_hours / (lifetime_years * 8760 * utilization)``.

    Parameters
    ----------
    system_embodied_kg : float or array_like
        Manufacturing carbon of one system, in kg CO2e (>= 0). The paper assumes 2000 kg for a
        GPU server and half of that for a CPU-only server.
    job_hours : float or array_like
        Wall-clock hours the job occupies each system (>= 0).
    lifetime_years : float or array_like
        Service life of the hardware, in years (> 0). The paper uses 3-5 years.
    utilization : float or array_like
        Fraction of its lifetime the system is busy, in (0, 1]. The paper uses 30-60%.
    systems : float or array_like, default 1
        Number of systems the job occupies (>= 0).

    Returns
    -------
    float or array_like
        Embodied carbon attributed to the job, in kg CO2e (same shape as the inputs).

    Examples
    --------
    One GPU server (2000 kg) for a 24 h job, 4-year life at 50% utilization:
    2000 * 24 / (4 * 8760 * 0.5) = 2.74 kg

    >>> round(embodied_kg(2000, 24, lifetime_years=4, utilization=0.5), 2)
    2.74
    """
    v.all_nonnegative(system_embodied_kg=system_embodied_kg, job_hours=job_hours, systems=systems)
    v.positive("lifetime_years", lifetime_years)
    v.utilization("utilization", utilization)
    system_embodied_kg, job_hours, lifetime_years, utilization, systems = v.operands(
        system_embodied_kg=system_embodied_kg, job_hours=job_hours,
        lifetime_years=lifetime_years, utilization=utilization, systems=systems)
    busy_hours = lifetime_years * HOURS_PER_YEAR * utilization
    return system_embodied_kg * systems * job_hours / busy_hours
