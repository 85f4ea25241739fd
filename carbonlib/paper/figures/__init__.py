"""One module per paper figure: ``frame()`` returns the tidy DataFrame that is plotted,
``draw()`` draws it, ``check_claims()`` checks the figure's claims against the paper."""

from __future__ import annotations

import math


def unset(value: float | None) -> bool:
    """True when a notebook parameter means "read it from the figure": None or NaN.

    Notebook parameters are typed floats, so "not given" is spelled ``float("nan")`` there.

    Examples
    --------
    >>> unset(float("nan")), unset(None), unset(0.5)
    (True, True, False)
    """
    return value is None or (isinstance(value, float) and math.isnan(value))
