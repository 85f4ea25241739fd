"""Every reading of the paper's ambiguous claims, with the value each gives.

Some sentences admit more than one reading: an average "for ML training tasks" in a caption that
Sec III-A calls "across the life cycle"; a share of "Facebook's emissions" that may or may not
count the renewable-matched operational stack; "40% more efficient"; an AUC gain credited to the
search model but reached only by another series. For each, this module computes every reading
from ``data/`` and marks as primary the one the paper's quoted words fix.

:data:`REGISTRY` maps claim id to a function returning the readings;
:func:`carbonlib.paper.claims.check` attaches them to the claim whoever checks it, so the
verdict is the primary reading's and the alternatives stay visible.
"""

from __future__ import annotations

from collections.abc import Callable

from carbonlib import data
from carbonlib.paper import claims
from carbonlib.paper.claims import Reading

__all__ = ["REGISTRY", "production_mean_t", "fig04_mean_readings", "scope3_readings",
           "pue_readings", "auc_readings"]

#: Phases summed under each reading of Fig 4's average production footprint.
PHASE_SETS: dict[str, tuple[str, ...]] = {
    "across the life cycle (all phases)": ("training_offline", "training_online", "inference"),
    "training only (offline and online)": ("training_offline", "training_online"),
    "offline training only": ("training_offline",),
}
_QUOTES = {
    "across the life cycle (all phases)":
        "Across the life cycle of the Facebook models shown in Figure 4, the average carbon "
        "footprint is 1.8x higher than that of the open-source Meena model (Sec III-A)",
    "training only (offline and online)":
        "The average carbon footprint for ML training tasks at Facebook is 1.8 times larger "
        "than that of Meena (Fig 4 caption)",
}


def production_mean_t(phases: tuple[str, ...]) -> float:
    """Mean over the six production models of Fig 4 of the summed ``phases``, t CO2e."""
    p = data.load("fig04_production")
    p = p[p["phase"].isin(phases)]
    return float(p.groupby("model")["emissions_tco2e"].sum().mean())


def fig04_mean_readings(reference: str) -> tuple[Reading, ...]:
    """Readings of "the average is 1.8x Meena / 0.3x GPT-3" (``reference`` ``meena``/``gpt3``).

    The open-source footprint is recomputed from its cited inputs
    (:func:`carbonlib.paper.independent.oss_footprints`); the production one is the mean of the
    digitized bars.
    """
    from carbonlib.paper import independent

    oss = float(independent.oss_footprints().loc[reference, "co2e_t"])
    oss_in = independent.oss_inputs(reference)
    out = []
    for name, phases in PHASE_SETS.items():
        used = claims.inputs("fig04_production", phase=list(phases)) + oss_in
        out.append(Reading(name, production_mean_t(phases) / oss, _QUOTES.get(name, ""),
                           primary=name.startswith("across"), inputs=used))
    return tuple(out)


def _fleet() -> dict[tuple[int, str], float]:
    f = data.load("fig03_fleet_emissions")
    return {(int(r.year), str(r.stack)): float(r.emissions_mt_co2e) for r in f.itertuples()}


def scope3_readings() -> tuple[Reading, ...]:
    """Readings of "more than 50% of Facebook's emissions owe to its value chain (Scope 3)".

    Market-based: Scope 3 over Scope 1,2 plus Scope 3 (the renewable-matched operational stack
    counts as neutralized, as in Facebook's reporting and the Fig 3(c) caption); location-based:
    every plotted stack counts. 2019 is the last year whose every segment is visible.
    """
    e = _fleet()
    out = []
    for year in (2019, 2020):
        s3, s12, ren = (e[(year, k)] for k in ("value_chain_scope3", "operational_scope1_2",
                                                "operational_renewable"))
        used = claims.inputs("fig03_fleet_emissions", year=year,
                             stack=["value_chain_scope3", "operational_scope1_2",
                                    "operational_renewable"])
        out.append(Reading(f"market-based, {year}", 100 * s3 / (s12 + s3),
                           "we estimate the significance of embodied carbon emissions using "
                           "Facebook's Greenhouse Gas (GHG) emission statistics" if year == 2019
                           else "", primary=year == 2019, inputs=used))
        out.append(Reading(f"location-based (renewable-matched stack counted), {year}",
                           100 * s3 / (s12 + s3 + ren), inputs=used))
    return tuple(out)


def pue_readings() -> tuple[Reading, ...]:
    """Readings of "a PUE of about 1.10 ... about 40% more efficient than typical datacenters".

    "More efficient" as more useful work per facility kWh (typical / facebook - 1) or as less
    facility energy for the same work (1 - facebook / typical); the typical PUE as the US
    average of Patterson et al. Table 1 (1.59) or the industry average Facebook publishes (1.5).
    """
    from carbonlib.paper import independent

    fb = independent.cited("facebook_datacenters", "pue_sec3c")
    fb_in = independent.cited_input("facebook_datacenters", "pue_sec3c")
    runs = data.load("fig11_transformer_big").set_index("run")
    typical = {"US average PUE 1.59 (Patterson Table 1)":
               (float(runs.loc["p100-us-average", "pue"]),
                claims.inputs("fig11_transformer_big", run="p100-us-average")),
               "industry average PUE 1.5 (Facebook)":
               (independent.cited("industry_datacenters", "pue_average"),
                independent.cited_input("industry_datacenters", "pue_average"))}
    out = []
    for i, (name, (pue, used)) in enumerate(typical.items()):
        out.append(Reading(f"more work per facility kWh, {name}", 100 * (pue / fb - 1),
                           "Facebook's data centers are about 40% more efficient than "
                           "small-scale, typical data centers" if i == 0 else "",
                           primary=i == 0, inputs=used + fb_in))
        out.append(Reading(f"less facility energy for the same work, {name}",
                           100 * (1 - fb / pue), inputs=used + fb_in))
    return tuple(out)


def auc_readings() -> tuple[Reading, ...]:
    """Readings of "the model of 1000x larger in size improves accuracy in AUC by 0.030".

    The largest digitized gain of each Fig 2(a) recommendation series; the text credits Baidu's
    search model, so the Search series is primary.
    """
    auc = data.load("fig02_recsys_auc")
    out = []
    for series, name in (("search", "RecSys Search series"), ("images", "RecSys Images series")):
        s = auc[auc["series"] == series]
        span = s["model_size_b"].max() / s["model_size_b"].min()
        out.append(Reading(f"{name} (over {span:.0f}x in size)", float(s["auc_gain"].max()),
                           "for Baidu's search engine, the model of 1000x larger in size "
                           "improves accuracy in AUC by 0.030" if series == "search" else "",
                           primary=series == "search",
                           inputs=claims.inputs("fig02_recsys_auc", series=series)))
    return tuple(out)


#: Claim id -> its readings.
REGISTRY: dict[str, Callable[[], tuple[Reading, ...]]] = {
    "fig04-mean-vs-meena": lambda: fig04_mean_readings("meena"),
    "fig04-mean-vs-gpt3": lambda: fig04_mean_readings("gpt3"),
    "sec2-scope3-share": scope3_readings,
    "sec3-pue-40pct": pue_readings,
    "fig02-auc-gain": auc_readings,
}
