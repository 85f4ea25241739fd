"""Figure 1: cumulative arXiv papers per discipline, and how fast each grows.

The paper plots cumulative arXiv papers for Machine Learning, Physics, Math and Computer Science,
2011-2020, "based on monthly counts", without saying which categories or which counting convention
it used. Here the curves are recomputed from the bundled monthly counts by **primary** category
(``data/fig01_arxiv_monthly.csv``), grouped into the paper's four disciplines:

- Machine Learning: ``cs.LG`` + ``stat.ML`` (each paper has one primary category, so no paper is
  counted twice);
- Computer Science: the ``cs`` archive (and the legacy ``cmp-lg``) minus the ML categories in it;
- Math: ``math``, ``math-ph`` (arXiv's statistics report them together) and the legacy math
  archives;
- Physics: every archive of arXiv's physics group (astro-ph, cond-mat, gr-qc, hep-*, nucl-*,
  physics, quant-ph, nlin and their legacy predecessors);
- Other (not plotted): q-bio, q-fin, eess, econ, stat without stat.ML.

The grouping lives in :mod:`carbonlib.data.arxiv`. The paper's curve, digitized
(``data/fig01_paper_digitized.csv``), is drawn next to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from carbonlib import data
from carbonlib.data.arxiv import DISCIPLINES, ML_CATEGORIES, ML_WIDE, discipline_counts
from carbonlib.machinery.plotting import KIND_STYLE, PALETTE
from carbonlib.methodology.growth import fit_exponential
from carbonlib.paper import agreement as agreement_mod
from carbonlib.paper import claims
from carbonlib.paper.contract import FigureResult, FigureSpec

SPEC = FigureSpec(number=1, stem="fig01_arxiv_growth",
                  title="Figure 1: machine learning papers on arXiv grow faster than other "
                        "disciplines",
                  tables=("fig01_arxiv_monthly", "fig01_arxiv_yearly", "fig01_paper_digitized"))

#: How each discipline is drawn: the paper's colours and markers.
STYLE: dict[str, dict] = {
    "Computer Science": {"color": PALETTE[7], "marker": "+"},
    "Math": {"color": PALETTE[1], "marker": "x"},
    "Machine Learning": {"color": PALETTE[0], "marker": "D"},
    "Physics": {"color": PALETTE[2], "marker": "o"},
    ML_WIDE: {"color": PALETTE[9], "marker": "D"},
}


def _decimal_year_end(months: pd.PeriodIndex) -> np.ndarray:
    """Decimal year at the end of each month (Jan 2020 -> 2020 + 1/12)."""
    return (months.year + months.month / 12.0).to_numpy(dtype=float)


@dataclass(frozen=True)
class Fig01Result(FigureResult):
    """Fig 1's tables (see :func:`frame`)."""

    curves: pd.DataFrame
    paper: pd.DataFrame
    growth: pd.DataFrame
    comparison: pd.DataFrame


def frame(monthly: pd.DataFrame | None = None, *, ml_categories: Iterable[str] = ML_CATEGORIES,
          start_month: str = "2011-01", end_month: str = "2020-12", fit_start_year: int = 2015,
          fit_end_year: int = 2020, confidence: float = 0.95) -> Fig01Result:
    """Fig 1's tables: the recomputed curves, the paper's, the growth fits and the comparison.

    Parameters
    ----------
    monthly : pandas.DataFrame, optional
        Monthly counts by category (see :func:`carbonlib.data.arxiv.discipline_counts`); the
        bundled ones by default.
    ml_categories : iterable of str, default ("cs.LG", "stat.ML")
        Categories counted as Machine Learning.
    start_month, end_month : str
        ``YYYY-MM`` window (inclusive) of the plotted curves.
    fit_start_year, fit_end_year, confidence
        Window and interval level of the growth fits (see :func:`growth_table`).

    Examples
    --------
    >>> result = frame()
    >>> int(result.curves.groupby("discipline").size().min())
    120
    """
    curves = curves_frame(monthly, ml_categories=ml_categories, start_month=start_month,
                          end_month=end_month)
    paper = paper_frame()
    return Fig01Result(
        params={"ml_categories": tuple(ml_categories), "start_month": start_month,
                "end_month": end_month, "fit_start_year": fit_start_year,
                "fit_end_year": fit_end_year, "confidence": confidence},
        curves=curves, paper=paper,
        growth=growth_table(curves, paper, fit_start_year=fit_start_year,
                            fit_end_year=fit_end_year, confidence=confidence),
        comparison=comparison(curves, paper))


