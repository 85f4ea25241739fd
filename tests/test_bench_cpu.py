"""The bench's CPU accounting (:func:`carbonlib.machinery.bench.cpu_s`)."""

from __future__ import annotations

import subprocess
import sys

from carbonlib.machinery import bench

BURN = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.4: pass"


def test_cpu_counts_a_child_once_it_has_been_waited_for():
    before = bench.cpu_s()
    subprocess.run([sys.executable, "-c", BURN], check=True)
    assert bench.cpu_s() - before >= 0.4


def test_cpu_counts_this_process():
    before = bench.cpu_s()
    exec(BURN)  # noqa: S102 - the same busy loop, here
    assert bench.cpu_s() - before >= 0.4
