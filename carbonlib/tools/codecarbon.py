"""CodeCarbon ``emissions.csv`` files as found in the wild: every layout from 2.x to 3.x.

CodeCarbon appends one row per save. Rows that share a ``run_id`` are cumulative checkpoints of
one run (``flush()`` and the periodic saves write the run's totals so far), so a run's total is its
row with the largest ``duration``, wherever that row sits in the file. Rows without a ``run_id``
are runs of their own. Columns are matched by name, so the layouts below all read:

- 2.0-2.1: 29 columns (no ``codecarbon_version``, ``experiment_id`` or ``pue``);
- 2.2-2.3: 30 columns (adds ``codecarbon_version``);
- 2.4-2.8 and 3.0: 32 columns (adds ``experiment_id`` and ``pue``);
- 3.1: adds ``water_consumed`` and ``wue``; 3.2 and later: adds ``cpu_utilization_percent``,
  ``gpu_utilization_percent``, ``ram_utilization_percent`` and ``ram_used_gb``.

Only ``energy_consumed`` (kWh) and ``duration`` (s) are required. A row whose
``energy_consumed`` or ``duration`` is empty or not a number (rows of another layout appended to
the file, interrupted writes) is skipped and counted, with its line number; ``strict=True``
refuses the file instead. The reading is vectorized: a million rows take seconds.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["CodeCarbonError", "CodeCarbonLog", "read_codecarbon", "REQUIRED", "OPTIONAL",
           "SHOWN_LINES"]

#: Columns without which a file is not a CodeCarbon log.
REQUIRED: tuple[str, ...] = ("energy_consumed", "duration")
#: Columns used when present; every other column is ignored.
OPTIONAL: tuple[str, ...] = ("run_id", "project_name", "experiment_id", "emissions",
                             "country_iso_code", "country_name", "region", "cloud_provider",
                             "cloud_region", "pue", "gpu_count", "gpu_model", "cpu_count",
                             "cpu_model")
#: How many skipped line numbers the outputs show.
SHOWN_LINES: int = 5


class CodeCarbonError(ValueError):
    """A CodeCarbon emissions file that cannot be read; the message names the file and the line."""


@dataclass(frozen=True)
class CodeCarbonLog:
    """The runs of a CodeCarbon ``emissions.csv``, one row per run.

    ``runs`` has one row per run (its last checkpoint) and the columns ``run_id``, ``project``
    (``project_name``), ``experiment_id``, ``line`` (the line of the file holding the run's
    total), ``energy_kwh`` (CodeCarbon's ``energy_consumed``, which includes CodeCarbon's own
    ``pue``), ``hours`` (``duration`` / 3600), ``pue`` (1 when the file has none), ``location``
    (the first of ``cloud_provider-cloud_region``, ``region``, ``country_iso_code`` known to
    ``data/grid_intensity.csv``, else the country code as written, else empty), ``country``,
    ``gpu_count`` (0 for a CPU-only run, NaN when unknown), ``gpu_model``, ``cpu_count`` and
    ``emissions_kg`` (NaN when absent).
    """

    path: str
    runs: pd.DataFrame
    rows_read: int = 0
    skipped_lines: tuple[int, ...] = field(default_factory=tuple)
    project: str | None = None

    @property
    def skipped_rows(self) -> int:
        """Rows skipped because their ``energy_consumed`` or ``duration`` was not a number."""
        return len(self.skipped_lines)

    @property
    def it_energy_kwh(self) -> float:
        """Energy at the machines, kWh: each run's energy divided by its PUE, summed."""
        return float((self.runs["energy_kwh"] / self.runs["pue"]).sum())

    @property
    def hours(self) -> float:
        """Summed run time of all runs, in hours."""
        return float(self.runs["hours"].sum())

    @property
    def cpu_only(self) -> pd.Series:
        """True for each run with no GPU (``gpu_count`` 0, or empty with no ``gpu_model``)."""
        return self.runs["gpu_count"].eq(0)

    @property
    def accelerator_hours(self) -> float | None:
        """Summed ``gpu_count * hours`` of the GPU runs, or None when a run's count is unknown."""
        counts = self.runs["gpu_count"]
        if counts.isna().any():
            return None
        return float((counts * self.runs["hours"]).sum())

    @property
    def emissions_kg(self) -> float:
        """CodeCarbon's own operational estimate, kg CO2e, summed over runs (for comparison)."""
        return float(self.runs["emissions_kg"].fillna(0.0).sum())

    def summary(self) -> dict[str, object]:
        """What was read: rows, runs, skipped rows and the first skipped line numbers."""
        return {"file": self.path, "rows": self.rows_read, "runs": len(self.runs),
                "skipped_rows": self.skipped_rows,
                "skipped_lines_first": list(self.skipped_lines[:SHOWN_LINES]),
                "project": self.project}

    def by_project(self) -> pd.DataFrame:
        """Runs, hours and energy (kWh, as CodeCarbon wrote it) per ``project_name``."""
        grouped = self.runs.groupby("project", sort=True)
        return pd.DataFrame({"runs": grouped.size(), "hours": grouped["hours"].sum(),
                             "energy_kwh": grouped["energy_kwh"].sum()})