def curves_frame(monthly: pd.DataFrame | None = None, *,
                 ml_categories: Iterable[str] = ML_CATEGORIES, start_month: str = "2011-01",
                 end_month: str = "2020-12") -> pd.DataFrame:
    """The recomputed curves: one row per discipline and month.

    Columns: ``discipline``, ``month``, ``t_years`` (decimal year at the end of the month),
    ``papers`` (new papers that month), ``cumulative_papers`` (since ``start_month``, as the
    paper's curves start near zero in 2011), ``cumulative_all_time`` (since arXiv began) and
    ``kind`` (``recomputed``).

    Parameters
    ----------
    monthly : pandas.DataFrame, optional
        Monthly counts by category (see :func:`discipline_counts`); the bundled ones by default.
    ml_categories : iterable of str, default ("cs.LG", "stat.ML")
        Categories counted as Machine Learning.
    start_month, end_month : str
        ``YYYY-MM`` window (inclusive) of the plotted curves.

    Examples
    --------
    >>> df = curves_frame()
    >>> sorted(df["discipline"].unique())[:2]
    ['Computer Science', 'ML, wide (+cs.AI, CV, CL, NE)']
    """
    counts = discipline_counts(monthly, ml_categories=ml_categories).drop(columns="Other")
    start, end = pd.Period(start_month, freq="M"), pd.Period(end_month, freq="M")
    if not counts.index.min() <= start <= end <= counts.index.max():
        raise ValueError(f"start_month={start_month!r}, end_month={end_month!r} must satisfy "
                         f"{counts.index.min()} <= start <= end <= {counts.index.max()}")
    all_time = counts.cumsum()
    window = counts.loc[start:end]
    rows = []
    for disc in counts.columns:
        rows.append(pd.DataFrame({
            "discipline": disc,
            "month": window.index.astype(str),
            "t_years": _decimal_year_end(window.index),
            "papers": window[disc].to_numpy(),
            "cumulative_papers": window[disc].cumsum().to_numpy(),
            "cumulative_all_time": all_time.loc[start:end, disc].to_numpy(),
        }))
    out = pd.concat(rows, ignore_index=True)
    out["kind"] = "recomputed"
    return out


def paper_frame() -> pd.DataFrame:
    """The paper's Fig 1 as digitized: cumulative papers at each year tick.

    Columns: ``discipline``, ``year``, ``t_years`` (``year + 1``: the marker labelled Y is compared
    with counts to the end of Y, an assumption: the paper does not say), ``cumulative_papers``,
    ``reading_error_papers``, ``note``, ``kind`` (``digitized``).
    """
    dig = data.load("fig01_paper_digitized")
    return pd.DataFrame({
        "discipline": dig["discipline"],
        "year": dig["year"],
        "t_years": dig["year"].astype(float) + 1.0,
        "cumulative_papers": dig["papers_thousands"] * 1000.0,
        "reading_error_papers": dig["reading_error"] * 1000.0,
        "note": dig["note"],
        "kind": "digitized",
    })


def _fit_row(discipline: str, basis: str, t: np.ndarray, y: np.ndarray,
             confidence: float) -> dict:
    fit = fit_exponential(t, y, confidence=confidence)
    lo, hi = fit.doubling_time_ci
    return {"discipline": discipline, "basis": basis, "n": fit.n,
            "rate_per_year": fit.rate_per_year, "annual_growth_pct": 100 * fit.annual_rate,
            "doubling_time_years": fit.doubling_time_years, "doubling_ci_low": lo,
            "doubling_ci_high": hi, "r_squared": fit.r_squared}


