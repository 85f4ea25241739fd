"""Figure 5: implied system-hours, recomputed embodied, Monte Carlo band, claims."""

from __future__ import annotations

import pytest

from carbonlib.paper import claims
from carbonlib.paper.figures import fig05


@pytest.fixture(scope="module")
def result():
    return fig05.frame(n=20_000)


@pytest.fixture(scope="module")
def df(result):
    return result.models


def test_implied_system_hours_by_hand(df):
    lm = df.set_index("model").loc["LM"]
    # 64.9 t = 64,900 kg; per system-hour 2000 / (4 * 8760 * 0.45) = 0.126839 kg
    # -> 64,900 / 0.126839 = 511,672 h
    assert lm["system_hours_implied"] == pytest.approx(64_900 * 4 * 8760 * 0.45 / 2000)
    # at the paper's mid-range assumptions the recomputed embodied equals the digitized bar
    assert lm["embodied_t"] == pytest.approx(64.9)
    # solar share read from Fig 5: 107.6 / (107.6 + 21.9) = 0.8309
    assert lm["cfe_share"] == pytest.approx(107.6 / 129.5)
    # operational from Fig 4's total 128.6 t; rest = 128.6 * (1 - 0.8309) = 21.75 t
    assert lm["operational_t"] == pytest.approx(128.6)
    assert lm["operational_rest_t"] == pytest.approx(128.6 * 21.9 / 129.5)


def test_band_brackets_the_central_value_and_stays_within_the_range_extremes(df):
    lm = df.set_index("model").loc["LM"]
    # extremes: u = 0.3, 3 y gives 64.9 * (0.45 * 4) / (0.3 * 3) = 129.8 t;
    # u = 0.6, 5 y gives 64.9 * 1.8 / 3 = 38.94 t
    assert 38.94 < lm["embodied_low_t"] < lm["embodied_t"] < lm["embodied_high_t"] < 129.8


def test_parameters_change_the_figure_coherently():
    base = fig05.frame(n=5_000).models.set_index("model")
    longer = fig05.frame(lifetime_years=(5.0, 5.0), n=5_000).models.set_index("model")
    # lifetime 4 -> 5 years at the same system-hours: embodied x 4/5
    assert longer.loc["LM", "embodied_t"] == pytest.approx(64.9 * 4 / 5)
    pue = fig05.frame(pue=1.5, n=5_000).models.set_index("model")
    # PUE 1.1 -> 1.5 scales operational by 1.5 / 1.1
    assert pue.loc["RM-1", "operational_t"] == pytest.approx(854.8 * 1.5 / 1.1)
    solar = fig05.frame(cfe_share=0.0, n=5_000).models.set_index("model")
    assert solar["operational_rest_t"].to_numpy() == pytest.approx(solar["operational_t"])
    assert (base["embodied_t"] == pue["embodied_t"]).all()


def test_sensitivity_says_utilization_dominates(result):
    s = fig05.sensitivity(result, n=2**10)
    emb = s[s["output"] == "embodied_kg"].set_index("input")
    # 1/u over [0.3, 0.6] spans 2x, 1/L over [3, 5] only 1.67x
    assert emb["first_order"].idxmax() == "utilization"


def test_agreement_of_fig4_totals_with_fig5_segments(result):
    a = fig05.agreement(result).iloc[0]
    # LM: Fig 4 total 128.6 t against Fig 5 rest + offset 21.9 + 107.6 = 129.5 t, error 4 + 4
    lm = result.models.set_index("model").loc["LM"]
    assert lm["operational_t"] - 129.5 == pytest.approx(128.6 - 129.5)
    assert a["n_points"] == 6
    assert a["within_2"] == 1.0  # every model within 16 t


def test_claims(result):
    checks = fig05.check_claims(result).set_index("id")
    # embodied: sum of the digitized bars, 64.9 + 387.7 + 254.6 + 181.6 + 161.6 + 201.7 = 1252.1 t
    # operational: Fig 4's totals, 128.6 + 854.8 + 562.2 + 398.4 + 363.1 + 446.0 = 2753.1 t
    # 1252.1 / 2753.1 = 0.4548; share 1252.1 / 4005.2 = 31.26%
    assert checks.loc["fig05-embodied-over-operational", "reproduced"] == pytest.approx(
        1252.1 / 2753.1)
    assert checks.loc["fig05-embodied-share", "reproduced"] == pytest.approx(
        100 * 1252.1 / 4005.2)
    assert checks.loc["fig05-cfe-embodied-dominates", "reproduced"] > 1
    claims.assert_expected(checks.reset_index())
