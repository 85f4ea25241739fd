"""Committed notebooks: no outputs or volatile metadata, python3 kernelspec, cell ids,
a first code cell tagged ``parameters`` with a comment on every assignment.

What is checked is what git commits: the notebook as staged in the index (``git show :path``, which
the nbstripout clean filter of ``.gitattributes`` has stripped), not the working copy, which
JupyterLab may have saved with outputs. Outside a git checkout the files themselves are checked.
"""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import nbformat
import pytest

from carbonlib.machinery import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
VOLATILE_NB_KEYS = {"papermill", "widgets", "execution"}
VOLATILE_CELL_KEYS = {"execution", "papermill", "collapsed", "scrolled", "ExecuteTime"}


def committed_text(path: Path) -> str:
    """``path`` as git would commit it: its staged blob, else (no git, untracked) the file."""
    rel = path.resolve().relative_to(paths.ROOT.resolve()).as_posix()
    try:
        out = subprocess.run(["git", "show", f":{rel}"], cwd=paths.ROOT, capture_output=True,
                             text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return path.read_text(encoding="utf-8")
    return out.stdout


def hygiene_problems(nb: nbformat.NotebookNode) -> list[str]:
    """What keeps ``nb`` from being committed: outputs, volatile metadata, ids, kernelspec."""
    problems = []
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        problems.append(f"invalid notebook: {exc.message}")
    if nb.metadata.get("kernelspec", {}).get("name") != "python3":
        problems.append("needs the python3 kernelspec")
    volatile = sorted(VOLATILE_NB_KEYS & set(nb.metadata))
    if volatile:
        problems.append(f"volatile notebook metadata: {volatile}")
    ids = [c.get("id") for c in nb.cells]
    if not (all(ids) and len(set(ids)) == len(ids)):
        problems.append("every cell needs a unique id")
    for i, cell in enumerate(nb.cells):
        if VOLATILE_CELL_KEYS & set(cell.metadata):
            problems.append(f"cell {i}: volatile metadata {sorted(cell.metadata)}")
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            problems.append(f"cell {i}: strip outputs (make env sets up the git filter that does)")
    return problems


def test_there_are_notebooks():
    assert any(nb.name.startswith("fig07_") for nb in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_clean(path):
    nb = nbformat.reads(committed_text(path), as_version=4)
    assert hygiene_problems(nb) == []


def test_hygiene_check_catches_outputs():
    """The check above can fail: a notebook with an output and volatile metadata is caught."""
    nb = nbformat.reads(committed_text(NOTEBOOKS[0]), as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", text="hello\n")]
    code.execution_count = 1
    nb.metadata["widgets"] = {}
    problems = hygiene_problems(nb)
    assert any("strip outputs" in p for p in problems)
    assert any("volatile notebook metadata" in p for p in problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_is_parameters(path):
    nb = nbformat.reads(committed_text(path), as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "parameters" in first.metadata.get("tags", []), "first code cell must be tagged"
    tree = ast.parse(first.source)
    lines = first.source.splitlines()
    assigned = [n for n in tree.body if isinstance(n, ast.Assign | ast.AnnAssign)]
    assert assigned, "parameters cell declares nothing"
    untyped = [n.lineno for n in assigned if not isinstance(n, ast.AnnAssign)]
    assert not untyped, f"parameters need a type annotation (lines {untyped})"
    for node in assigned:
        assert "#" in lines[node.lineno - 1], f"parameter on line {node.lineno} needs a comment"
    names = {n.target.id for n in assigned}
    assert "strict" in names, "every notebook declares `strict`"
    from carbonlib.machinery.pipeline import declared_parameters

    seen = set(declared_parameters(path))
    assert seen == names, (f"papermill cannot read parameters {sorted(names - seen)} "
                           "(its parser rejects e.g. '=' or '>=' inside the comment)")


MAX_CODE_LINES_AFTER_PARAMETERS = 12


def code_lines_after_parameters(nb: nbformat.NotebookNode) -> int:
    """Non-blank, non-comment source lines in the code cells after the parameters cell."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    after = code[1:] if code and "parameters" in code[0].metadata.get("tags", []) else code
    return sum(1 for cell in after for line in cell.source.splitlines()
               if line.strip() and not line.strip().startswith("#"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_code_is_short(path):
    """The work lives in carbonlib; a notebook reads as a document with a few calls in it."""
    nb = nbformat.reads(committed_text(path), as_version=4)
    n = code_lines_after_parameters(nb)
    assert n <= MAX_CODE_LINES_AFTER_PARAMETERS, (
        f"{path.name}: {n} code lines after the parameters cell "
        f"(at most {MAX_CODE_LINES_AFTER_PARAMETERS}); move the logic into carbonlib")


def test_code_line_count_can_fail():
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("x: int = 1  # a parameter")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("a = 1\n\n# comment\nb = 2"),
                nbformat.v4.new_code_cell("\n".join(f"c{i} = {i}" for i in range(11)))]
    assert code_lines_after_parameters(nb) == 13
