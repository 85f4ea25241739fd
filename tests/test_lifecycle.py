"""carbonlib.methodology.lifecycle: splitting a footprint over life-cycle phases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbonlib.methodology import lifecycle as lc


def test_fig3a_split_from_percent_shares():
    # 10:20:70 of 100 MW -> 10, 20, 70 MW
    parts = lc.split_by_shares(100.0, {"experimentation": 10, "training": 20, "inference": 70})
    assert parts == pytest.approx({"experimentation": 10.0, "training": 20.0, "inference": 70.0})


def test_fractions_and_percentages_give_the_same_split():
    as_pct = lc.normalize_shares({"data": 31, "training": 29, "inference": 40})
    as_frac = lc.normalize_shares({"data": 0.31, "training": 0.29, "inference": 0.40})
    assert as_pct == pytest.approx(as_frac)


def test_digitized_split_within_tolerance_is_renormalized():
    # 31.6 + 26.2 + 2.9 + 39.4 = 100.1 (within 1%); data -> 31.6 / 100.1 = 0.31568
    fr = lc.normalize_shares([31.6, 26.2, 2.9, 39.4])
    assert sum(fr.values()) == pytest.approx(1.0)
    assert fr["0"] == pytest.approx(31.6 / 100.1)


@pytest.mark.parametrize("shares, match", [
    ({"a": 50, "b": 45}, r"sum of shares \(percent\)=95 is outside the allowed range \[99, 101\]"),
    ([0.5, 0.4], r"sum of shares \(fractions\)=0.9 is outside the allowed range \[0.99, 1.01\]"),
    ({"a": -0.1, "b": 1.1}, r"shares\[0\]=-0.1 is outside the allowed range \[0, inf\)"),
    ([0.5, float("nan")], r"shares\[1\]=nan"),
    ({}, "shares is empty"),
])
def test_bad_shares_raise_naming_the_problem(shares, match):
    with pytest.raises(ValueError, match=match):
        lc.normalize_shares(shares)


def test_tolerance_is_configurable_and_validated():
    assert lc.normalize_shares([0.5, 0.45], tolerance=0.06) == pytest.approx(
        {"0": 0.5 / 0.95, "1": 0.45 / 0.95})
    with pytest.raises(ValueError, match="tolerance=0.9"):
        lc.normalize_shares([0.5, 0.5], tolerance=0.9)


def test_split_broadcasts_over_arrays():
    parts = lc.split_by_shares(np.array([100.0, 200.0]), [0.25, 0.75])
    np.testing.assert_allclose(parts["0"], [25.0, 50.0])
    np.testing.assert_allclose(parts["1"], [75.0, 150.0])


def test_split_rejects_negative_total():
    with pytest.raises(ValueError, match=r"total\[1\]=-1"):
        lc.split_by_shares(np.array([1.0, -1.0]), [0.5, 0.5])


def test_split_from_energy_uses_operational_carbon():
    # 100 kWh x 0.4 kg/kWh = 40 kg; 300 kWh x 0.4 x (1 - 0.5) = 60 kg with half CFE
    kg = lc.split_from_energy({"training": 100.0, "inference": 300.0}, 0.4)
    assert kg == pytest.approx({"training": 40.0, "inference": 120.0})
    kg = lc.split_from_energy({"inference": 300.0}, 0.4, cfe_share=0.5)
    assert kg["inference"] == pytest.approx(60.0)
    with pytest.raises(ValueError, match=r"energy_kwh_by_phase\['data'\]=-5"):
        lc.split_from_energy({"data": -5.0}, 0.4)


def test_lm_shares_from_fig4_segments():
    # LM (digitized): 39.4 t training, 89.2 t inference -> 89.2 / 128.6 = 0.6936
    shares = lc.shares_of({"training": 39.4, "inference": 89.2})
    assert shares["inference"] == pytest.approx(89.2 / 128.6)
    with pytest.raises(ValueError, match="sum of amounts=0"):
        lc.shares_of({"a": 0.0, "b": 0.0})


def test_combine_phases_and_phase_share():
    parts = {"data": 31.6, "training_offline": 26.2, "training_online": 2.9, "inference": 39.4}
    merged = lc.combine_phases(parts, {"training": ["training_offline", "training_online"]})
    assert list(merged) == ["data", "training", "inference"]
    assert merged["training"] == pytest.approx(29.1)  # 26.2 + 2.9
    assert lc.phase_share(parts, ["training_offline", "training_online"]) == pytest.approx(
        29.1 / 100.1)
    with pytest.raises(ValueError, match="groups member='trainig' is not known"):
        lc.combine_phases(parts, {"training": ["trainig"]})
    with pytest.raises(ValueError, match="in both"):
        lc.combine_phases(parts, {"x": ["data"], "y": ["data"]})


shares_st = st.lists(st.floats(0.01, 100.0), min_size=1, max_size=6)


@given(shares_st, st.floats(0.0, 1e9))
def test_parts_sum_to_total(raw, total):
    fr = np.array(raw) / sum(raw)
    parts = lc.split_by_shares(total, list(fr))
    assert sum(parts.values()) == pytest.approx(total, rel=1e-9, abs=1e-9)


@given(shares_st, st.floats(0.0, 1e6), st.floats(0.1, 10.0))
def test_split_is_linear_in_the_total(raw, total, k):
    fr = list(np.array(raw) / sum(raw))
    a = lc.split_by_shares(total * k, fr)
    b = lc.split_by_shares(total, fr)
    for phase in a:
        assert a[phase] == pytest.approx(k * b[phase], rel=1e-9, abs=1e-9)


@given(shares_st)
def test_vectorized_equals_scalar_loop(raw):
    fr = list(np.array(raw) / sum(raw))
    totals = np.array([1.0, 2.5, 1000.0])
    vec = lc.split_by_shares(totals, fr)
    for i, t in enumerate(totals):
        loop = lc.split_by_shares(float(t), fr)
        for phase in loop:
            assert vec[phase][i] == pytest.approx(loop[phase])
