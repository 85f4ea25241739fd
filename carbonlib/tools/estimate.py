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
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from carbonlib.data import reference_tables as ref
from carbonlib.methodology import validation as v
from carbonlib.paper import assumptions as paper_assumptions
from carbonlib.tools.codecarbon import CodeCarbonError, CodeCarbonLog, read_codecarbon

__all__ = [
    "PAPER_PUE",
    "PAPER_UTILIZATION",
    "PAPER_LIFETIME_YEARS",
    "PAPER_SERVER",
    "OUTPUTS",
    "CodeCarbonError",
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
#: The paper's CPU-only system (half the GPU system's 2000 kg), charged to CPU-only runs.
CPU_SERVER: str = "wu2022-cpu-system"
#: Most Monte Carlo samples an estimate draws (about 60 MB of float64 draws per varied input).
MAX_SAMPLES: int = 10_000_000
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
    "mfu": lambda name, x: v.check_range(name, x, low=0.0, high=1.0, low_open=True),
}


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
# Inputs: points and ranges, with their provenance
# --------------------------------------------------------------------------------------------

def _as_range(name: str, value: Value) -> tuple[float, float]:
    """``(low, high)`` of a point or a range, each bound checked for ``name``."""
    check = _CHECKS.get(name, v.check_range)
    if isinstance(value, tuple | list | np.ndarray) and not np.isscalar(value):
        if len(value) != 2:
            raise ValueError(f"{name}={value!r} must be a number or a (low, high) pair")
        check(name, value[0])
        check(name, value[1])
        low, high = (float(x) for x in value)
    else:
        check(name, value)
        low = high = float(value)
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


def _energy(*, gpu, count, hours, power_w, power_basis, energy_kwh, codecarbon, plan):
    given = [n for n, x in (("energy_kwh", energy_kwh), ("codecarbon", codecarbon),
                            ("params", plan)) if x is not None]
    if len(given) > 1:
        raise ValueError(f"give one of `energy_kwh`, `codecarbon` or `params` with `tokens`, "
                         f"not {' and '.join(f'`{n}`' for n in given)}")
    if codecarbon is not None:
        info = {"method": "codecarbon", "it_energy_kwh": codecarbon.it_energy_kwh,
                "codecarbon_file": codecarbon.path, "runs": len(codecarbon.runs),
                "rows": codecarbon.rows_read, "skipped_rows": codecarbon.skipped_rows,
                "skipped_lines_first": codecarbon.summary()["skipped_lines_first"],
                "project": codecarbon.project, "hours": codecarbon.hours,
                "projects": codecarbon.by_project().reset_index().to_dict("records"),
                "codecarbon_pue": sorted(set(codecarbon.runs["pue"].tolist())),
                "codecarbon_emissions_kg": codecarbon.emissions_kg,
                "note": "each run's last checkpoint: energy_consumed divided by CodeCarbon's "
                        "PUE, summed, times the PUE here"}
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
        raise ValueError("no energy given: describe the job with `gpu`, `count` and `hours`, "
                         "or give `energy_kwh`, `codecarbon`, or `params` and `tokens`")
    if plan is None and (count is None or hours is None):
        raise ValueError("`gpu` needs `count` (accelerators) and `hours` (wall-clock hours)")
    if power_w is not None:
        v.positive("power_w", power_w)
        power = {"gpu": ref.resolve_accelerator(gpu), "power_w": float(power_w),
                 "power_basis": "user", "power_source": "user",
                 "power_locator": "given by the user"}
    else:
        p = ref.power_w(gpu, basis=power_basis)
        power = {"gpu": p.hardware, "power_w": p.value_w, "power_basis": p.basis,
                 "power_source": p.source, "power_locator": p.locator}
    if plan is not None:
        per_unit_mfu = plan["accelerator_hours_at_full_mfu"]
        info = {"method": "planned", **power, **plan, "it_energy_kwh": math.nan,
                "it_energy_kwh_at_full_mfu": power["power_w"] * per_unit_mfu / 1000.0,
                "note": "power_w x accelerator-hours / 1000, accelerator-hours = 6 x params x "
                        "tokens / (peak FLOP/s x MFU x 3600), before PUE"}
        if count is not None:
            info["count"] = float(v.positive("count", count))
        return info
    v.positive("count", count)
    v.nonnegative("hours", hours)
    it = power["power_w"] * float(count) * float(hours) / 1000.0
    return {"method": "gpu_power", "it_energy_kwh": it, "hours": float(hours), **power,
            "note": "power_w x count x hours / 1000, before PUE"}


