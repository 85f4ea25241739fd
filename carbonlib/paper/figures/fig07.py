"""Figure 7: the LM optimization chain (CPU baseline 810 -> optimized Transformer 1)."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from carbonlib import data
from carbonlib.machinery.plotting import PALETTE
from carbonlib.methodology.compounding import chain_factor, chain_levels, step_factors
from carbonlib.paper import claims
from carbonlib.paper.contract import FigureResult, FigureSpec

SPEC = FigureSpec(number=7, stem="fig07_lm_chain", tables=("fig07_lm_chain",),
                  title="Figure 7: the LM optimization chain (810x)")


@dataclass(frozen=True)
class Fig07Result(FigureResult):
    """The chain, one row per bar (see :func:`frame`)."""

    chain: pd.DataFrame


def frame(start_level: float | None = None) -> Fig07Result:
    """The plotted table: one row per bar.

    Columns: ``step``, ``optimization``, ``power_label`` (the paper's bar label, normalized to
    the optimized Transformer), ``factor_stated`` (the Sec III-B gain of the step),
    ``factor_from_labels`` (ratio of successive bar labels) and ``power_recomputed``
    (``start_level`` divided by the cumulative product of the stated factors).

    Parameters
    ----------
    start_level : float, optional
        Level of the CPU baseline; defaults to the paper's bar label (810).
    """
    chain = data.load("fig07_lm_chain")
    bars = chain[chain["quantity"] == "power_normalized"].sort_values("step_order")
    stated = chain[chain["quantity"] == "step_factor"].set_index("step_order")["value"]
    out = bars[["step_order", "step", "optimization"]].copy()
    out["power_label"] = bars["value"].to_numpy()
    out["factor_stated"] = out["step_order"].map(stated)
    out["factor_from_labels"] = np.concatenate([[np.nan], step_factors(out["power_label"])])
    start = out["power_label"].iloc[0] if start_level is None else start_level
    out["power_recomputed"] = chain_levels(start, out["factor_stated"].iloc[1:])
    return Fig07Result(params={"start_level": start_level}, chain=out.reset_index(drop=True))


def draw(result: Fig07Result, ax: plt.Axes | None = None) -> plt.Figure:
    """Log-scale bars of the paper's labels, the recomputed chain as markers, each stage named
    in the gap before its bar with its stated gain, and the overall reduction as an arrow."""
    df = result.chain
    if ax is None:
        fig, ax = plt.subplots(figsize=(8.5, 5.2))
    else:
        fig = ax.figure
    x = np.arange(len(df))
    top, bottom = df["power_label"].iloc[0], df["power_label"].iloc[-1]
    ax.bar(x, df["power_label"], color=PALETTE[0], width=0.6,
           label="paper's bar label (Fig 7)")
    ax.plot(x, df["power_recomputed"], "D", color=PALETTE[1], markersize=7,
            label="recomputed: 810 / cumulative stated gains")
    for xi, val in zip(x, df["power_label"], strict=True):
        ax.annotate(f"{val:g}", (xi, val), xytext=(0, 6), textcoords="offset points",
                    ha="center", va="bottom", fontsize=10)
    stages = zip(x[1:], df["optimization"].iloc[1:], df["factor_stated"].iloc[1:], strict=True)
    for xi, stage, fac in stages:
        ax.text(xi - 0.5, top * 0.7, f"{stage[0].upper()}{stage[1:]}", rotation=90, ha="center",
                va="top", fontsize=9, style="italic", color="0.25")
        ax.annotate(f"{fac:g}x", (xi - 0.5, 0.55), ha="center", fontsize=9, color=PALETTE[2],
                    fontweight="bold")
    # the overall reduction, as the paper draws it right of the last bar
    arrow_x = x[-1] + 0.55
    ax.axhline(top, color="0.6", linewidth=0.8, zorder=0)
    ax.annotate("", (arrow_x, bottom), (arrow_x, top),
                arrowprops={"arrowstyle": "<->", "color": PALETTE[2], "lw": 1.8})
    total = chain_factor(df["factor_stated"].iloc[1:])
    ax.text(arrow_x + 0.12, np.sqrt(top * bottom),
            f"{top / bottom:g}x (bar labels)\n{total:.0f}x (product of stated gains)",
            rotation=90, ha="left", va="center", fontsize=9, fontweight="bold",
            color=PALETTE[2])
    ax.set_yscale("log")
    ax.set_ylim(0.4, top * 3)
    ax.set_xlim(-0.5, arrow_x + 0.6)
    ax.set_xticks(x, [s.replace(" ", "\n", 1) for s in df["step"]], fontsize=9)
    ax.set_ylabel("Operational power footprint\n(normalized to optimized Transformer)")
    ax.set_title("LM: operational power reduced by the optimization chain", fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=2, fontsize=9,
              frameon=False)
    fig.tight_layout()
    return fig


def check_claims(result: Fig07Result) -> pd.DataFrame:
    """Check Fig 7's claims: each step gain from the bar labels, the overall chain product."""
    df = result.chain
    labels = df.set_index("step_order")["factor_from_labels"]

    def bars(*steps: int) -> tuple[claims.Input, ...]:
        return claims.inputs("fig07_lm_chain", quantity="power_normalized", step_order=list(steps))

    rows = [
        claims.check("fig07-caching", labels[1], inputs=bars(0, 1),
                     note="ratio of bar labels 810/121"),
        claims.check("fig07-gpu", labels[2], inputs=bars(1, 2), note="ratio of bar labels 121/12"),
        claims.check("fig07-fp16", labels[3], inputs=bars(2, 3), note="ratio of bar labels 12/5"),
        claims.check("fig07-custom-operators", labels[4], inputs=bars(3, 4),
                     note="ratio of bar labels 5/1"),
        claims.check("fig07-algorithmic", labels[3] * labels[4], inputs=bars(2, 3, 4),
                     note="FP16 gain x custom-operator gain from the bar labels"),
        claims.check("fig07-chain-total", chain_factor(df["factor_stated"].iloc[1:]),
                     inputs=claims.inputs("fig07_lm_chain", quantity="step_factor"),
                     note="product of the stated gains 6.7 x 10.1 x 2.4 x 5"),
    ]
    return claims.table(rows)
