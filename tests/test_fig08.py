"""Figure 8: data-level checks on the plotted frame, the reconciliation and the claim."""

from __future__ import annotations

import pytest

from carbonlib.paper import claims
from carbonlib.paper.figures import fig08


def test_frame_derived_columns_by_hand():
    df = fig08.lines()
    assert df["half_year"].tolist() == ["Yr1-H1", "Yr1-H2", "Yr2-H1", "Yr2-H2"]
    # gaps: 1 - 0.827 = 0.173; 1.118 - 0.872 = 0.246; 1.167 - 0.900 = 0.267; 1.262 - 0.977
    assert df["gap"].tolist() == pytest.approx([0.173, 0.246, 0.267, 0.285])
    # 1 - 0.977 / 1.262 = 0.22583
    assert df["gap_rel_pct"].iloc[-1] == pytest.approx(22.583, abs=1e-3)
    # 1.118 / 0.827 - 1 = 0.35187
    assert df["growth_since_optimized_pct"].iloc[1] == pytest.approx(35.187, abs=1e-3)


def test_relative_gap_equals_fig6_bar_within_reading_error():
    # Fig 6 bar k equals 1 - optimized / baseline of Fig 8 at half-year k; reading errors are
    # 0.003 on each line (about 0.4 points on the ratio) and 0.1 point per Fig 6 segment
    df = fig08.lines()
    assert (df["gap_rel_pct"] - df["fig06_total_pct"]).abs().max() < 0.5


def test_reconciliation_by_hand():
    rec = fig08.reconciliation(fig08.lines()).set_index("key")["value_pct"]
    assert rec["net_stated"] == 28.5 and rec["net_stated_alt"] == 25.8
    # (1.262 - 0.977) / 1.000 = 0.285
    assert rec["gap_over_start"] == pytest.approx(28.5)
    # 1 - 0.977 = 0.023
    assert rec["actual_change"] == pytest.approx(2.3)
    # 1 - 0.8 ** 4 = 0.5904
    assert rec["compounded"] == pytest.approx(59.04)
    # 0.715 ** 0.25 / 0.8 - 1 = 0.14944; 0.742 ** 0.25 / 0.8 - 1 = 0.16014
    assert rec["growth_for_net"] == pytest.approx(14.944, abs=1e-3)
    assert rec["growth_for_net_alt"] == pytest.approx(16.014, abs=1e-3)
    assert rec["breakeven_growth"] == pytest.approx(25.0)
    # 1.262 ** (1/3) - 1 = 0.08065
    assert rec["fig8_baseline_growth"] == pytest.approx(8.065, abs=1e-3)


def test_reduction_parameter_changes_the_implied_growth():
    rec = fig08.reconciliation(fig08.lines(), reduction_per_period_pct=10.0)
    val = rec.set_index("key")["value_pct"]
    # 0.715 ** 0.25 / 0.9 - 1 = 0.02173
    assert val["growth_for_net"] == pytest.approx(2.173, abs=1e-3)


def test_claim_verdict_reports_both_paper_values():
    checks = fig08.check_claims(fig08.frame()).set_index("id")
    row = checks.loc["fig08-net-two-years"]
    assert row["reproduced"] == pytest.approx(28.5)
    assert "matches 28.5" in row["note"] and "22.6%" in row["note"]
    claims.assert_expected(checks.reset_index())


def test_frame_holds_every_table_and_the_rate_it_used():
    result = fig08.frame(reduction_per_period_pct=10.0, max_growth_pct=30.0)
    assert len(result.lines) == 4 and set(result.lines.columns) >= {"baseline", "optimized"}
    assert result.reduction_per_period_pct == 10.0
    # 0 to 30% growth in the default 81 points
    assert len(result.curve) == 81 and result.curve["demand_growth_pct"].max() == 30.0


def test_agreement_with_fig6_bars():
    scores = fig08.agreement(fig08.frame())
    assert scores["n_points"].item() == 4
    assert scores["within_2"].item() == 1.0