def growth_table(df: pd.DataFrame, paper: pd.DataFrame | None = None, *,
                 fit_start_year: int = 2015, fit_end_year: int = 2020,
                 confidence: float = 0.95) -> pd.DataFrame:
    """Exponential fits per discipline: rate per year, doubling time and its interval.

    Three bases: ``monthly submissions`` (the rate of new papers per month, recomputed: the
    growth rate the cumulative curve approaches), ``cumulative`` (the recomputed curve as
    plotted, since the window start) and ``paper (digitized)`` (the paper's markers).

    Parameters
    ----------
    df : pandas.DataFrame
        From :func:`curves_frame`.
    paper : pandas.DataFrame, optional
        From :func:`paper_frame`; loaded if omitted.
    fit_start_year, fit_end_year : int
        Calendar years fitted (inclusive). The paper's markers are fitted over
        ``fit_start_year + 1 .. fit_end_year`` (its 2015 markers are partly hidden).
    confidence : float, default 0.95
        Level of the doubling-time interval.

    Returns
    -------
    pandas.DataFrame
        One row per discipline and basis with ``rank`` (1 = shortest doubling time among the
        paper's four disciplines within the basis; ``ML_WIDE`` is not ranked).
    """
    paper = paper_frame() if paper is None else paper
    lo_t, hi_t = fit_start_year, fit_end_year + 1.0
    rows = []
    for disc, g in df.groupby("discipline", sort=False):
        w = g[(g["t_years"] > lo_t) & (g["t_years"] <= hi_t)]
        mid = w["t_years"].to_numpy() - 1.0 / 24.0  # middle of the month
        rows.append(_fit_row(disc, "monthly submissions", mid, w["papers"].to_numpy(),
                             confidence))
        rows.append(_fit_row(disc, "cumulative", w["t_years"].to_numpy(),
                             w["cumulative_papers"].to_numpy(), confidence))
    for disc, g in paper.groupby("discipline", sort=False):
        w = g[(g["year"] > fit_start_year) & (g["year"] <= fit_end_year)]
        rows.append(_fit_row(disc, "paper (digitized)", w["t_years"].to_numpy(),
                             w["cumulative_papers"].to_numpy(), confidence))
    out = pd.DataFrame(rows)
    ranked = out["discipline"].isin(DISCIPLINES)
    out["rank"] = pd.NA
    out.loc[ranked, "rank"] = (out[ranked].groupby("basis")["doubling_time_years"]
                               .rank(method="min").astype(int))
    return out.sort_values(["basis", "discipline"], ignore_index=True)


def comparison(df: pd.DataFrame, paper: pd.DataFrame | None = None) -> pd.DataFrame:
    """Paper vs reproduced: cumulative papers at each digitized marker.

    Columns: ``discipline``, ``year``, ``paper_k`` (digitized, thousands), ``reading_error_k``,
    ``recomputed_k`` (cumulative since the window start, to the end of ``year``),
    ``recomputed_all_time_k`` and ``paper_over_recomputed``.
    """
    paper = paper_frame() if paper is None else paper
    ends = df[df["month"].str.endswith("-12")].copy()
    ends["year"] = ends["month"].str[:4].astype(int)
    merged = paper.merge(ends[["discipline", "year", "cumulative_papers", "cumulative_all_time"]],
                         on=["discipline", "year"], suffixes=("_paper", ""))
    out = pd.DataFrame({
        "discipline": merged["discipline"], "year": merged["year"],
        "paper_k": merged["cumulative_papers_paper"] / 1000.0,
        "reading_error_k": merged["reading_error_papers"] / 1000.0,
        "recomputed_k": merged["cumulative_papers"] / 1000.0,
        "recomputed_all_time_k": merged["cumulative_all_time"] / 1000.0,
    })
    with np.errstate(divide="ignore"):
        out["paper_over_recomputed"] = out["paper_k"] / out["recomputed_k"]
    return out.sort_values(["discipline", "year"], ignore_index=True)


