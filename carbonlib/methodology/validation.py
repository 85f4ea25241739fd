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
    "operands",
    "as_float",
    "check_range",
    "nonnegative",
    "positive",
    "fraction",
    "utilization",
    "one_of",
]


def as_float(name: str, value: Any) -> Any:
    """``value`` ready for float64 arithmetic, keeping its kind.

    Python numbers become ``float``; lists and tuples become float64 arrays; integer and boolean
    arrays, pandas objects and dask collections are cast to float64 (an ``int32`` product of
    watts, hours and devices would overflow silently); float inputs are returned unchanged.

    Raises
    ------
    ValueError
        If ``value`` is a string, a mapping or a nested sequence that is not numeric; the message
        names ``name``.

    Examples
    --------
    >>> as_float("devices", np.array([10000], dtype="i4")).dtype
    dtype('float64')
    >>> as_float("hours", [1, 2])
    array([1., 2.])
    """
    if isinstance(value, bool | np.bool_):
        return float(value)
    if isinstance(value, int | float | np.number):
        return float(value)
    if isinstance(value, str | bytes | dict):
        raise ValueError(f"{name}={value!r} is not a number or an array of numbers")
    if isinstance(value, list | tuple):
        try:
            return np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"{name}={value!r} is not a number or an array of numbers") from None
    dtype = getattr(value, "dtype", None)
    if dtype is not None and getattr(dtype, "kind", "") in "iub":
        return value.astype(np.float64)
    return value


def operands(**named: Any) -> tuple[Any, ...]:
    """Prepare the array inputs of one formula: float64, aligned and of compatible shapes.

    Parameters
    ----------
    **named
        Parameter name -> value, in the order the caller unpacks them.

    Returns
    -------
    tuple
        The values after :func:`as_float`, in the order given.

    Raises
    ------
    ValueError
        When two pandas inputs have different indexes (pandas would fill the non-overlapping
        labels with NaN), or when array shapes do not broadcast; the message names both
        parameters.

    Examples
    --------
    >>> operands(power_w=[700, 300], hours=2)
    (array([700., 300.]), 2.0)
    >>> a = pd.Series([1.0, 2.0], index=[0, 1]); b = pd.Series([1.0, 2.0], index=[1, 2])
    >>> operands(power_w=a, hours=b)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: power_w and hours are pandas objects with different indexes ([0, 1] vs [1, 2]); ...
    """
    values = {name: as_float(name, value) for name, value in named.items()}
    indexed = [(n, x) for n, x in values.items() if isinstance(x, pd.Series | pd.DataFrame)]
    for (first, a), (other, b) in zip(indexed, indexed[1:], strict=False):
        if not a.index.equals(b.index):
            shown = [list(i[:5]) if len(i) <= 5 else f"{list(i[:5])[:-1]}..." for i in
                     (a.index, b.index)]
            raise ValueError(f"{first} and {other} are pandas objects with different indexes "
                             f"({shown[0]} vs {shown[1]}); align them first (e.g. "
                             f"{other}.reindex({first}.index))")
    shaped = [(n, np.shape(x)) for n, x in values.items() if hasattr(x, "shape")]
    for i, (first, shape_a) in enumerate(shaped):
        for other, shape_b in shaped[i + 1:]:
            try:
                np.broadcast_shapes(shape_a, shape_b)
            except ValueError:
                raise ValueError(f"{first} has shape {shape_a} and {other} has shape {shape_b}; "
                                 "they must be equal or broadcastable") from None
    return tuple(values.values())


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


def all_nonnegative(**named: Any) -> None:
    """Check every keyword value ``>= 0`` and finite, naming the first that is not.

    Examples
    --------
    >>> all_nonnegative(hours=2.0, power_w=-1.0)
    Traceback (most recent call last):
    ...
    ValueError: power_w=-1 is outside the allowed range [0, inf)
    """
    for name, value in named.items():
        nonnegative(name, value)


def all_positive(**named: Any) -> None:
    """Check every keyword value ``> 0`` and finite, naming the first that is not."""
    for name, value in named.items():
        positive(name, value)


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
