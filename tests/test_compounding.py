"""carbonlib.methodology.compounding over time: compounding, rebound and implied demand growth."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbonlib.methodology import compounding
from carbonlib.methodology.compounding import (
    breakeven_demand_growth,
    compound_reduction,
    cumulative_reduction,
    equivalent_reduction_per_period,
    implied_demand_growth,
    net_change,
)

reductions = st.floats(min_value=0.0, max_value=0.95)
growths = st.floats(min_value=-0.5, max_value=2.0)
periods = st.integers(min_value=1, max_value=12)
# the inverses are well conditioned only while (1 - r) ** n stays well above machine epsilon
moderate = st.floats(min_value=0.0, max_value=0.6)


def test_docstring_examples_run():
    result = doctest.testmod(compounding)
    assert result.failed == 0 and result.attempted >= 9


def test_by_hand():
    # 20% per half-year over 4 half-years: 1 - 0.8^4 = 1 - 0.4096 = 0.5904
    assert compound_reduction(0.2, 4) == pytest.approx(0.5904)
    # 10% then 20%: 1 - 0.9 = 0.1, then 1 - 0.9 * 0.8 = 0.28
    assert cumulative_reduction([0.1, 0.2]) == pytest.approx([0.1, 0.28])
    # 1 - 0.64 ** 0.5 = 0.2
    assert equivalent_reduction_per_period(0.36, 2) == pytest.approx(0.2)
    # (1.25 * 0.8) ** 4 - 1 = 0: 25% growth cancels 20% reduction
    assert net_change(0.2, 0.25, 4) == pytest.approx(0.0)
    assert breakeven_demand_growth(0.2) == pytest.approx(0.25)
    # net 28.5% over 4 half-years at 20% each: 0.715 ** 0.25 / 0.8 - 1 = 0.91955 / 0.8 - 1
    assert implied_demand_growth(0.2, 0.285, 4) == pytest.approx(0.91955 / 0.8 - 1, abs=1e-4)
    # Sec VI's 25.8%: 0.742 ** 0.25 / 0.8 - 1 = 0.92811 / 0.8 - 1 = 0.1601
    assert implied_demand_growth(0.2, 0.258, 4) == pytest.approx(0.92811 / 0.8 - 1, abs=1e-4)


@given(moderate, growths, periods)
def test_implied_growth_inverts_net_change(r, g, n):
    net = net_change(r, g, n)
    if net >= 1.0 - 1e-12 or -net >= 1.0:
        return
    assert implied_demand_growth(r, -net, n) == pytest.approx(g, rel=1e-6, abs=1e-9)


@given(moderate, periods)
def test_equivalent_rate_inverts_compounding(r, n):
    assert equivalent_reduction_per_period(compound_reduction(r, n), n) == \
        pytest.approx(r, abs=1e-9)


@given(st.lists(reductions, min_size=1, max_size=8))
def test_cumulative_is_monotonic_and_bounded(rs):
    c = cumulative_reduction(rs)
    assert np.all(np.diff(c) >= -1e-12) and np.all((c >= 0) & (c < 1))
    assert c[-1] == pytest.approx(1 - np.prod(1 - np.array(rs)))


@given(reductions, growths, growths, periods)
def test_net_change_grows_with_demand(r, g1, g2, n):
    lo, hi = sorted((g1, g2))
    assert net_change(r, lo, n) <= net_change(r, hi, n) + 1e-12


def test_vectorized_equals_scalar_loop():
    r = np.array([0.1, 0.2, 0.3])
    g = pd.Series([0.05, 0.15, 0.4])
    vec = net_change(r, g, 4)
    assert list(vec) == pytest.approx([net_change(a, b, 4) for a, b in zip(r, g, strict=True)])


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: compound_reduction(1.0, 4), "reduction_per_period"),
        (lambda: compound_reduction(-0.1, 4), "reduction_per_period"),
        (lambda: compound_reduction(0.2, -1), "periods"),
        (lambda: cumulative_reduction([0.1, np.nan]), r"reductions\[1\]"),
        (lambda: equivalent_reduction_per_period(0.5, 0), "periods"),
        (lambda: net_change(0.2, -1.0, 4), "demand_growth_per_period"),
        (lambda: net_change(0.2, np.inf, 4), "demand_growth_per_period"),
        (lambda: implied_demand_growth(0.2, 1.0, 4), "net_reduction"),
        (lambda: implied_demand_growth(0.2, 0.3, 0), "periods"),
        (lambda: breakeven_demand_growth(np.array([0.1, 1.2])), r"reduction_per_period\[1\]"),
    ],
)
def test_bad_inputs_name_the_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name}"):
        call()