def _open_error(path: str) -> CodeCarbonError | None:
    if not os.path.exists(path):
        return CodeCarbonError(f"{path}: file not found (expected CodeCarbon's emissions.csv)")
    if os.path.isdir(path):
        return CodeCarbonError(f"{path}: is a directory; give the emissions.csv file inside it")
    if not os.access(path, os.R_OK):
        return CodeCarbonError(f"{path}: cannot be read (permission denied)")
    return None


_BAD_LINE = re.compile(r"[Ll]ine (\d+)")


def _read_frame(path: str) -> tuple[pd.DataFrame, list[int]]:
    """The file's text columns that we use, and the lines the parser had to drop."""
    wanted = set(REQUIRED) | set(OPTIONAL)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            # Every column is read (usecols would silently accept a row with extra fields,
            # a row of another layout, and shift nothing into place); the unused are dropped.
            # Unused columns as categories: no Python string per cell, a fraction of the memory.
            header = pd.read_csv(path, nrows=0).columns
            dtypes = {c: str if str(c).strip() in wanted else "category" for c in header}
            frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, engine="c",
                                on_bad_lines="warn")
    except pd.errors.EmptyDataError:
        raise CodeCarbonError(f"{path}: the file is empty; expected CodeCarbon's emissions.csv "
                              "with a header and one row per save") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise CodeCarbonError(f"{path}: not a CSV file CodeCarbon writes ({exc})".replace(
            "\n", " ")) from None
    except OSError as exc:
        raise CodeCarbonError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    dropped = [int(n) for w in caught for n in _BAD_LINE.findall(str(w.message))]
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.loc[:, [c in wanted for c in frame.columns]]
    return frame, dropped


