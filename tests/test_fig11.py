"""Figure 11: the baselines recomputed from Patterson et al. 2021 Table 1, the FL segments and
the hours they imply, the claims."""

from __future__ import annotations

import math

import pytest

from carbonlib.paper import claims
from carbonlib.paper.figures import fig11


def test_baselines_recomputed_from_patterson_table1():
    base = fig11.baselines().set_index(["run", "accounting"])
    # P100 Iowa: 296 W * 8 * 3.5 d * 24 h * 1.11 / 1000 = 220.79 kWh (table 221)
    # gross 220.79 * 0.478 = 105.54 kg (table 0.1055 t); net * 0.080 = 17.66 kg (table 0.0177 t)
    p100 = base.loc["p100-iowa"]
    assert p100.loc["gross", "energy_kwh_recomputed"] == pytest.approx(220.79, abs=0.01)
    assert p100.loc["gross", "co2e_kg_recomputed"] == pytest.approx(105.5, rel=0.01)
    assert p100.loc["net", "co2e_kg_recomputed"] == pytest.approx(17.7, rel=0.01)
    # TPU v2 Iowa: 229 W * 8 * 0.81 d * 24 h * 1.11 / 1000 = 39.53 kWh (table 40)
    # gross 39.53 * 0.478 = 18.90 kg (table 0.0189 t); net * 0.080 = 3.16 kg (table 0.0032 t)
    tpu = base.loc["tpu-v2-iowa"]
    assert tpu.loc["gross", "energy_kwh_recomputed"] == pytest.approx(39.53, abs=0.01)
    assert tpu.loc["gross", "co2e_kg_recomputed"] == pytest.approx(18.9, rel=0.01)
    assert tpu.loc["net", "co2e_kg_recomputed"] == pytest.approx(3.2, rel=0.02)
    # US average: 296 * 8 * 84 * 1.59 / 1000 = 316.27 kWh; * 0.429 = 135.68 kg (table 0.1357 t)
    assert base.loc[("p100-us-average", "gross"), "co2e_kg_recomputed"] == \
        pytest.approx(135.7, rel=0.001)


def test_p100_base_is_the_iowa_gross_run_not_the_us_average():
    df = fig11.bars()
    dig = df[(df["value_kind"] == "digitized") & (df["bar"] == "P100-Base")]["co2e_kg"].item()
    base = fig11.baselines()
    gross = base[base["accounting"] == "gross"].set_index("run")["co2e_kg_recomputed"]
    assert (gross - dig).abs().idxmin() == "p100-iowa"


def test_frame_has_every_bar_and_kind():
    df = fig11.bars()
    kinds = df.groupby("bar")["value_kind"].agg(set)
    assert kinds["FL-1"] == {"digitized"}
    assert kinds["P100-Base"] == {"digitized", "recomputed", "table"}
    fl1 = df[(df["bar"] == "FL-1")].set_index("component")["co2e_kg"]
    # segments 84 + 202 + 6.5 = 292.5 against the digitized top 292 (reading error 2 kg)
    assert fl1[["download", "upload", "compute"]].sum() == pytest.approx(fl1["total"], abs=2)


def test_implied_hours_by_hand_and_under_another_intensity():
    df = fig11.bars()
    h = fig11.implied_hours(df).set_index(["bar", "component"])["hours"]
    # default intensity 0.429 (assumed): FL-2 compute 12 kg / 0.429 / 0.003 = 9,324 device-h
    assert h[("FL-2", "compute")] == pytest.approx(12 / 0.429 / 0.003)
    # FL-1 upload 202 kg / 0.429 / 0.0075 = 62,782 router-h
    assert h[("FL-1", "upload")] == pytest.approx(202 / 0.429 / 0.0075)
    # halving the intensity doubles every implied hour
    h2 = fig11.implied_hours(df, grid_intensity_kg_per_kwh=0.429 / 2).set_index(
        ["bar", "component"])["hours"]
    assert (h2 / h).tolist() == pytest.approx([2.0] * len(h))


def test_implied_hours_reject_a_zero_intensity():
    with pytest.raises(ValueError, match="^intensity_kg_per_kwh"):
        fig11.implied_hours(fig11.bars(), grid_intensity_kg_per_kwh=0.0)


def test_claims_verdicts():
    checks = fig11.check_claims(fig11.frame()).set_index("id")
    for cid in ("fig11-p100-base", "fig11-p100-green", "fig11-tpu-base", "fig11-tpu-green"):
        assert checks.loc[cid, "evidence"] == "independent", cid
    # FL-1 292 kg / P100-Base 105.54 kg = 2.767
    assert checks.loc["fig11-fl1-vs-p100", "reproduced"] == pytest.approx(292 / 105.5387,
                                                                          rel=1e-4)
    assert math.isnan(checks.loc["sec4-device-manufacturing-74", "reproduced"])
    claims.assert_expected(checks.reset_index())


def test_agreement_of_the_recomputed_baselines():
    scores = fig11.agreement(fig11.frame())
    # P100-Base: |105.54 - 105.1| / 2 = 0.22 reading errors, the worst of the four
    assert scores["n_points"].item() == 4
    assert scores["max_err_units"].item() == pytest.approx(abs(105.5387 - 105.1) / 2, rel=1e-3)
    assert scores["worst_at"].item() == "P100-Base"