_NO_LOCATION = ("no location: the grid carbon intensity depends on where the job ran, and there "
                "is no default. Give `region` (a country as ISO alpha-3 such as USA or FRA, "
                "or a datacenter such as google-iowa; `carbonlib estimate --list regions` shows "
                "them) or `intensity_kg_per_kwh`")


def _region_info(g: ref.GridIntensity) -> dict[str, Any]:
    return {"region": g.region_code, "region_name": g.region_name, "year": g.year,
            "intensity_kg_per_kwh": g.intensity_kg_per_kwh, "source": g.source,
            "locator": g.locator, "kind": g.kind}


def _location(*, region, grid_year, intensity, codecarbon) -> dict[str, Any]:
    if region is not None and intensity is not None:
        raise ValueError("give either `region` or `intensity_kg_per_kwh`, not both")
    if intensity is not None:
        low, high = _as_range("intensity_kg_per_kwh", intensity)
        return {"value": _mid(low, high), "low": low, "high": high,
                "distribution": "uniform" if high > low else "fixed", "region": None,
                "source": "user", "locator": "given by the user", "kind": "assumed"}
    if region is not None:
        g = ref.grid_intensity(region, year=grid_year)
        return {"value": g.intensity_kg_per_kwh, "low": g.intensity_kg_per_kwh,
                "high": g.intensity_kg_per_kwh, "distribution": "fixed", **_region_info(g)}
    if codecarbon is None:
        raise ValueError(_NO_LOCATION)
    return _codecarbon_location(codecarbon, grid_year)


def _codecarbon_location(log: CodeCarbonLog, grid_year: int | None) -> dict[str, Any]:
    """Each run at its own region's intensity, or its own emissions / energy when unknown."""
    runs = log.runs
    it = runs["energy_kwh"] / runs["pue"]
    known = {r.lower(): r for r in ref.regions()}
    per_run = pd.Series(np.nan, index=runs.index)
    regions: dict[str, dict[str, Any]] = {}
    for loc in runs["location"].unique():
        rows = runs["location"] == loc
        if loc and loc.lower() in known:
            info = _region_info(ref.grid_intensity(loc, year=grid_year))
            per_run[rows] = info["intensity_kg_per_kwh"]
        else:
            own = runs.loc[rows, "emissions_kg"] / runs.loc[rows, "energy_kwh"]
            own = own.where(np.isfinite(own) & (own >= 0))
            if own.isna().any():
                first = int(runs.loc[rows & own.reindex(runs.index).isna(), "line"].iloc[0])
                where = f"in {loc!r}, which has no intensity here" if loc else \
                    "with no country_iso_code or region"
                raise ValueError(
                    f"{log.path}: line {first} ran {where}, and records no emissions and "
                    f"energy_consumed to take its own intensity from. {_NO_LOCATION}")
            per_run[rows] = own
            value = float((own * runs.loc[rows, "energy_kwh"]).sum()
                          / runs.loc[rows, "energy_kwh"].sum()) if \
                runs.loc[rows, "energy_kwh"].sum() > 0 else float(own.mean())
            info = {"region": loc or "unknown", "region_name": f"{loc or 'no country'} (not in "
                    "the table: the runs' own emissions / energy_consumed)", "year": None,
                    "intensity_kg_per_kwh": value, "source": "codecarbon",
                    "locator": f"{log.path}: emissions / energy_consumed of the runs in "
                               f"{loc or 'no country'}", "kind": "inferred",
                    "from_file": True}
        share = float(it[rows].sum() / it.sum()) if it.sum() > 0 else float(rows.mean())
        regions[loc] = {**info, "runs": int(rows.sum()), "energy_share": share}
    weights = it / it.sum() if it.sum() > 0 else pd.Series(1.0 / len(runs), index=runs.index)
    mean = float((per_run * weights).sum())
    listed = list(regions.values())
    one = listed[0] if len(listed) == 1 else None
    how = ("each run at its own region's intensity; operational carbon is the sum over runs of "
           "energy x PUE x intensity, i.e. the energy-weighted mean intensity times the total")
    return {"value": mean, "low": mean, "high": mean, "distribution": "fixed",
            "region": one["region"] if one else "+".join(r["region"] for r in listed),
            "region_name": one["region_name"] if one else "several regions",
            "year": one["year"] if one else None,
            "source": one["source"] if one else "several",
            "locator": one["locator"] if one else "energy-weighted mean of the runs' regions",
            "kind": one["kind"] if one else "inferred", "from": "codecarbon",
            "combined": how, "regions": listed}


#: What embodied carbon needs, by the Python parameter names.
_EMBODIED_NEEDS = ("count", "hours")


def _server_info(name: str, server_embodied_kg, accelerators_per_server) -> dict[str, Any]:
    s = ref.server(name)
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
    return info


