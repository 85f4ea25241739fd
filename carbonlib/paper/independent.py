"""Claims checked against the cited sources' own numbers, outside any figure module.

Every value here is recomputed from ``data/`` tables with the methodology functions: the
open-source models' training footprints from the inputs Patterson et al. (2021) and Strubell et
al. (2019) publish (``data/fig04_oss_models.csv``), the Transformer (Big) runs of Patterson's
Table 1 (``data/fig11_transformer_big.csv``) and the results of the other cited studies
(``data/cited_results.csv``). Each check declares the rows it uses, so the ledger grades its
evidence; most are ``independent``.

:func:`check_claims` returns the claim table; the report runs it (as it runs
:mod:`carbonlib.paper.text_claims`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonlib import data
from carbonlib.methodology.operational import energy_kwh, operational_kg
from carbonlib.paper import claims
from carbonlib.paper.claims import Input, Reading

__all__ = ["KG_PER_LB", "OSS_CLAIMS", "oss_footprints", "oss_inputs", "cited", "cited_input",
           "spearman", "dsa_energy_saving_pct", "check_claims", "WHERE"]

WHERE = "carbonlib.paper.independent (run by carbonlib.paper.report)"
#: Kilograms per avoirdupois pound (exact by definition).
KG_PER_LB = 0.45359237
#: Claim id of each open-source bar of Fig 4, by model key of ``data/fig04_oss_models.csv``.
OSS_CLAIMS: dict[str, str] = {
    "evolved_transformer_nas": "fig04-oss-evolved-transformer",
    "t5": "fig04-oss-t5",
    "meena": "fig04-oss-meena",
    "gshard_600b": "fig04-oss-gshard",
    "switch_transformer": "fig04-oss-switch",
    "gpt3": "fig04-oss-gpt3",
    "transformer_big_nas_strubell": "fig04-oss-bert-nas",
}
_INPUT_QUANTITIES = ["devices", "power_w_per_device", "training_days", "training_hours", "pue",
                     "intensity_kg_per_kwh", "intensity_lbs_per_kwh", "intensity_net_kg_per_kwh"]


def oss_inputs(model: str, quantities: list[str] | None = None) -> tuple[Input, ...]:
    """The rows of ``data/fig04_oss_models.csv`` a model's recomputed footprint rests on."""
    table = data.load("fig04_oss_models")
    have = set(table.loc[table["model"] == model, "quantity"])
    wanted = [q for q in (quantities or _INPUT_QUANTITIES) if q in have]
    return claims.inputs("fig04_oss_models", model=model, quantity=wanted)


def oss_footprints() -> pd.DataFrame:
    """Each open-source model's training footprint recomputed from its published inputs.

    ``energy_kwh = power_w_per_device * hours * devices * pue / 1000`` (hours from
    ``training_days`` * 24 or Strubell's ``training_hours``), ``co2e_t = energy_kwh *
    intensity / 1000`` with the gross intensity (Strubell's lbs/kWh converted at
    :data:`KG_PER_LB`) and, for ``co2e_net_t``, Patterson's net intensity where given.

    Returns
    -------
    pandas.DataFrame
        Indexed by model, one row per open-source bar of Fig 4: ``fig4_label``,
        ``params_billion``, ``energy_kwh``, ``co2e_t``, ``co2e_net_t`` (t CO2e) and
        ``fig4_bar_t`` (the digitized bar, t CO2e).
    """
    long = data.load("fig04_oss_models")
    w = long.pivot(index="model", columns="quantity", values="value")
    labels = long.groupby("model")["fig4_label"].first()
    hours = (w["training_days"] * 24).fillna(w.get("training_hours"))
    energy = energy_kwh(w["power_w_per_device"], hours, devices=w["devices"], pue=w["pue"])
    gross = w["intensity_kg_per_kwh"].fillna(w["intensity_lbs_per_kwh"] * KG_PER_LB)
    net = w["intensity_net_kg_per_kwh"].fillna(gross)
    w = w[w["fig4_bar_t"].notna()]  # the models Fig 4 draws
    hours, energy, gross, net = (x.loc[w.index] for x in (hours, energy, gross, net))
    return pd.DataFrame({
        "fig4_label": labels.reindex(w.index), "params_billion": w["params_billion"],
        "energy_kwh": energy, "co2e_t": operational_kg(energy, gross) / 1000,
        "co2e_net_t": operational_kg(energy, net) / 1000, "fig4_bar_t": w["fig4_bar_t"],
    })


