"""``make bench``, fleet part: ratios against floors measured in the same run.

pandas vs numpy
    Per-job footprint plus per-user totals over ``n`` synthetic jobs with the package
    (:func:`carbonlib.tools.fleet_run.partition` on a preloaded frame: row checks, the method,
    exact sums of the ten summed quantities and the job count) against the same arithmetic in
    plain numpy on preloaded arrays (:func:`_numpy_floor`: the same outputs, checked equal,
    with no row checks). Best of several runs, the two sides alternating. Target <= 2.
Throughput
    The same at 10^5, 10^6 and 10^7 rows: rows per second, and time per row relative to the
    smallest size (1.0 = linear growth).
dask vs pandas
    The whole run (:func:`carbonlib.tools.fleet_run.run`) over the same Parquet folder on a
    2-worker local cluster against the pandas engine.
Peak memory
    Resident memory of the client and its workers (sampled every 0.2 s) while dask reads a
    10^8-row Parquet log: the 10^7-row folder linked 10 times (written once). Target < 4 GiB.

    .venv/bin/python -m carbonlib.machinery.bench_fleet [--quick] [--memory-copies N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
import time
from typing import Any

import numpy as np
import pandas as pd

TARGET_NUMPY = 2.0
TARGET_MEMORY_GIB = 4.0


def _timed(func, repeats: int = 1) -> float:
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def _timed_pair(first, second, repeats: int) -> tuple[float, float]:
    """Best wall time of each of two functions, run alternately (a shared machine's load
    then weighs on both sides alike)."""
    best = [np.inf, np.inf]
    for _ in range(repeats):
        for i, func in enumerate((first, second)):
            start = time.perf_counter()
            func()
            best[i] = min(best[i], time.perf_counter() - start)
    return best[0], best[1]


def _numpy_floor(arrays: dict[str, np.ndarray], a: Any) -> np.ndarray:
    """The fleet arithmetic in plain numpy on preloaded arrays: the least work the job needs.

    Everything :func:`carbonlib.tools.fleet.footprint_sums` returns, and nothing else: per
    job, the power model ``idle + (peak - idle) * u`` (``u`` the recorded utilization, else the
    assumed one) times accelerator-hours, the measured energy where present, PUE, the
    intensity of the job's region (else the assumed one), the carbon-free share, embodied
    carbon per allocated server-hour; then each of the ten summed quantities
    (:data:`carbonlib.tools.fleet.SUMS`) rounded to micro-units and summed per user with
    ``np.bincount``, and the jobs per user. No row checks (the arrays are known good), no
    frames, temporaries reused where numpy allows it. Returns (users, 11) micro-unit sums.
    """
    peak = arrays["peak_by_code"][arrays["gpu_code"]]
    gpus, recorded_u, measured = arrays["gpus"], arrays["util"], arrays["energy"]
    hours = (arrays["end"] - arrays["start"]) / 3.6e12  # ns to h
    no_u = np.isnan(recorded_u)
    u = np.where(no_u, a.job_utilization, recorded_u)
    idle = peak * a.idle_fraction
    power = (peak - idle) * u
    power += idle
    accel_hours = gpus * hours
    modelled = power * accel_hours
    modelled /= 1000.0
    it = np.where(np.isnan(measured), modelled, measured)
    energy = it * a.value("pue")
    # per region code: the intensity, and 1/0 weights for the location-based columns
    region = arrays["region_code"]
    operational = energy * arrays["intensity_by_code"][region]
    operational *= 1.0 - a.value("cfe_share")
    it_regional = it * arrays["regional_intensity_by_code"][region]
    it_default = it * arrays["default_by_code"][region]
    server_hours = accel_hours / a.gpus_per_server
    embodied = server_hours * (a.server_embodied_kg / (a.value("lifetime_years") * 8760.0))
    work = accel_hours * np.where(no_u, 0.0, recorded_u)
    users = len(arrays["users"])
    codes = arrays["user_code"].astype(np.intp)
    out = np.empty((users, 11))
    buffer = np.empty(len(codes))
    for i, x in enumerate((energy, operational, embodied, operational + embodied, it,
                           it_default, it_regional, server_hours, accel_hours, work)):
        np.multiply(x, 1e6, out=buffer)
        np.rint(buffer, out=buffer)
        out[:, i] = np.bincount(codes, weights=buffer, minlength=users)
    out[:, 10] = np.bincount(codes, minlength=users)
    return out


def _arrays(log: pd.DataFrame, a: Any) -> dict[str, np.ndarray]:
    """The log as the numpy arrays the floor starts from (codes and per-code tables)."""
    gpu_names = list(log["accelerator"].cat.categories)
    regions = list(log["region"].cat.categories)
    default = a.value("intensity_kg_per_kwh")
    return {
        "gpu_code": log["accelerator"].cat.codes.to_numpy(),
        "peak_by_code": np.array([a.peak_w[g] for g in gpu_names]),
        "region_code": log["region"].cat.codes.to_numpy(),
        "intensity_by_code": np.array([a.region_intensity.get(r, default) if r else default
                                       for r in regions]),
        "regional_intensity_by_code": np.array([a.region_intensity.get(r, 0.0)
                                                for r in regions]),
        "default_by_code": np.array([0.0 if r in a.region_intensity else 1.0
                                     for r in regions]),
        "user_code": log["user"].cat.codes.to_numpy(),
        "users": np.asarray(log["user"].cat.categories),
        "start": log["start"].to_numpy().astype(np.int64),
        "end": log["end"].to_numpy().astype(np.int64),
        "gpus": log["gpus"].to_numpy(), "util": log["gpu_utilization"].to_numpy(),
        "energy": log["energy_kwh"].to_numpy(),
    }


def _same_sums(package: pd.DataFrame, floor: np.ndarray, users: np.ndarray) -> None:
    """The floor computes what the package computes: equal sums (to 1 micro-unit per job)."""
    from carbonlib.tools import fleet

    mine = pd.DataFrame(floor, index=users, columns=[*fleet.SUMS, "jobs"])
    mine = mine[mine["jobs"] > 0]
    theirs = package.reindex(mine.index)
    tolerance = mine["jobs"].to_numpy()[:, None]  # per-job rounding of differently ordered ops
    if not (np.abs(theirs.to_numpy() - mine.to_numpy()) <= tolerance).all():
        raise AssertionError("bench_fleet: the numpy floor and the package disagree")


def pandas_vs_numpy(sizes: tuple[int, ...], a: Any) -> list[dict[str, float]]:
    """Package time and numpy floor per size; ratios and per-row growth."""
    from carbonlib.tools import fleet_run
    from carbonlib.tools.fleet_synthetic import synthetic_log

    rows = []
    for n in sizes:
        log = synthetic_log(n, seed=1)
        arrays = _arrays(log, a)
        repeats = 7 if n <= 1_000_000 else 3
        _same_sums(fleet_run.partition(log, a, "user")[0], _numpy_floor(arrays, a),
                   arrays["users"])
        package, floor = _timed_pair(lambda log=log: fleet_run.partition(log, a, "user"),
                                     lambda arrays=arrays: _numpy_floor(arrays, a), repeats)
        rows.append({"rows": n, "pandas_s": package, "numpy_s": floor,
                     "ratio": package / floor, "rows_per_s": n / package})
        del log, arrays
    base = rows[0]["pandas_s"] / rows[0]["rows"]
    for r in rows:
        r["per_row_vs_smallest"] = (r["pandas_s"] / r["rows"]) / base
    return rows


def dask_vs_pandas(folder: str, a: Any) -> dict[str, float]:
    """Whole runs over one Parquet folder: dask (2 local workers) vs pandas."""
    from carbonlib.tools import fleet_run

    pandas_report: list[Any] = []
    pandas_s = _timed(lambda: pandas_report.append(fleet_run.run(folder, a, by="user")))
    dask_s = _timed(lambda: fleet_run.run(folder, a, by="user", engine="dask", workers=2))
    return {"rows": pandas_report[0].counts["rows"], "pandas_s": pandas_s, "dask_s": dask_s,
            "ratio": dask_s / pandas_s}


def _tree_rss() -> int:
    import psutil

    me = psutil.Process()
    total = me.memory_info().rss
    for child in me.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            continue
    return total


def dask_peak_memory(folder: str, copies: int, a: Any) -> dict[str, float]:
    """Peak resident memory (client + workers) of a dask run over ``copies`` x the folder's rows.

    The big log is the folder's files linked ``copies`` times into one folder (the same rows
    repeated): a log of ``copies`` times the rows on disk, written once.
    """
    import os

    from carbonlib.tools import fleet_run

    big = tempfile.mkdtemp(prefix="fleet_bench_big_")
    files = sorted(f for f in os.listdir(folder) if f.endswith(".parquet"))
    for c in range(copies):
        for f in files:
            os.symlink(os.path.join(folder, f), os.path.join(big, f"copy{c:03d}-{f}"))
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss())
            time.sleep(0.2)

    try:
        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        start = time.perf_counter()
        report = fleet_run.run(big, a, by="month", engine="dask", workers=2)
        seconds = time.perf_counter() - start
    finally:
        done.set()
        shutil.rmtree(big, ignore_errors=True)
    return {"rows": report.counts["rows"], "jobs": report.counts["jobs"], "seconds": seconds,
            "peak_gib": peak[0] / 2**30}


def run(sizes: tuple[int, ...] = (10**5, 10**6, 10**7), dask_rows: int = 10**7,
        memory_copies: int = 10, echo: bool = False) -> dict[str, Any]:
    """All fleet measurements of one run (``memory_copies=0`` skips the memory run).

    The dask comparison uses a ``dask_rows`` Parquet folder (1M-row files); the memory run
    reads it ``memory_copies`` times over (10 x 10^7 = 10^8 rows).
    """
    from carbonlib.tools import fleet
    from carbonlib.tools.fleet_synthetic import write_parquet

    a = fleet.assumptions(region="USA", samples=1000)
    out: dict[str, Any] = {"throughput": pandas_vs_numpy(sizes, a)}
    if echo:
        print(report(out), flush=True)
    folder = tempfile.mkdtemp(prefix="fleet_bench_")
    try:
        write_parquet(folder, dask_rows, seed=2, rows_per_file=min(dask_rows, 1_000_000))
        out["dask"] = dask_vs_pandas(folder, a)
        if echo:
            print(report({"dask": out["dask"]}), flush=True)
        if memory_copies:
            out["memory"] = dask_peak_memory(folder, memory_copies, a)
            if echo:
                print(report({"memory": out["memory"]}), flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


def report(res: dict[str, Any]) -> str:
    """One line per measurement."""
    lines = []
    for r in res.get("throughput", []):
        lines.append(f"fleet pandas vs numpy at {r['rows']:.0e} jobs: {r['pandas_s']:.3f} s vs "
                     f"{r['numpy_s']:.3f} s, ratio {r['ratio']:.2f} (target <= {TARGET_NUMPY});"
                     f" {r['rows_per_s'] / 1e6:.2f} M rows/s; time per row "
                     f"{r['per_row_vs_smallest']:.2f}x the smallest size")
    d = res.get("dask")
    if d:
        lines.append(f"fleet dask (2 local workers) vs pandas on {d['rows']:.0e} Parquet rows: "
                     f"{d['dask_s']:.1f} s vs {d['pandas_s']:.1f} s, ratio {d['ratio']:.2f}")
    if "memory" in res:
        m = res["memory"]
        lines.append(f"fleet dask peak memory at {m['rows']:.0e} rows: {m['peak_gib']:.2f} GiB "
                     f"(client + workers; target < {TARGET_MEMORY_GIB}) in {m['seconds']:.0f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_fleet", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="10^4-10^6 rows, dask on 10^6, no 10^8-row memory run")
    parser.add_argument("--memory-copies", type=int, default=10,
                        help="times the 10^7-row log is read in the memory run (0 skips it)")
    args = parser.parse_args(argv)
    if args.quick:
        run(sizes=(10**4, 10**5, 10**6), dask_rows=10**6, memory_copies=0, echo=True)
    else:
        run(memory_copies=args.memory_copies, echo=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
