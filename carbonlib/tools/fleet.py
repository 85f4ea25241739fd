"""The paper's footprint method over a cluster's job log: per job, per group, idle capacity.

Each job of the tidy table (:mod:`carbonlib.tools.fleet_io`) gets, by the methodology of
:mod:`carbonlib.methodology` applied to whole columns:

- energy at the machines: the measured ``energy_kwh`` where present, else the utilization power
  model ``gpus * hours * (idle + (peak - idle) * u) / 1000`` (:func:`~carbonlib.methodology.
  utilization.power_w`, :func:`~carbonlib.methodology.operational.energy_kwh`), with ``u`` the
  job's ``gpu_utilization`` or a default; facility energy is that times the PUE;
- operational carbon: facility energy times the intensity of the job's ``region`` (else the
  assumed region or intensity), less the carbon-free share;
- embodied carbon amortized per *allocated* accelerator-hour: ``server_kg * (gpus * hours /
  gpus_per_server) / (lifetime_years * 8760)``, i.e. at full occupancy. The part of the servers'
  embodied carbon that jobs do not hold (the server busy only ``utilization`` of its life, the
  paper's 30-60%) is the fleet's **idle capacity**, a line of its own:
  ``allocated embodied * (1 / utilization - 1)``.

The function :func:`job_footprint` takes and returns a pandas frame (one partition), so the same
code runs on a whole pandas table or on every partition of a dask dataframe
(``ddf.map_partitions(job_footprint, assumptions=...)``). Group totals (:func:`group_sums`)
are exact integer sums of per-job values rounded to 10^-6 of their unit (1 mg CO2e, 1 mWh), so
any partitioning and either engine give the same bits. Ranges (:func:`with_ranges`) use the
Monte Carlo of ``carbonlib estimate``: the same inputs, distributions, draws and percentiles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from carbonlib.data import reference_tables as ref
from carbonlib.methodology import embodied as emb
from carbonlib.methodology import operational as op
from carbonlib.methodology import uncertainty as unc
from carbonlib.methodology import utilization as util
from carbonlib.methodology import validation as v
from carbonlib.methodology.footprint import footprint
from carbonlib.tools import estimate as est

__all__ = ["FleetAssumptions", "assumptions", "job_footprint", "group_sums", "footprint_sums",
           "combine",
           "with_ranges", "idle_capacity", "fleet_total", "SUMS", "GROUPINGS", "SCALE"]

#: Group keys the aggregation knows.
GROUPINGS: tuple[str, ...] = ("user", "project", "month", "job_id")
#: Per-job quantities summed per group (milli-units, int64): kWh, kg, hours.
SUMS: tuple[str, ...] = ("energy_kwh", "operational_kg", "embodied_kg", "total_kg",
                         "it_energy_kwh", "it_default_kwh", "it_regional_kg", "server_hours",
                         "accelerator_hours", "work_hours")
#: Fixed-point scale of the group sums: 10^6 micro-units per unit (1 mg CO2e, 1 Wh/1000, 3.6 ms).
SCALE: float = 1e6


@dataclass(frozen=True)
class FleetAssumptions:
    """The resolved inputs of the fleet method (central values and the estimate's ranges).

    ``inputs`` maps ``pue``, ``intensity_kg_per_kwh``, ``utilization`` (server lifetime
    occupancy), ``lifetime_years`` and ``cfe_share`` to the dicts ``carbonlib estimate`` builds
    (value, low, high, distribution, source). ``peak_w``/``idle_w`` are per accelerator, by
    name; ``default_accelerator`` fills empty cells; ``job_utilization`` is the GPU
    utilization assumed for jobs that record neither energy nor utilization.
    """

    inputs: dict[str, dict[str, Any]]
    peak_w: dict[str, float]
    idle_fraction: float
    default_accelerator: str
    job_utilization: float
    server_embodied_kg: float
    gpus_per_server: float
    region_intensity: dict[str, float]
    samples: int = est.DEFAULT_SAMPLES
    seed: int = est.DEFAULT_SEED

    def value(self, name: str) -> float:
        """Central value of one input (the centre of its range)."""
        return float(self.inputs[name]["value"])


def _paper_idle_fraction() -> float:
    from carbonlib.paper.figures import fig09

    return round(float(fig09.model().idle_fraction), 3)


def _paper_job_utilization() -> float:
    from carbonlib.paper.figures import fig10

    f = fig10.frame().histogram
    return round(float((f["gpu_utilization_pct"] * f["probability"]).sum()) / 100, 3)


def assumptions(*, gpu: str = "a100", region: str | None = None,
                intensity_kg_per_kwh: est.Value | None = None, grid_year: int | None = None,
                pue: est.Value = est.PAPER_PUE, utilization: est.Value = est.PAPER_UTILIZATION,
                lifetime_years: est.Value = est.PAPER_LIFETIME_YEARS, cfe_share: est.Value = 0.0,
                server: str = est.PAPER_SERVER, server_embodied_kg: float | None = None,
                gpus_per_server: float | None = None, power_basis: str = "auto",
                idle_fraction: float | None = None, job_utilization: float | None = None,
                samples: int = est.DEFAULT_SAMPLES,
                seed: int = est.DEFAULT_SEED) -> FleetAssumptions:
    """Resolve the fleet's assumptions with the same rules and defaults as ``carbonlib estimate``.

    Parameters
    ----------
    gpu : str, default "a100"
        Accelerator of jobs whose ``accelerator`` cell is empty.
    region, intensity_kg_per_kwh, grid_year, pue, utilization, lifetime_years, cfe_share, \
server, server_embodied_kg, gpus_per_server, power_basis, samples, seed
        As in :func:`carbonlib.tools.estimate.estimate`; ``utilization`` is the servers'
        lifetime occupancy (the paper's 30-60%), which sets the idle-capacity line. The
        location applies to jobs without a ``region``.
    idle_fraction : float, optional
        Idle over peak power of an accelerator, in [0, 1] (default: 0.504, fitted to the
        paper's Fig 9 by :func:`carbonlib.paper.figures.fig09.model`).
    job_utilization : float, optional
        GPU utilization of jobs that record neither energy nor utilization, in [0, 1]
        (default: 0.536, the mean of the paper's Fig 10 histogram).

    Examples
    --------
    >>> a = assumptions(gpu="v100", intensity_kg_per_kwh=0.5)
    >>> a.peak_w["v100"], a.value("pue"), a.value("utilization")
    (325.0, 1.1, 0.45)
    """
    v.positive("samples", samples)
    location = est._location(region=region, grid_year=grid_year,
                             intensity=intensity_kg_per_kwh, codecarbon=None)
    inputs = {
        "pue": est._input("pue", pue, default=est.PAPER_PUE),
        "intensity_kg_per_kwh": location,
        "utilization": est._input("utilization", utilization, default=est.PAPER_UTILIZATION),
        "lifetime_years": est._input("lifetime_years", lifetime_years,
                                     default=est.PAPER_LIFETIME_YEARS),
        "cfe_share": est._input("cfe_share", cfe_share, default=0.0),
    }
    basis = est._embodied_basis(server=server, server_embodied_kg=server_embodied_kg,
                                accelerators_per_server=gpus_per_server, count=1.0,
                                energy={"hours": 1.0}, codecarbon=None)
    if basis["accelerators_per_server"] <= 0:
        raise ValueError(f"server={server!r} holds no accelerators; the fleet method amortizes "
                         "a GPU server per accelerator-hour: give --gpus-per-server N")
    peak = {}
    for name in ref.accelerators():
        try:
            peak[name] = ref.power_w(name, basis=power_basis).value_w
        except ValueError:  # no power in the table: only jobs with measured energy can use it
            continue
    if ref.resolve_accelerator(gpu) not in peak:
        raise ValueError(f"gpu={gpu!r} has no {power_basis} power in data/hardware.csv; choose "
                         f"one of {', '.join(sorted(peak))}")
    idle = _paper_idle_fraction() if idle_fraction is None else idle_fraction
    job_u = _paper_job_utilization() if job_utilization is None else job_utilization
    v.fraction("idle_fraction", idle)
    v.fraction("job_utilization", job_u)
    grid = {r: ref.grid_intensity(r, year=grid_year).intensity_kg_per_kwh
            for r in ref.regions()} if region is None and intensity_kg_per_kwh is None else \
        {r: ref.grid_intensity(r).intensity_kg_per_kwh for r in ref.regions()}
    return FleetAssumptions(inputs=inputs, peak_w=peak, idle_fraction=float(idle),
                            default_accelerator=ref.resolve_accelerator(gpu),
                            job_utilization=float(job_u),
                            server_embodied_kg=float(basis["server_embodied_kg"]),
                            gpus_per_server=float(basis["accelerators_per_server"]),
                            region_intensity=grid, samples=int(samples), seed=int(seed))


def _ok_rows(jobs: pd.DataFrame) -> np.ndarray | None:
    """Boolean mask of the rows without a ``problem``, or None when every row is usable."""
    if "problem" not in jobs.columns:
        return None
    problem = jobs["problem"]
    if isinstance(problem.dtype, pd.CategoricalDtype):
        empty = np.append(problem.cat.categories.astype(str) == "", False)
        if empty[:-1].all():  # no problem among the categories: only a missing one could be
            codes = problem.cat.codes.to_numpy()
            return None if len(codes) == 0 or codes.min() >= 0 else codes >= 0
        ok = empty[problem.cat.codes.to_numpy()]
    else:
        ok = (problem == "").to_numpy(dtype=bool)
    return None if ok.all() else ok


def _categorical(column: pd.Series) -> pd.Series:
    """The column as a categorical (already one after :func:`~carbonlib.tools.fleet_io.
    check_rows`)."""
    return column if isinstance(column.dtype, pd.CategoricalDtype) else \
        column.astype("category")


def _by_category(column: pd.Series, values: dict[str, float], empty: float) -> np.ndarray:
    """A lookup table over a categorical's codes: per category, ``values`` of its name
    (``empty`` for "", NaN for a name not in ``values``), then ``empty`` for code -1.
    """
    names = column.cat.categories.astype(str)
    return np.array([empty if n == "" else values.get(n, np.nan) for n in names] + [empty],
                    dtype=float)


def _columns(jobs: pd.DataFrame, a: FleetAssumptions) -> tuple[np.ndarray | None,
                                                                   dict[str, np.ndarray]]:
    """The method on the usable rows of one partition: ``(usable-row mask or None, columns)``.

    The columns are numpy arrays over the usable rows: ``hours``, ``gpus``, ``gpu_utilization``
    (recorded, NaN if not), ``measured`` (True where the log's energy was used) and those of
    :data:`SUMS`. :func:`job_footprint` frames them; :func:`footprint_sums` sums them per
    group without building a per-job frame. Both engines call one of the two on every
    partition, so this is the fleet method's one implementation.
    """
    ok = _ok_rows(jobs)
    rows = None if ok is None else np.flatnonzero(ok)  # one index, taken by every column

    def usable(values: np.ndarray) -> np.ndarray:
        return values if rows is None else values.take(rows)

    def column(name: str) -> np.ndarray:
        return usable(jobs[name].to_numpy(dtype=float))

    accelerator = _categorical(jobs["accelerator"])
    peak = _by_category(accelerator, a.peak_w, a.peak_w[a.default_accelerator])
    peak = usable(peak[accelerator.cat.codes.to_numpy()])
    measured = column("energy_kwh")
    unpriced = np.isnan(peak)
    if unpriced.any():  # accelerators without power: only their measured energy can be used
        missing = unpriced & np.isnan(measured)
        if missing.any():
            names = sorted(set(usable(np.asarray(accelerator, dtype=object))[missing]))
            raise ValueError(f"jobs: accelerator={names[0]!r} has no power in "
                             f"data/hardware.csv and {int(missing.sum())} usable job(s) on "
                             "it record no energy_kwh; give their energy_kwh, or let "
                             "carbonlib.tools.fleet_run.partition report them as bad rows")
        peak = np.where(unpriced, 0.0, peak)  # their modelled energy is not used
    hours = column("hours")
    gpus = column("gpus")
    recorded_u = column("gpu_utilization")
    no_u = np.isnan(recorded_u)
    u = np.where(no_u, a.job_utilization, recorded_u)
    power = util.power_w(u, idle_w=peak * a.idle_fraction, peak_w=peak)
    modelled = op.energy_kwh(power, hours, devices=gpus, pue=1.0)
    from_log = ~np.isnan(measured)
    it = np.where(from_log, measured, modelled)
    # per region code: the intensity (the assumed one for jobs without a region), and the
    # intensity and 1/0 weight of the location-based and default parts; one take each
    region_column = _categorical(jobs["region"])
    region = _by_category(region_column, a.region_intensity, np.nan)
    regional = ~np.isnan(region)
    default = a.value("intensity_kg_per_kwh")
    codes = region_column.cat.codes.to_numpy()
    intensity = usable(np.where(regional, region, default)[codes])
    pue, cfe = a.value("pue"), a.value("cfe_share")
    energy = op.energy_kwh(it * 1000.0, 1.0, pue=pue)  # it kWh = it * 1000 W for 1 h
    accel_hours = gpus * hours
    server_hours = accel_hours / a.gpus_per_server
    f = footprint(energy, intensity, job_hours=server_hours,
                  system_embodied_kg=a.server_embodied_kg,
                  lifetime_years=a.value("lifetime_years"), utilization=1.0, cfe_share=cfe)
    operational, embodied = f.operational_kg, f.embodied_kg
    # it x 0 = 0 and it x 1 = it exactly (it is finite): the same values as np.where; the
    # products are written over the looked-up factors (x * y == y * x in IEEE arithmetic)
    it_regional = usable(np.where(regional, region, 0.0)[codes])
    it_regional *= it
    it_default = usable(np.where(regional, 0.0, 1.0)[codes])
    it_default *= it
    work_hours = np.where(no_u, 0.0, recorded_u)
    work_hours *= accel_hours
    return ok, {
        "hours": hours, "gpus": gpus, "gpu_utilization": recorded_u, "measured": from_log,
        "energy_kwh": energy, "operational_kg": operational, "embodied_kg": embodied,
        "total_kg": operational + embodied, "it_energy_kwh": it,
        "it_default_kwh": it_default, "it_regional_kg": it_regional,
        "server_hours": server_hours, "accelerator_hours": accel_hours,
        "work_hours": work_hours,
    }


def job_footprint(jobs: pd.DataFrame, assumptions: FleetAssumptions) -> pd.DataFrame:
    """Energy, operational, embodied and total carbon of every usable job (one partition).

    Parameters
    ----------
    jobs : pandas.DataFrame
        Checked tidy rows (:func:`carbonlib.tools.fleet_io.check_rows`); rows with a
        ``problem`` are left out.
    assumptions : FleetAssumptions

    Returns
    -------
    pandas.DataFrame
        ``job_id``, ``user``, ``project``, ``month`` (of the start; ``YYYY-MM`` in the sums),
        ``hours``, ``gpus``, ``gpu_utilization`` (as recorded, NaN if not), ``energy_source``
        (``measured`` or ``model``) and the columns of :data:`SUMS`: ``energy_kwh`` (facility,
        kWh), ``operational_kg``, ``embodied_kg`` (allocated accelerator-hours), ``total_kg``,
        ``it_energy_kwh`` (at the machines), ``it_default_kwh`` (at the machines, jobs without
        a region), ``it_regional_kg`` (location-based kg of jobs with a region, before PUE),
        ``server_hours``, ``accelerator_hours`` and ``work_hours`` (accelerator-hours times
        recorded utilization: the work at full utilization).

    Raises
    ------
    ValueError
        A usable row's accelerator has no power in ``data/hardware.csv`` and the row records
        no energy (:func:`carbonlib.tools.fleet_run.partition` marks such rows as bad).

    Examples
    --------
    One job: 4 V100 for 10 h at 50% utilization, idle 50% of the 325 W peak: power
    162.5 + 162.5 x 0.5 = 243.75 W, 4 x 10 x 243.75 / 1000 = 9.75 kWh, x 1.1 = 10.725 kWh,
    x 0.5 kg/kWh = 5.3625 kg; embodied 2000 x (40 / 8) / (4 x 8760) = 0.2854 kg.

    >>> a = assumptions(gpu="v100", intensity_kg_per_kwh=0.5, idle_fraction=0.5)
    >>> jobs = pd.DataFrame({"job_id": ["1"], "user": "ana", "project": "p",
    ...     "start": pd.Timestamp("2026-01-01"), "end": pd.Timestamp("2026-01-01 10:00"),
    ...     "accelerator": "", "gpus": 4.0, "gpu_utilization": 0.5, "energy_kwh": np.nan,
    ...     "region": "", "hours": 10.0, "problem": ""})
    >>> r = job_footprint(jobs, a).iloc[0]
    >>> [round(float(r[k]), 4) for k in ("energy_kwh", "operational_kg", "embodied_kg")]
    [10.725, 5.3625, 0.2854]
    """
    ok, values = _columns(jobs, assumptions)
    rows = jobs if ok is None else jobs[ok]
    measured = values.pop("measured")
    # one float block written in place: no per-column copies when the frame is built
    block = np.empty((len(values), len(rows)))
    for i, column in enumerate(values.values()):
        block[i] = column
    out = pd.DataFrame(block.T, columns=list(values), index=rows.index, copy=False)
    out.insert(0, "job_id", rows["job_id"])
    out.insert(1, "user", rows["user"])
    out.insert(2, "project", rows["project"])
    out.insert(3, "month", rows["start"].to_numpy().astype("datetime64[M]"))
    out.insert(7, "energy_source", pd.Categorical.from_codes(
        (~measured).astype(np.int8), ["measured", "model"]))
    return out


def _check_by(by: str) -> str:
    return v.one_of("by", by, list(GROUPINGS))


#: Group sums below this many micro-units are exact in float64 (all integers up to 2^53 are).
_EXACT = float(2**53)


def _month_codes(start: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """Month of each timestamp as a code, and the months (``datetime64[s]``, sorted)."""
    day_unit = np.timedelta64(1, "D") // np.timedelta64(1, np.datetime_data(start.dtype)[0])
    days = start.view(np.int64) // day_unit
    if len(days) == 0:
        return np.zeros(0, dtype=np.intp), pd.Index([], dtype="datetime64[s]")
    first, last = int(days.min()), int(days.max())
    if last - first > 10**6:  # over 2700 years: convert each value (slow, rare)
        codes, names = pd.factorize(start.astype("datetime64[M]"), sort=True,
                                    use_na_sentinel=False)
        return codes, pd.Index(np.asarray(names).astype("datetime64[s]"))
    # a month per day of the range, then one take over the rows
    month_of_day = np.arange(first, last + 1).astype("datetime64[D]").astype("datetime64[M]")
    months, day_codes = np.unique(month_of_day, return_inverse=True)
    return day_codes[days - first], pd.Index(months.astype("datetime64[s]"))


def _group_codes(key: pd.Series | np.ndarray, ok: np.ndarray | None,
                 by: str) -> tuple[np.ndarray, pd.Index]:
    """Integer group codes of the usable rows (``>= 0``) and the group names."""
    if isinstance(key, pd.Series) and isinstance(key.dtype, pd.CategoricalDtype):
        codes = key.cat.codes.to_numpy()
        codes = (codes if ok is None else codes[ok]).astype(np.intp)
        if len(codes) and codes.min() < 0:  # a missing key: a group of its own
            return _group_codes(key.astype(object), ok, by)
        return codes, pd.Index(np.asarray(key.cat.categories, dtype=object), name=by)
    values = key.to_numpy() if isinstance(key, pd.Series) else np.asarray(key)
    values = values if ok is None else values[ok]
    if by == "month" and np.issubdtype(values.dtype, np.datetime64) \
            and values.dtype != np.dtype("datetime64[M]"):
        codes, names = _month_codes(values)
        return codes, names.rename(by)
    codes, names = pd.factorize(values, sort=True, use_na_sentinel=False)
    return codes.astype(np.intp), pd.Index(np.asarray(names), name=by)


def _fixed_sums(codes: np.ndarray, names: pd.Index, columns: list[np.ndarray], *,
                nonnegative: bool = False) -> pd.DataFrame:
    """Per-group sums of ``columns`` rounded to micro-units, exact in int64, and the counts.

    Each value is rounded to an integer number of micro-units first. For non-negative
    integers every partial float64 sum is exact while the total stays below 2^53, so the
    float sums are the exact integer sums whenever the totals are below 2^53 (checked; else,
    or if a value is negative, the column is summed in int64). ``nonnegative=True`` skips the
    sign check for values that cannot be negative. Order and partitioning never matter.
    Groups without a row are dropped.
    """
    groups = len(names)
    counts = np.bincount(codes, minlength=groups)
    present = np.flatnonzero(counts)
    out = np.empty((len(present), len(columns) + 1), dtype=np.int64)
    buffer = np.empty(len(codes))
    for i, x in enumerate(columns):
        np.multiply(x, SCALE, out=buffer)
        np.rint(buffer, out=buffer)
        total = np.bincount(codes, weights=buffer, minlength=groups)
        # non-negative integers: every partial sum is exact when the total is below 2^53
        if not (np.all(total < _EXACT)
                and (nonnegative or len(buffer) == 0 or buffer.min() >= 0)):
            total = np.zeros(groups, dtype=np.int64)
            np.add.at(total, codes, buffer.astype(np.int64))
        out[:, i] = total[present]
    out[:, -1] = counts[present]
    return pd.DataFrame(out, columns=[*SUMS, "jobs"], index=names[present], copy=False)


def group_sums(per_job: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per-group sums of :data:`SUMS` as int64 micro-units, and the job count (one partition).

    Each per-job value is rounded to 10^-6 of its unit (1 mg CO2e, 1 mWh) before summing in
    integers, so the sum does not depend on the order or partitioning of the rows: pandas and
    dask give the same bits. Divide by :data:`SCALE` (or use :func:`combine`) for units.

    Examples
    --------
    >>> jobs = pd.DataFrame({"user": ["a", "b", "a"], **{k: [0.5, 1.0, 0.25] for k in SUMS}})
    >>> group_sums(jobs, "user").loc["a", ["total_kg", "jobs"]].tolist()
    [750000, 2]
    """
    _check_by(by)
    codes, names = _group_codes(per_job[by], None, by)
    return _fixed_sums(codes, names, [per_job[k].to_numpy(dtype=float) for k in SUMS])


def footprint_sums(jobs: pd.DataFrame, a: FleetAssumptions, by: str) -> pd.DataFrame:
    """``group_sums(job_footprint(jobs, a), by)`` without building the per-job frame.

    The same method (:func:`job_footprint`'s columns) and the same exact sums, straight from
    the arrays of one partition: what both engines run on every piece of the log.

    Parameters
    ----------
    jobs, a
        The checked rows and the assumptions, as for :func:`job_footprint`.
    by : {"user", "project", "month", "job_id"}
        Grouping; ``month`` is the month of the job's start.

    Returns
    -------
    pandas.DataFrame
        One row per group: the :data:`SUMS` in int64 micro-units and ``jobs``.

    Examples
    --------
    >>> a = assumptions(gpu="v100", intensity_kg_per_kwh=0.5, idle_fraction=0.5)
    >>> jobs = pd.DataFrame({"job_id": ["1", "2"], "user": ["ana", "ben"], "project": "p",
    ...     "start": pd.Timestamp("2026-01-01"), "end": pd.Timestamp("2026-01-01 10:00"),
    ...     "accelerator": "", "gpus": 4.0, "gpu_utilization": 0.5, "energy_kwh": np.nan,
    ...     "region": "", "hours": 10.0, "problem": ["", "end before start"]})
    >>> footprint_sums(jobs, a, "user")[["operational_kg", "jobs"]].to_dict("index")
    {'ana': {'operational_kg': 5362500, 'jobs': 1}}
    """
    _check_by(by)
    ok, values = _columns(jobs, a)
    key = jobs["start"] if by == "month" else jobs[by]
    codes, names = _group_codes(key, ok, by)
    # every input of the method was checked non-negative, so are its outputs
    return _fixed_sums(codes, names, [values[k] for k in SUMS], nonnegative=True)


def combine(parts: list[pd.DataFrame] | pd.DataFrame) -> pd.DataFrame:
    """Add partial :func:`group_sums` (any order) and convert to units (kWh, kg, hours).

    Returns one row per group, sorted by name, with the :data:`SUMS` columns as floats and
    ``jobs`` as an integer.
    """
    table = pd.concat(parts) if isinstance(parts, list) else parts
    name = table.index.name
    if pd.api.types.is_datetime64_any_dtype(table.index):
        table.index = table.index.strftime("%Y-%m")
    elif isinstance(table.index.dtype, pd.CategoricalDtype):
        table.index = table.index.astype(str)
    total = table.groupby(level=0, sort=True).sum()
    out = total[list(SUMS)].astype(float) / SCALE
    out["jobs"] = total["jobs"].astype(np.int64)
    out.index.name = name
    return out


def _draws(a: FleetAssumptions) -> dict[str, np.ndarray]:
    """The estimate's Monte Carlo draws of its five inputs (same order, seed and ranges)."""
    varied = [k for k, spec in a.inputs.items() if spec["high"] > spec["low"]]
    spec = {k: (unc.Uniform(a.inputs[k]["low"], a.inputs[k]["high"]) if k in varied
                else a.value(k)) for k in a.inputs}
    # carbonlib estimate samples the varied inputs only, in this order; so do we
    drawn = unc.sample({k: spec[k] for k in varied}, a.samples, seed=a.seed) if varied else {}
    return {k: np.asarray(drawn[k]) if k in drawn else np.full(1, a.value(k)) for k in a.inputs}


def with_ranges(groups: pd.DataFrame, a: FleetAssumptions) -> pd.DataFrame:
    """Add ``<quantity>_low`` and ``_high`` (5th and 95th percentiles) to group totals.

    Per group, operational carbon is ``pue * (1 - cfe) * (it_regional_kg + it_default_kwh *
    intensity)`` and embodied ``server_kg * server_hours / (lifetime_years * 8760)``, evaluated
    on the Monte Carlo draws of ``carbonlib estimate`` (one draw of each input for the whole
    fleet). Inputs given as points give low = high = value.
    """
    d = _draws(a)
    pue, cfe, life = d["pue"], d["cfe_share"], d["lifetime_years"]
    intensity = d["intensity_kg_per_kwh"]
    out = groups.copy()
    per_kwh = pue * (1.0 - cfe)
    per_server_hour = emb.embodied_kg(a.server_embodied_kg, 1.0, lifetime_years=life,
                                      utilization=1.0)
    n = max(pue.size, cfe.size, life.size, intensity.size)
    lows = {k: [] for k in ("energy_kwh", "operational_kg", "embodied_kg", "total_kg")}
    highs = {k: [] for k in lows}
    for _, g in groups.iterrows():
        energy = np.broadcast_to(g["it_energy_kwh"] * pue, (n,))
        opk = np.broadcast_to(per_kwh * (g["it_regional_kg"] + g["it_default_kwh"] * intensity),
                              (n,))
        embk = np.broadcast_to(g["server_hours"] * per_server_hour, (n,))
        for key, arr in (("energy_kwh", energy), ("operational_kg", opk),
                         ("embodied_kg", embk), ("total_kg", opk + embk)):
            lo, hi = np.percentile(arr, est.PERCENTILES)
            lows[key].append(float(lo))
            highs[key].append(float(hi))
    for key in lows:
        out[f"{key}_low"] = lows[key]
        out[f"{key}_high"] = highs[key]
    return out


def idle_capacity(totals: pd.Series | pd.DataFrame, a: FleetAssumptions) -> dict[str, float]:
    """Embodied carbon of the servers' idle capacity: the part no job holds.

    With servers busy ``utilization`` of their life (the estimate's assumption), the allocated
    accelerator-hours carry ``E = server_kg * server_hours / (lifetime_years * 8760)`` and the
    idle capacity ``E * (1 / utilization - 1)``: the two add up to the estimate's embodied carbon
    ``server_kg * server_hours / (lifetime_years * 8760 * utilization)``.

    Parameters
    ----------
    totals : pandas.Series or DataFrame
        The fleet's ``server_hours`` (summed over all groups if a frame).

    Returns
    -------
    dict
        ``embodied_kg``, ``embodied_kg_low``, ``embodied_kg_high`` and ``server_hours``.

    Examples
    --------
    8 accelerator-hours = 1 server-hour of a 2000 kg server over 4 years at 50% occupancy:
    2000 / 35040 x (1 / 0.5 - 1) = 0.05708 kg

    >>> a = assumptions(intensity_kg_per_kwh=0.5, utilization=0.5, lifetime_years=4)
    >>> round(idle_capacity(pd.Series({"server_hours": 1.0}), a)["embodied_kg"], 5)
    0.05708
    """
    hours = float(np.sum(totals["server_hours"]))
    d = _draws(a)

    def idle(utilization: Any, lifetime_years: Any) -> Any:
        full = emb.embodied_kg(a.server_embodied_kg, hours, lifetime_years=lifetime_years,
                               utilization=utilization)
        return full - emb.embodied_kg(a.server_embodied_kg, hours,
                                      lifetime_years=lifetime_years, utilization=1.0)

    value = float(idle(a.value("utilization"), a.value("lifetime_years")))
    draws = np.broadcast_to(idle(d["utilization"], d["lifetime_years"]),
                            (max(d["utilization"].size, d["lifetime_years"].size),))
    lo, hi = np.percentile(draws, est.PERCENTILES)
    return {"server_hours": hours, "embodied_kg": value, "embodied_kg_low": float(lo),
            "embodied_kg_high": float(hi)}


def fleet_total(totals: pd.Series | pd.DataFrame, a: FleetAssumptions) -> dict[str, float]:
    """The fleet's whole footprint: the jobs' total and the idle capacity, with its range.

    Per Monte Carlo draw (the draws of :func:`with_ranges`), operational ``pue * (1 - cfe) *
    (it_regional_kg + it_default_kwh * intensity)`` plus the servers' whole embodied carbon
    ``server_kg * server_hours / (lifetime_years * 8760 * utilization)`` (allocated plus idle
    capacity); low and high are the 5th and 95th percentiles of that sum, the value is at the
    centre of every range.

    Parameters
    ----------
    totals : pandas.Series or DataFrame
        ``it_energy_kwh``, ``it_regional_kg``, ``it_default_kwh`` and ``server_hours`` of the
        fleet (summed over the rows if a frame), e.g. :attr:`~carbonlib.tools.fleet_run.
        FleetReport.total`.
    a : FleetAssumptions

    Returns
    -------
    dict
        ``total_kg``, ``total_kg_low`` and ``total_kg_high``, kg CO2e.

    Examples
    --------
    10 kWh at 0.5 kg/kWh and PUE 1.1 = 5.5 kg, plus 1 server-hour of a 2000 kg server over 4
    years at 50% occupancy: 2000 / (4 x 8760 x 0.5) = 0.1142 kg

    >>> a = assumptions(intensity_kg_per_kwh=0.5, utilization=0.5, lifetime_years=4)
    >>> t = pd.Series({"it_energy_kwh": 10.0, "it_regional_kg": 0.0, "it_default_kwh": 10.0,
    ...                "server_hours": 1.0})
    >>> {k: round(x, 4) for k, x in fleet_total(t, a).items()}
    {'total_kg': 5.6142, 'total_kg_low': 5.6142, 'total_kg_high': 5.6142}
    """
    t = {k: float(np.sum(totals[k])) for k in ("it_regional_kg", "it_default_kwh",
                                                "server_hours")}

    def total(pue: Any, cfe: Any, intensity: Any, utilization: Any, lifetime: Any) -> Any:
        operational = pue * (1.0 - cfe) * (t["it_regional_kg"] + t["it_default_kwh"] * intensity)
        return operational + emb.embodied_kg(a.server_embodied_kg, t["server_hours"],
                                             lifetime_years=lifetime, utilization=utilization)

    names = ("pue", "cfe_share", "intensity_kg_per_kwh", "utilization", "lifetime_years")
    d = _draws(a)
    draws = np.broadcast_to(total(*(d[k] for k in names)), (max(d[k].size for k in names),))
    lo, hi = np.percentile(draws, est.PERCENTILES)
    return {"total_kg": float(total(*(a.value(k) for k in names))), "total_kg_low": float(lo),
            "total_kg_high": float(hi)}
