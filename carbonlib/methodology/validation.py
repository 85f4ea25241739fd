"""The one place that checks numeric inputs and words the errors.

Every public function of carbonlib validates its inputs here, so that a bad value always
fails the same way: a ``ValueError`` naming the parameter, the offending value (and its
index, for arrays) and the allowed range.
"""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")

__all__ = [
    "check_range",
    "nonnegative",
    "positive",
    "fraction",
    "utilization",
    "one_of",
]


def _describe_range(low: float, high: float, low_open: bool, high_open: bool) -> str:
    left = "(" if low_open or np.isneginf(low) else "["
    right = ")" if high_open or np.isposinf(high) else "]"
    lo = "-inf" if np.isneginf(low) else f"{low:g}"
    hi = "inf" if np.isposinf(high) else f"{high:g}"
    return f"{left}{lo}, {hi}{right}"


def check_range(
    name: str,
    value: T,
    *,
    low: float = -np.inf,
    high: float = np.inf,
    low_open: bool = False,
    high_open: bool = False,
) -> T:
    """Check that every element of ``value`` is a finite number inside an interval.

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    value : float, array_like or pandas.Series
        The value(s) to check. Returned unchanged so that pandas objects keep their index.
    low, high : float
        Interval bounds.
    low_open, high_open : bool
        Whether the bound itself is excluded.

    Returns
    -------
    same type as ``value``

    Raises
    ------
    ValueError
        If any element is NaN, infinite, not numeric or outside the interval. The message
        names ``name``, the first offending value, its position (for arrays) and the range.

    Examples
    --------
    >>> check_range("pue", 1.1, low=1.0)
    1.1
    >>> check_range("pue", 0.9, low=1.0)
    Traceback (most recent call last):
    ...
    ValueError: pue=0.9 is outside the allowed range [1, inf)
    """
    allowed = _describe_range(low, high, low_open, high_open)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}={value!r} is not a number; expected a finite number in {allowed}"
        ) from None
    bad = ~np.isfinite(arr)
    bad |= (arr <= low) if low_open else (arr < low)
    bad |= (arr >= high) if high_open else (arr > high)
    if np.any(bad):
        if arr.ndim == 0:
            raise ValueError(f"{name}={arr.item():g} is outside the allowed range {allowed}")
        pos = tuple(int(i) for i in np.argwhere(bad)[0])
        where = pos[0] if len(pos) == 1 else pos
        if isinstance(value, pd.Series) and arr.ndim == 1:
            where = f"{where} (label {value.index[pos[0]]!r})"
        raise ValueError(
            f"{name}[{where}]={arr[pos]:g} is outside the allowed range {allowed} "
            f"({int(bad.sum())} of {arr.size} values bad)"
        )
    return value


def nonnegative(name: str, value: T) -> T:
    """Check ``value >= 0`` and finite; see :func:`check_range`."""
    return check_range(name, value, low=0.0)


def positive(name: str, value: T) -> T:
    """Check ``value > 0`` and finite; see :func:`check_range`."""
    return check_range(name, value, low=0.0, low_open=True)


def fraction(name: str, value: T) -> T:
    """Check ``0 <= value <= 1``; see :func:`check_range`."""
    return check_range(name, value, low=0.0, high=1.0)


def utilization(name: str, value: T) -> T:
    """Check ``0 < value <= 1`` (a busy fraction that may not be zero); see :func:`check_range`."""
    return check_range(name, value, low=0.0, high=1.0, low_open=True)


def one_of(name: str, value: Any, allowed: list[str] | tuple[str, ...]) -> Any:
    """Check that ``value`` is one of ``allowed``, suggesting the closest names otherwise."""
    import difflib

    if value in allowed:
        return value
    close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=3, cutoff=0.4)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValueError(f"{name}={value!r} is not known{hint} Allowed: {', '.join(map(str, allowed))}")
