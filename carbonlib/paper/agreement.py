"""How closely a recomputed series follows the paper's digitized one, in reading errors.

For each series with a digitized counterpart, :func:`score` gives the largest and the median
absolute difference in units of the reading error, and the share of points within 1 and 2
reading errors. :func:`record` writes a figure's scores next to its claims; :func:`collect`
assembles ``build/agreement.csv``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from carbonlib.machinery import files, paths

__all__ = ["COLUMNS", "score", "table", "record", "collect"]

#: Columns of ``build/agreement.csv``.
COLUMNS: list[str] = ["figure", "series", "n_points", "median_err_units", "max_err_units",
                      "within_1", "within_2", "worst_at"]


def score(figure: str, series: str, recomputed, paper, reading_error, labels=None) -> dict:
    """Agreement of one series with the paper's digitized values.

    Parameters
    ----------
    figure : str
        Figure label, e.g. ``"Fig 9"``.
    series : str
        Series name as drawn.
    recomputed, paper : array-like
        The recomputed and the digitized values at the same points, in the same unit.
    reading_error : float or array-like
        Reading error of each digitized value (same unit, > 0).
    labels : array-like of str, optional
        A name for each point (an x value or a bar), to say where the worst point is.

    Returns
    -------
    dict
        One row of :data:`COLUMNS`.

    Examples
    --------
    >>> row = score("Fig 0", "demo", [1.0, 2.0, 3.5], [1.0, 2.1, 3.0], 0.2, ["a", "b", "c"])
    >>> row["n_points"], round(row["max_err_units"], 2), row["within_1"], row["worst_at"]
    (3, 2.5, 0.6666666666666666, 'c')
    """
    rec = np.asarray(recomputed, dtype=float)
    ref = np.asarray(paper, dtype=float)
    err = np.broadcast_to(np.asarray(reading_error, dtype=float), ref.shape)
    if rec.shape != ref.shape:
        raise ValueError(f"recomputed has shape {rec.shape} and paper {ref.shape}; they must match")
    if rec.size == 0:
        raise ValueError(f"series={series!r} has no points to score")
    if not np.all(err > 0):
        raise ValueError(f"reading_error must be > 0 for every point of series={series!r}")
    units = np.abs(rec - ref) / err
    worst = int(np.nanargmax(units))
    names = list(labels) if labels is not None else [str(i) for i in range(rec.size)]
    return {"figure": figure, "series": series, "n_points": int(rec.size),
            "median_err_units": float(np.median(units)), "max_err_units": float(units[worst]),
            "within_1": float(np.mean(units <= 1)), "within_2": float(np.mean(units <= 2)),
            "worst_at": str(names[worst])}


def table(rows: list[dict]) -> pd.DataFrame:
    """Assemble :func:`score` rows into a figure's agreement table."""
    return pd.DataFrame(rows, columns=COLUMNS)


def record(scores: pd.DataFrame, notebook: str, directory: Path | None = None) -> Path:
    """Write a figure's scores to ``<directory>/<notebook>.agreement.csv``."""
    directory = directory or paths.CLAIMS_BUILD_DIR
    return files.write_csv(scores.assign(run_id=os.environ.get(paths.RUN_ID_ENV, "")),
                           directory / f"{notebook}.agreement.csv")


def collect(directory: Path | None = None) -> pd.DataFrame:
    """Every figure's scores from ``directory`` (default ``build/claims/``), in figure order."""
    directory = directory or paths.CLAIMS_BUILD_DIR
    parts = [pd.read_csv(p) for p in sorted(directory.glob("*.agreement.csv"))]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else table([])
