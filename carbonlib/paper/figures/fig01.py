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

The paper's curve, digitized (``data/fig01_paper_digitized.csv``), is drawn next to them.
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from carbonlib import data
from carbonlib.machinery.plotting import KIND_STYLE, PALETTE
from carbonlib.methodology import validation as v
from carbonlib.methodology.growth import fit_exponential
from carbonlib.paper import claims

WHERE = "notebooks/fig01_arxiv_growth.ipynb; paper.figures.fig01, methodology.growth"

#: The paper's four disciplines, in its legend order.
DISCIPLINES: tuple[str, ...] = ("Computer Science", "Math", "Machine Learning", "Physics")

#: ML as the paper most plausibly means it, and a wider AI set used to explain the scale gap.
ML_CATEGORIES: tuple[str, ...] = ("cs.LG", "stat.ML")
ML_WIDE_CATEGORIES: tuple[str, ...] = ("cs.LG", "stat.ML", "cs.AI", "cs.CV", "cs.CL", "cs.NE")
ML_WIDE = "ML, wide (+cs.AI, CV, CL, NE)"

#: Subcategories present in the bundled monthly counts (the others are only in archive totals).
SUBCATEGORIES: tuple[str, ...] = ("cs.LG", "stat.ML", "cs.AI", "cs.CV", "cs.CL", "cs.NE")

_PHYSICS = ("astro-ph", "cond-mat", "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "nucl-ex",
            "nucl-th", "physics", "quant-ph", "nlin", "chao-dyn", "patt-sol", "solv-int",
            "adap-org", "comp-gas", "chem-ph", "mtrl-th", "supr-con", "acc-phys", "atom-ph",
            "plasm-ph", "ao-sci")
#: Archive (the part of a category before the dot) to discipline.
ARCHIVE_DISCIPLINE: dict[str, str] = {
    "cs": "Computer Science", "cmp-lg": "Computer Science",
    **{a: "Math" for a in ("math", "math-ph", "alg-geom", "funct-an", "q-alg", "dg-ga")},
    **{a: "Physics" for a in _PHYSICS},
    **{a: "Other" for a in ("q-bio", "q-fin", "stat", "eess", "econ", "bayes-an")},
}

#: How each discipline is drawn: the paper's colours and markers.
STYLE: dict[str, dict] = {
    "Computer Science": {"color": "#8c8c8c", "marker": "+"},
    "Math": {"color": "#e6a800", "marker": "x"},
    "Machine Learning": {"color": PALETTE[0], "marker": "D"},
    "Physics": {"color": PALETTE[2], "marker": "o"},
    ML_WIDE: {"color": PALETTE[9], "marker": "D"},
}


def _monthly_table(monthly: pd.DataFrame | None) -> pd.DataFrame:
    """Month x category table of primary counts, months without papers filled with 0."""
    if monthly is None:
        monthly = data.load("fig01_arxiv_monthly")
    if "convention" in monthly.columns:  # output of carbonlib.data.arxiv.monthly_counts
        monthly = monthly[monthly["convention"] == "primary"]
    table = monthly.pivot_table(index="month", columns="category", values="papers",
                                aggfunc="sum", fill_value=0)
    table.index = pd.PeriodIndex(table.index, freq="M")
    full = pd.period_range(table.index.min(), table.index.max(), freq="M")
    return table.reindex(full, fill_value=0)


def discipline_counts(monthly: pd.DataFrame | None = None, *,
                      ml_categories: Iterable[str] = ML_CATEGORIES) -> pd.DataFrame:
    """Papers per month (primary category) for each discipline, a month x discipline table.

    Parameters
    ----------
    monthly : pandas.DataFrame, optional
        Columns ``category``, ``month`` (``YYYY-MM``), ``papers``; defaults to the bundled
        ``fig01_arxiv_monthly``. The output of :func:`carbonlib.data.arxiv.monthly_counts` (with
        ``archives=True``) works too: its ``primary`` rows are used. Archive rows (no dot) are
        grouped into disciplines; subcategory rows are used only to move ML papers.
    ml_categories : iterable of str, default ("cs.LG", "stat.ML")
        Categories counted as Machine Learning; each must be one of :data:`SUBCATEGORIES`. They
        are removed from the discipline of their archive.

    Returns
    -------
    pandas.DataFrame
        Index: monthly ``PeriodIndex``; columns: the disciplines, ``Other`` and :data:`ML_WIDE`.

    Examples
    --------
    >>> counts = discipline_counts()
    >>> int(counts.loc["2020-01", "Machine Learning"]) > 0
    True
    """
    ml = list(dict.fromkeys(ml_categories))
    for cat in ml:
        v.one_of("ml_categories", cat, SUBCATEGORIES)
    table = _monthly_table(monthly)
    out = pd.DataFrame(0, index=table.index, columns=[*DISCIPLINES, "Other"], dtype="int64")
    for col in table.columns:
        if "." in col or col == "ML":  # subcategories and the loader's ML pseudo-category
            continue
        out[ARCHIVE_DISCIPLINE.get(col, "Other")] += table[col]
    for cat in ml:
        counts = table[cat] if cat in table.columns else 0
        out["Machine Learning"] += counts
        out[ARCHIVE_DISCIPLINE[cat.split(".", 1)[0]]] -= counts
    out[ML_WIDE] = sum(table[c] for c in ML_WIDE_CATEGORIES if c in table.columns)
    return out


