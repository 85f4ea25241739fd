"""The layers of carbonlib, read from the imports: the methodology imports nothing else of it."""

from __future__ import annotations

import ast

import pytest

from carbonlib.machinery import paths

PACKAGE = paths.ROOT / "carbonlib"
#: Layer -> the carbonlib layers it may import (besides itself).
ALLOWED: dict[str, set[str]] = {
    "methodology": set(),
    "data": {"methodology", "machinery"},
    "paper": {"methodology", "data", "machinery"},
    "tools": {"methodology", "data", "machinery", "paper"},  # defaults: the paper's assumptions
}


def _carbonlib_imports(path) -> set[str]:
    """Second component of every ``carbonlib.X`` module imported by ``path`` (``X``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "carbonlib":
                names = [f"carbonlib.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "carbonlib" and len(parts) > 1:
                found.add(parts[1])
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import; use absolute carbonlib.<layer> imports")
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_the_layers_below(layer):
    offenders = []
    for module in sorted((PACKAGE / layer).rglob("*.py")):
        for imported in _carbonlib_imports(module) - {layer} - ALLOWED[layer]:
            offenders.append(f"{module.relative_to(paths.ROOT)} imports carbonlib.{imported}")
    assert not offenders, "\n".join(offenders)


def test_every_module_sits_in_a_layer():
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py",
                                                                          "__main__.py"))
    assert loose == [], f"modules outside the layer folders: {loose}"
