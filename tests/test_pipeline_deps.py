"""What each registered notebook depends on: its module, its tables, nothing of other figures."""

from __future__ import annotations

import pytest

from carbonlib.machinery import deps, notebooks, paths
from carbonlib.paper import registry


@pytest.mark.parametrize("stem", registry.STEMS)
def test_a_figure_depends_on_its_module_and_tables_and_no_other_figure(stem):
    found = set(deps.inputs(paths.NOTEBOOKS_DIR / f"{stem}.ipynb"))
    module = deps.SOURCE_ROOT / "carbonlib" / "paper" / "figures" / f"{stem[:5]}.py"
    assert module in found
    spec = getattr(registry.module(stem), "SPEC", None)
    if spec is not None:  # every table the figure declares is an input
        assert {paths.DATA_DIR / f"{t}.csv" for t in spec.tables} <= found
    others = {p for p in found if p.parent == module.parent and p.stem.startswith("fig")}
    assert others == {module}, "touching one figure module must rebuild only that figure"
    assert paths.NOTEBOOKS_DIR / f"{stem}.ipynb" in found


def test_registered_notebooks_are_the_figures_then_the_tools():
    stems = [p.stem for p in notebooks.registered()]
    assert stems == [*registry.STEMS, *notebooks.TOOL_STEMS]
    assert all(p.is_file() for p in notebooks.registered())


def test_type_checking_imports_are_not_dependencies(tmp_path):
    tree_imports = deps.code_closure(["carbonlib"])
    assert deps.SOURCE_ROOT / "carbonlib" / "paper" / "report.py" not in tree_imports