def cited(study: str, quantity: str) -> float:
    """One value of ``data/cited_results.csv``."""
    t = data.load("cited_results").set_index(["study", "quantity"])
    if (study, quantity) not in t.index:
        raise ValueError(f"(study, quantity)=({study!r}, {quantity!r}) is not in "
                         "data/cited_results.csv")
    return float(t.loc[(study, quantity), "value"])


def cited_input(study: str, quantity: str) -> tuple[Input, ...]:
    """The row of ``data/cited_results.csv`` holding ``(study, quantity)``."""
    return claims.inputs("cited_results", study=study, quantity=quantity)


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation of ``x`` and ``y`` (average ranks for ties), in [-1, 1].

    >>> spearman(np.array([1, 2, 3]), np.array([30, 20, 10]))
    -1.0
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.size < 3:
        raise ValueError(f"x and y need the same length >= 3; got {x.size} and {y.size}")
    rx, ry = pd.Series(x).rank().to_numpy(), pd.Series(y).rank().to_numpy()
    return float(np.corrcoef(rx, ry)[0, 1])


def _oss_bar_rows(fp: pd.DataFrame) -> list[dict]:
    rows = []
    for model, claim_id in OSS_CLAIMS.items():
        r = fp.loc[model]
        used = oss_inputs(model, [q for q in _INPUT_QUANTITIES if q != "intensity_net_kg_per_kwh"])
        net_used = oss_inputs(model)
        rows.append(claims.check(
            claim_id, None, where=WHERE,
            note=(f"{r['fig4_label']}: {r['energy_kwh'] / 1000:,.1f} MWh recomputed from the "
                  f"cited inputs, {r['co2e_t']:.1f} t gross against the digitized bar "
                  f"{r['fig4_bar_t']:.1f} t"),
            readings=(
                Reading("gross (location-based) training footprint", float(r["co2e_t"]),
                        "we present the operational carbon footprint of the OSS model training "
                        "from [28], [21]", primary=True, inputs=used),
                Reading("net of carbon-free energy (Patterson's net intensity)",
                        float(r["co2e_net_t"]), inputs=net_used),
            )))
    return rows


def _switch_vs_gpt3(fp: pd.DataFrame) -> dict:
    s, g = fp.loc["switch_transformer"], fp.loc["gpt3"]
    gross_in = oss_inputs("switch_transformer") + oss_inputs("gpt3")
    return claims.check(
        "sec3-switch-vs-gpt3", None, where=WHERE,
        note=(f"Switch {s['co2e_t']:.1f} t vs GPT-3 {g['co2e_t']:.1f} t gross, recomputed from "
              "Patterson Table 4"),
        readings=(
            Reading("gross CO2e ratio", float(s["co2e_t"] / g["co2e_t"]),
                    "produces significantly less carbon emission than that of GPT-3",
                    primary=True, inputs=gross_in),
            Reading("net CO2e ratio", float(s["co2e_net_t"] / g["co2e_net_t"]), inputs=gross_in),
            Reading("energy ratio", float(s["energy_kwh"] / g["energy_kwh"]), inputs=gross_in),
        ))


def _no_correlation(fp: pd.DataFrame) -> dict:
    named = fp.drop(index="evolved_transformer_nas")
    used = tuple(i for m in fp.index for i in oss_inputs(m, [*_INPUT_QUANTITIES,
                                                              "params_billion"]))
    rho_all = spearman(fp["params_billion"], fp["co2e_t"])
    rho_named = spearman(named["params_billion"], named["co2e_t"])
    log_r = float(np.corrcoef(np.log10(fp["params_billion"]), np.log10(fp["co2e_t"]))[0, 1])
    return claims.check(
        "fig04-params-no-correlation", None, where=WHERE,
        note=("rank correlation of parameters (Patterson Table 4, Strubell) with the recomputed "
              "gross footprint over the open-source bars: "
              + ", ".join(f"{r['fig4_label']} {r['params_billion']:g}B {r['co2e_t']:.1f} t"
                          for _, r in fp.sort_values("params_billion").iterrows())),
        readings=(
            Reading("Spearman rho over the seven bars of Fig 4", rho_all,
                    "the operational carbon footprint of AI does not correlate with the number "
                    "of model parameters", primary=True, inputs=used),
            Reading("Spearman rho over the six models the text names", rho_named, inputs=used),
            Reading("Pearson r of log10 values, seven bars", log_r, inputs=used),
        ))


