"""Figure 5: embodied against operational carbon of LM and RM-1..RM-5.

Operational carbon is Fig 4's digitized location-based total (PUE 1.1 included), split into the part
offset by solar and the rest by the share read from Fig 5. Embodied carbon follows the paper's
stated LCA method (Sec III-A): ``system_embodied_kg * system_hours / (lifetime * 8760 * u)``. The
server counts and run times are unpublished, so the system-hours are *implied*: the hours that give
the digitized embodied bar under the paper's assumptions at the middle of its ranges (2000 kg per
GPU system, utilization 45%, lifetime 4 years). The band is the embodied range those system-hours
give when utilization and lifetime vary over the stated ranges (Monte Carlo, 5th-95th percentile).
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from carbonlib import data
from carbonlib.machinery.plotting import KIND_STYLE, PALETTE
from carbonlib.methodology import validation as v
from carbonlib.methodology.embodied import embodied_kg
from carbonlib.methodology.footprint import footprint
from carbonlib.methodology.uncertainty import Uniform, embodied_interval_kg, sobol_indices
from carbonlib.paper import agreement as agreement_mod
from carbonlib.paper import assumptions as paper_assumptions
from carbonlib.paper import claims
from carbonlib.paper.contract import FigureResult, FigureSpec
from carbonlib.paper.figures import unset

SPEC = FigureSpec(number=5, stem="fig05_embodied_vs_operational",
                  title="Figure 5: embodied against operational carbon",
                  tables=("fig05_lifecycle", "grid_intensity", "paper_assumptions"))
SEGMENTS = ["embodied", "operational_rest", "operational_offset"]


def assumptions() -> dict[str, float]:
    """The paper's stated LCA assumptions (Sec III-A), by name."""
    return {name: paper_assumptions.value(name) for name in paper_assumptions.PARAMETERS}


def _grid_intensity(region: str, year: int) -> float:
    g = data.load("grid_intensity")
    hit = g[(g["region_code"] == region) & (g["year"] == year)]
    if hit.empty:
        v.one_of("grid region/year", f"{region}/{year}",
                 [f"{r}/{y}" for r, y in zip(g["region_code"], g["year"], strict=True)])
    return float(hit["intensity_kg_per_kwh"].iloc[0])


def implied_system_hours(embodied_t: np.ndarray, a: dict[str, float] | None = None) -> np.ndarray:
    """System-hours that give ``embodied_t`` (tonnes) under the paper's mid-range assumptions.

    ``hours = embodied_kg / embodied_kg(2000 kg, 1 h, lifetime=4 y, utilization=0.45)``.
    """
    a = a or assumptions()
    per_hour = embodied_kg(a["gpu_system_embodied"], 1.0,
                           lifetime_years=(a["lifetime_low"] + a["lifetime_high"]) / 2,
                           utilization=(a["utilization_low"] + a["utilization_high"]) / 2)
    return np.asarray(embodied_t, dtype=float) * 1000.0 / per_hour


def _bars() -> pd.DataFrame:
    raw = data.load("fig05_lifecycle")
    wide = raw.pivot(index="model", columns="segment", values="emissions_tco2e")
    return wide.loc[sorted(wide.index, key=lambda m: (m != "LM", m))]


def _inputs(utilization: tuple[float, float], lifetime_years: tuple[float, float]) -> dict:
    return {"utilization": Uniform(*utilization), "lifetime_years": Uniform(*lifetime_years)}


def _model(energy_kwh, intensity, hours, system_kg, cfe):
    def run(utilization, lifetime_years):
        return footprint(energy_kwh, intensity, job_hours=hours, system_embodied_kg=system_kg,
                         lifetime_years=lifetime_years, utilization=utilization, cfe_share=cfe)
    return run


@dataclass(frozen=True)
class Fig05Result(FigureResult):
    """Fig 5's table and the assumptions it was computed with (see :func:`frame`)."""

    models: pd.DataFrame
    utilization: tuple[float, float]
    lifetime_years: tuple[float, float]
    intensity_kg_per_kwh: float
    system_embodied_kg: float


