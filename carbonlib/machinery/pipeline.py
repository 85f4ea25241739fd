"""Execute the figure notebooks headlessly with papermill, with validated parameters.

Usage (the Makefile calls this; users normally run ``make reproduce`` or ``make fig07``)::

    python -m carbonlib.machinery.pipeline check notebooks/*.ipynb -p pue 1.5
    python -m carbonlib.machinery.pipeline run notebooks/fig07_lm_chain.ipynb -p pue 1.5
    python -m carbonlib.machinery.pipeline run notebooks/fig07_lm_chain.ipynb -f my_assumptions.yaml

papermill only warns about a parameter the notebook does not declare and exits 0; here an unknown
name or a value of the wrong type stops the run with a message naming the notebook, the parameter
and the allowed names. Before a notebook runs, its figures and claim table from earlier runs are
removed, so a failed run never leaves an old figure looking current; the executed notebook, with
any traceback, stays in ``build/executed/``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from carbonlib.machinery import paths

__all__ = ["ParameterError", "declared_parameters", "validate_parameters", "run_notebook"]

#: Parameter every notebook declares: stop when a claim's verdict changes. Turned off
#: automatically when the user overrides an assumption, since other verdicts are then expected.
STRICT = "strict"


class ParameterError(ValueError):
    """A parameter override names no declared parameter or has the wrong type."""


def declared_parameters(notebook: Path) -> dict[str, dict[str, Any]]:
    """Parameters declared in ``notebook``'s cell tagged ``parameters`` (papermill's inference)."""
    import papermill

    return papermill.inspect_notebook(str(notebook))


_TYPES: dict[str, tuple[type, ...]] = {
    "float": (int, float),
    "int": (int,),
    "bool": (bool,),
    "str": (str,),
    "list": (list,),
    "dict": (dict,),
}


def _expected_type(spec: dict[str, Any]) -> str:
    """The declared type: the annotation, else the type of the literal default."""
    import ast

    declared = spec.get("inferred_type_name", "None")
    if declared not in ("None", "", None):
        return declared.replace("Optional[", "").rstrip("]") if declared.startswith(
            "Optional[") else declared
    try:
        return type(ast.literal_eval(spec.get("default", ""))).__name__
    except (ValueError, SyntaxError):
        return "None"


def _type_ok(expected: str, value: Any) -> bool:
    if "|" in expected:  # a union such as "float | None"
        return any(_type_ok(part.strip(), value) for part in expected.split("|"))
    if expected == "None":
        return value is None
    allowed = _TYPES.get(expected)
    if allowed is None:  # an annotation this check does not know: accept
        return True
    if isinstance(value, bool) and expected != "bool":
        return False
    return isinstance(value, allowed)


def validate_parameters(
    notebooks: list[Path], overrides: dict[str, Any], *, skip_undeclared: bool = False
) -> dict[Path, dict[str, Any]]:
    """Check ``overrides`` against the notebooks' declared parameters.

    Parameters
    ----------
    notebooks : list of Path
        Notebooks of the run.
    overrides : dict
        Parameter name to value.
    skip_undeclared : bool
        When True, a name is passed only to the notebooks that declare it, and it is an error
        only if no notebook declares it. When False, every notebook must declare every name.

    Returns
    -------
    dict
        Per notebook, the parameters to pass to papermill.

    Raises
    ------
    ParameterError
        Naming the notebook, the parameter and the allowed names or type.
    """
    declared = {nb: declared_parameters(nb) for nb in notebooks}
    for name, value in overrides.items():
        owners = [nb for nb in notebooks if name in declared[nb]]
        if not owners and len(notebooks) > 1:
            allowed = ", ".join(sorted(set().union(*declared.values())))
            raise ParameterError(
                f"unknown parameter {name!r}: none of the {len(notebooks)} notebooks declares "
                f"it; allowed names: {allowed}"
            )
        if not owners or (not skip_undeclared and len(owners) < len(notebooks)):
            nb = next(nb for nb in notebooks if name not in declared[nb])
            allowed = ", ".join(sorted(declared[nb])) or "(none)"
            raise ParameterError(
                f"{nb.name}: unknown parameter {name!r}; allowed names: {allowed}"
            )
        for nb in owners:
            expected = _expected_type(declared[nb][name])
            if not _type_ok(expected, value):
                raise ParameterError(
                    f"{nb.name}: parameter {name!r} expects {expected}, got "
                    f"{type(value).__name__} {value!r}"
                )
    per_notebook = {}
    for nb in notebooks:
        params = {k: v for k, v in overrides.items() if k in declared[nb]}
        if STRICT in declared[nb] and STRICT not in overrides:
            # strict with the paper's assumptions; with overrides other verdicts are expected
            params[STRICT] = not params
        per_notebook[nb] = params
    return per_notebook


def _outputs_of(notebook: Path) -> list[Path]:
    stem = notebook.stem
    return [paths.FIGURES_DIR / f"{stem}.png", paths.FIGURES_DIR / f"{stem}.svg",
            paths.CLAIMS_BUILD_DIR / f"{stem}.csv"]


def run_notebook(notebook: Path, parameters: dict[str, Any]) -> Path:
    """Execute one notebook into ``build/executed/``; raise RuntimeError naming it on failure."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    for stale in _outputs_of(notebook):
        stale.unlink(missing_ok=True)
    out = paths.BUILD_DIR / "executed" / notebook.name
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(notebook), str(out), parameters=parameters, kernel_name="python3",
            progress_bar=False, cwd=str(paths.ROOT), log_output=False,
            # the kernel's start-up warnings (e.g. about its loopback TCP transport) are noise here
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except PapermillExecutionError as exc:
        raise RuntimeError(
            f"{notebook}: cell {exc.exec_count} raised {exc.ename}: {exc.evalue}\n"
            f"  the executed notebook with the traceback is in {out}"
        ) from None
    png = paths.FIGURES_DIR / f"{notebook.stem}.png"
    if not png.exists():
        raise RuntimeError(f"{notebook}: ran but did not write {png}")
    return out


