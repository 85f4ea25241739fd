"""Figure 3: development phases over the system life cycle (fleet, RM1 and infrastructure views).

(a) AI power capacity by phase (10:20:70), (b) RM1 energy by phase (31:29:40, with the bar's
sub-split), (c) Facebook's emissions 2016-2020 as plotted (Mt CO2e; the caption speaks of
electricity, 7.17 million MWh in 2020), and (d) Facebook's electricity by year where a source was
found (not part of the paper's figure; shown to set the caption's number in context). The
paper's schematic of the development phases and the system life cycle (left half of its figure)
is a drawing without data and is not rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from carbonlib import data
from carbonlib.data.schemas.fig03 import STACKS
from carbonlib.machinery.plotting import KIND_STYLE, PALETTE
from carbonlib.methodology.lifecycle import combine_phases, normalize_shares
from carbonlib.paper import agreement as agreement_mod
from carbonlib.paper import claims
from carbonlib.paper.contract import FigureResult, FigureSpec

SPEC = FigureSpec(number=3, stem="fig03_lifecycle_splits",
                  title="Figure 3: development phases over the AI system life cycle",
                  tables=("fig03_splits", "fig03_fleet_emissions", "fig03_electricity"))

#: Theme colours close to the paper's: blue, orange, grey for (a); yellow, hatched, orange,
#: black for (b).
PHASE_COLOURS: dict[str, object] = {
    "experimentation": PALETTE[9], "training": PALETTE[1], "inference": PALETTE[7],
    "data": PALETTE[8], "training_offline": "white", "training_online": PALETTE[3],
}
#: Panel (c): grey renewable, hatched yellow Scope 1,2, hatched blue Scope 3, green removal.
STACK_COLOURS: dict[str, object] = {
    "operational_renewable": PALETTE[7], "operational_scope1_2": PALETTE[8],
    "value_chain_scope3": PALETTE[9], "carbon_removal": PALETTE[2],
}
#: Panel (c)'s stacking order, bottom to top, as in the paper (the legend lists it top first).
STACK_ORDER: tuple[str, ...] = ("value_chain_scope3", "operational_scope1_2",
                                "operational_renewable")
BAR_COLOURS: dict[str, object] = {**PHASE_COLOURS, "inference": "black"}


@dataclass(frozen=True)
class Fig03Result(FigureResult):
    """Fig 3's tables (see :func:`frame`)."""

    plotted: pd.DataFrame
    splits: pd.DataFrame
    fleet: pd.DataFrame


def splits(*, tolerance: float = 0.01) -> pd.DataFrame:
    """Panels (a) and (b): each split as given and as fractions normalized to sum to 1.

    Parameters
    ----------
    tolerance : float, default 0.01
        Relative tolerance on the sum of each split (see :func:`carbonlib.methodology.lifecycle.
        normalize_shares`); a digitized split that is off by more fails loudly.

    Returns
    -------
    pandas.DataFrame
        The rows of ``data/fig03_splits.csv`` plus ``fraction``.
    """
    df = data.load("fig03_splits").copy()
    parts = []
    for _, group in df.groupby(["panel", "resolution"], sort=False):
        fractions = normalize_shares(dict(zip(group["phase"], group["share_pct"], strict=True)),
                                     tolerance=tolerance)
        parts.append(group.assign(fraction=group["phase"].map(fractions)))
    return pd.concat(parts).reset_index(drop=True)


def fleet_emissions() -> pd.DataFrame:
    """Panel (c) by year: the digitized stacks (Mt CO2e) and Scope 3's share two ways.

    ``scope3_share_location`` counts every plotted stack as emissions (the renewable-matched
    operational stack included); ``scope3_share_market`` counts what remains after the
    carbon-free energy purchases (Scope 1,2 + Scope 3), the basis of Facebook's reported
    (market-based) emissions.
    """
    long = data.load("fig03_fleet_emissions")
    wide = long.pivot(index="year", columns="stack", values="emissions_mt_co2e")[list(STACKS)]
    emitted = wide[["operational_renewable", "operational_scope1_2", "value_chain_scope3"]]
    wide["stack_total"] = emitted.sum(axis=1)
    wide["scope3_share_location"] = wide["value_chain_scope3"] / wide["stack_total"]
    wide["scope3_share_market"] = wide["value_chain_scope3"] / (
        wide["operational_scope1_2"] + wide["value_chain_scope3"])
    wide.columns.name = None
    return wide.reset_index()


