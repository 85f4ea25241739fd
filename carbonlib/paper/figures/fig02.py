"""Figure 2: growth of AI's models, data and infrastructure, put on one footing.

Four panels as in the paper: (a) GPT-3 few-shot translation BLEU against model size (Brown et al.
2020, Table H.1, with the paper's markers digitized) and the RecSys AUC improvement on a twin axis
(digitized); (b) training data and ingestion bandwidth over two years (the paper's three time
series, digitized, with the endpoints stated in the text); (c) recommendation model size, 20x in
2019-2021; (d) AI training and inference capacity by quarter (digitized). Each multiple is converted
by :mod:`carbonlib.methodology.growth` to an annual factor and a doubling time, so that "2.4x in two
years", "2.9x in 1.5 years" and "20x between 2019 and 2021" can be compared.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from carbonlib import data
from carbonlib.machinery.plotting import KIND_STYLE, PALETTE
from carbonlib.methodology import validation as v
from carbonlib.methodology.growth import (
    annual_factor,
    doubling_time_years,
    factor_over,
    fit_exponential,
    per_period_factor,
)
from carbonlib.paper import agreement as agreement_mod
from carbonlib.paper import claims
from carbonlib.paper.contract import FigureResult, FigureSpec

SPEC = FigureSpec(number=2, stem="fig02_model_data_growth",
                  title="Figure 2: AI's models, data and infrastructure grow super-linearly",
                  tables=("fig02_gpt3_bleu", "fig02_recsys_auc", "fig02_growth",
                          "fig02_data_growth_series", "fig02_gpu_memory"))

_SERIES_KIND = {"table_h1": "table", "table_3_4": "table", "fig2a": "digitized"}
#: Colour of each series of panels (b)-(d), from the package palette.
SERIES_COLOURS: dict[str, tuple] = {
    "RM1 data": PALETTE[3], "RM2 data": PALETTE[8], "ingestion bandwidth": PALETTE[0],
    "RM parameters": PALETTE[7], "training capacity": PALETTE[2],
    "inference capacity": PALETTE[7],
}


@dataclass(frozen=True)
class Fig02Result(FigureResult):
    """Every table of Fig 2 (see :func:`frame`)."""

    bleu: pd.DataFrame
    recsys: pd.DataFrame
    growth: pd.DataFrame
    series_b: pd.DataFrame
    rates: pd.DataFrame
    bleu_ratio: dict


def bleu_frame() -> pd.DataFrame:
    """GPT-3 few-shot BLEU by model size: Table H.1 (``table``) and Fig 2(a) (``digitized``).

    Columns: ``model``, ``params_b``, ``direction``, ``series``, ``bleu``, ``plotted_size_b``,
    ``kind``, ``reading_error``, ``note``.
    """
    b = data.load("fig02_gpt3_bleu")
    b["kind"] = b["series"].map(_SERIES_KIND)
    return b[["model", "params_b", "direction", "series", "bleu", "plotted_size_b", "kind",
              "reading_error", "note"]]


def recsys_frame() -> pd.DataFrame:
    """RecSys absolute AUC improvement by model size, digitized from Fig 2(a)'s right axis."""
    return data.load("fig02_recsys_auc")


def growth_frame(*, capacity_period_years: float | None = None) -> pd.DataFrame:
    """Panels (b)-(d): growth multiples with their time in years.

    Parameters
    ----------
    capacity_period_years : float, optional
        Years spanned by panel (d)'s six quarters, Yr1-Q1 to Yr2-Q2. Default: the 1.5 years
        stated in Sec I (quarters then sit 0.3 years apart; 1.25 treats them as calendar
        quarters 0.25 years apart).

    Returns
    -------
    pandas.DataFrame
        One row per point: ``panel``, ``series``, ``point``, ``quantity``, ``time_years``,
        ``period_years``, ``multiple`` (relative to the series' start), ``kind``,
        ``reading_error``, ``note``; the labels printed in the figure have ``quantity``
        ``label_multiple``.
    """
    g = data.load("fig02_growth")
    periods = g[g["quantity"] == "period_years"].set_index("panel")["value"].to_dict()
    if capacity_period_years is not None:
        periods["d"] = float(v.positive("capacity_period_years", capacity_period_years))
    pts = g[g["quantity"] != "period_years"].copy()
    pts["period_years"] = pts["panel"].map(periods)
    pts["time_years"] = pts["time_fraction"] * pts["period_years"]
    pts = pts.rename(columns={"value": "multiple"})
    return pts[["panel", "series", "point", "quantity", "time_years", "period_years", "multiple",
                "kind", "reading_error", "note"]].reset_index(drop=True)


