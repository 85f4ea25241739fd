"""Figure 12: the two stars and "4x lower energy for 0.004 NE degradation"."""

from __future__ import annotations

import pytest

from carbonlib.machinery import plotting
from carbonlib.paper import claims
from carbonlib.paper.figures import fig12


@pytest.fixture(scope="module")
def df():
    return fig12.frame()


def test_frame_holds_the_stated_settings_and_digitized_positions(df):
    s = df.set_index("star")
    assert s.loc["yellow", ["data_scale_x", "model_scale_x"]].tolist() == [2, 2]
    assert s.loc["green", ["data_scale_x", "model_scale_x"]].tolist() == [8, 16]
    assert s.loc["green", "energy_per_step_j"] > s.loc["yellow", "energy_per_step_j"]
    assert s.loc["green", "model_error_ne"] < s.loc["yellow", "model_error_ne"]


def test_energy_ratio_with_reading_errors():
    # 1.24 / 0.28 = 4.43; range (1.24 - 0.05) / (0.28 + 0.011) = 4.09 to 1.29 / 0.269 = 4.80
    ratio, lo, hi = fig12.energy_ratio(1.24, 0.28, error_high_j=0.05, error_low_j=0.011)
    assert ratio == pytest.approx(4.4286, rel=1e-4)
    assert lo == pytest.approx(1.19 / 0.291) and hi == pytest.approx(1.29 / 0.269)
    with pytest.raises(ValueError, match="energy_low_j=0"):
        fig12.energy_ratio(1.0, 0.0)
    with pytest.raises(ValueError, match="error_low_j=0.3"):
        fig12.energy_ratio(1.0, 0.3, error_low_j=0.3)


def test_implied_exponent():
    # ln(1.005) / ln(4) = 0.0049875 / 1.386294 = 0.0035978
    assert fig12.implied_power_law_exponent(1.005, 4.0) == pytest.approx(0.0035978, rel=1e-4)
    with pytest.raises(ValueError, match="energy_ratio_x=1"):
        fig12.implied_power_law_exponent(1.1, 1.0)


def test_claims_verdicts(df):
    checks = fig12.check_claims(df).set_index("id")
    assert checks.loc["fig12-energy-4x", "reproduced"] == pytest.approx(1.24 / 0.28)
    assert checks.loc["fig12-ne-degradation", "reproduced"] == pytest.approx(0.0066 - 0.0027)
    assert (checks["status"] == "reproduced").all()
    claims.assert_expected(checks.reset_index())


def test_a_changed_verdict_names_the_claim(df):
    checks = fig12.check_claims(df)
    checks.loc[checks["id"] == "fig12-energy-4x", "status"] = "differs"
    with pytest.raises(claims.ClaimMismatch, match="fig12-energy-4x"):
        claims.assert_expected(checks)


def test_figure_is_deterministic(tmp_path, df):
    plotting.set_theme()
    a = plotting.save(fig12.draw(df), "f", directory=tmp_path / "a")
    b = plotting.save(fig12.draw(df), "f", directory=tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
