"""Utilization power model: how GPU utilization drives carbon per unit of work.

A device draws ``power(u) = idle + (peak - idle) * u`` at utilization ``u`` (Sec III-D, Fig 9). A
fixed amount of work done at utilization ``u`` holds the hardware ``1 / u`` times as long as at full
utilization, so per unit of work

- operational carbon goes as ``power(u) / u = idle / u + (peak - idle)``;
- embodied carbon (a constant amortization rate per hour held) goes as ``1 / u``.

:class:`UtilizationModel` holds the model in the units of one unit of work at full utilization;
:meth:`UtilizationModel.from_physical` builds it from watts, PUE, grid intensity and the server's
embodied carbon through :mod:`methodology.footprint`; :func:`calibrate` derives it from the bars
of the paper's Fig 9.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from carbonlib.methodology import validation as v
from carbonlib.methodology.footprint import footprint
from carbonlib.methodology.operational import energy_kwh

__all__ = ["power_w", "UtilizationModel", "calibrate", "SWEEP_COLUMNS"]

#: Columns of :meth:`UtilizationModel.sweep`.
SWEEP_COLUMNS: tuple[str, ...] = ("utilization", "embodied", "operational_rest",
                                  "operational_offset", "operational_total", "total",
                                  "total_without_cfe")


def power_w(utilization: Any, *, idle_w: Any, peak_w: Any) -> Any:
    """Average device power at a utilization, in W: ``idle_w + (peak_w - idle_w) * utilization``.

    Parameters
    ----------
    utilization : float or array_like
        Busy fraction of the device while it runs the job, in [0, 1].
    idle_w : float or array_like
        Power drawn when idle, in W (>= 0).
    peak_w : float or array_like
        Power drawn at full utilization, in W (>= ``idle_w``).

    Returns
    -------
    float or array_like
        Power in W.

    Examples
    --------
    >>> power_w(0.5, idle_w=100.0, peak_w=300.0)
    200.0
    """
    v.fraction("utilization", utilization)
    v.nonnegative("idle_w", idle_w)
    v.nonnegative("peak_w", peak_w)
    utilization, idle_w, peak_w = v.operands(utilization=utilization, idle_w=idle_w,
                                             peak_w=peak_w)
    v.nonnegative("peak_w - idle_w", np.asarray(peak_w, dtype=float) - idle_w)
    return idle_w + (peak_w - idle_w) * utilization


@dataclass(frozen=True)
class UtilizationModel:
    """Carbon per unit of work as a function of utilization.

    Attributes
    ----------
    idle_fraction : float
        Idle power over peak power, in [0, 1].
    operational_at_full : float
        Location-based operational carbon of one unit of work at full utilization (any unit of
        carbon, e.g. kg CO2e or the paper's normalized axis; >= 0).
    embodied_at_full : float
        Embodied carbon of one unit of work at full utilization, same unit (>= 0).
    cfe_share : float, default 0.0
        Fraction of the energy matched by carbon-free energy, in [0, 1].

    Examples
    --------
    Idle draws half of peak; at 50% utilization operational per work is
    1.0 * (0.5 + 0.5 * 0.5) / 0.5 = 1.5 and embodied 0.5 / 0.5 = 1.0:

    >>> m = UtilizationModel(idle_fraction=0.5, operational_at_full=1.0, embodied_at_full=0.5)
    >>> m.sweep([0.5])[["operational_total", "embodied"]].to_numpy().tolist()
    [[1.5, 1.0]]
    """

    idle_fraction: float
    operational_at_full: float
    embodied_at_full: float
    cfe_share: float = 0.0

    def __post_init__(self) -> None:
        v.fraction("idle_fraction", self.idle_fraction)
        v.nonnegative("operational_at_full", self.operational_at_full)
        v.nonnegative("embodied_at_full", self.embodied_at_full)
        v.fraction("cfe_share", self.cfe_share)

    @classmethod
    def from_physical(cls, *, idle_w: float, peak_w: float, pue: float,
                      intensity_kg_per_kwh: float, system_embodied_kg: float,
                      lifetime_years: float, occupancy: float = 1.0, devices: float = 1,
                      cfe_share: float = 0.0) -> UtilizationModel:
        """The model in kg CO2e per hour of work at full utilization, from physical inputs.

        One hour of work at full utilization draws ``peak_w * devices * pue`` Wh and holds the
        system one hour, which carries ``system_embodied_kg / (lifetime_years * 8760 *
        occupancy)`` of its embodied carbon (:func:`carbonlib.methodology.footprint.footprint`).

        Parameters
        ----------
        idle_w, peak_w : float
            Idle and peak power per device, in W (``0 <= idle_w <= peak_w``, ``peak_w > 0``).
        pue : float
            Power usage effectiveness (>= 1).
        intensity_kg_per_kwh : float
            Grid carbon intensity, kg CO2e per kWh.
        system_embodied_kg : float
            Embodied carbon of the system, kg CO2e (the paper: 2000 for a GPU server).
        lifetime_years : float
            Service life, years (> 0).
        occupancy : float, default 1.0
            Fraction of its lifetime the system is held by jobs, in (0, 1].
        devices : float, default 1
            Devices per system.
        cfe_share : float, default 0.0
            Carbon-free share of the energy, in [0, 1].

        Examples
        --------
        A 300 W device idling at 100 W, PUE 1.1, 0.4 kg/kWh: 0.3 * 1.1 * 0.4 = 0.132 kg per
        hour of work; 2000 kg over 4 years: 2000 / 35040 = 0.0571 kg per hour:

        >>> m = UtilizationModel.from_physical(idle_w=100, peak_w=300, pue=1.1,
        ...     intensity_kg_per_kwh=0.4, system_embodied_kg=2000, lifetime_years=4)
        >>> round(m.idle_fraction, 3), round(m.operational_at_full, 3), round(m.embodied_at_full, 4)
        (0.333, 0.132, 0.0571)
        """
        v.positive("peak_w", peak_w)
        power_w(1.0, idle_w=idle_w, peak_w=peak_w)  # validates idle_w <= peak_w
        at_full = footprint(energy_kwh(peak_w, 1.0, devices=devices, pue=pue),
                            intensity_kg_per_kwh, job_hours=1.0,
                            system_embodied_kg=system_embodied_kg,
                            lifetime_years=lifetime_years, utilization=occupancy)
        return cls(idle_fraction=idle_w / peak_w, operational_at_full=float(at_full.operational_kg),
                   embodied_at_full=float(at_full.embodied_kg), cfe_share=cfe_share)

    def rescaled(self, *, operational_factor: float = 1.0, embodied_factor: float = 1.0,
                 cfe_share: float | None = None) -> UtilizationModel:
        """A copy with operational and embodied carbon scaled (e.g. by a PUE or lifetime change).

        Examples
        --------
        PUE 1.1 -> 1.5 scales operational by 1.5 / 1.1; lifetime 4 -> 5 years scales embodied
        by 4 / 5:

        >>> m = UtilizationModel(0.5, 1.1, 1.0).rescaled(operational_factor=1.5 / 1.1,
        ...                                                embodied_factor=4 / 5)
        >>> round(m.operational_at_full, 6), m.embodied_at_full
        (1.5, 0.8)
        """
        v.nonnegative("operational_factor", operational_factor)
        v.nonnegative("embodied_factor", embodied_factor)
        return replace(self, operational_at_full=self.operational_at_full * operational_factor,
                       embodied_at_full=self.embodied_at_full * embodied_factor,
                       cfe_share=self.cfe_share if cfe_share is None else cfe_share)

    def sweep(self, utilization: Any) -> pd.DataFrame:
        """Carbon per unit of work at each utilization: embodied and operational parts.

        Parameters
        ----------
        utilization : float or array_like
            GPU utilization(s), in (0, 1].

        Returns
        -------
        pandas.DataFrame
            Columns :data:`SWEEP_COLUMNS`: ``embodied``, ``operational_rest`` (left after the
            carbon-free share), ``operational_offset`` (removed by it), ``operational_total``
            (location-based), ``total`` (embodied + rest) and ``total_without_cfe``
            (embodied + operational_total).

        Examples
        --------
        >>> UtilizationModel(0.5, 1.0, 0.5, cfe_share=0.8).sweep([1.0])["total"].round(6).tolist()
        [0.7]
        """
        u = np.atleast_1d(np.asarray(v.utilization("utilization", utilization), dtype=float))
        operational = self.operational_at_full * (self.idle_fraction / u
                                                  + (1.0 - self.idle_fraction))
        embodied = self.embodied_at_full / u
        rest = operational * (1.0 - self.cfe_share)
        return pd.DataFrame({"utilization": u, "embodied": embodied, "operational_rest": rest,
                             "operational_offset": operational - rest,
                             "operational_total": operational, "total": embodied + rest,
                             "total_without_cfe": embodied + operational})

    def reduction(self, from_utilization: float, to_utilization: float, *,
                  with_cfe: bool = False) -> float:
        """How many times smaller the total is at ``to_utilization`` than at ``from_utilization``.

        Examples
        --------
        At 20%: (0.5 / 0.2 + 0.5) + 0.5 / 0.2 = 5.5; at 80%: (0.5 / 0.8 + 0.5) + 0.5 / 0.8 = 1.75;
        5.5 / 1.75 = 3.143

        >>> round(UtilizationModel(0.5, 1.0, 0.5).reduction(0.2, 0.8), 3)
        3.143
        """
        column = "total" if with_cfe else "total_without_cfe"
        t = self.sweep([from_utilization, to_utilization])[column].to_numpy()
        return float(t[0] / t[1])

    def cfe_factor(self, utilization: float) -> float:
        """How many times carbon-free energy shrinks the total at one utilization.

        Examples
        --------
        >>> UtilizationModel(0.0, 1.0, 1.0, cfe_share=1.0).cfe_factor(1.0)
        2.0
        """
        row = self.sweep([utilization]).iloc[0]
        return float(row["total_without_cfe"] / row["total"])

    def crossover_utilization(self) -> float:
        """The utilization at which embodied equals the operational carbon left after CFE.

        Embodied over remaining operational is ``e / (o * (1 - c) * (f + (1 - f) * u))``: it
        *falls* as utilization rises, because idle power makes operational carbon per work also
        shrink like ``1 / u``. So embodied exceeds the remaining operational carbon for every
        ``u`` below ``u* = (e / (o * (1 - c)) - f) / (1 - f)``. Returns ``u*`` unclipped: a value
        above 1 means embodied dominates at every utilization, below 0 that it never does
        (``inf`` when no operational carbon is left, ``nan`` when ``f = 1``).

        Examples
        --------
        e = 0.5, o = 1, no CFE, f = 0.2: (0.5 - 0.2) / 0.8 = 0.375

        >>> round(UtilizationModel(0.2, 1.0, 0.5).crossover_utilization(), 6)
        0.375
        """
        left = self.operational_at_full * (1.0 - self.cfe_share)
        if left == 0:
            return float("inf")
        if self.idle_fraction == 1.0:
            return float("nan")
        return (self.embodied_at_full / left - self.idle_fraction) / (1.0 - self.idle_fraction)

    def crossover_cfe_share(self, utilization: Any) -> Any:
        """The carbon-free share above which embodied exceeds the remaining operational carbon.

        ``c* = 1 - embodied(u) / operational_total(u)``; 0 where embodied already exceeds
        location-based operational carbon.

        Examples
        --------
        e = 0.5, o = 1, f = 0: at u = 1 embodied is half of operational, so c* = 0.5

        >>> float(UtilizationModel(0.0, 1.0, 0.5).crossover_cfe_share(1.0)[0])
        0.5
        """
        s = self.sweep(utilization)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = 1.0 - s["embodied"].to_numpy() / s["operational_total"].to_numpy()
        return np.clip(np.nan_to_num(share, nan=0.0), 0.0, 1.0)


def calibrate(utilization: Any, embodied: Any, operational_total: Any,
              operational_rest: Any) -> UtilizationModel:
    """Fit the utilization model to bars read at several utilizations (the paper's Fig 9).

    The calibration, by ordinary least squares in the bars' own unit:

    1. embodied ``= e / u``: ``e = sum(E_i / u_i) / sum(1 / u_i**2)``;
    2. location-based operational ``= a + b / u`` (a line in ``1 / u``): then
       ``operational_at_full = a + b`` and ``idle_fraction = b / (a + b)`` (idle power over peak);
    3. carbon-free share ``c = 1 - sum(R_i * O_i) / sum(O_i**2)`` (the rest ``R = (1 - c) O``).

    Parameters
    ----------
    utilization : array_like
        Utilizations of the bars, in (0, 1]; at least two distinct values.
    embodied, operational_total, operational_rest : array_like
        The bars' embodied, location-based operational and after-CFE operational heights (>= 0).

    Returns
    -------
    UtilizationModel
        In the unit of the bars.

    Examples
    --------
    Bars made from e = 0.5, a = 1, b = 1, c = 0.75:

    >>> u = [0.25, 0.5, 1.0]
    >>> m = calibrate(u, [2.0, 1.0, 0.5], [5.0, 3.0, 2.0], [1.25, 0.75, 0.5])
    >>> m.idle_fraction, m.operational_at_full, m.embodied_at_full, m.cfe_share
    (0.5, 2.0, 0.5, 0.75)
    """
    u = np.asarray(v.utilization("utilization", utilization), dtype=float)
    emb = np.asarray(v.nonnegative("embodied", embodied), dtype=float)
    op = np.asarray(v.nonnegative("operational_total", operational_total), dtype=float)
    rest = np.asarray(v.nonnegative("operational_rest", operational_rest), dtype=float)
    if np.unique(u).size < 2:
        raise ValueError(f"utilization={u.tolist()} needs at least two distinct values in (0, 1]")
    inv = 1.0 / u
    e = float(np.sum(emb * inv) / np.sum(inv**2))
    (a, b), *_ = np.linalg.lstsq(np.column_stack([np.ones_like(u), inv]), op, rcond=None)
    at_full = float(a + b)
    idle = float(np.clip(b / at_full, 0.0, 1.0)) if at_full > 0 else 0.0
    cfe = float(np.clip(1.0 - np.sum(rest * op) / np.sum(op**2), 0.0, 1.0))
    return UtilizationModel(idle_fraction=round(idle, 12), operational_at_full=round(at_full, 12),
                            embodied_at_full=round(e, 12), cfe_share=round(cfe, 12))
