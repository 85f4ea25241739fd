"""The steps of ``notebooks/your_footprint.ipynb``: the job from the notebook's parameters or a
CodeCarbon file, its estimate, its figure and its statement, one call each.

:func:`estimate_job` builds the keyword arguments of :func:`carbonlib.tools.estimate.estimate`
that describe the job (the what-if re-runs the estimate on them) and returns them with the
estimate; :func:`publish` draws, saves and shows the breakdown; :func:`statement` is the carbon
impact statement as Markdown that Jupyter renders.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from carbonlib.machinery import paths
from carbonlib.tools import estimate as est
from carbonlib.tools.footprint_figure import draw_breakdown
from carbonlib.tools.statement import format_markdown

__all__ = ["STEM", "job_from_parameters", "estimate_job", "publish", "statement"]

#: File stem of the figure: ``your_footprint.png`` and ``.svg``.
STEM: str = "your_footprint"


def _codecarbon_path(codecarbon_csv: str | os.PathLike) -> Path:
    path = Path(codecarbon_csv)
    return path if path.is_absolute() else paths.ROOT / path


def job_from_parameters(*, gpu: str, count: float, hours: float, region: str,
                        codecarbon_csv: str | os.PathLike = "", pue: est.Value = est.PAPER_PUE,
                        cfe_share: est.Value = 0.0) -> dict[str, Any]:
    """The job as keyword arguments of :func:`~carbonlib.tools.estimate.estimate`.

    Without ``codecarbon_csv`` the job is ``gpu`` x ``count`` for ``hours`` in ``region``. With
    it, the file's runs give the energy, run time, location, GPU model and count; ``count`` and
    ``region`` only fill in what the file does not record (``count`` when a run has no GPU
    count, ``region`` when a run has no known location).

    Parameters
    ----------
    gpu : str
        Accelerator name in ``data/hardware.csv``; not used with a CodeCarbon file.
    count : float
        Accelerators the job used.
    hours : float
        Wall-clock run time, in hours; not used with a CodeCarbon file.
    region : str
        Region code in ``data/grid_intensity.csv``.
    codecarbon_csv : str or path-like, default ""
        A CodeCarbon ``emissions.csv``; a relative path is read from the repository root
        (:data:`carbonlib.machinery.paths.ROOT`), wherever the kernel runs. Empty: no file.
    pue : float or (low, high), default 1.1
        Datacenter power usage effectiveness (>= 1).
    cfe_share : float or (low, high), default 0
        Share of the energy matched by carbon-free energy, in [0, 1].

    Returns
    -------
    dict
        ``gpu``, ``count``, ``hours``, ``region``, ``pue``, ``cfe_share``; or, with a file,
        ``codecarbon`` (the :class:`~carbonlib.tools.codecarbon.CodeCarbonLog`), ``count`` and
        ``region`` (each None when the file records it), ``pue``, ``cfe_share``.

    Raises
    ------
    carbonlib.tools.codecarbon.CodeCarbonError
        When the file cannot be read or holds no run (a ``ValueError``).

    Examples
    --------
    >>> job_from_parameters(gpu="a100", count=8.0, hours=24.0, region="USA")["count"]
    8.0
    """
    if not codecarbon_csv:
        job: dict[str, Any] = {"gpu": gpu, "count": count, "hours": hours, "region": region}
    else:
        log = est.read_codecarbon(_codecarbon_path(codecarbon_csv))
        job = {"codecarbon": log,
               "count": None if log.accelerator_hours is not None else count,
               "region": None if log.runs["location"].all() else region}
    return {**job, "pue": pue, "cfe_share": cfe_share}


def estimate_job(*, gpu: str, count: float, hours: float, region: str,
                 codecarbon_csv: str | os.PathLike = "", pue: est.Value = est.PAPER_PUE,
                 cfe_share: est.Value = 0.0,
                 utilization: est.Value = est.PAPER_UTILIZATION,
                 lifetime_years: est.Value = est.PAPER_LIFETIME_YEARS,
                 seed: int = est.DEFAULT_SEED) -> tuple[dict[str, Any], est.Estimate]:
    """The job (see :func:`job_from_parameters`) and its estimate, with low and high bounds.

    Parameters
    ----------
    gpu, count, hours, region, codecarbon_csv, pue, cfe_share
        As in :func:`job_from_parameters` (``hours`` in hours, ``count`` in accelerators).
    utilization : float or (low, high), default (0.30, 0.60)
        Fraction of its lifetime the server is busy, in (0, 1]; the paper's range.
    lifetime_years : float or (low, high), default (3, 5)
        Server lifetime, in years (> 0); the paper's range.
    seed : int, default 0
        Monte Carlo seed: the same arguments give the same bounds.

    Returns
    -------
    job : dict
        Keyword arguments of :func:`~carbonlib.tools.estimate.estimate` describing the job,
        without ``utilization``, ``lifetime_years`` and ``seed`` (what the what-if varies).
    result : Estimate
        ``estimate(**job, utilization=..., lifetime_years=..., seed=...)``: energy in kWh,
        operational, embodied and total carbon in kg CO2e.

    Examples
    --------
    >>> job, result = estimate_job(gpu="a100", count=8.0, hours=24.0, region="USA")
    >>> sorted(job)
    ['cfe_share', 'count', 'gpu', 'hours', 'pue', 'region']
    >>> result.value["total_kg"] > result.value["embodied_kg"] > 0
    True
    """
    job = job_from_parameters(gpu=gpu, count=count, hours=hours, region=region,
                              codecarbon_csv=codecarbon_csv, pue=pue, cfe_share=cfe_share)
    result = est.estimate(**job, utilization=utilization, lifetime_years=lifetime_years,
                          seed=seed)
    return job, result


def publish(result: est.Estimate, *, show: bool = True) -> list[Path]:
    """Draw the job's breakdown, save it as ``your_footprint.png``/``.svg``, show it, close it.

    The figure is :func:`~carbonlib.tools.footprint_figure.draw_breakdown`'s: operational,
    embodied and total kg CO2e with their low-high whiskers.

    Parameters
    ----------
    result : Estimate
        What :func:`estimate_job` (or :func:`~carbonlib.tools.estimate.estimate`) returned.
    show : bool, default True
        Display the figure inline (in Jupyter; elsewhere nothing is shown).

    Returns
    -------
    list of pathlib.Path
        The files written, in the run's figure folder
        (:func:`carbonlib.machinery.paths.output_dirs`): ``figures/`` under ``make reproduce``,
        else ``build/scratch/figures``.
    """
    from carbonlib.machinery import plotting

    return plotting.save_and_show(draw_breakdown(result), STEM, inline=show)


def statement(result: est.Estimate) -> Any:
    """The carbon impact statement and model-card table, as Markdown that Jupyter renders.

    The text is :func:`carbonlib.tools.statement.format_markdown`'s, the same as
    ``carbonlib estimate --format markdown`` prints.

    Returns
    -------
    IPython.display.Markdown
    """
    from IPython.display import Markdown

    return Markdown(format_markdown(result))
