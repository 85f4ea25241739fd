"""pandas and dask (a 2-worker local cluster) give identical per-user totals on the same log."""

from __future__ import annotations

import pandas as pd
import pytest

from carbonlib.tools import fleet, fleet_run
from carbonlib.tools.fleet_synthetic import write_parquet


@pytest.fixture(scope="module")
def parquet_log(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fleet_parquet")
    write_parquet(folder, 30_000, seed=5, rows_per_file=12_000)  # 3 files, 12k + 12k + 6k rows
    return folder


def test_pandas_and_dask_identical_per_user(parquet_log):
    a = fleet.assumptions(region="USA", samples=2000)
    # small pandas chunks: a partitioning different from dask's, same bits
    pandas_report = fleet_run.run(parquet_log, a, by="user", chunk_rows=5000)
    dask_report = fleet_run.run(parquet_log, a, by="user", engine="dask", workers=2)
    assert pandas_report.counts["jobs"] == dask_report.counts["jobs"] == 30_000
    assert len(pandas_report.groups) == 200
    pd.testing.assert_frame_equal(pandas_report.groups, dask_report.groups, check_exact=True)
    pd.testing.assert_series_equal(pandas_report.total, dask_report.total, check_exact=True)
    assert pandas_report.idle == dask_report.idle
