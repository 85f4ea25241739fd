"""Quantitative claims about parts of figures that no figure module checks.

The other two parts of each Fig 3 split (the figure module checks one part of each) and the
power of Appendix A's power law between the two stars of Fig 12. Their inputs are read off the
paper's figures, so their evidence is ``figure``: they show whether the figure agrees with its
own caption or text, not whether the numbers hold.
"""

from __future__ import annotations

import pandas as pd

from carbonlib import data
from carbonlib.paper import claims

__all__ = ["SPLIT_CLAIMS", "split_share_pct", "check_claims", "WHERE"]

WHERE = "carbonlib.paper.figure_parts (run by carbonlib.paper.report)"
#: Claim id -> (Fig 3 panel, phases summed).
SPLIT_CLAIMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "fig03-experimentation-capacity-share": ("a", ("experimentation",)),
    "fig03-training-capacity-share": ("a", ("training",)),
    "fig03-rm1-training-share": ("b", ("training_offline", "training_online")),
    "fig03-rm1-inference-share": ("b", ("inference",)),
}


def split_share_pct(panel: str, phases: tuple[str, ...]) -> float:
    """Share of ``phases`` in the digitized Fig 3 ``panel``, normalized to 100%, in %."""
    s = data.load("fig03_splits")
    fig = s[(s["panel"] == panel) & (s["resolution"] == "figure")]
    return float(100 * fig.loc[fig["phase"].isin(phases), "share_pct"].sum()
                 / fig["share_pct"].sum())


def check_claims() -> pd.DataFrame:
    """The claim table of this module."""
    rows = []
    for claim_id, (panel, phases) in SPLIT_CLAIMS.items():
        used = claims.inputs("fig03_splits", panel=panel, resolution="figure")
        rows.append(claims.check(
            claim_id, split_share_pct(panel, phases), where=WHERE, inputs=used,
            note=f"digitized Fig 3({panel}) parts normalized to 100%: "
                 + "+".join(phases)))
    return claims.table(rows)