def frame(*, utilization: tuple[float, float] | None = None,
          lifetime_years: tuple[float, float] | None = None, pue: float | None = None,
          cfe_share: float | None = None, system_embodied_kg: float | None = None,
          grid_region: str = "USA", grid_year: int = 2020, n: int = 100_000,
          seed: int = 0) -> Fig05Result:
    """The plotted table, one row per model, with the assumptions used.

    Parameters
    ----------
    utilization, lifetime_years : (low, high), optional
        Ranges of the embodied amortization (default: the paper's 0.3-0.6 and 3-5 years).
    pue : float, optional
        Scales Fig 4's operational totals by ``pue / 1.1`` (default: the paper's 1.1).
    cfe_share : float, optional
        Carbon-free (solar) share of the energy; None or NaN: each model's share read from
        Fig 5.
    system_embodied_kg : float, optional
        Embodied carbon per system (default: the paper's 2000 kg GPU system).
    grid_region, grid_year : str, int
        Row of ``data/grid_intensity.csv`` used only to express the operational carbon as implied
        energy (the paper's location-based intensities are unpublished).
    n, seed : int
        Monte Carlo draws and seed.

    Returns
    -------
    Fig05Result
        ``models`` holds the digitized columns (``*_digitized_t``, ``operational_fig4_t``),
        the implied quantities
        (``cfe_share``, ``system_hours_implied``, ``energy_mwh_implied``,
        ``power_kw_per_system_implied`` = facility kW per system the two imply) and the
        recomputed ones
        (``embodied_t`` at the middle of the ranges, ``embodied_low_t``/``embodied_high_t`` the
        5th/95th percentiles, ``operational_t``, ``operational_rest_t``,
        ``operational_offset_t``, ``total_t``, ``total_low_t``, ``total_high_t``), all in t CO2e.
    """
    a = assumptions()
    u = utilization or (a["utilization_low"], a["utilization_high"])
    life = lifetime_years or (a["lifetime_low"], a["lifetime_high"])
    pue = a["pue"] if pue is None else v.check_range("pue", pue, low=1.0)
    system_kg = a["gpu_system_embodied"] if system_embodied_kg is None else \
        v.nonnegative("system_embodied_kg", system_embodied_kg)
    intensity = _grid_intensity(grid_region, grid_year)
    bars = _bars()
    out = pd.DataFrame(index=bars.index)
    for seg in SEGMENTS:
        out[f"{seg}_digitized_t"] = bars[seg]
    out["operational_fig4_t"] = bars["operational_fig4"]
    read_share = bars["operational_offset"] / (bars["operational_offset"]
                                              + bars["operational_rest"])
    out["cfe_share"] = read_share if unset(cfe_share) else v.fraction("cfe_share", cfe_share)
    out["system_hours_implied"] = implied_system_hours(bars["embodied"], a)
    operational_t = bars["operational_fig4"] * pue / a["pue"]
    out["energy_mwh_implied"] = operational_t / intensity  # t / (kg/kWh) = MWh
    out["power_kw_per_system_implied"] = out["energy_mwh_implied"] * 1000.0 / \
        out["system_hours_implied"]
    central = footprint(out["energy_mwh_implied"] * 1000.0, intensity,
                        job_hours=out["system_hours_implied"], system_embodied_kg=system_kg,
                        lifetime_years=float(np.mean(life)), utilization=float(np.mean(u)),
                        cfe_share=out["cfe_share"])
    out["embodied_t"] = central.embodied_kg / 1000.0
    out["operational_t"] = operational_t
    out["operational_rest_t"] = central.operational_kg / 1000.0
    out["operational_offset_t"] = out["operational_t"] - out["operational_rest_t"]
    out["total_t"] = out["embodied_t"] + out["operational_t"]
    out["embodied_low_t"], out["embodied_high_t"] = (
        kg / 1000.0 for kg in embodied_interval_kg(system_kg, out["system_hours_implied"],
                                                   utilization=tuple(u),
                                                   lifetime_years=tuple(life), n=n, seed=seed))
    out["total_low_t"] = out["embodied_low_t"] + out["operational_t"]
    out["total_high_t"] = out["embodied_high_t"] + out["operational_t"]
    return Fig05Result(
        params={"utilization": utilization, "lifetime_years": lifetime_years, "pue": pue,
                "cfe_share": cfe_share, "system_embodied_kg": system_embodied_kg,
                "grid_region": grid_region, "grid_year": grid_year, "n": n, "seed": seed},
        models=out.reset_index(), utilization=tuple(u), lifetime_years=tuple(life),
        intensity_kg_per_kwh=intensity, system_embodied_kg=system_kg)


def sensitivity(result: Fig05Result, *, n: int = 2**12, seed: int = 0) -> pd.DataFrame:
    """Sobol indices of the six models' summed embodied and total carbon over the input ranges."""
    df = result.models
    inputs = _inputs(result.utilization, result.lifetime_years)
    hours = df["system_hours_implied"].sum()
    energy = df["energy_mwh_implied"].sum() * 1000.0
    run = _model(energy, result.intensity_kg_per_kwh, hours, result.system_embodied_kg, 0.0)
    parts = {out: sobol_indices(run, inputs, output=out, n=n, seed=seed)
             for out in ("embodied_kg", "embodied_share")}
    return pd.concat(parts, names=["output"]).reset_index()


def ratios(df: pd.DataFrame) -> dict[str, float]:
    """Aggregate ratios over the six models (sums), recomputed and from the digitized bars."""
    emb, op = df["embodied_t"].sum(), df["operational_t"].sum()
    demb = df["embodied_digitized_t"].sum()
    dop = df["operational_rest_digitized_t"].sum() + df["operational_offset_digitized_t"].sum()
    return {
        "embodied_over_operational": emb / op,
        "embodied_over_operational_low": df["embodied_low_t"].sum() / op,
        "embodied_over_operational_high": df["embodied_high_t"].sum() / op,
        "embodied_share_pct": 100 * emb / (emb + op),
        "embodied_over_rest": emb / df["operational_rest_t"].sum(),
        "digitized_embodied_over_operational": demb / dop,
        "digitized_embodied_share_pct": 100 * demb / (demb + dop),
        "digitized_embodied_over_rest": demb / df["operational_rest_digitized_t"].sum(),
    }


