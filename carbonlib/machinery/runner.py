"""Execute notebooks from one process with a pool of kernels, one per core.

The notebooks are shared between the workers by their estimated durations (:func:`plan`); a
worker whose share runs out takes over from the fullest. For each notebook a worker starts a
fresh kernel (nothing leaks from one notebook to the next), injects the parameters after the
``parameters`` cell as papermill does, executes it with nbclient and writes the executed copy
to ``build/executed/`` (:func:`paths.executed_dir`). Kernels talk over IPC sockets in a private
temporary folder, so concurrent runs never race for TCP ports. A kernel whose notebook is done
is ended at once (:func:`stop_kernel`), without the SIGINT that makes ipykernel log an ERROR.
"""

from __future__ import annotations

import asyncio
import functools
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carbonlib.machinery import paths

__all__ = ["Job", "Outcome", "run_all", "inject_parameters", "start_kernel", "stop_kernel"]

#: Longest a single cell may run, in seconds.
CELL_TIMEOUT = 1800


@dataclass(frozen=True)
class Job:
    """One notebook to execute, with the parameters to inject and how long it should take
    (``estimate_s``, seconds, e.g. its kernel's CPU time last time; 0 when unknown)."""

    notebook: Path
    parameters: dict[str, Any]
    estimate_s: float = 0.0


@dataclass(frozen=True)
class Outcome:
    """How one job ended: ``error`` is None on success, else one line saying why.

    ``seconds`` is the wall time; ``cpu_seconds`` the kernel's CPU time up to its last cell
    (None where the system does not tell it).
    """

    job: Job
    executed: Path
    started: float
    seconds: float
    error: str | None
    cpu_seconds: float | None = None


#: Least narrowing of the gap between two workers' totals that :func:`plan` acts on, seconds.
_NARROWER_BY_S = 1e-6


def _load(jobs: list[Job]) -> float:
    """Estimated total of ``jobs``, seconds (summed exactly, so equal sets give equal loads)."""
    return math.fsum(j.estimate_s for j in jobs)


def plan(jobs: list[Job], workers: int) -> list[list[Job]]:
    """Split ``jobs`` into one list per worker with near-equal sums of ``estimate_s``.

    Longest first onto the least-loaded list (ties: the shorter list), then single moves and
    swaps between the fullest and the emptiest list while they narrow the gap. Each list is
    longest first; equal estimates keep the given order.

    Examples
    --------
    >>> jobs = [Job(Path(n), {}, float(s)) for n, s in [("a", 15), ("b", 8), ("c", 8),
    ...                                                   ("d", 7), ("e", 7), ("f", 6), ("g", 5)]]
    >>> [sum(j.estimate_s for j in lst) for lst in plan(jobs, 2)]  # 56 s in all
    [28.0, 28.0]
    """
    lists: list[list[Job]] = [[] for _ in range(max(1, workers))]
    for job in sorted(jobs, key=lambda j: -j.estimate_s):
        min(lists, key=lambda lst: (_load(lst), len(lst))).append(job)
    while len(lists) > 1:
        fullest, emptiest = max(lists, key=_load), min(lists, key=_load)
        gap = _load(fullest) - _load(emptiest)
        best: tuple[float, Job, Job | None] | None = None
        for a in fullest:
            for b in [None, *emptiest]:
                shift = a.estimate_s - (b.estimate_s if b is not None else 0.0)
                if 0 < shift < gap and (best is None or abs(gap - 2 * shift) < best[0]):
                    best = (abs(gap - 2 * shift), a, b)
        # only a real narrowing: rounding must not let two near-equal splits swap forever
        if best is None or best[0] > gap - _NARROWER_BY_S:
            break
        _, a, b = best
        fullest.remove(a)
        emptiest.append(a)
        if b is not None:
            emptiest.remove(b)
            fullest.append(b)
    order = {id(job): i for i, job in enumerate(jobs)}
    return [sorted(lst, key=lambda j: (-j.estimate_s, order[id(j)])) for lst in lists]


