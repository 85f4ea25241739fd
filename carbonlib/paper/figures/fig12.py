"""Figure 12 (Appendix A): data and model scaling of a recommendation model, the energy-optimal
frontier and its two stars.

Every marker and the frontier are digitized from the figure (``data/fig12_scaling.csv``); the
stars' settings are stated in Appendix A (``data/fig12_stars.csv``). A marker belongs to one
data-scale series (solid lines) and one model-scale series (dashed lines) where its colour and
line identify them. The recomputed curve is the power law of Appendix A fitted to the frontier,
``baseline_ne + error = scale * energy ** (-exponent)``, with an assumed baseline normalized
entropy (the plotted axis is the error above a reference model, not NE itself).
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from carbonlib import data
from carbonlib.data.schemas.fig12 import DATA_SCALES, MODEL_SCALES
from carbonlib.machinery.plotting import PALETTE
from carbonlib.methodology import growth
from carbonlib.methodology import validation as v
from carbonlib.methodology.growth import PowerLawFit, energy_ratio, fit_power_law
from carbonlib.paper import agreement as agreement_mod
from carbonlib.paper import claims
from carbonlib.paper.contract import FigureResult, FigureSpec
from carbonlib.paper.figures import unset

SPEC = FigureSpec(number=12, stem="fig12_data_scaling",
                  title="Figure 12: data and model scaling of a recommendation model",
                  tables=("fig12_scaling", "fig12_stars", "fig12_method"))

STAR_COLOURS: dict[str, tuple] = {"yellow": PALETTE[8], "green": PALETTE[2]}
FRONTIER = "Pareto frontier"


@dataclass(frozen=True)
class Fig12Result(FigureResult):
    """The digitized sweep as series, the stars, and the power law fitted to the frontier."""

    series: pd.DataFrame
    stars: pd.DataFrame
    frontier: pd.DataFrame
    fit: PowerLawFit
    baseline_ne: float


def _wide(raw: pd.DataFrame) -> pd.DataFrame:
    """One row per digitized point: energy, model error and their reading errors."""
    keys = ["element", "point", "data_scale_x", "model_scale_x"]
    val = raw.pivot_table(index=keys, columns="quantity", values="value", dropna=False)
    err = raw.pivot_table(index=keys, columns="quantity", values="reading_error", dropna=False)
    out = val.assign(energy_error_j=err["energy_per_step_j"], ne_error=err["model_error_ne"])
    out.columns.name = None
    return out.dropna(subset=["energy_per_step_j"]).reset_index()


def method_parameters() -> dict[str, float]:
    """The stated exponent range and the assumed baseline NE, from ``fig12_method``."""
    return data.load("fig12_method").set_index("parameter")["value"].to_dict()


def frame(baseline_ne: float | None = None) -> Fig12Result:
    """The plotted series, the two stars and the fitted frontier.

    Parameters
    ----------
    baseline_ne : float, optional
        Normalized entropy of the reference model, added to the plotted error before the power
        law is fitted (None or NaN: the assumption in ``data/fig12_method.csv``, 0.8).

    Returns
    -------
    Fig12Result
        ``series``: one row per point and series (``series``, ``family`` data/model/frontier,
        ``scale_x``, ``energy_per_step_j``, ``model_error_ne``, ``energy_error_j``,
        ``ne_error``); ``stars``: the stated settings with their digitized markers;
        ``frontier``: the frontier with the fitted error (``fitted_error_ne``); ``fit``.
    """
    base = method_parameters()["baseline_ne"] if unset(baseline_ne) else v.positive(
        "baseline_ne", baseline_ne)
    pts = _wide(data.load("fig12_scaling"))
    markers, front = pts[pts["element"] == "marker"], pts[pts["element"] == "frontier"]
    cols = ["energy_per_step_j", "model_error_ne", "energy_error_j", "ne_error"]
    parts = [markers.dropna(subset=["data_scale_x"]).assign(
                 family="data", scale_x=lambda d: d["data_scale_x"],
                 series=lambda d: "data " + d["data_scale_x"].map("{:g}x".format)),
             markers.dropna(subset=["model_scale_x"]).assign(
                 family="model", scale_x=lambda d: d["model_scale_x"],
                 series=lambda d: "model " + d["model_scale_x"].map("{:g}x".format)),
             front.assign(family="frontier", scale_x=np.nan, series=FRONTIER)]
    series = pd.concat(parts, ignore_index=True)[["series", "family", "scale_x", "point", *cols]]
    series = series.sort_values(["family", "scale_x", "energy_per_step_j"]).reset_index(drop=True)

    settings = data.load("fig12_stars").pivot(index="star", columns="quantity", values="value")
    stars = settings[["data_scale_x", "model_scale_x"]].reset_index().merge(
        markers[["data_scale_x", "model_scale_x", "point", *cols]],
        on=["data_scale_x", "model_scale_x"], how="left")
    stars = stars.set_index("star").loc[["yellow", "green"]].reset_index()

    fit = fit_power_law(front["energy_per_step_j"], base + front["model_error_ne"])
    frontier = front[["point", *cols]].reset_index(drop=True)
    frontier["fitted_error_ne"] = fit.predict(frontier["energy_per_step_j"]) - base
    return Fig12Result(params={"baseline_ne": baseline_ne}, series=series, stars=stars,
                       frontier=frontier, fit=fit, baseline_ne=float(base))


def frontier_error_at(result: Fig12Result, energy_j) -> np.ndarray:
    """The digitized frontier's model error at ``energy_j``, interpolated in log energy."""
    f = result.frontier
    return np.interp(np.log(np.asarray(energy_j, dtype=float)), np.log(f["energy_per_step_j"]),
                     f["model_error_ne"])


