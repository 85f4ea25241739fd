"""Figure 4: operational footprint of Facebook's production models beside open-source models.

The production bars (LM, RM-1..RM-5: offline training, online training, inference) are digitized
from the paper: Facebook's energies are unpublished. The open-source (OSS) bars are recomputed by
:mod:`methodology.operational` from the published inputs (chips, power per chip, training time,
PUE, grid intensity) of Patterson et al. 2021 Table 4 and, for the bar the paper labels
"BERT-NAS", Strubell et al. 2019 Table 3 (Transformer-big neural architecture search); each is
shown with its published value and the paper's digitized bar.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from carbonlib import data
from carbonlib.machinery.plotting import PALETTE
from carbonlib.methodology import validation as v
from carbonlib.methodology.lifecycle import combine_phases, phase_share
from carbonlib.methodology.operational import energy_kwh, operational_kg
from carbonlib.paper import agreement as agreement_mod
from carbonlib.paper import claims
from carbonlib.paper.contract import FigureResult, FigureSpec

SPEC = FigureSpec(number=4, stem="fig04_model_footprints",
                  title="Figure 4: operational footprint of production and open-source models",
                  tables=("fig04_production", "fig04_oss_models", "fig04_equivalence"))

#: Kilograms per avoirdupois pound (exact, by definition).
KG_PER_LB: float = 0.45359237
#: Production phases in the paper's stacking order.
PRODUCTION_PHASES: tuple[str, ...] = ("training_offline", "training_online", "inference")
#: Open-source models in Fig 4's order (the two Strubell Transformer-big rows carry no label
#: except the NAS, which the paper calls "BERT-NAS").
OSS_ORDER: tuple[str, ...] = ("transformer_big_nas_strubell", "evolved_transformer_nas", "t5",
                              "meena", "gshard_600b", "switch_transformer", "gpt3")
#: Colours of the production phases, as in the paper (hatched white, orange, black).
PHASE_COLOURS: dict[str, object] = {"training_offline": "white",
                                    "training_online": PALETTE[3], "inference": "black"}
PHASE_LABELS: dict[str, str] = {"training_offline": "Offline training",
                                "training_online": "Online training", "inference": "Inference"}


def oss_inputs() -> pd.DataFrame:
    """Published inputs and results of the open-source models, one row per model (wide).

    Columns are the quantities of ``data/fig04_oss_models.csv`` (units in the names) plus
    ``fig4_label`` and ``source`` (the cited paper of the model's inputs).
    """
    long = data.load("fig04_oss_models")
    wide = long.pivot(index="model", columns="quantity", values="value")
    wide.columns.name = None
    meta = long[long["quantity"] == "devices"].set_index("model")[["fig4_label", "source"]]
    return wide.join(meta).reset_index()


def recompute_oss(*, pue: float | None = None) -> pd.DataFrame:
    """Recompute each open-source model's energy and CO2e from its published inputs.

    ``energy_kwh = power_w_per_device * hours * devices * pue / 1000`` and
    ``co2e_t = energy_kwh * intensity_kg_per_kwh / 1000`` (gross) or with the net intensity
    (Patterson's 24/7 carbon-free-energy accounting). Strubell's rows give the whole P100x8
    system's power as one device and the intensity in lbs/kWh (converted at 0.45359237 kg/lb);
    their published CO2e in lbs is converted the same way.

    Parameters
    ----------
    pue : float, optional
        Apply one PUE (>= 1) to every model instead of each model's published PUE.

    Returns
    -------
    pandas.DataFrame
        One row per model: ``model``, ``fig4_label``, ``source``, ``hours``,
        ``energy_kwh`` and ``energy_kwh_published``, ``co2e_t`` and ``co2e_t_published``
        (gross), ``co2e_net_t`` and ``co2e_net_t_published``, ``energy_gap`` and
        ``co2e_gap`` (recomputed / published - 1), ``fig4_bar_t`` (digitized bar height).
    """
    w = oss_inputs().set_index("model")
    hours = w["training_days"].mul(24).fillna(w["training_hours"])
    pue_used = w["pue"] if pue is None else pd.Series(float(pue), index=w.index)
    e = energy_kwh(w["power_w_per_device"], hours, devices=w["devices"], pue=pue_used)
    gross = w["intensity_kg_per_kwh"].fillna(w["intensity_lbs_per_kwh"] * KG_PER_LB)
    net = w["intensity_net_kg_per_kwh"].fillna(gross)
    out = pd.DataFrame({
        "fig4_label": w["fig4_label"], "source": w["source"], "hours": hours,
        "pue": pue_used, "intensity_kg_per_kwh": gross,
        "energy_kwh": e,
        "energy_kwh_published": (w["energy_mwh_published"] * 1000).fillna(
            w["energy_kwh_published"]),
        "co2e_t": operational_kg(e, gross) / 1000,
        "co2e_t_published": w["co2e_t_published"].fillna(
            w["co2e_lbs_published"] * KG_PER_LB / 1000),
        "co2e_net_t": operational_kg(e, net) / 1000,
        "co2e_net_t_published": w["co2e_net_t_published"].fillna(
            w["co2e_lbs_published"] * KG_PER_LB / 1000),
        "fig4_bar_t": w["fig4_bar_t"],
        "params_billion": w["params_billion"],
    })
    out["energy_gap"] = out["energy_kwh"] / out["energy_kwh_published"] - 1
    out["co2e_gap"] = out["co2e_t"] / out["co2e_t_published"] - 1
    out["co2e_net_gap"] = out["co2e_net_t"] / out["co2e_net_t_published"] - 1
    order = [m for m in (*OSS_ORDER, *sorted(out.index)) if m in out.index]
    return out.loc[list(dict.fromkeys(order))].rename_axis("model").reset_index()


def production() -> pd.DataFrame:
    """Digitized production segments, one row per model: the three phases and ``total``, t CO2e."""
    long = data.load("fig04_production")
    wide = long.pivot(index="model", columns="phase", values="emissions_tco2e")
    wide = wide[list(PRODUCTION_PHASES)]
    wide.columns.name = None
    wide["total"] = wide.sum(axis=1)
    return wide.reset_index()


@dataclass(frozen=True)
class Fig04Result(FigureResult):
    """Fig 4's tables (see :func:`frame`)."""

    plotted: pd.DataFrame
    oss: pd.DataFrame
    mean_ratios: pd.DataFrame
    phase_shares: pd.DataFrame


def frame(*, use_net: bool = False, pue: float | None = None,
          mean_phases: tuple[str, ...] = ("training_offline",)) -> Fig04Result:
    """Fig 4's tables: the plotted bars, the OSS recomputation and the production averages.

    Parameters
    ----------
    use_net : bool, default False
        Plot the OSS models' net (24/7 carbon-free energy) footprint instead of gross.
    pue : float, optional
        One PUE for every OSS model instead of the published ones.
    mean_phases : tuple of str, default ("training_offline",)
        Production phases summed before averaging the six models for the 1.8x Meena and 0.3x
        GPT-3 claims; the default is the only set for which both hold (see :func:`mean_ratios`).

    Examples
    --------
    >>> result = frame()
    >>> result.plotted.groupby("group")["model"].nunique().to_dict()
    {'Facebook': 6, 'OSS': 7}
    """
    phases = tuple(mean_phases)
    if not phases:
        raise ValueError("mean_phases=() is empty; allowed: one or more of "
                         + ", ".join(PRODUCTION_PHASES))
    for phase in phases:
        v.one_of("mean_phases", phase, PRODUCTION_PHASES)
    plotted = plotted_frame(use_net=use_net, pue=pue)
    return Fig04Result(params={"use_net": use_net, "pue": pue, "mean_phases": phases},
                       plotted=plotted, oss=recompute_oss(pue=pue),
                       mean_ratios=mean_ratios(plotted), phase_shares=phase_shares(plotted))


def plotted_frame(*, use_net: bool = False, pue: float | None = None) -> pd.DataFrame:
    """The plotted table, long and tidy: one row per bar segment.

    Columns: ``group`` (``Facebook`` or ``OSS``), ``model`` (the paper's bar label), ``phase``,
    ``tco2e`` (the plotted height), ``kind`` (``digitized`` for Facebook, ``recomputed`` for OSS),
    ``published_tco2e`` and ``digitized_tco2e`` (OSS: the cited table's value and the paper's
    bar, for comparison), ``source``.

    Parameters
    ----------
    use_net : bool, default False
        Plot the OSS models' net (24/7 carbon-free energy) footprint; Fig 4 plots gross (its
        Switch Transformer bar is 74.7 t digitized: gross 72.2, not net 59.1).
    pue : float, optional
        One PUE for every OSS model instead of the published ones.
    """
    prod = data.load("fig04_production")
    fb = pd.DataFrame({"group": "Facebook", "model": prod["model"], "phase": prod["phase"],
                       "tco2e": prod["emissions_tco2e"], "kind": "digitized",
                       "published_tco2e": np.nan, "digitized_tco2e": prod["emissions_tco2e"],
                       "source": prod["source"]})
    oss = recompute_oss(pue=pue)
    oss = oss[oss["fig4_label"].notna()]
    col, pub = ("co2e_net_t", "co2e_net_t_published") if use_net else ("co2e_t",
                                                                      "co2e_t_published")
    os_ = pd.DataFrame({"group": "OSS", "model": oss["fig4_label"], "phase": "training_offline",
                        "tco2e": oss[col], "kind": "recomputed", "published_tco2e": oss[pub],
                        "digitized_tco2e": oss["fig4_bar_t"], "source": oss["source"]})
    return pd.concat([fb, os_], ignore_index=True)


def mean_ratios(df: pd.DataFrame) -> pd.DataFrame:
    """Mean production footprint over the six models, by which phases are counted, vs Meena/GPT-3.

    Returns one row per phase set (offline training; all training; all phases) with
    ``mean_tco2e``, ``x_meena`` and ``x_gpt3`` (ratios to the plotted OSS values).
    """
    fb = df[df["group"] == "Facebook"].pivot(index="model", columns="phase", values="tco2e")
    oss = df[df["group"] == "OSS"].set_index("model")["tco2e"]
    sets = {"offline training": ["training_offline"],
            "offline + online training": ["training_offline", "training_online"],
            "all phases (with inference)": list(PRODUCTION_PHASES)}
    rows = []
    for name, phases in sets.items():
        mean = fb[phases].sum(axis=1).mean()
        rows.append({"phases_counted": name, "models": len(fb), "mean_tco2e": mean,
                     "x_meena": mean / oss["Meena"], "x_gpt3": mean / oss["GPT3"]})
    return pd.DataFrame(rows)


def phase_shares(df: pd.DataFrame) -> pd.DataFrame:
    """Per production model: training and inference shares of its operational footprint."""
    fb = df[df["group"] == "Facebook"]
    rows = []
    for model, g in fb.groupby("model", sort=False):
        seg = dict(zip(g["phase"], g["tco2e"], strict=True))
        merged = combine_phases(seg, {"training": ["training_offline", "training_online"]})
        rows.append({"model": model, "training_share": phase_share(merged, "training"),
                     "inference_share": phase_share(merged, "inference"),
                     "total_tco2e": sum(seg.values())})
    return pd.DataFrame(rows)


def draw(result: Fig04Result) -> plt.Figure:
    """Stacked bars as in the paper; OSS bars recomputed, with published and digitized marks
    beside each bar (not over it) and every bar's value printed."""
    df = result.plotted
    fig, ax = plt.subplots(figsize=(10, 6.4))
    fb = df[df["group"] == "Facebook"].pivot(index="model", columns="phase", values="tco2e")
    fb = fb.loc[df.loc[df["group"] == "Facebook", "model"].unique()]
    oss = df[df["group"] == "OSS"].reset_index(drop=True)
    x_fb = np.arange(len(fb))
    x_oss = np.arange(len(oss)) + len(fb) + 0.6
    bottom = np.zeros(len(fb))
    phase_handles = []
    for phase in PRODUCTION_PHASES:
        phase_handles.append(ax.bar(
            x_fb, fb[phase], bottom=bottom, color=PHASE_COLOURS[phase], edgecolor="black",
            hatch="////" if phase == "training_offline" else "", width=0.65,
            label=PHASE_LABELS[phase]))
        bottom += fb[phase].to_numpy()
    colours = ["#a9d18e" if m == "BERT-NAS" else "white" for m in oss["model"]]
    bars = ax.bar(x_oss, oss["tco2e"], color=colours, edgecolor=PALETTE[0], linewidth=1.4,
                  hatch="////", width=0.65, label="recomputed from published inputs")
    pub = ax.plot(x_oss - 0.45, oss["published_tco2e"], "<", color=PALETTE[1], markersize=6,
                  linestyle="none", label="published table value")[0]
    dig = ax.plot(x_oss + 0.45, oss["digitized_tco2e"], ">", color=PALETTE[3], markersize=6,
                  linestyle="none", label="paper's bar (digitized)")[0]
    for xi, val in zip(x_oss, oss["tco2e"], strict=True):
        ax.annotate(f"{val:.1f}", (xi, val), xytext=(0, 6), textcoords="offset points",
                    ha="center", fontsize=8)
    for xi, val in zip(x_fb, bottom, strict=True):
        ax.annotate(f"{val:.0f}", (xi, val), xytext=(0, 3), textcoords="offset points",
                    ha="center", fontsize=8)
    labels = list(fb.index) + [m + "*" if m == "BERT-NAS" else m for m in oss["model"]]
    ax.set_xticks(np.concatenate([x_fb, x_oss]), labels, rotation=90, fontsize=9)
    ax.axvline(len(fb) - 0.2, color="0.6", linewidth=0.8)
    top = float(max(bottom.max(), oss["tco2e"].max()))
    ax.set_ylim(-0.12 * top, 1.45 * top)
    ax.axhline(0, color="0.3", linewidth=0.8)
    for xs, name in ((x_fb, "Facebook (digitized)"),
                     (x_oss, "OSS large-scale ML models (training only)")):
        ax.plot([xs.min() - 0.3, xs.max() + 0.3], [-0.03 * top] * 2, color="0.4", lw=1)
        ax.text(float(np.mean(xs)), -0.065 * top, name, ha="center", va="top", fontsize=9)
    ax.set_ylabel("operational CO2e (t)  [= kg in thousands]")
    ax.set_title("Operational carbon footprint of production and open-source models")
    first = ax.legend(handles=phase_handles, loc="upper left", fontsize=8, frameon=True,
                      title="Facebook phases", title_fontsize=8)
    ax.add_artist(first)
    proxy = Patch(facecolor="white", edgecolor=PALETTE[0], hatch="////",
                  label=bars.get_label())
    ax.legend(handles=[proxy, pub, dig], loc="upper right", fontsize=8, frameon=True,
              title="OSS models", title_fontsize=8)
    fig.text(0.01, 0.005, "*\"BERT-NAS\" as labelled in the paper: the bar is Strubell et al.'s "
             "Transformer-big NAS estimate (656,347 kWh, 626,155 lbs = 284 t), not BERT.",
             fontsize=8)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


#: Quantities of ``fig04_oss_models`` a recomputed OSS footprint rests on.
RECOMPUTE_INPUTS: tuple[str, ...] = ("devices", "power_w_per_device", "training_days",
                                     "training_hours", "pue", "intensity_kg_per_kwh",
                                     "intensity_net_kg_per_kwh", "intensity_lbs_per_kwh")


def _oss_inputs(*models: str, quantities=RECOMPUTE_INPUTS) -> tuple[claims.Input, ...]:
    return claims.inputs("fig04_oss_models", model=list(models), quantity=list(quantities))


def _nas_bar_note(nas: pd.Series) -> str:
    """Why the bar labelled BERT-NAS is Strubell et al.'s Transformer-big NAS row."""
    lbs = nas["co2e_t"] * 1000 / KG_PER_LB
    return (f"the bar labelled BERT-NAS is Strubell et al.'s Transformer-big NAS row: "
            f"{nas['energy_kwh']:,.0f} kWh x 0.954 lbs/kWh = {lbs:,.0f} lbs = "
            f"{nas['co2e_t']:.1f} t (published {nas['co2e_t_published']:.1f} t; the paper's bar "
            f"is digitized at {nas['fig4_bar_t']:.1f} +- 4.2 t): the bar's value is that row")


def _bert_label_note(bert: pd.Series, nas: pd.Series) -> str:
    """Why the label 'BERT' does not describe the bar: BERT-base is far below it."""
    return (f"Strubell et al.'s BERT-base training (V100x64, {bert['hours']:.0f} h) recomputed: "
            f"{bert['energy_kwh']:,.0f} kWh = {bert['co2e_t']:.2f} t (published "
            f"{bert['co2e_t_published']:.2f} t), {nas['co2e_t'] / bert['co2e_t']:.0f}x below "
            "the bar: the label 'BERT' does not describe what the bar shows")


def check_claims(result: Fig04Result) -> pd.DataFrame:
    """Check Fig 4's and the related Sec I, III-A and IV-B claims.

    The production averages use the phases ``result.params["mean_phases"]``.
    """
    df = result.plotted
    mean_phases = result.params["mean_phases"]
    fb = df[df["group"] == "Facebook"].pivot(index="model", columns="phase", values="tco2e")
    oss = df[df["group"] == "OSS"].set_index("model")["tco2e"]
    mean = fb[list(mean_phases)].sum(axis=1).mean()
    ratios = result.mean_ratios.set_index("phases_counted")
    shares = result.phase_shares.set_index("model")
    rm = fb.loc[[m for m in fb.index if m.startswith("RM")]]
    rm_inference = rm["inference"].sum() / rm.sum(axis=1).sum()
    rec = result.oss.set_index("model")
    nas, big = rec.loc["transformer_big_nas_strubell"], rec.loc["transformer_big_strubell"]
    bert = rec.loc["bert_base_strubell"]
    factor = data.load("fig04_equivalence").set_index("equivalent").loc[
        "passenger_vehicle_mile", "t_co2e_per_unit"]
    counted = "+".join(mean_phases)
    production = claims.inputs("fig04_production", phase=list(mean_phases))
    rows = [
        claims.check(
            "sec3-open-model-count", float(len(oss)),
            inputs=claims.inputs("fig04_oss_models", quantity="fig4_bar_t"),
            note="OSS bars in Fig 4: " + ", ".join(oss.index)
                 + "; the text names six and omits Evolved Transformer"),
        claims.check(
            "sec3-gpt3-params", float(rec.loc["gpt3", "params_billion"]),
            inputs=claims.inputs("fig04_oss_models", model="gpt3", quantity="params_billion"),
            note="parameter count in Patterson et al. Table 4 (and Brown et al. 2020)"),
        claims.check(
            "fig04-lm-inference-share", 100 * shares.loc["LM", "inference_share"],
            inputs=claims.inputs("fig04_production", model="LM"),
            note=f"digitized LM bar: inference {fb.loc['LM', 'inference']:.1f} t of "
                 f"{fb.loc['LM'].sum():.1f} t"),
        claims.check(
            "fig04-rm-even-split", 100 * rm_inference,
            inputs=claims.inputs("fig04_production", model=list(rm.index)),
            note="inference share of the five RM bars pooled; per model "
                 + ", ".join(f"{m} {100 * s:.0f}%" for m, s in
                             shares.loc[rm.index, "inference_share"].items())),
        *(claims.check(
            claim_id, mean / oss[bar],
            inputs=production + _oss_inputs(key),
            note=f"mean of the six production models' {counted} ({mean:.1f} t) / {bar} "
                 f"recomputed ({oss[bar]:.1f} t); with all phases it is "
                 f"{ratios.loc['all phases (with inference)', f'x_{key}']:.2f}x")
          for claim_id, bar, key in (("fig04-mean-vs-meena", "Meena", "meena"),
                                     ("fig04-mean-vs-gpt3", "GPT3", "gpt3"))),
        claims.check(
            "fig04-bert-nas-label", float(bert["co2e_t"]),
            inputs=_oss_inputs("bert_base_strubell"),
            note=_nas_bar_note(nas) + "; " + _bert_label_note(bert, nas)),
        claims.check(
            "sec4-nas-3000x", nas["energy_kwh"] / big["energy_kwh"],
            inputs=_oss_inputs("transformer_big_nas_strubell", "transformer_big_strubell"),
            note=f"Strubell Table 3: NAS {nas['hours']:,.0f} h vs one Transformer-big training "
                 f"{big['hours']:,.0f} h on the same P100x8 system (energy and CO2e ratio "
                 "alike)"),
        claims.check(
            "sec1-meena-miles", oss["Meena"] / factor,
            inputs=_oss_inputs("meena") + claims.inputs("fig04_equivalence"),
            note=f"Meena {oss['Meena']:.2f} t (recomputed) / {factor:.3g} t CO2e per mile "
                 "(EPA passenger-vehicle factor, an assumption of this package)"),
    ]
    return claims.table(rows)


def agreement(result: Fig04Result) -> pd.DataFrame:
    """The recomputed OSS bars against the paper's digitized bars, in reading errors."""
    oss = result.plotted[result.plotted["group"] == "OSS"]
    bars = data.load("fig04_oss_models")
    bars = bars[bars["quantity"] == "fig4_bar_t"].set_index("fig4_label")["reading_error"]
    return agreement_mod.table([agreement_mod.score(
        "Fig 4", "OSS bars: recomputed vs paper's bars", oss["tco2e"], oss["digitized_tco2e"],
        oss["model"].map(bars), oss["model"])])
