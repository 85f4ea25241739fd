"""Figure 8: baseline vs optimized operational power over four half-years, the net 28.5% (or
25.8%), and the demand growth (rebound) that reconciles it with ~20% reduction per half-year."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from carbonlib import data
from carbonlib.machinery.plotting import KIND_STYLE, PALETTE
from carbonlib.methodology import compounding
from carbonlib.paper import agreement as agreement_mod
from carbonlib.paper import claims
from carbonlib.paper.contract import FigureResult, FigureSpec

SPEC = FigureSpec(number=8, stem="fig08_power_over_time",
                  title="Figure 8: operational power over two years, baseline vs optimized",
                  tables=("fig08_power_over_time", "fig06_optimization_areas"))


@dataclass(frozen=True)
class Fig08Result(FigureResult):
    """The digitized lines, the readings of the net reduction and the rebound curve."""

    lines: pd.DataFrame
    reconciliation: pd.DataFrame
    curve: pd.DataFrame
    reduction_per_period_pct: float


def _paper(claim_id: str) -> tuple[float, float]:
    row = claims.ledger_claims().loc[claim_id]
    return float(row["paper_value"]), float(row["paper_value_alt"])


def frame(reduction_per_period_pct: float | None = None, periods: int = 4,
          max_growth_pct: float = 40.0) -> Fig08Result:
    """The figure's tables: :func:`lines`, :func:`reconciliation` and :func:`rebound_curve`.

    Parameters
    ----------
    reduction_per_period_pct : float, optional
        Optimization gain per half-year, in % (default: the paper's ~20%).
    periods : int, default 4
        Half-years in the two-year window.
    max_growth_pct : float, default 40
        Right end of the rebound curve, % demand growth per half-year.
    """
    df = lines()
    rec = reconciliation(df, reduction_per_period_pct=reduction_per_period_pct, periods=periods)
    r_pct = float(rec.set_index("key").loc["compounded", "rate_pct"])
    curve = rebound_curve(r_pct, periods=periods, max_growth_pct=max_growth_pct)
    return Fig08Result(params={"reduction_per_period_pct": reduction_per_period_pct,
                               "periods": periods, "max_growth_pct": max_growth_pct},
                       lines=df, reconciliation=rec, curve=curve, reduction_per_period_pct=r_pct)


def lines() -> pd.DataFrame:
    """The two digitized lines, one row per half-year, with what they imply.

    Columns: ``half_year_order`` (0-3), ``half_year``, ``baseline`` and ``optimized`` (digitized,
    normalized to the Yr1-H1 baseline), ``gap`` (baseline - optimized, same units),
    ``gap_rel_pct`` (1 - optimized / baseline, in %), ``fig06_total_pct`` (the digitized Fig 6
    bar of the same half-year, for comparison with ``gap_rel_pct``), ``baseline_growth_pct``
    (baseline against Yr1-H1, in %) and ``growth_since_optimized_pct`` (baseline against the
    previous half-year's optimized level, in %: the demand growth per half-year if each baseline
    starts from the previous optimized fleet).
    """
    raw = data.load("fig08_power_over_time")
    wide = raw.pivot(index=["half_year_order", "half_year"], columns="series",
                     values="power_normalized").reset_index().sort_values("half_year_order")
    wide.columns.name = None
    fig06 = data.load("fig06_optimization_areas").groupby("period")["reduction_pct"].sum()
    wide["gap"] = wide["baseline"] - wide["optimized"]
    wide["gap_rel_pct"] = (1.0 - wide["optimized"] / wide["baseline"]) * 100.0
    wide["fig06_total_pct"] = (wide["half_year_order"] + 1).map(fig06)
    wide["baseline_growth_pct"] = (wide["baseline"] / wide["baseline"].iloc[0] - 1.0) * 100.0
    previous = wide["optimized"].shift(1)
    wide["growth_since_optimized_pct"] = (wide["baseline"] / previous - 1.0) * 100.0
    wide["reading_error"] = raw["reading_error"].max()
    fig06_err = data.load("fig06_optimization_areas").groupby("period")["reading_error"].sum()
    wide["fig06_reading_error"] = (wide["half_year_order"] + 1).map(fig06_err)
    return wide.reset_index(drop=True)


def reconciliation(df: pd.DataFrame, *, reduction_per_period_pct: float | None = None,
                   periods: int = 4) -> pd.DataFrame:
    """The readings of "net reduction over two years", side by side with the paper's values.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`lines`.
    reduction_per_period_pct : float, optional
        Reduction per half-year, in %; defaults to the paper's stated ~20%
        (claim ``fig06-per-half-year``).
    periods : int, default 4
        Half-years in the two-year window.

    Returns
    -------
    pandas.DataFrame
        ``key`` (short name), ``quantity``, ``value_pct``, ``kind`` (``stated`` or
        ``recomputed``), ``how`` and ``rate_pct`` (the reduction per half-year used).
    """
    if reduction_per_period_pct is None:
        reduction_per_period_pct = _paper("fig06-per-half-year")[0]
    r = reduction_per_period_pct / 100.0
    net_iii, net_vi = _paper("fig08-net-two-years")
    b0, b3 = df["baseline"].iloc[0], df["baseline"].iloc[-1]
    o3 = df["optimized"].iloc[-1]
    steps = len(df) - 1

    def g(net_pct: float) -> float:
        return float(compounding.implied_demand_growth(r, net_pct / 100.0, periods)) * 100.0

    rows = [
        ("net_stated", "net reduction, Sec III-B and Fig 8 label", net_iii, "stated",
         "the paper"),
        ("net_stated_alt", "net reduction, Sec VI", net_vi, "stated", "the paper"),
        ("gap_over_start", "Yr2-H2 gap over the Yr1-H1 baseline", (b3 - o3) / b0 * 100.0,
         "recomputed", "(baseline - optimized at Yr2-H2) / baseline at Yr1-H1, digitized lines"),
        ("gap_over_end", "Yr2-H2 gap over the Yr2-H2 baseline", (1.0 - o3 / b3) * 100.0,
         "recomputed", "1 - optimized / baseline at Yr2-H2, digitized lines"),
        ("actual_change", "optimized Yr2-H2 below baseline Yr1-H1", (1.0 - o3 / b0) * 100.0,
         "recomputed", "1 - optimized at Yr2-H2 / baseline at Yr1-H1: the fleet's actual change"),
        ("compounded", f"{reduction_per_period_pct:g}% per half-year compounded, no growth",
         float(compounding.compound_reduction(r, periods)) * 100.0, "recomputed",
         f"1 - (1 - r) ** {periods}"),
        ("growth_for_net", f"demand growth per half-year for net {net_iii:g}%", g(net_iii),
         "recomputed", f"(1 - net) ** (1/{periods}) / (1 - r) - 1"),
        ("growth_for_net_alt", f"demand growth per half-year for net {net_vi:g}%", g(net_vi),
         "recomputed", f"(1 - net) ** (1/{periods}) / (1 - r) - 1"),
        ("breakeven_growth", "break-even demand growth per half-year",
         float(compounding.breakeven_demand_growth(r)) * 100.0, "recomputed",
         "r / (1 - r): growth at which the optimizations are fully eaten"),
        ("fig8_baseline_growth", "Fig 8 baseline growth per half-year",
         ((b3 / b0) ** (1.0 / steps) - 1.0) * 100.0, "recomputed",
         f"(baseline Yr2-H2 / Yr1-H1) ** (1/{steps}) - 1, digitized line"),
        ("growth_since_optimized", "baseline over previous optimized, mean per half-year",
         float(df["growth_since_optimized_pct"].mean()), "recomputed",
         "mean of baseline(t) / optimized(t - 1) - 1, digitized lines"),
    ]
    out = pd.DataFrame(rows, columns=["key", "quantity", "value_pct", "kind", "how"])
    return out.assign(rate_pct=float(reduction_per_period_pct))


def rebound_curve(reduction_per_period_pct: float, *, periods: int = 4,
                  max_growth_pct: float = 40.0, points: int = 81) -> pd.DataFrame:
    """Net change over ``periods`` half-years against demand growth per half-year (in %)."""
    growth = np.linspace(0.0, max_growth_pct, points)
    net = compounding.net_change(reduction_per_period_pct / 100.0, growth / 100.0, periods) * 100.0
    return pd.DataFrame({"demand_growth_pct": growth, "net_change_pct": net})


def draw(result: Fig08Result) -> plt.Figure:
    """Left: the paper's lines (digitized) with the gap labels. Right: the rebound curve."""
    df, rec, curve = result.lines, result.reconciliation, result.curve
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(12.5, 4.6), width_ratios=[1.1, 1])
    x = df["half_year_order"]
    ax.plot(x, df["baseline"], marker="o", color="black", label="Baseline (digitized)")
    ax.plot(x, df["optimized"], marker=KIND_STYLE["digitized"]["marker"], markersize=8,
            markeredgewidth=2, color=PALETTE[2], label="Optimized (digitized)")
    for xi, top, bottom, rel in list(zip(x, df["baseline"], df["optimized"], df["gap_rel_pct"],
                                         strict=True))[:-1]:
        ax.vlines(xi, bottom + 0.012, top - 0.012, color=PALETTE[7], linewidth=0.8)
        ax.annotate(f"{rel:.1f}%", (xi, (top + bottom) / 2), xytext=(4, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=8,
                    color=PALETTE[7])
    last = df.iloc[-1]
    ax.annotate("", (last["half_year_order"], last["optimized"] + 0.01),
                (last["half_year_order"], last["baseline"] - 0.01),
                arrowprops={"arrowstyle": "->", "color": PALETTE[1], "lw": 1.5})
    val = rec.set_index("key")["value_pct"]
    label, rel_end = val["gap_over_start"], val["gap_over_end"]
    ax.annotate(f"{label:.1f}% improvement = {last['baseline']:.3f} - {last['optimized']:.3f}\n"
                f"(paper: {val['net_stated']:g}% Fig 8 label and Sec III-B, "
                f"{val['net_stated_alt']:g}% Sec VI)\n"
                f"= {rel_end:.1f}% of the Yr2-H2 baseline",
                xy=(last["half_year_order"], (last["baseline"] + last["optimized"]) / 2),
                xytext=(1.45, 1.31), ha="center", va="top", fontsize=8.5, color=PALETTE[1])
    ax.set_xticks(x, df["half_year"])
    ax.set_xlim(-0.3, 3.3)
    ax.set_ylim(0.75, 1.33)
    ax.set_ylabel("Operational power footprint\n(normalized to Yr1-H1 baseline)")
    ax.set_title("Baseline vs optimized (digitized from Fig 8); grey: 1 - optimized /\n"
                 "baseline, which equals the Fig 6 bar of the same half-year", fontsize=10)
    ax.legend(loc="lower right", fontsize=8.5)

    r_pct = result.reduction_per_period_pct
    ax2.plot(curve["demand_growth_pct"], curve["net_change_pct"], color=PALETTE[0],
             label=f"recomputed: {r_pct:g}% less power per half-year, demand growing")
    ax2.axhline(0, color="grey", linewidth=0.8)
    for suffix, colour in (("", PALETTE[1]), ("_alt", PALETTE[4])):
        net, gr = val[f"net_stated{suffix}"], val[f"growth_for_net{suffix}"]
        ax2.plot([0, gr, gr], [-net, -net, -60], linestyle=":", color=colour)
        ax2.plot(gr, -net, marker=KIND_STYLE["recomputed"]["marker"], color=colour,
                 label=f"net -{net:g}% (paper) needs +{gr:.1f}% demand per half-year")
    be = val["breakeven_growth"]
    ax2.plot(be, 0, marker="D", color="black", label=f"break-even: +{be:.0f}% per half-year")
    fig8_growth = val["fig8_baseline_growth"]
    ax2.axvline(fig8_growth, color=PALETTE[7], linestyle="--",
                label=f"Fig 8 baseline grows +{fig8_growth:.1f}% per half-year")
    ax2.set(xlim=(0, curve["demand_growth_pct"].max()), ylim=(-60, curve["net_change_pct"].max()),
            xlabel="demand growth per half-year (%)",
            ylabel="net change of power over two years (%)")
    ax2.set_title("Rebound: efficiency gains eaten by growth", fontsize=10)
    ax2.legend(loc="upper left", fontsize=7.5)
    fig.tight_layout()
    return fig


def check_claims(result: Fig08Result) -> pd.DataFrame:
    """Check Fig 8's claim: the net reduction over two years (28.5% vs 25.8% in the paper)."""
    df = result.lines
    b0, b3, o3 = df["baseline"].iloc[0], df["baseline"].iloc[-1], df["optimized"].iloc[-1]
    label = (b3 - o3) / b0 * 100.0
    rel_end = (1.0 - o3 / b3) * 100.0
    first, last = df["half_year"].iloc[0], df["half_year"].iloc[-1]
    used = (claims.inputs("fig08_power_over_time", series="baseline", half_year=[first, last])
            + claims.inputs("fig08_power_over_time", series="optimized", half_year=last))
    rows = [
        claims.check(
            "fig08-net-two-years", label, inputs=used,
            note=(f"(baseline - optimized at Yr2-H2) / baseline at Yr1-H1 from the digitized lines "
                  f"= ({b3:.3f} - {o3:.3f}) / {b0:.3f}, in baseline-normalized units; relative to "
                  f"the Yr2-H2 baseline it is {rel_end:.1f}%; no reading of the lines gives 25.8%"),
        ),
    ]
    return claims.table(rows)


def agreement(result: Fig08Result) -> pd.DataFrame:
    """1 - optimized / baseline from the Fig 8 lines against the Fig 6 bar of each half-year."""
    df = result.lines
    # the ratio's error from both lines' reading errors, combined with the bar's
    ratio = df["optimized"] / df["baseline"]
    ratio_err_pct = 100.0 * ratio * np.hypot(df["reading_error"] / df["optimized"],
                                             df["reading_error"] / df["baseline"])
    err = np.hypot(df["fig06_reading_error"], ratio_err_pct)
    return agreement_mod.table([agreement_mod.score(
        "Fig 8", "relative gap of the lines vs Fig 6 bars", df["gap_rel_pct"],
        df["fig06_total_pct"], err, labels=df["half_year"])])
