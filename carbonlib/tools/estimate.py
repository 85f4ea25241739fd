"""Your own footprint: the paper's methodology applied to a training job, with ranges.

Wu et al. (2022, Sec III-B) account a job's carbon as operational (facility energy, i.e. energy at
the machines times the datacenter's PUE, times the grid's carbon intensity, less the share matched
by carbon-free energy) plus embodied (the manufacturing carbon of the systems it occupied,
amortized over the hours those systems are busy in their life: ``lifetime_years * 8760 *
utilization``). The paper's own values are the defaults: PUE 1.1, a GPU training system of
2000 kg CO2e, utilization 30-60% and lifetime 3-5 years. Sec V-A asks every paper and model card
to state both, with the hardware, machine count and runtime behind them.

:func:`estimate` turns a job description into an :class:`Estimate`: the values at the centre of
every range, and low/high bounds (5th and 95th percentiles) from a seeded Monte Carlo over the
inputs given as ranges. :func:`read_codecarbon` reads a CodeCarbon ``emissions.csv`` into a
:class:`CodeCarbonLog` that :func:`estimate` accepts in place of the hardware description.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from carbonlib.data import reference_tables as ref
from carbonlib.methodology import validation as v
from carbonlib.paper import assumptions as paper_assumptions

__all__ = [
    "PAPER_PUE",
    "PAPER_UTILIZATION",
    "PAPER_LIFETIME_YEARS",
    "PAPER_SERVER",
    "OUTPUTS",
    "CodeCarbonLog",
    "Estimate",
    "read_codecarbon",
    "estimate",
]

#: Datacenter PUE the paper uses for hyperscale facilities (Sec III-B; "about 1.10", Sec III-C).
PAPER_PUE: float = paper_assumptions.pue()
#: Average server utilization over the lifetime, as a (low, high) range (Sec III-B).
PAPER_UTILIZATION: tuple[float, float] = paper_assumptions.utilization_range()
#: Server lifetime in years, as a (low, high) range (Sec III-B).
PAPER_LIFETIME_YEARS: tuple[float, float] = paper_assumptions.lifetime_range_years()
#: The paper's GPU training system: 2000 kg CO2e (Sec III-B), row of ``data/hardware.csv``.
PAPER_SERVER: str = "wu2022-gpu-system"
#: Monte Carlo defaults: samples, seed and the percentiles reported as low and high.
DEFAULT_SAMPLES: int = 100_000
DEFAULT_SEED: int = 0
PERCENTILES: tuple[float, float] = (5.0, 95.0)
#: The quantities an estimate reports, each with a value, a low and a high bound.
OUTPUTS: tuple[str, ...] = ("energy_kwh", "operational_kg", "embodied_kg", "total_kg",
                            "embodied_share")

#: A point value, or a ``(low, high)`` range sampled uniformly.
Value = float | tuple[float, float]

#: Where each default comes from, for the statement's assumptions and sources.
_DEFAULT_PROVENANCE: dict[str, tuple[str, str, str]] = {
    "pue": ("wu2022", "Sec III-B: datacenter PUE of 1.1", "stated"),
    "utilization": ("wu2022", "Sec III-B: average utilization of 30-60% over the lifetime",
                    "stated"),
    "lifetime_years": ("wu2022", "Sec III-B: 3- to 5-year lifetime for servers", "stated"),
    "cfe_share": ("carbonlib", "default: location-based, no carbon-free energy matched",
                  "assumed"),
}
_USER = ("user", "given by the user", "assumed")

_CHECKS = {
    "pue": lambda name, x: v.check_range(name, x, low=1.0),
    "utilization": v.utilization,
    "lifetime_years": v.positive,
    "cfe_share": v.fraction,
    "intensity_kg_per_kwh": v.nonnegative,
}


class CodeCarbonError(ValueError):
    """A CodeCarbon emissions file that cannot be read; the message names the row and column."""


@dataclass(frozen=True)
class CodeCarbonLog:
    """The runs of a CodeCarbon ``emissions.csv``, one row per run.

    ``runs`` has columns ``energy_kwh`` (CodeCarbon's ``energy_consumed``, which already includes
    CodeCarbon's own ``pue``), ``hours`` (``duration`` / 3600), ``pue`` (1 when the file has no
    such column), ``location`` (the first of ``cloud_provider-cloud_region``, ``region``,
    ``country_iso_code`` known to ``data/grid_intensity.csv``, else the country code as written,
    else empty), ``gpu_count`` (NaN when absent), ``gpu_model`` and ``emissions_kg``.
    """

    path: str
    runs: pd.DataFrame

    @property
    def it_energy_kwh(self) -> float:
        """Energy at the machines, kWh: CodeCarbon's energy divided by its PUE, summed."""
        return float((self.runs["energy_kwh"] / self.runs["pue"]).sum())

    @property
    def hours(self) -> float:
        """Summed run time of all runs, in hours."""
        return float(self.runs["hours"].sum())

    @property
    def accelerator_hours(self) -> float | None:
        """Summed ``gpu_count * hours``, or None when a run does not record ``gpu_count``."""
        counts = self.runs["gpu_count"]
        if counts.isna().any():
            return None
        return float((counts * self.runs["hours"]).sum())

    @property
    def emissions_kg(self) -> float:
        """CodeCarbon's own operational estimate, kg CO2e, summed (for comparison)."""
        return float(self.runs["emissions_kg"].sum())


