"""carbonlib fleet on the hand-written sacct excerpt: every count and total by hand arithmetic.

Assumptions: 0.5 kg/kWh, PUE 1.1, no CFE, 4-year life, servers busy 50% of it, the paper's
2000 kg server holding 8 accelerators, idle power half of peak, 50% utilization for jobs that
record neither energy nor utilization. A server-hour carries 2000 / (4 x 8760) = 2000 / 35040 kg.
"""

from __future__ import annotations

import pytest

from carbonlib.machinery import paths
from carbonlib.tools import fleet, fleet_run
from carbonlib.tools import fleet_io as fio

EXCERPT = paths.DATA_DIR / "samples" / "fleet_sacct_excerpt.txt"
PER_SERVER_HOUR = 2000 / 35040


@pytest.fixture(scope="module")
def a():
    return fleet.assumptions(intensity_kg_per_kwh=0.5, pue=1.1, utilization=0.5,
                             lifetime_years=4.0, idle_fraction=0.5, job_utilization=0.5)


@pytest.fixture(scope="module")
def log():
    return fio.read_sacct(EXCERPT)


def test_counts(log):
    # 16 lines: header; jobs 1001, 1002_1, 1002_2, 1005, 1006, 1009 (six job lines, 1009 with
    # the unknown k80); 6 steps (1001.batch, 1001.extern, 1002_1.batch, 1002_2.batch,
    # 1005.batch, 1005.0); one pending array 1002_[3-4]; 1007 (Elapsed 2:xx:00, line 14) and
    # 1008 (5 fields, line 15) garbled.
    assert len(log.jobs) == 6
    assert log.steps == 6
    assert log.not_run == 1
    assert log.bad["line"].tolist() == [14, 15]
    assert log.bad["job_id"].tolist() == ["1007", "1008"]
    flagged = log.jobs[log.jobs["problem"] != ""]
    assert flagged["job_id"].tolist() == ["1009"] and flagged["line"].tolist() == [16]
    assert flagged["problem"].tolist() == ["unknown accelerator"]
    assert log.states == {"COMPLETED": 3, "CANCELLED": 1, "FAILED": 1, "TIMEOUT": 1}


def test_job_fields(log):
    jobs = log.jobs.set_index("job_id")
    # 1001: own ConsumedEnergyRaw 36e6 J = 10 kWh (its steps' 35e6 + 1e6 J are not added)
    assert jobs.loc["1001", "energy_kwh"] == pytest.approx(10.0, abs=1e-12)
    # 1002_1: no energy on the job line, its step has 7.2e6 J = 2 kWh
    assert jobs.loc["1002_1", "energy_kwh"] == pytest.approx(2.0, abs=1e-12)
    # 1002_2: no energy anywhere; 1005 cancelled after 3 h, 8 typed a100 GPUs
    assert jobs[["gpus", "hours"]].loc["1005"].tolist() == [8.0, 3.0]
    assert jobs.loc["1005", "accelerator"] == "a100"
    assert jobs.loc["1002_2", "hours"] == pytest.approx(1.5)
    assert jobs.loc["1006", "gpus"] == 0.0 and jobs.loc["1006", "hours"] == 24.0


def test_totals_by_user(a):
    r = fleet_run.run(EXCERPT, a, by="user")
    g = r.groups
    # ana, 1001: 10 kWh x 1.1 = 11 kWh; x 0.5 = 5.5 kg; 4 GPUs x 10 h / 8 = 5 server-h
    assert g.loc["ana", "energy_kwh"] == pytest.approx(11.0, abs=1e-6)
    assert g.loc["ana", "operational_kg"] == pytest.approx(5.5, abs=1e-6)
    assert g.loc["ana", "embodied_kg"] == pytest.approx(5 * PER_SERVER_HOUR, abs=1e-6)
    # ben: 1002_1 2 kWh; 1002_2 v100 peak 325 W: (162.5 + 162.5 x 0.5) x 2 x 1.5 / 1000
    # = 0.73125 kWh; (2 + 0.73125) x 1.1 x 0.5 = 1.5021875 kg; server-h (4 + 3) / 8 = 0.875
    assert g.loc["ben", "it_energy_kwh"] == pytest.approx(2.73125, abs=1e-6)
    assert g.loc["ben", "operational_kg"] == pytest.approx(1.5021875, abs=1e-6)
    assert g.loc["ben", "embodied_kg"] == pytest.approx(0.875 * PER_SERVER_HOUR, abs=1e-6)
    # cho: 1005 a100 peak 400 W: (200 + 100) x 8 x 3 / 1000 = 7.2 kWh; 1006 (no GPU) 0.72e6 J
    # = 0.2 kWh; (7.2 + 0.2) x 1.1 x 0.5 = 4.07 kg; server-h 8 x 3 / 8 = 3
    assert g.loc["cho", "operational_kg"] == pytest.approx(4.07, abs=1e-6)
    assert g.loc["cho", "embodied_kg"] == pytest.approx(3 * PER_SERVER_HOUR, abs=1e-6)
    assert g["jobs"].to_dict() == {"ana": 1, "ben": 2, "cho": 2}
    assert "dan" not in g.index  # all three of dan's lines are bad
    # fleet: 5.5 + 1.5021875 + 4.07 = 11.0721875 kg operational; 8.875 server-h embodied
    assert r.total["operational_kg"] == pytest.approx(11.0721875, abs=1e-6)
    assert r.total["total_kg"] == pytest.approx(11.0721875 + 8.875 * PER_SERVER_HOUR, abs=1e-6)
    # idle capacity: servers busy 50% of their life: 8.875 server-h x (1 / 0.5 - 1)
    assert r.idle["embodied_kg"] == pytest.approx(8.875 * PER_SERVER_HOUR, rel=1e-12)
    assert r.counts["bad"] == 3 and r.counts["jobs"] == 5 and r.counts["steps"] == 6
    assert r.bad["line"].tolist() == [14, 15, 16]


def test_month_uses_the_start(a):
    r = fleet_run.run(EXCERPT, a, by="month")
    # 1005 starts on 2026-03-31 and ends in April: March. April holds only 1006: 0.2 x 1.1 x 0.5
    assert r.groups.loc["2026-04", "total_kg"] == pytest.approx(0.11, abs=1e-6)
    assert r.groups["jobs"].to_dict() == {"2026-03": 4, "2026-04": 1}


def test_refuse_names_the_bad_lines(a):
    with pytest.raises(ValueError, match=r"3 bad row\(s\).*line 14"):
        fleet_run.run(EXCERPT, a, on_bad="refuse")