def draw(result: Fig01Result) -> plt.Figure:
    """Three panels: (a) the paper's chart with recomputed ML; (b) all recomputed curves, log
    scale, with the paper's markers; (c) doubling times with their intervals."""
    df, paper = result.curves, result.paper
    fig, (ax_a, ax_b, ax_c) = plt.subplots(1, 3, figsize=(15, 4.8),
                                           gridspec_kw={"width_ratios": [1.1, 1.1, 0.9]})
    dig = KIND_STYLE["digitized"]
    first_year = int(np.floor(df["t_years"].min()))
    last_year = int(np.ceil(df["t_years"].max()))
    for disc in DISCIPLINES:
        p = paper[paper["discipline"] == disc]
        style = STYLE[disc]
        ax_a.plot(p["t_years"], p["cumulative_papers"] / 1000, ls=":", lw=1.3,
                  marker=style["marker"], color=style["color"], alpha=dig["alpha"], ms=7,
                  label=f"{disc} (paper, digitized)")
    for disc, ls in (("Machine Learning", "-"), (ML_WIDE, "--")):
        r = df[df["discipline"] == disc]
        ax_a.plot(r["t_years"], r["cumulative_papers"] / 1000, ls=ls, lw=2,
                  color=STYLE[disc]["color"],
                  label=f"{disc if disc == ML_WIDE else 'ML (cs.LG+stat.ML)'}: recomputed")
    ax_a.set_title("(a) AI in different disciplines: paper vs recomputed ML")
    ax_a.set_ylabel("Cumulative arXiv article counts (thousands)")
    ax_a.legend(fontsize=7.5, loc="upper left", frameon=True)
    _draw_log_panel(ax_b, df, paper, first_year)
    for ax in (ax_a, ax_b):
        ax.set_xlim(first_year, last_year + 0.1)
        ticks = list(range(first_year + 1, last_year + 1, 2))
        ax.set_xticks(ticks, [str(t - 1) for t in ticks])
        ax.set_xlabel("year (cumulative count at its end)")
    _draw_doubling(ax_c, result.growth)
    fig.tight_layout()
    return fig


def _draw_log_panel(ax: plt.Axes, df: pd.DataFrame, paper: pd.DataFrame,
                    first_year: int) -> None:
    """Panel (b): recomputed curves and the paper's markers on a log axis; a zero, which a log
    axis cannot draw, is marked by a triangle on the bottom edge."""
    values = pd.concat([df["cumulative_papers"], paper["cumulative_papers"]]) / 1000
    positive = values[values > 0]
    floor = float(positive.min()) / 2 if len(positive) else 0.1
    series = [(df[df["discipline"] == d], d, "line") for d in (*DISCIPLINES, ML_WIDE)]
    series += [(paper[paper["discipline"] == d], d, "paper") for d in DISCIPLINES]
    for rows, disc, what in series:
        y = rows["cumulative_papers"] / 1000
        style = STYLE[disc]
        if what == "line":
            label = "Machine Learning (cs.LG+stat.ML)" if disc == "Machine Learning" else disc
            ax.plot(rows["t_years"], y.where(y > 0), lw=2, ls="--" if disc == ML_WIDE else "-",
                    color=style["color"], label=label)
        else:
            ax.plot(rows["t_years"], y.where(y > 0), ls=":", lw=1.3, marker=style["marker"],
                    color=style["color"], alpha=KIND_STYLE["digitized"]["alpha"], ms=7)
        zeros = rows[y <= 0]
        if len(zeros):  # an empty unclipped line would stretch the figure's tight bounds
            ax.plot(zeros["t_years"], [floor] * len(zeros), "v", color=style["color"], ms=7,
                    clip_on=False, zorder=5)
    if (values <= 0).any():
        ax.plot([], [], "v", color="grey", label="zero (bottom edge; no log value)")
    ax.plot([], [], ls=":", marker="D", color="grey", label="paper's markers (digitized)")
    ax.set_yscale("log")
    ax.set_ylim(floor, float(values.max()) * 30)
    ax.set_title("(b) log scale: recomputed (lines), paper (markers)")
    ax.set_ylabel(f"Cumulative papers since {first_year}\n(thousands, log)")
    ax.legend(fontsize=7, loc="upper left", frameon=True, ncol=2)


