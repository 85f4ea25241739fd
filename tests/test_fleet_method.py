"""The fleet method: per-job columns, exact sums, and the same Monte Carlo as the estimate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbonlib.tools import estimate as est
from carbonlib.tools import fleet, fleet_run
from carbonlib.tools import fleet_io as fio


def _jobs() -> pd.DataFrame:
    return pd.DataFrame({
        "job_id": ["1", "2", "3"], "user": ["ana", "ana", "ben"], "project": "p",
        "start": ["2026-01-01T00:00:00"] * 3,
        "end": ["2026-01-01T02:00:00", "2026-01-01T04:00:00", "2026-01-01T01:00:00"],
        "accelerator": ["v100", "", "a100"], "gpus": ["8", "1", "2"],
        "gpu_utilization": ["0.25", "", "1"], "energy_kwh": ["", "3", ""],
        "region": ["", "", "FRA"], "line": [2, 3, 4]})


def test_job_columns_by_hand():
    a = fleet.assumptions(gpu="a100", intensity_kg_per_kwh=0.4, idle_fraction=0.2,
                          pue=1.5, lifetime_years=5.0, utilization=0.5)
    jobs = fleet.job_footprint(fio.check_rows(_jobs()), a).set_index("job_id")
    # job 1: v100 325 W, idle 65 W: 65 + 260 x 0.25 = 130 W x 8 x 2 h = 2.08 kWh; x 1.5 = 3.12
    assert jobs.loc["1", "energy_kwh"] == pytest.approx(3.12)
    assert jobs.loc["1", "operational_kg"] == pytest.approx(3.12 * 0.4)
    # 16 accelerator-h / 8 = 2 server-h x 2000 / (5 x 8760)
    assert jobs.loc["1", "embodied_kg"] == pytest.approx(2 * 2000 / 43800)
    # job 2: measured 3 kWh wins over the model; 1 GPU x 4 h, no recorded utilization
    assert jobs.loc["2", "energy_source"] == "measured"
    assert jobs.loc["2", "energy_kwh"] == pytest.approx(4.5)
    assert jobs.loc["2", "work_hours"] == 0.0
    # job 3: a100 400 W at u = 1: 400 x 2 x 1 h = 0.8 kWh, in FRA: the table's intensity
    fra = a.region_intensity["FRA"]
    assert jobs.loc["3", "operational_kg"] == pytest.approx(0.8 * 1.5 * fra)
    assert jobs.loc["3", "it_regional_kg"] == pytest.approx(0.8 * fra)
    assert jobs.loc["3", "it_default_kwh"] == 0.0


def test_bad_rows_are_marked_not_dropped():
    t = _jobs()
    t.loc[0, "end"] = "2025-12-31T00:00:00"
    t.loc[1, "gpus"] = "-1"
    t.loc[2, "region"] = "ATLANTIS"
    checked = fio.check_rows(t)
    assert len(checked) == 3
    assert checked["problem"].tolist() == ["end before start", "gpus outside [0, inf]",
                                           "unknown region"]


def test_group_sums_do_not_depend_on_partitioning():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({k: rng.random(1000) * 100 for k in fleet.SUMS})
    frame["user"] = rng.choice(["a", "b", "c"], 1000)
    whole = fleet.combine(fleet.group_sums(frame, "user"))
    parts = fleet.combine([fleet.group_sums(frame.iloc[i:i + 77], "user")
                           for i in range(0, 1000, 77)][::-1])
    pd.testing.assert_frame_equal(whole, parts, check_exact=True)


def test_ranges_are_the_estimates_monte_carlo():
    # One group, ranges on PUE, intensity, lifetime, utilization and CFE: the group's energy and
    # operational bounds are those of carbonlib estimate for the same energy (same draws).
    a = fleet.assumptions(intensity_kg_per_kwh=(0.3, 0.5), pue=(1.1, 1.4), cfe_share=(0, 0.2),
                          samples=20_000, seed=7)
    group = pd.DataFrame({"it_energy_kwh": [120.0], "it_default_kwh": [120.0],
                          "it_regional_kg": [0.0], "server_hours": [10.0]}, index=["g"])
    r = fleet.with_ranges(group, a).iloc[0]
    e = est.estimate(energy_kwh=120.0, count=80.0, hours=1.0, intensity_kg_per_kwh=(0.3, 0.5),
                     pue=(1.1, 1.4), cfe_share=(0, 0.2), samples=20_000, seed=7)
    for q in ("energy_kwh", "operational_kg"):
        assert r[f"{q}_low"] == pytest.approx(e.low[q], rel=1e-12)
        assert r[f"{q}_high"] == pytest.approx(e.high[q], rel=1e-12)
    # the estimate's embodied at utilization u = the fleet's allocated embodied + idle capacity:
    # values at the centre (u 0.45, life 4): 10 server-h x 2000 / (4 x 8760 x 0.45)
    idle = fleet.idle_capacity(group, a)["embodied_kg"]
    allocated = 10 * 2000 / (4 * 8760)
    assert allocated + idle == pytest.approx(e.value["embodied_kg"], rel=1e-12)


def test_bad_parameters_name_themselves(tmp_path):
    a = fleet.assumptions(intensity_kg_per_kwh=0.4)
    with pytest.raises(ValueError, match="by='team'"):
        fleet_run.run(tmp_path / "x.csv", a, by="team")
    with pytest.raises(ValueError, match="engine='spark'"):
        fleet_run.run(tmp_path / "x.csv", a, engine="spark")
    with pytest.raises(ValueError, match="idle_fraction"):
        fleet.assumptions(intensity_kg_per_kwh=0.4, idle_fraction=1.5)
    with pytest.raises(ValueError, match="no location"):
        fleet.assumptions()
