"""The two input sets, "paper" and "today", as model inputs per conclusion.

Every value is read from ``data/``: the paper's set from the tables behind Figs 5, 8, 9 and 11,
``hardware``, ``grid_intensity`` and ``paper_assumptions``; today's from ``today_hardware``,
``today_fleet`` and ``today_grid``. An input is a constant or, where sources disagree, a
distribution over the range they span (:class:`Uniform` between the lowest and highest source, or
:class:`Triangular` peaking at the mean of the ``central`` rows when the table marks some).
Inputs without a today counterpart (lifetime, lifetime utilization, the federated-learning client
hours and device powers) keep the paper's values in both sets, so a verdict reflects only what
changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from carbonlib import data
from carbonlib.methodology import validation as v
from carbonlib.methodology.uncertainty import Triangular, Uniform
from carbonlib.paper import assumptions as paper_assumptions

Spec = float | Uniform | Triangular

__all__ = ["SETS", "Spec", "input_sets", "point_values", "hyperscale_pue_range",
           "today_server_embodied", "efficiency_reductions", "fleet_net_growth",
           "half_year_rate"]

#: The two input sets compared.
SETS: tuple[str, ...] = ("paper", "today")
#: Accelerators per training server in both sets (the paper's 8-GPU system; DGX/HGX boards).
ACCELERATORS_PER_SERVER = 8
#: Utilizations compared by the Fig 9 conclusion (the text's 20% and "up to 80%").
LOW_UTILIZATION, HIGH_UTILIZATION = 0.2, 0.8


def _spread(values: Any, central: Any = ()) -> Spec:
    """A constant for one value; Uniform over the range, or Triangular at the central mean."""
    vals = np.asarray(values, dtype=float)
    low, high = float(vals.min()), float(vals.max())
    if low == high:
        return low
    central = np.asarray(central, dtype=float)
    if central.size:
        return Triangular(low, float(np.clip(central.mean(), low, high)), high)
    return Uniform(low, high)


def half_year_rate(value: Any, period_years: Any, *, kind: str) -> Any:
    """Convert a change over ``period_years`` into a rate per half-year.

    ``kind="growth"``: ``value`` is a growth fraction, returns ``(1 + value)**(0.5 / period) - 1``.
    ``kind="gain"``: ``value`` is an efficiency factor (> 0), returns the reduction of energy per
    unit of work, ``1 - value**(-0.5 / period)``.

    Examples
    --------
    34% a year is 15.8% a half-year; a 6x gain over 5 years cuts energy per work 16.4% a
    half-year:

    >>> round(float(half_year_rate(0.34, 1, kind="growth")), 4)
    0.1576
    >>> round(float(half_year_rate(6, 5, kind="gain")), 4)
    0.164
    """
    v.positive("period_years", period_years)
    if kind == "growth":
        v.check_range("value", value, low=-1.0, low_open=True)
        return (1.0 + np.asarray(value, dtype=float)) ** (0.5 / period_years) - 1.0
    if kind == "gain":
        v.positive("value", value)
        return 1.0 - np.asarray(value, dtype=float) ** (-0.5 / period_years)
    raise ValueError(f"kind={kind!r} is not allowed; allowed: 'growth', 'gain'")


def _hardware(table: pd.DataFrame, hardware: str, quantity: str) -> pd.DataFrame:
    rows = table[(table["hardware"] == hardware) & (table["quantity"] == quantity)]
    if rows.empty:
        raise ValueError(f"no {quantity!r} row for hardware={hardware!r} in the data")
    return rows


def _one(table: pd.DataFrame, hardware: str, quantity: str) -> float:
    return float(_hardware(table, hardware, quantity)["value"].iloc[0])


def today_server_embodied() -> Spec:
    """Embodied kg CO2e of an 8-GPU H100 server: Triangular over the sources' range."""
    rows = _hardware(data.load("today_hardware"), "h100-8gpu-server", "embodied_kg")
    rows = rows[rows["scope"] == "server"]
    return _spread(rows["value"], rows.loc[rows["bound"] == "central", "value"])


def hyperscale_pue_range() -> Spec:
    """PUE of current hyperscale fleets and regions (the industry average is kept out)."""
    f = data.load("today_fleet")
    rows = f[(f["quantity"] == "pue") & f["scope"].isin(["fleet", "region"])]
    return _spread(rows["value"])


