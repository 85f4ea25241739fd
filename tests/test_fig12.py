"""Figure 12: the digitized sweep (12 series and the frontier), the stars, the power law."""

from __future__ import annotations

import math

import numpy as np
import pytest

from carbonlib import data
from carbonlib.methodology.growth import energy_ratio, implied_power_law_exponent
from carbonlib.paper import claims
from carbonlib.paper.figures import fig12


@pytest.fixture(scope="module")
def result():
    return fig12.frame()


def test_every_series_of_the_legend_and_the_frontier_is_present(result):
    counts = result.series.groupby("series").size()
    data_series = [f"data {s}x" for s in (1, 2, 4, 8, 16)]
    model_series = [f"model {s}x" for s in (2, 4, 8, 16, 32, 64, 128)]
    assert set(counts.index) == {*data_series, *model_series, fig12.FRONTIER}
    assert len(counts) >= 12
    assert (counts >= 2).all()
    # every marker with a known data scale is in a data series, and likewise for model scale
    raw = data.load("fig12_scaling")
    markers = raw[(raw["element"] == "marker") & (raw["quantity"] == "energy_per_step_j")]
    assert counts[data_series].sum() == markers["data_scale_x"].notna().sum()
    assert counts[model_series].sum() == markers["model_scale_x"].notna().sum()
    assert counts[fig12.FRONTIER] == (raw["element"] == "frontier").sum() / 2


def test_stars_are_the_markers_of_the_stated_settings(result):
    s = result.stars.set_index("star")
    assert s.loc["yellow", ["data_scale_x", "model_scale_x"]].tolist() == [2, 2]
    assert s.loc["green", ["data_scale_x", "model_scale_x"]].tolist() == [8, 16]
    assert s["energy_per_step_j"].notna().all()


def test_frontier_falls_as_energy_rises(result):
    f = result.frontier.sort_values("energy_per_step_j")
    assert f["model_error_ne"].is_monotonic_decreasing


def test_energy_ratio_with_reading_errors():
    # 1.24 / 0.28 = 4.43; range (1.24 - 0.05) / (0.28 + 0.011) = 4.09 to 1.29 / 0.269 = 4.80
    ratio, lo, hi = energy_ratio(1.24, 0.28, error_high_j=0.05, error_low_j=0.011)
    assert ratio == pytest.approx(4.4286, rel=1e-4)
    assert lo == pytest.approx(1.19 / 0.291) and hi == pytest.approx(1.29 / 0.269)
    with pytest.raises(ValueError, match="energy_low_j=0"):
        energy_ratio(1.0, 0.0)


def test_implied_exponent():
    # ln(1.005) / ln(4) = 0.0049875 / 1.386294 = 0.0035978
    assert implied_power_law_exponent(1.005, 4.0) == pytest.approx(0.0035978, rel=1e-4)
    with pytest.raises(ValueError, match="energy_ratio_x=1"):
        implied_power_law_exponent(1.1, 1.0)


def test_exponent_by_hand_from_the_frontier_ends(result):
    f = result.frontier.sort_values("energy_per_step_j")
    lo, hi = f.iloc[0], f.iloc[-1]
    # two-point exponent: ln((0.8 + err_lo) / (0.8 + err_hi)) / ln(E_hi / E_lo), close to the fit
    two_point = math.log((0.8 + lo["model_error_ne"]) / (0.8 + hi["model_error_ne"])) / math.log(
        hi["energy_per_step_j"] / lo["energy_per_step_j"])
    assert result.fit.exponent == pytest.approx(two_point, rel=0.15)
    # half the baseline roughly doubles the exponent
    assert fig12.frame(0.4).fit.exponent == pytest.approx(2 * result.fit.exponent, rel=0.02)
    with pytest.raises(ValueError, match="baseline_ne"):
        fig12.frame(-1.0)


def test_claims(result):
    checks = fig12.check_claims(result).set_index("id")
    s = result.stars.set_index("star")
    assert checks.loc["fig12-energy-4x", "reproduced"] == pytest.approx(
        s.loc["green", "energy_per_step_j"] / s.loc["yellow", "energy_per_step_j"])
    assert checks.loc["fig12-ne-degradation", "reproduced"] == pytest.approx(
        s.loc["yellow", "model_error_ne"] - s.loc["green", "model_error_ne"])
    assert checks.loc["fig12-power-law-exponent", "reproduced"] == pytest.approx(
        result.fit.exponent)
    # the two stars alone, quality = 1 - error: ln((1 - e_g) / (1 - e_y)) / ln(E_g / E_y)
    err, energy = s["model_error_ne"], s["energy_per_step_j"]
    by_hand = (np.log((1 - err["green"]) / (1 - err["yellow"]))
               / np.log(energy["green"] / energy["yellow"]))
    assert f"between the two stars = {by_hand:.4g}" in checks.loc["fig12-power-law-exponent",
                                                                  "readings"]
    assert (checks["evidence"] == "figure").all()
    claims.assert_expected(checks.reset_index())


def test_agreement_of_the_fitted_frontier(result):
    scores = fig12.agreement(result)
    assert scores["n_points"].item() == len(result.frontier)