def _parse_overrides(pairs: list[list[str]], yaml_file: str | None) -> dict[str, Any]:
    import yaml

    overrides: dict[str, Any] = {}
    if yaml_file:
        loaded = yaml.safe_load(Path(yaml_file).read_text()) or {}
        if not isinstance(loaded, dict):
            raise ParameterError(f"{yaml_file}: expected a mapping of parameter names to values")
        overrides.update(loaded)
    for name, raw in pairs:
        overrides[name] = yaml.safe_load(raw)
    return overrides


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m carbonlib.machinery.pipeline",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["check", "run"])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"), help="override a parameter (YAML-typed value)")
    parser.add_argument("-f", "--parameters-file", help="YAML file of parameter overrides")
    parser.add_argument("--skip-undeclared", action="store_true",
                        help="pass each override only to the notebooks that declare it")
    args = parser.parse_args(argv)
    try:
        overrides = _parse_overrides(args.parameter, args.parameters_file)
        plan = validate_parameters(args.notebooks, overrides,
                                   skip_undeclared=args.skip_undeclared or args.command == "check")
    except (ParameterError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "check":
        return 0
    # The kernels inherit this: publish to figures/ and build/claims/ (not build/scratch/).
    os.environ[paths.PUBLISH_ENV] = "1"
    for nb, params in plan.items():
        shown = ", ".join(f"{k}={v!r}" for k, v in params.items()) or "paper defaults"
        print(f"[{nb.stem}] running ({shown})", flush=True)
        start = time.perf_counter()
        try:
            run_notebook(nb, params)
        except RuntimeError as exc:
            print(f"[{nb.stem}] FAILED: {exc}", file=sys.stderr, flush=True)
            return 1
        print(f"[{nb.stem}] done in {time.perf_counter() - start:.1f} s -> "
              f"figures/{nb.stem}.png, .svg", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