def frame(*, tolerance: float = 0.01) -> Fig03Result:
    """Fig 3's tables: the plotted values, the normalized splits and the fleet stacks by year.

    Parameters
    ----------
    tolerance : float, default 0.01
        Relative tolerance on the sum of each split.

    Examples
    --------
    >>> result = frame()
    >>> sorted(result.plotted["panel"].unique())
    ['a', 'b', 'c', 'd']
    """
    return Fig03Result(params={"tolerance": tolerance}, plotted=plotted_frame(tolerance=tolerance),
                       splits=splits(tolerance=tolerance), fleet=fleet_emissions())


def plotted_frame(*, tolerance: float = 0.01) -> pd.DataFrame:
    """The plotted table, long and tidy: one row per plotted value of panels (a)-(d).

    Columns: ``panel``, ``series`` (phase, stack or electricity scope), ``label``, ``year``
    (panels c and d), ``value``, ``unit`` (``%``, ``Mt CO2e``, ``MWh``), ``resolution``
    (``caption`` or ``figure`` for the splits), ``bound`` (``lower`` for "over ..."), ``kind``,
    ``source``, ``reading_error``.
    """
    sp = splits(tolerance=tolerance)
    a_b = pd.DataFrame({
        "panel": sp["panel"], "series": sp["phase"], "label": sp["label"], "year": pd.NA,
        "value": sp["share_pct"], "unit": "%", "resolution": sp["resolution"],
        "bound": "exact", "kind": sp["kind"], "source": sp["source"],
        "reading_error": sp["reading_error"]})
    em = data.load("fig03_fleet_emissions")
    c = pd.DataFrame({
        "panel": "c", "series": em["stack"], "label": em["label"], "year": em["year"],
        "value": em["emissions_mt_co2e"], "unit": "Mt CO2e", "resolution": "figure",
        "bound": "exact", "kind": em["kind"], "source": em["source"],
        "reading_error": em["reading_error"]})
    el = data.load("fig03_electricity")
    d = pd.DataFrame({
        "panel": "d", "series": el["scope"], "label": el["scope"].str.replace("_", " "),
        "year": el["year"], "value": el["electricity_mwh"], "unit": "MWh",
        "resolution": "stated", "bound": el["bound"], "kind": el["kind"], "source": el["source"],
        "reading_error": el["reading_error"]})
    out = pd.concat([a_b, c, d], ignore_index=True)
    out["year"] = out["year"].astype("Int64")
    return out


def _panel_a(ax: plt.Axes, df: pd.DataFrame) -> None:
    a = df[(df["panel"] == "a") & (df["resolution"] == "caption")]
    fig_a = df[(df["panel"] == "a") & (df["resolution"] == "figure")].set_index("series")
    ax.pie(a["value"], colors=[PHASE_COLOURS[p] for p in a["series"]], startangle=90,
           counterclock=False, wedgeprops={"edgecolor": "white", "linewidth": 1.5},
           labels=[f"{lab}\n{v:g}% stated\n({fig_a.loc[p, 'value']:g}% digitized)"
                   for lab, p, v in zip(a["label"], a["series"], a["value"], strict=True)],
           textprops={"fontsize": 8})
    ax.set_title("(a) Fleet view: AI power capacity\n(pie drawn from the caption's 10:20:70)",
                 fontsize=10)


def _panel_b(ax: plt.Axes, df: pd.DataFrame) -> None:
    b = df[(df["panel"] == "b") & (df["resolution"] == "figure")]
    left = 0.0
    for row in b.itertuples():
        hatch = "////" if row.series == "training_offline" else ""
        ax.barh(0, row.value, left=left, color=BAR_COLOURS[row.series], edgecolor="black",
                hatch=hatch, height=0.5, label=f"{row.label} {row.value:g}% (digitized)")
        left += row.value
    cap = df[(df["panel"] == "b") & (df["resolution"] == "caption")]
    edges = np.cumsum(cap["value"].to_numpy())[:-1]
    ax.plot(edges, [0.4] * len(edges), "v", color=PALETTE[3], markersize=8,
            label="caption 31:29:40 boundaries (stated)")
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.5, 1.3)
    ax.set_yticks([0], ["RM1"])
    ax.set_xlabel("share of RM1 energy footprint (%)")
    ax.legend(loc="upper center", ncol=2, fontsize=7, frameon=False)
    ax.set_title("(b) ML task view: RM1 energy by phase", fontsize=10)