@dataclass(frozen=True)
class Estimate:
    """A job's footprint: central values, low and high bounds, and every assumption used.

    ``value``, ``low`` and ``high`` map each of :data:`OUTPUTS` to a number (kWh, kg CO2e, or a
    fraction for ``embodied_share``). ``assumptions`` records each input with its value, range
    and provenance; ``sources`` lists the citation keys and locators used.
    """

    value: dict[str, float]
    low: dict[str, float]
    high: dict[str, float]
    assumptions: dict[str, Any]
    sources: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Flat JSON-ready mapping: ``total_kg``, ``total_kg_low``, ``total_kg_high``, ...

        Examples
        --------
        >>> e = estimate(energy_kwh=100, count=8, hours=10, intensity_kg_per_kwh=0.5,
        ...              utilization=0.5, lifetime_years=4)
        >>> round(e.as_dict()["operational_kg"], 6)    # 100 kWh x 1.1 x 0.5 kg/kWh
        55.0
        """
        out: dict[str, Any] = {}
        for key in OUTPUTS:
            out[key] = self.value[key]
            out[f"{key}_low"] = self.low[key]
            out[f"{key}_high"] = self.high[key]
        out["assumptions"] = self.assumptions
        out["sources"] = self.sources
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per output, columns ``value``, ``low``, ``high``."""
        return pd.DataFrame({"value": self.value, "low": self.low, "high": self.high}).loc[
            list(OUTPUTS)]


# --------------------------------------------------------------------------------------------
# CodeCarbon input
# --------------------------------------------------------------------------------------------

_CC_REQUIRED = ("energy_consumed", "duration")


def _cc_number(path: str, frame: pd.DataFrame, column: str, *, required: bool,
               default: float = math.nan, low: float = 0.0) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(default, index=frame.index, dtype=float)
    raw = frame[column].fillna("").astype(str).str.strip()
    out = pd.to_numeric(raw.where(raw != "", None), errors="coerce")
    for i, (text, value) in enumerate(zip(raw, out, strict=True)):
        if text == "" and not required:
            continue
        if text == "" or not np.isfinite(value) or value < low:
            shown = repr(text) if text else "an empty cell"
            raise CodeCarbonError(
                f"{path}: row {i} (line {i + 2}), column {column!r}: {shown} is not a number "
                f">= {low:g}; each row must be one CodeCarbon run with {column} as a number")
    return out.astype(float).fillna(default)


def _known_location(candidates: list[str]) -> str:
    known = {r.lower() for r in ref.regions()}
    for cand in candidates:
        if cand and cand.lower() in known:
            return cand
    return candidates[-1] if candidates else ""


