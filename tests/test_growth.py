"""methodology.growth: exponential fits and growth-factor conversions, by hand and by property."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbonlib.methodology.growth import (
    annual_factor,
    annual_rate,
    doubling_time_years,
    factor_over,
    fit_exponential,
    per_period_factor,
)


def test_conversions_by_hand():
    # 2.4x in 2 years: sqrt(2.4) = 1.5492 per year; doubling 2 ln2 / ln 2.4 = 1.386294 / 0.875469
    assert annual_factor(2.4, 2) == pytest.approx(1.549193, rel=1e-6)
    assert annual_rate(2.4, 2) == pytest.approx(0.549193, rel=1e-6)
    assert doubling_time_years(2.4, 2) == pytest.approx(1.583487, rel=1e-6)
    # 20x in 2 years doubles every 2 ln2 / ln20 = 1.3863 / 2.9957 = 0.46275 years
    assert doubling_time_years(20, 2) == pytest.approx(0.462756, rel=1e-5)
    # V100 32 GB (2018) to A100 80 GB (2021): 2.5 ** (2/3) = 1.8420 per two years
    assert factor_over(80 / 32, 3, 2) == pytest.approx(1.842016, rel=1e-6)
    assert per_period_factor([1.0, 1.55, 2.0, 2.86]) == pytest.approx(2.86)


def test_no_growth_has_infinite_doubling_time():
    assert doubling_time_years(1.0, 2) == math.inf
    assert doubling_time_years(0.5, 2) == math.inf
    np.testing.assert_array_equal(doubling_time_years(np.array([0.5, 4.0]), 2), [np.inf, 1.0])


def test_fit_recovers_an_exact_exponential():
    t = np.arange(0, 5, 0.25)
    y = 3.0 * np.exp(0.5 * t)
    fit = fit_exponential(t, y)
    assert fit.rate_per_year == pytest.approx(0.5)
    assert fit.y0 == pytest.approx(3.0)
    assert fit.doubling_time_years == pytest.approx(math.log(2) / 0.5)
    assert fit.annual_factor == pytest.approx(math.exp(0.5))
    assert fit.predict(2.0) == pytest.approx(3.0 * math.exp(1.0))
    assert fit.r_squared == pytest.approx(1.0)


def test_fit_interval_matches_scipy_t_interval_by_hand():
    # log y = [0, 1.1, 1.9, 3.2] against t = [0, 1, 2, 3]: mean t 1.5, mean log y 1.55;
    # Sxy = 5.2, Sxx = 5 -> slope 1.04, intercept 1.55 - 1.04 * 1.5 = -0.01
    t = np.array([0.0, 1.0, 2.0, 3.0])
    y = np.exp([0.0, 1.1, 1.9, 3.2])
    fit = fit_exponential(t, y, confidence=0.95)
    assert fit.rate_per_year == pytest.approx(1.04)
    # residuals 0.01, 0.07, -0.17, 0.09: SSE = 0.042, s^2 = SSE / 2 = 0.021,
    # se = sqrt(0.021 / 5) = 0.0648074; t(0.975, 2) = 4.302653 -> half-width 0.278844
    assert fit.rate_ci[0] == pytest.approx(1.04 - 0.278844, rel=1e-5)
    assert fit.rate_ci[1] == pytest.approx(1.04 + 0.278844, rel=1e-5)
    lo, hi = fit.doubling_time_ci
    assert lo == pytest.approx(math.log(2) / (1.04 + 0.278844), rel=1e-5)
    assert hi == pytest.approx(math.log(2) / (1.04 - 0.278844), rel=1e-5)


@pytest.mark.parametrize("kwargs, match", [
    ({"t_years": [0, 1, 2], "y": [1, 0, 2]}, r"y\[1\]=0"),
    ({"t_years": [0, 1, 2], "y": [1, np.nan, 2]}, r"y\[1\]"),
    ({"t_years": [0, 1], "y": [1, 2]}, "at least 3"),
    ({"t_years": [0, 1, 2], "y": [1, 2]}, "must match"),
    ({"t_years": [0, 1, 2], "y": [1, 2, 3], "confidence": 1.0}, "confidence=1"),
])
def test_fit_rejects_bad_inputs(kwargs, match):
    with pytest.raises(ValueError, match=match):
        fit_exponential(**kwargs)


@pytest.mark.parametrize("func", [annual_factor, annual_rate, doubling_time_years])
@pytest.mark.parametrize("factor, years, name", [(0, 2, "factor"), (-1, 2, "factor"),
                                                 (2, 0, "years"), (2, np.inf, "years")])
def test_conversions_reject_bad_inputs(func, factor, years, name):
    with pytest.raises(ValueError, match=rf"{name}=.*allowed range"):
        func(factor, years)


@given(st.floats(1.01, 1e4), st.floats(0.1, 20))
def test_doubling_time_and_annual_factor_agree(factor, years):
    # doubling at the implied annual factor takes ln2 / ln(annual factor) years
    dt = doubling_time_years(factor, years)
    assert dt == pytest.approx(math.log(2) / math.log(annual_factor(factor, years)), rel=1e-9)
    # compounding the annual factor over the period gives back the factor
    assert annual_factor(factor, years) ** years == pytest.approx(factor, rel=1e-9)


@given(st.floats(0.01, 1e3), st.floats(0.1, 10), st.floats(0.1, 10))
def test_factor_over_round_trips(factor, years, target):
    assert factor_over(factor_over(factor, years, target), target, years) == pytest.approx(
        factor, rel=1e-9)


def test_vectorized_equals_scalar_loop():
    factors, years = np.array([1.5, 2.4, 20.0]), np.array([1.0, 2.0, 2.0])
    vec = doubling_time_years(factors, years)
    assert vec.tolist() == pytest.approx([doubling_time_years(f, y)
                                          for f, y in zip(factors, years, strict=True)])


def test_power_law_fit_by_hand():
    from carbonlib.methodology.growth import fit_power_law

    # quality = 2 * energy ** -0.5: at 1, 4, 16 J it is 2, 1, 0.5
    fit = fit_power_law([1.0, 4.0, 16.0], [2.0, 1.0, 0.5])
    assert fit.exponent == pytest.approx(0.5) and fit.scale == pytest.approx(2.0)
    assert fit.r_squared == pytest.approx(1.0)
    # 2 * 64 ** -0.5 = 0.25
    assert fit.predict(64.0) == pytest.approx(0.25)


@pytest.mark.parametrize(("energy", "quality", "message"), [
    ([1.0, 2.0], [1.0], "energy has 2 values but quality has 1"),
    ([1.0, 1.0], [1.0, 0.5], "at least 2 are needed"),
    ([1.0, -2.0], [1.0, 0.5], "energy"),
    ([1.0, 2.0], [1.0, 0.0], "quality"),
])
def test_power_law_fit_rejects_bad_input(energy, quality, message):
    from carbonlib.methodology.growth import fit_power_law

    with pytest.raises(ValueError, match=message):
        fit_power_law(energy, quality)