def _part(info: dict[str, Any], unit_hours: float, **extra: Any) -> dict[str, Any]:
    per_server = info["accelerators_per_server"]
    unit = "accelerator" if per_server > 0 else "machine"
    server_hours = unit_hours / (per_server if per_server > 0 else 1.0)
    return {**info, "unit": unit, "unit_hours": float(unit_hours),
            "server_hours": float(server_hours), **extra,
            "note": f"{unit}-hours / {unit}s per server = hours of a whole server carried by "
                    "the job" if per_server > 0 else
                    "machine-hours: the job is charged the whole server while it runs"}


def _embodied_basis(*, server, server_embodied_kg, accelerators_per_server, count, energy,
                    codecarbon, cpu_server=None) -> dict[str, Any]:
    gpu_server = _server_info(server, server_embodied_kg, accelerators_per_server)
    if count is not None:
        v.positive("count", count)
        hours = energy.get("hours")
        if hours is None:
            raise ValueError("embodied carbon needs the run time: give `hours` with "
                             "`energy_kwh` (and `count`)")
        part = _part(gpu_server, float(count) * hours, count=float(count))
        return {**part, "computed": True, "parts": [part]}
    if energy["method"] == "planned":
        part = _part(gpu_server, energy["accelerator_hours_at_full_mfu"], scales_with="1/mfu")
        return {**part, "computed": True, "parts": [part]}
    if codecarbon is not None:
        return _codecarbon_embodied(codecarbon, gpu_server, cpu_server)
    return {**gpu_server, "computed": False, "needs": list(_EMBODIED_NEEDS),
            "reason": "the energy alone does not say how many machines the job held nor for "
                      "how long; give `count` (accelerators) and `hours` to compute it",
            "unit": "accelerator", "unit_hours": math.nan, "server_hours": 0.0, "parts": []}


def _codecarbon_embodied(log: CodeCarbonLog, gpu_server: dict[str, Any],
                         cpu_server: str | None) -> dict[str, Any]:
    runs = log.runs
    unknown = runs["gpu_count"].isna()
    if unknown.any():
        first = int(runs.loc[unknown, "line"].iloc[0])
        model = str(runs.loc[unknown, "gpu_model"].iloc[0])
        what = (f"names a GPU ({model}) but no gpu_count" if model else
                "records neither gpu_count nor gpu_model (CodeCarbon files before 2.0 do not), "
                "so whether the run used accelerators is unknown")
        raise ValueError(f"embodied carbon needs the number of accelerators: {log.path} line "
                         f"{first} {what}; give `count` (accelerators the job used)")
    parts = []
    gpu_runs = runs["gpu_count"] > 0
    if gpu_runs.any():
        unit_hours = float((runs.loc[gpu_runs, "gpu_count"] * runs.loc[gpu_runs, "hours"]).sum())
        parts.append(_part(gpu_server, unit_hours, runs=int(gpu_runs.sum()),
                           count=float(runs.loc[gpu_runs, "gpu_count"].max()),
                           count_from="codecarbon gpu_count"))
    if (~gpu_runs).any():
        cpu = _server_info(cpu_server or CPU_SERVER, None, None)
        parts.append(_part(cpu, float(runs.loc[~gpu_runs, "hours"].sum()),
                           runs=int((~gpu_runs).sum()),
                           count=1.0, count_from="CPU-only runs (gpu_count 0 or empty): one "
                                                 "whole CPU server each while it runs"))
    main = parts[0]
    return {**main, "computed": True, "parts": parts,
            "server_hours": sum(p["server_hours"] for p in parts),
            "kg_per_server_for_model": _kg_per_server_hour(parts)}


def _kg_per_server_hour(parts: list[dict[str, Any]]) -> float:
    """Server-hour-weighted embodied kg, so that kg x total server-hours sums the parts."""
    hours = sum(p["server_hours"] for p in parts)
    if hours == 0:
        return parts[0]["server_embodied_kg"]
    return sum(p["server_embodied_kg"] * p["server_hours"] for p in parts) / hours


# --------------------------------------------------------------------------------------------
# The estimate
# --------------------------------------------------------------------------------------------

