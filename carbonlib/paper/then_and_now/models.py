"""The four conclusions as vectorized models: inputs (floats or arrays) to one metric each.

Every model is built from the methodology layer, so the paper's set and today's set go through the
same arithmetic; only the inputs differ.

- :func:`embodied_share`: one hour of an 8-GPU training server at full load, embodied carbon as a
  share of the total once a carbon-free share of the energy is offset (Fig 5).
- :func:`utilization_reduction`: carbon per unit of work at 20% GPU utilization over that at 80%,
  location-based (Fig 9).
- :func:`net_growth`: net change of power per half-year when demand grows and optimization cuts
  energy per unit of work (Figs 6-8).
- :func:`federated_gap`: orders of magnitude between the federated-learning applications and the
  same data-centre training run (Fig 11).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from carbonlib.methodology.compounding import net_change
from carbonlib.methodology.embodied import embodied_kg
from carbonlib.methodology.operational import energy_kwh, operational_kg
from carbonlib.methodology.utilization import power_w

__all__ = ["embodied_share", "utilization_reduction", "net_growth", "federated_gap", "MODELS"]


def _per_server_hour(server_power_w: Any, pue: Any, intensity_kg_per_kwh: Any,
                     server_embodied_kg: Any, lifetime_years: Any,
                     occupancy: Any) -> tuple[Any, Any]:
    """Location-based operational and embodied kg CO2e of one server-hour at full load."""
    op = operational_kg(energy_kwh(server_power_w, 1.0, pue=pue), intensity_kg_per_kwh)
    emb = embodied_kg(server_embodied_kg, 1.0, lifetime_years=lifetime_years,
                      utilization=occupancy)
    return op, emb


def embodied_share(*, server_power_w: Any, pue: Any, intensity_kg_per_kwh: Any,
                   server_embodied_kg: Any, lifetime_years: Any, occupancy: Any,
                   cfe_share: Any) -> dict[str, Any]:
    """Embodied share of one server-hour once ``cfe_share`` of the energy is carbon-free.

    Parameters
    ----------
    server_power_w : float or array_like
        IT power of the server at full load, W.
    pue : float or array_like
        Power usage effectiveness (>= 1).
    intensity_kg_per_kwh : float or array_like
        Grid intensity, kg CO2e per kWh.
    server_embodied_kg : float or array_like
        Manufacturing carbon of the server, kg CO2e.
    lifetime_years : float or array_like
        Service life, years.
    occupancy : float or array_like
        Fraction of its life the server is busy, in (0, 1].
    cfe_share : float or array_like
        Carbon-free share of the energy, in [0, 1].

    Returns
    -------
    dict
        ``metric`` (the embodied share, fraction), ``operational_kg`` (after the carbon-free
        share), ``offset_kg`` and ``embodied_kg``, per server-hour.

    Examples
    --------
    2.5 kW, PUE 1.1, 0.4 kg/kWh: 1.1 kg/h; 2000 kg over 4 y at 50%: 2000 / 17520 = 0.114 kg/h;
    with 80% carbon-free: 0.114 / (0.114 + 0.22) = 0.342

    >>> out = embodied_share(server_power_w=2500, pue=1.1, intensity_kg_per_kwh=0.4,
    ...                      server_embodied_kg=2000, lifetime_years=4, occupancy=0.5,
    ...                      cfe_share=0.8)
    >>> round(float(out["metric"]), 3)
    0.342
    """
    op, emb = _per_server_hour(server_power_w, pue, intensity_kg_per_kwh, server_embodied_kg,
                               lifetime_years, occupancy)
    rest = op * (1.0 - np.asarray(cfe_share, dtype=float))
    return {"metric": emb / (emb + rest), "operational_kg": rest, "offset_kg": op - rest,
            "embodied_kg": emb}


def utilization_reduction(*, server_power_w: Any, pue: Any, intensity_kg_per_kwh: Any,
                          server_embodied_kg: Any, lifetime_years: Any, occupancy: Any,
                          idle_fraction: Any, low_utilization: float = 0.2,
                          high_utilization: float = 0.8) -> dict[str, Any]:
    """How many times more carbon a unit of work costs at low than at high GPU utilization.

    Per unit of work (one hour of work at full utilization), a server at utilization ``u`` draws
    ``power(u) / u`` (:func:`carbonlib.methodology.utilization.power_w`, idle power
    ``idle_fraction * server_power_w``) and holds the hardware ``1 / u`` hours.

    Returns
    -------
    dict
        ``metric`` (total at ``low_utilization`` over total at ``high_utilization``, location-
        based), ``embodied_share_at_high``.

    Examples
    --------
    Embodied equal to operational at full load (1 and 1), idle half of peak: at 20%
    (0.5 / 0.2 + 0.5) + 1 / 0.2 = 8, at 80% (0.5 / 0.8 + 0.5) + 1 / 0.8 = 2.375; 8 / 2.375 = 3.37

    >>> out = utilization_reduction(server_power_w=1000, pue=1.0, intensity_kg_per_kwh=1.0,
    ...     server_embodied_kg=8760, lifetime_years=1, occupancy=1, idle_fraction=0.5)
    >>> round(float(out["metric"]), 2)
    3.37
    """
    op, emb = _per_server_hour(server_power_w, pue, intensity_kg_per_kwh, server_embodied_kg,
                               lifetime_years, occupancy)
    idle = np.asarray(idle_fraction, dtype=float)

    def per_work(u: float) -> tuple[Any, Any]:
        relative_power = power_w(u, idle_w=idle, peak_w=np.ones_like(idle))
        return op * relative_power / u, emb / u

    op_lo, emb_lo = per_work(low_utilization)
    op_hi, emb_hi = per_work(high_utilization)
    return {"metric": (op_lo + emb_lo) / (op_hi + emb_hi),
            "embodied_share_at_high": emb_hi / (op_hi + emb_hi)}


def net_growth(*, demand_growth: Any, efficiency_reduction: Any) -> dict[str, Any]:
    """Net change of power per half-year: ``(1 + demand_growth) * (1 - efficiency_reduction) - 1``.

    Examples
    --------
    >>> round(float(net_growth(demand_growth=0.35, efficiency_reduction=0.2)["metric"]), 3)
    0.08
    """
    return {"metric": net_change(efficiency_reduction, demand_growth, 1)}


def federated_gap(*, fl_kg_at_reference: Any, reference_intensity_kg_per_kwh: Any,
                  client_intensity_kg_per_kwh: Any, dc_it_kwh: Any, energy_efficiency_gain: Any,
                  pue: Any, intensity_kg_per_kwh: Any) -> dict[str, Any]:
    """Orders of magnitude between federated learning at the edge and a data-centre run.

    The federated footprint scales with the clients' grid (``fl_kg_at_reference`` was computed at
    ``reference_intensity_kg_per_kwh``); the data-centre run needs ``dc_it_kwh /
    energy_efficiency_gain`` of IT energy, times PUE and grid intensity.

    Returns
    -------
    dict
        ``metric`` (``|log10(federated / data centre)|``: 0 equal, 1 a factor of ten),
        ``ratio``, ``federated_kg``, ``datacenter_kg``.

    Examples
    --------
    200 kg of FL against 200 kWh x 1.1 x 0.45 = 99 kg: ratio 2.02, 0.31 orders of magnitude

    >>> out = federated_gap(fl_kg_at_reference=200, reference_intensity_kg_per_kwh=0.45,
    ...     client_intensity_kg_per_kwh=0.45, dc_it_kwh=200, energy_efficiency_gain=1,
    ...     pue=1.1, intensity_kg_per_kwh=0.45)
    >>> round(float(out["ratio"]), 2), round(float(out["metric"]), 2)
    (2.02, 0.31)
    """
    fl = fl_kg_at_reference * np.asarray(client_intensity_kg_per_kwh, dtype=float) \
        / reference_intensity_kg_per_kwh
    it_kwh = dc_it_kwh / np.asarray(energy_efficiency_gain, dtype=float)
    # facility energy: it_kwh hours of a 1 kW load, times PUE
    dc = operational_kg(energy_kwh(1000.0, it_kwh, pue=pue), intensity_kg_per_kwh)
    ratio = fl / dc
    return {"metric": np.abs(np.log10(ratio)), "ratio": ratio, "federated_kg": fl,
            "datacenter_kg": dc}


#: Model of each conclusion, by key.
MODELS = {"embodied_share": embodied_share, "utilization": utilization_reduction,
          "growth": net_growth, "federated": federated_gap}
