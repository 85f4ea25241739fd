"""Operational carbon: facility energy times grid carbon intensity.

The paper (Sec II, Sec IV) accounts operational carbon as the electricity a job draws, scaled by
the datacenter's power usage effectiveness (PUE), times the carbon intensity of the grid that
supplies it, optionally reduced by the share of energy matched with carbon-free energy (CFE).
"""

from __future__ import annotations

from typing import Any

from carbonlib.methodology import validation as v

HOURS_PER_YEAR: float = 8760.0

__all__ = ["energy_kwh", "operational_kg", "HOURS_PER_YEAR"]


def energy_kwh(power_w: Any, hours: Any, *, devices: Any = 1, pue: Any = 1.0) -> Any:
    """Facility energy of a job in kWh.

    ``energy_kwh = power_w * hours * devices * pue / 1000``.

    Parameters
    ----------
    power_w : float or array_like
        Average power per device, in watts (W). Must be >= 0.
    hours : float or array_like
        Run time, in hours. Must be >= 0.
    devices : float or array_like, default 1
        Number of devices (chips, servers) drawing ``power_w`` each. Must be >= 0.
    pue : float or array_like, default 1.0
        Power usage effectiveness of the facility, dimensionless, >= 1.

    Returns
    -------
    float or array_like
        Energy in kWh; broadcasts over array and Series inputs.

    Examples
    --------
    Transformer (Big) on 8 P100 in Google Iowa (Patterson et al. 2021, Table 1):
    296 W x 84 h x 8 x 1.11 / 1000

    >>> round(energy_kwh(296, 3.5 * 24, devices=8, pue=1.11), 1)
    220.8
    """
    v.nonnegative("power_w", power_w)
    v.nonnegative("hours", hours)
    v.nonnegative("devices", devices)
    v.check_range("pue", pue, low=1.0)
    power_w, hours, devices, pue = v.operands(power_w=power_w, hours=hours, devices=devices,
                                              pue=pue)
    return power_w * hours * devices * pue / 1000.0


def operational_kg(energy_kwh: Any, intensity_kg_per_kwh: Any, *, cfe_share: Any = 0.0) -> Any:
    """Operational carbon in kg CO2e.

    ``operational_kg = energy_kwh * intensity_kg_per_kwh * (1 - cfe_share)``.

    Parameters
    ----------
    energy_kwh : float or array_like
        Facility energy, in kWh (>= 0), e.g. from :func:`energy_kwh`.
    intensity_kg_per_kwh : float or array_like
        Grid carbon intensity, in kg CO2e per kWh (>= 0).
    cfe_share : float or array_like, default 0.0
        Fraction of the energy matched by carbon-free energy, in [0, 1]. 0 gives the
        location-based footprint; 1 a fully matched (market-based zero) footprint.

    Returns
    -------
    float or array_like
        kg CO2e.

    Examples
    --------
    >>> round(operational_kg(220.8, 0.478), 1)
    105.5
    >>> operational_kg(100.0, 0.5, cfe_share=0.5)
    25.0
    """
    v.nonnegative("energy_kwh", energy_kwh)
    v.nonnegative("intensity_kg_per_kwh", intensity_kg_per_kwh)
    v.fraction("cfe_share", cfe_share)
    energy_kwh, intensity_kg_per_kwh, cfe_share = v.operands(
        energy_kwh=energy_kwh, intensity_kg_per_kwh=intensity_kg_per_kwh, cfe_share=cfe_share)
    return energy_kwh * intensity_kg_per_kwh * (1.0 - cfe_share)
