"""Figure 6: data-level checks on the plotted frame, its compounding, and the claim."""

from __future__ import annotations

import pytest

from carbonlib.paper import claims
from carbonlib.paper.figures import fig06


@pytest.fixture(scope="module")
def result():
    return fig06.frame()


def test_frame_stacks_the_digitized_areas(result):
    df = result.areas
    assert len(df) == 16 and (df["kind"] == "digitized").all()  # 4 half-years x 4 areas
    p1 = df[df["period"] == 1].set_index("area")
    # period 1, bottom to top: hardware 2.86, infrastructure 7.41, platform 3.18, model 3.75
    assert p1["bottom_pct"].tolist() == pytest.approx([0.0, 2.86, 2.86 + 7.41,
                                                       2.86 + 7.41 + 3.18])
    totals = df.groupby("period")["reduction_pct"].sum()
    # 2.86 + 7.41 + 3.18 + 3.75 = 17.20; 3.66 + 13.87 + 2.38 + 2.14 = 22.05
    # 8.13 + 13.10 + 0.95 + 0.65 = 22.83; 11.34 + 4.17 + 0.89 + 6.19 = 22.59
    assert totals.tolist() == pytest.approx([17.20, 22.05, 22.83, 22.59])


def test_compounding_by_hand(result):
    comp = result.compounding
    # remaining: 0.828; * 0.7795 = 0.645426; * 0.7717 = 0.498075; * 0.7741 = 0.385560
    assert comp["remaining_digitized"].tolist() == pytest.approx(
        [1.0, 0.828, 0.645426, 0.498075, 0.385560], abs=1e-6)
    # stated 20%: 0.8 ** k
    assert comp["remaining_stated"].tolist() == pytest.approx([1, 0.8, 0.64, 0.512, 0.4096])
    assert comp["cumulative_reduction_stated_pct"].iloc[-1] == pytest.approx(59.04)


def test_rate_parameter_moves_the_stated_path_only():
    comp = fig06.frame(reduction_per_period_pct=10.0).compounding
    assert comp["remaining_stated"].iloc[-1] == pytest.approx(0.9 ** 4)
    assert comp["remaining_digitized"].iloc[-1] == pytest.approx(0.385560, abs=1e-6)


def test_in_bar_labels_name_segments_that_exist(result):
    areas = set(result.areas["area"])
    periods = set(result.areas["period"])
    for area, first, last, text in fig06.IN_BAR_LABELS:
        assert area in areas and {first, last} <= periods and text


def test_claim(result):
    checks = fig06.check_claims(result).set_index("id")
    # mean of 17.20, 22.05, 22.83, 22.59 = 84.67 / 4 = 21.1675
    assert checks.loc["fig06-per-half-year", "reproduced"] == pytest.approx(21.1675)
    assert checks.loc["fig06-per-half-year", "evidence"] == "figure"  # all rows digitized
    claims.assert_expected(checks.reset_index())