def series_frame(period_years: float) -> pd.DataFrame:
    """Panel (b)'s three time series, digitized: ``series``, ``time_years``, ``multiple``,
    ``reading_error``, ``kind``; the unlabelled time axis is spread over ``period_years``."""
    s = data.load("fig02_data_growth_series")
    return pd.DataFrame({"series": s["series"], "time_years": s["time_fraction"] * period_years,
                         "multiple": s["multiple"], "reading_error": s["reading_error"],
                         "kind": s["kind"]}).sort_values(["series", "time_years"],
                                                         ignore_index=True)


def frame(*, capacity_period_years: float | None = None, low_bleu: float = 5.0,
          high_bleu: float = 40.0, confidence: float = 0.95) -> Fig02Result:
    """Every table of Fig 2.

    Parameters
    ----------
    capacity_period_years : float, optional
        Years spanned by panel (d)'s quarters (default: the 1.5 years of Sec I).
    low_bleu, high_bleu : float
        BLEU levels of the "1,000x" claim (the paper: 5 and 40).
    confidence : float, default 0.95
        Level of the doubling-time intervals of the exponential fits.

    Examples
    --------
    >>> result = frame()
    >>> sorted(result.series_b["series"].unique())
    ['RM1 data', 'RM2 data', 'ingestion bandwidth']
    """
    bleu = bleu_frame()
    growth = growth_frame(capacity_period_years=capacity_period_years)
    period_b = float(growth.loc[growth["panel"] == "b", "period_years"].iloc[0])
    series_b = series_frame(period_b)
    return Fig02Result(
        params={"capacity_period_years": capacity_period_years, "low_bleu": low_bleu,
                "high_bleu": high_bleu, "confidence": confidence},
        bleu=bleu, recsys=recsys_frame(), growth=growth, series_b=series_b,
        rates=rates(growth, series_b, confidence=confidence),
        bleu_ratio=bleu_size_ratio(bleu, low_bleu=low_bleu, high_bleu=high_bleu))


def _fit_columns(t, y, confidence: float) -> dict:
    fit = fit_exponential(t, y, confidence=confidence)
    return {"fit_doubling_years": fit.doubling_time_years,
            "fit_ci_low": fit.doubling_time_ci[0], "fit_ci_high": fit.doubling_time_ci[1]}


def rates(growth: pd.DataFrame, series_b: pd.DataFrame | None = None, *,
          confidence: float = 0.95) -> pd.DataFrame:
    """Annualized growth of every series of panels (b)-(d).

    For each series: the overall multiple (last over first point in time), the period, the
    annual factor ``multiple ** (1 / period)``, the growth per year in percent and the doubling
    time. An exponential fit with a confidence interval on the doubling time is added where a
    series has three or more points in time: panel (d)'s quarters, and panel (b)'s digitized
    time series when ``series_b`` is given.

    Parameters
    ----------
    growth : pandas.DataFrame
        From :func:`growth_frame`.
    series_b : pandas.DataFrame, optional
        From :func:`series_frame`.
    confidence : float, default 0.95
        Level of the fitted doubling-time intervals.

    Returns
    -------
    pandas.DataFrame
        ``panel``, ``series``, ``multiple``, ``period_years``, ``annual_factor``,
        ``annual_growth_pct``, ``doubling_time_years``, ``fit_doubling_years``,
        ``fit_ci_low``, ``fit_ci_high``.
    """
    rows = []
    pts = growth[(growth["quantity"] == "multiple") & growth["time_years"].notna()]
    for (panel, series), g in pts.groupby(["panel", "series"], sort=True):
        g = g.sort_values("time_years")
        multiple = per_period_factor(g["multiple"])
        period = float(g["period_years"].iloc[0])
        row = {"panel": panel, "series": series, "multiple": multiple, "period_years": period,
               "annual_factor": annual_factor(multiple, period),
               "annual_growth_pct": 100 * (annual_factor(multiple, period) - 1),
               "doubling_time_years": doubling_time_years(multiple, period),
               "fit_doubling_years": np.nan, "fit_ci_low": np.nan, "fit_ci_high": np.nan}
        if g["time_years"].nunique() >= 3:
            row.update(_fit_columns(g["time_years"], g["multiple"], confidence))
        elif series_b is not None and series in set(series_b["series"]):
            s = series_b[series_b["series"] == series]
            row.update(_fit_columns(s["time_years"], s["multiple"], confidence))
        rows.append(row)
    return pd.DataFrame(rows)