def _decimal_year_end(months: pd.PeriodIndex) -> np.ndarray:
    """Decimal year at the end of each month (Jan 2020 -> 2020 + 1/12)."""
    return (months.year + months.month / 12.0).to_numpy(dtype=float)


def frame(monthly: pd.DataFrame | None = None, *, ml_categories: Iterable[str] = ML_CATEGORIES,
          start_month: str = "2011-01", end_month: str = "2020-12") -> pd.DataFrame:
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
    >>> df = frame()
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
        From :func:`frame`.
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


def crosslist_factors(monthly: pd.DataFrame | None = None) -> pd.DataFrame:
    """Papers counted with cross-lists over papers counted by primary category only.

    From the bundled official statistics: ``cs`` and ``stat`` per year 2007-2013 (arXiv listing
    pages against primary archive) and ``cs.LG``, ``stat.ML`` in January 2022 (arXiv's
    per-category report against the bundled primary counts of that month).

    Returns
    -------
    pandas.DataFrame
        ``area``, ``period``, ``incl_crosslists``, ``primary``, ``factor``.
    """
    yearly = data.load("fig01_arxiv_yearly")
    new = yearly[yearly["quantity"] == "new_submissions"]
    listed = new[new["convention"] == "incl_crosslists"][["area", "period", "papers"]]
    primary = new[(new["convention"] == "primary") & (new["source"] == "arxiv_yearly_2014")]
    out = listed.merge(primary[["area", "period", "papers"]], on=["area", "period"], how="left",
                       suffixes=("_listed", "_primary"))
    table = _monthly_table(monthly)
    for i, row in out[out["papers_primary"].isna()].iterrows():
        out.loc[i, "papers_primary"] = table.loc[row["period"], row["area"]]
    out = out.rename(columns={"papers_listed": "incl_crosslists", "papers_primary": "primary"})
    out["primary"] = out["primary"].astype("int64")
    out["factor"] = out["incl_crosslists"] / out["primary"]
    return out.sort_values(["area", "period"], ignore_index=True)


#: Official area -> archives of the bundled monthly counts summed for the cross-check.
CROSS_CHECK_AREAS: dict[str, tuple[str, ...]] = {
    "cs": ("cs",), "math+math-ph": ("math", "math-ph"), "stat": ("stat",),
    "astro-ph": ("astro-ph",), "cond-mat": ("cond-mat",), "physics": ("physics",),
    "hep": ("hep-th", "hep-ph", "hep-ex", "hep-lat"), "quant-ph": ("quant-ph",),
}


def cross_check(monthly: pd.DataFrame | None = None) -> pd.DataFrame:
    """Bundled monthly counts summed per year against arXiv's official yearly statistics.

    Returns
    -------
    pandas.DataFrame
        ``area``, ``year``, ``official``, ``bundled``, ``rel_difference`` for 2012-2021 and the
        areas of :data:`CROSS_CHECK_AREAS`.
    """
    yearly = data.load("fig01_arxiv_yearly")
    official = yearly[(yearly["quantity"] == "new_submissions")
                      & (yearly["source"] == "arxiv_stats")
                      & yearly["area"].isin(list(CROSS_CHECK_AREAS))]
    table = _monthly_table(monthly)
    per_year = table.groupby(table.index.year).sum()
    rows = []
    for r in official.itertuples():
        year = int(r.period)
        bundled = int(sum(per_year.loc[year, a] for a in CROSS_CHECK_AREAS[r.area]
                          if a in per_year.columns))
        rows.append({"area": r.area, "year": year, "official": int(r.papers),
                     "bundled": bundled, "rel_difference": bundled / r.papers - 1.0})
    return pd.DataFrame(rows).sort_values(["area", "year"], ignore_index=True)