def read_codecarbon(path: str | os.PathLike) -> CodeCarbonLog:
    """Read a CodeCarbon ``emissions.csv``: one row per run, energy in kWh, duration in seconds.

    Parameters
    ----------
    path : path-like
        The file CodeCarbon writes (``emissions.csv``). Required columns: ``energy_consumed``
        (kWh, including CodeCarbon's PUE) and ``duration`` (s). Used when present:
        ``country_iso_code``, ``region``, ``cloud_provider``, ``cloud_region``, ``pue``,
        ``gpu_count``, ``gpu_model``, ``emissions`` (kg CO2e).

    Returns
    -------
    CodeCarbonLog

    Raises
    ------
    CodeCarbonError
        Missing file or column, an unparsable file, or a row whose energy, duration, PUE or GPU
        count is not a valid number; the message names the row, its line and the column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "emissions.csv"
    >>> _ = p.write_text("duration,energy_consumed,country_iso_code\\n3600,2.0,FRA\\n")
    >>> log = read_codecarbon(p)
    >>> log.it_energy_kwh, log.hours, log.runs["location"].tolist()
    (2.0, 1.0, ['FRA'])
    """
    path = str(path)
    if not os.path.exists(path):
        raise CodeCarbonError(f"{path}: file not found (expected CodeCarbon's emissions.csv)")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise CodeCarbonError(f"{path}: the file is empty; expected CodeCarbon's emissions.csv "
                              "with a header and one row per run") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CodeCarbonError(f"{path}: cannot be parsed as CSV: {exc}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in _CC_REQUIRED if c not in frame.columns]
    if missing:
        raise CodeCarbonError(
            f"{path}: missing column(s) {', '.join(map(repr, missing))}; a CodeCarbon "
            f"emissions.csv has energy_consumed (kWh) and duration (s). Columns found: "
            f"{', '.join(frame.columns)}")
    if frame.empty:
        raise CodeCarbonError(f"{path}: no runs (the file has a header but no rows)")

    def text(column: str) -> pd.Series:
        if column not in frame.columns:
            return pd.Series("", index=frame.index)
        return frame[column].fillna("").astype(str).str.strip()

    provider, cloud_region = text("cloud_provider"), text("cloud_region")
    region, country = text("region"), text("country_iso_code")
    locations = [
        _known_location([f"{p}-{c}" if p and c else "", r, k])
        for p, c, r, k in zip(provider, cloud_region, region, country, strict=True)
    ]
    pue = _cc_number(path, frame, "pue", required=False, default=1.0, low=1.0)
    runs = pd.DataFrame({
        "energy_kwh": _cc_number(path, frame, "energy_consumed", required=True),
        "hours": _cc_number(path, frame, "duration", required=True) / 3600.0,
        "pue": pue,
        "location": locations,
        "gpu_count": _cc_number(path, frame, "gpu_count", required=False),
        "gpu_model": text("gpu_model"),
        "emissions_kg": _cc_number(path, frame, "emissions", required=False, default=0.0),
    })
    return CodeCarbonLog(path, runs)


# --------------------------------------------------------------------------------------------
# Inputs: points and ranges, with their provenance
# --------------------------------------------------------------------------------------------

def _as_range(name: str, value: Value) -> tuple[float, float]:
    """``(low, high)`` of a point or a range, each bound checked for ``name``."""
    if isinstance(value, tuple | list | np.ndarray) and not np.isscalar(value):
        if len(value) != 2:
            raise ValueError(f"{name}={value!r} must be a number or a (low, high) pair")
        low, high = (float(x) for x in value)
    else:
        v.check_range(name, value)
        low = high = float(value)
    check = _CHECKS.get(name, v.check_range)
    check(name, low)
    check(name, high)
    if low > high:
        raise ValueError(f"{name}=({low:g}, {high:g}) is not a range: low exceeds high")
    return low, high


def _mid(low: float, high: float) -> float:
    """Centre of a range, rounded to 12 significant digits (0.45, not 0.44999999999999996)."""
    return float(f"{(low + high) / 2:.12g}")


def _input(name: str, value: Value, *, default: Value | None) -> dict[str, Any]:
    low, high = _as_range(name, value)
    is_default = default is not None and _as_range(name, default) == (low, high)
    source, locator, kind = _DEFAULT_PROVENANCE[name] if is_default else _USER
    return {"value": _mid(low, high), "low": low, "high": high,
            "distribution": "uniform" if high > low else "fixed",
            "source": source, "locator": locator, "kind": kind}


# --------------------------------------------------------------------------------------------
# Energy, location, embodied basis
# --------------------------------------------------------------------------------------------

def _gpu_from_models(models: pd.Series) -> str | None:
    """The one known accelerator CodeCarbon's ``gpu_model`` cells name, else None."""
    names = set()
    for model in set(models) - {""}:
        try:
            names.add(ref.resolve_accelerator(model))
        except ValueError:
            return None
    return names.pop() if len(names) == 1 else None


def _energy(*, gpu, count, hours, power_w, power_basis, energy_kwh, codecarbon):
    if energy_kwh is not None and codecarbon is not None:
        raise ValueError("give either --energy-kwh or --codecarbon, not both")
    if codecarbon is not None:
        info = {"method": "codecarbon", "it_energy_kwh": codecarbon.it_energy_kwh,
                "codecarbon_file": codecarbon.path, "runs": len(codecarbon.runs),
                "hours": codecarbon.hours,
                "codecarbon_pue": sorted(set(codecarbon.runs["pue"].tolist())),
                "codecarbon_emissions_kg": codecarbon.emissions_kg,
                "note": "CodeCarbon's energy_consumed divided by its PUE, times the PUE here"}
        if gpu is not None:
            info["gpu"] = ref.resolve_accelerator(gpu)
        else:
            named = _gpu_from_models(codecarbon.runs["gpu_model"])
            if named:
                info.update(gpu=named, gpu_from="codecarbon gpu_model")
        return info
    if energy_kwh is not None:
        v.nonnegative("energy_kwh", energy_kwh)
        info = {"method": "energy", "it_energy_kwh": float(energy_kwh),
                "note": "energy at the machines as given, before PUE"}
        if hours is not None:
            info["hours"] = float(v.nonnegative("hours", hours))
        if gpu is not None:
            info["gpu"] = ref.resolve_accelerator(gpu)
        return info
    if gpu is None:
        raise ValueError("no energy given: describe the job with --gpu NAME --count N --hours H, "
                         "or give --energy-kwh E, or --codecarbon emissions.csv")
    if count is None or hours is None:
        raise ValueError("--gpu needs --count N (accelerators) and --hours H (wall-clock hours)")
    v.positive("count", count)
    v.nonnegative("hours", hours)
    if power_w is not None:
        v.positive("power_w", power_w)
        power = {"gpu": ref.resolve_accelerator(gpu), "power_w": float(power_w),
                 "power_basis": "user", "power_source": "user",
                 "power_locator": "given by the user"}
    else:
        p = ref.power_w(gpu, basis=power_basis)
        power = {"gpu": p.hardware, "power_w": p.value_w, "power_basis": p.basis,
                 "power_source": p.source, "power_locator": p.locator}
    it = power["power_w"] * float(count) * float(hours) / 1000.0
    return {"method": "gpu_power", "it_energy_kwh": it, "hours": float(hours), **power,
            "note": "power_w x count x hours / 1000, before PUE"}


_NO_LOCATION = ("no location: the grid carbon intensity depends on where the job ran, and there "
                "is no default. Give --region CODE (a country as ISO alpha-3 such as USA or FRA, "
                "or a datacenter such as google-iowa; `carbonlib estimate --list regions` shows "
                "them) or --intensity KG_PER_KWH")


def _location(*, region, grid_year, intensity, codecarbon) -> dict[str, Any]:
    if region is not None and intensity is not None:
        raise ValueError("give either --region or --intensity, not both")
    if intensity is not None:
        low, high = _as_range("intensity_kg_per_kwh", intensity)
        return {"value": _mid(low, high), "low": low, "high": high,
                "distribution": "uniform" if high > low else "fixed", "region": None,
                "source": "user", "locator": "given by the user", "kind": "assumed"}
    if region is not None:
        g = ref.grid_intensity(region, year=grid_year)
        return {"value": g.intensity_kg_per_kwh, "low": g.intensity_kg_per_kwh,
                "high": g.intensity_kg_per_kwh, "distribution": "fixed",
                "region": g.region_code, "region_name": g.region_name, "year": g.year,
                "source": g.source, "locator": g.locator, "kind": g.kind}
    if codecarbon is None:
        raise ValueError(_NO_LOCATION)
    runs = codecarbon.runs
    empty = [i for i, loc in enumerate(runs["location"]) if not loc]
    if empty:
        i = empty[0]
        raise ValueError(f"{codecarbon.path}: row {i} (line {i + 2}) records no "
                         f"country_iso_code or region. {_NO_LOCATION}")
    it = runs["energy_kwh"] / runs["pue"]
    weight = it / it.sum() if it.sum() > 0 else pd.Series(1.0 / len(runs), index=runs.index)
    per_region: dict[str, dict[str, Any]] = {}
    for loc, w in zip(runs["location"], weight, strict=True):
        if loc not in per_region:
            try:
                g = ref.grid_intensity(loc, year=grid_year)
            except ValueError as exc:
                row = list(runs["location"]).index(loc)
                raise ValueError(f"{codecarbon.path}: row {row} (line {row + 2}) ran in {loc!r}, "
                                 f"which has no intensity here ({exc}). Give --region CODE or "
                                 "--intensity KG_PER_KWH") from None
            per_region[loc] = {"region": g.region_code, "region_name": g.region_name,
                               "year": g.year, "intensity_kg_per_kwh": g.intensity_kg_per_kwh,
                               "energy_share": 0.0, "source": g.source, "locator": g.locator,
                               "kind": g.kind}
        per_region[loc]["energy_share"] += float(w)
    mean = sum(r["intensity_kg_per_kwh"] * r["energy_share"] for r in per_region.values())
    regions = list(per_region.values())
    one = regions[0] if len(regions) == 1 else None
    return {"value": mean, "low": mean, "high": mean, "distribution": "fixed",
            "region": one["region"] if one else "+".join(r["region"] for r in regions),
            "region_name": one["region_name"] if one else "several regions",
            "year": one["year"] if one else None,
            "source": one["source"] if one else "several", "locator": one["locator"] if one
            else "energy-weighted mean of the runs' regions", "kind": one["kind"] if one
            else "inferred", "from": "codecarbon", "regions": regions}


def _embodied_basis(*, server, server_embodied_kg, accelerators_per_server, count, energy,
                    codecarbon) -> dict[str, Any]:
    s = ref.server(server)
    info: dict[str, Any] = {"server": s.name, "scope": s.scope}
    if server_embodied_kg is not None:
        v.nonnegative("server_embodied_kg", server_embodied_kg)
        info.update(server_embodied_kg=float(server_embodied_kg), source="user",
                    locator="given by the user", kind="assumed")
    else:
        info.update(server_embodied_kg=s.embodied_kg, source=s.source, locator=s.locator,
                    kind=s.kind)
    if accelerators_per_server is not None:
        v.nonnegative("gpus_per_server", accelerators_per_server)
        info.update(accelerators_per_server=float(accelerators_per_server),
                    accelerators_source="user", accelerators_locator="given by the user",
                    accelerators_kind="assumed")
    else:
        info.update(accelerators_per_server=s.accelerators_per_server,
                    accelerators_source=s.accelerators_source,
                    accelerators_locator=s.accelerators_locator,
                    accelerators_kind=s.accelerators_kind)
    per_server = info["accelerators_per_server"]
    unit = "accelerator" if per_server > 0 else "machine"
    units_per_server = per_server if per_server > 0 else 1.0
    if count is not None:
        v.positive("count", count)
        hours = energy.get("hours")
        if hours is None:
            raise ValueError("embodied carbon needs the run time: give --hours H with "
                             "--energy-kwh (and --count N)")
        unit_hours = float(count) * hours
        info["count"] = float(count)
    elif codecarbon is not None and unit == "accelerator" and \
            codecarbon.accelerator_hours is not None:
        unit_hours = codecarbon.accelerator_hours
        info["count"] = float(codecarbon.runs["gpu_count"].max())
        info["count_from"] = "codecarbon gpu_count"
    elif codecarbon is not None:
        raise ValueError(f"embodied carbon needs the number of {unit}s: "
                         f"{codecarbon.path} has no gpu_count for every run; give --count N "
                         f"({unit}s the job used)")
    else:
        raise ValueError(f"embodied carbon needs the number of {unit}s and the run time: "
                         "give --count N and --hours H")
    info.update(unit=unit, unit_hours=unit_hours, server_hours=unit_hours / units_per_server,
                note=f"{unit}-hours / {unit}s per server = hours of a whole server carried by "
                     "the job")
    return info


# --------------------------------------------------------------------------------------------
# The estimate
# --------------------------------------------------------------------------------------------

def _model(it_energy_kwh: float, server_hours: float, server_kg: float):
    from carbonlib.methodology.footprint import footprint

    def run(*, pue, intensity_kg_per_kwh, utilization, lifetime_years, cfe_share):
        return footprint(it_energy_kwh * pue, intensity_kg_per_kwh, job_hours=server_hours,
                         system_embodied_kg=server_kg, lifetime_years=lifetime_years,
                         utilization=utilization, systems=1, cfe_share=cfe_share)
    return run


def _as_outputs(result: Any) -> dict[str, Any]:
    values = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    return {k: values[k] for k in OUTPUTS}


def estimate(
    *,
    gpu: str | None = None,
    count: float | None = None,
    hours: float | None = None,
    power_w: float | None = None,
    power_basis: str = "auto",
    energy_kwh: float | None = None,
    codecarbon: CodeCarbonLog | None = None,
    region: str | None = None,
    grid_year: int | None = None,
    intensity_kg_per_kwh: Value | None = None,
    pue: Value = PAPER_PUE,
    utilization: Value = PAPER_UTILIZATION,
    lifetime_years: Value = PAPER_LIFETIME_YEARS,
    cfe_share: Value = 0.0,
    server: str = PAPER_SERVER,
    server_embodied_kg: float | None = None,
    gpus_per_server: float | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> Estimate:
    """Operational and embodied carbon of a training job, with low/high bounds.

    Energy comes from one of: ``gpu`` with ``count`` and ``hours`` (power per accelerator from
    ``data/hardware.csv`` or ``power_w``), ``energy_kwh`` (energy at the machines, before PUE), or
    a CodeCarbon log. The facility energy is that times ``pue``. Operational carbon is
    ``energy_kwh * intensity * (1 - cfe_share)``. Embodied carbon amortizes the server's
    manufacturing carbon over its busy hours: ``server_embodied_kg * server_hours /
    (lifetime_years * 8760 * utilization)``, where ``server_hours = count * hours /
    gpus_per_server`` (a job on 4 of 8 GPUs carries half the server).

    Parameters
    ----------
    gpu : str, optional
        Accelerator name in ``data/hardware.csv`` (``a100``, ``v100``, ...; case ignored).
    count : float, optional
        Accelerators the job used (machines, for a server without accelerators). > 0.
    hours : float, optional
        Wall-clock run time, in hours (>= 0).
    power_w : float, optional
        Average power per accelerator, in W, instead of the table's value.
    power_basis : {"auto", "measured", "tdp"}
        Which table power to use, see :func:`carbonlib.data.reference_tables.power_w`.
    energy_kwh : float, optional
        Energy at the machines, in kWh (before PUE), instead of ``gpu`` power.
    codecarbon : CodeCarbonLog, optional
        Runs read by :func:`read_codecarbon`; their location is used unless ``region`` or
        ``intensity_kg_per_kwh`` is given.
    region : str, optional
        Region code in ``data/grid_intensity.csv``. No default: without ``region``,
        ``intensity_kg_per_kwh`` or a CodeCarbon location, the estimate fails.
    grid_year : int, optional
        Year of the grid intensity; the latest in the table by default.
    intensity_kg_per_kwh : float or (low, high), optional
        Grid carbon intensity, kg CO2e per kWh, instead of ``region``.
    pue : float or (low, high), default 1.1
        Datacenter power usage effectiveness (>= 1); the paper's hyperscale value.
    utilization : float or (low, high), default (0.30, 0.60)
        Fraction of its lifetime the server is busy, in (0, 1]; the paper's range.
    lifetime_years : float or (low, high), default (3, 5)
        Server lifetime in years (> 0); the paper's range.
    cfe_share : float or (low, high), default 0
        Share of the energy matched by carbon-free energy, in [0, 1].
    server : str, default "wu2022-gpu-system"
        Server in ``data/hardware.csv`` whose embodied carbon is amortized (the paper's 2000 kg).
    server_embodied_kg : float, optional
        Embodied carbon of one server, kg CO2e, instead of the table's.
    gpus_per_server : float, optional
        Accelerators per server, instead of the table's (the paper's system: 8, assumed).
    samples : int, default 100000
        Monte Carlo samples for the bounds.
    seed : int, default 0
        Random seed: the same inputs give the same bounds.

    Returns
    -------
    Estimate
        Values at the centre of every range; low and high are the 5th and 95th percentiles of
        the Monte Carlo over the inputs given as ranges (equal to the value when none is).

    Raises
    ------
    ValueError
        No energy or no location given, an unknown GPU, region or server (naming the closest
        known names), or a value out of range (naming the parameter and the allowed range).

    Examples
    --------
    8 accelerators for 10 h drawing 100 kWh at the machines, PUE 1.1, 0.5 kg/kWh, the paper's
    2000 kg system holding 8 GPUs, busy 50% of 4 years:
    operational 100 x 1.1 x 0.5 = 55 kg; embodied 2000 x 10 / (4 x 8760 x 0.5) = 1.1416 kg.

    >>> e = estimate(energy_kwh=100, count=8, hours=10, intensity_kg_per_kwh=0.5,
    ...              utilization=0.5, lifetime_years=4)
    >>> round(e.value["operational_kg"], 4), round(e.value["embodied_kg"], 4)
    (55.0, 1.1416)
    """
    v.positive("samples", samples)
    energy = _energy(gpu=gpu, count=count, hours=hours, power_w=power_w,
                     power_basis=power_basis, energy_kwh=energy_kwh, codecarbon=codecarbon)
    location = _location(region=region, grid_year=grid_year, intensity=intensity_kg_per_kwh,
                         codecarbon=codecarbon)
    embodied = _embodied_basis(server=server, server_embodied_kg=server_embodied_kg,
                               accelerators_per_server=gpus_per_server, count=count,
                               energy=energy, codecarbon=codecarbon)
    inputs = {
        "pue": _input("pue", pue, default=PAPER_PUE),
        "intensity_kg_per_kwh": location,
        "utilization": _input("utilization", utilization, default=PAPER_UTILIZATION),
        "lifetime_years": _input("lifetime_years", lifetime_years,
                                 default=PAPER_LIFETIME_YEARS),
        "cfe_share": _input("cfe_share", cfe_share, default=0.0),
    }
    model = _model(energy["it_energy_kwh"], embodied["server_hours"],
                   embodied["server_embodied_kg"])
    central = _as_outputs(model(**{k: spec["value"] for k, spec in inputs.items()}))
    central = {k: float(np.asarray(x)) for k, x in central.items()}
    varied = [k for k, spec in inputs.items() if spec["high"] > spec["low"]]
    if varied:
        low, high = _bounds(model, inputs, varied, samples=int(samples), seed=int(seed))
    else:
        low, high = dict(central), dict(central)
    uncertainty = {"method": "monte_carlo" if varied else "none (no input given as a range)",
                   "varied": varied, "samples": int(samples) if varied else 0,
                   "seed": int(seed), "percentiles": list(PERCENTILES),
                   "value_is": "the footprint at the centre of every range"}
    assumptions = {**inputs, "energy": energy, "embodied": embodied, "uncertainty": uncertainty}
    return Estimate(central, low, high, assumptions, _sources(assumptions))


def _bounds(model, inputs, varied, *, samples: int, seed: int):
    from carbonlib.methodology import uncertainty as unc

    fixed = {k: spec["value"] for k, spec in inputs.items() if k not in varied}
    dists = {k: unc.Uniform(inputs[k]["low"], inputs[k]["high"]) for k in varied}

    def func(**drawn):
        return model(**fixed, **drawn)

    draws = unc.monte_carlo(func, dists, n=samples, seed=seed)
    table = unc.interval(draws, low=PERCENTILES[0], high=PERCENTILES[1])
    low = {k: float(table.loc[k, "low"]) for k in OUTPUTS}
    high = {k: float(table.loc[k, "high"]) for k in OUTPUTS}
    return low, high


def _sources(assumptions: dict[str, Any]) -> list[dict[str, str]]:
    seen: list[tuple[str, str]] = []

    def add(source: Any, locator: Any) -> None:
        if source and source not in ("user", "several") and (source, locator) not in seen:
            seen.append((str(source), str(locator)))

    for key in ("pue", "utilization", "lifetime_years", "cfe_share"):
        add(assumptions[key]["source"], assumptions[key]["locator"])
    loc = assumptions["intensity_kg_per_kwh"]
    for r in loc.get("regions", [loc]):
        add(r.get("source"), r.get("locator"))
    energy = assumptions["energy"]
    add(energy.get("power_source"), energy.get("power_locator"))
    if energy["method"] == "codecarbon":
        add("codecarbon", "emissions.csv: energy_consumed (kWh), duration (s), location")
    emb = assumptions["embodied"]
    add(emb["source"], emb["locator"])
    add(emb["accelerators_source"], emb["accelerators_locator"])
    return [{"source": s, "locator": loc} for s, loc in seen]
