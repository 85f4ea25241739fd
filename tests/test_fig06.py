"""Figure 6: data-level checks on the plotted frame, its compounding, and the claim."""

from __future__ import annotations

import pytest

from carbonlib.machinery import plotting
from carbonlib.paper import claims
from carbonlib.paper.figures import fig06


def test_frame_stacks_the_digitized_areas():
    df = fig06.frame()
    assert len(df) == 16 and (df["kind"] == "digitized").all()
    p1 = df[df["period"] == 1].set_index("area")
    # period 1, bottom to top: hardware 2.86, infrastructure 7.41, platform 3.18, model 3.75
    assert p1["bottom_pct"].tolist() == pytest.approx([0.0, 2.86, 2.86 + 7.41,
                                                       2.86 + 7.41 + 3.18])
    totals = df.groupby("period")["reduction_pct"].sum()
    # 2.86 + 7.41 + 3.18 + 3.75 = 17.20; 3.66 + 13.87 + 2.38 + 2.14 = 22.05
    # 8.13 + 13.10 + 0.95 + 0.65 = 22.83; 11.34 + 4.17 + 0.89 + 6.19 = 22.59
    assert totals.tolist() == pytest.approx([17.20, 22.05, 22.83, 22.59])


def test_compounding_by_hand():
    comp = fig06.compounding(fig06.frame())
    # remaining: 0.828; * 0.7795 = 0.645426; * 0.7717 = 0.498075; * 0.7741 = 0.385560
    assert comp["remaining_digitized"].tolist() == pytest.approx(
        [1.0, 0.828, 0.645426, 0.498075, 0.385560], abs=1e-6)
    # stated 20%: 0.8 ** k
    assert comp["remaining_stated"].tolist() == pytest.approx([1, 0.8, 0.64, 0.512, 0.4096])
    assert comp["cumulative_reduction_stated_pct"].iloc[-1] == pytest.approx(59.04)


def test_rate_parameter_moves_the_stated_path_only():
    df = fig06.frame()
    comp = fig06.compounding(df, reduction_per_period_pct=10.0)
    assert comp["remaining_stated"].iloc[-1] == pytest.approx(0.9 ** 4)
    assert comp["remaining_digitized"].iloc[-1] == pytest.approx(0.385560, abs=1e-6)


def test_claim_verdict():
    checks = fig06.check_claims(fig06.frame()).set_index("id")
    # mean of 17.20, 22.05, 22.83, 22.59 = 84.67 / 4 = 21.1675
    assert checks.loc["fig06-per-half-year", "reproduced"] == pytest.approx(21.1675)
    assert checks.loc["fig06-per-half-year", "status"] == "reproduced"
    claims.assert_expected(checks.reset_index())


def test_figure_is_deterministic(tmp_path):
    plotting.set_theme()
    df = fig06.frame()
    a = plotting.save(fig06.draw(df, fig06.compounding(df)), "f", directory=tmp_path / "a")
    b = plotting.save(fig06.draw(df, fig06.compounding(df)), "f", directory=tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
