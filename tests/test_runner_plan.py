"""How the runner shares notebooks between its kernels, and what it records for next time."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from carbonlib.machinery import deps, pipeline, runner
from carbonlib.machinery.runner import Job, plan


def _jobs(seconds: list[float]) -> list[Job]:
    return [Job(Path(f"nb{i}.ipynb"), {}, s) for i, s in enumerate(seconds)]


def _loads(lists: list[list[Job]]) -> list[float]:
    return [sum(j.estimate_s for j in lst) for lst in lists]


# durations like the pipeline's: one long notebook, fifteen of 5-9 s
PIPELINE_LIKE = [12.3, 8.4, 6.6, 6.1, 6.1, 6.0, 5.8, 5.8, 5.7, 5.6, 5.6, 5.4, 5.2, 5.0, 5.0, 4.6]


def _best_gap(seconds: list[float]) -> float:
    total = sum(seconds)
    return min(abs(total - 2 * sum(c)) for r in range(len(seconds) + 1)
               for c in itertools.combinations(seconds, r))


@pytest.mark.parametrize("seconds", [PIPELINE_LIKE, [15, 8, 8, 7, 7, 6, 5], [9, 7, 6, 5, 5, 4],
                                     [3.0] * 7, [10, 1, 1, 1, 1]])
def test_plan_keeps_every_job_once_and_nearly_balances(seconds: list[float]) -> None:
    jobs = _jobs(seconds)
    lists = plan(jobs, 2)
    assert sorted(id(j) for lst in lists for j in lst) == sorted(id(j) for j in jobs)
    gap = abs(_loads(lists)[0] - _loads(lists)[1])
    assert gap <= _best_gap(seconds) + 0.2  # within 0.2 s of the best split, by brute force
    for lst in lists:
        assert [j.estimate_s for j in lst] == sorted((j.estimate_s for j in lst), reverse=True)


def test_plan_beats_plain_longest_first_where_that_leaves_a_gap() -> None:
    seconds = [3, 3, 2, 2, 2]  # longest first onto the emptier list: 3+2+2 vs 3+2; best 6 / 6
    greedy = [0.0, 0.0]
    for s in sorted(seconds, reverse=True):
        greedy[greedy.index(min(greedy))] += s
    planned = _loads(plan(_jobs(seconds), 2))
    assert abs(greedy[0] - greedy[1]) == 2
    assert abs(planned[0] - planned[1]) == _best_gap(seconds)


def test_without_estimates_the_given_order_alternates() -> None:
    jobs = _jobs([0.0] * 5)
    lists = plan(jobs, 2)
    assert [[j.notebook.stem for j in lst] for lst in lists] == [["nb0", "nb2", "nb4"],
                                                                 ["nb1", "nb3"]]


def test_a_kernel_that_runs_out_takes_the_shortest_job_of_the_fullest_list() -> None:
    a, b, c, d = _jobs([9, 5, 2, 1])
    mine: list[Job] = []
    lists = [mine, [a, b], [c, d]]
    assert runner._next_job(mine, lists) is b  # [a, b] has 14 s left, [c, d] 3 s
    assert runner._next_job([d], lists) is d  # its own list first
    assert runner._next_job([], [[], []]) is None


def test_estimates_use_cpu_time_only_when_every_stamp_has_it(tmp_path: Path) -> None:
    nbs = [tmp_path / "a.ipynb", tmp_path / "b.ipynb", tmp_path / "c.ipynb"]

    def stamp(seconds: float, cpu: float | None) -> deps.Stamp:
        return deps.Stamp(tmp_path, 0.0, {}, "", "", seconds, cpu)

    assert pipeline._estimates([stamp(9, 5), stamp(7, 6), None], nbs) == {
        nbs[0]: 9, nbs[1]: 7, nbs[2]: 0.0}
    assert pipeline._estimates([stamp(9, 5), stamp(7, 6)], nbs[:2]) == {nbs[0]: 5, nbs[1]: 6}
    assert pipeline._estimates([stamp(9, 5), stamp(7, None)], nbs[:2]) == {nbs[0]: 9, nbs[1]: 7}


def test_stamps_keep_the_kernel_cpu_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deps.paths, "BUILD_DIR", tmp_path)
    deps.write_stamp("x", {}, tmp_path, tmp_path, 1.0e9, 7.25, 5.5)
    assert deps.read_stamp("x").cpu_seconds == 5.5
    deps.write_stamp("y", {}, tmp_path, tmp_path, 1.0e9, 7.25)
    assert deps.read_stamp("y").cpu_seconds is None


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="no /proc on this system")
def test_cpu_seconds_reads_a_live_process_and_none_otherwise() -> None:
    sum(i * i for i in range(2_000_000))  # spend some CPU
    own = runner._cpu_seconds(os.getpid())
    assert own is not None and own > 0
    assert runner._cpu_seconds(None) is None
    assert runner._cpu_seconds(2**22 + 12345) is None  # above the kernel's pid limit


def test_plan_ends_where_rounding_makes_two_splits_look_alike() -> None:
    """These estimates once made plan swap two jobs back and forth forever: each swap seemed to
    narrow the gap by 1e-15 s of rounding. Run it in a child process with a time limit."""
    seconds = [5.41, 12.98, 12.99, 11.73, 8.29, 10.7, 12.24, 9.11, 5.56, 12.8, 9.07, 11.04,
               9.79, 5.05, 8.43, 4.6]
    code = ("from pathlib import Path\n"
            "from carbonlib.machinery.runner import Job, plan\n"
            f"lists = plan([Job(Path(str(i)), {{}}, s) for i, s in enumerate({seconds!r})], 2)\n"
            "print(sorted(len(lst) for lst in lists))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    counts = [int(n) for n in out.stdout.strip(" []\n").split(",")]
    assert sum(counts) == len(seconds)
