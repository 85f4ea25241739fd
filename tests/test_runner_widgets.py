"""The runner's kernels answer cells that update widgets without stalling.

nbclient mimics a front end for ``ipywidgets.Output``: it sends the widget's outputs back on
the shell socket while it waits there for the cell's reply. That send can swallow the socket's
wake-up, and the reply then waits for the poll's timeout, the whole cell timeout
(jupyter/nbclient#312; ``your_footprint``'s what-if once held a build for 30 minutes). Here a
notebook of 40 such cells, run with a 20 s cell timeout, stalled in most runs on nbclient's own
client; every cell must answer well within the timeout.
"""

from __future__ import annotations

import asyncio
import time
from queue import Empty

import nbformat
import pytest

from carbonlib.machinery import runner

CELLS = 40
RUNS = 3
CELL_TIMEOUT_S = 20
#: Far above a widget cell's time on a loaded machine, far below the stall (the cell timeout).
SLOW_CELL_S = 10


def _widget_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(
        "import ipywidgets as w\nfrom IPython.display import display"))
    nb.cells += [nbformat.v4.new_code_cell(
        f"display(w.interactive_output(lambda x: print(x), {{'x': w.IntSlider(value={i})}}))")
        for i in range(CELLS)]
    return nb


async def _cell_times(manager: type, sockets: str) -> list[float]:
    from nbclient import NotebookClient

    times: list[float] = []
    last = time.perf_counter()

    def executed(**_: object) -> None:
        nonlocal last
        now = time.perf_counter()
        times.append(now - last)
        last = now

    km = manager(kernel_name="python3", transport="ipc", connection_file=f"{sockets}/k.json")
    client = NotebookClient(_widget_notebook(), km=km, timeout=CELL_TIMEOUT_S,
                            kernel_name="python3", on_cell_executed=executed)
    await client.async_execute(cleanup_kc=True)
    return times[1:]  # the first "cell" time includes the kernel's start


def test_widget_cells_do_not_wait_for_the_cell_timeout(tmp_path):
    manager = runner._kernel_manager_class()
    slowest = [max(asyncio.run(_cell_times(manager, str(tmp_path)))) for _ in range(RUNS)]
    assert max(slowest) < SLOW_CELL_S, (
        f"a widget cell waited {max(slowest):.1f} s for its reply (slowest per run: "
        f"{[round(s, 2) for s in slowest]}); the shell channel missed a wake-up")


def test_a_shell_wait_still_lasts_its_whole_timeout(tmp_path):
    """Slicing the wait must not shorten it: no reply in 0.35 s raises Empty after 0.35 s."""

    async def wait() -> float:
        km = runner._kernel_manager_class()(kernel_name="python3", transport="ipc",
                                            connection_file=f"{tmp_path}/k.json")
        await runner.start_kernel(km)
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            start = time.perf_counter()
            with pytest.raises(Empty):
                await kc.shell_channel.get_msg(timeout=0.35)
            return time.perf_counter() - start
        finally:
            kc.stop_channels()
            await km.shutdown_kernel()

    waited = asyncio.run(wait())
    assert 0.34 <= waited < 5, waited