def dsa_energy_saving_pct() -> dict[str, float]:
    """Training energy saved by TPU v2 over P100 (Patterson Table 1), three comparisons, in %.

    Energies are recomputed from chips, days, measured power and PUE with
    :func:`~carbonlib.methodology.operational.energy_kwh` (Table 1 prints 316, 221 and 40 kWh).

    Returns
    -------
    dict
        ``processor`` (same model, same datacenter: P100 vs TPU v2 in Iowa),
        ``processor_and_datacenter`` (P100 in an average US datacenter vs TPU v2 in Iowa) and
        ``whole_chain`` (Transformer on P100, US average, vs Evolved Transformer on TPU v2 in
        Iowa, Table 1's printed 30 kWh).
    """
    runs = data.load("fig11_transformer_big").set_index("run")
    e = energy_kwh(runs["power_per_chip_w"], runs["days"] * 24, devices=runs["chips"],
                   pue=runs["pue"])
    et = cited("patterson_table1", "evolved_transformer_tpu_v2_iowa_energy")
    return {
        "processor": 100 * (1 - e["tpu-v2-iowa"] / e["p100-iowa"]),
        "processor_and_datacenter": 100 * (1 - e["tpu-v2-iowa"] / e["p100-us-average"]),
        "whole_chain": 100 * (1 - et / e["p100-us-average"]),
    }


def _dsa() -> dict:
    s = dsa_energy_saving_pct()
    t1 = lambda *runs: claims.inputs("fig11_transformer_big", run=list(runs))  # noqa: E731
    words = ("domain-specific architectures improve the operational energy footprint of AI "
             "model training by more than 90%")
    return claims.check(
        "sec3-dsa-90pct", None, where=WHERE,
        note="Patterson Table 1 (Transformer Big, 8 chips), energies recomputed from its inputs",
        readings=(
            Reading("processor alone: P100 vs TPU v2, same model, same datacenter",
                    s["processor"], words, primary=True, inputs=t1("p100-iowa", "tpu-v2-iowa")),
            Reading("processor and datacenter: P100 in an average US datacenter vs TPU v2 in "
                    "Iowa", s["processor_and_datacenter"],
                    inputs=t1("p100-us-average", "tpu-v2-iowa")),
            Reading("Patterson's whole chain: also the Evolved Transformer model",
                    s["whole_chain"], inputs=t1("p100-us-average")
                    + cited_input("patterson_table1", "evolved_transformer_tpu_v2_iowa_energy")),
        ))


def _ttrec() -> dict:
    return claims.check(
        "sec4-ttrec-100x", None, where=WHERE,
        note="TT-Rec's own abstract (MLSys 2021 and arXiv versions)",
        readings=(
            Reading("Terabyte, no accuracy loss", cited("ttrec", "compression_terabyte"),
                    "more than 100x memory capacity reduction with negligible training time and "
                    "accuracy trade-off", primary=True,
                    inputs=cited_input("ttrec", "compression_terabyte")),
            Reading("Kaggle (arXiv version)", cited("ttrec", "compression_kaggle"),
                    inputs=cited_input("ttrec", "compression_kaggle")),
            Reading("Kaggle, largest compression (0.3% accuracy loss)",
                    cited("ttrec", "compression_kaggle_max"),
                    inputs=cited_input("ttrec", "compression_kaggle_max")),
        ))


