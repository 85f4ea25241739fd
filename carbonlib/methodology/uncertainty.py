"""Uncertainty: seeded, vectorized Monte Carlo over input ranges, percentiles and Sobol indices.

The paper states ranges rather than values for the assumptions behind embodied carbon (Sec III-A:
utilization 30-60%, lifetime 3-5 years). Here an input is either a constant or a distribution
(:class:`Uniform`, :class:`Triangular`); :func:`monte_carlo` draws every distribution once, calls
the model once on whole arrays, and returns one column per output; :func:`interval` summarizes the
draws as percentiles; :func:`sobol_indices` says which input drives an output's variance.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from carbonlib.methodology import validation as v
from carbonlib.methodology.embodied import embodied_kg

__all__ = ["Uniform", "Triangular", "sample", "monte_carlo", "interval", "embodied_interval_kg",
           "sobol_indices"]


@dataclass(frozen=True)
class Uniform:
    """Uniform distribution on ``[low, high]`` (``low == high`` is a constant).

    Examples
    --------
    >>> import numpy as np
    >>> x = Uniform(3, 5).sample(np.random.default_rng(0), 4)
    >>> bool(((x >= 3) & (x <= 5)).all())
    True
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        v.check_range("low", self.low)
        v.check_range("high", self.high, low=float(self.low))

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws from ``rng``."""
        return rng.uniform(self.low, self.high, n)

    def frozen(self) -> Any:
        """The equivalent ``scipy.stats`` frozen distribution (used for Sobol indices)."""
        from scipy import stats  # imported on use: scipy.stats takes seconds to import

        return stats.uniform(loc=self.low, scale=self.high - self.low)

    @property
    def is_constant(self) -> bool:
        """True when the range has zero width."""
        return self.high == self.low


@dataclass(frozen=True)
class Triangular:
    """Triangular distribution on ``[low, high]`` peaking at ``mode``.

    Examples
    --------
    >>> import numpy as np
    >>> x = Triangular(1.0, 1.1, 1.5).sample(np.random.default_rng(0), 1000)
    >>> bool(1.0 <= x.min() and x.max() <= 1.5)
    True
    """

    low: float
    mode: float
    high: float

    def __post_init__(self) -> None:
        v.check_range("low", self.low)
        v.check_range("mode", self.mode, low=float(self.low))
        v.check_range("high", self.high, low=float(self.mode))

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws from ``rng``."""
        if self.is_constant:
            return np.full(n, float(self.low))
        return rng.triangular(self.low, self.mode, self.high, n)

    def frozen(self) -> Any:
        """The equivalent ``scipy.stats`` frozen distribution (used for Sobol indices)."""
        from scipy import stats

        width = self.high - self.low
        return stats.triang(c=(self.mode - self.low) / width, loc=self.low, scale=width)

    @property
    def is_constant(self) -> bool:
        """True when the range has zero width."""
        return self.high == self.low


Distribution = Uniform | Triangular

def _check_n(name: str, n: int) -> int:
    v.check_range(name, n, low=1.0)
    if int(n) != n:
        raise ValueError(f"{name}={n!r} is not a whole number; allowed range [1, inf)")
    return int(n)


def sample(inputs: Mapping[str, float | Distribution], n: int, *,
           seed: int = 0) -> dict[str, np.ndarray]:
    """Draw ``n`` scenarios: one array of length ``n`` per input.

    Distributions are drawn in the order of ``inputs`` from one ``numpy.random.default_rng(seed)``;
    constants are repeated (a read-only broadcast view, no copy).

    Parameters
    ----------
    inputs : mapping of str to float, Uniform or Triangular
        Each model input, as a constant or a distribution.
    n : int
        Number of scenarios (>= 1).
    seed : int, default 0
        Seed of the random generator; the same seed gives the same draws.

    Returns
    -------
    dict of str to numpy.ndarray

    Examples
    --------
    >>> s = sample({"pue": 1.1, "utilization": Uniform(0.3, 0.6)}, 3, seed=1)
    >>> s["pue"].tolist(), s["utilization"].shape
    ([1.1, 1.1, 1.1], (3,))
    """
    n = _check_n("n", n)
    rng = np.random.default_rng(seed)
    out: dict[str, np.ndarray] = {}
    for name, spec in inputs.items():
        if isinstance(spec, Uniform | Triangular):
            out[name] = spec.sample(rng, n)
        else:
            v.check_range(name, spec)
            out[name] = np.broadcast_to(np.asarray(spec, dtype=float), (n,))
    return out


def _outputs(result: Any, n: int) -> dict[str, np.ndarray]:
    if hasattr(result, "as_dict"):
        result = result.as_dict()
    if not isinstance(result, Mapping):
        result = {"value": result}
    return {k: np.broadcast_to(np.asarray(val, dtype=float), (n,)) for k, val in result.items()}


