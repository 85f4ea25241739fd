"""Figure 6: operational power reduction every six months, by optimization area, and its
compounding over two years."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from carbonlib import data
from carbonlib.data.schemas.fig06 import AREAS
from carbonlib.machinery.plotting import KIND_STYLE, PALETTE
from carbonlib.methodology.compounding import (
    compound_reduction,
    cumulative_reduction,
    equivalent_reduction_per_period,
)
from carbonlib.paper import claims
from carbonlib.paper.contract import FigureResult, FigureSpec

SPEC = FigureSpec(number=6, stem="fig06_optimization_areas",
                  title="Figure 6: optimization is an iterative process (~20% every six months)",
                  tables=("fig06_optimization_areas",))

#: Colours close to the paper's: hardware blue, infrastructure orange, platform grey, model yellow.
AREA_COLOURS: dict[str, tuple] = {"hardware": PALETTE[0], "infrastructure": PALETTE[3],
                                  "platform": PALETTE[7], "model": PALETTE[8]}


#: The paper's in-bar labels: (area, first and last half-year it spans, text).
IN_BAR_LABELS: tuple[tuple[str, int, int, str], ...] = (
    ("hardware", 1, 2, "Performance-per-Watt\n[Moore's Law]"),
    ("infrastructure", 2, 3, "Utilization\n[At-Scale Data Center Optimization;\n"
                             "Low-Precision Hardware]"),
    ("hardware", 3, 4, "Performance-per-Watt\n[Domain-Specific\nAcceleration]"),
    ("model", 4, 4, "Resource-Efficient\nAI Models\n[Figure 8]"),
)


@dataclass(frozen=True)
class Fig06Result(FigureResult):
    """The stacked bars and what they compound to (see :func:`frame`)."""

    areas: pd.DataFrame
    compounding: pd.DataFrame


def frame(reduction_per_period_pct: float | None = None) -> Fig06Result:
    """The digitized bars and their compounding.

    Parameters
    ----------
    reduction_per_period_pct : float, optional
        The constant reduction per half-year to compare with, in %; defaults to the paper's
        stated average (~20%).

    Examples
    --------
    >>> result = frame()
    >>> len(result.areas), len(result.compounding)
    (16, 5)
    """
    areas = areas_frame()
    return Fig06Result(params={"reduction_per_period_pct": reduction_per_period_pct},
                       areas=areas, compounding=compounding(areas, reduction_per_period_pct))


def areas_frame() -> pd.DataFrame:
    """The stacked bars: one row per half-year and optimization area (digitized).

    Columns: ``period`` (1-4), ``area``, ``reduction_pct`` (percentage points of the overall AI
    infrastructure's operational power, digitized), ``bottom_pct`` (where the segment starts in
    its stack), ``reading_error`` and ``kind``.
    """
    df = data.load("fig06_optimization_areas")
    order = {a: i for i, a in enumerate(AREAS)}
    df = df.assign(_o=df["area"].map(order)).sort_values(["period", "_o"]).drop(columns="_o")
    df["bottom_pct"] = df.groupby("period")["reduction_pct"].cumsum() - df["reduction_pct"]
    cols = ["period", "area", "reduction_pct", "bottom_pct", "reading_error", "kind"]
    return df[cols].reset_index(drop=True)


def compounding(df: pd.DataFrame, reduction_per_period_pct: float | None = None) -> pd.DataFrame:
    """The half-year totals and what they compound to, next to the stated average.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`frame`.
    reduction_per_period_pct : float, optional
        The constant reduction per half-year to compare with, in %; defaults to the paper's
        stated average (claim ``fig06-per-half-year``, ~20%).

    Returns
    -------
    pandas.DataFrame
        One row per period (0 = start, 1-4 = after each half-year): ``total_pct`` (sum of the
        four digitized areas, recomputed), ``remaining_digitized`` (fraction of the starting power
        left if the half-year reductions compound), ``remaining_stated`` (the same at the constant
        stated rate) and the cumulative reductions in % for both.
    """
    if reduction_per_period_pct is None:
        reduction_per_period_pct = float(
            claims.ledger_claims().loc["fig06-per-half-year", "paper_value"])
    totals = df.groupby("period")["reduction_pct"].sum().sort_index()
    cumulative = cumulative_reduction(totals.to_numpy() / 100.0)
    periods = np.arange(len(totals) + 1)
    stated = compound_reduction(reduction_per_period_pct / 100.0, periods)
    out = pd.DataFrame({
        "period": periods,
        "total_pct": np.concatenate([[np.nan], totals.to_numpy()]),
        "cumulative_reduction_digitized_pct": np.concatenate([[0.0], cumulative]) * 100.0,
        "cumulative_reduction_stated_pct": stated * 100.0,
    })
    out["remaining_digitized"] = 1.0 - out["cumulative_reduction_digitized_pct"] / 100.0
    out["remaining_stated"] = 1.0 - out["cumulative_reduction_stated_pct"] / 100.0
    return out


def _in_bar_labels(ax: plt.Axes, df: pd.DataFrame) -> None:
    """The paper's labels, centred on the segments they name (first bar of their span)."""
    for area, first, last, text in IN_BAR_LABELS:
        seg = df[(df["area"] == area) & (df["period"] == first)].iloc[0]
        ax.text((first + last) / 2, seg["bottom_pct"] + seg["reduction_pct"] / 2, text,
                ha="center", va="center", fontsize=7.5, color="white" if area == "hardware"
                else "black", linespacing=1.1)


