"""One contract for every registered figure: spec, typed result, determinism, verdict guard.

Figures not yet moved to the contract (no ``SPEC``) are skipped with a reason, so the list of
skips is the list of figures still to move.
"""

from __future__ import annotations

import dataclasses
import importlib

import pandas as pd
import pytest

from carbonlib.machinery import paths, plotting
from carbonlib.paper import claims, registry
from carbonlib.paper.contract import FigureResult, FigureSpec, publish


def _module(stem):
    module = registry.module(stem)
    if not hasattr(module, "SPEC"):
        pytest.skip(f"{stem}: not yet on the figure contract")
    return module


@pytest.fixture(scope="module")
def results():
    return {}


def _result(stem, results):
    if stem not in results:
        results[stem] = _module(stem).frame()
    return results[stem]


@pytest.mark.parametrize("stem", registry.STEMS)
def test_spec_names_the_notebook_and_existing_tables(stem):
    spec = _module(stem).SPEC
    assert isinstance(spec, FigureSpec)
    assert spec.stem == stem
    assert (paths.ROOT / spec.notebook).exists()
    for table in spec.tables:
        assert (paths.DATA_DIR / f"{table}.csv").exists(), f"{stem}: no data/{table}.csv"
    assert importlib.import_module(spec.module) is registry.module(stem)


@pytest.mark.parametrize("stem", registry.STEMS)
def test_frame_returns_a_typed_frozen_result(stem, results):
    result = _result(stem, results)
    assert isinstance(result, FigureResult)
    assert dataclasses.is_dataclass(result)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.params = {}
    assert result.tables(), f"{stem}: the result holds no table"
    for name, table in result.tables().items():
        assert isinstance(table, pd.DataFrame) and not table.empty, f"{stem}.{name} is empty"
        extra = set(table.attrs) - {"source_file"}  # data.load's provenance is fine
        assert not extra, f"{stem}.{name}: {extra} belong in the result as fields, not .attrs"


@pytest.mark.parametrize("stem", registry.STEMS)
def test_figure_is_byte_identical_across_runs(stem, results, tmp_path):
    module = _module(stem)
    plotting.set_theme()
    a = plotting.save(module.draw(_result(stem, results)), "f", directory=tmp_path / "a")
    b = plotting.save(module.draw(module.frame()), "f", directory=tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


@pytest.mark.parametrize("stem", registry.STEMS)
def test_claims_meet_their_expected_verdicts_and_a_change_is_caught(stem, results):
    module = _module(stem)
    checks = module.check_claims(_result(stem, results))
    assert not checks.empty
    claims.assert_expected(checks)
    flipped = checks.copy()
    first = flipped.index[0]
    flipped.loc[first, "verdict"] = ("differs" if flipped.loc[first, "verdict"] != "differs"
                                     else "agrees")
    with pytest.raises(claims.ClaimMismatch, match=flipped.loc[first, "id"]):
        claims.assert_expected(flipped)


@pytest.mark.parametrize("stem", registry.STEMS)
def test_publish_outside_the_pipeline_writes_to_scratch_only(stem, results, tmp_path,
                                                             monkeypatch):
    module = _module(stem)
    monkeypatch.setattr(paths, "SCRATCH_DIR", tmp_path / "scratch")
    monkeypatch.delenv(paths.PUBLISH_ENV, raising=False)
    before = sorted(paths.FIGURES_DIR.glob(f"{stem}.*")) if paths.FIGURES_DIR.exists() else []
    mtimes = [p.stat().st_mtime_ns for p in before]
    published = publish(module, _result(stem, results), strict=True, show=False)
    assert published.figure_png == tmp_path / "scratch" / "figures" / f"{stem}.png"
    assert (tmp_path / "scratch" / "claims" / f"{stem}.csv").exists()
    assert [p.stat().st_mtime_ns for p in before] == mtimes, "published figures changed"
    assert published.claims["where"].str.contains(stem).all()
