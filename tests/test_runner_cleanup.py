"""The runner ends each kernel as the bench's floor does (:func:`runner.stop_kernel`).

Once a notebook is done its kernel is killed: a shutdown by request cost about 1 s a kernel
(the floor of a full build went from 50 s to 40 s without it). And the client's channels are
closed first: nbclient's own cleanup closes them after the kernel is gone, which blocked the
runner's event loop (2.6 s over a full build, which every other kernel's notebook waited
through). These tests run real notebooks through :func:`runner.run_all`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import nbformat
import pytest

from carbonlib.machinery import paths, runner


@pytest.fixture
def recording_manager(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, Any]]:
    """Make the runner's kernel manager record, at each shutdown, whether it was a kill and
    whether a client of it still had channels running."""
    events: list[dict[str, Any]] = []
    base = runner._kernel_manager_class()

    class Recording(base):  # type: ignore[misc, valid-type]
        def client(self, **kwargs: Any) -> Any:
            kc = super().client(**kwargs)
            self._clients = [*getattr(self, "_clients", []), kc]
            return kc

        async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
            events.append({"now": now, "open_channels": any(
                kc.channels_running for kc in getattr(self, "_clients", []))})
            await super().shutdown_kernel(now=now, restart=restart)

    monkeypatch.setattr(runner, "_kernel_manager_class", lambda: Recording)
    monkeypatch.setattr(paths, "executed_dir", lambda: tmp_path / "executed")
    return events


def _notebook(path: Path, source: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(source))
    nbformat.write(nb, path)
    return path


def test_each_kernel_is_killed_after_its_client_closed(tmp_path, recording_manager):
    jobs = [runner.Job(_notebook(tmp_path / f"n{i}.ipynb", f"x = {i}"), {}) for i in range(3)]
    outcomes = runner.run_all(jobs, workers=2)
    assert [o.error for o in outcomes] == [None] * 3
    shutdowns = [e for e in recording_manager if "open_channels" in e]
    assert len(shutdowns) == 3, recording_manager
    assert not any(e["open_channels"] for e in shutdowns), (
        "a kernel was asked to shut down while its client's channels were open "
        "(nbclient's order)")
    assert all(e["now"] for e in shutdowns), "a kernel was shut down by request, not killed"


def test_a_kernel_that_died_is_cleaned_up_without_a_shutdown_request(tmp_path,
                                                                       recording_manager):
    job = runner.Job(_notebook(tmp_path / "dies.ipynb", "import os\nos._exit(3)"), {})
    (outcome,) = runner.run_all([job], workers=1)
    assert outcome.error is not None and "kernel died" in outcome.error, outcome.error
    assert not [e for e in recording_manager if "open_channels" in e], recording_manager


def test_a_process_the_notebook_started_ends_with_its_kernel(tmp_path, recording_manager):
    pid_file = tmp_path / "child.pid"
    source = ("import subprocess, sys\n"
              "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
              f"open({str(pid_file)!r}, 'w').write(str(child.pid))")
    (outcome,) = runner.run_all([runner.Job(_notebook(tmp_path / "child.ipynb", source), {})],
                                workers=1)
    assert outcome.error is None, outcome.error
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(pid), f"process {pid}, started by the notebook, outlived its kernel"


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie, killed but not yet reaped, is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
