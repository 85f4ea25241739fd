"""Bench: reading a large CodeCarbon log against a plain ``pandas.read_csv`` of the same file.

:func:`bench_codecarbon` writes a synthetic log in CodeCarbon's 3.x column layout (``rows``
rows, ten checkpoints per run, one row in a hundred with an empty ``energy_consumed``), then
times :func:`carbonlib.tools.codecarbon.read_codecarbon` and ``pandas.read_csv`` on it.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["write_log", "bench_codecarbon"]

_COLUMNS = ("timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,"
            "cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,"
            "water_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,"
            "python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,"
            "longitude,latitude,ram_total_size,tracking_mode,cpu_utilization_percent,"
            "gpu_utilization_percent,ram_utilization_percent,ram_used_gb,on_cloud,pue,wue"
            ).split(",")


def write_log(path: Path, rows: int, *, seed: int = 0) -> Path:
    """Write a ``rows``-row CodeCarbon 3.x log: runs of ten cumulative checkpoints each."""
    rng = np.random.default_rng(seed)
    step = np.arange(rows) % 10 + 1
    energy = (step * 0.1).round(4).astype(str).astype(object)
    energy[rng.random(rows) < 0.01] = ""
    frame = pd.DataFrame({c: "" for c in _COLUMNS}, index=range(rows))
    frame["timestamp"] = "2025-01-01T00:00:00"
    frame["project_name"] = "bench"
    frame["run_id"] = [f"run-{i // 10}" for i in range(rows)]
    frame["duration"] = step * 360.0
    frame["emissions"] = step * 0.005
    frame["energy_consumed"] = energy
    frame["country_iso_code"] = np.where(np.arange(rows) // 10 % 2 == 0, "FRA", "USA")
    frame["gpu_count"] = 4
    frame["gpu_model"] = "NVIDIA A100-SXM4-80GB"
    frame["pue"] = 1.0
    frame.to_csv(path, index=False)
    return path


def bench_codecarbon(rows: int = 1_000_000) -> dict[str, float]:
    """Seconds to read a ``rows``-row log with carbonlib and with ``pandas.read_csv``.

    Returns
    -------
    dict
        ``rows``, ``runs``, ``carbonlib_s``, ``pandas_read_csv_s`` and ``ratio`` (carbonlib over
        pandas).
    """
    from carbonlib.tools.codecarbon import read_codecarbon

    with tempfile.TemporaryDirectory() as tmp:
        path = write_log(Path(tmp) / "emissions.csv", rows)
        start = time.perf_counter()
        pd.read_csv(path)
        plain = time.perf_counter() - start
        start = time.perf_counter()
        log = read_codecarbon(path)
        ours = time.perf_counter() - start
    return {"rows": float(rows), "runs": float(len(log.runs)), "carbonlib_s": ours,
            "pandas_read_csv_s": plain, "ratio": ours / plain if plain else float("nan")}


if __name__ == "__main__":
    print(bench_codecarbon())


def run() -> dict[str, float]:
    """The bench's entry point (:data:`carbonlib.machinery.bench.BENCHES`): a million-row log."""
    return bench_codecarbon()