def _strip(column: pd.Series) -> pd.Series:
    """``column`` as stripped text, stripping each distinct value once (logs repeat a lot)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    stripped = np.array([str(u).strip() for u in uniques], dtype=object)
    return pd.Series(stripped[codes] if len(codes) else [], index=column.index, dtype=object)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series("", index=frame.index, dtype=object)
    return _strip(frame[column])


def _number(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(np.nan, index=frame.index, dtype=float)
    codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
    values = pd.to_numeric(pd.Series([str(u).strip() for u in uniques], dtype=object),
                           errors="coerce").to_numpy(dtype=float)
    return pd.Series(values[codes] if len(codes) else [], index=frame.index, dtype=float)


def _locations(frame: pd.DataFrame, known: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    provider, cloud_region = _text(frame, "cloud_provider"), _text(frame, "cloud_region")
    cloud = (provider + "-" + cloud_region).where((provider != "") & (cloud_region != ""), "")
    country = _text(frame, "country_iso_code")
    location = pd.Series("", index=frame.index, dtype=object)
    for cand in (cloud, _text(frame, "region"), country):
        mapped = cand.str.lower().map(known)
        location = location.where(location != "", mapped.fillna(""))
    location = location.where(location != "", country)
    return location, country


def read_codecarbon(path: str | os.PathLike, *, strict: bool = False,
                    project: str | None = None,
                    known_regions: list[str] | None = None) -> CodeCarbonLog:
    """Read a CodeCarbon ``emissions.csv`` of any layout from 2.x on: one row per run.

    Parameters
    ----------
    path : path-like
        The file CodeCarbon writes. Required columns: ``energy_consumed`` (kWh, including
        CodeCarbon's PUE) and ``duration`` (s); the others in :data:`OPTIONAL` are used when
        present.
    strict : bool, default False
        Refuse a file with rows whose ``energy_consumed`` or ``duration`` is empty or not a
        number, instead of skipping them.
    project : str, optional
        Keep only the runs whose ``project_name`` or ``experiment_id`` equals this.
    known_regions : list of str, optional
        Region codes with a grid intensity (default: those of ``data/grid_intensity.csv``),
        read once for the whole file.

    Returns
    -------
    CodeCarbonLog
        One row per run: the checkpoint with the largest ``duration`` of each ``run_id``; rows
        without a ``run_id`` count as runs of their own.

    Raises
    ------
    CodeCarbonError
        A missing, unreadable or non-CSV file, a missing required column, no valid row, a
        skipped row under ``strict``, a negative energy, or no run of ``project``. The message
        names the file and the line.

    Examples
    --------
    Two checkpoints of one run, written out of order, and a run without a ``run_id``:

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "emissions.csv"
    >>> _ = p.write_text("run_id,duration,energy_consumed,country_iso_code\\n"
    ...                  "a,7200,4.0,FRA\\na,3600,2.0,FRA\\n,1800,1.0,FRA\\n")
    >>> log = read_codecarbon(p, known_regions=["FRA"])
    >>> log.rows_read, len(log.runs), log.it_energy_kwh, log.hours   # 4 + 1 kWh; 2 + 0.5 h
    (3, 2, 5.0, 2.5)
    """
    path = str(path)
    error = _open_error(path)
    if error is not None:
        raise error
    frame, dropped = _read_frame(path)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise CodeCarbonError(
            f"{path}: missing column(s) {', '.join(map(repr, missing))}; a CodeCarbon "
            "emissions.csv has energy_consumed (kWh) and duration (s)")
    line = pd.Series(np.arange(len(frame)) + 2, index=frame.index)  # line 1 is the header
    energy, duration = _number(frame, "energy_consumed"), _number(frame, "duration")
    valid = np.isfinite(energy) & np.isfinite(duration) & (duration >= 0)
    bad = ~valid
    skipped = sorted(set(line[bad].tolist()) | set(dropped))
    if skipped and strict:
        raise CodeCarbonError(
            f"{path}: {len(skipped)} row(s) with an empty or non-numeric energy_consumed or "
            f"duration (lines {', '.join(map(str, skipped[:SHOWN_LINES]))}"
            f"{', ...' if len(skipped) > SHOWN_LINES else ''}); without `strict` they are skipped")
    keep = valid
    if (energy[keep] < 0).any():
        first = int(line[keep & (energy < 0)].iloc[0])
        raise CodeCarbonError(f"{path}: line {first}, column 'energy_consumed': negative energy "
                              f"{energy[line == first].iloc[0]:g} kWh; must be >= 0")
    rows_read = len(line) + len(dropped)
    frame, energy, duration, line = frame[keep], energy[keep], duration[keep], line[keep]
    if frame.empty:
        raise CodeCarbonError(f"{path}: no row with a numeric energy_consumed and duration "
                              f"({rows_read} rows read, {len(skipped)} skipped)")

    if known_regions is None:
        from carbonlib.data import reference_tables as ref

        known_regions = ref.regions()
    location, country = _locations(frame, {r.lower(): r for r in known_regions})
    gpu_model = _text(frame, "gpu_model")
    gpu_count = _number(frame, "gpu_count")
    if "gpu_count" in frame.columns:
        gpu_count = gpu_count.where(gpu_count.notna() | (gpu_model != ""), 0.0)
    pue = _number(frame, "pue").fillna(1.0)
    bad_pue = pue < 1.0
    if bad_pue.any():
        raise CodeCarbonError(f"{path}: line {int(line[bad_pue].iloc[0])}, column 'pue': "
                              f"{pue[bad_pue].iloc[0]:g} is below 1; a PUE is >= 1")
    run_id = _text(frame, "run_id")
    runs = pd.DataFrame({
        "run_id": run_id, "project": _text(frame, "project_name"),
        "experiment_id": _text(frame, "experiment_id"), "line": line,
        "energy_kwh": energy, "hours": duration / 3600.0, "pue": pue,
        "location": location, "country": country, "gpu_count": gpu_count,
        "gpu_model": gpu_model, "cpu_count": _number(frame, "cpu_count"),
        "emissions_kg": _number(frame, "emissions"),
    })
    if project is not None:
        chosen = runs["project"].eq(project) | runs["experiment_id"].eq(project)
        if not chosen.any():
            names = sorted(set(runs["project"]) | set(runs["experiment_id"]) - {""})
            raise CodeCarbonError(f"{path}: no run with project_name or experiment_id "
                                  f"{project!r}; the file has: {', '.join(names) or 'none'}")
        runs = runs[chosen]
    # One row per run: the checkpoint with the largest duration (ties: the later line).
    ids = runs["run_id"].to_numpy()
    codes = pd.factorize(ids)[0]
    alone = ids == ""                                    # a row without run_id: its own run
    codes[alone] = codes.max(initial=0) + 1 + np.arange(int(alone.sum()))
    order = np.lexsort((runs["line"].to_numpy(), runs["hours"].to_numpy(), codes))
    last = np.r_[codes[order][1:] != codes[order][:-1], True]
    runs = runs.iloc[np.sort(order[last])]
    return CodeCarbonLog(path, runs.reset_index(drop=True), rows_read=rows_read,
                         skipped_lines=tuple(skipped), project=project)