def bleu_size_ratio(bleu: pd.DataFrame, *, low_bleu: float = 5.0, high_bleu: float = 40.0,
                    direction: str = "fr-en", series: str = "table_h1") -> dict:
    """Model-size multiple between the GPT-3 models nearest to two BLEU levels.

    Parameters
    ----------
    bleu : pandas.DataFrame
        From :func:`bleu_frame`.
    low_bleu, high_bleu : float
        BLEU levels (the paper: 5 and 40).
    direction : {"fr-en", "en-fr"}
        Translation direction.
    series : {"table_h1", "fig2a"}
        Table H.1 values or the digitized markers.

    Returns
    -------
    dict
        ``low_model``, ``low_bleu``, ``low_params_b``, ``high_model``, ``high_bleu``,
        ``high_params_b``, ``ratio`` (high over low parameters) and ``ratio_extrapolated`` (sizes
        where the piecewise log-linear BLEU curve reaches exactly ``low_bleu`` and
        ``high_bleu``, extending its last segment if needed).
    """
    v.one_of("direction", direction, ("fr-en", "en-fr"))
    v.one_of("series", series, ("table_h1", "fig2a"))
    v.check_range("low_bleu", low_bleu, low=0, high=100)
    v.check_range("high_bleu", high_bleu, low=low_bleu, high=100, low_open=True)
    b = bleu[(bleu["direction"] == direction) & (bleu["series"] == series)].sort_values(
        "params_b")
    lo = b.loc[(b["bleu"] - low_bleu).abs().idxmin()]
    hi = b.loc[(b["bleu"] - high_bleu).abs().idxmin()]
    logs, scores = np.log10(b["params_b"].to_numpy()), b["bleu"].to_numpy()

    def size_at(level: float) -> float:
        if level <= scores[0]:
            i = 0
        elif level >= scores[-1]:
            i = len(scores) - 2
        else:
            i = int(np.searchsorted(scores, level)) - 1
        slope = (scores[i + 1] - scores[i]) / (logs[i + 1] - logs[i])
        return float(10 ** (logs[i] + (level - scores[i]) / slope))

    return {"low_model": lo["model"], "low_bleu": float(lo["bleu"]),
            "low_params_b": float(lo["params_b"]), "high_model": hi["model"],
            "high_bleu": float(hi["bleu"]), "high_params_b": float(hi["params_b"]),
            "ratio": float(hi["params_b"] / lo["params_b"]),
            "ratio_extrapolated": size_at(high_bleu) / size_at(low_bleu)}


def gpu_memory_per_two_years() -> float:
    """GPU memory growth per two years, from the two accelerators of Sec I (steady growth)."""
    mem = data.load("fig02_gpu_memory").sort_values("year")
    years = float(mem["year"].iloc[-1] - mem["year"].iloc[0])
    return factor_over(per_period_factor(mem["memory_gb"]), years, 2.0)


def draw(result: Fig02Result) -> plt.Figure:
    """The four panels of Fig 2 in a 2 x 2 grid, each value styled by kind."""
    fig, axes = plt.subplots(2, 2, figsize=(12, 8.6))
    growth = result.growth
    _draw_a(axes[0, 0], result.bleu, result.recsys, result.bleu_ratio)
    _draw_b(axes[0, 1], result.series_b, growth[growth["panel"] == "b"])
    _draw_growth(axes[1, 0], growth[growth["panel"] == "c"], "(c) RM model growth, 2019-21",
                 "Model size (x 2019)")
    _draw_growth(axes[1, 1], growth[growth["panel"] == "d"], "(d) AI system capacity by quarter",
                 "AI system capacity (x Yr1-Q1)")
    fig.tight_layout()
    return fig


