"""The four conclusions, their thresholds, and a verdict computed from two Monte Carlo runs.

A conclusion has a metric, a threshold the metric must meet for the conclusion to hold, a
direction (``+1``: larger supports the conclusion; ``-1``: smaller does) and a band in the
metric's unit. From the medians of the paper's set and today's:

- **reverses** when today's median no longer meets the threshold;
- else **holds more strongly** when today's median moved past the paper's by more than the band
  in the conclusion's direction, **weakens** when it moved by more than the band against it, and
  **holds** otherwise.

``p_holds_today`` is the fraction of today's draws that meet the threshold: how much of the
sources' spread agrees with the verdict. The driver is the today input with the largest total
Sobol index.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from carbonlib.methodology import validation as v
from carbonlib.methodology.uncertainty import monte_carlo, sobol_indices
from carbonlib.paper.figures import unset
from carbonlib.paper.then_and_now.inputs import SETS, Spec, input_sets
from carbonlib.paper.then_and_now.models import MODELS

__all__ = ["Conclusion", "CONCLUSIONS", "VERDICTS", "verdict", "conclusions_frame", "Analysis",
           "analyse"]

#: Verdicts, from the weakest to the strongest support for the conclusion.
VERDICTS: tuple[str, ...] = ("reverses", "weakens", "holds", "holds more strongly")


@dataclass(frozen=True)
class Conclusion:
    """One of the paper's conclusions and how it is tested.

    Attributes
    ----------
    key : str
        Model key in :data:`carbonlib.paper.then_and_now.models.MODELS`.
    figures : str
        The paper's figures behind it.
    statement : str
        The conclusion, in a sentence.
    metric : str
        What the metric measures, with its unit.
    threshold : float
        The value the metric must meet for the conclusion to hold.
    direction : int
        +1 when a larger metric supports the conclusion, -1 when a smaller one does.
    band : float
        Change of the metric (its unit) within which the verdict stays "holds".
    why : str
        Why this threshold.
    """

    key: str
    figures: str
    statement: str
    metric: str
    threshold: float
    direction: int
    band: float
    why: str

    def meets(self, value: np.ndarray | float) -> np.ndarray | bool:
        """Whether ``value`` meets the threshold."""
        return self.direction * (np.asarray(value, dtype=float) - self.threshold) >= 0


CONCLUSIONS: tuple[Conclusion, ...] = (
    Conclusion("embodied_share", "Fig 5",
               "Embodied carbon becomes a large share once energy is carbon-free",
               "embodied share of a training server's footprint (fraction) once the Fig 5 "
               "carbon-free share of the energy is offset", 1 / 3, +1, 0.05,
               "a third of the footprint: the paper's location-based split is about 30/70 and it "
               "calls that share large"),
    Conclusion("utilization", "Fig 9",
               "Utilization decides carbon per unit of work",
               "carbon per unit of work at 20% GPU utilization over that at 80%, location-based "
               "(times)", 2.0, +1, 0.3,
               "a factor of 2: below it, utilization is one factor among several; the paper "
               "reports about 3x"),
    Conclusion("growth", "Figs 6-8",
               "Optimization is outrun by growth",
               "net change of power per half-year when demand grows and optimization cuts "
               "energy per unit of work (fraction)", 0.0, +1, 0.02,
               "zero: above it, growth eats the efficiency gains and power still rises"),
    Conclusion("federated", "Fig 11",
               "Federated learning at the edge is comparable to a data-centre training run",
               "orders of magnitude between the federated applications and the Transformer "
               "(Big) training run, |log10(FL / data centre)|", 1.0, -1, 0.15,
               "one order of magnitude: within a factor of 10 the two are comparable; the "
               "paper's bars differ by 0.7-2.8x"),
)


def verdict(conclusion: Conclusion, paper: float, today: float) -> str:
    """The verdict from the paper's and today's medians (see the module docstring).

    Examples
    --------
    >>> c = CONCLUSIONS[0]   # threshold 1/3, larger supports, band 0.05
    >>> verdict(c, 0.40, 0.41), verdict(c, 0.40, 0.50), verdict(c, 0.45, 0.36), verdict(c, 0.4, 0.3)
    ('holds', 'holds more strongly', 'weakens', 'reverses')
    """
    if not conclusion.meets(today):
        return "reverses"
    moved = conclusion.direction * (today - paper)
    if moved > conclusion.band:
        return "holds more strongly"
    if moved < -conclusion.band:
        return "weakens"
    return "holds"


def conclusions_frame() -> pd.DataFrame:
    """The thresholds of :data:`CONCLUSIONS`, one row per conclusion.

    Returns
    -------
    pandas.DataFrame
        ``figures``, ``metric`` (what it measures, with its unit), ``threshold`` (in the
        metric's unit), ``larger supports it`` (the direction), ``band`` (in the metric's unit)
        and ``why``.

    Examples
    --------
    >>> conclusions_frame()["figures"].tolist()
    ['Fig 5', 'Fig 9', 'Figs 6-8', 'Fig 11']
    """
    return pd.DataFrame([{"figures": c.figures, "metric": c.metric, "threshold": c.threshold,
                          "larger supports it": c.direction > 0, "band": c.band, "why": c.why}
                         for c in CONCLUSIONS])


def _today_overrides(today_overrides: Mapping[str, Spec] | None,
                     parameters: Mapping[str, float | None]) -> dict[str, Spec]:
    """``today_overrides`` and the parameters that are set (neither None nor NaN), merged."""
    overrides = dict(today_overrides or {})
    for name, value in parameters.items():
        if unset(value):
            continue
        if name in overrides:
            raise ValueError(f"today_{name}={value!r} repeats today_overrides[{name!r}]; "
                             "allowed: one of the two")
        overrides[name] = value
    return overrides


@dataclass(frozen=True)
class Analysis:
    """Result of :func:`analyse`.

    Attributes
    ----------
    draws : dict
        ``{(conclusion key, set): DataFrame of Monte Carlo draws}``.
    table : pandas.DataFrame
        One row per conclusion: medians and 5-95% intervals of both sets, ``p_holds_today``,
        ``verdict``, ``driver`` (today input with the largest total Sobol index).
    sobol : pandas.DataFrame
        Sobol indices of today's metric per conclusion and input.
    inputs : dict
        The input sets used (see :func:`carbonlib.paper.then_and_now.inputs.input_sets`).
    """

    draws: dict
    table: pd.DataFrame
    sobol: pd.DataFrame
    inputs: dict


def analyse(*, n: int = 20_000, seed: int = 0, sobol_n: int = 2**10,
            today_overrides: Mapping[str, Spec] | None = None,
            today_server_embodied_kg: float | None = None, today_pue: float | None = None,
            today_idle_fraction: float | None = None) -> Analysis:
    """Run both input sets through every conclusion's model; verdicts and Sobol drivers.

    Parameters
    ----------
    n : int, default 20000
        Monte Carlo draws per conclusion and set.
    seed : int, default 0
        Seed of the draws and of the Sobol sampler: the same seed gives the same table.
    sobol_n : int, default 1024
        Base sample of the Sobol indices (a power of two).
    today_overrides : mapping, optional
        Replace today's inputs by name (see :func:`input_sets`).
    today_server_embodied_kg : float, optional
        Embodied carbon of today's 8-GPU server, kg CO2e, in place of the sources' range.
    today_pue : float, optional
        Today's PUE (>= 1 in practice), in place of the range of current hyperscale fleets.
    today_idle_fraction : float, optional
        Idle over peak server power today (fraction), in place of the assumed range.

    The three ``today_*`` values are the notebook's parameters: None or NaN (a notebook's "not
    given") keeps today's range; a value joins ``today_overrides`` (giving the same input
    both ways raises ``ValueError``).

    Examples
    --------
    >>> a = analyse(n=200, sobol_n=2**4, today_pue=float("nan"), today_idle_fraction=0.3)
    >>> a.inputs["utilization"]["today"]["idle_fraction"]
    0.3
    """
    v.check_range("n", n, low=100.0)
    given = {"server_embodied_kg": today_server_embodied_kg, "pue": today_pue,
             "idle_fraction": today_idle_fraction}
    sets = input_sets(_today_overrides(today_overrides, given))
    draws, rows, sobols = {}, [], []
    for c in CONCLUSIONS:
        model = MODELS[c.key]
        stats = {}
        for s in SETS:
            d = monte_carlo(model, sets[c.key][s], n=n, seed=seed)
            draws[(c.key, s)] = d
            m = d["metric"].to_numpy()
            stats[s] = np.percentile(m, [5, 50, 95])
        today_metric = draws[(c.key, "today")]["metric"].to_numpy()
        try:
            sob = sobol_indices(model, sets[c.key]["today"], output="metric", n=sobol_n,
                                seed=seed).reset_index()
            sob.insert(0, "conclusion", c.key)
            sobols.append(sob)
            driver = str(sob.loc[sob["total_order"].idxmax(), "input"])
        except ValueError:  # no input of today's set varies
            driver = "none (no today input varies)"
        rows.append({
            "conclusion": c.key, "figures": c.figures, "statement": c.statement,
            "threshold": c.threshold,
            "paper_low": stats["paper"][0], "paper_median": stats["paper"][1],
            "paper_high": stats["paper"][2],
            "today_low": stats["today"][0], "today_median": stats["today"][1],
            "today_high": stats["today"][2],
            "paper_meets": bool(c.meets(stats["paper"][1])),
            "p_holds_today": float(np.mean(c.meets(today_metric))),
            "verdict": verdict(c, stats["paper"][1], stats["today"][1]),
            "driver": driver,
        })
    sobol = pd.concat(sobols, ignore_index=True) if sobols else pd.DataFrame()
    return Analysis(draws=draws, table=pd.DataFrame(rows), sobol=sobol, inputs=sets)
