"""Claims made in the paper's text that no public data can check, and the PUE claim.

Most quote results of cited work whose data the paper does not carry, or unpublished production
measurements; they are recorded as *not checkable* with what would be needed. The PUE claim of
Sec III-C is recomputed under each of its readings (:func:`carbonlib.paper.readings.pue_readings`).
Claims whose cited source gives the number are checked in :mod:`carbonlib.paper.independent`.
"""

from __future__ import annotations

import pandas as pd

from carbonlib import data
from carbonlib.paper import claims

__all__ = ["MISSING", "pue_efficiency_gain_pct", "check_claims", "WHERE"]

WHERE = "carbonlib.paper.text_claims (run by carbonlib.paper.report)"

#: Claim id -> what is missing to check it (the claim quotes a cited study or unpublished
#: production measurements).
MISSING: dict[str, str] = {
    "sec3-rm2-fp16-size": "RM2's per-table sizes and precisions are unpublished",
    "sec3-rm2-bandwidth": "RM2's memory traffic measurements are unpublished",
    "sec3-rm1-quantization-latency": "RM1's latency measurements are unpublished",
    "sec3-embedding-share": "the recommendation models' parameter breakdown is unpublished",
    "sec3-autoscaling": "quoted from the auto-scaling study [38]; no load traces are published",
    "sec4-svp-cf-speedup": "quoted from the SVP-CF study [42]; its experiments are not bundled",
    "sec4-svp-cf-subsample": "quoted from the SVP-CF study [42]; its experiments are not bundled",
    "sec4-nl-half-life": "quoted from [43]; the study's corpus statistics are not bundled",
    "appa-accuracy-only-90pct": "quoted from a survey of publications [109]; its sample is not "
                                "bundled",
    "appb-ingestion-56pct": "quoted from the data-ingestion study [44]; its throughput "
                            "measurements are not bundled",
    "appc-paws-gpu-hours": "the PAWS paper's training-time measurements are not bundled",
    "sec2-research-p99-gpu-days": "Facebook's research-cluster job logs are unpublished",
    "sec2-research-largest-gpu-days": "Facebook's research-cluster job logs are unpublished",
    "sec2-production-p99-gpu-days": "Facebook's production training workflow logs are "
                                    "unpublished",
    "sec3-gpu-system-embodied-2000kg": "Apple's Mac Pro product environmental report [31] is "
                                       "not bundled",
}


def pue_efficiency_gain_pct(facebook_pue: float = 1.10) -> tuple[float, float]:
    """Facebook's efficiency gain over a typical datacenter, in percent, two readings.

    The typical datacenter is Patterson et al. (2021) Table 1's US average (PUE 1.59).

    Returns
    -------
    tuple of float
        ``(typical / facebook - 1) * 100`` (how much more useful work per facility kWh) and
        ``(1 - facebook / typical) * 100`` (how much less facility energy for the same work).

    Examples
    --------
    >>> [round(x, 1) for x in pue_efficiency_gain_pct()]
    [44.5, 30.8]
    """
    runs = data.load("fig11_transformer_big").set_index("run")
    typical = float(runs.loc["p100-us-average", "pue"])
    return (typical / facebook_pue - 1) * 100, (1 - facebook_pue / typical) * 100


def check_claims() -> pd.DataFrame:
    """The text-only claims' verdicts."""
    rows = [claims.check(
        "sec3-pue-40pct", None, where=WHERE,
        note="Facebook's PUE of about 1.10 against a typical datacenter's, four readings")]
    rows += [claims.check(cid, None, where=WHERE, note=why) for cid, why in MISSING.items()]
    return claims.table(rows)