def draw(result: Fig05Result) -> plt.Figure:
    """Stacked bars like the paper (recomputed), the Monte Carlo band and the digitized tops."""
    df = result.models
    fig, ax = plt.subplots(figsize=(8.5, 5))
    x = np.arange(len(df))
    bottom = np.zeros(len(df))
    styles = [("embodied_t", "Projected embodied carbon (recomputed, mid-range)", "#a6cbe3",
               "////"),
              ("operational_rest_t", "Operational (rest): Fig 4 digitized total x (1 - solar)",
               "#1f4e9c", "\\\\\\\\"),
              ("operational_offset_t", "Operational (offset with solar): Fig 4 total x solar share",
               "#d9d9d9", "")]
    for col, label, color, hatch in styles:
        ax.bar(x, df[col], bottom=bottom, width=0.6, color=color, edgecolor="black",
               linewidth=0.6, hatch=hatch, label=label)
        bottom += df[col].to_numpy()
    lo = df["embodied_low_t"].to_numpy()
    hi = df["embodied_high_t"].to_numpy()
    ax.errorbar(x - 0.12, df["embodied_t"], yerr=[df["embodied_t"] - lo, hi - df["embodied_t"]],
                fmt="none", ecolor=PALETTE[3], elinewidth=2, capsize=4,
                label="embodied 5-95% over utilization and lifetime ranges (Monte Carlo)")
    dcum = df[["embodied_digitized_t", "operational_rest_digitized_t",
               "operational_offset_digitized_t"]].cumsum(axis=1)
    for j, col in enumerate(dcum.columns):
        ax.plot(x + 0.12, dcum[col], linestyle="none", marker=KIND_STYLE["digitized"]["marker"],
                color="black", markersize=7,
                label="segment tops digitized from the paper's Fig 5" if j == 0 else None)
    ax.set_xticks(x, df["model"])
    ax.set_ylabel("CO2e (t)")
    top = max(bottom.max(), dcum.to_numpy().max())
    ax.set_ylim(0, top * 1.35)
    ax.legend(fontsize=8, loc="upper right")
    u, life = result.utilization, result.lifetime_years
    ax.set_title(f"Embodied vs operational carbon (utilization {u[0]:.0%}-{u[1]:.0%}, "
                 f"lifetime {life[0]:g}-{life[1]:g} y)", fontsize=11)
    fig.tight_layout()
    return fig


def check_claims(result: Fig05Result) -> pd.DataFrame:
    """Fig 5's claims: embodied ~50% of operational, a ~30/70 split, embodied dominates with CFE."""
    df = result.models
    r = ratios(df)
    bars = claims.inputs("fig05_lifecycle")
    base = ("server counts unpublished: embodied recomputed from the system-hours implied by the "
            "digitized bars, so at the paper's mid-range assumptions it equals them by "
            "construction")
    rows = [
        claims.check(
            "fig05-embodied-over-operational", r["embodied_over_operational"], inputs=bars,
            note=(f"sum over six models; {base}; digitized bars "
                  f"{r['digitized_embodied_over_operational']:.3f}; utilization and lifetime "
                  f"ranges give {r['embodied_over_operational_low']:.2f}-"
                  f"{r['embodied_over_operational_high']:.2f} (5-95%)")),
        claims.check(
            "fig05-embodied-share", r["embodied_share_pct"], inputs=bars,
            note=(f"embodied / (embodied + location-based operational), sum over six models; "
                  f"digitized bars {r['digitized_embodied_share_pct']:.1f}%")),
        claims.check(
            "fig05-cfe-embodied-dominates", r["embodied_over_rest"], inputs=bars,
            note=(f"embodied / operational left after the solar share "
                  f"({df['cfe_share'].min():.0%}-{df['cfe_share'].max():.0%} per model); "
                  f"digitized bars {r['digitized_embodied_over_rest']:.2f}")),
    ]
    return claims.table(rows)


def agreement(result: Fig05Result) -> pd.DataFrame:
    """Operational carbon as recomputed (Fig 4's digitized totals, at the chosen PUE) against
    the operational segments of Fig 5 (rest + offset), in reading errors.

    The recomputed embodied bar is not scored: at the paper's mid-range assumptions it equals
    the digitized bar by construction (the system-hours are implied from it).
    """
    df = result.models
    err = data.load("fig05_lifecycle").set_index(["model", "segment"])["reading_error"]
    error = [err[(m, "operational_rest")] + err[(m, "operational_offset")] for m in df["model"]]
    paper = df["operational_rest_digitized_t"] + df["operational_offset_digitized_t"]
    return agreement_mod.table([agreement_mod.score(
        "Fig 5", "operational: Fig 4 totals vs Fig 5 segments", df["operational_t"], paper,
        error, df["model"])])
