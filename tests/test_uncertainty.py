"""carbonlib.methodology.uncertainty: sampling, Monte Carlo, intervals and Sobol indices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbonlib.methodology.footprint import footprint
from carbonlib.methodology.uncertainty import (
    Triangular,
    Uniform,
    interval,
    monte_carlo,
    sample,
    sobol_indices,
)
from carbonlib.paper.assumptions import embodied_ranges

PAPER_RANGES = embodied_ranges()


def _model(utilization, lifetime_years, intensity_kg_per_kwh=0.4):
    return footprint(100.0, intensity_kg_per_kwh, job_hours=24.0, system_embodied_kg=2000.0,
                     lifetime_years=lifetime_years, utilization=utilization)


def test_paper_ranges():
    assert PAPER_RANGES["utilization"] == Uniform(0.30, 0.60)  # Sec III-A: 30-60%
    assert PAPER_RANGES["lifetime_years"] == Uniform(3, 5)  # Sec III-A: 3-5 years


def test_distributions_validate():
    with pytest.raises(ValueError, match="high=1"):
        Uniform(2, 1)
    with pytest.raises(ValueError, match="mode"):
        Triangular(1, 0.5, 2)
    with pytest.raises(ValueError, match="low"):
        Uniform(np.nan, 1)


def test_sample_is_seeded_bounded_and_broadcasts_constants():
    inputs = {"pue": 1.1, "u": Uniform(0.3, 0.6), "t": Triangular(3, 4, 5)}
    a, b = sample(inputs, 1000, seed=7), sample(inputs, 1000, seed=7)
    assert all(np.array_equal(a[k], b[k]) for k in inputs)
    assert not np.array_equal(a["u"], sample(inputs, 1000, seed=8)["u"])
    assert (a["pue"] == 1.1).all() and a["pue"].shape == (1000,)
    assert a["u"].min() >= 0.3 and a["u"].max() <= 0.6
    assert a["t"].min() >= 3 and a["t"].max() <= 5
    # a zero-width range is a constant
    assert (sample({"x": Triangular(2, 2, 2)}, 3)["x"] == 2).all()


@pytest.mark.parametrize("n", [0, -1, 2.5, np.nan])
def test_sample_rejects_bad_n(n):
    with pytest.raises(ValueError, match="n="):
        sample({"u": Uniform(0, 1)}, n)


def test_monte_carlo_calls_func_once_and_has_one_column_per_output():
    calls = []

    def model(**kw):
        calls.append(kw)
        return _model(**kw)

    draws = monte_carlo(model, PAPER_RANGES, n=5000, seed=1)
    assert len(calls) == 1 and calls[0]["utilization"].shape == (5000,)
    assert list(draws.columns) == ["energy_kwh", "operational_kg", "embodied_kg", "total_kg",
                                   "embodied_share"]
    assert (draws["energy_kwh"] == 100.0).all()
    # embodied bounds: 2000 * 24 / (5 * 8760 * 0.6) = 1.826 and / (3 * 8760 * 0.3) = 6.088
    assert draws["embodied_kg"].min() >= 48000 / (5 * 8760 * 0.6)
    assert draws["embodied_kg"].max() <= 48000 / (3 * 8760 * 0.3)


def test_monte_carlo_accepts_dicts_and_arrays():
    arr = monte_carlo(lambda x: 2 * x, {"x": Uniform(0, 1)}, n=10)
    assert list(arr.columns) == ["value"]
    d = monte_carlo(lambda x: {"y": x, "c": 1.0}, {"x": Uniform(0, 1)}, n=10)
    assert list(d.columns) == ["y", "c"] and (d["c"] == 1.0).all()


def test_monte_carlo_matches_scalar_calls_on_the_same_draws():
    draws = monte_carlo(_model, PAPER_RANGES, n=50, seed=3)
    arrays = sample(PAPER_RANGES, 50, seed=3)
    loop = [_model(u, t).total_kg for u, t in zip(arrays["utilization"],
                                                     arrays["lifetime_years"], strict=True)]
    np.testing.assert_allclose(draws["total_kg"], loop)


def test_interval_by_hand():
    df = pd.DataFrame({"x": np.arange(101, dtype=float), "y": np.full(101, 2.0)})
    out = interval(df)
    # percentiles of 0..100 are the numbers themselves
    assert out.loc["x"].tolist() == [5.0, 50.0, 95.0, 50.0]
    assert out.loc["y"].tolist() == [2.0, 2.0, 2.0, 2.0]
    assert list(out.columns) == ["low", "median", "high", "mean"]
    with pytest.raises(ValueError, match="high"):
        interval(df, low=60, high=40)


def test_interval_of_uniform_embodied_range():
    # utilization U(0.3, 0.6) at 4 years: embodied = 5.479 / u kg; 5th percentile of u is 0.315,
    # so the 95th percentile of embodied is 5.479 / 0.315 = 17.39 (within Monte Carlo error)
    draws = monte_carlo(lambda utilization: _model(utilization, 4.0),
                        {"utilization": Uniform(0.3, 0.6)}, n=200_000)
    hi = interval(draws).loc["embodied_kg", "high"]
    assert hi == pytest.approx(2000 * 24 / (4 * 8760) / 0.315, rel=5e-3)


def test_sobol_linear_model_by_hand():
    # y = 3a + b with a, b ~ U(0,1): Var = 9/12 + 1/12, so S_a = 0.9 and S_b = 0.1
    s = sobol_indices(lambda a, b: {"y": 3 * a + b}, {"a": Uniform(0, 1), "b": Uniform(0, 1)},
                      output="y", n=2**13)
    assert s.loc["a", "first_order"] == pytest.approx(0.9, abs=0.03)
    assert s.loc["b", "first_order"] == pytest.approx(0.1, abs=0.03)
    assert s.loc["a", "total_order"] == pytest.approx(0.9, abs=0.03)


def test_sobol_footprint_constants_are_not_factors():
    inputs = {**PAPER_RANGES, "intensity_kg_per_kwh": 0.4}
    s = sobol_indices(_model, inputs, output="embodied_kg", n=2**10)
    assert list(s.index) == ["utilization", "lifetime_years"]
    # 1/u over [0.3, 0.6] varies by 2x, 1/t over [3, 5] by 1.67x: utilization dominates
    assert s["first_order"].idxmax() == "utilization"


def test_sobol_errors():
    with pytest.raises(ValueError, match="power of two"):
        sobol_indices(_model, PAPER_RANGES, output="total_kg", n=1000)
    with pytest.raises(ValueError, match="output='nope'"):
        sobol_indices(_model, PAPER_RANGES, output="nope", n=2**6)
    with pytest.raises(ValueError, match="no distribution"):
        sobol_indices(_model, {"utilization": 0.5, "lifetime_years": 4}, output="total_kg")


def test_bench_montecarlo_smoke():
    from carbonlib.machinery import bench_montecarlo

    r = bench_montecarlo.run(n=20_000, loop_n=200, repeats=1)
    # the same seed gives the same draws in carbonlib and in the inline numpy floor
    assert r["max_abs_diff_kg"] < 1e-9
    assert {"carbonlib_s", "floor_s", "loop_s_scaled", "floor_ratio", "loop_speedup"} <= set(r)
    assert "scaled linearly" in r["loop_note"]
