"""Cited tables recomputed by methodology.operational: Patterson et al. 2021, Strubell et al. 2019.

Expected values are the printed values of the cited tables; the arithmetic is in the comments.
"""

from __future__ import annotations

import pytest

from carbonlib.methodology.operational import energy_kwh, operational_kg
from carbonlib.paper.figures import fig04

KG_PER_LB = 0.45359237


def test_patterson_table1_transformer_big_p100_iowa():
    # 296 W x 3.5 d x 24 h x 8 GPUs x PUE 1.11 / 1000 = 220.8 kWh (Table 1: 0.221 MWh)
    e = energy_kwh(296, 3.5 * 24, devices=8, pue=1.11)
    assert e == pytest.approx(220.8, abs=0.05)
    # gross 220.8 kWh x 0.478 kg/kWh = 105.5 kg (Table 1: 105.5 kg, i.e. 0.1055 t)
    assert operational_kg(e, 0.478) == pytest.approx(105.5, rel=0.01)
    # net 220.8 x 0.080 = 17.66 kg (Table 1: 0.0177 t)
    assert operational_kg(e, 0.080) == pytest.approx(17.7, rel=0.01)


@pytest.fixture(scope="module")
def oss():
    return fig04.recompute_oss().set_index("model")


# Patterson Table 4: power W x chips x days x 24 x PUE / 1e6 -> MWh (printed value in brackets)
#   ET NAS  208 x   200 x  6.8 x 24 x 1.10 =    7.47 (7.5)
#   T5      310 x   512 x 20   x 24 x 1.12 =   85.3  (85.7)
#   Meena   289 x  1024 x 30   x 24 x 1.09 =  232.3  (232)
#   GShard  288 x  1024 x  3.1 x 24 x 1.09 =   23.9  (24.1)
#   Switch  245 x  1024 x 27   x 24 x 1.10 =  178.8  (179)
#   GPT-3   330 x 10000 x 14.8 x 24 x 1.10 = 1289.4  (1287)
TABLE4 = {  # model: (printed MWh, printed gross tCO2e, printed net tCO2e)
    "evolved_transformer_nas": (7.5, 3.2, 3.2),
    "t5": (85.7, 46.7, 46.7),
    "meena": (232, 96.4, 96.4),
    "gshard_600b": (24.1, 4.8, 4.3),
    "switch_transformer": (179, 72.2, 59.1),
    "gpt3": (1287, 552.1, 552.1),
}


@pytest.mark.parametrize("model", list(TABLE4))
def test_patterson_table4_energy_and_gross_within_1pct(oss, model):
    mwh, gross, _ = TABLE4[model]
    assert oss.loc[model, "energy_kwh"] / 1000 == pytest.approx(mwh, rel=0.01)
    assert oss.loc[model, "co2e_t"] == pytest.approx(gross, rel=0.01)
    # the bundled published values are the printed ones
    assert oss.loc[model, "energy_kwh_published"] == pytest.approx(mwh * 1000)
    assert oss.loc[model, "co2e_t_published"] == pytest.approx(gross)


@pytest.mark.parametrize("model", [m for m in TABLE4 if m != "gshard_600b"])
def test_patterson_table4_net_within_1pct(oss, model):
    assert oss.loc[model, "co2e_net_t"] == pytest.approx(TABLE4[model][2], rel=0.01)


def test_gshard_net_gap_is_rounding_of_energy_and_of_the_printed_value(oss):
    # recomputed 23.92 MWh x 0.177 = 4.234 t against the printed 4.3 t: 1.6% low. The gap is
    # the energy recomputation (23.92 vs the printed 24.1 MWh, 0.8% low, within 1%) plus the
    # printed 4.3's own rounding (+-0.05 t = +-1.2%): the printed energy gives 24.1 x 0.177 =
    # 4.266 t, which rounds to 4.3.
    gap = oss.loc["gshard_600b", "co2e_net_t"] / 4.3 - 1
    assert -0.02 < gap < -0.01
    assert round(24.1 * 0.177, 1) == 4.3
    assert oss.loc["gshard_600b", "energy_kwh"] / 24100 - 1 == pytest.approx(-0.0076, abs=5e-4)


def test_switch_transformer_gross_vs_net(oss):
    # gross 178.8 MWh x 0.403 = 72.1 t; net x 0.330 = 59.0 t; Fig 4's bar (74.7 t digitized, +-4)
    # matches gross, not net
    row = oss.loc["switch_transformer"]
    assert row["co2e_t"] == pytest.approx(72.2, rel=0.01)
    assert row["co2e_net_t"] == pytest.approx(59.1, rel=0.01)
    assert abs(row["fig4_bar_t"] - row["co2e_t"]) < 4.2 < abs(row["fig4_bar_t"] - row["co2e_net_t"])


def test_strubell_table3_nas(oss):
    # 1515.43 W x 274,120 h x PUE 1.58 / 1000 = 656,347 kWh; x 0.954 lbs/kWh = 626,155 lbs;
    # x 0.45359237 kg/lb = 284,019 kg = 284.0 t
    e = energy_kwh(1515.43, 274_120, pue=1.58)
    assert e == pytest.approx(656_347, rel=1e-5)
    assert e * 0.954 == pytest.approx(626_155, rel=1e-5)
    assert operational_kg(e, 0.954 * KG_PER_LB) / 1000 == pytest.approx(284.0, abs=0.05)
    row = oss.loc["transformer_big_nas_strubell"]
    assert row["energy_kwh"] == pytest.approx(656_347, rel=1e-5)
    assert row["co2e_t"] == pytest.approx(284.0, abs=0.05)
    assert row["co2e_t_published"] == pytest.approx(626_155 * KG_PER_LB / 1000)


def test_strubell_table3_transformer_big(oss):
    # 1515.43 W x 84 h x 1.58 / 1000 = 201.1 kWh (printed 201); x 0.954 = 191.9 lbs (192)
    row = oss.loc["transformer_big_strubell"]
    assert row["energy_kwh"] == pytest.approx(201, rel=0.01)
    assert row["co2e_t"] * 1000 / KG_PER_LB == pytest.approx(192, rel=0.01)


def test_every_bundled_row_is_within_1pct_or_is_the_explained_gshard_net(oss):
    gaps = oss[["energy_gap", "co2e_gap", "co2e_net_gap"]].abs()
    over = gaps[gaps.gt(0.01).any(axis=1)]
    assert list(over.index) == ["gshard_600b"]
    assert over.loc["gshard_600b"].gt(0.01).tolist() == [False, False, True]
