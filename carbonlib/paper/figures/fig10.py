"""Figure 10: GPU utilization of experimentation workflows (digitized histogram).

The y-axis of the paper's histogram has no tick values, so only relative heights are known: the
probability of each 1% bin is its bar height over the sum of all bar heights.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from carbonlib import data
from carbonlib.machinery.plotting import KIND_STYLE, PALETTE
from carbonlib.methodology import validation as v
from carbonlib.paper import claims
from carbonlib.paper.contract import FigureResult, FigureSpec

SPEC = FigureSpec(number=10, stem="fig10_gpu_utilization",
                  title="Figure 10: GPU utilization of experimentation workflows",
                  tables=("fig10_gpu_utilization",))


@dataclass(frozen=True)
class Fig10Result(FigureResult):
    """The histogram and the band the text names."""

    histogram: pd.DataFrame
    low_pct: float
    high_pct: float


def frame(low_pct: float = 30, high_pct: float = 50) -> Fig10Result:
    """The histogram (:func:`histogram`) and the band ``low_pct``-``high_pct`` (in %)."""
    v.check_range("low_pct", low_pct, low=0.0, high=100.0)
    v.check_range("high_pct", high_pct, low=float(low_pct), high=100.0)
    return Fig10Result(params={"low_pct": low_pct, "high_pct": high_pct},
                       histogram=histogram(), low_pct=float(low_pct), high_pct=float(high_pct))


def histogram() -> pd.DataFrame:
    """The plotted table: one row per 1% bin with its bar height and relative probability.

    Columns: ``gpu_utilization_pct``, ``bar_height_px`` (digitized), ``probability`` (height over
    the sum of heights), ``probability_error`` (the reading error in the same unit), ``locator``.
    """
    raw = data.load("fig10_gpu_utilization").sort_values("gpu_utilization_pct")
    total = raw["bar_height_px"].sum()
    out = raw[["gpu_utilization_pct", "bar_height_px", "locator"]].copy()
    out["probability"] = out["bar_height_px"] / total
    out["probability_error"] = raw["reading_error"] / total
    return out.reset_index(drop=True)


def share_between(df: pd.DataFrame, low_pct: float = 30, high_pct: float = 50) -> float:
    """Share of the histogram's mass in bins ``low_pct <= u <= high_pct`` (both inclusive).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"gpu_utilization_pct": [20, 30, 50, 60],
    ...                    "probability": [0.1, 0.2, 0.3, 0.4]})
    >>> round(share_between(df, 30, 50), 6)
    0.5
    """
    v.check_range("low_pct", low_pct, low=0.0, high=100.0)
    v.check_range("high_pct", high_pct, low=float(low_pct), high=100.0)
    inside = df["gpu_utilization_pct"].between(low_pct, high_pct)
    return float(df.loc[inside, "probability"].sum())


def shares(df: pd.DataFrame, low_pct: float = 30, high_pct: float = 50) -> pd.Series:
    """Mass below, inside and above the band, and the band's share with the 38% bar left out."""
    inside = share_between(df, low_pct, high_pct)
    below = float(df.loc[df["gpu_utilization_pct"] < low_pct, "probability"].sum())
    no38 = df[df["gpu_utilization_pct"] != 38]
    no38 = no38.assign(probability=no38["bar_height_px"] / no38["bar_height_px"].sum())
    return pd.Series({"below": below, "inside": inside, "above": 1.0 - below - inside,
                      "inside_without_38pct_bar": share_between(no38, low_pct, high_pct)})


def draw(result: Fig10Result) -> plt.Figure:
    """The histogram as in the paper, with the band shaded and its share annotated."""
    df, low_pct, high_pct = result.histogram, result.low_pct, result.high_pct
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.axvspan(low_pct - 0.5, high_pct + 0.5, color=PALETTE[1], alpha=0.15,
               label=f"{low_pct:g}-{high_pct:g}% (the text's band)")
    ax.bar(df["gpu_utilization_pct"], df["probability"], width=0.5, color=PALETTE[0],
           alpha=KIND_STYLE["digitized"]["alpha"], label="bar heights digitized from Fig 10")
    added = df["locator"].str.contains("read here")
    ax.bar(df.loc[added, "gpu_utilization_pct"], df.loc[added, "probability"], width=0.5,
           color=PALETTE[3], label="bars re-read here (38%, 90%)")
    s = shares(df, low_pct, high_pct)
    ax.text(0.02, 0.95, f"mass in {low_pct:g}-{high_pct:g}%: {s['inside']:.0%}\n"
            f"below: {s['below']:.0%}, above: {s['above']:.0%}\n"
            "(text: 'a vast majority')", transform=ax.transAxes, va="top", fontsize=9)
    ax.set_ylim(0, float(df["probability"].max()) * 1.3)
    ax.set_xlim(0, 92)
    ax.set_xticks(np.arange(0, 91, 10))
    ax.set_xlabel("GPU utilization (%)")
    ax.set_ylabel("Probability (relative;\npaper's axis has no ticks)")
    ax.set_title("GPU Utilization of experimentation workflows", fontsize=11)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def check_claims(result: Fig10Result) -> pd.DataFrame:
    """Fig 10's claim: a 'vast majority' in 30-50%, against the digitized mass there."""
    df, low_pct, high_pct = result.histogram, result.low_pct, result.high_pct
    s = shares(df, low_pct, high_pct)
    majority_pct = float(claims.ledger_claims().loc["fig10-majority-30-50", "paper_value"])
    rows = [claims.check(
        "fig10-majority-30-50", 100 * s["inside"], inputs=claims.inputs("fig10_gpu_utilization"),
        note=(f"'a vast majority' read as more than {majority_pct:g}% of the workflows (the "
              f"least any majority means); the digitized mass in {low_pct:g}-{high_pct:g}% is "
              f"{s['inside']:.1%} ({s['inside_without_38pct_bar']:.1%} without the 38% bar "
              f"missing from an earlier transcription); {s['below']:.0%} below, {s['above']:.0%} "
              "above: the histogram is bimodal with its larger mode at 60-75%; Sec IV-C says "
              "only 'a significant portion'"))]
    return claims.table(rows)
