"""Figure 10: the digitized histogram, the 30-50% share and the claim's verdict."""

from __future__ import annotations

import pytest

from carbonlib.machinery import plotting
from carbonlib.paper import claims
from carbonlib.paper.figures import fig10


def test_probabilities_sum_to_one_and_include_the_re_read_bars():
    df = fig10.frame()
    assert df["probability"].sum() == pytest.approx(1.0)
    assert {38, 90} <= set(df["gpu_utilization_pct"])
    # the 38% bar: 72 px out of all heights
    row = df.set_index("gpu_utilization_pct").loc[38]
    assert row["probability"] == pytest.approx(72 / df["bar_height_px"].sum())


def test_share_between_by_hand():
    df = fig10.frame()
    h = df.set_index("gpu_utilization_pct")["bar_height_px"]
    expected = h.loc[30:50].sum() / h.sum()
    assert fig10.share_between(df, 30, 50) == pytest.approx(expected)
    assert 0.28 < expected < 0.35  # about a third, not a 'vast majority'
    with pytest.raises(ValueError, match="high_pct"):
        fig10.share_between(df, 50, 30)


def test_claim_is_inconsistent_in_paper():
    checks = fig10.check_claims(fig10.frame())
    assert checks.loc[0, "status"] == "inconsistent in paper"
    assert "38% bar" in checks.loc[0, "note"]
    claims.assert_expected(checks)


def test_figure_is_deterministic(tmp_path):
    plotting.set_theme()
    a = plotting.save(fig10.draw(fig10.frame()), "f", directory=tmp_path / "a")
    b = plotting.save(fig10.draw(fig10.frame()), "f", directory=tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
