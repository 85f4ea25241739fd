"""methodology.utilization: the power model, per-work sweep, crossover and calibration by hand."""

from __future__ import annotations

import numpy as np
import pytest

from carbonlib.methodology.footprint import footprint
from carbonlib.methodology.operational import energy_kwh
from carbonlib.methodology.utilization import SWEEP_COLUMNS, UtilizationModel, calibrate, power_w


def test_power_is_linear_between_idle_and_peak():
    # 100 + (300 - 100) * u
    np.testing.assert_allclose(power_w(np.array([0.0, 0.25, 1.0]), idle_w=100, peak_w=300),
                               [100, 150, 300])


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"utilization": 1.2, "idle_w": 1, "peak_w": 2}, r"utilization=1.2 .*\[0, 1\]"),
    ({"utilization": 0.5, "idle_w": -1, "peak_w": 2}, r"idle_w"),
    ({"utilization": 0.5, "idle_w": 3, "peak_w": 2}, r"peak_w - idle_w"),
])
def test_power_rejects_bad_inputs(kwargs, match):
    with pytest.raises(ValueError, match=match):
        power_w(kwargs.pop("utilization"), **kwargs)


def test_sweep_by_hand():
    # f = 0.25, o = 2, e = 1, c = 0.5; at u = 0.5:
    # operational = 2 * (0.25 / 0.5 + 0.75) = 2.5; rest = 1.25; embodied = 1 / 0.5 = 2
    m = UtilizationModel(idle_fraction=0.25, operational_at_full=2.0, embodied_at_full=1.0,
                         cfe_share=0.5)
    row = m.sweep(0.5).iloc[0]
    assert list(m.sweep(0.5).columns) == list(SWEEP_COLUMNS)
    assert row["operational_total"] == pytest.approx(2.5)
    assert row["operational_rest"] == pytest.approx(1.25)
    assert row["operational_offset"] == pytest.approx(1.25)
    assert row["embodied"] == pytest.approx(2.0)
    assert row["total"] == pytest.approx(3.25)
    assert row["total_without_cfe"] == pytest.approx(4.5)
    with pytest.raises(ValueError, match=r"utilization\[1\]=0"):
        m.sweep([0.5, 0.0])


def test_from_physical_matches_footprint_of_a_job_run_at_u():
    # 10 hours of work at u = 0.4 takes 25 h; power 100 + 200 * 0.4 = 180 W
    kw = {"pue": 1.1, "intensity_kg_per_kwh": 0.4, "system_embodied_kg": 2000.0,
          "lifetime_years": 4.0}
    m = UtilizationModel.from_physical(idle_w=100, peak_w=300, **kw)
    direct = footprint(energy_kwh(180, 25, pue=1.1), 0.4, job_hours=25, system_embodied_kg=2000,
                       lifetime_years=4, utilization=1.0)
    row = m.sweep(0.4).iloc[0]
    assert 10 * row["operational_total"] == pytest.approx(direct.operational_kg)
    assert 10 * row["embodied"] == pytest.approx(direct.embodied_kg)


def test_rescaled_and_reduction_and_cfe_factor():
    m = UtilizationModel(0.0, 1.0, 1.0)
    # no idle power: operational per work is flat (1), embodied 1/u: total 1 + 1/u
    # 20% -> 80%: (1 + 5) / (1 + 1.25) = 2.667
    assert m.reduction(0.2, 0.8) == pytest.approx(6 / 2.25)
    # full CFE at u = 1: (1 + 1) / 1 = 2
    assert m.rescaled(cfe_share=1.0).cfe_factor(1.0) == pytest.approx(2.0)
    r = m.rescaled(operational_factor=2.0, embodied_factor=0.5)
    assert (r.operational_at_full, r.embodied_at_full) == (2.0, 0.5)


def test_crossover_by_hand():
    # e = 0.5, o = 1, c = 0, f = 0.2: u* = (0.5 - 0.2) / 0.8 = 0.375
    m = UtilizationModel(0.2, 1.0, 0.5)
    u_star = m.crossover_utilization()
    assert u_star == pytest.approx(0.375)
    s = m.sweep([u_star, 0.3, 0.5])
    assert s["embodied"].iloc[0] == pytest.approx(s["operational_rest"].iloc[0])
    assert s["embodied"].iloc[1] > s["operational_rest"].iloc[1]  # below u*: embodied larger
    assert s["embodied"].iloc[2] < s["operational_rest"].iloc[2]
    # the CFE share at which embodied catches up: at u = 1, 1 - 0.5 / 1 = 0.5
    assert m.crossover_cfe_share(1.0)[0] == pytest.approx(0.5)
    assert UtilizationModel(0.2, 1.0, 0.5, cfe_share=1.0).crossover_utilization() == np.inf


def test_calibration_recovers_a_known_model():
    truth = UtilizationModel(idle_fraction=0.4, operational_at_full=1.5, embodied_at_full=0.6,
                             cfe_share=0.8)
    bars = truth.sweep([0.2, 0.3, 0.5, 0.75])
    fit = calibrate(bars["utilization"], bars["embodied"], bars["operational_total"],
                    bars["operational_rest"])
    assert fit.idle_fraction == pytest.approx(0.4)
    assert fit.operational_at_full == pytest.approx(1.5)
    assert fit.embodied_at_full == pytest.approx(0.6)
    assert fit.cfe_share == pytest.approx(0.8)


def test_calibration_needs_two_utilizations():
    with pytest.raises(ValueError, match="two distinct"):
        calibrate([0.5, 0.5], [1, 1], [1, 1], [1, 1])
    with pytest.raises(ValueError, match="embodied"):
        calibrate([0.5, 0.6], [-1, 1], [1, 1], [1, 1])
