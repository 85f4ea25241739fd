"""What a notebook depends on, and whether its outputs are older than that (the stamps).

A notebook's inputs are

- the notebook itself;
- every ``carbonlib`` module it imports, transitively (``ast`` over its code cells, then over
  each module; imports under ``if TYPE_CHECKING:`` are not executed and are skipped), with the
  ``__init__.py`` of every package on the way;
- every ``data/*.csv`` table named by a string in those modules (this covers the figure's
  ``SPEC.tables`` and tables a shared module such as the paper's assumptions reads), and
  ``data/claims.csv`` for every notebook;
- ``requirements.lock`` (the pinned environment).

After a notebook succeeds the pipeline writes ``build/stamps/<stem>.json`` with its parameters,
where it published and the SHA-256 of every file it published, and sets the stamp's time to
when the run *started*. The notebook is stale when the stamp is missing, an input is newer than
the stamp (as in make), the parameters or the output folders differ, or an output is missing or
no longer the file that run wrote (overwritten by another tool or by hand).
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carbonlib.machinery import paths, runrecord

__all__ = ["imports_of_notebook", "code_closure", "inputs", "outputs", "all_outputs", "published",
           "Stamp", "stale_reason", "write_stamp", "remove_stamp"]

PACKAGE = "carbonlib"
#: Folder holding the ``carbonlib`` package's source (the checkout, or site-packages).
SOURCE_ROOT: Path = Path(__file__).resolve().parents[2]


def _code_cells(notebook: Path) -> list[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cells = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            src = cell.get("source", "")
            src = "".join(src) if isinstance(src, list) else src
            # IPython magics and shell escapes are not Python
            cells.append("\n".join("" if ln.lstrip().startswith(("%", "!")) else ln
                                   for ln in src.splitlines()))
    return cells


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, current: str, is_package: bool) -> set[str]:
    """Dotted names imported anywhere in ``tree`` (``current`` resolves relative imports)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = current.split(".")
                keep = len(parts) - node.level + (1 if is_package else 0)
                base = ".".join(parts[:keep] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {name for name in found if name == PACKAGE or name.startswith(PACKAGE + ".")}


def imports_of_notebook(notebook: Path) -> set[str]:
    """The ``carbonlib`` modules (and names) imported by ``notebook``'s code cells."""
    found: set[str] = set()
    for src in _code_cells(notebook):
        try:
            found |= _imports(ast.parse(src), "", False)
        except SyntaxError:
            continue  # the kernel will report it when the notebook runs
    return found


@functools.cache
def _scan(path: Path, mtime_ns: int) -> tuple[frozenset[str], frozenset[str]]:
    """Imports and string constants of one module, parsed once per version of the file."""
    parts = path.relative_to(SOURCE_ROOT).with_suffix("").parts
    name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    strings = {node.value for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    strings |= {Path(s).stem for s in strings if s.endswith(".csv")}
    return frozenset(_imports(tree, name, path.name == "__init__.py")), frozenset(strings)


def _module_file(name: str) -> Path | None:
    base = SOURCE_ROOT.joinpath(*name.split("."))
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None  # a name imported from a module, not a module


def code_closure(modules: Iterable[str]) -> set[Path]:
    """Source files of ``modules`` and everything in ``carbonlib`` they import, transitively."""
    todo = list(modules)
    seen: set[str] = set()
    files: set[Path] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))  # parent packages run too
        path = _module_file(name)
        if path is None or path in files:
            continue
        files.add(path)
        todo.extend(_scan(path, path.stat().st_mtime_ns)[0])
    return files


def _strings(path: Path) -> frozenset[str]:
    """String constants in a module, and the stem of each that names a ``.csv`` file."""
    return _scan(path, path.stat().st_mtime_ns)[1]


def _tables_named(files: Iterable[Path]) -> set[Path]:
    tables = {p.stem: p for p in paths.DATA_DIR.glob("*.csv")}
    return {tables[s] for path in files for s in _strings(path) if s in tables}


def inputs(notebook: Path) -> list[Path]:
    """Every file whose change makes ``notebook``'s outputs stale, sorted."""
    code = code_closure(imports_of_notebook(notebook))
    tables = _tables_named(code) | {paths.DATA_DIR / "claims.csv"}
    schemas = SOURCE_ROOT / PACKAGE / "data" / "schemas"
    if schemas / "__init__.py" in code:
        # the schema package finds its modules at run time: a schema module is an input when
        # it names one of the notebook's tables
        names = {t.stem for t in tables}
        found_schemas = [p for p in schemas.glob("*.py") if names & _strings(p)]
        code |= code_closure(f"{PACKAGE}.data.schemas.{p.stem}" for p in found_schemas)
    found = {notebook, *code, *tables, SOURCE_ROOT / "requirements.lock"}
    return sorted(p for p in found if p.exists())


def outputs(stem: str, figures_dir: Path, claims_dir: Path) -> list[Path]:
    """What a successful run of notebook ``stem`` must leave: the executed notebook and, for a
    paper figure, its PNG, SVG and claim table (a tool notebook publishes no figure)."""
    from carbonlib.machinery import notebooks

    executed = [paths.executed_dir() / f"{stem}.ipynb"]
    if stem not in notebooks.figure_stems():
        return executed
    return [*executed, figures_dir / f"{stem}.png", figures_dir / f"{stem}.svg",
            claims_dir / f"{stem}.csv"]