def monte_carlo(func: Callable[..., Any], inputs: Mapping[str, float | Distribution], *,
                n: int = 100_000, seed: int = 0) -> pd.DataFrame:
    """Propagate input distributions through ``func`` by Monte Carlo, vectorized.

    ``func`` is called once, as ``func(**arrays)`` with one array of length ``n`` per input.

    Parameters
    ----------
    func : callable
        The model. Returns a :class:`methodology.footprint.Footprint`, a dict of arrays or one array
        (which becomes the column ``value``).
    inputs : mapping of str to float, Uniform or Triangular
        Keyword arguments of ``func``, as constants or distributions.
    n : int, default 100_000
        Number of scenarios.
    seed : int, default 0
        Random seed (see :func:`sample`).

    Returns
    -------
    pandas.DataFrame
        ``n`` rows, one column per output.

    Examples
    --------
    >>> from carbonlib.methodology.footprint import footprint
    >>> def model(utilization, lifetime_years):
    ...     return footprint(100.0, 0.4, job_hours=24, system_embodied_kg=2000,
    ...                      lifetime_years=lifetime_years, utilization=utilization)
    >>> ranges = {"utilization": Uniform(0.3, 0.6), "lifetime_years": Uniform(3, 5)}
    >>> draws = monte_carlo(model, ranges, n=1000)
    >>> list(draws.columns)
    ['energy_kwh', 'operational_kg', 'embodied_kg', 'total_kg', 'embodied_share']
    """
    n = _check_n("n", n)
    arrays = sample(inputs, n, seed=seed)
    return pd.DataFrame(_outputs(func(**arrays), n), copy=False)


def interval(samples: pd.DataFrame, *, low: float = 5, high: float = 95) -> pd.DataFrame:
    """Percentile interval, median and mean of every output column.

    Parameters
    ----------
    samples : pandas.DataFrame
        Draws, e.g. from :func:`monte_carlo`.
    low, high : float, default 5 and 95
        Percentiles of the interval, in [0, 100], ``low <= high``.

    Returns
    -------
    pandas.DataFrame
        Index: the output names; columns ``low``, ``median``, ``high``, ``mean``.

    Examples
    --------
    >>> import pandas as pd
    >>> interval(pd.DataFrame({"x": [0.0, 1.0, 2.0, 3.0, 4.0]}), low=0, high=100).loc["x"].tolist()
    [0.0, 2.0, 4.0, 2.0]
    """
    v.check_range("low", low, low=0.0, high=100.0)
    v.check_range("high", high, low=float(low), high=100.0)
    if not isinstance(samples, pd.DataFrame):
        raise ValueError(f"samples is a {type(samples).__name__}; expected a pandas.DataFrame "
                         "of draws (one column per output), e.g. from monte_carlo")
    if samples.shape[0] == 0 or samples.shape[1] == 0:
        raise ValueError(f"samples has shape {samples.shape}; an interval needs at least one "
                         "draw (row) of at least one output (column)")
    values = samples.to_numpy(dtype=float)
    not_computed = np.isnan(values).all(axis=0)  # an output the model left out (all NaN)
    partial = ~np.isfinite(values).all(axis=0) & ~not_computed
    if partial.any():
        column = samples.columns[np.flatnonzero(partial)[0]]
        raise ValueError(f"samples[{column!r}] holds NaN or infinite draws among finite ones; "
                         "allowed: finite draws, or all NaN for an output not computed")
    values = np.where(not_computed, 0.0, values)
    q = np.percentile(values, [low, 50.0, high], axis=0)
    q[:, not_computed] = np.nan
    mean = np.where(not_computed, np.nan, values.mean(axis=0))
    return pd.DataFrame({"low": q[0], "median": q[1], "high": q[2], "mean": mean},
                        index=samples.columns)


#: Smallest base sample :func:`sobol_indices` accepts. The Saltelli/Jansen estimators' error
#: falls as 1/sqrt(n); at n = 64 it is still of order 0.1 for a unit-variance model, so smaller
#: samples cannot rank inputs.
MIN_SOBOL_N: int = 2**6


