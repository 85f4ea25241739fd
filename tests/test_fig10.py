"""Figure 10: the digitized histogram, the 30-50% share and the claim's verdict."""

from __future__ import annotations

import pytest

from carbonlib.paper import claims
from carbonlib.paper.figures import fig10


def test_probabilities_sum_to_one_and_include_the_re_read_bars():
    df = fig10.frame().histogram
    assert df["probability"].sum() == pytest.approx(1.0)
    assert {38, 90} <= set(df["gpu_utilization_pct"])
    # the 38% bar: 72 px out of all heights
    row = df.set_index("gpu_utilization_pct").loc[38]
    assert row["probability"] == pytest.approx(72 / df["bar_height_px"].sum())


def test_share_between_by_hand():
    df = fig10.frame().histogram
    h = df.set_index("gpu_utilization_pct")["bar_height_px"]
    expected = h.loc[30:50].sum() / h.sum()
    assert fig10.share_between(df, 30, 50) == pytest.approx(expected)
    assert 0.28 < expected < 0.35  # about a third, not a 'vast majority'
    with pytest.raises(ValueError, match="high_pct"):
        fig10.share_between(df, 50, 30)


def test_claim_is_computed_from_the_share():
    result = fig10.frame()
    checks = fig10.check_claims(result)
    h = result.histogram.set_index("gpu_utilization_pct")["bar_height_px"]
    # share in 30-50% = heights in the band over all heights, in %, compared with "above 50"
    assert checks.loc[0, "reproduced"] == pytest.approx(100 * h.loc[30:50].sum() / h.sum())
    assert "more than 50%" in checks.loc[0, "note"]
    assert checks.loc[0, "evidence"] == "figure"
    claims.assert_expected(checks)


def test_a_wider_band_holds_a_majority():
    # 20-75% covers both modes: well above half the mass
    checks = fig10.check_claims(fig10.frame(20, 75))
    assert checks.loc[0, "reproduced"] > 50


def test_band_is_validated():
    with pytest.raises(ValueError, match="high_pct"):
        fig10.frame(50, 30)
