"""One figure per conclusion: (a) what the metric is made of, in both sets; (b) the metric's Monte
Carlo distribution in both sets against the threshold, with the value read from the paper's own
figure where it has one."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from carbonlib import data
from carbonlib.machinery.plotting import PALETTE
from carbonlib.paper.then_and_now.inputs import SETS, point_values
from carbonlib.paper.then_and_now.models import utilization_reduction
from carbonlib.paper.then_and_now.verdicts import CONCLUSIONS, Analysis

__all__ = ["paper_figure_values", "draw", "draw_all", "table_for_display", "publish",
           "publish_overview"]

COLORS = {"paper": PALETTE[0], "today": PALETTE[3]}
LABELS = {"paper": "paper's inputs (2019-2021)", "today": "today's inputs"}
#: Axis label of each metric.
METRIC_LABELS = {"embodied_share": "embodied share once carbon-free energy applies",
                 "utilization": "carbon per work, 20% over 80% utilization (x)",
                 "growth": "net power change per half-year",
                 "federated": "|log10(federated / data centre)|"}


def paper_figure_values() -> dict[str, float]:
    """Each metric as read from the paper's own figure (digitized bars), for comparison.

    - Fig 5: embodied / (embodied + operational rest), summed over the six models;
    - Fig 9: the 20% bar's total over the 75% bar's (the figure stops at 75%);
    - Figs 6-8: growth per half-year of Fig 8's optimized line;
    - Fig 11: ``|log10|`` of the mean federated bar over the P100-Base bar.
    """
    f5 = data.load("fig05_lifecycle").pivot(index="model", columns="segment",
                                            values="emissions_tco2e").sum()
    f9 = data.load("fig09_utilization").groupby("gpu_utilization_pct")[
        "footprint_normalized"].sum()
    f8 = data.load("fig08_power_over_time")
    opt = f8[f8["series"] == "optimized"].sort_values("half_year_order")["power_normalized"]
    f11 = data.load("fig11_fl_bars")
    fl = f11[(f11["group"] == "federated") & (f11["component"] == "total")]["co2e_kg"].mean()
    dc = float(f11[f11["bar"] == "P100-Base"]["co2e_kg"].iloc[0])
    return {
        "embodied_share": float(f5["embodied"] / (f5["embodied"] + f5["operational_rest"])),
        "utilization": float(f9.loc[20] / f9.loc[75]),
        "growth": float((opt.iloc[-1] / opt.iloc[0]) ** (1 / (len(opt) - 1)) - 1),
        "federated": float(abs(np.log10(fl / dc))),
    }


def _median(a: Analysis, key: str, s: str, col: str) -> float:
    return float(a.draws[(key, s)][col].median())


def _detail(ax: plt.Axes, a: Analysis, key: str) -> None:
    x = np.arange(len(SETS))
    if key == "embodied_share":
        bottom = np.zeros(len(SETS))
        for col, label, color in [("embodied_kg", "embodied", "#a6cbe3"),
                                  ("operational_kg", "operational left", "#1f4e9c"),
                                  ("offset_kg", "operational offset (carbon-free)", "#d9d9d9")]:
            vals = np.array([_median(a, key, s, col) for s in SETS])
            ax.bar(x, vals, bottom=bottom, color=color, edgecolor="black", linewidth=0.5,
                   label=label, width=0.6)
            bottom += vals
        ax.set_xticks(x, [LABELS[s] for s in SETS], fontsize=8)
        ax.set_ylabel("kg CO2e per server-hour (medians)")
        ax.legend(fontsize=7)
    elif key == "utilization":
        u = np.linspace(0.1, 1.0, 46)
        for s in SETS:
            point = {k: point_values(val) for k, val in a.inputs[key][s].items()}
            rel = [float(utilization_reduction(**point, low_utilization=ui,
                                               high_utilization=0.8)["metric"]) for ui in u]
            ax.plot(100 * u, rel, color=COLORS[s], label=LABELS[s])
        ax.axvline(20, color="grey", linestyle=":")
        ax.set_xlabel("GPU utilization (%)")
        ax.set_ylabel("carbon per unit of work\n(relative to 80%, mid inputs)")
        ax.legend(fontsize=8)
    elif key == "growth":
        t = np.arange(0, 9)
        for s in SETS:
            net = a.draws[(key, s)]["metric"].to_numpy()
            lo, mid, hi = np.percentile(net, [5, 50, 95])
            ax.plot(t, (1 + mid) ** t, color=COLORS[s], label=LABELS[s])
            ax.fill_between(t, (1 + lo) ** t, (1 + hi) ** t, color=COLORS[s], alpha=0.2)
        ax.axhline(1.0, color="grey", linestyle=":")
        ax.set_xlabel("half-years")
        ax.set_ylabel("power relative to the start\n(median, 5-95%)")
        ax.legend(fontsize=8)
    else:
        width = 0.38
        for j, (col, label) in enumerate([("federated_kg", "federated learning (mean of FL-1, "
                                           "FL-2)"), ("datacenter_kg", "Transformer (Big) in a "
                                                      "data centre")]):
            med = np.array([_median(a, key, s, col) for s in SETS])
            q = np.array([np.percentile(a.draws[(key, s)][col], [5, 95]) for s in SETS])
            ax.bar(x + (j - 0.5) * width, med, width=width, color=PALETTE[j + 1],
                   edgecolor="black", linewidth=0.5, label=label,
                   yerr=[med - q[:, 0], q[:, 1] - med], capsize=3)
        ax.set_yscale("log")
        ax.set_xticks(x, [LABELS[s] for s in SETS], fontsize=8)
        ax.set_ylabel("kg CO2e (median, 5-95%)")
        ax.legend(fontsize=7)


def draw(a: Analysis, key: str) -> plt.Figure:
    """The figure of one conclusion (``key`` in :data:`CONCLUSIONS`)."""
    c = next((c for c in CONCLUSIONS if c.key == key), None)
    if c is None:
        raise ValueError(f"key={key!r} is not a conclusion; allowed: "
                         f"{', '.join(c.key for c in CONCLUSIONS)}")
    row = a.table.set_index("conclusion").loc[key]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    _detail(ax1, a, key)
    ax1.set_title("(a) what the metric is made of", fontsize=10)
    values = [a.draws[(key, s)]["metric"].to_numpy() for s in SETS]
    parts = ax2.violinplot(values, positions=[0, 1], showmedians=True, showextrema=False)
    for body, s in zip(parts["bodies"], SETS, strict=True):
        body.set_facecolor(COLORS[s])
        body.set_alpha(0.5)
    for i, s in enumerate(SETS):
        lo, hi = row[f"{s}_low"], row[f"{s}_high"]
        ax2.errorbar(i, row[f"{s}_median"], yerr=[[row[f"{s}_median"] - lo],
                                                  [hi - row[f"{s}_median"]]],
                     fmt="o", color="black", capsize=4)
    side = "at least" if c.direction > 0 else "at most"
    ax2.axhline(c.threshold, color="grey", linestyle="--",
                label=f"threshold {c.threshold:.3g} ({side})")
    ax2.plot([0], [paper_figure_values()[key]], marker="D", color="black", linestyle="none",
             label="read from the paper's figure")
    ax2.set_xticks([0, 1], [LABELS[s] for s in SETS], fontsize=8)
    ax2.set_ylabel(METRIC_LABELS[key], fontsize=9)
    ax2.legend(fontsize=7, loc="best")
    ax2.set_title(f"(b) {row['verdict']} (driver: {row['driver']})", fontsize=10)
    fig.suptitle(f"{c.figures}: {c.statement}", fontsize=11)
    fig.tight_layout()
    return fig


def draw_all(a: Analysis) -> plt.Figure:
    """All four metrics in one overview figure (paper vs today, 5-95% bars, thresholds)."""
    fig, axes = plt.subplots(1, len(CONCLUSIONS), figsize=(14, 3.6))
    table = a.table.set_index("conclusion")
    for ax, c in zip(axes, CONCLUSIONS, strict=True):
        row = table.loc[c.key]
        for i, s in enumerate(SETS):
            med = row[f"{s}_median"]
            ax.errorbar(i, med, yerr=[[med - row[f"{s}_low"]], [row[f"{s}_high"] - med]],
                        fmt="o", color=COLORS[s], capsize=5, markersize=7)
        ax.axhline(c.threshold, color="grey", linestyle="--")
        ax.set_xticks([0, 1], ["paper", "today"])
        ax.set_xlim(-0.5, 1.5)
        ax.set_ylabel(METRIC_LABELS[c.key], fontsize=8)
        ax.set_title(f"{c.figures}: {row['verdict']}", fontsize=10)
    fig.suptitle("Then and now: each conclusion's metric (median, 5-95%) against its threshold",
                 fontsize=11)
    fig.tight_layout()
    return fig


def table_for_display(a: Analysis) -> pd.DataFrame:
    """The verdict table rounded for reading."""
    cols = ["figures", "statement", "threshold", "paper_median", "paper_low", "paper_high",
            "today_median", "today_low", "today_high", "p_holds_today", "verdict", "driver"]
    return a.table[cols].round(3)


def _publish_one(a: Analysis, key: str | None) -> list[Path]:
    from carbonlib.machinery import files, paths, plotting

    fig = draw_all(a) if key is None else draw(a, key)
    name = "then_and_now" if key is None else f"then_and_now_{key}"
    figures_dir, tables_dir = paths.output_dirs()
    written = plotting.save_and_show(fig, name, directory=figures_dir)
    if key is None:  # the conclusions table, for the report (same run id as the claim tables)
        run_id = os.environ.get(paths.RUN_ID_ENV, "")
        written.append(files.write_csv(a.table.assign(run_id=run_id),
                                       tables_dir / f"{name}.conclusions.csv"))
    return written


def publish(a: Analysis, *keys: str) -> list[Path]:
    """Draw the overview (no ``keys``) or each named conclusion's figure, save it, show it.

    Saved as ``then_and_now_<key>.png``/``.svg`` (overview: ``then_and_now``, with the
    conclusions table as ``then_and_now.conclusions.csv`` in the run's table folder) in the
    run's figure folder (:func:`carbonlib.machinery.paths.output_dirs`): ``figures/`` under the
    pipeline, ``$CARBONLIB_OUTPUT_DIR/figures`` for ``make today``, ``build/scratch/figures``
    when exploring.

    Parameters
    ----------
    a : Analysis
        What :func:`~carbonlib.paper.then_and_now.verdicts.analyse` returned.
    *keys : str
        Conclusion keys (:data:`CONCLUSIONS`), drawn in this order; none: the overview.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    ValueError
        When a key is not a conclusion's (before anything is drawn).
    """
    allowed = [c.key for c in CONCLUSIONS]
    unknown = [k for k in keys if k not in allowed]
    if unknown:
        raise ValueError(f"keys={unknown!r} are not conclusions; allowed: {', '.join(allowed)}")
    if not keys:
        return _publish_one(a, None)
    return [path for key in keys for path in _publish_one(a, key)]


def publish_overview(a: Analysis) -> pd.DataFrame:
    """Publish the overview figure (:func:`publish` without keys); return the verdict table.

    Returns
    -------
    pandas.DataFrame
        :func:`table_for_display` of ``a``: the medians and 5-95% intervals of both sets, the
        share of today's draws that meet the threshold, the verdict and its driver.
    """
    publish(a)
    return table_for_display(a)
