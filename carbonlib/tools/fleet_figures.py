"""Your own Figs 9 and 10 from a fleet's job log, and the saving of a higher utilization.

Helpers of ``notebooks/your_fleet.ipynb``: every value is recomputed from the log by
:func:`carbonlib.tools.fleet.job_footprint`; the paper's digitized Fig 10 histogram is drawn
next to the fleet's for comparison only.
"""

from __future__ import annotations

import os
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from carbonlib.methodology import validation as v
from carbonlib.tools import fleet
from carbonlib.tools import fleet_io as fio

__all__ = ["read_jobs", "per_job", "utilization_histogram", "carbon_per_work", "raise_utilization",
           "draw_figure",
           "draw_histogram", "draw_carbon_per_work"]


def read_jobs(log: str | os.PathLike) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Checked tidy rows of a small log (tidy CSV/Parquet or sacct) and its unparsable lines."""
    path = str(log)
    if os.path.isfile(path) and fio.is_sacct(path):
        s = fio.read_sacct(path)
        return s.jobs, s.bad
    return fio.read_tidy(path), pd.DataFrame(columns=["line", "job_id", "problem"])


def per_job(jobs: pd.DataFrame, a: fleet.FleetAssumptions) -> pd.DataFrame:
    """The footprint of every usable job (see :func:`carbonlib.tools.fleet.job_footprint`)."""
    from carbonlib.tools.fleet_run import _usable

    return fleet.job_footprint(_usable(jobs, a), a)


def utilization_histogram(per_job_frame: pd.DataFrame, *, bin_pct: float) -> pd.DataFrame:
    """Share of the jobs with a recorded utilization in each ``bin_pct``-wide bin (Fig 10).

    Returns ``gpu_utilization_pct`` (bin start) and ``share`` (sums to 1).

    Examples
    --------
    >>> jobs = pd.DataFrame({"gpu_utilization": [0.05, 0.15, 0.17, np.nan]})
    >>> utilization_histogram(jobs, bin_pct=10)["share"].round(3).tolist()[:2]
    [0.333, 0.667]
    """
    v.check_range("bin_pct", bin_pct, low=0.0, high=100.0, low_open=True)
    u = per_job_frame["gpu_utilization"].dropna().to_numpy() * 100
    edges = np.arange(0.0, 100.0 + bin_pct, bin_pct)
    counts, _ = np.histogram(np.clip(u, 0, 100), bins=edges)
    return pd.DataFrame({"gpu_utilization_pct": edges[:-1],
                         "share": counts / max(counts.sum(), 1)})


def carbon_per_work(per_job_frame: pd.DataFrame, *, bin_pct: float) -> pd.DataFrame:
    """Carbon per accelerator-hour of work at full utilization, by utilization bin (Fig 9).

    Work is accelerator-hours times recorded utilization; per bin, ``operational`` and
    ``embodied`` are the bin's kg CO2e over its work-hours (jobs without a utilization are left
    out). Embodied is the allocated share only (the idle capacity is not in the jobs).
    """
    v.check_range("bin_pct", bin_pct, low=0.0, high=100.0, low_open=True)
    jobs = per_job_frame.dropna(subset=["gpu_utilization"])
    jobs = jobs[jobs["work_hours"] > 0]
    start = np.floor(jobs["gpu_utilization"].to_numpy() * 100 / bin_pct) * bin_pct
    start = np.minimum(start, 100 - bin_pct)
    g = jobs.assign(bin=start).groupby("bin")[["operational_kg", "embodied_kg", "work_hours"]]
    t = g.sum()
    return pd.DataFrame({"gpu_utilization_pct": t.index.to_numpy(),
                         "operational": (t["operational_kg"] / t["work_hours"]).to_numpy(),
                         "embodied": (t["embodied_kg"] / t["work_hours"]).to_numpy(),
                         "jobs": g.size().to_numpy()})


def raise_utilization(jobs: pd.DataFrame, a: fleet.FleetAssumptions,
                      target: float) -> dict[str, Any]:
    """What the jobs would emit if every job below ``target`` utilization ran at ``target``.

    The same work (accelerator-hours x utilization) is done in ``hours x u / target``; both
    sides use the power model (measured energies are set aside, so the comparison is like with
    like) and only jobs with a recorded utilization are counted.

    Returns
    -------
    dict
        ``now_kg``, ``at_target_kg``, ``saving_kg``, ``saving_share`` and the per-part
        ``operational``/``embodied`` values now and at the target, kg CO2e.
    """
    v.utilization("target", target)
    known = jobs[(jobs["problem"] == "") & jobs["gpu_utilization"].notna()
                 & (jobs["gpu_utilization"] > 0)].copy()
    known["energy_kwh"] = np.nan
    now = fleet.job_footprint(known, a)
    raised = known.copy()
    low = raised["gpu_utilization"] < target
    raised.loc[low, "hours"] = raised.loc[low, "hours"] * raised.loc[low, "gpu_utilization"] \
        / target
    raised.loc[low, "gpu_utilization"] = target
    later = fleet.job_footprint(raised, a)
    out = {"jobs": len(now), "jobs_raised": int(low.sum()), "target": float(target),
           "now_operational_kg": float(now["operational_kg"].sum()),
           "now_embodied_kg": float(now["embodied_kg"].sum()),
           "at_target_operational_kg": float(later["operational_kg"].sum()),
           "at_target_embodied_kg": float(later["embodied_kg"].sum())}
    out["now_kg"] = out["now_operational_kg"] + out["now_embodied_kg"]
    out["at_target_kg"] = out["at_target_operational_kg"] + out["at_target_embodied_kg"]
    out["saving_kg"] = out["now_kg"] - out["at_target_kg"]
    out["saving_share"] = out["saving_kg"] / out["now_kg"] if out["now_kg"] > 0 else 0.0
    return out


def draw_histogram(hist: pd.DataFrame, paper: pd.DataFrame | None = None,
                   ax: Any = None) -> Any:
    """Bars of the fleet's histogram; the paper's Fig 10 (digitized) as a line, rebinned."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    width = float(np.diff(hist["gpu_utilization_pct"]).min()) if len(hist) > 1 else 1.0
    ax.bar(hist["gpu_utilization_pct"], hist["share"], width=width, align="edge",
           label="this fleet (recomputed from the log)")
    if paper is not None:
        bins = np.floor(paper["gpu_utilization_pct"] / width) * width
        rebinned = paper.groupby(bins)["probability"].sum()
        ax.step(rebinned.index, rebinned.to_numpy(), where="post", color="black",
                label="paper Fig 10 (digitized)")
    ax.set_xlabel("mean GPU utilization of the job (%)")
    ax.set_ylabel("share of jobs")
    ax.legend(frameon=False)
    return ax


def draw_carbon_per_work(table: pd.DataFrame, ax: Any = None) -> Any:
    """Stacked bars: operational and embodied kg CO2e per accelerator-hour of work (Fig 9)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    width = float(np.diff(table["gpu_utilization_pct"]).min()) if len(table) > 1 else 1.0
    x = table["gpu_utilization_pct"]
    ax.bar(x, table["operational"], width=width * 0.9, align="edge", label="operational")
    ax.bar(x, table["embodied"], width=width * 0.9, align="edge", bottom=table["operational"],
           label="embodied (allocated)")
    ax.set_xlabel("mean GPU utilization of the job (%)")
    ax.set_ylabel("kg CO2e per accelerator-hour of work")
    ax.legend(frameon=False)
    return ax


def draw_figure(hist: pd.DataFrame, paper: pd.DataFrame | None,
                per_work: pd.DataFrame) -> Any:
    """One figure, two panels: the utilization histogram (Fig 10) and carbon per work (Fig 9)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
    draw_histogram(hist, paper, ax=left)
    left.set_title("Your Fig 10: GPU utilization of the jobs")
    draw_carbon_per_work(per_work, ax=right)
    right.set_title("Your Fig 9: carbon per unit of work")
    fig.tight_layout()
    return fig
