"""Figure 11: federated learning (FL-1, FL-2) against training Transformer (Big) in a datacenter.

The four Transformer (Big) baselines are recomputed by :mod:`methodology.operational` from the
inputs of Patterson et al. 2021, Table 1 (8 P100 or 8 TPU v2 in Google's Iowa datacenter, gross
0.478 and net 0.080 kg CO2e/kWh) and shown next to the published values and the digitized bars.
The FL bars are digitized; :func:`methodology.federated.fl_hours` turns each segment into the
device-hours and router-hours it implies under an assumed grid intensity.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import transforms

from carbonlib import data
from carbonlib.data.schemas.fig11 import BARS
from carbonlib.machinery.plotting import KIND_STYLE, PALETTE
from carbonlib.methodology.federated import COMPONENTS, fl_hours
from carbonlib.methodology.operational import energy_kwh, operational_kg
from carbonlib.paper import agreement as agreement_mod
from carbonlib.paper import claims
from carbonlib.paper.contract import FigureResult, FigureSpec

SPEC = FigureSpec(number=11, stem="fig11_federated_learning",
                  title="Figure 11: federated learning against training Transformer (Big)",
                  tables=("fig11_fl_bars", "fig11_fl_method", "fig11_transformer_big"))

#: Which Patterson Table 1 run and which accounting each baseline bar shows (identified by
#: matching the digitized bars: the US-average P100 run, 135.7 kg, does not fit P100-Base).
BASELINE_RUNS: dict[str, tuple[str, str]] = {
    "TPU-Base": ("tpu-v2-iowa", "gross"),
    "TPU-Green": ("tpu-v2-iowa", "net"),
    "P100-Base": ("p100-iowa", "gross"),
    "P100-Green": ("p100-iowa", "net"),
}

COMPONENT_COLOURS: dict[str, tuple] = {"download": PALETTE[0], "upload": PALETTE[3],
                                       "compute": (0.1, 0.1, 0.1)}
BASELINE_COLOUR = PALETTE[8]


def method_parameters() -> dict[str, float]:
    """The Appendix B parameters and the assumed grid intensity, from ``fig11_fl_method``."""
    return data.load("fig11_fl_method").set_index("parameter")["value"].to_dict()


def baselines() -> pd.DataFrame:
    """Every Transformer (Big) run of Patterson Table 1, gross and net, recomputed vs published.

    Returns
    -------
    pandas.DataFrame
        One row per run and ``accounting`` (gross, net): ``bar`` (the Fig 11 bar it is, or
        empty), ``energy_kwh_recomputed`` (chips x power x days x 24 h x PUE / 1000),
        ``energy_kwh_table``, ``intensity_kg_per_kwh``, ``co2e_kg_recomputed``,
        ``co2e_kg_table`` (published tonnes x 1000) and ``rel_difference``.
    """
    runs = data.load("fig11_transformer_big")
    bar_of = {v: k for k, v in BASELINE_RUNS.items()}
    rows = []
    for run in runs.itertuples():
        kwh = energy_kwh(run.power_per_chip_w, run.days * 24.0, devices=run.chips, pue=run.pue)
        for acc in ("gross", "net"):
            intensity = getattr(run, f"intensity_{acc}_kg_per_kwh")
            kg = operational_kg(kwh, intensity)
            table_kg = getattr(run, f"co2e_{acc}_t") * 1000.0
            rows.append({
                "run": run.run, "processor": run.processor, "datacenter": run.datacenter,
                "accounting": acc, "bar": bar_of.get((run.run, acc), ""),
                "energy_kwh_recomputed": kwh, "energy_kwh_table": run.energy_kwh,
                "intensity_kg_per_kwh": intensity, "co2e_kg_recomputed": kg,
                "co2e_kg_table": table_kg, "rel_difference": kg / table_kg - 1.0,
            })
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Fig11Result(FigureResult):
    """The bars (digitized, recomputed, published), the baselines and the implied hours."""

    bars: pd.DataFrame
    baselines: pd.DataFrame
    hours: pd.DataFrame


def frame(grid_intensity_kg_per_kwh: float | None = None, device_power_w: float | None = None,
          router_power_w: float | None = None) -> Fig11Result:
    """The figure's tables: :func:`bars`, :func:`baselines` and :func:`implied_hours`.

    Parameters are those of :func:`implied_hours` (None: the values in ``fig11_fl_method``).
    """
    df = bars()
    hours = implied_hours(df, grid_intensity_kg_per_kwh=grid_intensity_kg_per_kwh,
                          device_power_w=device_power_w, router_power_w=router_power_w)
    return Fig11Result(params={"grid_intensity_kg_per_kwh": grid_intensity_kg_per_kwh,
                               "device_power_w": device_power_w,
                               "router_power_w": router_power_w},
                       bars=df, baselines=baselines(), hours=hours)


def bars() -> pd.DataFrame:
    """The plotted values: one row per bar, component and kind of value.

    Columns: ``bar`` (in the paper's order), ``group`` (``federated`` or ``transformer_big``),
    ``component`` (download, upload, compute or total), ``value_kind`` (``digitized``,
    ``recomputed`` or ``table``), ``co2e_kg`` and ``reading_error`` (digitized rows).
    """
    raw = data.load("fig11_fl_bars")
    digitized = raw.assign(value_kind="digitized")[
        ["bar", "group", "component", "value_kind", "co2e_kg", "reading_error"]]
    base = baselines()
    base = base[base["bar"] != ""]
    extra = []
    for kind, col in (("recomputed", "co2e_kg_recomputed"), ("table", "co2e_kg_table")):
        extra.append(pd.DataFrame({
            "bar": base["bar"], "group": "transformer_big", "component": "total",
            "value_kind": kind, "co2e_kg": base[col], "reading_error": np.nan}))
    out = pd.concat([digitized, *extra], ignore_index=True)
    order = {b: i for i, b in enumerate(BARS)}
    return out.sort_values(["bar", "value_kind", "component"], key=lambda s: s.map(order)
                           if s.name == "bar" else s).reset_index(drop=True)


def implied_hours(df: pd.DataFrame, *, grid_intensity_kg_per_kwh: float | None = None,
                  device_power_w: float | None = None,
                  router_power_w: float | None = None) -> pd.DataFrame:
    """Client activity implied by each digitized FL segment (Appendix B method, inverted).

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`bars`.
    grid_intensity_kg_per_kwh : float, optional
        Carbon intensity of the clients' electricity, kg CO2e/kWh (> 0). The paper does not
        state it; defaults to the assumption in ``data/fig11_fl_method.csv``.
    device_power_w, router_power_w : float, optional
        Device and router power, W; default to the paper's 3 W and 7.5 W (same file).

    Returns
    -------
    pandas.DataFrame
        One row per FL bar and component: ``co2e_kg`` (digitized), ``power_w``, ``hours``
        (router-hours for download and upload, device-hours for compute), ``energy_kwh`` and
        the ``grid_intensity_kg_per_kwh`` used.
    """
    params = method_parameters()
    intensity = params["grid_intensity_kg_per_kwh"] if grid_intensity_kg_per_kwh is None \
        else grid_intensity_kg_per_kwh
    device = params["device_power_w"] if device_power_w is None else device_power_w
    router = params["router_power_w"] if router_power_w is None else router_power_w
    seg = df[(df["group"] == "federated") & df["component"].isin(COMPONENTS)]
    wide = seg.pivot(index="bar", columns="component", values="co2e_kg")
    hours = fl_hours(wide["download"], wide["upload"], wide["compute"],
                     intensity_kg_per_kwh=intensity, device_power_w=device,
                     router_power_w=router).hours()
    power = {"download": router, "upload": router, "compute": device}
    rows = [{"bar": bar, "component": c, "co2e_kg": wide.loc[bar, c], "power_w": power[c],
             "hours": hours[c][bar], "energy_kwh": hours[c][bar] * power[c] / 1000.0,
             "grid_intensity_kg_per_kwh": intensity}
            for bar in wide.index for c in COMPONENTS]
    return pd.DataFrame(rows)


def draw(result: Fig11Result) -> plt.Figure:
    """Left: the paper's bars on a log axis, FL digitized and baselines recomputed, published
    and digitized values beside each bar. Right: the client hours each FL segment implies."""
    df, hours = result.bars, result.hours
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(13, 5.2), width_ratios=[1.3, 1])
    x = {b: i for i, b in enumerate(BARS)}
    dig = df[df["value_kind"] == "digitized"]
    fl = dig[(dig["group"] == "federated") & dig["component"].isin(COMPONENTS)]
    bottom = dict.fromkeys(fl["bar"].unique(), 0.0)
    for comp in COMPONENTS:
        seg = fl[fl["component"] == comp]
        ax.bar([x[b] for b in seg["bar"]], seg["co2e_kg"], bottom=[bottom[b] for b in seg["bar"]],
               width=0.5, color=COMPONENT_COLOURS[comp], hatch=KIND_STYLE["digitized"]["hatch"],
               edgecolor="white", linewidth=0.4, label=f"FL {comp} (digitized)")
        for b, v in zip(seg["bar"], seg["co2e_kg"], strict=True):
            bottom[b] += v
    # on a log axis a segment under a tenth of its stack is too thin to see: name it in the label
    for b, top in bottom.items():
        thin = [f"{c} {v:g}" for c, v in zip(fl.loc[fl["bar"] == b, "component"],
                                              fl.loc[fl["bar"] == b, "co2e_kg"], strict=True)
                if v < top / 10]
        ax.annotate(f"{top:.0f}" + (f"\n(incl. {', '.join(thin)})" if thin else ""),
                    (x[b], top), xytext=(0, 3), textcoords="offset points", ha="center",
                    fontsize=8.5)
    rec = df[df["value_kind"] == "recomputed"]
    ax.bar([x[b] for b in rec["bar"]], rec["co2e_kg"], width=0.5, color=BASELINE_COLOUR,
           label="Transformer (Big), recomputed")
    # published and digitized values sit beside the bar, so a small bar stays visible
    for kind, colour, dx in (("table", "black", -0.36), ("digitized", PALETTE[3], 0.36)):
        pts = df[(df["value_kind"] == kind) & (df["group"] == "transformer_big")]
        ax.plot([x[b] + dx for b in pts["bar"]], pts["co2e_kg"], linestyle="none",
                marker=KIND_STYLE[kind]["marker"], markersize=6, color=colour,
                markerfacecolor="none" if kind == "table" else colour,
                label="Patterson Table 1" if kind == "table" else "digitized (Fig 11)")
    for b, v in zip(rec["bar"], rec["co2e_kg"], strict=True):
        ax.annotate(f"{v:.1f}", (x[b], v), xytext=(0, 3), textcoords="offset points",
                    ha="center", fontsize=8.5)
    ax.set_yscale("log")
    ax.set_ylim(1, 2000)  # every value is above 1 kg: no zero to hide on the log axis
    ax.set_xlim(-0.6, len(BARS) - 0.4)
    ax.set_xticks(list(x.values()), list(x.keys()), fontsize=9)
    ax.axvline(1.5, color="grey", linewidth=0.8)
    below = transforms.offset_copy(ax.get_xaxis_transform(), fig=fig, y=-30, units="points")
    for label, pos in (("Federated learning", 0.5), ("Transformer (Big), datacenter", 3.5)):
        ax.text(pos, 0, label, transform=below, ha="center", va="top", fontsize=9.5,
                fontweight="bold")
    ax.set_ylabel("CO2e (kg, log scale)")
    ax.set_title("Federated learning vs training Transformer (Big)", fontsize=11)
    ax.legend(loc="upper right", fontsize=7.5, ncol=2)

    intensity = hours["grid_intensity_kg_per_kwh"].iloc[0]
    fl_bars = list(dict.fromkeys(hours["bar"]))
    width = 0.25
    for i, comp in enumerate(COMPONENTS):
        sub = hours[hours["component"] == comp].set_index("bar").loc[fl_bars]
        pos = np.arange(len(fl_bars)) + (i - 1) * width
        unit = "device-hours" if comp == "compute" else "router-hours"
        ax2.bar(pos, sub["hours"] / 1000.0, width=width, color=COMPONENT_COLOURS[comp],
                label=f"{comp} ({unit}, {sub['power_w'].iloc[0]:g} W)")
        for p, h in zip(pos, sub["hours"], strict=True):
            ax2.annotate(f"{h / 1000:.1f}k", (p, h / 1000.0), xytext=(0, 2),
                         textcoords="offset points", ha="center", fontsize=8)
    ax2.set_ylim(0, hours["hours"].max() / 1000.0 * 1.15)
    ax2.set_xticks(np.arange(len(fl_bars)), fl_bars)
    ax2.set_ylabel("implied client hours (thousands)")
    ax2.set_title(f"Hours implied by the digitized segments\n(recomputed, assumed "
                  f"{intensity:g} kg CO2e/kWh; not published)", fontsize=10)
    ax2.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    return fig


def check_claims(result: Fig11Result) -> pd.DataFrame:
    """Check Fig 11's claims: the four baselines recomputed from Patterson Table 1 inputs, FL-1
    against P100-Base, and the 74% manufacturing share of client devices (not reproducible)."""
    df = result.bars
    rec = df[df["value_kind"] == "recomputed"].set_index("bar")["co2e_kg"]
    dig = df[(df["value_kind"] == "digitized")].set_index(["bar", "component"])["co2e_kg"]
    base = result.baselines.set_index("bar")

    def run(bar: str) -> tuple[claims.Input, ...]:
        return claims.inputs("fig11_transformer_big", run=BASELINE_RUNS[bar][0])

    def baseline(claim_id: str, bar: str) -> dict:
        return claims.check(claim_id, rec[bar], inputs=run(bar), note=note(bar))

    def note(bar: str) -> str:
        b = base.loc[bar]
        return (f"{b['energy_kwh_recomputed']:.1f} kWh x {b['intensity_kg_per_kwh']:g} kg/kWh "
                f"({b['processor']}, {b['accounting']}); digitized bar {dig[(bar, 'total')]:g} kg")

    fl1 = dig[("FL-1", "total")]
    fl2 = dig[("FL-2", "total")]
    segs = sum(dig[("FL-1", c)] for c in COMPONENTS)
    rows = [
        baseline("fig11-p100-base", "P100-Base"),
        baseline("fig11-p100-green", "P100-Green"),
        baseline("fig11-tpu-base", "TPU-Base"),
        baseline("fig11-tpu-green", "TPU-Green"),
        claims.check(
            "fig11-fl1-vs-p100", fl1 / rec["P100-Base"],
            inputs=claims.inputs("fig11_fl_bars", bar=["FL-1", "FL-2"]) + run("P100-Base"),
            note=(f"digitized FL-1 {fl1:g} kg (segments sum to {segs:g}) / recomputed P100-Base "
                  f"{rec['P100-Base']:.1f} kg; FL-2 gives {fl2 / rec['P100-Base']:.2f}; "
                  "'comparable' read as a ratio of at most 3 (tolerance 2 on a ratio of 1)"),
        ),
        claims.check(
            "sec4-device-manufacturing-74", None,
            note=("quoted from Gupta et al. 2021 (Chasing Carbon, [19]); the paper gives no "
                  "client-device life-cycle data and the cited source is not bundled"),
        ),
    ]
    return claims.table(rows)


def agreement(result: Fig11Result) -> pd.DataFrame:
    """The four baselines recomputed from Patterson Table 1 against the digitized bars."""
    df = result.bars
    rec = df[df["value_kind"] == "recomputed"].set_index("bar")["co2e_kg"]
    dig = df[df["value_kind"] == "digitized"].set_index(["bar", "component"])
    order = [b for b in BARS if b in rec.index]
    paper = dig.loc[[(b, "total") for b in order]]
    return agreement_mod.table([agreement_mod.score(
        "Fig 11", "Transformer (Big) baselines, recomputed", rec.loc[order], paper["co2e_kg"],
        paper["reading_error"], labels=order)])