def _model(it_energy_kwh: float, server_hours: float, server_kg: float, *,
           embodied_computed: bool = True):
    """The footprint as a function of the inputs; ``mfu`` (planning) divides energy and hours."""
    from carbonlib.methodology.footprint import footprint

    def run(*, pue, intensity_kg_per_kwh, utilization, lifetime_years, cfe_share, mfu=1.0):
        scale = 1.0 / np.asarray(mfu, dtype=float)
        out = footprint(it_energy_kwh * scale * pue, intensity_kg_per_kwh,
                        job_hours=server_hours * scale, system_embodied_kg=server_kg,
                        lifetime_years=lifetime_years, utilization=utilization, systems=1,
                        cfe_share=cfe_share)
        if embodied_computed:
            return out
        values = _as_outputs(out)
        nan = np.full(np.shape(values["operational_kg"]), np.nan)
        values.update(embodied_kg=nan, total_kg=nan, embodied_share=nan)
        return values
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
    cpu_server: str = CPU_SERVER,
    params: float | None = None,
    tokens: float | None = None,
    precision: str = "bf16",
    peak_flops: float | None = None,
    mfu: Value | None = None,
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
    cpu_server : str, default "wu2022-cpu-system"
        Server charged, whole, to each CPU-only CodeCarbon run (``gpu_count`` 0 or empty).
    params, tokens : float, optional
        Planning a run before it happens: model parameters and training tokens. The
        accelerator-hours are ``6 * params * tokens / (peak_flops * mfu * 3600)``.
    precision : str, default "bf16"
        Arithmetic precision, to look up the accelerator's peak FLOP/s in
        ``data/accelerator_peak.csv``.
    peak_flops : float, optional
        Peak FLOP/s per accelerator instead of the table's.
    mfu : float or (low, high), optional
        Model FLOP/s utilization, in (0, 1]; default the range of ``data/mfu.csv``.
    samples : int, default 100000
        Monte Carlo samples for the bounds, in [1, 10000000].
    seed : int, default 0
        Random seed in [0, 2**32 - 1]: the same inputs give the same bounds.

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
    _check_samples_seed(samples, seed)
    plan = None
    if params is not None or tokens is not None:
        from carbonlib.tools import planning

        if gpu is None:
            raise ValueError("planning from `params` and `tokens` needs the accelerator: give "
                             "`gpu`")
        plan = planning.plan(params=params, tokens=tokens, gpu=gpu, precision=precision,
                             peak_flops=peak_flops)
    energy = _energy(gpu=gpu, count=count, hours=hours, power_w=power_w,
                     power_basis=power_basis, energy_kwh=energy_kwh, codecarbon=codecarbon,
                     plan=plan)
    location = _location(region=region, grid_year=grid_year, intensity=intensity_kg_per_kwh,
                         codecarbon=codecarbon)
    embodied = _embodied_basis(server=server, server_embodied_kg=server_embodied_kg,
                               accelerators_per_server=gpus_per_server,
                               count=None if plan is not None else count,
                               energy=energy, codecarbon=codecarbon, cpu_server=cpu_server)
    inputs = {
        "pue": _input("pue", pue, default=PAPER_PUE),
        "intensity_kg_per_kwh": location,
        "utilization": _input("utilization", utilization, default=PAPER_UTILIZATION),
        "lifetime_years": _input("lifetime_years", lifetime_years,
                                 default=PAPER_LIFETIME_YEARS),
        "cfe_share": _input("cfe_share", cfe_share, default=0.0),
    }
    it_energy = energy.get("it_energy_kwh")
    if plan is not None:
        from carbonlib.tools import planning

        inputs["mfu"] = planning.mfu_input(mfu)
        it_energy = energy["it_energy_kwh_at_full_mfu"]
    model = _model(it_energy, embodied["server_hours"],
                   embodied.get("kg_per_server_for_model", embodied["server_embodied_kg"]),
                   embodied_computed=embodied["computed"])
    central = _as_outputs(model(**{k: spec["value"] for k, spec in inputs.items()}))
    central = {k: float(np.asarray(x)) for k, x in central.items()}
    if plan is not None:
        _planned_hours(energy, inputs["mfu"])
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


def _check_samples_seed(samples: Any, seed: Any) -> None:
    for name, value, low, high in (("samples", samples, 1, MAX_SAMPLES),
                                   ("seed", seed, 0, 2**32 - 1)):
        v.check_range(name, value, low=low, high=high)
        if float(value) != int(value):
            raise ValueError(f"{name}={value!r} is not a whole number; expected an integer in "
                             f"[{low}, {high}]")


def _planned_hours(energy: dict[str, Any], mfu: dict[str, Any]) -> None:
    full = energy["accelerator_hours_at_full_mfu"]
    energy["accelerator_hours"] = full / mfu["value"]
    energy["accelerator_hours_low"] = full / mfu["high"]
    energy["accelerator_hours_high"] = full / mfu["low"]
    energy["it_energy_kwh"] = energy["it_energy_kwh_at_full_mfu"] / mfu["value"]
    if "count" in energy:
        energy["hours"] = energy["accelerator_hours"] / energy["count"]


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
