"""Committed notebooks: no outputs or volatile metadata, python3 kernelspec, cell ids,
a first code cell tagged ``parameters`` with a comment on every assignment."""

from __future__ import annotations

import ast

import nbformat
import pytest

from carbonlib.machinery import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
VOLATILE_NB_KEYS = {"papermill", "widgets", "execution"}
VOLATILE_CELL_KEYS = {"execution", "papermill", "collapsed", "scrolled", "ExecuteTime"}


def test_there_are_notebooks():
    assert any(nb.name.startswith("fig07_") for nb in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", "python3 kernelspec"
    assert not VOLATILE_NB_KEYS & set(nb.metadata), f"volatile metadata: {set(nb.metadata)}"
    ids = [c.get("id") for c in nb.cells]
    assert all(ids) and len(set(ids)) == len(ids), "every cell needs a unique id"
    for cell in nb.cells:
        assert not VOLATILE_CELL_KEYS & set(cell.metadata), cell.metadata
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "strip outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_is_parameters(path):
    nb = nbformat.read(path, as_version=4)
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