def draw(result: Fig06Result) -> plt.Figure:
    """Left: the paper's stacked bars (digitized). Right: the half-years compounded."""
    df, comp = result.areas, result.compounding
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(13, 5), width_ratios=[1.25, 1])
    for area in AREAS:
        seg = df[df["area"] == area]
        ax.bar(seg["period"], seg["reduction_pct"], bottom=seg["bottom_pct"], width=1.0,
               color=AREA_COLOURS[area], linewidth=0,
               label=area.capitalize())
    totals = df.groupby("period")["reduction_pct"].sum()
    for period, total in totals.items():
        ax.annotate(f"{total:.1f}%", (period, total), xytext=(0, 3), textcoords="offset points",
                    ha="center", fontsize=9)
    _in_bar_labels(ax, df)
    stated = comp["cumulative_reduction_stated_pct"].iloc[1]
    ax.set_xticks(totals.index, [f"half-year {p}" for p in totals.index], fontsize=9)
    ax.set_xlabel("2-year time period")
    ax.set_ylim(0, 29)
    ax.yaxis.set_major_formatter(lambda y, _: f"{y:.0f}%")
    ax.set_ylabel("Operational power footprint improvement\n"
                  "normalized to overall AI infrastructure")
    ax.set_title("Optimization is an iterative process\n(bars digitized from Fig 6)", fontsize=11)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], loc="upper left", ncol=4, fontsize=8,
              title="optimization area (digitized, ±0.1 pt)", title_fontsize=8, frameon=False)

    ax2.plot(comp["period"], comp["remaining_digitized"], marker=KIND_STYLE["recomputed"]["marker"],
             color=PALETTE[0], label="recomputed: digitized half-year totals compounded")
    ax2.plot(comp["period"], comp["remaining_stated"], marker="s", linestyle="--",
             color=PALETTE[1], label=f"recomputed: stated {stated:.0f}% per half-year compounded")
    end = comp.iloc[-1]
    ax2.annotate(f"-{end['cumulative_reduction_digitized_pct']:.1f}%",
                 (end["period"], end["remaining_digitized"]), xytext=(6, -12),
                 textcoords="offset points", color=PALETTE[0], fontsize=9)
    ax2.annotate(f"-{end['cumulative_reduction_stated_pct']:.1f}%",
                 (end["period"], end["remaining_stated"]), xytext=(6, 4),
                 textcoords="offset points", color=PALETTE[1], fontsize=9)
    ax2.set_xticks(comp["period"], ["start"] + [f"after {p}" for p in comp["period"].iloc[1:]],
                   fontsize=9)
    ax2.set_xlim(-0.3, comp["period"].iloc[-1] + 0.8)
    ax2.set_ylim(0, 1.05)
    ax2.set_ylabel("Operational power left, same demand\n(fraction of start)")
    ax2.set_xlabel("half-years")
    ax2.set_title("If the half-year reductions compound\n(demand held constant)", fontsize=11)
    ax2.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    return fig


def check_claims(result: Fig06Result) -> pd.DataFrame:
    """Check Fig 6's claim: the average reduction per half-year."""
    totals = result.areas.groupby("period")["reduction_pct"].sum()
    mean_pct = float(totals.mean())
    geo_pct = float(equivalent_reduction_per_period(
        cumulative_reduction(totals.to_numpy() / 100.0)[-1], len(totals))) * 100.0
    rows = [
        claims.check(
            "fig06-per-half-year", mean_pct,
            inputs=claims.inputs("fig06_optimization_areas"),
            note=(f"mean of the four digitized bar totals ({', '.join(f'{t:.2f}' for t in totals)}"
                  f"%); their compounded (geometric) equivalent is {geo_pct:.1f}% per half-year"),
        ),
    ]
    return claims.table(rows)
