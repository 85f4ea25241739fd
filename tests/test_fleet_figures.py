"""The notebook helpers of the fleet: histogram, carbon per work and the utilization what-if."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbonlib.tools import fleet
from carbonlib.tools import fleet_figures as ff
from carbonlib.tools import fleet_io as fio


def _jobs() -> pd.DataFrame:
    return fio.check_rows(pd.DataFrame({
        "job_id": ["1", "2"], "user": "ana", "project": "p",
        "start": ["2026-01-01T00:00:00"] * 2,
        "end": ["2026-01-01T10:00:00", "2026-01-01T01:00:00"],
        "accelerator": "v100", "gpus": ["1", "1"], "gpu_utilization": ["0.4", "0.9"],
        "energy_kwh": ["", ""], "region": ["", ""]}))


def test_raise_utilization_by_hand():
    a = fleet.assumptions(intensity_kg_per_kwh=1.0, pue=1.0, lifetime_years=4.0,
                          idle_fraction=0.0, utilization=0.5)
    w = ff.raise_utilization(_jobs(), a, 0.8)
    # idle 0 W, peak 325 W: job 1 at u 0.4 for 10 h: 130 W x 10 h = 1.3 kWh; at 0.8 the same
    # work takes 5 h at 260 W = 1.3 kWh: no operational saving without idle power. Embodied:
    # 10 -> 5 accelerator-h, 2000 / 8 / 35040 kg per accelerator-hour. Job 2 (0.9) unchanged.
    per_accel_hour = 2000 / 8 / 35040
    assert w["jobs_raised"] == 1
    assert w["now_operational_kg"] == pytest.approx(1.3 + 0.325 * 0.9)
    assert w["at_target_operational_kg"] == pytest.approx(w["now_operational_kg"])
    assert w["saving_kg"] == pytest.approx(5 * per_accel_hour)


def test_carbon_per_work_and_histogram():
    a = fleet.assumptions(intensity_kg_per_kwh=1.0, pue=1.0, lifetime_years=4.0,
                          idle_fraction=0.0)
    jobs = fleet.job_footprint(_jobs(), a)
    t = ff.carbon_per_work(jobs, bin_pct=50).set_index("gpu_utilization_pct")
    # with no idle power, operational per work is the peak: 0.325 kWh x 1 kg/kWh per work-hour
    assert t["operational"].tolist() == pytest.approx([0.325, 0.325])
    h = ff.utilization_histogram(jobs, bin_pct=50)
    assert h["share"].tolist() == [0.5, 0.5]
    assert np.isclose(h["share"].sum(), 1.0)