def efficiency_reductions() -> pd.Series:
    """Today's reductions of energy per unit of work per half-year, one per source.

    From Google's compute per kWh over five years, and from peak FP16 throughput per watt of
    V100 -> H100 and H100 -> B200 over the years between their announcements.
    """
    hw = data.load("today_hardware")
    paper_hw = data.load("hardware")
    v100_w = float(paper_hw[(paper_hw["hardware"] == "v100") & (paper_hw["quantity"] == "tdp_w")
                            ]["value"].iloc[0])

    def per_watt(name: str, watts: float) -> float:
        return _one(hw, name, "peak_tflops_fp16") / watts

    h100_w, b200_w = _one(hw, "h100", "tdp_w"), _one(hw, "b200", "tdp_w")
    years = {n: _one(hw, n, "release_year") for n in ("v100", "h100", "b200")}
    fleet = data.load("today_fleet")
    gain = fleet[fleet["quantity"] == "compute_per_kwh_gain"].iloc[0]
    out = {
        "google compute per kWh": half_year_rate(gain["value"], gain["period_years"], kind="gain"),
        "V100 to H100 FP16 per watt": half_year_rate(
            per_watt("h100", h100_w) / per_watt("v100", v100_w),
            years["h100"] - years["v100"], kind="gain"),
        "H100 to B200 FP16 per watt": half_year_rate(
            per_watt("b200", b200_w) / per_watt("h100", h100_w),
            years["b200"] - years["h100"], kind="gain"),
    }
    return pd.Series({k: float(x) for k, x in out.items()}, name="reduction_per_half_year")


def fleet_net_growth() -> pd.Series:
    """Observed fleet electricity growth per half-year, one per source row."""
    f = data.load("today_fleet")
    rows = f[f["quantity"] == "electricity_growth"]
    rates = half_year_rate(rows["value"].to_numpy(), rows["period_years"].to_numpy(),
                           kind="growth")
    labels = [f"{o} {y} ({s})" for o, y, s in zip(rows["operator"], rows["year"], rows["scope"],
                                                  strict=True)]
    return pd.Series(np.asarray(rates, dtype=float), index=labels, name="growth_per_half_year")


def _today_demand_growth() -> Spec:
    """Compute-demand growth per half-year implied by fleet electricity growth and Google's gain.

    ``(1 + electricity growth) / (1 - reduction from Google's compute per kWh) - 1`` per source.
    """
    reduction = efficiency_reductions()["google compute per kWh"]
    return _spread((1.0 + fleet_net_growth().to_numpy()) / (1.0 - reduction) - 1.0)


def _paper_growth() -> tuple[Spec, Spec]:
    """Fig 8: demand growth (baseline over the previous optimized level), reduction per period."""
    f8 = data.load("fig08_power_over_time").pivot(index="half_year_order", columns="series",
                                                  values="power_normalized").sort_index()
    growth = f8["baseline"].iloc[1:].to_numpy() / f8["optimized"].iloc[:-1].to_numpy() - 1.0
    reduction = 1.0 - f8["optimized"].to_numpy() / f8["baseline"].to_numpy()
    return _spread(growth), _spread(reduction)


def _grid(table: str, region: str, year: int | None = None) -> pd.Series:
    g = data.load(table)
    rows = g[g["region_code"] == region]
    if year is not None:
        rows = rows[rows["year"] == year]
    if rows.empty:
        raise ValueError(f"no grid row for region={region!r} year={year!r} in {table}")
    return rows["intensity_kg_per_kwh"]


def _fig05_cfe_share() -> float:
    """The carbon-free (solar) share of Fig 5, over the six models' summed bars."""
    b = data.load("fig05_lifecycle").pivot(index="model", columns="segment",
                                           values="emissions_tco2e").sum()
    return float(b["operational_offset"] / (b["operational_offset"] + b["operational_rest"]))


def _fig09_idle_fraction() -> float:
    from carbonlib.methodology.utilization import calibrate

    raw = data.load("fig09_utilization").pivot(index="gpu_utilization_pct", columns="segment",
                                               values="footprint_normalized")
    u = raw.index.to_numpy() / 100.0
    fit = calibrate(u, raw["embodied"], raw["operational_rest"] + raw["operational_offset"],
                    raw["operational_rest"])
    return float(fit.idle_fraction)


def _paper_server_power_w() -> Spec:
    hw = data.load("hardware")
    v100 = hw[hw["hardware"] == "v100"]
    per_gpu = v100[v100["quantity"].isin(["tdp_w", "measured_power_w"])]["value"]
    return _spread(per_gpu * ACCELERATORS_PER_SERVER)


def _today_server_power_w() -> Spec:
    """8-GPU H100 server power: from the GPUs' TDP alone to the rated maximum, peaking at the
    mean of the measured training powers."""
    hw = data.load("today_hardware")
    rated = _hardware(hw, "h100-8gpu-server", "max_power_w")["value"]
    measured = _hardware(hw, "h100-8gpu-server", "measured_power_w")["value"]
    return _spread(pd.concat([rated, measured]), measured)