def _ssl() -> list[dict]:
    pre, sup = cited("simclr", "pretrain_epochs"), cited("supervised_resnet50", "epochs")
    lin = cited("simclr_linear_eval", "epochs")
    base = cited_input("simclr", "pretrain_epochs") + cited_input("supervised_resnet50",
                                                                   "epochs")
    return [
        claims.check(
            "appc-ssl-10x", None, where=WHERE,
            note=f"SimCLR pretraining {pre:g} epochs (its paper) vs {sup:g} supervised epochs",
            readings=(
                Reading("pretraining passes over supervised passes", pre / sup,
                        "measured in terms of number of passes over the dataset", primary=True,
                        inputs=base),
                Reading("with the 60 linear-evaluation epochs", (pre + lin) / sup,
                        inputs=base + cited_input("simclr_linear_eval", "epochs")),
            )),
        claims.check("appc-simclr-top1", cited("simclr", "linear_eval_top1"), where=WHERE,
                     inputs=cited_input("simclr", "linear_eval_top1"),
                     note="SimCLR Table 6, ResNet-50 (1x), linear evaluation"),
        claims.check("appc-supervised-top1", cited("simclr", "supervised_resnet50_top1"),
                     where=WHERE, inputs=cited_input("simclr", "supervised_resnet50_top1"),
                     note="the supervised ResNet-50 that SimCLR's abstract matches"),
        claims.check("appc-paws-top1", cited("paws", "top1_10pct_labels"), where=WHERE,
                     inputs=cited_input("paws", "top1_10pct_labels"),
                     note="PAWS abstract, ResNet-50 with 10% of the ImageNet labels"),
    ]


def _datasheets() -> list[dict]:
    return [
        claims.check("sec1-v100-memory", cited("nvidia_v100", "memory"), where=WHERE,
                     inputs=cited_input("nvidia_v100", "memory"), note="NVIDIA V100 datasheet"),
        claims.check("sec1-a100-memory", cited("nvidia_a100", "memory"), where=WHERE,
                     inputs=cited_input("nvidia_a100", "memory"), note="NVIDIA A100 datasheet"),
        claims.check("sec3-fb-pue", cited("facebook_datacenters", "pue_five_year"), where=WHERE,
                     inputs=cited_input("facebook_datacenters", "pue_five_year"),
                     note="Facebook's sustainability data: 1.11 or below, five-year average, an "
                          "upper bound"),
    ]


def _bleu() -> list[dict]:
    bleu = data.load("fig02_gpt3_bleu")
    table = bleu[bleu["series"] == "table_h1"].set_index(["direction", "model"])["bleu"]

    def reading(direction: str, model: str, primary: bool) -> Reading:
        quote = ("with GPT-3, to increase the model quality BLEU score from 5 to 40" if primary
                 else "")
        name = {"fr-en": "French to English", "en-fr": "English to French"}[direction]
        return Reading(f"{name}, GPT-3 {model}", float(table[(direction, model)]), quote,
                       primary, claims.inputs("fig02_gpt3_bleu", series="table_h1",
                                              direction=direction, model=model))

    why = ("the words name no translation direction; French to English is taken as primary "
           "because it is the curve of Fig 2(a) that ends near 40, a choice read from the "
           "figure rather than fixed by the words; English to French is the alternative")
    return [claims.check("fig02-bleu-start-5", None, where=WHERE, note=why,
                         readings=(reading("fr-en", "Small", True),
                                   reading("en-fr", "Small", False))),
            claims.check("fig02-bleu-end-40", None, where=WHERE, note=why,
                         readings=(reading("fr-en", "175B", True),
                                   reading("en-fr", "175B", False)))]


def check_claims() -> pd.DataFrame:
    """The claim table of every check in this module."""
    fp = oss_footprints()
    rows = [*_oss_bar_rows(fp), _switch_vs_gpt3(fp), _no_correlation(fp),
            claims.check("sec3-switch-params", float(fp.loc["switch_transformer",
                                                            "params_billion"]),
                         where=WHERE, inputs=oss_inputs("switch_transformer", ["params_billion"]),
                         note="Patterson Table 4 (and Fedus et al. 2021)"),
            _dsa(), _ttrec(), *_ssl(), *_datasheets(), *_bleu()]
    return claims.table(rows)