def _panel_c(ax: plt.Axes, df: pd.DataFrame) -> None:
    c = df[df["panel"] == "c"].pivot(index="year", columns="series", values="value")
    labels = df[df["panel"] == "c"].drop_duplicates("series").set_index("series")["label"]
    years = c.index.astype(int).to_numpy()
    bottom = np.zeros(len(years))
    handles = {}
    for stack in STACK_ORDER:
        vals = c[stack].to_numpy()
        hatch = "" if stack == "operational_renewable" else "////"
        handles[stack] = ax.bar(years, vals, bottom=bottom, color=STACK_COLOURS[stack],
                                edgecolor="0.3", hatch=hatch, width=0.6, label=labels[stack])
        bottom = bottom + vals
    handles["carbon_removal"] = ax.bar(years, c["carbon_removal"].to_numpy(),
                                       color=STACK_COLOURS["carbon_removal"], edgecolor="0.3",
                                       width=0.6, label=labels["carbon_removal"])
    ax.axhline(0, color="0.3", linewidth=0.8)
    ax.set_ylim(-2, 16)
    ax.set_yticks(range(-2, 13, 2))
    ax.set_ylabel("Mt CO2e (digitized)")
    order = ["operational_renewable", "operational_scope1_2", "value_chain_scope3",
             "carbon_removal"]
    ax.legend([handles[k] for k in order], [labels[k] for k in order], loc="upper left",
              fontsize=7, frameon=False)
    ax.set_title("(c) Infrastructure view: Facebook emissions as plotted\n(the caption gives "
                 "electricity, \"over 7.17 million MWh in 2020\")", fontsize=10)


def _panel_d(ax: plt.Axes, df: pd.DataFrame) -> None:
    d = df[df["panel"] == "d"]
    for i, (scope, group) in enumerate(d.groupby("series", sort=True)):
        marker = KIND_STYLE["label"]["marker"] if scope == "datacenters" else "o"
        ax.plot(group["year"].astype(int), group["value"] / 1e6, marker, color=PALETTE[i],
                linestyle="none", markersize=9 if scope == "all_operations" else 6,
                label=f"{scope.replace('_', ' ')} (stated in sources)")
        for row in group[group["bound"] == "lower"].itertuples():
            ax.annotate("", (row.year, row.value / 1e6 + 1.6), (row.year, row.value / 1e6),
                        arrowprops={"arrowstyle": "->", "color": PALETTE[i]})
            ax.annotate("\"over 7.17\"\n(Fig 3 caption)", (row.year, row.value / 1e6),
                        xytext=(9, -6), textcoords="offset points", ha="left", va="top",
                        fontsize=7)
    for year in (2016, 2018, 2019):
        ax.axvline(year, color="0.85", linewidth=3, zorder=0)
    ax.text(2014.5, 10.5, "grey bands:\n2016, 2018, 2019\nno source found", ha="center",
            fontsize=7, color="0.4")
    ax.set_ylabel("electricity (million MWh)")
    ax.set_xlim(2010, 2024)
    ax.set_ylim(0, 16)
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    ax.set_title("(d) Facebook/Meta electricity by year\n(not in the paper's figure)",
                 fontsize=10)


def draw(result: Fig03Result) -> plt.Figure:
    """Draw the four panels; returns the Figure."""
    df = result.plotted
    fig, axes = plt.subplots(2, 2, figsize=(11, 7.5),
                             gridspec_kw={"height_ratios": [1, 1.1]})
    _panel_a(axes[0, 0], df)
    _panel_b(axes[0, 1], df)
    _panel_c(axes[1, 0], df)
    _panel_d(axes[1, 1], df)
    fig.tight_layout()
    return fig