def _cpu_seconds(pid: int | None) -> float | None:
    """User plus system CPU time of process ``pid`` from ``/proc`` (None elsewhere)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _literal(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return f'float("{value}")'
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def inject_parameters(nb: Any, parameters: dict[str, Any]) -> None:
    """Insert a cell tagged ``injected-parameters`` after the ``parameters`` cell and record
    them in ``metadata.papermill.parameters`` (papermill's conventions, which the report reads)."""
    import nbformat

    nb.metadata["papermill"] = {"parameters": dict(parameters)}
    if not parameters:
        return
    source = "# Parameters\n" + "".join(f"{k} = {_literal(v)}\n" for k, v in parameters.items())
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["injected-parameters"]
    at = next((i + 1 for i, c in enumerate(nb.cells)
               if "parameters" in c.get("metadata", {}).get("tags", [])), 0)
    nb.cells.insert(at, cell)


#: Imported by jsonschema (which nbformat imports) only to check the "iri" string formats; with
#: it, jsonschema compiles 38 lark grammars at import, about 3 s before the first kernel can
#: start. Notebook validation uses no such format, so the runner does without it.
_UNUSED_BY_NOTEBOOK_VALIDATION = "rfc3987_syntax"


def _import_notebook_stack() -> None:
    """Import nbformat and nbclient without jsonschema's optional IRI checker (see above).

    Only a process that has not imported jsonschema yet is affected, and only its "iri" and
    "iri-reference" format checks, which notebook validation never asks for.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault(_UNUSED_BY_NOTEBOOK_VALIDATION, None)  # type: ignore[arg-type]
    import nbclient  # noqa: F401
    import nbformat  # noqa: F401


#: Longest single wait for a shell reply, in seconds; a longer wait is made of such slices.
SHELL_POLL_SLICE_S = 0.1


def _kernel_manager_class() -> type:
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.channels import AsyncZMQSocketChannel
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import Type, default

    class ShellChannel(AsyncZMQSocketChannel):  # type: ignore[misc]
        """Waits for a reply in slices of :data:`SHELL_POLL_SLICE_S`.

        nbclient sends on the shell socket (the updates of a widget's ``Output``) while it
        waits there for the cell's reply; that send can consume the socket's edge-triggered
        wake-up, and a reply already received then waits until the poll times out, which is
        the whole cell timeout (jupyter/nbclient#312). Each slice ends in a poll that reads
        the socket's state, so a reply is seen at most one slice late.
        """

        async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
            from queue import Empty

            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                left = math.inf if deadline is None else deadline - time.monotonic()
                try:
                    return await super().get_msg(timeout=max(0.0, min(left, SHELL_POLL_SLICE_S)))
                except Empty:
                    if left <= SHELL_POLL_SLICE_S:
                        raise

    class Client(AsyncKernelClient):  # type: ignore[misc]
        shell_channel_class = Type(ShellChannel)

    class QuietKernelManager(AsyncKernelManager):  # type: ignore[misc]
        """Not interrupted on the way to its end: the SIGINT jupyter_client sends before a
        shutdown makes ipykernel print "ERROR | KeyboardInterrupt caught in kernel" for a
        kernel that was idle. Its clients wait for shell replies through :class:`ShellChannel`."""

        @default("client_factory")
        def _client_factory_default(self) -> type:
            return Client

        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return QuietKernelManager


#: Arguments of every kernel the pipeline (and the bench's floor) starts: an automated run keeps
#: its IPython history in memory (nbclient's default), not in the user's history database.
KERNEL_ARGUMENTS: tuple[str, ...] = ("--HistoryManager.hist_file=:memory:",)


async def start_kernel(km: Any) -> None:
    """Start ``km``'s kernel in the repository root with :data:`KERNEL_ARGUMENTS`, as the
    pipeline's kernels are started (the bench's floor uses it)."""
    await km.start_kernel(cwd=str(paths.ROOT), extra_arguments=list(KERNEL_ARGUMENTS))


async def stop_kernel(km: Any, kc: Any) -> None:
    """Close client ``kc``'s channels, then end ``km``'s kernel at once, as the pipeline ends
    each kernel (the bench's floor uses it).

    By then the kernel has nothing left to do: every cell has replied, every output has arrived
    and the notebook's files are written. A shutdown by request would still cost about 1 s a
    kernel (IPython's reset at exit with a full garbage collection, the teardown of every
    module, jupyter_client polling for the exit), so the kernel's process group is killed,
    which also ends any process the notebook started. Closing the client first matters too:
    closed after its peer is gone, a client's sockets block the event loop, and with it every
    other kernel's notebook (2.6 s in a full build here).
    """
    kc.stop_channels()
    if await km.is_alive():
        await km.shutdown_kernel(now=True)


@functools.cache
def _notebook_client_class() -> type:
    from nbclient import NotebookClient

    class Client(NotebookClient):  # type: ignore[misc]
        """nbclient's client, ending its kernel through :func:`stop_kernel`."""

        async def _async_cleanup_kernel(self) -> None:
            if self.kc is None or self.km is None:
                await super()._async_cleanup_kernel()
                return
            km, kc, self.kc, self.km = self.km, self.kc, None, None
            try:
                await stop_kernel(km, kc)
            finally:
                await km.cleanup_resources()

    return Client


def _message(text: str, limit: int = 20) -> str:
    """The exception's message, indented under its first line, at most ``limit`` lines."""
    lines = [ln for ln in str(text).splitlines() if ln.strip()][:limit]
    return "\n    ".join(lines)


def _first_line(text: str) -> str:
    return next((ln for ln in str(text).splitlines() if ln.strip()), "")


async def _execute(job: Job, sockets: Path, manager: type) -> Outcome:
    import nbformat
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    out = paths.executed_dir() / job.notebook.name
    started, t0 = time.time(), time.perf_counter()
    error, cpu = None, None
    nb = nbformat.read(job.notebook, as_version=4)
    inject_parameters(nb, job.parameters)
    km = manager(kernel_name="python3", transport="ipc",
                 connection_file=str(sockets / f"{job.notebook.stem}.json"))

    def after_cell(**_: Any) -> None:
        nonlocal cpu
        process = getattr(getattr(km, "provisioner", None), "process", None)
        cpu = _cpu_seconds(getattr(process, "pid", None))

    client = _notebook_client_class()(nb, km=km, timeout=CELL_TIMEOUT, kernel_name="python3",
                            extra_arguments=list(KERNEL_ARGUMENTS),
                            resources={"metadata": {"path": str(paths.ROOT)}},
                            on_cell_executed=after_cell)
    try:
        # cleanup_kc: nbclient leaves a kernel manager it did not create running otherwise
        await client.async_execute(cwd=str(paths.ROOT), cleanup_kc=True)
    except CellExecutionError as exc:
        error = f"{exc.ename}: {_message(exc.evalue)}"
    except CellTimeoutError:
        error = f"a cell ran longer than {CELL_TIMEOUT} s"
    except DeadKernelError as exc:
        error = f"the kernel died: {_first_line(str(exc))}"
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    return Outcome(job, out, started, time.perf_counter() - t0, error, cpu)


def _next_job(mine: list[Job], lists: list[list[Job]]) -> Job | None:
    """The next of ``mine``; when it is empty, the shortest job of the list with the most
    estimated work left (a worker that finished early takes over, so none sits idle)."""
    if mine:
        return mine.pop(0)
    left = [lst for lst in lists if lst]
    if not left:
        return None
    return max(left, key=_load).pop()


async def _pool(jobs: list[Job], workers: int, done: Callable[[Outcome], None]) -> list[Outcome]:
    lists = plan(jobs, max(1, min(workers, len(jobs))))
    results: list[Outcome] = []
    _import_notebook_stack()
    manager = _kernel_manager_class()
    with tempfile.TemporaryDirectory(prefix="carbonlib-kernels-") as sockets:

        async def worker(mine: list[Job]) -> None:
            while (job := _next_job(mine, lists)) is not None:
                outcome = await _execute(job, Path(sockets), manager)
                results.append(outcome)
                done(outcome)

        await asyncio.gather(*(worker(mine) for mine in lists))
    return results


def run_all(jobs: list[Job], *, workers: int | None = None,
            done: Callable[[Outcome], None] = lambda outcome: None) -> list[Outcome]:
    """Execute ``jobs`` on ``workers`` kernels at a time (default: one per core).

    Parameters
    ----------
    jobs : list of Job
        Split by :func:`plan` into one list per kernel with near-equal estimated totals (the
        shortest wall time); a kernel whose list runs out takes over from the fullest list.
    workers : int, optional
        Kernels running at once; default ``os.cpu_count()``.
    done : callable, optional
        Called with each :class:`Outcome` as soon as its notebook finishes.

    Returns
    -------
    list of Outcome
        In the order the notebooks finished.
    """
    workers = workers or os.cpu_count() or 1
    return asyncio.run(_pool(jobs, workers, done))