def tables_of(stem: str, claims_dir: Path) -> list[Path]:
    """The tables ``stem`` published: its claims ``<stem>.csv`` and any ``<stem>.<kind>.csv``
    (agreement scores, the then-and-now conclusions)."""
    found = [claims_dir / f"{stem}.csv", claims_dir / f"{stem}.agreement.csv",
             *sorted(claims_dir.glob(f"{stem}.*.csv"))]
    return list(dict.fromkeys(found))


def all_outputs(stem: str, figures_dir: Path, claims_dir: Path) -> list[Path]:
    """Everything ``stem`` publishes (what a failure removes; the executed notebook, with its
    traceback, stays in ``build/executed/``): its figure, extra figures ``<stem>_<part>``, and
    its tables."""
    extra = [p for p in sorted(figures_dir.glob(f"{stem}_*")) if p.suffix in (".png", ".svg")]
    return [figures_dir / f"{stem}.png", figures_dir / f"{stem}.svg", *extra,
            *tables_of(stem, claims_dir)]


def published(stem: str, figures_dir: Path, claims_dir: Path) -> list[Path]:
    """The files a successful run of ``stem`` left: its :func:`outputs` and whichever of its
    :func:`all_outputs` exist."""
    both = [*outputs(stem, figures_dir, claims_dir), *all_outputs(stem, figures_dir, claims_dir)]
    return [p for p in dict.fromkeys(both) if p.is_file()]


def _digest(path: Path) -> str:
    """SHA-256 of ``path``; of a table, without its ``run_id`` column (a later run that finds the
    notebook current adopts the table by rewriting that column only)."""
    if path.suffix == ".csv":
        return hashlib.sha256(runrecord.without_run_id(path)).hexdigest()
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


@dataclass(frozen=True)
class Stamp:
    """What the last successful run of a notebook recorded (``outputs``: path -> SHA-256 of
    each file it published; None in a stamp written before they were recorded)."""

    path: Path
    mtime: float
    parameters: dict[str, Any]
    figures_dir: str
    claims_dir: str
    seconds: float
    cpu_seconds: float | None = None
    outputs: dict[str, str] | None = None


def stamp_path(stem: str) -> Path:
    """``build/stamps/<stem>.json``."""
    return paths.BUILD_DIR / "stamps" / f"{stem}.json"


def read_stamp(stem: str) -> Stamp | None:
    """The stamp of ``stem``, or None when missing or unreadable."""
    path = stamp_path(stem)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        cpu = data.get("cpu_seconds")
        return Stamp(path, path.stat().st_mtime, data["parameters"], data["figures_dir"],
                     data["claims_dir"], float(data.get("seconds", 0.0)),
                     None if cpu is None else float(cpu), data.get("outputs"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def stale_reason(notebook: Path, parameters: dict[str, Any], figures_dir: Path,
                 claims_dir: Path) -> str | None:
    """Why ``notebook`` must run again, or None when its outputs are current."""
    stamp = read_stamp(notebook.stem)
    if stamp is None:
        return "never built"
    if stamp.parameters != _jsonable(parameters):
        return "parameters changed"
    if (stamp.figures_dir, stamp.claims_dir) != (str(figures_dir), str(claims_dir)):
        return "published elsewhere last time"
    if stamp.outputs is None:
        return "built before its outputs were recorded"
    for name, digest in stamp.outputs.items():
        path = Path(name)
        if not path.is_file():
            return f"{path.name} missing"
        if _digest(path) != digest:
            return f"{path.name} is not the file its last run wrote"
    newer = [p for p in inputs(notebook) if p.stat().st_mtime > stamp.mtime]
    if newer:
        return f"{_shown(newer[0])} changed"
    return None


def _shown(path: Path) -> str:
    for root in (paths.ROOT, SOURCE_ROOT):
        if path.is_relative_to(root):
            return str(path.relative_to(root))
    return str(path)


def _jsonable(parameters: dict[str, Any]) -> dict[str, Any]:
    # NaN survives json as NaN, and nan != nan: compare a canonical text form instead
    return json.loads(json.dumps(parameters, sort_keys=True, allow_nan=True).replace(
        "NaN", '"nan"').replace("-Infinity", '"-inf"').replace("Infinity", '"inf"'))


def write_stamp(stem: str, parameters: dict[str, Any], figures_dir: Path, claims_dir: Path,
                started: float, seconds: float, cpu_seconds: float | None = None) -> Path:
    """Record a successful run of ``stem`` that started at ``started`` (epoch seconds) and took
    ``seconds`` (wall) and ``cpu_seconds`` (its kernel's CPU time, when known), with the
    SHA-256 of every file it published (:func:`published`)."""
    path = stamp_path(stem)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    digests = {str(p): _digest(p) for p in published(stem, figures_dir, claims_dir)}
    tmp.write_text(json.dumps({"parameters": _jsonable(parameters),
                               "figures_dir": str(figures_dir), "claims_dir": str(claims_dir),
                               "outputs": digests, "seconds": round(seconds, 3),
                               "cpu_seconds": None if cpu_seconds is None
                               else round(cpu_seconds, 3)}, indent=1, sort_keys=True) + "\n",
                   encoding="utf-8")
    os.utime(tmp, (started, started))
    tmp.replace(path)
    return path


def remove_stamp(stem: str) -> None:
    """Forget that ``stem`` was ever built (its next run is forced)."""
    stamp_path(stem).unlink(missing_ok=True)
