"""Life-cycle phases: split a footprint over Data, Experimentation, Training and Inference.

The paper (Sec II, Fig 3, Fig 4) describes the development of a model in phases: **Data**
processing, **Experimentation**, **Training** (offline, on historical data, and online, continuously
updated on recent data) and **Inference** (serving). It gives splits in two forms:

- shares: Fig 3(a) fleet power capacity 10:20:70 (Experimentation:Training:Inference), Fig 3(b)
  RM1 energy 31:29:40 (Data:Experimentation/Training:Inference), Fig 4 LM 35/65
  (Training:Inference);
- per-phase amounts: Fig 4's bar segments (offline training, online training, inference), from
  which shares follow.

Shares may be given as fractions (summing to 1) or percentages (summing to 100). They must sum
to that scale within a relative ``tolerance`` (default 1%, i.e. +-0.01 for fractions and +-1
percentage point for percentages, which absorbs the rounding of printed splits such as
31.6 + 26.2 + 2.9 + 39.4 = 100.1); they are then renormalized to sum to exactly 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from carbonlib.methodology import validation as v
from carbonlib.methodology.operational import operational_kg

__all__ = ["PHASES", "normalize_shares", "split_by_shares", "split_from_energy",
           "shares_of", "combine_phases", "phase_share"]

#: Canonical phase names (Sec II-A, Fig 3, Fig 4). Any other labels are accepted as well.
PHASES: tuple[str, ...] = ("data", "experimentation", "training_offline", "training_online",
                           "inference")


def _as_mapping(shares: Mapping[str, Any] | Iterable[Any]) -> dict[str, Any]:
    if isinstance(shares, Mapping):
        return dict(shares)
    if hasattr(shares, "to_dict"):  # pandas Series
        return dict(shares.to_dict())
    values = list(shares)
    return {str(i): val for i, val in enumerate(values)}


def normalize_shares(shares: Mapping[str, float] | Iterable[float], *,
                     tolerance: float = 0.01) -> dict[str, float]:
    """Fractions that sum to exactly 1, from shares given as fractions or percentages.

    The scale is inferred from the sum: a sum above 2 is read as percentages (target 100),
    otherwise as fractions (target 1). The sum must lie within ``tolerance`` (relative) of the
    target; the shares are then divided by their sum.

    Parameters
    ----------
    shares : mapping of phase to float, or sequence of float
        Non-negative shares, dimensionless (fractions) or in percent. A sequence is keyed
        ``"0", "1", ...``.
    tolerance : float, default 0.01
        Allowed relative deviation of the sum from 1 (fractions) or 100 (percent), in [0, 0.5].

    Returns
    -------
    dict of str to float
        Fractions, in the order given, summing to 1.

    Raises
    ------
    ValueError
        A share is negative, NaN or infinite, there are no shares, or the sum is off-scale.

    Examples
    --------
    Fig 3(a), Experimentation:Training:Inference = 10:20:70 (percent):

    >>> normalize_shares({"experimentation": 10, "training": 20, "inference": 70})
    {'experimentation': 0.1, 'training': 0.2, 'inference': 0.7}
    >>> normalize_shares([0.5, 0.4])
    Traceback (most recent call last):
    ...
    ValueError: sum of shares (fractions)=0.9 is outside the allowed range [0.99, 1.01]
    """
    v.check_range("tolerance", tolerance, low=0.0, high=0.5)
    mapping = _as_mapping(shares)
    if not mapping:
        raise ValueError("shares is empty; expected at least one phase with a share >= 0")
    v.nonnegative("shares", list(mapping.values()))
    values = np.asarray(list(mapping.values()), dtype=float)
    if values.ndim != 1:
        raise ValueError(f"shares has shape {values.shape}; expected one scalar share per phase")
    total = float(values.sum())
    scale, unit = (100.0, "percent") if total > 2.0 else (1.0, "fractions")
    v.check_range(f"sum of shares ({unit})", total, low=scale * (1 - tolerance),
                  high=scale * (1 + tolerance))
    return {phase: float(val / total) for phase, val in zip(mapping, values, strict=True)}


def split_by_shares(total: Any, shares: Mapping[str, float] | Iterable[float], *,
                    tolerance: float = 0.01) -> dict[str, Any]:
    """Split a footprint (energy, carbon, capacity) over phases in given shares.

    Parameters
    ----------
    total : float or array_like
        The amount to split, in any unit (kWh, kg CO2e, MW); >= 0. Broadcasts.
    shares : mapping of phase to float, or sequence of float
        Shares as fractions or percentages; see :func:`normalize_shares`.
    tolerance : float, default 0.01
        Relative tolerance on the sum of the shares.

    Returns
    -------
    dict of str to float or array_like
        Each phase's part of ``total``, in the unit of ``total``; the parts sum to ``total``.

    Examples
    --------
    RM1's energy, 31:29:40 over Data, Experimentation/Training and Inference, of 1000 kWh:

    >>> parts = split_by_shares(1000.0, {"data": 31, "training": 29, "inference": 40})
    >>> {k: round(x, 6) for k, x in parts.items()}
    {'data': 310.0, 'training': 290.0, 'inference': 400.0}
    """
    v.nonnegative("total", total)
    fractions = normalize_shares(shares, tolerance=tolerance)
    return {phase: total * frac for phase, frac in fractions.items()}


def split_from_energy(energy_kwh_by_phase: Mapping[str, Any], intensity_kg_per_kwh: Any, *,
                      cfe_share: Any = 0.0) -> dict[str, Any]:
    """Operational carbon of each phase from its energy, in kg CO2e.

    Parameters
    ----------
    energy_kwh_by_phase : mapping of phase to float or array_like
        Facility energy of each phase, in kWh (>= 0), e.g. from :func:`carbonlib.energy_kwh`.
    intensity_kg_per_kwh : float or array_like
        Grid carbon intensity, in kg CO2e per kWh (>= 0), the same for every phase.
    cfe_share : float or array_like, default 0.0
        Fraction of the energy matched by carbon-free energy, in [0, 1].

    Returns
    -------
    dict of str to float or array_like
        kg CO2e of each phase; pass it to :func:`shares_of` for the split.

    Examples
    --------
    >>> split_from_energy({"training_offline": 100.0, "inference": 300.0}, 0.5)
    {'training_offline': 50.0, 'inference': 150.0}
    """
    if not energy_kwh_by_phase:
        raise ValueError("energy_kwh_by_phase is empty; expected at least one phase")
    return {phase: operational_kg(v.nonnegative(f"energy_kwh_by_phase[{phase!r}]", e),
                                  intensity_kg_per_kwh, cfe_share=cfe_share)
            for phase, e in energy_kwh_by_phase.items()}


def shares_of(amounts: Mapping[str, Any]) -> dict[str, Any]:
    """Each phase's fraction of the total of per-phase amounts.

    Parameters
    ----------
    amounts : mapping of phase to float or array_like
        Non-negative amounts (kWh, kg CO2e, t CO2e) of each phase; the total must be > 0.

    Returns
    -------
    dict of str to float or array_like
        Fractions in [0, 1] that sum to 1.

    Examples
    --------
    Fig 4's LM bar (digitized, t CO2e): offline training 39.4, inference 89.2:

    >>> {k: round(x, 3) for k, x in shares_of({"training": 39.4, "inference": 89.2}).items()}
    {'training': 0.306, 'inference': 0.694}
    """
    if not amounts:
        raise ValueError("amounts is empty; expected at least one phase")
    for phase, val in amounts.items():
        v.nonnegative(f"amounts[{phase!r}]", val)
    total = sum(amounts.values())
    v.positive("sum of amounts", total)
    return {phase: val / total for phase, val in amounts.items()}


def combine_phases(amounts: Mapping[str, Any],
                   groups: Mapping[str, Iterable[str]]) -> dict[str, Any]:
    """Merge sub-phases into coarser phases (e.g. offline + online training into training).

    Phases not named in any group are kept as they are.

    Parameters
    ----------
    amounts : mapping of phase to float or array_like
        Per-phase amounts or shares.
    groups : mapping of new phase to iterable of phases
        Which phases each merged phase sums. Every named phase must exist in ``amounts`` and
        appear in one group only.

    Returns
    -------
    dict of str to float or array_like
        Merged amounts; the merged phase takes the place of its first member.

    Examples
    --------
    Fig 3(b)'s digitized RM1 sub-split (percent) to the caption's three phases:

    >>> parts = {"data": 31.6, "training_offline": 26.2, "training_online": 2.9,
    ...          "inference": 39.4}
    >>> merged = combine_phases(parts, {"training": ["training_offline", "training_online"]})
    >>> {k: round(x, 1) for k, x in merged.items()}
    {'data': 31.6, 'training': 29.1, 'inference': 39.4}
    """
    owner: dict[str, str] = {}
    for new, members in groups.items():
        for m in members:
            v.one_of("groups member", m, list(amounts))
            if m in owner:
                raise ValueError(f"groups: phase {m!r} is in both {owner[m]!r} and {new!r}; "
                                 "allowed: each phase in one group")
            owner[m] = new
    out: dict[str, Any] = {}
    for phase, val in amounts.items():
        key = owner.get(phase, phase)
        out[key] = out[key] + val if key in out else val
    return out


def phase_share(amounts: Mapping[str, Any], phases: str | Iterable[str]) -> Any:
    """The fraction of the total that ``phases`` account for.

    Parameters
    ----------
    amounts : mapping of phase to float or array_like
        Non-negative per-phase amounts.
    phases : str or iterable of str
        The phase(s) whose combined share is wanted.

    Returns
    -------
    float or array_like
        A fraction in [0, 1].

    Examples
    --------
    >>> round(phase_share({"training_offline": 1.0, "training_online": 1.0,
    ...                    "inference": 2.0}, "inference"), 2)
    0.5
    """
    names = [phases] if isinstance(phases, str) else list(phases)
    fractions = shares_of(amounts)
    for name in names:
        v.one_of("phases", name, list(amounts))
    return sum(fractions[name] for name in names)
