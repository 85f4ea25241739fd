"""Execute notebooks from one process with a pool of kernels, one per core.

Each worker takes the next notebook, starts a fresh kernel for it (nothing leaks from one
notebook to the next), injects the parameters after the ``parameters`` cell as papermill does,
executes it with nbclient and writes the executed copy to ``build/executed/``. Kernels talk over
IPC sockets in a private temporary folder, so concurrent runs never race for TCP ports, and
they are shut down by request, without the SIGINT that makes ipykernel log an ERROR.
"""

from __future__ import annotations

import asyncio
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

__all__ = ["Job", "Outcome", "run_all", "inject_parameters"]

#: Longest a single cell may run, in seconds.
CELL_TIMEOUT = 1800


@dataclass(frozen=True)
class Job:
    """One notebook to execute, with the parameters to inject."""

    notebook: Path
    parameters: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    """How one job ended: ``error`` is None on success, else one line saying why."""

    job: Job
    executed: Path
    started: float
    seconds: float
    error: str | None


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


def _kernel_manager_class() -> type:
    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):  # type: ignore[misc]
        """Shut down by request only: the SIGINT jupyter_client sends first makes ipykernel
        print "ERROR | KeyboardInterrupt caught in kernel" for a kernel that was idle."""

        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return QuietKernelManager


def _message(text: str, limit: int = 20) -> str:
    """The exception's message, indented under its first line, at most ``limit`` lines."""
    lines = [ln for ln in str(text).splitlines() if ln.strip()][:limit]
    return "\n    ".join(lines)


def _first_line(text: str) -> str:
    return next((ln for ln in str(text).splitlines() if ln.strip()), "")


async def _execute(job: Job, sockets: Path, manager: type) -> Outcome:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    out = paths.BUILD_DIR / "executed" / job.notebook.name
    started, t0 = time.time(), time.perf_counter()
    error = None
    nb = nbformat.read(job.notebook, as_version=4)
    inject_parameters(nb, job.parameters)
    km = manager(kernel_name="python3", transport="ipc",
                 connection_file=str(sockets / f"{job.notebook.stem}.json"))
    client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(paths.ROOT)}})
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
    return Outcome(job, out, started, time.perf_counter() - t0, error)


async def _pool(jobs: list[Job], workers: int, done: Callable[[Outcome], None]) -> list[Outcome]:
    queue: asyncio.Queue[Job] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    results: list[Outcome] = []
    _import_notebook_stack()
    manager = _kernel_manager_class()
    with tempfile.TemporaryDirectory(prefix="carbonlib-kernels-") as sockets:

        async def worker() -> None:
            while not queue.empty():
                outcome = await _execute(queue.get_nowait(), Path(sockets), manager)
                results.append(outcome)
                done(outcome)

        await asyncio.gather(*(worker() for _ in range(max(1, min(workers, len(jobs))))))
    return results


def run_all(jobs: list[Job], *, workers: int | None = None,
            done: Callable[[Outcome], None] = lambda outcome: None) -> list[Outcome]:
    """Execute ``jobs`` on ``workers`` kernels at a time (default: one per core).

    Parameters
    ----------
    jobs : list of Job
        In the order to start them (put the longest first for the shortest wall time).
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
