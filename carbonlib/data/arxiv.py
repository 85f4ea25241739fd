"""Offline loader: the Kaggle arXiv metadata snapshot to monthly paper counts per category.

The Kaggle dataset "Cornell-University/arxiv" ships ``arxiv-metadata-oai-snapshot.json``: one JSON
record per line (JSON Lines, over 4 GB). Each record has, among others,

- ``categories``: space-separated arXiv categories, the first being the primary one
  (``"cs.LG stat.ML"``);
- ``versions``: a list of ``{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}``.

:func:`monthly_counts` streams the file once and counts papers per month (the month of the v1
``created`` date) in two conventions at once:

``primary``
    Each paper counts once, in its first listed category (arXiv's official statistics count this
    way). Categories are disjoint, so they can be summed.
``listed``
    Each paper counts in every category it lists (arXiv's listing pages count this way), so a paper
    cross-listed to three categories counts three times across categories.

In both, the pseudo-category ``ML`` counts a paper once if it is in any of ``ml_categories``
(default ``cs.LG`` and ``stat.ML``): a paper listed in both is one ML paper, not two. With
``archives=True`` each archive (the part before the dot: ``cs``, ``math``, ``hep-th``) is counted
too, once per paper. The output has the columns of ``data/fig01_arxiv_monthly.csv`` plus
``convention``, so a user's own counts can replace the bundled ones in
:func:`carbonlib.paper.figures.fig01.frame`.

:func:`discipline_counts` groups monthly counts by primary category into the four disciplines of
the paper's Fig 1 (Machine Learning = ``cs.LG`` + ``stat.ML``; Computer Science = the ``cs``
archive without them; Math; Physics = arXiv's physics group; the rest ``Other``).
:func:`cross_check` and :func:`crosslist_factors` compare the bundled counts with arXiv's own
yearly statistics.

Nothing here touches the network; the snapshot must be downloaded by the user.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from email.utils import parsedate_to_datetime

import pandas as pd

from carbonlib import data
from carbonlib.methodology import validation as v

__all__ = ["CONVENTIONS", "ML_CATEGORIES", "v1_month", "iter_records", "paper_categories",
           "monthly_counts", "DISCIPLINES", "ARCHIVE_DISCIPLINE", "ML_WIDE", "ML_WIDE_CATEGORIES",
           "SUBCATEGORIES", "monthly_table", "discipline_counts", "crosslist_factors",
           "CROSS_CHECK_AREAS", "cross_check"]

#: Counting conventions produced by :func:`monthly_counts`.
CONVENTIONS: tuple[str, ...] = ("primary", "listed")

#: Categories that make up machine learning by default (arXiv's two ML categories).
ML_CATEGORIES: tuple[str, ...] = ("cs.LG", "stat.ML")

#: Label of the ML pseudo-category in the output.
ML_LABEL = "ML"


def v1_month(record: dict) -> str | None:
    """The ``YYYY-MM`` month of a record's first version, or None if it has no usable date.

    Parameters
    ----------
    record : dict
        One snapshot record; its ``versions[0]["created"]`` is an RFC 2822 date.

    Returns
    -------
    str or None

    Examples
    --------
    >>> v1_month({"versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}]})
    '2007-04'
    >>> v1_month({"versions": []}) is None
    True
    """
    versions = record.get("versions") or []
    if not versions or not isinstance(versions[0], dict):
        return None
    first = min(versions, key=lambda ver: _version_number(ver.get("version")))
    created = first.get("created")
    if not created:
        return None
    try:
        when = parsedate_to_datetime(created)
    except (TypeError, ValueError):
        return None
    return f"{when.year:04d}-{when.month:02d}"


def _version_number(label: object) -> int:
    text = str(label or "")
    return int(text[1:]) if text[:1] == "v" and text[1:].isdigit() else 10**9


def paper_categories(record: dict) -> list[str]:
    """A record's categories in order, primary first, without duplicates.

    Examples
    --------
    >>> paper_categories({"categories": "cs.LG stat.ML cs.LG"})
    ['cs.LG', 'stat.ML']
    """
    seen: dict[str, None] = {}
    for token in str(record.get("categories") or "").split():
        seen.setdefault(token, None)
    return list(seen)


def _open_text(path: str | os.PathLike) -> io.TextIOBase:
    path = os.fspath(path)
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def iter_records(source: str | os.PathLike | Iterable[str], *,
                 errors: str = "raise") -> Iterator[dict]:
    """Stream the records of a JSON Lines snapshot (plain or ``.gz``), one dict per line.

    Parameters
    ----------
    source : path-like or iterable of str
        The snapshot file, or lines already in memory.
    errors : {"raise", "skip"}, default "raise"
        What to do with a line that is not a JSON object: raise a ``ValueError`` naming the line
        number, or skip it.

    Yields
    ------
    dict

    Examples
    --------
    >>> [r["id"] for r in iter_records(['{"id": "0704.0001"}', '', '{"id": "0704.0002"}'])]
    ['0704.0001', '0704.0002']
    """
    v.one_of("errors", errors, ("raise", "skip"))
    if isinstance(source, (str, os.PathLike)):
        with _open_text(source) as handle:
            yield from _parse_lines(handle, errors)
    else:
        yield from _parse_lines(source, errors)


def _parse_lines(lines: Iterable[str], errors: str) -> Iterator[dict]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            if errors == "skip":
                continue
            raise ValueError(f"line {number} of the snapshot is not valid JSON: {exc}") from None
        if not isinstance(record, dict):
            if errors == "skip":
                continue
            raise ValueError(f"line {number} of the snapshot is a {type(record).__name__}, "
                             "not a JSON object")
        yield record


def monthly_counts(source: str | os.PathLike | Iterable[str], *,
                   ml_categories: Iterable[str] = ML_CATEGORIES, archives: bool = True,
                   errors: str = "raise") -> pd.DataFrame:
    """Monthly paper counts per category from the snapshot, in both counting conventions.

    Parameters
    ----------
    source : path-like or iterable of str
        ``arxiv-metadata-oai-snapshot.json`` (or ``.json.gz``), or its lines.
    ml_categories : iterable of str, default ("cs.LG", "stat.ML")
        Categories whose papers form the ``ML`` pseudo-category (each paper counted once).
    archives : bool, default True
        Also count each archive (``cs``, ``math``, ...), once per paper.
    errors : {"raise", "skip"}, default "raise"
        Handling of malformed lines, see :func:`iter_records`.

    Returns
    -------
    pandas.DataFrame
        Columns ``convention`` (``primary`` or ``listed``), ``category``, ``month``
        (``YYYY-MM``) and ``papers``, sorted; months with no papers are absent. Attribute
        ``attrs["skipped_no_date"]`` counts records without a usable v1 date or category.

    Examples
    --------
    >>> lines = ['{"categories": "stat.ML cs.LG", '
    ...          '"versions": [{"version": "v1", "created": "Tue, 1 May 2018 10:00:00 GMT"}]}']
    >>> counts = monthly_counts(lines)
    >>> counts[counts["category"] == "ML"][["convention", "papers"]].values.tolist()
    [['listed', 1], ['primary', 1]]
    """
    ml = frozenset(ml_categories)
    if not ml:
        raise ValueError("ml_categories is empty; allowed: one or more arXiv categories")
    counter: Counter[tuple[str, str, str]] = Counter()
    skipped = 0
    for record in iter_records(source, errors=errors):
        month = v1_month(record)
        cats = paper_categories(record)
        if month is None or not cats:
            skipped += 1
            continue
        for convention, counted in (("primary", cats[:1]), ("listed", cats)):
            keys = set(counted)
            if ml.intersection(counted):
                keys.add(ML_LABEL)
            if archives:
                keys.update(c.split(".", 1)[0] for c in counted)
            for key in keys:
                counter[(convention, key, month)] += 1
    frame = pd.DataFrame(
        [(conv, cat, month, n) for (conv, cat, month), n in counter.items()],
        columns=["convention", "category", "month", "papers"],
    ).sort_values(["convention", "category", "month"], ignore_index=True)
    frame["papers"] = frame["papers"].astype("int64")
    frame.attrs["skipped_no_date"] = skipped
    return frame


#: The paper's four disciplines, in its legend order.
DISCIPLINES: tuple[str, ...] = ("Computer Science", "Math", "Machine Learning", "Physics")

#: A wider AI set (beyond :data:`ML_CATEGORIES`) used to explain the scale gap of Fig 1.
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


def monthly_table(monthly: pd.DataFrame | None) -> pd.DataFrame:
    """Month x category table of primary counts, months without papers filled with 0.

    ``monthly`` has the columns of ``data/fig01_arxiv_monthly.csv`` (the bundled counts by
    default) or is the output of :func:`monthly_counts` (its ``primary`` rows are used).
    """
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
        ``fig01_arxiv_monthly``. The output of :func:`monthly_counts` (with
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
    table = monthly_table(monthly)
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
    table = monthly_table(monthly)
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
    table = monthly_table(monthly)
    per_year = table.groupby(table.index.year).sum()
    rows = []
    for r in official.itertuples():
        year = int(r.period)
        bundled = int(sum(per_year.loc[year, a] for a in CROSS_CHECK_AREAS[r.area]
                          if a in per_year.columns))
        rows.append({"area": r.area, "year": year, "official": int(r.papers),
                     "bundled": bundled, "rel_difference": bundled / r.papers - 1.0})
    return pd.DataFrame(rows).sort_values(["area", "year"], ignore_index=True)
