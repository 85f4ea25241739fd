"""Every number a notebook plots comes from data/ through the loader: outside the parameters
cell, notebook code holds no numeric literals beyond 0 and 1 (indexing, flags)."""

from __future__ import annotations

import ast

import nbformat
import pytest

from carbonlib.machinery import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))


def _literals(source: str) -> list[tuple[int, object]]:
    tree = ast.parse(source)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, int | float)
            and not isinstance(node.value, bool) and node.value not in (0, 1)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_numeric_literals_outside_parameters(path):
    nb = nbformat.read(path, as_version=4)
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        source = "\n".join(ln for ln in cell.source.splitlines()
                           if not ln.lstrip().startswith(("%", "!")))
        found += [f"cell {i} line {ln}: {val!r}" for ln, val in _literals(source)]
    assert not found, "numbers belong in data/ or the parameters cell: " + "; ".join(found)
