"""``make bench``: performance as ratios against floors measured in the same run.

Pipeline
    Wall time of executing every notebook (``make -jJ run-all``, J = cores used) against a floor:
    executing a bare notebook holding only the notebooks' own import lines, through the same
    papermill path in a fresh process, times the notebook count, divided by J. Target <= 1.3.
Monte Carlo
    ``machinery.bench_montecarlo.run``: a 1e6-scenario Monte Carlo of the full footprint against
    the same arithmetic inline in plain numpy (floor) and against a per-scenario Python loop.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from carbonlib.machinery import paths

TARGET_PIPELINE = 1.3


def _import_lines() -> list[str]:
    lines: set[str] = set()
    for nb_path in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                lines.update(ln.strip() for ln in cell.source.splitlines()
                             if re.match(r"^(import|from)\s+\S+", ln.strip()))
    return sorted(lines)


def _floor_notebook(target: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("\n".join(_import_lines()))]
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return target


def _time_floor_once(nb: Path) -> float:
    code = ("import papermill, sys; papermill.execute_notebook(sys.argv[1], sys.argv[2], "
            "kernel_name='python3', progress_bar=False, cwd=sys.argv[3])")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(nb), str(nb.with_suffix(".out.ipynb")),
                    str(paths.ROOT)], check=True, capture_output=True)
    return time.perf_counter() - start


def pipeline(jobs: int | None = None, repeats: int = 3) -> dict[str, float]:
    """Time the notebook pipeline and its floor; return both and the ratio."""
    jobs = jobs or min(os.cpu_count() or 1, 2)
    notebooks = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
    floor_nb = _floor_notebook(paths.BUILD_DIR / "bench" / "floor.ipynb")
    per_notebook = statistics.median(_time_floor_once(floor_nb) for _ in range(repeats))
    floor = per_notebook * len(notebooks) / min(jobs, len(notebooks))
    start = time.perf_counter()
    subprocess.run(["make", "--no-print-directory", f"-j{jobs}", "run-all"], cwd=paths.ROOT,
                   check=True, capture_output=True)
    actual = time.perf_counter() - start
    return {"notebooks": len(notebooks), "jobs": jobs, "floor_per_notebook_s": per_notebook,
            "floor_s": floor, "pipeline_s": actual, "ratio": actual / floor}


def main() -> int:
    res = pipeline()
    print(f"pipeline: {res['notebooks']} notebooks on {res['jobs']} cores in "
          f"{res['pipeline_s']:.1f} s; floor {res['floor_s']:.1f} s "
          f"(bare kernel + same imports {res['floor_per_notebook_s']:.2f} s x "
          f"{res['notebooks']} / {min(res['jobs'], res['notebooks'])}); ratio {res['ratio']:.2f} "
          f"(target <= {TARGET_PIPELINE})")
    try:
        from carbonlib.machinery import bench_montecarlo
    except ImportError:
        print("monte carlo: carbonlib.machinery.bench_montecarlo not available")
        return 0
    mc = bench_montecarlo.run()
    print("monte carlo: " + ", ".join(f"{k} {v:.3g}" if isinstance(v, float) else f"{k} {v}"
                                      for k, v in mc.items()))
    from carbonlib.machinery import bench_fleet  # fleet: pandas/numpy, dask, 10^8-row memory
    bench_fleet.run(echo=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