def _colours(family: str) -> dict[float, tuple]:
    scales = DATA_SCALES if family == "data" else MODEL_SCALES
    base = PALETTE[0] if family == "data" else PALETTE[6]
    shades = sns.light_palette(base, n_colors=len(scales) + 2)[2:]
    if family == "model":
        shades = sns.blend_palette([shades[0], base, "#4a0030"], n_colors=len(scales))
    return dict(zip(scales, shades, strict=True))


def draw(result: Fig12Result) -> plt.Figure:
    """The paper's axes (log-2 energy per step, model error): every digitized series, the
    frontier, the fitted power law and the two stars."""
    fig, ax = plt.subplots(figsize=(10.5, 5.6))
    s = result.series
    for family, style in (("data", "-"), ("model", "--")):
        colours = _colours(family)
        for scale, grp in s[s["family"] == family].groupby("scale_x"):
            ax.plot(grp["energy_per_step_j"], grp["model_error_ne"], style, marker="o",
                    markersize=5, linewidth=1.3, color=colours[scale],
                    label=f"{family.capitalize()} scale: {scale:g}x")
    f = result.frontier
    ax.plot(f["energy_per_step_j"], f["model_error_ne"], color="black", linestyle=(0, (6, 3)),
            linewidth=1.8, label="Pareto frontier (digitized)")
    ax.plot(f["energy_per_step_j"], f["fitted_error_ne"], color=PALETTE[3], linewidth=1.2,
            label=f"power law fitted to the frontier, b = {result.fit.exponent:.4f}\n"
                  f"(assumed baseline NE {result.baseline_ne:g})")
    for row in result.stars.itertuples():
        ax.plot(row.energy_per_step_j, row.model_error_ne, "*", markersize=20, zorder=5,
                color=STAR_COLOURS[row.star], markeredgecolor="black", markeredgewidth=0.8,
                label=(f"{row.star} star: data {row.data_scale_x:g}x, model "
                       f"{row.model_scale_x:g}x"))
    y, g = result.stars.set_index("star").loc["yellow"], result.stars.set_index("star").loc["green"]
    ratio = g["energy_per_step_j"] / y["energy_per_step_j"]
    dne = y["model_error_ne"] - g["model_error_ne"]
    ax.text(1.02, 0.0, f"green / yellow star:\n{ratio:.1f}x energy per step (paper: ~4x)\n"
            f"for {dne:.4f} less model error\n(paper: 0.004)", transform=ax.transAxes,
            fontsize=9, va="bottom", color="0.2")
    ax.set_xscale("log", base=2)
    ax.set_xlim(0.125, 4)
    ticks = [0.125, 0.25, 0.5, 1, 2, 4]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.set_ylim(0, 0.010)
    ax.set_xlabel("Energy/Step (J)")
    ax.set_ylabel("Model Error (lower is better)")
    ax.set_title("Data and model scaling of a recommendation model (digitized from Fig 12)",
                 fontsize=11)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7.5, ncol=1,
              frameon=False)
    fig.tight_layout()
    return fig


