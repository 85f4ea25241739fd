"""Exponential growth: fit a rate to a series, and convert growth factors between periods.

The paper describes AI's growth with multiples over a period ("2.4x in two years", "2.9x over 1.5
years", "20x between 2019 and 2021", "less than 2x every 2 years"). Multiples over different periods
only compare once they are put on one footing: an annual growth factor, an annual rate, or a
doubling time. For a series with many points (monthly arXiv counts, quarterly capacity) the rate is
fitted by least squares on the logarithm, ``log y = a + r t``, with a Student-t confidence interval
on the continuous rate ``r`` (per year). The doubling time is ``ln 2 / r``.

All functions are pure and validated with :mod:`carbonlib.methodology.validation`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from carbonlib.methodology import validation as v

__all__ = ["GrowthFit", "fit_exponential", "annual_factor", "annual_rate", "doubling_time_years",
           "factor_over", "per_period_factor", "PowerLawFit", "fit_power_law", "energy_ratio",
           "implied_power_law_exponent"]


@dataclass(frozen=True)
class GrowthFit:
    """An exponential fit ``y = y0 * exp(rate_per_year * (t - t0))``.

    Attributes
    ----------
    rate_per_year : float
        Continuous growth rate r, per year (``ln`` of the annual factor).
    rate_ci : tuple of float
        Confidence interval of ``rate_per_year`` (Student t on the slope's standard error).
    y0 : float
        Fitted value at ``t0``.
    t0 : float
        Reference time, in years (the first time of the series).
    confidence : float
        Confidence level of the intervals, e.g. 0.95.
    n : int
        Number of points used.
    r_squared : float
        Coefficient of determination of the log-linear fit.
    """

    rate_per_year: float
    rate_ci: tuple[float, float]
    y0: float
    t0: float
    confidence: float
    n: int
    r_squared: float

    @property
    def annual_factor(self) -> float:
        """Growth multiple per year, ``exp(rate_per_year)``."""
        return math.exp(self.rate_per_year)

    @property
    def annual_rate(self) -> float:
        """Growth per year as a fraction, ``annual_factor - 1`` (0.5 means +50% a year)."""
        return math.expm1(self.rate_per_year)

    @property
    def doubling_time_years(self) -> float:
        """Doubling time in years, ``ln 2 / rate_per_year`` (inf if not growing)."""
        return _doubling(self.rate_per_year)

    @property
    def doubling_time_ci(self) -> tuple[float, float]:
        """Confidence interval of the doubling time, in years (low, high).

        The upper end is ``inf`` when the rate's interval reaches zero or below.
        """
        lo, hi = self.rate_ci
        return (_doubling(hi), _doubling(lo))

    def predict(self, t_years: Any) -> Any:
        """Fitted value at time(s) ``t_years`` (same time origin as the fitted series)."""
        return self.y0 * np.exp(self.rate_per_year * (np.asarray(t_years, dtype=float) - self.t0))


def _doubling(rate: float) -> float:
    return math.log(2.0) / rate if rate > 0 else math.inf


def fit_exponential(t_years: Any, y: Any, *, confidence: float = 0.95) -> GrowthFit:
    """Fit exponential growth to a positive series by least squares on ``log y``.

    Parameters
    ----------
    t_years : array_like
        Times, in years (decimal years or years since a start), at least 3 distinct values.
    y : array_like
        Positive values (papers, capacity, ...), same length as ``t_years``.
    confidence : float, default 0.95
        Confidence level of the interval on the rate, in (0, 1).

    Returns
    -------
    GrowthFit
        Rate per year with its confidence interval, doubling time, annual factor.

    Notes
    -----
    The interval assumes independent residuals. Monthly counts are autocorrelated and seasonal,
    so for them the interval is optimistic; it still ranks well-separated rates.

    Examples
    --------
    A series that doubles every year, sampled quarterly:

    >>> t = [0, 0.25, 0.5, 0.75, 1.0]
    >>> fit = fit_exponential(t, [2 ** x for x in t])
    >>> round(fit.doubling_time_years, 6), round(fit.annual_factor, 6)
    (1.0, 2.0)
    """
    t = np.asarray(v.check_range("t_years", t_years), dtype=float).ravel()
    yy = np.asarray(v.positive("y", y), dtype=float).ravel()
    v.check_range("confidence", confidence, low=0.0, high=1.0, low_open=True, high_open=True)
    if t.size != yy.size:
        raise ValueError(f"t_years has {t.size} values but y has {yy.size}; they must match")
    if np.unique(t).size < 3:
        raise ValueError(f"t_years has {np.unique(t).size} distinct values; at least 3 are "
                         "needed to fit a rate with a confidence interval")
    res = stats.linregress(t, np.log(yy))
    dof = t.size - 2
    half = stats.t.ppf(0.5 + confidence / 2.0, dof) * res.stderr
    t0 = float(t.min())
    return GrowthFit(
        rate_per_year=float(res.slope),
        rate_ci=(float(res.slope - half), float(res.slope + half)),
        y0=float(math.exp(res.intercept + res.slope * t0)),
        t0=t0,
        confidence=float(confidence),
        n=int(t.size),
        r_squared=float(res.rvalue ** 2),
    )


def annual_factor(factor: Any, years: Any) -> Any:
    """Growth multiple per year implied by ``factor`` over ``years``: ``factor ** (1 / years)``.

    Parameters
    ----------
    factor : float or array_like
        Growth multiple over the period (2.4 for "2.4x"), > 0.
    years : float or array_like
        Length of the period, in years, > 0.

    Returns
    -------
    float or array_like
        Multiple per year.

    Examples
    --------
    >>> round(annual_factor(2.4, 2), 4)   # 2.4x in two years: sqrt(2.4)
    1.5492
    """
    v.positive("factor", factor)
    v.positive("years", years)
    out = np.power(np.asarray(factor, dtype=float), 1.0 / np.asarray(years, dtype=float))
    return float(out) if out.ndim == 0 else out


def annual_rate(factor: Any, years: Any) -> Any:
    """Growth per year as a fraction (0.55 = +55%/year) implied by ``factor`` over ``years``.

    Parameters
    ----------
    factor : float or array_like
        Growth multiple over the period, > 0.
    years : float or array_like
        Length of the period, in years, > 0.

    Returns
    -------
    float or array_like
        ``factor ** (1 / years) - 1``.

    Examples
    --------
    >>> round(annual_rate(2.9, 1.5), 4)   # 2.9 ** (1 / 1.5) - 1
    1.0336
    """
    return annual_factor(factor, years) - 1.0


def doubling_time_years(factor: Any, years: Any) -> Any:
    """Doubling time, in years, of steady growth by ``factor`` over ``years``.

    ``years * ln 2 / ln factor``; ``inf`` where ``factor <= 1`` (no growth).

    Parameters
    ----------
    factor, years : float or array_like
        Growth multiple (> 0) over a period of ``years`` years (> 0), as for
        :func:`annual_factor`.

    Returns
    -------
    float or array_like
        Years.

    Examples
    --------
    >>> round(doubling_time_years(20, 2) * 12, 2)   # 20x in two years: months to double
    5.55
    """
    v.positive("factor", factor)
    v.positive("years", years)
    f = np.asarray(factor, dtype=float)
    y = np.asarray(years, dtype=float)
    with np.errstate(divide="ignore"):
        out = np.where(f > 1.0, y * math.log(2.0) / np.log(np.where(f > 1.0, f, 2.0)), np.inf)
    return float(out) if out.ndim == 0 else out


def factor_over(factor: Any, years: Any, target_years: Any) -> Any:
    """Re-express a multiple over ``years`` as the multiple over ``target_years``.

    ``factor ** (target_years / years)``, assuming steady exponential growth.

    Parameters
    ----------
    factor : float or array_like
        Growth multiple over ``years``, > 0.
    years : float or array_like
        Period of ``factor``, in years, > 0.
    target_years : float or array_like
        Period to express the growth over, in years, > 0.

    Returns
    -------
    float or array_like
        Multiple over ``target_years``.

    Examples
    --------
    GPU memory 32 GB (2018) to 80 GB (2021), per two years:

    >>> round(factor_over(80 / 32, 3, 2), 3)
    1.842
    """
    v.positive("factor", factor)
    v.positive("years", years)
    v.positive("target_years", target_years)
    out = np.power(np.asarray(factor, dtype=float),
                   np.asarray(target_years, dtype=float) / np.asarray(years, dtype=float))
    return float(out) if out.ndim == 0 else out


def per_period_factor(levels: Any) -> Any:
    """Overall multiple of a series, last over first (``levels[-1] / levels[0]``).

    Parameters
    ----------
    levels : array_like
        Positive values in time order (at least two).

    Returns
    -------
    float

    Examples
    --------
    >>> per_period_factor([1.0, 1.55, 2.0, 2.86])
    2.86
    """
    arr = np.asarray(v.positive("levels", levels), dtype=float).ravel()
    if arr.size < 2:
        raise ValueError(f"levels has {arr.size} value(s); at least 2 are needed")
    return float(arr[-1] / arr[0])


@dataclass(frozen=True)
class PowerLawFit:
    """A power law ``quality = scale * energy ** (-exponent)`` fitted on log-log axes.

    Attributes
    ----------
    exponent : float
        The power b (dimensionless; > 0 when quality improves, i.e. falls, with energy).
    scale : float
        Quality at unit energy (the quality's unit).
    n : int
        Number of points used.
    r_squared : float
        Coefficient of determination of the log-log fit.
    """

    exponent: float
    scale: float
    n: int
    r_squared: float

    def predict(self, energy: Any) -> Any:
        """Fitted quality at ``energy`` (same unit as the fitted energies)."""
        return self.scale * np.power(np.asarray(energy, dtype=float), -self.exponent)


def fit_power_law(energy: Any, quality: Any) -> PowerLawFit:
    """Fit ``quality = scale * energy ** (-exponent)`` by least squares on ``log quality``.

    Parameters
    ----------
    energy : array_like
        Positive energies (any unit, e.g. J per training step), at least 2 distinct values.
    quality : array_like
        Positive quality losses (lower is better: error, normalized entropy), same length.

    Returns
    -------
    PowerLawFit

    Examples
    --------
    Quality halving for every 16x of energy is an exponent of 0.25:

    >>> fit = fit_power_law([1, 16, 256], [1.0, 0.5, 0.25])
    >>> round(fit.exponent, 6), round(fit.scale, 6)
    (0.25, 1.0)
    """
    e = np.asarray(v.positive("energy", energy), dtype=float).ravel()
    q = np.asarray(v.positive("quality", quality), dtype=float).ravel()
    if e.size != q.size:
        raise ValueError(f"energy has {e.size} values but quality has {q.size}; they must match")
    if np.unique(e).size < 2:
        raise ValueError(f"energy has {np.unique(e).size} distinct value(s); at least 2 are "
                         "needed to fit a power law")
    res = stats.linregress(np.log(e), np.log(q))
    return PowerLawFit(exponent=float(-res.slope), scale=float(math.exp(res.intercept)),
                       n=int(e.size), r_squared=float(res.rvalue ** 2))


def energy_ratio(energy_high_j: float, energy_low_j: float, *, error_high_j: float = 0.0,
                 error_low_j: float = 0.0) -> tuple[float, float, float]:
    """Energy saving factor of the cheaper setting, with the range its reading errors allow.

    Parameters
    ----------
    energy_high_j, energy_low_j : float
        Energy per training step of the costlier and the cheaper setting, in joules (> 0).
    error_high_j, error_low_j : float, default 0
        Reading errors of each, in joules (>= 0, smaller than the value).

    Returns
    -------
    tuple of float
        ``(ratio, lowest, highest)``, dimensionless.

    Examples
    --------
    >>> energy_ratio(1.2, 0.3)
    (4.0, 4.0, 4.0)
    >>> [round(x, 2) for x in energy_ratio(1.2, 0.3, error_high_j=0.1, error_low_j=0.02)]
    [4.0, 3.44, 4.64]
    """
    v.positive("energy_high_j", energy_high_j)
    v.positive("energy_low_j", energy_low_j)
    v.check_range("error_high_j", error_high_j, low=0.0, high=energy_high_j, high_open=True)
    v.check_range("error_low_j", error_low_j, low=0.0, high=energy_low_j, high_open=True)
    ratio = energy_high_j / energy_low_j
    return (ratio, (energy_high_j - error_high_j) / (energy_low_j + error_low_j),
            (energy_high_j + error_high_j) / (energy_low_j - error_low_j))


def implied_power_law_exponent(quality_ratio: float, energy_ratio_x: float) -> float:
    """Exponent b of ``quality = c * energy**(-b)`` that links two points.

    ``b = ln(quality_ratio) / ln(energy_ratio_x)``, with ``quality_ratio`` the worse over the
    better quality (>= 1) and ``energy_ratio_x`` the costlier over the cheaper energy (> 1).

    Examples
    --------
    A 0.5% change in normalized entropy for 4x the energy:

    >>> round(implied_power_law_exponent(1.005, 4.0), 4)
    0.0036
    """
    v.check_range("quality_ratio", quality_ratio, low=1.0)
    v.check_range("energy_ratio_x", energy_ratio_x, low=1.0, low_open=True)
    return float(np.log(quality_ratio) / np.log(energy_ratio_x))
