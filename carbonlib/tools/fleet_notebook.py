"""``notebooks/your_fleet.ipynb`` in a few calls: one study of a job log, and what it shows.

:func:`study` reads the log, resolves the assumptions (as ``carbonlib fleet`` does) and computes
the footprint per job and per user, project and month. The :class:`FleetStudy` it returns gives
each part of the notebook: the headline, the summary table, the figure (your Figs 10 and 9),
the group table, the what-if of a higher utilization and the bad rows. Every value is
recomputed from the log by :mod:`carbonlib.tools.fleet`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from carbonlib.machinery import paths, plotting
from carbonlib.tools import estimate as est
from carbonlib.tools import fleet, fleet_run
from carbonlib.tools import fleet_figures as ff

__all__ = ["FleetStudy", "Text", "study", "FIGURE_STEM", "GROUP_COLUMNS"]

#: File stem of the saved figure (``your_fleet.png`` and ``.svg``).
FIGURE_STEM: str = "your_fleet"
#: Columns of :meth:`FleetStudy.group_table`.
GROUP_COLUMNS: tuple[str, ...] = ("jobs", "energy_kwh", "total_kg", "total_kg_low",
                                  "total_kg_high")


class Text(str):
    """A Markdown sentence that Jupyter renders as Markdown (and prints as itself)."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


@dataclass
class FleetStudy:
    """The footprint of one job log under one set of assumptions.

    Attributes
    ----------
    log_path : str
        The log as given (relative paths are read from the repository root).
    assumptions : FleetAssumptions
    jobs : pandas.DataFrame
        The checked rows of the log (:func:`carbonlib.tools.fleet_io.check_rows`).
    unparsed : pandas.DataFrame
        Lines that could not be read as rows (sacct): ``line``, ``job_id``, ``problem``.
    per_job : pandas.DataFrame
        The footprint of every usable job (:func:`carbonlib.tools.fleet.job_footprint`).
    by_user, by_project, by_month : FleetReport
        The run of :func:`carbonlib.tools.fleet_run.run` per grouping.
    """

    log_path: str
    assumptions: fleet.FleetAssumptions
    jobs: pd.DataFrame
    unparsed: pd.DataFrame
    per_job: pd.DataFrame
    by_user: fleet_run.FleetReport
    by_project: fleet_run.FleetReport
    by_month: fleet_run.FleetReport

    def headline(self) -> Text:
        """How many jobs were used and how many rows were bad, in Markdown.

        Examples
        --------
        >>> s = study("data/samples/fleet_sacct_excerpt.txt", intensity_kg_per_kwh=0.5)
        >>> print(s.headline())
        **data/samples/fleet_sacct_excerpt.txt**: 5 jobs used, 3 bad rows (listed at the end).
        """
        counts = self.by_user.counts
        return Text(f"**{self.log_path}**: {counts['jobs']} jobs used, {counts['bad']} bad "
                    "rows (listed at the end).")

    def summary(self, decimals: int = 1) -> pd.DataFrame:
        """The fleet's footprint in four lines, kg CO2e, with 5th-95th percentile ranges.

        Rows: ``operational (jobs)``, ``embodied (allocated to jobs)``, ``embodied (idle
        capacity)`` (:func:`carbonlib.tools.fleet.idle_capacity`) and ``fleet total`` (the
        three added; its range from :func:`carbonlib.tools.fleet.fleet_total`, the same draws
        for every part). Columns ``value``, ``low`` and ``high``, rounded to ``decimals``.
        """
        t, idle = self.by_user.total, self.by_user.idle
        whole = fleet.fleet_total(t, self.assumptions)
        table = pd.DataFrame({
            "value": [t["operational_kg"], t["embodied_kg"], idle["embodied_kg"],
                      t["total_kg"] + idle["embodied_kg"]],
            "low": [t["operational_kg_low"], t["embodied_kg_low"], idle["embodied_kg_low"],
                    whole["total_kg_low"]],
            "high": [t["operational_kg_high"], t["embodied_kg_high"], idle["embodied_kg_high"],
                     whole["total_kg_high"]]},
            index=["operational (jobs)", "embodied (allocated to jobs)",
                   "embodied (idle capacity)", "fleet total"])
        return table.round(decimals)

    def figure(self, bin_pct: float, decimals: int = 3) -> pd.DataFrame:
        """Draw your Figs 10 and 9, save them, show them inline; return the carbon per work.

        Left, the share of jobs per ``bin_pct``-wide utilization bin against the paper's
        digitized Fig 10; right, kg CO2e per accelerator-hour of work per bin
        (:func:`carbonlib.tools.fleet_figures.carbon_per_work`). The figure is written as
        ``your_fleet.png`` and ``.svg`` to the figures folder of
        :func:`carbonlib.machinery.paths.output_dirs` (the scratch folder outside the pipeline).

        Returns
        -------
        pandas.DataFrame
            The carbon per work table, rounded to ``decimals``.
        """
        from carbonlib.paper.figures import fig10

        hist = ff.utilization_histogram(self.per_job, bin_pct=bin_pct)
        per_work = ff.carbon_per_work(self.per_job, bin_pct=bin_pct)
        plotting.save_and_show(ff.draw_figure(hist, fig10.frame().histogram, per_work),
                               FIGURE_STEM)
        return per_work.round(decimals)

    def group_table(self, top_n: int, decimals: int = 1) -> pd.DataFrame:
        """The ``top_n`` users and projects by total kg CO2e, then every month in order.

        One table indexed by (grouping, name), with :data:`GROUP_COLUMNS` (kWh, kg CO2e and
        its 5th-95th percentile range), rounded to ``decimals``.
        """
        cols = list(GROUP_COLUMNS)
        parts = {
            "user": self.by_user.groups.sort_values("total_kg", ascending=False).head(top_n),
            "project": self.by_project.groups.sort_values("total_kg",
                                                          ascending=False).head(top_n),
            "month": self.by_month.groups.sort_index(),
        }
        table = pd.concat({k: g[cols] for k, g in parts.items()}, names=["by", "name"])
        return table.round(decimals)

    def what_if(self, target: float) -> Text:
        """The saving if every job below ``target`` utilization ran at it, in one sentence.

        See :func:`carbonlib.tools.fleet_figures.raise_utilization`: the same work in fewer
        hours, both sides by the power model, jobs that record their utilization only.
        """
        w = ff.raise_utilization(self.jobs, self.assumptions, target)
        return Text(f"{w['jobs_raised']} of {w['jobs']} jobs below {w['target']:.0%}: "
                    f"{w['now_kg']:.1f} kg CO2e now, {w['at_target_kg']:.1f} kg at the target, "
                    f"a saving of {w['saving_kg']:.1f} kg ({w['saving_share']:.0%}).")

    def bad_rows(self) -> pd.DataFrame:
        """Every row or line not used: ``line``, ``job_id`` and ``problem``, once each."""
        return pd.concat([self.unparsed, self.by_user.bad], ignore_index=True).drop_duplicates(
            ignore_index=True)


