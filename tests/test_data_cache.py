"""The validated-table cache shared between kernels: same frame, never stale, never trusted
when damaged."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from carbonlib import data
from carbonlib.machinery import paths


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "BUILD_DIR", tmp_path / "build")
    data._CACHE.clear()
    yield tmp_path / "build" / "cache" / "validated"
    data._CACHE.clear()


def test_cached_frame_equals_a_fresh_validation(cache_dir):
    first = data.load("fig04_production")
    (cached,) = cache_dir.glob("fig04_production-*.pkl")
    data._CACHE.clear()
    second = data.load("fig04_production")
    pd.testing.assert_frame_equal(first, second)
    assert second.attrs == first.attrs
    assert list(cache_dir.glob("fig04_production-*.pkl")) == [cached]


def test_a_changed_table_is_validated_again(cache_dir, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, copy)
    data.load("fig04_production", data_dir=copy)
    table = copy / "fig04_production.csv"
    lines = table.read_text().splitlines()
    lines[1] = lines[1].replace(",", ",not-a-number,", 1)  # shift the row's columns
    table.write_text("\n".join(lines) + "\n")
    data._CACHE.clear()
    with pytest.raises(data.DataError, match="line 2 has more fields than the header"):
        data.load("fig04_production", data_dir=copy, verify=False)
    assert len(list(cache_dir.glob("fig04_production-*.pkl"))) == 1


def test_a_damaged_cache_file_is_ignored(cache_dir):
    expected = data.load("fig04_production")
    (cached,) = cache_dir.glob("fig04_production-*.pkl")
    cached.write_bytes(b"not a pickle")
    data._CACHE.clear()
    pd.testing.assert_frame_equal(data.load("fig04_production"), expected)
