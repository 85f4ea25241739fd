"""Hostile inputs to the methodology: each case asserts the exact outcome.

A silently wrong number is the worst outcome, so every case either returns the correct value
(computed by hand in the comment) or raises a ValueError whose message names the parameter(s).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbonlib.methodology.embodied import embodied_kg
from carbonlib.methodology.footprint import footprint
from carbonlib.methodology.operational import energy_kwh, operational_kg
from carbonlib.methodology.uncertainty import MIN_SOBOL_N, Uniform, interval, sobol_indices
from carbonlib.methodology.utilization import power_w


def test_int32_inputs_are_computed_in_float64():
    # 700 W x 43,800 h x 10,000 devices / 1000 = 306,600,000 kWh; int32 arithmetic would wrap
    i4 = np.dtype("i4")
    out = energy_kwh(np.array([700], i4), np.array([43800], i4), devices=np.array([10000], i4))
    assert out.dtype == np.float64
    assert out.tolist() == [306_600_000.0]


@pytest.mark.parametrize("dtype", ["i1", "i2", "i4", "u1", "u2", "u4"])
def test_every_integer_dtype_is_widened(dtype):
    # 100 W x 100 h x 100 devices / 1000 = 1000 kWh; 10**6 overflows every dtype listed
    arr = np.array([100], dtype=dtype)
    assert energy_kwh(arr, arr, devices=arr).tolist() == [1000.0]


def test_int_series_keep_their_index_and_become_float():
    hours = pd.Series([10, 20], index=["a", "b"], dtype="int32")
    out = energy_kwh(500, hours, devices=4)  # 500 x 10 x 4 / 1000 = 20; x 20 h = 40
    assert isinstance(out, pd.Series) and out.index.tolist() == ["a", "b"]
    assert out.tolist() == [20.0, 40.0]


def test_embodied_with_int32_arrays():
    # 2000 kg x 1000 systems x 50000 h / (4 y x 8760 h x 0.5) = 5,707,762.56 kg
    i4 = np.dtype("i4")
    out = embodied_kg(np.array([2000], i4), np.array([50000], i4), lifetime_years=4,
                      utilization=0.5, systems=np.array([1000], i4))
    assert out[0] == pytest.approx(2000 * 1000 * 50000 / (4 * 8760 * 0.5))


@pytest.mark.parametrize("call, names", [
    (lambda a, b: energy_kwh(a, b), ("power_w", "hours")),
    (lambda a, b: operational_kg(a, b), ("energy_kwh", "intensity_kg_per_kwh")),
    (lambda a, b: embodied_kg(2000, a, lifetime_years=4, utilization=b),
     ("job_hours", "utilization")),
    (lambda a, b: footprint(a, 0.4, job_hours=b, system_embodied_kg=2000, lifetime_years=4,
                            utilization=0.5), ("energy_kwh", "job_hours")),
    (lambda a, b: power_w(b * 0 + 0.5, idle_w=a, peak_w=a + 100), ("utilization", "idle_w")),
])
def test_misaligned_pandas_indexes_are_refused_naming_both(call, names):
    a = pd.Series([1.0, 2.0], index=[0, 1])
    b = pd.Series([0.5, 0.5], index=[1, 2])
    with pytest.raises(ValueError, match="different indexes") as err:
        call(a, b)
    assert all(n in str(err.value) for n in names), str(err.value)


def test_aligned_series_pass():
    idx = pd.Index(["x", "y"])
    out = energy_kwh(pd.Series([100.0, 200.0], idx), pd.Series([1.0, 2.0], idx))
    assert out.tolist() == [0.1, 0.4]  # 100 W x 1 h / 1000; 200 W x 2 h / 1000


def test_a_list_is_accepted_like_an_array():
    # [700, 300] W x 2 h / 1000 = [1.4, 0.6] kWh
    np.testing.assert_allclose(energy_kwh([700, 300], 2), [1.4, 0.6])


@pytest.mark.parametrize("bad", ["700", {"a": 1}, [[1, 2], [3]], ["a", "b"]])
def test_non_numeric_inputs_name_the_parameter(bad):
    with pytest.raises(ValueError, match=r"power_w"):
        energy_kwh(bad, 1)


def test_shape_mismatch_names_both_parameters():
    with pytest.raises(ValueError, match=r"power_w has shape \(3,\) and hours has shape \(2,\)"):
        energy_kwh(np.ones(3), np.ones(2))


@pytest.mark.parametrize("samples, match", [
    (pd.DataFrame(), r"samples has shape \(0, 0\)"),
    (pd.DataFrame({"total_kg": []}), r"samples has shape \(0, 1\)"),
    (pd.Series([1.0, 2.0]), r"samples is a Series"),
    (pd.DataFrame({"total_kg": [1.0, np.nan]}), r"samples\['total_kg'\] holds NaN"),
    (pd.DataFrame({"total_kg": [1.0, np.inf]}), r"samples\['total_kg'\] holds NaN or infinite"),
])
def test_interval_refuses_empty_or_invalid_draws(samples, match):
    with pytest.raises(ValueError, match=match):
        interval(samples)


def test_interval_of_an_output_not_computed_is_nan():
    # embodied not computed (energy-only input): all NaN -> NaN bounds; total still summarized
    out = interval(pd.DataFrame({"embodied_kg": [np.nan] * 3, "total_kg": [1.0, 2.0, 3.0]}),
                   low=0, high=100)
    assert out.loc["embodied_kg"].isna().all()
    assert out.loc["total_kg"].tolist() == [1.0, 2.0, 3.0, 2.0]


def _model(a, b):
    return {"y": a + 2 * b}


@pytest.mark.parametrize("n", [1, 2, 4, MIN_SOBOL_N // 2, MIN_SOBOL_N + 1])
def test_sobol_refuses_sample_sizes_too_small_or_not_powers_of_two(n):
    with pytest.raises(ValueError, match=rf"n={n} is not allowed; allowed: a power of two >= 64"):
        sobol_indices(_model, {"a": Uniform(0, 1), "b": Uniform(0, 1)}, output="y", n=n)


def test_sobol_at_the_minimum_ranks_the_inputs():
    # y = a + 2b with a, b ~ U(0, 1): Var = 1/12 + 4/12, so S_b = 0.8 and S_a = 0.2
    s = sobol_indices(_model, {"a": Uniform(0, 1), "b": Uniform(0, 1)}, output="y",
                      n=MIN_SOBOL_N)
    assert s["first_order"].idxmax() == "b"