def _fl_inputs() -> dict[str, float]:
    bars = data.load("fig11_fl_bars")
    totals = bars[(bars["group"] == "federated") & (bars["component"] == "total")]
    method = data.load("fig11_fl_method").set_index("parameter")["value"]
    run = data.load("fig11_transformer_big").set_index("run").loc["p100-iowa"]
    return {"fl_kg_at_reference": float(totals["co2e_kg"].mean()),
            "reference_intensity_kg_per_kwh": float(method["grid_intensity_kg_per_kwh"]),
            "dc_it_kwh": float(run["chips"] * run["days"] * 24 * run["power_per_chip_w"] / 1000)}


def _p100_to_h100_gain() -> Spec:
    """Energy per unit of work, P100 over H100: peak FP32 and FP16 throughput per watt."""
    hw = data.load("today_hardware")
    gains = [(_one(hw, "h100", q) / _one(hw, "h100", "tdp_w"))
             / (_one(hw, "p100", q) / _one(hw, "p100", "tdp_w"))
             for q in ("peak_tflops_fp32", "peak_tflops_fp16")]
    return _spread(gains)


def input_sets(today_overrides: Mapping[str, Spec] | None = None) -> dict[str, dict[str, dict]]:
    """Model inputs per conclusion and set: ``{conclusion: {"paper": {...}, "today": {...}}}``.

    Parameters
    ----------
    today_overrides : mapping of str to float or distribution, optional
        Replace a today input wherever a conclusion uses it, e.g.
        ``{"server_embodied_kg": 20000.0}``. Unknown names raise ``ValueError``.
    """
    life = paper_assumptions.lifetime_range_years()
    occupancy = paper_assumptions.utilization_range()
    paper_pue = paper_assumptions.pue()
    paper_grid = float(_grid("grid_intensity", "USA", 2020).iloc[0])
    today_grid = _spread(_grid("today_grid", "USA"))
    server = {
        "paper": {"server_power_w": _paper_server_power_w(), "pue": paper_pue,
                  "intensity_kg_per_kwh": paper_grid,
                  "server_embodied_kg": paper_assumptions.gpu_system_embodied_kg()},
        "today": {"server_power_w": _today_server_power_w(), "pue": hyperscale_pue_range(),
                  "intensity_kg_per_kwh": today_grid,
                  "server_embodied_kg": today_server_embodied()},
    }
    shared = {"lifetime_years": Uniform(*life), "occupancy": Uniform(*occupancy)}
    cfe = _fig05_cfe_share()
    idle = {"paper": _fig09_idle_fraction(),
            "today": _spread(_hardware(data.load("today_hardware"), "h100",
                                       "idle_fraction")["value"])}
    g_paper, r_paper = _paper_growth()
    r_today = _spread(efficiency_reductions())
    fl = _fl_inputs()
    paper_run = data.load("fig11_transformer_big").set_index("run").loc["p100-iowa"]
    sets: dict[str, dict[str, dict]] = {
        "embodied_share": {s: {**server[s], **shared, "cfe_share": cfe} for s in SETS},
        "utilization": {s: {**server[s], **shared, "idle_fraction": idle[s]} for s in SETS},
        "growth": {"paper": {"demand_growth": g_paper, "efficiency_reduction": r_paper},
                   "today": {"demand_growth": _today_demand_growth(),
                             "efficiency_reduction": r_today}},
        "federated": {
            "paper": {**fl, "client_intensity_kg_per_kwh": fl["reference_intensity_kg_per_kwh"],
                      "energy_efficiency_gain": 1.0, "pue": float(paper_run["pue"]),
                      "intensity_kg_per_kwh": float(paper_run["intensity_gross_kg_per_kwh"])},
            "today": {**fl, "client_intensity_kg_per_kwh": today_grid,
                      "energy_efficiency_gain": _p100_to_h100_gain(),
                      "pue": hyperscale_pue_range(), "intensity_kg_per_kwh": today_grid},
        },
    }
    overrides = dict(today_overrides or {})
    known = set().union(*(s["today"] for s in sets.values()))
    for name, spec in overrides.items():
        if name not in known:
            raise ValueError(f"today_overrides has unknown input {name!r}; allowed: "
                             f"{', '.join(sorted(known))}")
        if not isinstance(spec, Uniform | Triangular):
            v.check_range(name, spec, low=0.0)
        for per_set in sets.values():
            if name in per_set["today"]:
                per_set["today"][name] = spec
    return sets


def point_values(spec: Spec) -> float:
    """A single value for a notebook parameter: the constant, or the middle of the range.

    Examples
    --------
    >>> point_values(Uniform(1.09, 1.2)), point_values(2.0)
    (1.145, 2.0)
    """
    if isinstance(spec, Triangular):
        return round(float(spec.mode), 6)
    if isinstance(spec, Uniform):
        return round((spec.low + spec.high) / 2, 6)
    return float(spec)
