"""Run the fleet method over a whole log, in chunks with pandas or in partitions with dask.

Both engines apply one function, :func:`partition`, to each piece of the log (a chunk of rows
with pandas; a partition of a ``dask.dataframe`` with dask): it checks the rows
(:func:`carbonlib.tools.fleet_io.check_rows`), computes every job's footprint
(:func:`carbonlib.tools.fleet.job_footprint`) and sums it per group in exact integer micro-units
(:func:`carbonlib.tools.fleet.group_sums`). The partial sums are added by
:func:`carbonlib.tools.fleet.combine`. Only one piece per worker is in memory at a time, so
memory stays bounded for logs larger than RAM; the numbers are the same bits on either engine.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from carbonlib.methodology import validation as v
from carbonlib.tools import fleet
from carbonlib.tools import fleet_io as fio

__all__ = ["FleetReport", "partition", "run", "ENGINES", "ON_BAD", "CHUNK_ROWS"]

ENGINES: tuple[str, ...] = ("pandas", "dask")
ON_BAD: tuple[str, ...] = ("skip", "refuse")
#: Rows per chunk for the pandas engine (and the progress bar's step).
CHUNK_ROWS: int = 1_000_000
_BAD_COLUMNS = ["line", "job_id", "problem"]


@dataclass
class FleetReport:
    """The fleet's footprint: per group with ranges, the idle capacity, the total, bad rows.

    Attributes
    ----------
    by : str
        The grouping (``user``, ``project``, ``month`` or ``job_id``).
    groups : pandas.DataFrame
        One row per group (index: its name): :data:`carbonlib.tools.fleet.SUMS` in kWh, kg and
        hours, ``jobs``, and ``<quantity>_low``/``_high`` for energy, operational, embodied and
        total.
    total : pandas.Series
        The same columns for the whole fleet (jobs only).
    idle : dict
        Embodied carbon of the idle capacity (:func:`carbonlib.tools.fleet.idle_capacity`).
    bad : pandas.DataFrame
        Rows not used: ``line`` (line in a CSV or sacct file, 1-based row in Parquet),
        ``job_id`` and ``problem``.
    counts : dict
        ``rows`` read, ``jobs`` used, ``bad``, and for sacct ``steps`` folded and ``not_run``.
    """

    by: str
    groups: pd.DataFrame
    total: pd.Series
    idle: dict[str, float]
    bad: pd.DataFrame
    counts: dict[str, Any] = field(default_factory=dict)


def _usable(jobs: pd.DataFrame, a: fleet.FleetAssumptions) -> pd.DataFrame:
    """Mark jobs the power model cannot price: an accelerator without power and no energy."""
    priced = set(a.peak_w) | {""}
    accelerator = jobs["accelerator"]
    if isinstance(accelerator.dtype, pd.CategoricalDtype):
        # per category, then one take over the codes (-1, no value: the default, priced)
        unpriced = np.array([str(c) not in priced for c in accelerator.cat.categories]
                            + [False])
        if not unpriced.any():
            return jobs
        no_power = unpriced[accelerator.cat.codes.to_numpy()]
    else:
        no_power = ~accelerator.isin(list(priced)).to_numpy()
    no_power &= jobs["energy_kwh"].isna().to_numpy() & (jobs["problem"] == "").to_numpy()
    if no_power.any():
        why = "accelerator has no power in data/hardware.csv and the job records no energy"
        jobs = jobs.copy()
        problem = jobs["problem"].astype("category")
        if why not in problem.cat.categories:
            problem = problem.cat.add_categories([why])
        problem[no_power] = why
        jobs["problem"] = problem
    return jobs


def _bad_rows(jobs: pd.DataFrame) -> pd.DataFrame:
    """``line``, ``job_id`` and ``problem`` of the rows with a problem (one pass over codes)."""
    problem = jobs["problem"]
    if isinstance(problem.dtype, pd.CategoricalDtype):
        fine = np.append(problem.cat.categories.astype(str) == "", False)
        codes = problem.cat.codes.to_numpy()
        if fine[:-1].all() and (len(codes) == 0 or codes.min() >= 0):
            # no problem among the categories: no bad row (and no empty copy of every column)
            line = jobs["line"].dtype if "line" in jobs.columns else np.int64
            return pd.DataFrame({"line": np.zeros(0, dtype=line),
                                 "job_id": np.zeros(0, dtype=object),
                                 "problem": np.zeros(0, dtype=object)})
        else:
            rows = np.flatnonzero(~fine[codes])
    else:
        rows = np.flatnonzero((problem != "").to_numpy())
    flagged = jobs.iloc[rows]
    return pd.DataFrame({
        "line": flagged["line"] if "line" in flagged.columns else flagged.index + 1,
        "job_id": flagged["job_id"].astype(str), "problem": flagged["problem"].astype(str)})


def partition(raw: pd.DataFrame, a: fleet.FleetAssumptions, by: str,
              checked: bool = False) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Footprint sums of one piece of the log: ``(group sums, bad rows, rows read)``.

    ``raw`` holds tidy columns and optionally ``line`` (else bad rows are reported by their
    1-based position); ``checked=True`` when it has been through
    :func:`carbonlib.tools.fleet_io.check_rows` already (sacct). Both engines run this on
    every piece: the rows are checked once, then :func:`carbonlib.tools.fleet.footprint_sums`
    prices the usable ones and sums them per group.
    """
    jobs = raw if checked else fio.check_rows(raw)
    jobs = _usable(jobs, a)
    return fleet.footprint_sums(jobs, a, by), _bad_rows(jobs), len(raw)


