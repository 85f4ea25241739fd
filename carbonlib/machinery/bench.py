"""``make bench``: performance as ratios against floors measured in the same run.

Pipeline (three numbers)
    **cold build**: ``pipeline reproduce --force`` (every registered notebook on a pool of
    kernels, one per core, then the ledger and report; ``build/cache``, the validated tables
    and the thumbnails, is emptied first) against the floor: for each notebook a
    fresh kernel that executes only that notebook's own import lines and is ended as the
    pipeline ends its kernels (killed, :func:`runner.stop_kernel`), run on the same number of
    kernels at once, straight through jupyter_client (no notebook handling).
    Floors and cold builds alternate, F C F C ... F, :data:`COLD_REPEATS` builds in all; each
    build is divided by the mean of the floors either side of it (the speed of a shared machine
    drifts by several per cent within minutes) and the median of those ratios is reported with
    their range. Target <= 1.5. Beside it, the same comparison in CPU seconds (user plus
    system, of the build's process and every kernel it ran, against the floor's kernels and the
    bench's own share), paired the same way: it leaves out idle cores (a kernel waiting to
    start, one kernel running alone at the end), so it tells work from scheduling; with the
    cores busy the wall ratio follows it. CPU seconds drift with a shared machine's speed too.
    **no-change rebuild**: ``make reproduce`` right after, in seconds. Target < 5 s.
    **one figure**: ``touch`` the Fig 7 module, then ``pipeline reproduce`` (which rebuilds only
    Fig 7, then the ledger and report) against that notebook's own floor.
Other benches
    Each module in :data:`BENCHES` provides ``run() -> dict`` and is reported on one line; a
    missing module is noted and skipped. ``bench_montecarlo`` times a 1e6-scenario Monte Carlo
    against the same arithmetic inline in numpy and against a per-scenario Python loop.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from carbonlib.machinery import notebooks, paths, runner

__all__ = ["BENCHES", "Measured", "cpu_s", "floor", "pipeline", "main"]

TARGET_COLD = 1.5
#: Cold builds in one bench, each between two floors.
COLD_REPEATS = 3
TARGET_NO_CHANGE_S = 5.0
#: Further benches, by module: each provides ``run() -> dict``. Adding one is one line.
BENCHES: tuple[str, ...] = (
    "carbonlib.machinery.bench_montecarlo",
    "carbonlib.machinery.bench_codecarbon",
    "carbonlib.machinery.bench_fleet",
)
ONE_FIGURE = ("fig07_lm_chain", "carbonlib/paper/figures/fig07.py")


def import_lines(notebook: Path) -> str:
    """The notebook's own top-level import statements, one per line."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    return "\n".join(ln.strip() for cell in nb.cells if cell.cell_type == "code"
                     for ln in cell.source.splitlines()
                     if re.match(r"^(import|from)\s+\S+", ln))


async def _bare_kernel(code: str, sockets: Path, manager: type, name: str) -> None:
    km = manager(kernel_name="python3", transport="ipc",
                 connection_file=str(sockets / f"{name}.json"))
    await runner.start_kernel(km)  # as the pipeline starts its kernels
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=120)
        reply = await kc.execute_interactive(code, store_history=False, timeout=600,
                                             output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"floor kernel failed: {reply['content'].get('evalue')}")
    finally:
        await runner.stop_kernel(km, kc)  # as the pipeline ends its kernels


async def _floor_pool(codes: list[str], workers: int) -> None:
    manager = runner._kernel_manager_class()
    queue = list(enumerate(codes))
    with tempfile.TemporaryDirectory(prefix="carbonlib-floor-") as sockets:

        async def worker() -> None:
            while queue:
                i, code = queue.pop(0)
                await _bare_kernel(code, Path(sockets), manager, f"floor{i}")

        await asyncio.gather(*(worker() for _ in range(min(workers, len(codes)))))


