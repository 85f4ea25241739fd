"""Allowed ranges of the named assumptions, shared by the library, the CLI and the notebooks.

One table, :data:`RANGES`, maps a parameter name to its interval; :func:`check` applies it with
:func:`carbonlib.methodology.validation.check_range`, so a value out of range fails the same way
wherever it comes from: ``ValueError: pue=0.9 is outside the allowed range [1, inf)``.

Examples
--------
>>> check("utilization_low", 0.3)
0.3
>>> check("utilization_low", 0.0)
Traceback (most recent call last):
...
ValueError: utilization_low=0 is outside the allowed range (0, 1]
>>> check("not_in_the_table", -5)
-5
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from carbonlib.methodology.validation import check_range

__all__ = ["Range", "RANGES", "check"]


@dataclass(frozen=True)
class Range:
    """A closed or half-open interval, with optional extra allowed values."""

    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    also: tuple[float, ...] = ()
    meaning_of_also: str = ""

    def check(self, name: str, value: Any) -> Any:
        """Return ``value`` if allowed, else raise ``ValueError`` naming ``name`` and the range."""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value in self.also:
            return value
        try:
            return check_range(name, value, low=self.low, high=self.high,
                               low_open=self.low_open, high_open=self.high_open)
        except ValueError as exc:
            if self.also:
                raise ValueError(f"{exc} (or {self.meaning_of_also})") from None
            raise


PUE = Range(low=1.0)
FRACTION = Range(low=0.0, high=1.0)
UTILIZATION = Range(low=0.0, high=1.0, low_open=True)
POSITIVE = Range(low=0.0, low_open=True)
NONNEGATIVE = Range(low=0.0)
PERCENT = Range(low=0.0, high=100.0)
COUNT = Range(low=1.0)

#: Parameter name -> allowed interval. Names follow the library's arguments and the notebooks'
#: parameters (the CLI's ``--pue`` is ``pue``, ``--cfe-share`` is ``cfe_share``, ...).
RANGES: dict[str, Range] = {
    "pue": PUE,
    "oss_pue": Range(low=1.0, also=(0.0,), meaning_of_also="0 to keep each model's own PUE"),
    "cfe_share": FRACTION,
    "idle_fraction": FRACTION,
    "utilization": UTILIZATION,
    "utilization_low": UTILIZATION,
    "utilization_high": UTILIZATION,
    "target_utilization": UTILIZATION,
    "lifetime_years": POSITIVE,
    "lifetime_low_years": POSITIVE,
    "lifetime_high_years": POSITIVE,
    "system_embodied_kg": NONNEGATIVE,
    "grid_intensity_kg_per_kwh": NONNEGATIVE,
    "intensity": NONNEGATIVE,
    "device_power_w": NONNEGATIVE,
    "router_power_w": NONNEGATIVE,
    "count": POSITIVE,
    "hours": POSITIVE,
    "seed": NONNEGATIVE,
    "n_draws": COUNT,
    "samples": COUNT,
    "periods": COUNT,
    "confidence": Range(low=0.0, high=1.0, low_open=True, high_open=True),
    "tolerance": NONNEGATIVE,
    "capacity_period_years": POSITIVE,
    "low_bleu": NONNEGATIVE,
    "high_bleu": NONNEGATIVE,
    "reduction_per_period_pct": Range(low=0.0, high=100.0, high_open=True),
    "max_growth_pct": NONNEGATIVE,
    "band_low_pct": PERCENT,
    "band_high_pct": PERCENT,
    "start_level": POSITIVE,
}


def check(name: str, value: Any) -> Any:
    """Check ``value`` against the range of ``name`` (a name not in :data:`RANGES` passes)."""
    allowed = RANGES.get(name)
    return value if allowed is None else allowed.check(name, value)