def _draw_doubling(ax: plt.Axes, growth: pd.DataFrame) -> None:
    bases = [("monthly submissions", "recomputed: monthly submissions", KIND_STYLE["recomputed"]),
             ("cumulative", "recomputed: cumulative curve", KIND_STYLE["table"]),
             ("paper (digitized)", "paper's curve (digitized)", KIND_STYLE["digitized"])]
    y = np.arange(len(DISCIPLINES))
    for k, (basis, label, style) in enumerate(bases):
        g = growth[growth["basis"] == basis].set_index("discipline").reindex(list(DISCIPLINES))
        yy = y + (k - 1) * 0.25
        err = np.vstack([g["doubling_time_years"] - g["doubling_ci_low"],
                         np.minimum(g["doubling_ci_high"], 100) - g["doubling_time_years"]])
        ax.errorbar(g["doubling_time_years"], yy, xerr=err, fmt=style["marker"], ms=7,
                    color=PALETTE[k + 3], capsize=3, label=label)
    ax.set_yticks(y, list(DISCIPLINES))
    ax.set_xscale("log")
    ax.set_xticks([1, 2, 5, 10, 20], ["1", "2", "5", "10", "20"])
    ax.xaxis.set_minor_formatter(plt.NullFormatter())
    ax.set_xlabel("Doubling time (years, log scale; 95% CI)")
    ax.set_ylim(-0.5, len(DISCIPLINES) + 0.6)
    ax.set_title("(c) growth, 2015-2020 fits")
    ax.legend(fontsize=7.5, loc="upper center", frameon=True, ncol=1)


def check_claims(result: Fig01Result) -> pd.DataFrame:
    """Check Fig 1's claim that ML grows fastest: ML's rank by doubling time (1 = fastest)."""
    growth = result.growth

    def summary(basis: str) -> str:
        g = growth[(growth["basis"] == basis) & growth["discipline"].isin(DISCIPLINES)]
        return ", ".join(f"{r.discipline} {r.doubling_time_years:.1f}"
                         for r in g.sort_values("doubling_time_years").itertuples())

    ml = growth[growth["discipline"] == "Machine Learning"].set_index("basis")["rank"]
    lo, hi = result.params["fit_start_year"], result.params["fit_end_year"]
    months = [f"{y}-{m:02d}" for y in range(lo, hi + 1) for m in range(1, 13)]
    note = (f"rank of ML by doubling time of monthly primary-category submissions, {lo}-{hi} "
            f"(years: {summary('monthly submissions')}); ML is also rank "
            f"{int(ml['cumulative'])} on the recomputed cumulative curves and rank "
            f"{int(ml['paper (digitized)'])} on the paper's own curve "
            f"({summary('paper (digitized)')})")
    rows = [claims.check("fig01-ml-fastest-growth", float(ml["monthly submissions"]),
                         inputs=claims.inputs("fig01_arxiv_monthly", month=months,
                                              category=list(result.params["ml_categories"])),
                         note=note + "; inputs listed: the ML categories' monthly counts (the "
                                     "other disciplines use every archive of the same months)")]
    return claims.table(rows)


def agreement(result: Fig01Result) -> pd.DataFrame:
    """The recomputed cumulative curves (since the window start) against the paper's markers,
    in reading errors, one series per discipline."""
    comp = result.comparison
    rows = [agreement_mod.score("Fig 1", f"{disc}: recomputed (primary) vs paper",
                                g["recomputed_k"], g["paper_k"], g["reading_error_k"],
                                g["year"].astype(str))
            for disc, g in comp.groupby("discipline", sort=False)]
    return agreement_mod.table(rows)
