"""Compounding of optimizations: multiplicative chains of efficiency gains.

An optimization that makes a workload ``k`` times more efficient divides its operational power by
``k``; successive optimizations multiply. Fig 7's chain (caching, GPU, FP16, custom operators)
and Fig 6's reductions per half-year both compound this way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import validation as v

__all__ = ["chain_factor", "chain_levels", "step_factors"]


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
