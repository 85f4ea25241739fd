"""Claims made in the paper's text, outside any figure.

Most quote results of cited work whose data the paper does not carry; they are recorded as
*not reproducible* with what would be needed. The PUE claim of Sec III-C can be recomputed from
the US-average datacenter PUE in Patterson et al. (2021) Table 1.
"""

from __future__ import annotations

import pandas as pd

from carbonlib import data
from carbonlib.paper import claims

WHERE = "carbonlib.paper.text_claims (run by carbonlib.paper.report)"

#: Claim id -> what the paper does not publish (the claim quotes a cited study or unpublished
#: production measurements).
MISSING: dict[str, str] = {
    "sec3-rm2-fp16-size": "RM2's per-table sizes and precisions are unpublished",
    "sec3-rm1-quantization-latency": "RM1's latency measurements are unpublished",
    "sec3-embedding-share": "the recommendation models' parameter breakdown is unpublished",
    "sec3-autoscaling": "quoted from the auto-scaling study [38]; no load traces are published",
    "sec3-dsa-90pct": "quoted from Patterson et al. [21]; the one accelerator-vs-GPU pair bundled "
                      "here (Table 1, Transformer Big in Iowa: TPU v2 vs P100) is a single run, "
                      "not the cited comparison",
    "sec4-svp-cf-speedup": "quoted from the SVP-CF study [42]; its experiments are not bundled",
    "sec4-ttrec-100x": "quoted from TT-Rec [56]; its model sizes are not bundled",
    "appa-accuracy-only-90pct": "quoted from a survey of publications [109]; its sample is not "
                                "bundled",
    "appb-ingestion-56pct": "quoted from the data-ingestion study [44]; its throughput "
                            "measurements are not bundled",
    "appc-ssl-10x": "quoted from SimCLR [118]; its training logs are not bundled",
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
    more_work, less_energy = pue_efficiency_gain_pct()
    rows = [claims.check(
        "sec3-pue-40pct", more_work, where=WHERE,
        note=f"PUE 1.59 (US average, Patterson Table 1) over 1.10: {more_work:.1f}% more work "
             f"per facility kWh; read as energy saved it is {less_energy:.1f}%")]
    rows += [claims.check(cid, None, where=WHERE, note=why) for cid, why in MISSING.items()]
    return claims.table(rows)