def draw(df: pd.DataFrame, paper: pd.DataFrame | None = None, *,
         growth: pd.DataFrame | None = None) -> plt.Figure:
    """Three panels: (a) the paper's chart with recomputed ML; (b) all recomputed curves, log
    scale, with the paper's markers; (c) doubling times with their intervals."""
    paper = paper_frame() if paper is None else paper
    growth = growth_table(df, paper) if growth is None else growth
    fig, (ax_a, ax_b, ax_c) = plt.subplots(1, 3, figsize=(16, 4.8),
                                           gridspec_kw={"width_ratios": [1.1, 1.1, 0.9]})
    dig = KIND_STYLE["digitized"]
    first_year = int(np.floor(df["t_years"].min()))
    last_year = int(np.ceil(df["t_years"].max()))
    for disc in DISCIPLINES:
        p = paper[paper["discipline"] == disc]
        style = STYLE[disc]
        for ax in (ax_a, ax_b):
            ax.plot(p["t_years"], p["cumulative_papers"] / 1000, ls=":", lw=1.3,
                    marker=style["marker"], color=style["color"], alpha=dig["alpha"], ms=7,
                    label=f"{disc} (paper, digitized)" if ax is ax_a else None)
    for disc, ls in (("Machine Learning", "-"), (ML_WIDE, "--")):
        r = df[df["discipline"] == disc]
        ax_a.plot(r["t_years"], r["cumulative_papers"] / 1000, ls=ls, lw=2,
                  color=STYLE[disc]["color"],
                  label=f"{disc if disc == ML_WIDE else 'ML (cs.LG+stat.ML)'}: recomputed")
    ax_a.set_title("(a) AI in different disciplines: paper vs recomputed ML")
    ax_a.set_ylabel("Cumulative arXiv article counts (thousands)")
    ax_a.legend(fontsize=7.5, loc="upper left", frameon=True)
    for disc in (*DISCIPLINES, ML_WIDE):
        r = df[df["discipline"] == disc]
        ax_b.plot(r["t_years"], r["cumulative_papers"] / 1000, lw=2,
                  ls="--" if disc == ML_WIDE else "-", color=STYLE[disc]["color"],
                  label=f"{disc}" if disc != "Machine Learning" else "Machine Learning "
                  "(cs.LG+stat.ML)")
    ax_b.set_yscale("log")
    ax_b.set_ylim(0.3, 2000)
    ax_b.set_title("(b) recomputed, primary category (lines); paper (markers)")
    ax_b.set_ylabel(f"Cumulative papers since {first_year} (thousands, log)")
    ax_b.legend(fontsize=7.5, loc="lower right", frameon=True, title="recomputed",
                title_fontsize=8)
    for ax in (ax_a, ax_b):
        ax.set_xlim(first_year, last_year + 0.1)
        ticks = list(range(first_year + 1, last_year + 1, 2))
        ax.set_xticks(ticks, [str(t - 1) for t in ticks])
        ax.set_xlabel("year (cumulative count at its end)")
    _draw_doubling(ax_c, growth)
    fig.tight_layout()
    return fig


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


def check_claims(growth: pd.DataFrame) -> pd.DataFrame:
    """Check Fig 1's claim that ML grows fastest: ML's rank by doubling time (1 = fastest)."""
    def summary(basis: str) -> str:
        g = growth[(growth["basis"] == basis) & growth["discipline"].isin(DISCIPLINES)]
        return ", ".join(f"{r.discipline} {r.doubling_time_years:.1f}"
                         for r in g.sort_values("doubling_time_years").itertuples())

    ml = growth[growth["discipline"] == "Machine Learning"].set_index("basis")["rank"]
    note = (f"rank of ML by doubling time of monthly primary-category submissions, 2015-2020 "
            f"(years: {summary('monthly submissions')}); ML is also rank "
            f"{int(ml['cumulative'])} on the recomputed cumulative curves and rank "
            f"{int(ml['paper (digitized)'])} on the paper's own curve "
            f"({summary('paper (digitized)')})")
    rows = [claims.check("fig01-ml-fastest-growth", float(ml["monthly submissions"]),
                         where=WHERE, note=note)]
    return claims.table(rows)

