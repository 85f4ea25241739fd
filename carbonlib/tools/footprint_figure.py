"""The own-footprint figure: a job's operational, embodied and total carbon with ranges, and a
what-if with sliders (``notebooks/your_footprint.ipynb``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from carbonlib.tools import estimate as est
from carbonlib.tools.statement import human_number as _num
from carbonlib.tools.statement import human_percent as _pct

__all__ = ["draw_breakdown", "what_if", "what_if_xmax", "WHAT_IF_RANGES", "WHAT_IF_LABELS"]


#: Slider ranges of the what-if: (min, max, step) per input.
WHAT_IF_RANGES: dict[str, tuple[float, float, float]] = {
    "utilization": (0.05, 1.0, 0.05),
    "lifetime_years": (1.0, 10.0, 0.5),
    "pue": (1.0, 2.0, 0.01),
    "intensity_kg_per_kwh": (0.0, 1.0, 0.005),
    "cfe_share": (0.0, 1.0, 0.05),
}
#: Whole slider labels, with units (shown in full: the description width follows the text).
WHAT_IF_LABELS: dict[str, str] = {
    "utilization": "server utilization (fraction)",
    "lifetime_years": "server lifetime (years)",
    "pue": "PUE",
    "intensity_kg_per_kwh": "grid intensity (kg CO2e/kWh)",
    "cfe_share": "carbon-free energy share",
}
_BARS = (("operational_kg", "operational", 0), ("embodied_kg", "embodied", 1),
         ("total_kg", "total", 7))


def draw_breakdown(e: est.Estimate, *, title: str = "Footprint of the job",
                   xmax: float | None = None):
    """Operational, embodied and total kg CO2e: bars at the value, whiskers from low to high.

    Every value is recomputed by :func:`carbonlib.tools.estimate.estimate`; the x label says so.
    A whisker is drawn only for a value that has a range (low below high).

    Parameters
    ----------
    e : Estimate
        What :func:`carbonlib.tools.estimate.estimate` returned.
    title : str
        Title, followed by the embodied share.
    xmax : float, optional
        Right end of the x axis in kg CO2e; by default 1.4 x the largest high bound. The what-if
        passes one fixed value, so the axis stays put while the sliders move.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> e = est.estimate(energy_kwh=100, count=8, hours=10, intensity_kg_per_kwh=0.5)
    >>> fig = draw_breakdown(e)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['operational', 'embodied', 'total']
    >>> point = est.estimate(energy_kwh=100, count=8, hours=10, intensity_kg_per_kwh=0.5,
    ...                      utilization=0.5, lifetime_years=4)
    >>> len(draw_breakdown(point, xmax=200).axes[0].lines)    # single values: no whiskers
    0
    """
    import matplotlib.pyplot as plt

    from carbonlib.machinery import plotting

    df = e.to_frame()
    keys = [k for k, _, _ in _BARS]
    value, low, high = (df.loc[keys, c].to_numpy(dtype=float) for c in ("value", "low", "high"))
    labels = [label for _, label, _ in _BARS]
    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    ax.barh(labels, value, color=[plotting.PALETTE[i] for _, _, i in _BARS])
    ranged = np.array([_num(lo) != _num(hi) for lo, hi in zip(low, high, strict=True)])
    if ranged.any():
        y = np.flatnonzero(ranged)
        ax.errorbar(value[ranged], y, xerr=[value[ranged] - low[ranged],
                                            high[ranged] - value[ranged]],
                    fmt="none", ecolor="black", capsize=4, linewidth=1)
    if xmax is None:
        xmax = float(high.max()) * 1.4 or 1.0
    for y, (v_, lo, hi, r) in enumerate(zip(value, low, high, ranged, strict=True)):
        label = f"{_num(v_)} ({_num(lo)}-{_num(hi)})" if r else _num(v_)
        end = hi if r else v_
        if end > 0.8 * xmax:  # past the fixed axis' end: say so inside the axis
            ax.text(0.98 * xmax, y, label + (" >" if v_ > xmax else ""), va="center",
                    ha="right", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
        else:
            ax.text(end + 0.015 * xmax, y, label, va="center")
    ax.invert_yaxis()
    ax.set_xlim(0, xmax)
    whiskers = "whiskers: 5th-95th percentile" if ranged.any() else "single values, no range"
    ax.set_xlabel(f"kg CO2e, recomputed ({whiskers})")
    ax.set_title(f"{title}: {_pct(e.value['embodied_share'])} embodied", loc="left")
    fig.tight_layout()
    return fig


def _point(job: dict[str, Any], values: dict[str, float]) -> est.Estimate:
    return est.estimate(**{**job, "region": None, **values})


def what_if_xmax(e: est.Estimate, factor: float = 2.5) -> float:
    """The what-if's fixed x-axis end: ``factor`` x the job's high total, in kg CO2e.

    The axis stays put while the sliders move, so a bar's length compares from one move to the
    next; a value past the end is labelled inside the axis, with ``>``.

    Examples
    --------
    >>> e = est.estimate(energy_kwh=100, count=8, hours=10, intensity_kg_per_kwh=0.5)
    >>> what_if_xmax(e) == 2.5 * e.high["total_kg"]
    True
    """
    return factor * float(e.high["total_kg"]) or 1.0


def _show_inline(fig) -> None:
    from carbonlib.machinery import plotting

    plotting.show(fig)
    plotting.close(fig)


def what_if(job: dict[str, Any], e: est.Estimate,
            show: Callable[[Any], None] | None = None) -> Any:
    """Sliders for utilization, lifetime, PUE, grid intensity and carbon-free share.

    Each move, when the slider is released, re-runs :func:`carbonlib.tools.estimate.estimate`
    on ``job`` (keyword arguments) with the slider values as single values and passes
    :func:`draw_breakdown`'s figure, on an x axis fixed by :func:`what_if_xmax` of ``e``,
    to ``show``.

    Parameters
    ----------
    job : dict
        Keyword arguments of :func:`~carbonlib.tools.estimate.estimate` describing the job.
    e : Estimate
        The job's estimate; the sliders start at the centre of its ranges.
    show : callable, optional
        Receives each figure; by default it is displayed inline
        (:func:`carbonlib.machinery.plotting.show`) and closed.

    Returns
    -------
    ipywidgets.VBox
        The sliders and the output area, to display.
    """
    import ipywidgets as widgets

    show = show or _show_inline
    a = e.assumptions
    start = {key: a[key]["value"] for key in WHAT_IF_RANGES}
    style = {"description_width": "initial"}
    sliders = {
        key: widgets.FloatSlider(value=start[key], min=lo, max=hi, step=step,
                                 description=WHAT_IF_LABELS[key], readout_format=".3g",
                                 continuous_update=False, style=style,
                                 layout=widgets.Layout(width="520px"))
        for key, (lo, hi, step) in WHAT_IF_RANGES.items()
    }
    xmax = what_if_xmax(e)

    def redraw(**values):
        show(draw_breakdown(_point(job, values), title="What if", xmax=xmax))

    return widgets.VBox([*sliders.values(), widgets.interactive_output(redraw, sliders)])
