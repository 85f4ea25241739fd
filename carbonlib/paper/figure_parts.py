"""Quantitative claims about parts of figures that no figure module checks.

The other two parts of each Fig 3 split (the figure module checks one part of each) and the
power of Appendix A's power law between the two stars of Fig 12. Their inputs are read off the
paper's figures, so their evidence is ``figure``: they show whether the figure agrees with its
own caption or text, not whether the numbers hold.
"""

from __future__ import annotations

import math

import pandas as pd

from carbonlib import data
from carbonlib.paper import claims
from carbonlib.paper.claims import Reading

__all__ = ["SPLIT_CLAIMS", "split_share_pct", "power_law_exponent", "check_claims", "WHERE"]

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


def power_law_exponent(*, of: str = "quality") -> float:
    """The power between Fig 12's two stars, ``ln(q_green / q_yellow) / ln(E_green / E_yellow)``.

    Parameters
    ----------
    of : {"quality", "error"}
        ``quality``: model quality taken as ``1 - model error`` (NE), rising with energy;
        ``error``: the model error itself, falling with energy (the power is then reported
        as a positive number).

    Returns
    -------
    float
        Dimensionless exponent.
    """
    if of not in ("quality", "error"):
        raise ValueError(f"of={of!r}; allowed: 'quality', 'error'")
    st = data.load("fig12_stars").set_index(["star", "quantity"])["value"]
    e_ratio = st[("green", "energy_per_step_j")] / st[("yellow", "energy_per_step_j")]
    err_y, err_g = st[("yellow", "model_error_ne")], st[("green", "model_error_ne")]
    if of == "quality":
        return math.log((1 - err_g) / (1 - err_y)) / math.log(e_ratio)
    return math.log(err_y / err_g) / math.log(e_ratio)


def check_claims() -> pd.DataFrame:
    """The claim table of this module."""
    rows = []
    for claim_id, (panel, phases) in SPLIT_CLAIMS.items():
        used = claims.inputs("fig03_splits", panel=panel, resolution="figure")
        rows.append(claims.check(
            claim_id, split_share_pct(panel, phases), where=WHERE, inputs=used,
            note=f"digitized Fig 3({panel}) parts normalized to 100%: "
                 + "+".join(phases)))
    stars = claims.inputs("fig12_stars", quantity=["energy_per_step_j", "model_error_ne"])
    rows.append(claims.check(
        "appa-power-law-exponent", None, where=WHERE,
        note="from the two stars of Fig 12 only; the rest of the sweep is unpublished",
        readings=(
            Reading("quality = 1 - model error (NE), rising with energy",
                    power_law_exponent(of="quality"),
                    "Overall model quality performance has a (diminishing) power-law "
                    "relationship with the corresponding energy consumption", primary=True,
                    inputs=stars),
            Reading("model error (NE) falling with energy", power_law_exponent(of="error"),
                    inputs=stars),
        )))
    return claims.table(rows)