def _draw_a(ax: plt.Axes, bleu: pd.DataFrame, recsys: pd.DataFrame, ratio: dict) -> None:
    colors = {"fr-en": PALETTE[9], "en-fr": PALETTE[0]}
    names = {"fr-en": "Fr->En", "en-fr": "En->Fr"}
    for direction in ("en-fr", "fr-en"):
        t = bleu[(bleu["direction"] == direction) & (bleu["series"] == "table_h1")]
        caveat = " (doubtful)" if direction == "en-fr" else ""
        ax.plot(t["params_b"], t["bleu"], ls="-" if direction == "fr-en" else "--",
                marker=KIND_STYLE["table"]["marker"], color=colors[direction], ms=5,
                label=f"GPT-3 {names[direction]}: Table H.1{caveat}")
        d = bleu[(bleu["direction"] == direction) & (bleu["series"] == "fig2a")]
        ax.errorbar(d["plotted_size_b"], d["bleu"], yerr=d["reading_error"], ls="none",
                    marker=KIND_STYLE["digitized"]["marker"], color=colors[direction], ms=7,
                    label=f"GPT-3 {names[direction]}: paper (digitized)")
    alt = bleu[bleu["series"] == "table_3_4"]
    ax.plot(alt["params_b"], alt["bleu"], "*", color=colors["en-fr"], ms=11,
            label="GPT-3 En->Fr 175B: Table 3.4")
    ax.annotate("", xy=(ratio["high_params_b"], ratio["high_bleu"]),
                xytext=(ratio["low_params_b"], ratio["low_bleu"]),
                arrowprops={"arrowstyle": "->", "color": "black", "lw": 1.5})
    ax.text(0.97, 0.03, f"arrow: {ratio['ratio']:,.0f}x larger model\n(paper: 1,000x)",
            transform=ax.transAxes, fontsize=8.5, ha="right", va="bottom", fontweight="bold")
    ax.set_xscale("log")
    ax.set_xlim(0.08, 1500)
    ax.set_ylim(0, 68)
    ax.set_yticks(range(0, 50, 10))
    ax.set_xlabel("Model size (billions of parameters, log)")
    ax.set_ylabel("BLEU score")
    ax.set_title("(a) model size scaling")
    twin = ax.twinx()
    for series, color in (("search", PALETTE[3]), ("images", PALETTE[1])):
        r = recsys[recsys["series"] == series]
        twin.errorbar(r["model_size_b"], r["auc_gain"], yerr=r["reading_error"], ls=":",
                      marker=KIND_STYLE["digitized"]["marker"], color=color, ms=6,
                      label=f"RecSys {series.capitalize()}: paper (digitized)")
    twin.set_ylim(0, 0.0529)
    twin.set_yticks(np.arange(0, 0.0351, 0.005))
    twin.set_ylabel("Absolute AUC improvement")
    twin.grid(False)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = twin.get_legend_handles_labels()
    twin.legend(h1 + h2, l1 + l2, fontsize=7, loc="upper left", ncol=2, frameon=True)


def _draw_b(ax: plt.Axes, series_b: pd.DataFrame, stated: pd.DataFrame) -> None:
    ends = stated[(stated["point"] == "end") & (stated["quantity"] == "multiple")]
    for series, g in series_b.groupby("series", sort=False):
        color = SERIES_COLOURS[series]
        ax.plot(g["time_years"], g["multiple"], color=color, lw=1.6,
                label=f"{series}: paper's line (digitized, {len(g)} points)")
        end = ends[ends["series"] == series].iloc[0]
        ax.plot(end["time_years"], end["multiple"], "s", color=color, ms=8, mec="black")
        ax.annotate(f"{end['multiple']:g}x", (end["time_years"], end["multiple"]),
                    xytext=(7, 0), textcoords="offset points", va="center", fontsize=9,
                    color=color, fontweight="bold")
    ax.plot([], [], "s", color="grey", mec="black", label="endpoint stated in Sec I")
    ax.set_xlim(-0.05, float(ends["time_years"].max()) * 1.15)
    ax.set_ylim(0.5, 6.2)
    ax.set_xlabel("years from start (time axis unlabelled; two years stated)")
    ax.set_ylabel("Data & ingestion bandwidth (x start)")
    ax.set_title("(b) data growth trend")
    ax.legend(fontsize=7.5, loc="upper left", frameon=True)


_KIND_MARKER = {"stated": "s", "label": "D", "digitized": "x", "inferred": "o"}