def _progress(total: int | None, unit: str, show: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, unit=unit, unit_scale=True, disable=not show, leave=False,
                desc="carbonlib fleet")


def _parquet_files(path: str) -> list[str]:
    if os.path.isdir(path):
        files = sorted(glob.glob(os.path.join(path, "**", "*.parquet"), recursive=True))
        if not files:
            raise ValueError(f"log={path!r}: folder holds no .parquet files")
        return files
    return [path]


def _pieces_pandas(path: str, chunk_rows: int, show: bool):
    """Yield ``(raw chunk, checked?)`` from a CSV or Parquet log, with a progress bar."""
    if path.endswith(".parquet") or os.path.isdir(path):
        import pyarrow.parquet as pq

        files = _parquet_files(path)
        total = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        offset = 1
        with _progress(total, "rows", show) as bar:
            for f in files:
                for batch in pq.ParquetFile(f).iter_batches(batch_size=chunk_rows):
                    chunk = batch.to_pandas()
                    chunk["line"] = np.arange(offset, offset + len(chunk))
                    offset += len(chunk)
                    bar.update(len(chunk))
                    yield chunk
        return
    if not os.path.exists(path):
        raise ValueError(f"log={path!r}: file not found; expected a tidy job table (.csv or "
                         ".parquet) or sacct --parsable2 output")
    line = 2
    with _progress(None, "rows", show) as bar:
        try:
            for chunk in pd.read_csv(path, dtype=str, keep_default_na=False,
                                     chunksize=chunk_rows):
                chunk["line"] = np.arange(line, line + len(chunk))
                line += len(chunk)
                bar.update(len(chunk))
                yield chunk
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise ValueError(f"log={path!r} cannot be parsed as CSV: {exc}") from None


def _run_dask(path: str, a: fleet.FleetAssumptions, by: str, scheduler: str | None,
              show: bool, workers: int) -> tuple[list, list, int]:
    import dask
    import dask.dataframe as dd
    from distributed import Client, LocalCluster, as_completed

    files = _parquet_files(path) if (path.endswith(".parquet") or os.path.isdir(path)) else []
    if not files:
        raise ValueError(f"engine='dask' reads a Parquet log (a .parquet file or a folder of "
                         f"them); got log={path!r}. Convert it, or use --engine pandas")
    ddf = dd.read_parquet(files)
    parts = ddf.to_delayed()

    def piece(frame: pd.DataFrame, index: int) -> tuple[pd.DataFrame, pd.DataFrame, int]:
        frame = frame.reset_index(drop=True)
        frame["line"] = np.arange(1, len(frame) + 1)
        sums, bad, rows = partition(frame, a, by)
        bad = bad.assign(line=[f"partition {index} row {r}" for r in bad["line"]])
        return sums, bad, rows

    tasks = [dask.delayed(piece)(p, i) for i, p in enumerate(parts)]
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.compute(tasks)
        order = {f.key: i for i, f in enumerate(futures)}
        results: list[Any] = [None] * len(futures)
        with _progress(len(futures), "partitions", show) as bar:
            for fut in as_completed(futures):
                results[order[fut.key]] = fut.result()
                bar.update(1)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    sums = [r[0] for r in results]
    bad = [r[1] for r in results]
    return sums, bad, int(sum(r[2] for r in results))


