"""Property tests (hypothesis) of the core API: operational, embodied, footprint, utilization."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbonlib.methodology.embodied import embodied_kg
from carbonlib.methodology.footprint import footprint
from carbonlib.methodology.operational import energy_kwh, operational_kg
from carbonlib.methodology.utilization import UtilizationModel, power_w

pos = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)
nonneg = st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False)
frac = st.floats(min_value=0.0, max_value=1.0)
util = st.floats(min_value=1e-3, max_value=1.0)
life = st.floats(min_value=0.1, max_value=50.0)
scale = st.floats(min_value=0.01, max_value=100.0)
bad_nonneg = st.one_of(st.floats(max_value=-1e-9, allow_infinity=False),
                       st.just(math.nan), st.just(math.inf), st.just(-math.inf))
bad_frac = st.one_of(st.floats(min_value=1.0 + 1e-9, allow_infinity=False),
                     st.floats(max_value=-1e-9, allow_infinity=False), st.just(math.nan))
bad_util = st.one_of(bad_frac, st.just(0.0))


def _fp(energy, intensity, hours, system, lifetime, u, cfe=0.0):
    return footprint(energy, intensity, job_hours=hours, system_embodied_kg=system,
                     lifetime_years=lifetime, utilization=u, cfe_share=cfe)


@given(nonneg, nonneg, frac, scale)
def test_operational_is_linear_in_energy_and_intensity(energy, intensity, cfe, k):
    base = operational_kg(energy, intensity, cfe_share=cfe)
    assert operational_kg(k * energy, intensity, cfe_share=cfe) == pytest.approx(k * base)
    assert operational_kg(energy, k * intensity, cfe_share=cfe) == pytest.approx(k * base)


@given(pos, pos, scale)
def test_energy_is_linear_in_power_and_hours(power, hours, k):
    assert energy_kwh(k * power, hours) == pytest.approx(k * energy_kwh(power, hours))
    assert energy_kwh(power, k * hours) == pytest.approx(k * energy_kwh(power, hours))


@given(pos, pos, life, util, util)
def test_embodied_falls_with_utilization(system, hours, lifetime, u1, u2):
    lo, hi = sorted((u1, u2))
    assert embodied_kg(system, hours, lifetime_years=lifetime, utilization=hi) <= \
        embodied_kg(system, hours, lifetime_years=lifetime, utilization=lo) * (1 + 1e-12)


@given(pos, pos, life, life, util)
def test_embodied_falls_with_lifetime(system, hours, l1, l2, u):
    lo, hi = sorted((l1, l2))
    assert embodied_kg(system, hours, lifetime_years=hi, utilization=u) <= \
        embodied_kg(system, hours, lifetime_years=lo, utilization=u) * (1 + 1e-12)


@given(nonneg, nonneg, nonneg, nonneg, life, util, frac)
def test_footprint_parts_sum_to_total_and_share_is_a_fraction(e, i, h, s, lt, u, cfe):
    f = _fp(e, i, h, s, lt, u, cfe)
    assert f.total_kg == pytest.approx(f.operational_kg + f.embodied_kg)
    assert 0.0 <= f.embodied_share <= 1.0
    d = f.as_dict()
    assert d["total_kg"] == pytest.approx(d["operational_kg"] + d["embodied_kg"])


@given(nonneg, nonneg, pos, pos, life, util, util)
def test_footprint_monotonic_in_utilization(e, i, h, s, lt, u1, u2):
    lo, hi = sorted((u1, u2))
    assert _fp(e, i, h, s, lt, hi).total_kg <= _fp(e, i, h, s, lt, lo).total_kg * (1 + 1e-12)


@given(st.lists(st.tuples(nonneg, nonneg, nonneg, pos, life, util, frac), min_size=1,
                max_size=20))
def test_footprint_vectorized_equals_scalar_loop(rows):
    cols = [np.array(c, dtype=float) for c in zip(*rows, strict=True)]
    vec = _fp(cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6])
    loop = [_fp(*r) for r in rows]
    np.testing.assert_allclose(vec.total_kg, [f.total_kg for f in loop], rtol=1e-12)
    np.testing.assert_allclose(vec.embodied_share, [f.embodied_share for f in loop], rtol=1e-12)
    assert len(vec.to_frame()) == len(rows)


@given(frac, pos, pos, st.lists(util, min_size=2, max_size=10))
def test_utilization_model_monotonic_and_vectorized(idle, op, emb, us):
    m = UtilizationModel(idle_fraction=idle, operational_at_full=op, embodied_at_full=emb)
    s = m.sweep(sorted(us))
    # more utilization never costs more per unit of work
    assert (np.diff(s["total_without_cfe"].to_numpy()) <= 1e-9 * s["total_without_cfe"].max()).all()
    for u, total in zip(sorted(us), s["total"], strict=True):
        assert m.sweep(u)["total"].iloc[0] == pytest.approx(total)
    np.testing.assert_allclose(s["operational_rest"] + s["operational_offset"],
                               s["operational_total"])


@given(nonneg, nonneg, util)
def test_power_between_idle_and_peak(idle, extra, u):
    p = power_w(u, idle_w=idle, peak_w=idle + extra)
    assert idle - 1e-9 <= p <= idle + extra + 1e-9


@given(bad_nonneg)
def test_bad_nonnegative_inputs_always_raise(bad):
    with pytest.raises(ValueError, match="allowed range"):
        operational_kg(bad, 0.4)
    with pytest.raises(ValueError, match="intensity_kg_per_kwh"):
        operational_kg(1.0, bad)
    with pytest.raises(ValueError, match="system_embodied_kg"):
        embodied_kg(bad, 1.0, lifetime_years=4, utilization=0.5)
    with pytest.raises(ValueError, match="job_hours"):
        _fp(1.0, 0.4, bad, 2000, 4, 0.5)
    with pytest.raises(ValueError, match="idle_w"):
        power_w(0.5, idle_w=bad, peak_w=10.0)


@given(bad_frac)
def test_bad_fractions_always_raise(bad):
    with pytest.raises(ValueError, match=r"cfe_share.*\[0, 1\]"):
        _fp(1.0, 0.4, 1.0, 2000, 4, 0.5, bad)
    with pytest.raises(ValueError, match="idle_fraction"):
        UtilizationModel(idle_fraction=bad, operational_at_full=1.0, embodied_at_full=1.0)


@given(bad_util)
def test_bad_utilization_always_raises(bad):
    with pytest.raises(ValueError, match=r"utilization.*\(0, 1\]"):
        embodied_kg(2000, 1.0, lifetime_years=4, utilization=bad)
    with pytest.raises(ValueError, match=r"utilization"):
        UtilizationModel(0.5, 1.0, 1.0).sweep(bad)


@given(st.one_of(st.floats(max_value=0.0, allow_infinity=False), st.just(math.nan)))
def test_bad_lifetime_always_raises(bad):
    with pytest.raises(ValueError, match=r"lifetime_years.*\(0, inf\)"):
        _fp(1.0, 0.4, 1.0, 2000, bad, 0.5)


@given(st.lists(nonneg, min_size=2, max_size=8), st.data())
def test_array_errors_name_the_index(values, data):
    arr = np.array(values)
    i = data.draw(st.integers(min_value=0, max_value=len(values) - 1))
    arr[i] = -1.0
    with pytest.raises(ValueError, match=rf"energy_kwh\[{i}\]"):
        operational_kg(arr, 0.4)
