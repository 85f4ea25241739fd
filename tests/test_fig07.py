"""Figure 7: data-level checks on the plotted frame and the claims."""

from __future__ import annotations

import numpy as np
import pytest

from carbonlib.methodology.compounding import chain_factor, chain_levels, step_factors
from carbonlib.paper import claims
from carbonlib.paper.figures import fig07


def test_frame_matches_the_paper_labels_and_stated_gains():
    df = fig07.frame().chain
    assert df["power_label"].tolist() == [810, 121, 12, 5, 1]
    # stated gains (Sec III-B): 6.7, 10.1, 2.4, 5
    assert df["factor_stated"].iloc[1:].tolist() == [6.7, 10.1, 2.4, 5.0]
    # recomputed: 810 / 6.7 = 120.9; / 10.1 = 11.97; / 2.4 = 4.99; / 5 = 0.998
    np.testing.assert_allclose(df["power_recomputed"], [810, 120.896, 11.970, 4.987, 0.9975],
                               rtol=1e-3)


def test_start_level_parameter_scales_the_recomputed_chain():
    df = fig07.frame(start_level=1000.0).chain
    assert df["power_recomputed"].iloc[0] == 1000.0
    assert df["power_label"].iloc[0] == 810  # the paper's label does not move


def test_chain_arithmetic_by_hand():
    # 6.7 * 10.1 = 67.67; * 2.4 = 162.408; * 5 = 812.04
    assert chain_factor([6.7, 10.1, 2.4, 5]) == pytest.approx(812.04)
    assert step_factors([810, 121, 12, 5, 1]) == pytest.approx([810 / 121, 121 / 12, 2.4, 5])
    assert chain_levels(8, [2, 4]).tolist() == [8, 4, 1]


@pytest.mark.parametrize("bad", [[6.7, 0], [6.7, -1], [np.nan], [np.inf]])
def test_chain_rejects_nonpositive_factors(bad):
    with pytest.raises(ValueError, match=r"factors\[\d\]"):
        chain_factor(bad)


def test_claims_verdicts():
    checks = fig07.check_claims(fig07.frame()).set_index("id")
    assert checks.loc["fig07-chain-total", "reproduced"] == pytest.approx(812.04)
    # 810 and "over 800" are one quantity stated two ways that agree; 812.04 is within 1% of 810
    assert "agree with each other" in checks.loc["fig07-chain-total", "note"]
    assert checks.loc["fig07-chain-total", "verdict"] == "agrees"
    claims.assert_expected(checks.reset_index())