def run(log: str | os.PathLike, a: fleet.FleetAssumptions, *, by: str = "user",
        engine: str = "pandas", scheduler: str | None = None, on_bad: str = "skip",
        progress: bool = False, chunk_rows: int = CHUNK_ROWS, workers: int = 2) -> FleetReport:
    """The fleet's footprint from a job log (tidy CSV/Parquet, or sacct with pandas).

    Parameters
    ----------
    log : path-like
        A tidy job table (``.csv``, ``.parquet`` or a folder of Parquet files) or ``sacct
        --parsable2`` output (recognised by its header).
    a : FleetAssumptions
        From :func:`carbonlib.tools.fleet.assumptions`.
    by : {"user", "project", "month", "job_id"}
        Grouping of the results.
    engine : {"pandas", "dask"}
        pandas reads the log in chunks of ``chunk_rows``; dask processes the Parquet log's
        partitions on a local cluster of ``workers`` processes, or on ``scheduler``.
    scheduler : str, optional
        Address of an existing Dask scheduler (``tcp://host:8786``), for ``engine="dask"``.
    on_bad : {"skip", "refuse"}
        Skip bad rows (they are counted and listed in the report) or refuse the log.
    progress : bool
        Show a progress bar on stderr.

    Raises
    ------
    ValueError
        A bad parameter, an unreadable log, or ``on_bad="refuse"`` and a bad row (the message
        gives the count and the first lines).
    """
    v.one_of("by", by, list(fleet.GROUPINGS))
    v.one_of("engine", engine, list(ENGINES))
    v.one_of("on_bad", on_bad, list(ON_BAD))
    v.positive("chunk_rows", chunk_rows)
    path = str(log)
    counts: dict[str, Any] = {}
    if engine == "pandas" and os.path.isfile(path) and fio.is_sacct(path):
        sacct = fio.read_sacct(path)
        sums, bad, rows = partition(sacct.jobs, a, by, checked=True)
        sums_list, bad_list = [sums], [sacct.bad, bad]
        counts.update(steps=sacct.steps, not_run=sacct.not_run, states=sacct.states,
                      lines=rows + len(sacct.bad) + sacct.steps + sacct.not_run)
    elif engine == "pandas":
        sums_list, bad_list, rows = [], [], 0
        for chunk in _pieces_pandas(path, int(chunk_rows), progress):
            s, b, n = partition(chunk, a, by)
            sums_list.append(s)
            bad_list.append(b)
            rows += n
    else:
        if os.path.isfile(path) and fio.is_sacct(path):
            raise ValueError("engine='dask' reads a Parquet log; sacct output is read with "
                             "--engine pandas")
        sums_list, bad_list, rows = _run_dask(path, a, by, scheduler, progress, workers)
    bad = pd.concat([b.astype({"line": object}) for b in bad_list if len(b)] or
                    [pd.DataFrame(columns=_BAD_COLUMNS)], ignore_index=True)
    if on_bad == "refuse" and len(bad):
        first = "; ".join(f"line {r.line}: {r.problem}" for r in bad.head(5).itertuples())
        raise ValueError(f"log={path!r} has {len(bad)} bad row(s) (on_bad='refuse'): {first}")
    raw = pd.concat(sums_list)
    if raw.empty:
        raise ValueError(f"log={path!r} has no usable job ({len(bad)} bad row(s))")
    groups = fleet.combine(raw)
    total = fleet.combine(raw.sum().to_frame("fleet").T)
    idle = fleet.idle_capacity(total, a)
    groups = fleet.with_ranges(groups, a)
    total = fleet.with_ranges(total, a).iloc[0]
    counts.update(rows=rows, jobs=int(groups["jobs"].sum()), bad=len(bad))
    return FleetReport(by=by, groups=groups, total=total, idle=idle, bad=bad, counts=counts)
