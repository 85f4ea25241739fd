"""Rebuild the registered notebooks that are stale, then the claims ledger and the report.

Usage (the Makefile calls this; users normally run ``make reproduce`` or ``make fig07``)::

    python -m carbonlib.machinery.pipeline reproduce                  # what changed, + report
    python -m carbonlib.machinery.pipeline reproduce -p cfe_share 0.5
    python -m carbonlib.machinery.pipeline reproduce -f my_assumptions.yaml
    python -m carbonlib.machinery.pipeline reproduce --only fig07_lm_chain --force
    python -m carbonlib.machinery.pipeline check -p pue 1.5           # validate only
    python -m carbonlib.machinery.pipeline run path/to/any.ipynb      # execute, no stamps

``run`` writes into ``build/run/`` (or ``$CARBONLIB_OUTPUT_DIR``), never into ``figures/``:
only ``reproduce`` publishes there, with stamps.

``reproduce`` runs the notebooks listed in :mod:`carbonlib.machinery.notebooks` (a scratch
notebook in ``notebooks/`` is ignored with a note). A notebook runs again only when it, the
carbonlib code it imports, its data or its parameters changed since its last success
(:mod:`carbonlib.machinery.deps`). Stale notebooks run from this one process on a pool of
kernels, one per core (:mod:`carbonlib.machinery.runner`).

Overrides (``-p NAME VALUE``, ``-f FILE``) are typed and checked as
:mod:`carbonlib.machinery.parameters` documents; each applies to every notebook declaring it.

Nothing stale is presented as fresh: when there is work to do, ``build/claims.csv`` and
``build/report/`` are removed first and ``build/run.json`` says ``running``; every stale
notebook's old outputs are removed before the pool starts; a notebook that fails (even after
saving its figure) loses its outputs; the ledger and report are written, and the run marked
``succeeded``, only when every notebook succeeded. One run per checkout at a time
(:mod:`carbonlib.machinery.lock`). Exit status: 0 success, 1 a notebook or the report failed,
2 a user error (one line on stderr naming the file, parameter or limit).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from carbonlib.machinery import deps, lock, notebooks, parameters, paths, runrecord
from carbonlib.machinery.parameters import ParameterError
from carbonlib.machinery.report_prep import ReportPreparation

__all__ = ["main", "reproduce", "ParameterError", "declared_parameters", "validate_parameters",
           "run_notebooks"]


class UserError(Exception):
    """A problem the user can fix; shown as one line, exit 2."""


def declared_parameters(notebook: Path) -> dict[str, dict[str, Any]]:
    """Parameters declared in ``notebook``'s ``parameters`` cell, shaped as papermill's
    ``inspect_notebook`` gives them: name -> {"name", "inferred_type_name", "default", "help"},
    with the default as written in the cell."""
    return {name: {"name": name, "inferred_type_name": d.type, "default": d.source,
                   "help": d.comment}
            for name, d in parameters.declared_parameters(notebook).items()}


def validate_parameters(nbs: list[Path], overrides: dict[str, Any]
                        ) -> dict[Path, dict[str, Any]]:
    """Per notebook, the parameters to inject (see :func:`parameters.plan`)."""
    return parameters.plan(nbs, overrides)


def _note_scratch() -> None:
    for nb in notebooks.unregistered():
        print(f"note: {nb.relative_to(paths.ROOT)} is not a registered notebook; not run "
              "(register it in carbonlib/machinery/notebooks.py)", file=sys.stderr)


def _shown(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in params.items() if k != parameters.STRICT) \
        or "paper defaults"


def _remove(files: list[Path]) -> None:
    for f in files:
        f.unlink(missing_ok=True)


def _report_current(record: dict[str, Any] | None, figures_dir: Path, claims_dir: Path) -> bool:
    """True when the last run succeeded and its ledger and report are newer than their inputs."""
    ledger, report = paths.BUILD_DIR / "claims.csv", paths.BUILD_DIR / "report" / "index.html"
    if not record or record.get("status") != "succeeded" or not (ledger.exists()
                                                                  and report.exists()):
        return False
    made = min(ledger.stat().st_mtime, report.stat().st_mtime)
    sources = [*figures_dir.glob("*.png"), *claims_dir.glob("*.csv"),
               *deps.code_closure(["carbonlib.paper.report"]), paths.DATA_DIR / "claims.csv"]
    return all(p.stat().st_mtime <= made for p in sources if p.exists())


def _write_report(prepared: Any = None) -> str | None:
    """Write the ledger and report in this process; None on success, else why not.

    ``prepared`` is what :class:`~carbonlib.machinery.report_prep.ReportPreparation` made
    while the notebooks ran.
    """
    try:
        from carbonlib.paper import report

        code = report.main([], prepared=prepared)
    except Exception as exc:  # noqa: BLE001 - any failure means: no report claiming success
        return f"{type(exc).__name__}: {exc}"
    return None if code == 0 else f"exit status {code}"


def reproduce(overrides: dict[str, Any], *, only: list[str] | None = None, force: bool = False,
              workers: int | None = None) -> int:
    """Rebuild what is stale, then the ledger and report; return the exit status."""
    nbs = notebooks.registered()
    known = {nb.stem: nb for nb in nbs}
    unknown = [s for s in only or [] if s not in known]
    if unknown:
        raise UserError(f"--only {unknown[0]}: not a registered notebook; allowed: "
                        + ", ".join(known))
    selected = [known[s] for s in only] if only else nbs
    missing = [nb for nb in nbs if not nb.is_file()]
    if missing:
        raise UserError(f"{missing[0].relative_to(paths.ROOT)}: registered but missing")
    plan = parameters.plan(nbs, overrides)
    _note_scratch()
    os.environ[paths.PUBLISH_ENV] = "1"  # the kernels inherit it: publish, not scratch
    figures_dir, claims_dir = paths.output_dirs()
    with lock.exclusive(paths.BUILD_DIR / ".pipeline.lock"):
        previous = runrecord.read()
        forced = set(selected) if force else set()
        reasons = {nb: "forced" if nb in forced else deps.stale_reason(nb, p, figures_dir,
                                                                        claims_dir)
                   for nb, p in plan.items()}
        stale = [nb for nb in selected if reasons[nb]]
        left = [nb for nb in nbs if reasons[nb] and nb not in stale]  # stale, not asked for
        if not stale and not left and _report_current(previous, figures_dir, claims_dir) and (
                previous or {}).get("parameters") == runrecord_params(overrides):
            print(f"up to date: run {previous['run_id']} is current; nothing to do")
            return 0
        run_id = runrecord.new_run_id()
        os.environ[paths.RUN_ID_ENV] = run_id
        runrecord.withdraw_ledger()
        status = {nb.stem: "not run" if reasons[nb] else "current" for nb in plan}
        record = runrecord.write({"run_id": run_id, "status": "running",
                                  "parameters": runrecord_params(overrides),
                                  "notebooks": status})
        # how long each took last time (read before the stamps go), to balance the kernels
        last_seconds = _estimates([deps.read_stamp(nb.stem) for nb in stale], stale)
        for nb in stale:  # nothing old may look current, even if the run stops early
            _remove(deps.all_outputs(nb.stem, figures_dir, claims_dir))
            deps.remove_stamp(nb.stem)
        for nb in plan:
            if not reasons[nb]:
                for table in deps.tables_of(nb.stem, claims_dir):
                    if table.exists():
                        runrecord.adopt_claims(table, run_id)
        prep = ReportPreparation(figures_dir)
        ok = _run_stale(stale, plan, reasons, record, figures_dir, claims_dir, workers,
                        last_seconds, prep)
        prepared = prep.finish()
        if not ok:
            runrecord.write(record, status="failed")
            print(f"run {run_id} failed: no claims ledger or report written "
                  "(build/run.json lists each notebook's status)", file=sys.stderr)
            return 1
        if left:
            runrecord.write(record, status="incomplete")
            print(f"ran {len(stale)} notebook(s); {len(left)} other(s) are stale and were not "
                  f"run ({', '.join(nb.stem for nb in left)}): no claims ledger or report "
                  "written; run `make reproduce` for those", file=sys.stderr)
            return 0
        why = _write_report(prepared)
        if why is not None:
            runrecord.withdraw_ledger()
            runrecord.write(record, status="failed")
            print(f"the report failed ({why}); run {run_id} marked failed", file=sys.stderr)
            return 1
        runrecord.write(record, status="succeeded")
        print(f"run {run_id} succeeded: {len(stale)} notebook(s) ran, "
              f"{len(plan) - len(stale)} current")
    return 0


def _estimates(stamps: list[deps.Stamp | None], nbs: list[Path]) -> dict[Path, float]:
    """Each notebook's expected duration: its kernel's CPU time last run when every stamp has
    one (the same alone or beside other kernels), else the wall times; 0 when never run."""
    use_cpu = all(st is not None and st.cpu_seconds is not None for st in stamps)
    return {nb: 0.0 if st is None else (st.cpu_seconds if use_cpu else st.seconds) or 0.0
            for nb, st in zip(nbs, stamps, strict=True)}


def runrecord_params(overrides: dict[str, Any]) -> dict[str, Any]:
    """Overrides as recorded in ``build/run.json`` (non-finite floats as text)."""
    return deps._jsonable(overrides)


def _run_stale(stale: list[Path], plan: dict[Path, dict[str, Any]], reasons: dict[Path, Any],
               record: dict[str, Any], figures_dir: Path, claims_dir: Path,
               workers: int | None, last_seconds: dict[Path, float] | None = None,
               prep: ReportPreparation | None = None) -> bool:
    if not stale:
        return True
    from carbonlib.machinery import runner

    last_seconds = last_seconds or {}
    # the runner shares them between its kernels by these estimates, longest first
    jobs = [runner.Job(nb, plan[nb], last_seconds.get(nb, 0.0)) for nb in stale]
    for job in jobs:
        print(f"[{job.notebook.stem}] running ({reasons[job.notebook]}; "
              f"{_shown(job.parameters)})", flush=True)
    failures = 0

    def done(outcome: runner.Outcome) -> None:
        nonlocal failures
        stem = outcome.job.notebook.stem
        error = outcome.error or _missing_output(stem, figures_dir, claims_dir)
        if error is None:
            deps.write_stamp(stem, outcome.job.parameters, figures_dir, claims_dir,
                             outcome.started, outcome.seconds, outcome.cpu_seconds)
            record["notebooks"][stem] = "ran"
            print(f"[{stem}] done in {outcome.seconds:.1f} s", flush=True)
            if prep is not None:
                prep.notebook_done(stem)
        else:
            failures += 1
            _remove(deps.all_outputs(stem, figures_dir, claims_dir))
            record["notebooks"][stem] = "failed"
            print(f"[{stem}] FAILED: {error}\n  the executed notebook with the traceback is in "
                  f"{outcome.executed.relative_to(paths.ROOT)}", file=sys.stderr, flush=True)
        runrecord.write(record)

    try:
        runner.run_all(jobs, workers=workers, done=done)
    except KeyboardInterrupt:
        for nb in stale:
            if record["notebooks"][nb.stem] != "ran":
                _remove(deps.all_outputs(nb.stem, figures_dir, claims_dir))
        runrecord.write(record, status="interrupted")
        raise
    return failures == 0


def _missing_output(stem: str, figures_dir: Path, claims_dir: Path) -> str | None:
    """Why a notebook that ran without error still failed: the first of its
    :func:`deps.outputs` it did not write; None when it wrote them all."""
    for path in deps.outputs(stem, figures_dir, claims_dir):
        if not path.exists():
            shown = path.relative_to(paths.ROOT) if path.is_relative_to(paths.ROOT) else path
            return f"ran but did not write {shown}"
    return None


#: Where ``run`` writes when ``CARBONLIB_OUTPUT_DIR`` is not set.
RUN_OUTPUT_DIR: Path = paths.BUILD_DIR / "run"


def run_notebooks(plan: dict[Path, dict[str, Any]], workers: int | None = None) -> int:
    """Execute ``plan``'s notebooks now on the kernel pool, without stamps, into
    ``$CARBONLIB_OUTPUT_DIR`` (default :data:`RUN_OUTPUT_DIR`; never the published
    ``figures/``); print one line per notebook; return 0, or 1 when one failed (its outputs
    are then removed)."""
    from carbonlib.machinery import runner

    os.environ[paths.PUBLISH_ENV] = "1"
    os.environ.setdefault(paths.OUTPUT_DIR_ENV, str(RUN_OUTPUT_DIR))
    figures_dir, claims_dir = paths.output_dirs()
    failures = 0

    def done(outcome: runner.Outcome) -> None:
        nonlocal failures
        nb = outcome.job.notebook
        error = outcome.error or _missing_output(nb.stem, figures_dir, claims_dir)
        if error is None:
            print(f"[{nb.stem}] done in {outcome.seconds:.1f} s: {figures_dir}", flush=True)
            return
        failures += 1
        _remove(deps.all_outputs(nb.stem, figures_dir, claims_dir))
        print(f"[{nb.stem}] FAILED: {nb}: {error}\n  the executed notebook with the traceback "
              f"is in {outcome.executed}", file=sys.stderr, flush=True)

    for nb, params in plan.items():
        _remove(deps.all_outputs(nb.stem, figures_dir, claims_dir))
        print(f"[{nb.stem}] running ({_shown(params)})", flush=True)
    # balanced between the kernels by how long each took in the last published run, if any
    estimates = _estimates([deps.read_stamp(nb.stem) for nb in plan], list(plan))
    runner.run_all([runner.Job(nb, params, estimates[nb]) for nb, params in plan.items()],
                   workers=workers, done=done)
    return 1 if failures else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m carbonlib.machinery.pipeline",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["reproduce", "check", "run"])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="for run: the notebooks to execute (default for check: the "
                             "registered ones)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"), help="override a parameter (typed as "
                        "carbonlib.machinery.parameters documents)")
    parser.add_argument("-f", "--parameters-file", help="YAML file of parameter overrides")
    parser.add_argument("--only", action="append", metavar="STEM",
                        help="reproduce: only this registered notebook (repeatable)")
    parser.add_argument("--force", action="store_true", help="reproduce: run even if current")
    parser.add_argument("-j", "--jobs", type=int, default=None,
                        help="kernels at once (default: one per core)")
    return parser


def _main(args: argparse.Namespace) -> int:
    overrides = parameters.collect(args.parameter, args.parameters_file)
    if args.command == "reproduce":
        return reproduce(overrides, only=args.only, force=args.force, workers=args.jobs)
    nbs = args.notebooks or notebooks.registered()
    for nb in nbs:
        if not nb.is_file():
            raise UserError(f"{nb}: no such notebook")
    plan = parameters.plan(nbs, overrides)
    if args.command == "check":
        return 0
    return run_notebooks(plan, workers=args.jobs)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    args = _parser().parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        print(f"error: --jobs {args.jobs}: must be at least 1", file=sys.stderr)
        return 2
    try:
        return _main(args)
    except (ParameterError, UserError, lock.LockError) as exc:
        print(f"error: {exc}", file=sys.stderr)
    except MemoryError:
        print("error: out of memory; lower the sizes given (e.g. n_draws) and retry",
              file=sys.stderr)
    except OSError as exc:
        where = exc.filename or "a file"
        print(f"error: {where}: {exc.strerror or exc} (is the checkout writable?)",
              file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