def cpu_s() -> float:
    """CPU time so far, user plus system, of this process and of its children that have
    ended and been waited for (a kernel counts once its manager has reaped it), seconds."""
    own, children = (resource.getrusage(who) for who in
                     (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Measured(NamedTuple):
    """What one piece of work took, in seconds."""

    wall_s: float
    cpu_s: float  #: :func:`cpu_s` used by the work


def _measure(work: Callable[[], object]) -> Measured:
    cpu, start = cpu_s(), time.perf_counter()
    work()
    return Measured(time.perf_counter() - start, cpu_s() - cpu)


def floor(nbs: list[Path], workers: int) -> Measured:
    """A fresh kernel plus its imports for each of ``nbs``, ``workers`` at once."""
    codes = [import_lines(nb) for nb in nbs]
    os.environ.setdefault(paths.PUBLISH_ENV, "1")
    return _measure(lambda: asyncio.run(_floor_pool(codes, workers)))


def _run(cmd: list[str]) -> None:
    res = subprocess.run(cmd, cwd=paths.ROOT, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{res.stderr[-2000:]}")


def _timed(cmd: list[str]) -> Measured:
    """``cmd`` run to its end; its CPU time counts everything it waited for."""
    return _measure(lambda: _run(cmd))


def pipeline(workers: int | None = None, repeats: int = COLD_REPEATS) -> dict[str, Any]:
    """Time the cold build, the no-change rebuild and a one-figure rebuild against floors.

    The cold build runs ``repeats`` times, each between two floors; ``cold_ratio`` is the
    median of the builds' ratios, ``cold_ratios`` all of them; ``cold_cpu_ratio`` and
    ``cold_cpu_ratios`` are the same in CPU seconds.
    """
    workers = workers or os.cpu_count() or 1
    nbs = notebooks.registered()
    run = [sys.executable, "-m", "carbonlib.machinery.pipeline", "reproduce", "-j", str(workers)]
    floors, colds = [floor(nbs, workers)], []
    for _ in range(repeats):
        shutil.rmtree(paths.BUILD_DIR / "cache", ignore_errors=True)  # validated, thumbnails
        colds.append(_timed([*run, "--force"]))
        floors.append(floor(nbs, workers))

    def paired(seconds: Callable[[Measured], float]) -> list[float]:
        return [seconds(cold) / statistics.fmean(seconds(f) for f in floors[i:i + 2])
                for i, cold in enumerate(colds)]

    ratios, cpu_ratios = paired(lambda m: m.wall_s), paired(lambda m: m.cpu_s)
    no_change = _timed(["make", "--no-print-directory", "reproduce"]).wall_s
    stem, module = ONE_FIGURE
    (paths.ROOT / module).touch()
    one = _timed(run).wall_s
    one_floor = statistics.median(floor([paths.NOTEBOOKS_DIR / f"{stem}.ipynb"], 1).wall_s
                                  for _ in range(3))
    return {"notebooks": len(nbs), "workers": workers,
            "cold_s": statistics.median(c.wall_s for c in colds),
            "cold_floor_s": statistics.median(f.wall_s for f in floors),
            "cold_ratio": statistics.median(ratios), "cold_ratios": ratios,
            "colds_s": [c.wall_s for c in colds], "floors_s": [f.wall_s for f in floors],
            "cold_cpu_ratio": statistics.median(cpu_ratios), "cold_cpu_ratios": cpu_ratios,
            "colds_cpu_s": [c.cpu_s for c in colds], "floors_cpu_s": [f.cpu_s for f in floors],
            "no_change_s": no_change, "one_figure": stem, "one_s": one,
            "one_floor_s": one_floor, "one_ratio": one / one_floor}


def main() -> int:
    """Print the pipeline's three numbers, then one line per bench of :data:`BENCHES`."""
    res = pipeline()
    ratios = res["cold_ratios"]
    print(f"cold build: {res['notebooks']} notebooks on {res['workers']} kernels in "
          f"{res['cold_s']:.1f} s (median of {len(ratios)}); floor {res['cold_floor_s']:.1f} s "
          f"(fresh kernel + the notebook's imports, each, {res['workers']} at once); ratio "
          f"{res['cold_ratio']:.2f}, median of {', '.join(f'{r:.2f}' for r in ratios)} "
          f"(target <= {TARGET_COLD})")
    print("  builds " + ", ".join(f"{c:.1f}" for c in res["colds_s"]) + " s; floors "
          + ", ".join(f"{f:.1f}" for f in res["floors_s"]) + " s, in the order they ran")
    print("  in CPU seconds: builds " + ", ".join(f"{c:.1f}" for c in res["colds_cpu_s"])
          + "; floors " + ", ".join(f"{f:.1f}" for f in res["floors_cpu_s"])
          + f"; ratio {res['cold_cpu_ratio']:.2f}, median of "
          + ", ".join(f"{r:.2f}" for r in res["cold_cpu_ratios"]))
    print(f"no-change rebuild: make reproduce in {res['no_change_s']:.2f} s "
          f"(target < {TARGET_NO_CHANGE_S:g} s)")
    print(f"one-figure rebuild: {res['one_figure']} in {res['one_s']:.1f} s; floor "
          f"{res['one_floor_s']:.1f} s; ratio {res['one_ratio']:.2f}")
    for name in BENCHES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            print(f"{name.rsplit('.', 1)[-1]}: not available, skipped")
            continue
        out = module.run()
        print(f"{name.rsplit('.', 1)[-1]}: " + ", ".join(
            f"{k} {v:.3g}" if isinstance(v, float) else f"{k} {v}" for k, v in out.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
