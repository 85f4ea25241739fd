"""Compounding of optimizations: multiplicative chains of efficiency gains, and rebound.

An optimization that makes a workload ``k`` times more efficient divides its operational power by
``k``; successive optimizations multiply. Fig 7's chain (caching, GPU, FP16, custom operators)
and Fig 6's reductions per half-year both compound this way.

Reductions over time (Fig 6, Fig 8) are written as fractions per period: a reduction ``r``
leaves ``1 - r`` of the power. When demand grows by ``g`` per period at the same time, the power
after ``N`` periods is ``((1 + g) (1 - r)) ** N`` times the start: efficiency gains are eaten by
growth (rebound, or Jevons' paradox) and the net change can be small or even positive.
:func:`implied_demand_growth` solves for the ``g`` that reconciles a per-period reduction with a
stated net result, as for the paper's ~20% per half-year (Fig 6) against its net 28.5% (Fig 8).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from carbonlib.methodology import validation as v

__all__ = ["chain_factor", "chain_levels", "step_factors", "compound_reduction",
           "cumulative_reduction", "equivalent_reduction_per_period", "net_change",
           "implied_demand_growth", "breakeven_demand_growth"]


def chain_factor(factors: Sequence[float] | Any) -> float:
    """Overall gain of a chain of multiplicative optimizations.

    Parameters
    ----------
    factors : sequence of float
        Gain of each step (dimensionless, > 0; 6.7 means 6.7x less power after the step).

    Returns
    -------
    float
        The product of the factors.

    Examples
    --------
    Fig 7: caching 6.7x, GPU 10.1x, FP16 2.4x, custom operators 5x

    >>> round(chain_factor([6.7, 10.1, 2.4, 5.0]), 2)
    812.04
    """
    arr = np.asarray(factors, dtype=float)
    v.positive("factors", arr)
    return float(np.prod(arr))


def chain_levels(start: float, factors: Sequence[float] | Any) -> np.ndarray:
    """Levels after each step of a chain, starting at ``start``.

    Parameters
    ----------
    start : float
        Level before any optimization (any unit, > 0).
    factors : sequence of float
        Gain of each step (> 0).

    Returns
    -------
    numpy.ndarray
        ``len(factors) + 1`` levels: ``start``, ``start / f1``, ``start / (f1 f2)``, ...

    Examples
    --------
    >>> chain_levels(810, [6.7, 10.1, 2.4, 5.0]).round(1).tolist()
    [810.0, 120.9, 12.0, 5.0, 1.0]
    """
    v.positive("start", start)
    arr = np.asarray(factors, dtype=float)
    v.positive("factors", arr)
    return start / np.concatenate([[1.0], np.cumprod(arr)])


def step_factors(levels: Sequence[float] | Any) -> np.ndarray:
    """Gain of each step from a series of levels (the inverse of :func:`chain_levels`).

    Parameters
    ----------
    levels : sequence of float
        Successive levels (> 0), e.g. Fig 7's bar labels 810, 121, 12, 5, 1.

    Returns
    -------
    numpy.ndarray
        ``levels[i] / levels[i + 1]`` for each step.

    Examples
    --------
    >>> step_factors([810, 121, 12, 5, 1]).round(2).tolist()
    [6.69, 10.08, 2.4, 5.0]
    """
    arr = np.asarray(levels, dtype=float)
    v.positive("levels", arr)
    return arr[:-1] / arr[1:]


def _reduction(name: str, value: Any) -> Any:
    """A reduction per period: a fraction in [0, 1) (1 would remove all power)."""
    return v.check_range(name, value, low=0.0, high=1.0, high_open=True)


def _growth(name: str, value: Any) -> Any:
    """A growth rate per period: a fraction > -1 (demand may shrink, not below zero)."""
    return v.check_range(name, value, low=-1.0, low_open=True)


def compound_reduction(reduction_per_period: Any, periods: Any) -> Any:
    """Total reduction after ``periods`` successive reductions of the same size.

    ``1 - (1 - reduction_per_period) ** periods``: each period removes its share of what the
    previous periods left.

    Parameters
    ----------
    reduction_per_period : float or array_like
        Fraction of the power removed in each period, in [0, 1) (0.2 = 20%).
    periods : float or array_like
        Number of periods (>= 0; fractional periods interpolate geometrically).

    Returns
    -------
    float or array_like
        Total reduction as a fraction of the starting power, in [0, 1).

    Examples
    --------
    Fig 6's ~20% per half-year, over two years (4 half-years): 1 - 0.8 ** 4 = 0.5904

    >>> round(compound_reduction(0.2, 4), 4)
    0.5904
    """
    _reduction("reduction_per_period", reduction_per_period)
    v.nonnegative("periods", periods)
    return 1.0 - (1.0 - reduction_per_period) ** periods


def cumulative_reduction(reductions: Sequence[float] | Any) -> np.ndarray:
    """Total reduction after each of a sequence of per-period reductions.

    Parameters
    ----------
    reductions : sequence of float
        Fraction removed in each period, each in [0, 1), in time order.

    Returns
    -------
    numpy.ndarray
        ``1 - prod(1 - r_1 ... r_k)`` for k = 1 .. len(reductions).

    Examples
    --------
    Two periods of 50% then 20%: 1 - 0.5 = 0.5, then 1 - 0.5 * 0.8 = 0.6

    >>> cumulative_reduction([0.5, 0.2]).tolist()
    [0.5, 0.6]
    """
    arr = np.asarray(reductions, dtype=float)
    _reduction("reductions", arr)
    return 1.0 - np.cumprod(1.0 - arr)


def equivalent_reduction_per_period(total_reduction: Any, periods: Any) -> Any:
    """The constant per-period reduction that compounds to ``total_reduction`` (geometric mean).

    The inverse of :func:`compound_reduction`: ``1 - (1 - total_reduction) ** (1 / periods)``.

    Parameters
    ----------
    total_reduction : float or array_like
        Total reduction over all periods, a fraction in [0, 1).
    periods : float or array_like
        Number of periods (> 0).

    Returns
    -------
    float or array_like
        Reduction per period, a fraction in [0, 1).

    Examples
    --------
    A 59.04% reduction over 4 periods is 20% per period: 1 - 0.4096 ** 0.25 = 0.2

    >>> round(equivalent_reduction_per_period(0.5904, 4), 4)
    0.2
    """
    _reduction("total_reduction", total_reduction)
    v.positive("periods", periods)
    return 1.0 - (1.0 - total_reduction) ** (1.0 / periods)


def net_change(reduction_per_period: Any, demand_growth_per_period: Any, periods: Any) -> Any:
    """Net change of power when efficiency improves and demand grows in every period.

    ``((1 + demand_growth_per_period) * (1 - reduction_per_period)) ** periods - 1``. Negative
    values are net reductions; positive values mean growth outpaced efficiency (rebound).

    Parameters
    ----------
    reduction_per_period : float or array_like
        Fraction of the power removed by optimization in each period, in [0, 1).
    demand_growth_per_period : float or array_like
        Growth of the demand (work to be done) in each period, a fraction > -1 (0.15 = +15%).
    periods : float or array_like
        Number of periods (>= 0).

    Returns
    -------
    float or array_like
        Net change as a fraction of the starting power (-0.285 = 28.5% lower).

    Examples
    --------
    20% less power per half-year while demand grows 15% per half-year, over 4 half-years:
    (1.15 * 0.8) ** 4 - 1 = 0.92 ** 4 - 1 = -0.2836

    >>> round(net_change(0.2, 0.15, 4), 4)
    -0.2836
    """
    _reduction("reduction_per_period", reduction_per_period)
    _growth("demand_growth_per_period", demand_growth_per_period)
    v.nonnegative("periods", periods)
    return ((1.0 + demand_growth_per_period) * (1.0 - reduction_per_period)) ** periods - 1.0


def implied_demand_growth(reduction_per_period: Any, net_reduction: Any, periods: Any) -> Any:
    """Demand growth per period that reconciles a per-period reduction with a net result.

    Solves :func:`net_change` for the growth: with ``(1 + g) ** N * (1 - r) ** N = 1 - net``,
    ``g = (1 - net_reduction) ** (1 / periods) / (1 - reduction_per_period) - 1``.

    Parameters
    ----------
    reduction_per_period : float or array_like
        Fraction of the power removed by optimization in each period, in [0, 1).
    net_reduction : float or array_like
        Net reduction of power over all periods, a fraction < 1 (negative for a net increase).
    periods : float or array_like
        Number of periods (> 0).

    Returns
    -------
    float or array_like
        Demand growth per period, a fraction (0.149 = +14.9% per period).

    Examples
    --------
    The paper's ~20% per half-year (Fig 6) and net 28.5% over two years (Fig 8):
    0.715 ** 0.25 / 0.8 - 1 = 0.91955 / 0.8 - 1 = 0.1494

    >>> round(implied_demand_growth(0.2, 0.285, 4), 4)
    0.1494
    """
    _reduction("reduction_per_period", reduction_per_period)
    v.check_range("net_reduction", net_reduction, high=1.0, high_open=True)
    v.positive("periods", periods)
    return (1.0 - net_reduction) ** (1.0 / periods) / (1.0 - reduction_per_period) - 1.0


def breakeven_demand_growth(reduction_per_period: Any) -> Any:
    """Demand growth per period at which a per-period reduction is fully eaten (net change 0).

    ``r / (1 - r)``: above this growth, power rises despite the optimizations (Jevons).

    Parameters
    ----------
    reduction_per_period : float or array_like
        Fraction of the power removed by optimization in each period, in [0, 1).

    Returns
    -------
    float or array_like
        Demand growth per period, a fraction.

    Examples
    --------
    20% less power per period is cancelled by 25% more demand per period: 0.2 / 0.8 = 0.25

    >>> round(breakeven_demand_growth(0.2), 4)
    0.25
    """
    _reduction("reduction_per_period", reduction_per_period)
    return reduction_per_period / (1.0 - reduction_per_period)
