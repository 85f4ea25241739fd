"""The incremental pipeline on tiny notebooks: what runs again, and what a failure leaves."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest
from _pipeline_sandbox import sandbox  # noqa: F401 - a fixture

from carbonlib.machinery import lock, paths, pipeline


def _run(capfd, *argv):
    code = pipeline.main(["reproduce", *argv])
    out, err = capfd.readouterr()
    return code, out, err


def _record():
    return json.loads((paths.BUILD_DIR / "run.json").read_text())


def _published(stem):
    return [paths.FIGURES_DIR / f"{stem}.png", paths.FIGURES_DIR / f"{stem}.svg",
            paths.CLAIMS_BUILD_DIR / f"{stem}.csv"]


def _ledger():
    return [paths.BUILD_DIR / "claims.csv", paths.BUILD_DIR / "report" / "index.html"]


def test_cold_run_then_nothing_to_do(sandbox, capfd):  # noqa: F811
    code, out, err = _run(capfd)
    assert code == 0, err
    # the kernels print nothing (no "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel");
    # the whole output is checked in-process only for the kernels' lines, since a test run
    # shares its event-loop logging with earlier tests
    assert "[IPKernelApp]" not in out + err and "KeyboardInterrupt" not in out + err
    record = _record()
    assert record["status"] == "succeeded" and record["finished"]
    assert record["notebooks"] == {"figaa_alpha": "ran", "figbb_beta": "ran", "tool_gamma": "ran"}
    assert all(p.exists() for p in _ledger() + _published("figaa_alpha"))
    stamps = {p: p.stat().st_mtime for p in (paths.BUILD_DIR / "stamps").glob("*.json")}

    code, out, _ = _run(capfd)
    assert code == 0 and out.startswith(f"up to date: run {record['run_id']} is current")
    assert {p: p.stat().st_mtime for p in stamps} == stamps


def test_a_changed_notebook_reruns_alone_and_the_others_join_the_run(sandbox, capfd):  # noqa: F811
    assert _run(capfd)[0] == 0
    nb = paths.NOTEBOOKS_DIR / "figbb_beta.ipynb"
    later = time.time() + 5
    os.utime(nb, (later, later))
    code, out, err = _run(capfd)
    assert code == 0, err
    record = _record()
    assert record["notebooks"] == {"figaa_alpha": "current", "figbb_beta": "ran",
                                   "tool_gamma": "current"}
    assert "[figbb_beta] running (notebooks/figbb_beta.ipynb changed" in out
    # the current notebook's claims now carry this run's id (the report refuses mixed ids)
    alpha = (paths.CLAIMS_BUILD_DIR / "figaa_alpha.csv").read_text()
    assert alpha.endswith(f",{record['run_id']}\n")


def test_an_overwritten_output_makes_its_notebook_run_again(sandbox, capfd):  # noqa: F811
    assert _run(capfd)[0] == 0
    assert _run(capfd)[0] == 0  # the second run adopts the claim tables (new run id): current
    png = paths.FIGURES_DIR / "figaa_alpha.png"
    png.write_bytes(png.read_bytes() + b"another tool wrote here")
    code, out, err = _run(capfd)
    assert code == 0, err
    assert "[figaa_alpha] running (figaa_alpha.png is not the file its last run wrote" in out
    assert _record()["notebooks"] == {"figaa_alpha": "ran", "figbb_beta": "current",
                                      "tool_gamma": "current"}
    assert not png.read_bytes().endswith(b"another tool wrote here")
    # a hand-edited value in a claim table is caught too; its run_id column is not compared
    table = paths.CLAIMS_BUILD_DIR / "figbb_beta.csv"
    text = table.read_text()
    table.write_text(text + text.splitlines()[-1] + "\n")  # a row twice
    code, out, err = _run(capfd)
    assert code == 0, err
    assert "[figbb_beta] running (figbb_beta.csv is not the file its last run wrote" in out


def test_an_override_reruns_exactly_the_notebooks_declaring_it(sandbox, capfd):  # noqa: F811
    assert _run(capfd)[0] == 0
    code, out, err = _run(capfd, "-p", "level", "2")
    assert code == 0, err
    assert _record()["notebooks"] == {"figaa_alpha": "ran", "figbb_beta": "current",
                                      "tool_gamma": "ran"}
    assert "c1,2.0," in (paths.CLAIMS_BUILD_DIR / "figaa_alpha.csv").read_text()
    assert _record()["parameters"] == {"level": 2.0}
    code, out, _ = _run(capfd, "-p", "level", "2.0")  # same value, same typing: nothing to do
    assert out.startswith("up to date")
    code, out, _ = _run(capfd)  # back to the defaults: the same two run again
    assert _record()["notebooks"]["figbb_beta"] == "current"
    assert _record()["notebooks"]["figaa_alpha"] == "ran"


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_failed_notebook_leaves_no_output_and_no_ledger(sandbox, capfd, when):  # noqa: F811
    assert _run(capfd)[0] == 0
    code, out, err = _run(capfd, "-p", "fail", when)
    assert code == 1
    assert "[figaa_alpha] FAILED:" in err
    assert ("ValueError: boom before publishing" if when == "before"
            else "AssertionError: ClaimMismatch") in err
    assert "no claims ledger or report written" in err
    assert not any(p.exists() for p in _published("figaa_alpha")), "nothing stale of alpha"
    assert not any(p.exists() for p in _ledger()), "no ledger or report claiming success"
    record = _record()
    assert record["status"] == "failed" and record["notebooks"]["figaa_alpha"] == "failed"
    executed = paths.BUILD_DIR / "executed" / "figaa_alpha.ipynb"
    assert "ClaimMismatch" in executed.read_text() or "boom" in executed.read_text()
    # the next plain run repairs it: alpha runs again (parameters differ), beta is current
    code, out, err = _run(capfd)
    assert code == 0, err
    assert _record()["notebooks"]["figaa_alpha"] == "ran"


def test_a_scratch_notebook_is_ignored_with_a_note(sandbox, capfd):  # noqa: F811
    (paths.NOTEBOOKS_DIR / "Untitled.ipynb").write_text("{}")
    code, out, err = _run(capfd)
    assert code == 0
    assert ("note: notebooks/Untitled.ipynb is not a registered notebook; not run" in err)
    assert "Untitled" not in json.dumps(_record())


def test_only_runs_one_and_writes_no_ledger_while_others_are_stale(sandbox, capfd):  # noqa: F811
    code, out, err = _run(capfd, "--only", "figbb_beta")
    assert code == 0
    assert _record()["status"] == "incomplete"
    assert not any(p.exists() for p in _ledger())
    assert "figaa_alpha, tool_gamma" in err


def test_a_second_run_waits_for_the_first(sandbox, capsys):  # noqa: F811
    target = paths.BUILD_DIR / ".pipeline.lock"
    order = []
    with lock.exclusive(target):
        with pytest.raises(lock.LockError, match="another pipeline run .* is using this"):
            with lock.exclusive(target, wait=False):
                pass

        def second():
            with lock.exclusive(target):
                order.append("second")

        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.3)
        order.append("first done")
    waiter.join(5)
    assert order == ["first done", "second"]
    assert "waiting for it" in capsys.readouterr().err


def test_outputs_of_the_pipeline_honour_the_umask(sandbox, capfd):  # noqa: F811
    old = os.umask(0o022)
    try:
        assert _run(capfd)[0] == 0
    finally:
        os.umask(old)
    for f in (paths.BUILD_DIR / "run.json", paths.BUILD_DIR / "stamps" / "figaa_alpha.json"):
        assert f.stat().st_mode & 0o777 == 0o644
