"""The own-footprint figure: a job's operational, embodied and total carbon with ranges, and a
what-if with sliders (``notebooks/your_footprint.ipynb``)."""

from __future__ import annotations

from typing import Any

from carbonlib.tools import estimate as est
from carbonlib.tools.statement import human_number as _num
from carbonlib.tools.statement import human_percent as _pct

__all__ = ["draw_breakdown", "what_if", "WHAT_IF_RANGES"]


#: Slider ranges of the what-if: (min, max, step) per input.
WHAT_IF_RANGES: dict[str, tuple[float, float, float]] = {
    "utilization": (0.05, 1.0, 0.05),
    "lifetime_years": (1.0, 10.0, 0.5),
    "pue": (1.0, 2.0, 0.01),
    "intensity_kg_per_kwh": (0.0, 1.0, 0.005),
    "cfe_share": (0.0, 1.0, 0.05),
}
_BARS = (("operational_kg", "operational", 0), ("embodied_kg", "embodied", 1),
         ("total_kg", "total", 7))


def draw_breakdown(e: est.Estimate, *, title: str = "Footprint of the job"):
    """Operational, embodied and total kg CO2e: bars at the value, whiskers from low to high.

    Every value is recomputed by :func:`carbonlib.tools.estimate.estimate`; the x label says so.

    Examples
    --------
    >>> e = est.estimate(energy_kwh=100, count=8, hours=10, intensity_kg_per_kwh=0.5)
    >>> fig = draw_breakdown(e)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['operational', 'embodied', 'total']
    """
    import matplotlib.pyplot as plt

    from carbonlib.machinery import plotting

    df = e.to_frame()
    keys = [k for k, _, _ in _BARS]
    value, low, high = (df.loc[keys, c].to_numpy() for c in ("value", "low", "high"))
    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    ax.barh([label for _, label, _ in _BARS], value,
            color=[plotting.PALETTE[i] for _, _, i in _BARS],
            xerr=[value - low, high - value], capsize=4)
    xmax = float(high.max()) * 1.4 or 1.0
    for y, (v_, lo, hi) in enumerate(zip(value, low, high, strict=True)):
        label = _num(v_) if _num(lo) == _num(hi) else f"{_num(v_)} ({_num(lo)}-{_num(hi)})"
        ax.text(hi + 0.015 * xmax, y, label, va="center")
    ax.invert_yaxis()
    ax.set_xlim(0, xmax)
    ax.set_xlabel("kg CO2e, recomputed (whiskers: 5th-95th percentile)")
    ax.set_title(f"{title}: {_pct(e.value['embodied_share'])} embodied", loc="left")
    fig.tight_layout()
    return fig


def what_if(job: dict[str, Any], e: est.Estimate, show) -> Any:
    """Sliders for utilization, lifetime, PUE, grid intensity and carbon-free share.

    Each move re-runs :func:`carbonlib.tools.estimate.estimate` on ``job`` (keyword arguments) with
    the slider values as single values and passes :func:`draw_breakdown`'s figure to ``show``.
    The sliders start at the centre of ``e``'s ranges. Returns the ipywidgets box to display.
    """
    import ipywidgets as widgets

    a = e.assumptions
    start = {"utilization": a["utilization"]["value"],
             "lifetime_years": a["lifetime_years"]["value"], "pue": a["pue"]["value"],
             "intensity_kg_per_kwh": a["intensity_kg_per_kwh"]["value"],
             "cfe_share": a["cfe_share"]["value"]}
    names = {"utilization": "utilization", "lifetime_years": "lifetime (y)", "pue": "PUE",
             "intensity_kg_per_kwh": "kg CO2e/kWh", "cfe_share": "CFE share"}
    sliders = {
        key: widgets.FloatSlider(value=start[key], min=lo, max=hi, step=step,
                                 description=names[key], readout_format=".3g")
        for key, (lo, hi, step) in WHAT_IF_RANGES.items()
    }

    def redraw(**values):
        point = {**job, "region": None, **values}
        show(draw_breakdown(est.estimate(**point), title="What if"))

    return widgets.VBox([*sliders.values(), widgets.interactive_output(redraw, sliders)])