def _draw_growth(ax: plt.Axes, panel: pd.DataFrame, title: str, ylabel: str) -> None:
    pts = panel[(panel["quantity"] == "multiple") & panel["time_years"].notna()]
    for series, g in pts.groupby("series", sort=False):
        g = g.sort_values("time_years")
        color = SERIES_COLOURS[series]
        ax.plot(g["time_years"], g["multiple"], ls=":", color=color, lw=1.5, label=series)
        for kind, gk in g.groupby("kind"):
            ax.errorbar(gk["time_years"], gk["multiple"], yerr=gk["reading_error"], ls="none",
                        marker=_KIND_MARKER[kind], color=color, ms=7)
        last = g.iloc[-1]
        label = panel[(panel["series"] == series) & (panel["quantity"] == "label_multiple")]
        text = f"{last['multiple']:g}x" + (f" (label {label['multiple'].iloc[0]:g}x)"
                                           if len(label) else "")
        ax.annotate(text, (last["time_years"], last["multiple"]),
                    xytext=(6, 0), textcoords="offset points", fontsize=9, va="center",
                    color=color, fontweight="bold")
    if panel["panel"].iloc[0] == "d":
        quarters = pts.drop_duplicates("point").sort_values("time_years")
        ax.set_xticks(quarters["time_years"], quarters["point"], fontsize=8)
    else:
        ax.set_xlabel("years from start")
    for kind, marker in _KIND_MARKER.items():
        if (pts["kind"] == kind).any():
            ax.plot([], [], marker=marker, ls="none", color="grey", label=f"({kind})")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.set_ylim(0, float(pts["multiple"].max()) * 1.12)
    ax.set_xlim(-0.1, float(pts["time_years"].max()) * 1.4)
    ax.legend(fontsize=7.5, loc="upper left", frameon=True)


def check_claims(result: Fig02Result) -> pd.DataFrame:
    """Check Fig 2's and Sec I's growth claims."""
    growth = result.rates.set_index("series")
    ratio = result.bleu_ratio
    recsys = result.recsys
    ends = recsys.sort_values("model_size_b").groupby("series").agg(
        auc=("auc_gain", "max"), span=("model_size_b", lambda s: s.max() / s.min()))
    labels = result.growth[result.growth["quantity"] == "label_multiple"].set_index(
        "series")["multiple"]
    line_end = result.series_b.groupby("series").last()["multiple"]

    def implied(series: str) -> str:
        r = growth.loc[series]
        return (f"stated {r['multiple']:g}x over {r['period_years']:g} years = "
                f"{r['annual_growth_pct']:.0f}%/year, doubling every "
                f"{12 * r['doubling_time_years']:.1f} months; the paper's line ends at "
                f"{line_end[series]:.2f} (digitized) and a fit to it doubles every "
                f"{12 * r['fit_doubling_years']:.0f} months")

    def panel(name: str, **match) -> tuple[claims.Input, ...]:
        return claims.inputs("fig02_growth", panel=name, quantity="multiple", **match)

    unpublished_b = ("Facebook's data volumes and ingestion bandwidth are unpublished (the "
                     "paper plots them relative to the start, without dates or units), so the "
                     "growth cannot be recomputed from data")
    rows = [
        claims.check(
            "fig02-bleu-1000x", ratio["ratio"],
            inputs=claims.inputs("fig02_gpt3_bleu", series="table_h1", direction="fr-en"),
            note=(f"Table H.1 Fr->En: {ratio['low_model']} ({ratio['low_params_b']:g}B) scores "
                  f"{ratio['low_bleu']:g}, {ratio['high_model']} ({ratio['high_params_b']:g}B) "
                  f"{ratio['high_bleu']:g}: a {ratio['ratio']:,.0f}x larger model; '1,000x' is "
                  f"the order of magnitude. Extrapolating the last segment to exactly 40 BLEU "
                  f"gives {ratio['ratio_extrapolated']:,.0f}x")),
        claims.check(
            "fig02-auc-gain", float(ends["auc"].max()),
            inputs=claims.inputs("fig02_recsys_auc", series="images"),
            note=(f"largest digitized gain in Fig 2(a): RecSys Images "
                  f"{ends.loc['images', 'auc']:.4f} over a {ends.loc['images', 'span']:.0f}x "
                  "size range; the series labelled "
                  f"RecSys Search, which the text credits with 0.030, reaches only "
                  f"{ends.loc['search', 'auc']:.4f} over {ends.loc['search', 'span']:.0f}x: the "
                  "legend or the text has the two series swapped")),
        claims.check("fig02-data-growth-1", None, inputs=panel("b", series="RM2 data"),
                     note=f"{unpublished_b}; {implied('RM2 data')}"),
        claims.check("fig02-data-growth-2", None, inputs=panel("b", series="RM1 data"),
                     note=f"{unpublished_b}; {implied('RM1 data')}"),
        claims.check("fig02-ingestion-bandwidth", None,
                     inputs=panel("b", series="ingestion bandwidth", point=["start", "end"]),
                     note=f"{unpublished_b}; {implied('ingestion bandwidth')}"),
        claims.check(
            "fig02-model-size-20x", growth.loc["RM parameters", "multiple"], inputs=panel("c"),
            note=("last over first point of Fig 2(c): the 20x label over the digitized start "
                  f"(1.0 +- 0.3), a consistency check, not an independent datum; "
                  f"{implied_short(growth.loc['RM parameters'])}")),
        claims.check(
            "fig02-training-capacity", growth.loc["training capacity", "multiple"],
            inputs=panel("d", series="training capacity", point=["Yr1-Q1", "Yr2-Q2"]),
            note=(f"digitized Yr2-Q2 over Yr1-Q1 (label {labels['training capacity']:g}x); "
                  f"{_capacity_note(growth.loc['training capacity'])}")),
        claims.check(
            "fig02-inference-capacity", growth.loc["inference capacity", "multiple"],
            inputs=panel("d", series="inference capacity", point=["Yr1-Q1", "Yr2-Q2"]),
            note=(f"digitized Yr2-Q2 over Yr1-Q1 (label {labels['inference capacity']:g}x); "
                  f"{_capacity_note(growth.loc['inference capacity'])}")),
        claims.check(
            "sec1-gpu-memory", gpu_memory_per_two_years(),
            inputs=claims.inputs("fig02_gpu_memory"),
            note="(80 GB / 32 GB) ** (2 / 3 years): steady growth from V100 (2018) to A100 (2021)"),
        claims.check("sec1-inference-doubled", None,
                     note="Facebook's daily inference counts (trillions per day, three years) "
                          "are not published; no data row to check against"),
        claims.check("sec1-market-10x", None,
                     note="a market forecast cited from [10]; no market data are published in "
                          "the paper or bundled here"),
    ]
    return claims.table(rows)