def _exponent_readings(result: Fig12Result, y: pd.Series, g: pd.Series,
                       star_rows: tuple[claims.Input, ...], front_rows: tuple[claims.Input, ...]
                       ) -> tuple[claims.Reading, ...]:
    """The power of "quality against energy" under each reading of "quality" (App A)."""
    e_ratio = g["energy_per_step_j"] / y["energy_per_step_j"]
    energy, error = result.frontier["energy_per_step_j"], result.frontier["model_error_ne"]
    quality_words = ("Overall model quality performance has a (diminishing) power-law "
                     "relationship with the corresponding energy consumption")
    return (
        claims.Reading(
            f"normalized entropy = {result.baseline_ne:g} (assumed) + plotted error, along the "
            "frontier", result.fit.exponent, quality_words, primary=True,
            inputs=front_rows + claims.inputs("fig12_method", parameter="baseline_ne")),
        claims.Reading("quality = 1 - plotted error, along the frontier",
                       -fit_power_law(energy, 1 - error).exponent, inputs=front_rows),
        claims.Reading("quality = 1 - plotted error, between the two stars",
                       growth.implied_power_law_exponent(
                           (1 - g["model_error_ne"]) / (1 - y["model_error_ne"]), e_ratio),
                       inputs=star_rows),
        claims.Reading("plotted error falling, between the two stars",
                       growth.implied_power_law_exponent(
                           y["model_error_ne"] / g["model_error_ne"], e_ratio),
                       inputs=star_rows),
        claims.Reading("plotted error falling, along the frontier",
                       fit_power_law(energy, error).exponent, inputs=front_rows),
    )


def check_claims(result: Fig12Result) -> pd.DataFrame:
    """The stars' "~4x energy for 0.004 NE", the stars on the frontier, and the exponent."""
    st = result.stars.set_index("star")
    y, g = st.loc["yellow"], st.loc["green"]
    ratio, lo, hi = energy_ratio(g["energy_per_step_j"], y["energy_per_step_j"],
                                 error_high_j=g["energy_error_j"],
                                 error_low_j=y["energy_error_j"])
    dne = y["model_error_ne"] - g["model_error_ne"]
    star_rows = (claims.inputs("fig12_scaling", element="marker",
                               point=[int(y["point"]), int(g["point"])])
                 + claims.inputs("fig12_stars", quantity=["data_scale_x", "model_scale_x"]))
    off = np.abs(st["model_error_ne"] - frontier_error_at(result, st["energy_per_step_j"]))
    front_rows = claims.inputs("fig12_scaling", element="frontier")
    method = method_parameters()
    rows = [
        claims.check("fig12-energy-4x", ratio, inputs=star_rows,
                     note=f"{g['energy_per_step_j']:.3g} J / {y['energy_per_step_j']:.3g} J per "
                          f"step (digitized star markers); reading errors allow {lo:.1f}x to "
                          f"{hi:.1f}x"),
        claims.check("fig12-ne-degradation", dne, inputs=star_rows,
                     note=f"{y['model_error_ne']:.5f} - {g['model_error_ne']:.5f} (digitized); "
                          f"reading error +-{y['ne_error'] + g['ne_error']:.5f}"),
        claims.check("fig12-stars-on-frontier", float(off.max()), inputs=star_rows + front_rows,
                     note=(f"largest distance in model error between a star and the digitized "
                           f"frontier at the star's energy (yellow {off['yellow']:.5f}, green "
                           f"{off['green']:.5f}); 'on the frontier' read as within two reading "
                           "errors of a marker")),
        claims.check(
            "fig12-power-law-exponent", None,
            note=(f"fits of Fig 12's digitized points ({result.fit.n} on the frontier, two "
                  "stars); the paper does not say which quantity its power law is of, so each "
                  "reading is shown; the paper states "
                  f"{method['exponent_low']:g}-{method['exponent_high']:g}"),
            readings=_exponent_readings(result, y, g, star_rows, front_rows)),
    ]
    return claims.table(rows)


def agreement(result: Fig12Result) -> pd.DataFrame:
    """The power law fitted to the frontier against the digitized frontier."""
    f = result.frontier
    return agreement_mod.table([agreement_mod.score(
        "Fig 12", "power law fitted to the frontier", f["fitted_error_ne"], f["model_error_ne"],
        f["ne_error"], labels=[f"{e:.3g} J" for e in f["energy_per_step_j"]])])
