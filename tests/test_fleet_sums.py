"""The partition path: footprint_sums is group_sums of job_footprint, exact, and checks rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbonlib.tools import fleet, fleet_run
from carbonlib.tools.fleet_synthetic import synthetic_log


@pytest.fixture(scope="module")
def a():
    return fleet.assumptions(region="USA", samples=1000)


def _log_with_bad_rows() -> pd.DataFrame:
    log = synthetic_log(5000, seed=11)
    log["gpu_utilization"] = log["gpu_utilization"].where(np.arange(len(log)) % 6 != 0)
    log = log.astype({"accelerator": object, "region": object})
    log.loc[3, "gpus"] = -2.0
    log.loc[4, "region"] = "ATLANTIS"
    log.loc[5, "end"] = log.loc[5, "start"] - pd.Timedelta(hours=2)
    log.loc[6, ["accelerator", "energy_kwh"]] = ["tpu-v4", np.nan]  # no power, no energy
    log.loc[7, ["accelerator", "energy_kwh"]] = ["tpu-v4", 12.5]  # no power, measured
    log.loc[8, "region"] = "fra"
    return log


@pytest.mark.parametrize("by", ["user", "project", "month", "job_id"])
def test_footprint_sums_is_group_sums_of_job_footprint(a, by):
    jobs = fleet_run._usable(fleet_run.fio.check_rows(_log_with_bad_rows()), a)
    direct = fleet.footprint_sums(jobs, a, by)
    via_frame = fleet.group_sums(fleet.job_footprint(jobs, a), by)
    pd.testing.assert_frame_equal(fleet.combine(direct), fleet.combine(via_frame),
                                  check_exact=True)
    assert direct["jobs"].sum() == len(jobs) - 4  # rows 3, 4, 5 and 6 are bad


def test_month_is_the_calendar_month_of_the_start(a):
    jobs = fleet_run.fio.check_rows(synthetic_log(3000, seed=2))
    sums = fleet.combine(fleet.footprint_sums(jobs, a, "month"))
    months = jobs["start"].dt.strftime("%Y-%m")
    assert sums["jobs"].to_dict() == months.value_counts().sort_index().to_dict()


def test_bad_rows_are_reported_and_measured_energy_prices_any_accelerator(a):
    sums, bad, rows = fleet_run.partition(_log_with_bad_rows().assign(line=range(2, 5002)),
                                          a, "user")
    assert rows == 5000 and sums["jobs"].sum() == 4996
    assert bad["line"].tolist() == [5, 6, 7, 8]
    assert bad["problem"].tolist()[-1].startswith("accelerator has no power")
    # row 7: a tpu-v4 (no power in the table) with 12.5 kWh measured: 12.5 x PUE 1.1 x USA
    jobs = fleet.job_footprint(fleet_run._usable(fleet_run.fio.check_rows(
        _log_with_bad_rows().iloc[7:8]), a), a)
    assert jobs["energy_kwh"].iloc[0] == pytest.approx(12.5 * 1.1)
    assert jobs["energy_source"].iloc[0] == "measured"


def test_job_footprint_refuses_an_unpriced_job_without_energy(a):
    jobs = fleet_run.fio.check_rows(_log_with_bad_rows().iloc[6:7])
    with pytest.raises(ValueError, match="accelerator=.tpu-v4. has no power"):
        fleet.job_footprint(jobs, a)


def test_missing_categorical_user_is_a_bad_row(a):
    log = synthetic_log(10, seed=1)
    log.loc[0, "user"] = np.nan
    sums, bad, _ = fleet_run.partition(log, a, "user")
    assert sums["jobs"].sum() == 9
    assert bad["problem"].tolist() == ["empty user"]


def test_sums_stay_exact_beyond_float_precision():
    # 2^53 micro-units is 9.007e9 units: two jobs of 5e9 kg each overflow float64's integers,
    # and a negative value breaks the partial-sum argument; both take the int64 path.
    big = 5e9 + 0.000001
    frame = pd.DataFrame({k: [big, big, 0.000003] for k in fleet.SUMS})
    frame["user"] = ["a", "a", "a"]
    exact = 2 * round(big * 10**6) + 3
    assert fleet.group_sums(frame, "user").loc["a", "total_kg"] == exact
    # 5e15 + 1 and 5e15 + 2 micro-units add to 1e16 + 3, which float64 cannot hold; less 1e16
    # the float total would look small and exact, but it is not: exactly 3
    frame["total_kg"] = [5e9 + 0.000001, 5e9 + 0.000002, -1e10]
    assert fleet.group_sums(frame, "user").loc["a", "total_kg"] == 3


def test_every_kind_of_bad_number_or_time_is_flagged():
    # the checks skip building masks when a reduction shows a column is clean; each kind of
    # bad value must still be caught: inf, NaN where required, -inf, end before start, NaT
    t = pd.DataFrame({
        "job_id": list("abcdef"), "user": "u", "project": "p",
        "start": pd.to_datetime(["2026-01-01"] * 5 + [None]),
        "end": pd.to_datetime(["2026-01-02"] * 4 + ["2025-12-01", "2026-01-02"]),
        "accelerator": "a100", "gpus": [1, np.nan, np.inf, -np.inf, 1, 1],
        "gpu_utilization": [np.inf, 0.5, 0.5, 0.5, 0.5, 0.5],
        "energy_kwh": [np.nan, 1, 2, 3, 4, 5]})
    assert fleet_run.fio.check_rows(t)["problem"].tolist() == [
        "gpu_utilization outside [0, 1]", "gpus is missing", "gpus outside [0, inf]",
        "gpus outside [0, inf]", "end before start", "start is not a timestamp"]
    t = t.iloc[:4].assign(gpus=1.0, gpu_utilization=[0.5, -0.1, np.nan, 1.0],
                          energy_kwh=[np.inf, 1, -2, 3])
    assert fleet_run.fio.check_rows(t)["problem"].tolist() == [
        "energy_kwh outside [0, inf]", "gpu_utilization outside [0, 1]",
        "energy_kwh outside [0, inf]", ""]