def implied_short(r: pd.Series) -> str:
    """One series' multiple as an annual rate and a doubling time, in words."""
    return (f"{r['annual_growth_pct']:.0f}%/year, doubling every "
            f"{12 * r['doubling_time_years']:.1f} months")


def _capacity_note(r: pd.Series) -> str:
    return (f"{implied_short(r)} over {r['period_years']:g} years (exponential fit to the six "
            f"quarters: {12 * r['fit_doubling_years']:.1f} months, 95% CI "
            f"{12 * r['fit_ci_low']:.1f}-{12 * r['fit_ci_high']:.1f})")


def agreement(result: Fig02Result) -> pd.DataFrame:
    """Table H.1 BLEU against the paper's markers, and the stated (b) endpoints against the
    digitized lines' last points, in reading errors."""
    rows = []
    bleu = result.bleu
    for direction, name in (("fr-en", "GPT-3 Fr->En"), ("en-fr", "GPT-3 En->Fr")):
        dig = bleu[(bleu["direction"] == direction) & (bleu["series"] == "fig2a")]
        table = bleu[(bleu["direction"] == direction) & (bleu["series"] == "table_h1")]
        both = dig.merge(table[["model", "bleu"]], on="model", suffixes=("", "_table"))
        rows.append(agreement_mod.score("Fig 2(a)", f"{name}: Table H.1 vs paper's markers",
                                        both["bleu_table"], both["bleu"], both["reading_error"],
                                        both["model"]))
    ends = result.growth[(result.growth["panel"] == "b") & (result.growth["point"] == "end")]
    last = result.series_b.groupby("series").last()
    for r in ends.itertuples():
        rows.append(agreement_mod.score(
            "Fig 2(b)", f"{r.series}: stated endpoint vs the line's last point",
            [r.multiple], [last.loc[r.series, "multiple"]],
            last.loc[r.series, "reading_error"], ["end"]))
    return agreement_mod.table(rows)