def study(log_path: str | os.PathLike, *, gpu: str = "a100", region: str | None = None,
          intensity_kg_per_kwh: est.Value | None = None, pue: est.Value = est.PAPER_PUE,
          utilization: est.Value = est.PAPER_UTILIZATION,
          lifetime_years: est.Value = est.PAPER_LIFETIME_YEARS, cfe_share: est.Value = 0.0,
          idle_fraction: float | None = None, job_utilization: float | None = None,
          samples: int = est.DEFAULT_SAMPLES, seed: int = est.DEFAULT_SEED) -> FleetStudy:
    """Read a job log, apply the assumptions, and compute its footprint every way shown.

    Parameters
    ----------
    log_path : str or path-like
        A tidy CSV/Parquet log or ``sacct --parsable2`` output; a relative path is read from
        the repository root (so the notebook runs from any folder).
    gpu, region, intensity_kg_per_kwh, pue, utilization, lifetime_years, cfe_share, \
idle_fraction, job_utilization, samples, seed
        As in :func:`carbonlib.tools.fleet.assumptions`: a value, or a ``(low, high)`` range
        for the Monte Carlo. ``utilization`` is the servers' busy fraction over their life,
        ``lifetime_years`` in years, ``intensity_kg_per_kwh`` in kg CO2e per kWh,
        ``idle_fraction`` idle over peak accelerator power, ``job_utilization`` the GPU
        utilization of jobs that record neither energy nor utilization (both in [0, 1]).

    Returns
    -------
    FleetStudy

    Raises
    ------
    ValueError
        An unreadable log or a bad assumption (the message names it).

    Examples
    --------
    >>> s = study("data/samples/fleet_sacct_excerpt.txt", intensity_kg_per_kwh=0.5)
    >>> len(s.per_job), list(s.by_user.groups.index)
    (5, ['ana', 'ben', 'cho'])
    """
    path = Path(log_path)
    log = path if path.is_absolute() else paths.ROOT / path
    a = fleet.assumptions(gpu=gpu, region=region, intensity_kg_per_kwh=intensity_kg_per_kwh,
                          pue=pue, utilization=utilization, lifetime_years=lifetime_years,
                          cfe_share=cfe_share, idle_fraction=idle_fraction,
                          job_utilization=job_utilization, samples=samples, seed=seed)
    jobs, unparsed = ff.read_jobs(log)
    runs = {by: fleet_run.run(log, a, by=by) for by in ("user", "project", "month")}
    return FleetStudy(log_path=str(log_path), assumptions=a, jobs=jobs, unparsed=unparsed,
                      per_job=ff.per_job(jobs, a), by_user=runs["user"],
                      by_project=runs["project"], by_month=runs["month"])