def check_claims(result: Fig03Result) -> pd.DataFrame:
    """Check Fig 3's and Sec II's claims against the plotted table and the fleet stacks."""
    df = result.plotted
    a = df[(df["panel"] == "a") & (df["resolution"] == "figure")]
    pie = normalize_shares(dict(zip(a["series"], a["value"], strict=True)))
    b = df[(df["panel"] == "b") & (df["resolution"] == "figure")]
    bar = normalize_shares(dict(zip(b["series"], b["value"], strict=True)))
    bar3 = combine_phases(bar, {"training": ["training_offline", "training_online"]})
    em = result.fleet.set_index("year")
    y20, y19 = em.loc[2020], em.loc[2019]

    def split(panel: str) -> tuple[claims.Input, ...]:
        return claims.inputs("fig03_splits", panel=panel, resolution="figure")

    rows = [
        claims.check(
            "fig03-inference-capacity-share", 100 * pie["inference"], inputs=split("a"),
            note=("pie slice angles digitized from Fig 3(a): "
                  + ":".join(f"{100 * x:.1f}" for x in pie.values())
                  + " (normalized); Facebook's capacity data are unpublished")),
        claims.check(
            "fig03-rm1-data-share", 100 * bar["data"], inputs=split("b"),
            note=("RM1 bar digitized: " + ":".join(f"{100 * x:.1f}" for x in bar3.values())
                  + " Data:Training:Inference; training = offline "
                  f"{100 * bar['training_offline']:.1f} + online "
                  f"{100 * bar['training_online']:.1f}")),
        claims.check(
            "fig03-electricity-2020", None,
            inputs=claims.inputs("fig03_electricity", year=2020),
            note=("the 7.17 million MWh are cited from Facebook's 2020 Sustainability Report "
                  "[23], which is not bundled, and no other source for 2020 electricity was "
                  "found, so the number cannot be checked; panel (c) itself plots emissions in "
                  f"Mt CO2e (2020 stack {y20['stack_total']:.2f} Mt), not electricity, so it "
                  "cannot check the caption either")),
        claims.check(
            "sec2-scope3-share", 100 * y19["scope3_share_market"],
            inputs=claims.inputs("fig03_fleet_emissions", year=2019,
                                 stack=["operational_scope1_2", "value_chain_scope3"]),
            note=("Scope 3 / (Scope 1,2 + Scope 3) from the digitized 2019 stacks (the last "
                  "year in which every segment is visible), i.e. net of the renewable-matched "
                  "operational stack as in Facebook's market-based reporting "
                  f"(2020: {100 * y20['scope3_share_market']:.0f}%, Scope 1,2 not visible); "
                  "counting every plotted stack as emissions gives only "
                  f"{100 * y19['scope3_share_location']:.0f}% (2019) and "
                  f"{100 * y20['scope3_share_location']:.0f}% (2020), which would not hold")),
        claims.check("sec2-research-p50-gpu-days", None,
                     note="Facebook's research-cluster job logs are unpublished"),
        claims.check("sec2-production-p50-gpu-days", None,
                     note="Facebook's production training workflow logs are unpublished"),
    ]
    return claims.table(rows)


def agreement(result: Fig03Result) -> pd.DataFrame:
    """The captions' splits against the digitized pie and bar, in reading errors.

    Panel (b)'s two training segments are summed (their reading errors added) to meet the
    caption's single training share.
    """
    sp = result.splits
    rows = []
    for panel, name in (("a", "caption 10:20:70 vs pie slices"),
                        ("b", "caption 31:29:40 vs RM1 bar")):
        cap = sp[(sp["panel"] == panel) & (sp["resolution"] == "caption")].set_index("phase")
        fig = sp[(sp["panel"] == panel) & (sp["resolution"] == "figure")].copy()
        fig["phase"] = fig["phase"].replace({"training_offline": "training",
                                             "training_online": "training"})
        fig = fig.groupby("phase", sort=False)[["share_pct", "reading_error"]].sum()
        fig = fig.loc[cap.index]
        rows.append(agreement_mod.score(f"Fig 3({panel})", name, cap["share_pct"],
                                        fig["share_pct"], fig["reading_error"], cap.index))
    return agreement_mod.table(rows)
