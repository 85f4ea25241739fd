"""A cluster's job log as one tidy table: the tidy CSV/Parquet format and Slurm's ``sacct``.

Every reader returns the *tidy job table*, one row per job, with the columns of
:data:`TIDY_COLUMNS`:

``job_id`` (str), ``user`` (str), ``project`` (str), ``start`` and ``end`` (timestamps, UTC,
naive), ``accelerator`` (a name in ``data/hardware.csv``, or empty for the default),
``gpus`` (accelerators allocated, >= 0), and optionally ``gpu_utilization`` (mean busy fraction
of the allocated accelerators while the job ran, in [0, 1]), ``energy_kwh`` (measured energy at
the machines, kWh, before PUE) and ``region`` (a code in ``data/grid_intensity.csv``). Empty
optional cells mean "not known".

:func:`check_rows` marks the rows that cannot be used (negative duration, end before start,
unknown accelerator or region, garbled fields) with a ``problem`` text instead of dropping them,
so the caller counts and reports every one with its line number.
:func:`read_sacct` parses ``sacct --parsable2`` output (``|``-separated, one header line): the
elapsed time ``[D-]HH:MM:SS``, the GPU count from ``AllocTRES`` (``gres/gpu=N`` or
``gres/gpu:TYPE=N``), ``ConsumedEnergyRaw`` (joules), the state, and job arrays (``123_4``, each
task one job) and steps (``123.batch``, ``123.extern``, ``123.0``: folded into their job, so
each job is counted once).
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from carbonlib.data import reference_tables as ref

__all__ = ["TIDY_COLUMNS", "OPTIONAL_COLUMNS", "SacctLog", "check_rows", "read_tidy",
           "read_sacct", "JOULES_PER_KWH"]

#: Required columns of the tidy job table.
TIDY_COLUMNS: tuple[str, ...] = ("job_id", "user", "project", "start", "end", "accelerator",
                                 "gpus")
#: Optional columns; an empty cell means "not known".
OPTIONAL_COLUMNS: tuple[str, ...] = ("gpu_utilization", "energy_kwh", "region")
#: Joules in one kWh (sacct's ConsumedEnergyRaw is in joules).
JOULES_PER_KWH: float = 3.6e6


#: Text that means "no value" in a name column.
_EMPTY_TEXT: tuple[str, ...] = ("", "nan", "None")


def _known(names: list[str]) -> dict[str, str]:
    return {n.lower(): n for n in names}


@functools.lru_cache(maxsize=1)
def _known_names() -> tuple[dict[str, str], dict[str, str]]:
    """Accelerators and regions of the bundled tables, by lower-case name (read once)."""
    return _known(ref.accelerators()), _known(ref.regions())


def check_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Coerce a tidy job table's columns and mark unusable rows; works on one partition.

    Parameters
    ----------
    table : pandas.DataFrame
        The tidy columns (:data:`TIDY_COLUMNS`, optional :data:`OPTIONAL_COLUMNS`), as text or
        already typed.

    Returns
    -------
    pandas.DataFrame
        The same rows, typed: ``start``/``end`` datetimes, ``gpus``, ``gpu_utilization`` and
        ``energy_kwh`` floats (NaN when unknown), ``accelerator`` and ``region`` lower-case table
        names (empty for the default), plus ``hours`` (``end - start`` in hours) and ``problem``
        (empty, or why the row cannot be used).

    Examples
    --------
    >>> t = pd.DataFrame({"job_id": ["1", "2"], "user": "ana", "project": "p",
    ...                   "start": ["2026-01-01T00:00", "2026-01-01T05:00"],
    ...                   "end": ["2026-01-01T02:00", "2026-01-01T04:00"],
    ...                   "accelerator": "A100", "gpus": [4, 1]})
    >>> out = check_rows(t)
    >>> out["hours"].tolist(), out["problem"].tolist()
    ([2.0, -1.0], ['', 'end before start'])
    """
    missing = [c for c in TIDY_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"job table: missing column(s) {', '.join(map(repr, missing))}; "
                         f"required: {', '.join(TIDY_COLUMNS)}; optional: "
                         f"{', '.join(OPTIONAL_COLUMNS)}")
    out = table.copy(deep=False)
    reasons: list[str] = [""]
    code = np.zeros(len(out), dtype=np.int16)

    # every check is one vectorized pass over a column (or over the codes of a categorical);
    # a row keeps the first problem found, in the order of the checks below
    def flag(mask: Any, why: str) -> None:
        mask = _mask(mask)
        if mask.any():
            if why not in reasons:
                reasons.append(why)
            code[mask & (code == 0)] = reasons.index(why)

    for col in ("job_id", "user", "project"):
        values = out[col]
        if isinstance(values.dtype, pd.CategoricalDtype):
            given = values.cat.categories
            clean = all(isinstance(c, str) and c == c.strip() for c in given)
            cats = given if clean else given.astype(str).str.strip()
            if cats.is_unique:
                if not clean:
                    out[col] = values.cat.rename_categories(cats)
                codes = values.cat.codes.to_numpy()
                empty_name = np.asarray(cats.isin(_EMPTY_TEXT))
                if empty_name.any():  # an empty name, or no value (code -1: appended True)
                    flag(np.append(empty_name, True)[codes], f"empty {col}")
                elif len(codes) and codes.min() < 0:
                    flag(codes < 0, f"empty {col}")
                continue
            values = values.astype(str)
        if pd.api.types.is_numeric_dtype(values):
            flag(values.isna(), f"empty {col}")
            continue
        out[col] = values.astype(str).str.strip()
        flag(out[col].isin(_EMPTY_TEXT), f"empty {col}")
    missing_time = np.zeros(len(out), dtype=bool)
    for col in ("start", "end"):
        raw = out[col]
        if not pd.api.types.is_datetime64_any_dtype(raw):
            out[col] = pd.to_datetime(raw, errors="coerce", utc=True).dt.tz_localize(None)
        elif getattr(raw.dtype, "tz", None) is not None:
            out[col] = raw.dt.tz_convert(None)  # UTC, naive
        stamps = out[col].to_numpy()
        if len(stamps) and stamps.view(np.int64).min() == _NAT:  # a reduction, then the mask
            nat = np.isnat(stamps)
            flag(nat, f"{col} is not a timestamp")
            missing_time |= nat
    out["hours"] = _hours(out["start"].to_numpy(), out["end"].to_numpy(), missing_time)
    if _below(out["hours"].to_numpy(), 0.0):
        flag(out["hours"].to_numpy() < 0, "end before start")

    def number(col: str, low: float, high: float = np.inf, required: bool = False) -> None:
        if col not in out.columns:
            out[col] = np.nan
            return
        raw = out[col]
        if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
            values = raw.to_numpy(dtype=float)
        else:
            text = raw.astype(str).str.strip()
            empty = text.isin(["", "nan", "None", "<NA>"])
            values = pd.to_numeric(text.where(~empty, None), errors="coerce").to_numpy(
                dtype=float)
            flag(~empty & np.isnan(values), f"{col} is not a number")
        # clean columns cost two reductions (no mask is built unless one can be true)
        if required and np.isnan(np.add.reduce(values)):
            flag(np.isnan(values), f"{col} is missing")
        if _below(values, low) or _above(values, high):
            # below low, above high, or infinite (NaN: unknown, not flagged here)
            outside = values < low
            outside |= (values > high) if np.isfinite(high) else (values == np.inf)
            if not np.isfinite(low):
                outside |= values == -np.inf
            flag(outside, f"{col} outside [{low:g}, {high:g}]")
        if raw.dtype != np.float64:
            out[col] = values

    number("gpus", 0.0, required=True)
    number("gpu_utilization", 0.0, 1.0)
    number("energy_kwh", 0.0)
    known_accelerators, known_regions = _known_names()
    for col, known, what in (("accelerator", known_accelerators, "accelerator"),
                             ("region", known_regions, "region")):
        if col not in out.columns:
            out[col] = ""
        values = out[col]
        cat = values.astype("category") if not isinstance(values.dtype, pd.CategoricalDtype) \
            else values
        # a handful of names: plain Python is quicker than pandas' string methods here
        names = [str(c).strip().lower() for c in cat.cat.categories]
        names = ["" if n in ("nan", "none", "<na>") else n for n in names]
        resolved = [known.get(n, n) for n in names]
        # per category, then one take over the codes (code -1, no value: the appended entry)
        unknown = np.array([n != "" and n not in known for n in names] + [False], dtype=bool)
        codes = cat.cat.codes.to_numpy()
        if unknown.any():
            flag(unknown[codes], f"unknown {what}")
        unique = list(dict.fromkeys([*resolved, ""]))
        lookup = np.array([unique.index(r) for r in resolved] + [unique.index("")],
                          dtype=np.int32)
        given = list(cat.cat.categories)
        if unique[:len(given)] == given and not cat.cat.ordered and (codes >= 0).all():
            # already the table's names: keep the codes, add the empty name if it is new
            out[col] = cat.cat.add_categories(unique[len(given):]) if len(unique) > len(given) \
                else cat
        else:
            out[col] = pd.Categorical.from_codes(lookup[codes], categories=unique,
                                                 validate=False)
    out["problem"] = pd.Categorical.from_codes(code, categories=reasons, validate=False)
    return out


