"""Benchmark: a 1e6-scenario Monte Carlo of the full footprint, against two references.

- **floor**: the same arithmetic written inline in plain numpy, with the same random draws (same
  seed, same order), no validation and no DataFrame;
- **loop**: a per-scenario Python loop of scalar :func:`methodology.footprint.footprint` calls.
  It is timed on a subsample (``loop_n`` scenarios) and scaled linearly to ``n``; the result
  says so.

Targets: carbonlib within 1.5x of the floor, and at least 100x faster than the loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from carbonlib.methodology.footprint import footprint
from carbonlib.methodology.operational import HOURS_PER_YEAR, energy_kwh
from carbonlib.methodology.uncertainty import Triangular, Uniform, monte_carlo, sample
from carbonlib.paper import assumptions as paper_assumptions

__all__ = ["run", "INPUTS", "TARGET_FLOOR_RATIO", "TARGET_LOOP_SPEEDUP"]

TARGET_FLOOR_RATIO: float = 1.5
TARGET_LOOP_SPEEDUP: float = 100.0

#: The benchmark scenario: a 24-hour job on 8 accelerators of one server, every assumption a range.
INPUTS: dict = {
    "power_w": Uniform(250.0, 400.0),
    "pue": Triangular(1.05, 1.1, 1.3),
    "intensity_kg_per_kwh": Uniform(0.05, 0.7),
    "cfe_share": Uniform(0.0, 0.9),
    **paper_assumptions.embodied_ranges(),
    "system_embodied_kg": Triangular(1000.0, 2000.0, 4000.0),
}
HOURS, DEVICES = 24.0, 8.0


def _model(power_w, pue, intensity_kg_per_kwh, cfe_share, utilization, lifetime_years,
           system_embodied_kg):
    return footprint(energy_kwh(power_w, HOURS, devices=DEVICES, pue=pue), intensity_kg_per_kwh,
                     job_hours=HOURS, system_embodied_kg=system_embodied_kg,
                     lifetime_years=lifetime_years, utilization=utilization, cfe_share=cfe_share)


def _floor(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    power = rng.uniform(250.0, 400.0, n)
    pue = rng.triangular(1.05, 1.1, 1.3, n)
    intensity = rng.uniform(0.05, 0.7, n)
    cfe = rng.uniform(0.0, 0.9, n)
    util = rng.uniform(*paper_assumptions.utilization_range(), n)
    life = rng.uniform(*paper_assumptions.lifetime_range_years(), n)
    system = rng.triangular(1000.0, 2000.0, 4000.0, n)
    energy = power * HOURS * DEVICES * pue / 1000.0
    operational = energy * intensity * (1.0 - cfe)
    embodied = system * HOURS / (life * HOURS_PER_YEAR * util)
    total = operational + embodied
    return {"energy_kwh": energy, "operational_kg": operational, "embodied_kg": embodied,
            "total_kg": total, "embodied_share": embodied / total}


def _loop(n: int, seed: int) -> list[float]:
    arrays = sample(INPUTS, n, seed=seed)
    names = list(INPUTS)
    columns = [arrays[k].tolist() for k in names]
    return [_model(**dict(zip(names, row, strict=True))).total_kg
            for row in zip(*columns, strict=True)]


def _best_of(func: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def run(n: int = 1_000_000, seed: int = 0, *, loop_n: int = 20_000, repeats: int = 3) -> dict:
    """Time the carbonlib Monte Carlo against the numpy floor and a scalar loop.

    Parameters
    ----------
    n : int, default 1_000_000
        Scenarios of the Monte Carlo.
    seed : int, default 0
        Seed shared by carbonlib and the floor (identical draws).
    loop_n : int, default 20_000
        Scenarios actually run by the scalar loop; its time is scaled by ``n / loop_n``.
    repeats : int, default 3
        Best-of repeats for the two vectorized timings.

    Returns
    -------
    dict
        ``n``, ``carbonlib_s``, ``floor_s``, ``loop_s_scaled``, ``loop_n``, ``floor_ratio``
        (carbonlib / floor, target <= 1.5), ``loop_speedup`` (loop / carbonlib, target >= 100),
        ``max_abs_diff_kg`` (carbonlib against the floor: the same draws give the same totals)
        and ``loop_note``.

    Examples
    --------
    >>> r = run(n=20_000, loop_n=500, repeats=1)
    >>> r["max_abs_diff_kg"] < 1e-9
    True
    """
    draws = monte_carlo(_model, INPUTS, n=n, seed=seed)
    floor = _floor(n, seed)
    diff = float(np.max(np.abs(draws["total_kg"].to_numpy() - floor["total_kg"])))
    carbonlib_s = _best_of(lambda: monte_carlo(_model, INPUTS, n=n, seed=seed), repeats)
    floor_s = _best_of(lambda: _floor(n, seed), repeats)
    loop_sub = _best_of(lambda: _loop(loop_n, seed), 1)
    loop_s = loop_sub * n / loop_n
    return {
        "n": n,
        "carbonlib_s": carbonlib_s,
        "floor_s": floor_s,
        "loop_s_scaled": loop_s,
        "loop_n": loop_n,
        "floor_ratio": carbonlib_s / floor_s,
        "floor_target": TARGET_FLOOR_RATIO,
        "loop_speedup": loop_s / carbonlib_s,
        "loop_target": TARGET_LOOP_SPEEDUP,
        "max_abs_diff_kg": diff,
        "loop_note": f"scalar loop timed on {loop_n} scenarios and scaled linearly to {n}",
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value:.4g}" if isinstance(value, float) else f"{key}: {value}")
