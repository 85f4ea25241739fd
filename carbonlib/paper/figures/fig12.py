"""Figure 12 (Appendix A): data and model scaling for a recommendation model; the two stars.

Only the two highlighted settings on the energy-optimal frontier are available: their scaling
settings are stated in Appendix A and their positions (energy per training step, model error in
normalized entropy) are digitized from the figure. The sweep of curves behind them is unpublished.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from carbonlib import data
from carbonlib.machinery.plotting import PALETTE
from carbonlib.methodology import validation as v
from carbonlib.paper import claims

WHERE = "notebooks/fig12_data_scaling.ipynb; carbonlib.paper.figures.fig12"

STAR_COLOURS: dict[str, str] = {"yellow": "#f5b800", "green": "#2ca25f"}


def frame() -> pd.DataFrame:
    """The plotted table: one row per star.

    Columns: ``star``, ``data_scale_x``, ``model_scale_x`` (stated), ``energy_per_step_j`` and
    ``model_error_ne`` (digitized) with their reading errors ``energy_error_j`` and
    ``ne_error``.
    """
    long = data.load("fig12_stars")
    wide = long.pivot(index="star", columns="quantity", values="value")
    err = long.pivot(index="star", columns="quantity", values="reading_error")
    wide["energy_error_j"] = err["energy_per_step_j"]
    wide["ne_error"] = err["model_error_ne"]
    wide.columns.name = None
    return wide.loc[["yellow", "green"]].reset_index()


def energy_ratio(energy_high_j: float, energy_low_j: float, *, error_high_j: float = 0.0,
                 error_low_j: float = 0.0) -> tuple[float, float, float]:
    """Energy saving factor of the cheaper setting, with the range its reading errors allow.

    Parameters
    ----------
    energy_high_j, energy_low_j : float
        Energy per training step of the costlier and the cheaper setting, in joules (> 0).
    error_high_j, error_low_j : float, default 0
        Reading errors of each, in joules (>= 0, smaller than the value).

    Returns
    -------
    tuple of float
        ``(ratio, lowest, highest)``, dimensionless.

    Examples
    --------
    >>> energy_ratio(1.2, 0.3)
    (4.0, 4.0, 4.0)
    >>> [round(x, 2) for x in energy_ratio(1.2, 0.3, error_high_j=0.1, error_low_j=0.02)]
    [4.0, 3.44, 4.64]
    """
    v.positive("energy_high_j", energy_high_j)
    v.positive("energy_low_j", energy_low_j)
    v.check_range("error_high_j", error_high_j, low=0.0, high=energy_high_j, high_open=True)
    v.check_range("error_low_j", error_low_j, low=0.0, high=energy_low_j, high_open=True)
    ratio = energy_high_j / energy_low_j
    return (ratio, (energy_high_j - error_high_j) / (energy_low_j + error_low_j),
            (energy_high_j + error_high_j) / (energy_low_j - error_low_j))


def implied_power_law_exponent(quality_ratio: float, energy_ratio_x: float) -> float:
    """Exponent b of ``quality = c * energy**(-b)`` that links two points.

    ``b = ln(quality_ratio) / ln(energy_ratio_x)``, with ``quality_ratio`` the worse over the
    better quality (>= 1) and ``energy_ratio_x`` the costlier over the cheaper energy (> 1).

    Examples
    --------
    A 0.5% change in NE for 4x the energy:

    >>> round(implied_power_law_exponent(1.005, 4.0), 4)
    0.0036
    """
    v.check_range("quality_ratio", quality_ratio, low=1.0)
    v.check_range("energy_ratio_x", energy_ratio_x, low=1.0, low_open=True)
    return float(np.log(quality_ratio) / np.log(energy_ratio_x))


def draw(df: pd.DataFrame) -> plt.Figure:
    """The two stars on the paper's axes (log2 energy per step, model error), with error bars."""
    fig, ax = plt.subplots(figsize=(7.5, 4.8))
    s = df.set_index("star")
    ax.plot(s["energy_per_step_j"], s["model_error_ne"], "--", color="black", linewidth=1.2,
            label="energy-optimal trend between the stars (only these two points known)")
    for star, row in s.iterrows():
        ax.errorbar(row["energy_per_step_j"], row["model_error_ne"],
                    xerr=row["energy_error_j"], yerr=row["ne_error"], fmt="none",
                    ecolor="0.4", capsize=3)
        ax.plot(row["energy_per_step_j"], row["model_error_ne"], "*", markersize=22,
                color=STAR_COLOURS[star], markeredgecolor="0.3",
                label=(f"{star} star: data {row['data_scale_x']:g}x, model "
                       f"{row['model_scale_x']:g}x (stated); position digitized"))
        ax.annotate(f"{row['energy_per_step_j']:g} J, NE error {row['model_error_ne']:g}",
                    (row["energy_per_step_j"], row["model_error_ne"]),
                    xytext=(14, 8) if star == "yellow" else (-20, -22),
                    textcoords="offset points", fontsize=8)
    y, g = s.loc["yellow"], s.loc["green"]
    ratio = g["energy_per_step_j"] / y["energy_per_step_j"]
    ax.annotate("", (g["energy_per_step_j"], 0.0012), (y["energy_per_step_j"], 0.0012),
                arrowprops={"arrowstyle": "<->", "color": PALETTE[0]})
    ax.text(np.sqrt(g["energy_per_step_j"] * y["energy_per_step_j"]), 0.0014,
            f"{ratio:.1f}x energy (paper: ~4x)", ha="center", color=PALETTE[0], fontsize=9)
    ax.annotate("", (3.0, g["model_error_ne"]), (3.0, y["model_error_ne"]),
                arrowprops={"arrowstyle": "<->", "color": PALETTE[3]})
    ax.text(3.1, (g["model_error_ne"] + y["model_error_ne"]) / 2,
            f"{y['model_error_ne'] - g['model_error_ne']:.4f} NE\n(paper: 0.004)",
            color=PALETTE[3], fontsize=9, va="center")
    ax.set_xscale("log", base=2)
    ax.set_xlim(0.125, 4)
    ax.set_xticks([0.125, 0.25, 0.5, 1, 2, 4], ["0.125", "0.25", "0.5", "1", "2", "4"])
    ax.set_ylim(0, 0.010)
    ax.set_xlabel("Energy/Step (J)")
    ax.set_ylabel("Model Error (NE, lower is better)")
    ax.set_title("Data and model scaling of a recommendation model: the two stars")
    ax.legend(loc="upper right", fontsize=7.5, frameon=True, markerscale=0.5,
              title="star positions digitized from Fig 12; settings stated in App A",
              title_fontsize=7)
    fig.tight_layout()
    return fig


def check_claims(df: pd.DataFrame) -> pd.DataFrame:
    """Check "~4x lower energy for 0.004 NE degradation" (yellow vs green star)."""
    s = df.set_index("star")
    y, g = s.loc["yellow"], s.loc["green"]
    ratio, lo, hi = energy_ratio(g["energy_per_step_j"], y["energy_per_step_j"],
                                 error_high_j=g["energy_error_j"],
                                 error_low_j=y["energy_error_j"])
    dne = y["model_error_ne"] - g["model_error_ne"]
    dne_err = y["ne_error"] + g["ne_error"]
    rows = [
        claims.check("fig12-energy-4x", ratio, where=WHERE,
                     note=f"{g['energy_per_step_j']:g} J / {y['energy_per_step_j']:g} J per "
                          f"step (digitized stars); reading errors allow {lo:.1f}x to {hi:.1f}x"),
        claims.check("fig12-ne-degradation", dne, where=WHERE,
                     note=f"{y['model_error_ne']:g} - {g['model_error_ne']:g} (digitized); "
                          f"reading error +-{dne_err:g}"),
    ]
    return claims.table(rows)