def sobol_indices(func: Callable[..., Any], inputs: Mapping[str, float | Distribution], *,
                  output: str, n: int = 2**12, seed: int = 0) -> pd.DataFrame:
    """First-order and total Sobol indices of one output (``scipy.stats.sobol_indices``).

    Inputs given as constants (or zero-width ranges) are held fixed; every other input is a
    factor. A first-order index is the share of the output's variance explained by that input
    alone; the total index adds its interactions.

    Parameters
    ----------
    func : callable
        The model, as for :func:`monte_carlo`.
    inputs : mapping of str to float, Uniform or Triangular
        Keyword arguments of ``func``.
    output : str
        Name of the output to analyse (e.g. ``"total_kg"``).
    n : int, default 4096
        Base sample size, a power of two >= :data:`MIN_SOBOL_N`; ``func`` sees ``n * (d + 2)``
        scenarios.
    seed : int, default 0
        Seed of the quasi-random sampler.

    Returns
    -------
    pandas.DataFrame
        Index: the varied inputs; columns ``first_order``, ``total_order``.

    Examples
    --------
    >>> def model(a, b):
    ...     return {"y": 3 * a + b}
    >>> s = sobol_indices(model, {"a": Uniform(0, 1), "b": Uniform(0, 1)}, output="y", n=2**10)
    >>> s["first_order"].idxmax()
    'a'
    """
    n = _check_n("n", n)
    if n & (n - 1) or n < MIN_SOBOL_N:
        raise ValueError(f"n={n} is not allowed; allowed: a power of two >= {MIN_SOBOL_N} "
                         f"(2**k for k >= {MIN_SOBOL_N.bit_length() - 1}); smaller base samples "
                         "give indices dominated by sampling noise")
    varied = [k for k, s in inputs.items()
              if isinstance(s, Uniform | Triangular) and not s.is_constant]
    if not varied:
        raise ValueError("inputs has no distribution of non-zero width; allowed: at least one "
                         "Uniform or Triangular input with low < high")
    fixed = {k: (s.low if isinstance(s, Uniform | Triangular) else s)
             for k, s in inputs.items() if k not in varied}

    def wrapped(x: np.ndarray) -> np.ndarray:
        m = x.shape[1]
        outs = _outputs(func(**fixed, **dict(zip(varied, x, strict=True))), m)
        if output not in outs:
            raise ValueError(f"output={output!r} is not an output of func; allowed: "
                             f"{', '.join(outs)}")
        return np.array(outs[output], dtype=float)[np.newaxis, :]

    from scipy import stats

    res = stats.sobol_indices(func=wrapped, n=n, dists=[inputs[k].frozen() for k in varied],
                              rng=np.random.default_rng(seed))
    return pd.DataFrame({"first_order": np.ravel(res.first_order),
                         "total_order": np.ravel(res.total_order)}, index=pd.Index(varied,
                                                                                   name="input"))


def embodied_interval_kg(system_embodied_kg: Any, job_hours: Any, *,
                         utilization: tuple[float, float], lifetime_years: tuple[float, float],
                         n: int = 100_000, seed: int = 0, low: float = 5,
                         high: float = 95) -> tuple[Any, Any]:
    """Percentile interval of embodied carbon when utilization and lifetime are uncertain.

    Utilization and lifetime are drawn uniformly over their ranges (the paper states ranges:
    30-60% and 3-5 years) and :func:`carbonlib.methodology.embodied.embodied_kg` is evaluated
    for each draw. Embodied carbon is proportional to ``system_embodied_kg * job_hours``, so one
    set of draws serves every job: the interval of each is that product times the interval of
    ``1 / (lifetime_years * 8760 * utilization)``.

    Parameters
    ----------
    system_embodied_kg : float or array_like
        Manufacturing carbon of one system, kg CO2e (>= 0).
    job_hours : float or array_like
        System-hours of each job (>= 0).
    utilization : (float, float)
        Lowest and highest average utilization, in (0, 1].
    lifetime_years : (float, float)
        Shortest and longest lifetime, in years (> 0).
    n : int, default 100_000
        Monte Carlo draws.
    seed : int, default 0
        Random seed (the same seed gives the same interval).
    low, high : float, default 5 and 95
        Percentiles of the interval.

    Returns
    -------
    (low, high) : float or array_like
        kg CO2e, of the shape of ``system_embodied_kg * job_hours``.

    Examples
    --------
    Zero-width ranges give the point value, 2000 * 24 / (4 * 8760 * 0.5) = 2.74 kg:

    >>> lo, hi = embodied_interval_kg(2000, 24, utilization=(0.5, 0.5), lifetime_years=(4, 4))
    >>> round(float(lo), 2), round(float(hi), 2)
    (2.74, 2.74)
    """
    v.nonnegative("system_embodied_kg", system_embodied_kg)
    v.nonnegative("job_hours", job_hours)
    ranges = {"utilization": Uniform(*utilization), "lifetime_years": Uniform(*lifetime_years)}

    def per_system_hour(utilization, lifetime_years):
        return embodied_kg(1.0, 1.0, lifetime_years=lifetime_years, utilization=utilization)

    q = interval(monte_carlo(per_system_hour, ranges, n=n, seed=seed), low=low,
                 high=high).loc["value"]
    scale = np.asarray(system_embodied_kg, dtype=float) * np.asarray(job_hours, dtype=float)
    return scale * q["low"], scale * q["high"]
