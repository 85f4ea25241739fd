"""Figure 9: calibrated utilization model against the digitized bars, claims, parameters."""

from __future__ import annotations

import pytest

from carbonlib.paper import claims
from carbonlib.paper.figures import fig09


@pytest.fixture(scope="module")
def result():
    return fig09.frame()


@pytest.fixture(scope="module")
def df(result):
    return result.bars


def test_calibrated_model_reproduces_the_bars_within_reading_error(df):
    wide = df.pivot_table(index=["gpu_utilization_pct", "segment"], columns="kind",
                          values="footprint_normalized").dropna()
    assert len(wide) == 12
    # each recomputed segment within 3 reading errors (0.04) of the digitized one
    assert (abs(wide["recomputed"] - wide["digitized"]) < 0.12).all()


def test_calibration_matches_the_structure_found_by_hand():
    m = fig09.model()
    # embodied ~ 0.555 / u and operational ~ 0.85 + 0.87 / u (idle ~ half of peak);
    # rest ~ 13% of operational
    assert m.embodied_at_full == pytest.approx(0.555, abs=0.02)
    assert m.operational_at_full == pytest.approx(0.85 + 0.87, abs=0.03)
    assert m.idle_fraction == pytest.approx(0.87 / 1.72, abs=0.02)
    assert m.cfe_share == pytest.approx(0.87, abs=0.01)


def test_digitized_ratios_by_hand(df):
    t = fig09.totals(df).loc["digitized"]
    # 20%: 2.73 + 0.69 + 4.51 = 7.93; 75%: 0.74 + 0.25 + 1.76 = 2.75 -> 2.88x
    assert t.loc[20.0, "total_without_cfe"] / t.loc[75.0, "total_without_cfe"] == pytest.approx(
        7.93 / 2.75)
    # renewables at 75%: 2.75 / (0.74 + 0.25) = 2.78
    assert t.loc[75.0, "total_without_cfe"] / t.loc[75.0, "total_with_cfe"] == pytest.approx(
        2.75 / 0.99)


def test_parameters_rescale_coherently():
    base, other = fig09.model(), fig09.model(pue=1.5, lifetime_years=5.0, cfe_share=0.0)
    assert other.operational_at_full == pytest.approx(base.operational_at_full * 1.5 / 1.1)
    assert other.embodied_at_full == pytest.approx(base.embodied_at_full * 4 / 5)
    assert other.cfe_share == 0.0
    df = fig09.frame(cfe_share=0.0).bars
    rec = df[(df["kind"] == "recomputed") & (df["segment"] == "operational_offset")]
    assert (rec["footprint_normalized"] == 0).all()


def test_claims(result):
    checks = fig09.check_claims(result).set_index("id")
    assert checks.loc["fig09-renewables-2x", "reproduced"] == pytest.approx(2.78, abs=0.1)
    assert checks.loc["fig09-embodied-dominates", "reproduced"] > 1
    claims.assert_expected(checks.reset_index())


def test_crossover_outside_the_range_is_said_in_words(result):
    u_star = result.model.crossover_utilization()
    assert u_star > 1  # with carbon-free energy, embodied is larger at every utilization
    words = fig09.crossover_words(u_star)
    assert words.startswith("none between 0 and 100%") and f"{u_star:.2f}" not in words
    assert fig09.crossover_words(0.5) == "at 50% utilization (embodied larger below)"


def test_agreement_scores_every_segment(result):
    scores = fig09.agreement(result)
    assert len(scores) == 3 and (scores["n_points"] == 4).all()
    # the calibration passes within 3 reading errors at every bar (see the first test)
    assert (scores["max_err_units"] <= 3).all()