#: NaT as an int64 (the smallest one).
_NAT: int = int(np.iinfo(np.int64).min)


def _below(values: np.ndarray, low: float) -> bool:
    """True if a value may be below ``low`` or be -inf (NaN ignored): one pass, no mask."""
    if len(values) == 0:
        return False
    least = np.fmin.reduce(values)
    return bool(least == -np.inf) if np.isinf(low) else not least >= low


def _above(values: np.ndarray, high: float) -> bool:
    """True if a value may be above ``high`` or be +inf (NaN ignored): one pass, no mask."""
    if len(values) == 0:
        return False
    most = np.fmax.reduce(values)
    return bool(most == np.inf) if np.isinf(high) else not most <= high


def _mask(mask: Any) -> np.ndarray:
    """A numpy boolean array from a mask (pandas NA counts as False)."""
    if isinstance(mask, np.ndarray) and mask.dtype == bool:
        return mask
    if isinstance(mask, pd.Series) and mask.dtype == bool:
        return mask.to_numpy()
    return np.asarray(pd.Series(mask).fillna(False), dtype=bool)


def _hours(start: np.ndarray, end: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """``end - start`` in hours, NaN where either is missing (as pandas' ``total_seconds``)."""
    delta = end - start
    unit = np.datetime_data(delta.dtype)[0]
    per_second = np.timedelta64(1, "s") // np.timedelta64(1, unit)
    hours = delta.view(np.int64) / per_second
    hours /= 3600.0
    if missing.any():
        hours[missing] = np.nan
    return hours


def _where(path: str) -> str:
    return os.path.basename(str(path))


def read_tidy(path: str | os.PathLike) -> pd.DataFrame:
    """Read a tidy job table from CSV or Parquet (a file or a folder of files) and check it.

    Returns the output of :func:`check_rows` with a ``line`` column: the 1-based line of the row
    in a CSV file (the header is line 1), or the 1-based row number in a Parquet log.

    Raises
    ------
    ValueError
        The file does not exist, cannot be parsed or lacks a required column.
    """
    path = str(path)
    if not os.path.exists(path):
        raise ValueError(f"log={path!r}: file not found; expected a tidy job table (.csv or "
                         ".parquet) or sacct --parsable2 output")
    if path.endswith(".parquet") or os.path.isdir(path):
        table = pd.read_parquet(path)
        table = table.reset_index(drop=True)
        table["line"] = np.arange(1, len(table) + 1)
    else:
        try:
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise ValueError(f"log={path!r} cannot be parsed as CSV: {exc}") from None
        table["line"] = np.arange(2, len(table) + 2)
    return check_rows(table)


# --------------------------------------------------------------------------------------------
# sacct --parsable2
# --------------------------------------------------------------------------------------------

#: sacct fields the reader needs (ReqTRES is used where AllocTRES is empty).
SACCT_FIELDS: tuple[str, ...] = ("JobID", "User", "Account", "Start", "End", "Elapsed",
                                 "State", "AllocTRES", "ConsumedEnergyRaw")
_JOBID = re.compile(r"^(?P<job>\d+(?:_(?:\d+|\[[0-9,\-%]+\]))?)(?:\.(?P<step>[A-Za-z0-9+]+))?$")
_ELAPSED = re.compile(r"^(?:(?P<d>\d+)-)?(?:(?P<h>\d+):)?(?P<m>\d+):(?P<s>\d+(?:\.\d+)?)$")
_GPU = re.compile(r"(?:^|,)gres/gpu(?::(?P<type>[^=,]+))?=(?P<n>\d+)")


def elapsed_hours(text: str) -> float:
    """Slurm's elapsed time ``[D-][HH:]MM:SS[.mmm]`` in hours.

    Examples
    --------
    >>> elapsed_hours("1-02:30:00"), elapsed_hours("45:00")
    (26.5, 0.75)
    """
    m = _ELAPSED.match(text.strip())
    if not m:
        raise ValueError(f"Elapsed={text!r} is not [D-]HH:MM:SS")
    d, h = int(m["d"] or 0), int(m["h"] or 0)
    minutes, seconds = int(m["m"]), float(m["s"])
    if minutes >= 60 and m["h"] is not None or seconds >= 60:
        raise ValueError(f"Elapsed={text!r} is not [D-]HH:MM:SS")
    return d * 24 + h + minutes / 60 + seconds / 3600


def gpus_from_tres(text: str) -> tuple[float, str]:
    """GPU count and type from a TRES string (``cpu=8,gres/gpu:a100=4``); (0, "") if none.

    Examples
    --------
    >>> gpus_from_tres("cpu=16,mem=64G,node=1,billing=16,gres/gpu:a100=4,gres/gpu=4")
    (4.0, 'a100')
    >>> gpus_from_tres("cpu=4,mem=8G,node=1")
    (0.0, '')
    """
    typed = untyped = None
    kind = ""
    for m in _GPU.finditer(text):
        if m["type"]:
            typed = (typed or 0) + int(m["n"])
            kind = kind or m["type"]
        else:
            untyped = int(m["n"])
    count = untyped if untyped is not None else typed
    return float(count or 0), kind


@dataclass
class SacctLog:
    """Jobs read from sacct output, and what was not counted as a job.

    Attributes
    ----------
    jobs : pandas.DataFrame
        The tidy table (checked by :func:`check_rows`), one row per job, with ``line`` (the
        job's allocation line), ``state`` and ``steps`` (step lines folded into it).
    bad : pandas.DataFrame
        Lines that could not be parsed: ``line``, ``job_id`` (as written), ``problem``.
    steps : int
        Step lines (``.batch``, ``.extern``, ``.N``) folded into their job.
    not_run : int
        Jobs that never started (PENDING, or no Start), listed but not counted.
    """

    jobs: pd.DataFrame
    bad: pd.DataFrame
    steps: int = 0
    not_run: int = 0
    states: dict[str, int] = field(default_factory=dict)


def _time(text: str) -> pd.Timestamp | None:
    if text in ("", "Unknown", "None"):
        return None
    return pd.Timestamp(text)


def read_sacct(path: str | os.PathLike) -> SacctLog:
    """Parse ``sacct --parsable2`` output into one tidy row per job.

    Needs the fields of :data:`SACCT_FIELDS` in any order (``sacct --parsable2 --format
    JobID,User,Account,Start,End,Elapsed,State,AllocTRES,ConsumedEnergyRaw``). Job arrays:
    each task (``123_4``) is its own job. Steps (``123.batch``, ``123.extern``, ``123.0``) are
    folded into their job: not counted again; their ``ConsumedEnergyRaw`` is summed only when the
    job's own line has none. The project is the ``Account``; hours are ``Elapsed``; the end is
    ``Start + Elapsed``. Jobs that never started are counted in ``not_run``.

    Returns
    -------
    SacctLog

    Raises
    ------
    ValueError
        The file is missing or its header lacks a needed field.
    """
    path = str(path)
    if not os.path.exists(path):
        raise ValueError(f"log={path!r}: file not found")
    with open(path, encoding="utf-8", errors="replace") as fh:
        lines = fh.read().splitlines()
    if not lines:
        raise ValueError(f"log={path!r} is empty; expected sacct --parsable2 output")
    header = lines[0].split("|")
    missing = [f for f in SACCT_FIELDS if f not in header]
    if missing:
        raise ValueError(f"log={path!r}: sacct header lacks {', '.join(missing)}; run sacct "
                         f"--parsable2 --format {','.join(SACCT_FIELDS)}")
    col = {name: i for i, name in enumerate(header)}
    jobs: dict[str, dict[str, Any]] = {}
    step_energy: dict[str, float] = {}
    bad: list[dict[str, Any]] = []
    steps = not_run = 0
    for number, text in enumerate(lines[1:], start=2):
        if not text.strip():
            continue
        cells = text.split("|")
        if len(cells) != len(header):
            bad.append({"line": number, "job_id": cells[0],
                        "problem": f"{len(cells)} fields, header has {len(header)}"})
            continue
        cell = {name: cells[i].strip() for name, i in col.items()}
        m = _JOBID.match(cell["JobID"])
        if not m:
            bad.append({"line": number, "job_id": cell["JobID"],
                        "problem": "JobID is not JOB[_TASK][.STEP]"})
            continue
        try:
            energy = float(cell["ConsumedEnergyRaw"]) if cell["ConsumedEnergyRaw"] else np.nan
            hours = elapsed_hours(cell["Elapsed"])
            start = _time(cell["Start"])
            if not np.isnan(energy) and energy < 0:
                raise ValueError(f"ConsumedEnergyRaw={energy:g} is negative")
        except ValueError as exc:
            bad.append({"line": number, "job_id": cell["JobID"], "problem": str(exc)})
            continue
        if m["step"] is not None:
            steps += 1
            if not np.isnan(energy):
                step_energy[m["job"]] = step_energy.get(m["job"], 0.0) + energy
            continue
        state = cell["State"].split()[0] if cell["State"] else ""
        if start is None or state == "PENDING":
            not_run += 1
            continue
        tres = cell["AllocTRES"] or cell.get("ReqTRES", "")
        gpus, kind = gpus_from_tres(tres)
        jobs[m["job"]] = {
            "job_id": m["job"], "user": cell["User"], "project": cell["Account"],
            "start": start, "end": start + pd.Timedelta(hours=hours), "accelerator": kind,
            "gpus": gpus, "gpu_utilization": np.nan, "energy_kwh": energy / JOULES_PER_KWH,
            "region": "", "line": number, "state": state}
    for job, joules in step_energy.items():
        if job in jobs and np.isnan(jobs[job]["energy_kwh"]):
            jobs[job]["energy_kwh"] = joules / JOULES_PER_KWH
    columns = [*TIDY_COLUMNS, *OPTIONAL_COLUMNS, "line", "state"]
    table = pd.DataFrame(list(jobs.values()), columns=columns)
    table["accelerator"] = table["accelerator"].astype(object)
    checked = check_rows(table)
    states = checked["state"].value_counts().to_dict()
    return SacctLog(jobs=checked,
                    bad=pd.DataFrame(bad, columns=["line", "job_id", "problem"]),
                    steps=steps, not_run=not_run, states={str(k): int(v)
                                                          for k, v in states.items()})


def is_sacct(path: str | os.PathLike) -> bool:
    """True when the file's first line is a ``|``-separated sacct header with a JobID field."""
    path = str(path)
    if os.path.isdir(path) or path.endswith(".parquet"):
        return False
    with open(path, encoding="utf-8", errors="replace") as fh:
        first = fh.readline()
    return "|" in first and "JobID" in first.split("|")
