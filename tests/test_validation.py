"""The one validation module: messages name the parameter, the value, the index and the range."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbonlib import embodied_kg, energy_kwh, operational_kg
from carbonlib.methodology import validation as v


def test_scalar_message():
    with pytest.raises(ValueError, match=r"^pue=0\.9 is outside the allowed range \[1, inf\)$"):
        v.check_range("pue", 0.9, low=1.0)


def test_array_message_names_the_first_bad_index():
    with pytest.raises(ValueError, match=r"utilization\[2\]=0 is outside .*\(0, 1\] \(2 of 4"):
        v.utilization("utilization", np.array([0.5, 0.3, 0.0, 1.5]))


def test_series_message_names_index_and_label():
    s = pd.Series([1.0, -2.0], index=["a", "b"])
    with pytest.raises(ValueError, match=r"hours\[1 \(label 'b'\)\]=-2"):
        v.nonnegative("hours", s)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_is_rejected(bad):
    with pytest.raises(ValueError, match="power_w"):
        v.nonnegative("power_w", bad)


def test_non_numeric_is_rejected():
    with pytest.raises(ValueError, match=r"hours='ten' is not a number"):
        v.nonnegative("hours", "ten")


def test_values_are_returned_unchanged():
    s = pd.Series([0.2, 0.4], index=["x", "y"])
    assert v.fraction("cfe_share", s) is s


def test_one_of_suggests_close_names():
    with pytest.raises(ValueError, match=r"gpu='A10O' is not known; did you mean A100"):
        v.one_of("gpu", "A10O", ["A100", "V100", "H100"])


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: energy_kwh(-1, 1), "power_w"),
        (lambda: energy_kwh(1, -1), "hours"),
        (lambda: energy_kwh(1, 1, devices=-1), "devices"),
        (lambda: energy_kwh(1, 1, pue=0.5), "pue"),
        (lambda: operational_kg(-1, 0.4), "energy_kwh"),
        (lambda: operational_kg(1, -0.4), "intensity_kg_per_kwh"),
        (lambda: operational_kg(1, 0.4, cfe_share=1.2), "cfe_share"),
        (lambda: embodied_kg(-1, 1, lifetime_years=4, utilization=0.5), "system_embodied_kg"),
        (lambda: embodied_kg(1, -1, lifetime_years=4, utilization=0.5), "job_hours"),
        (lambda: embodied_kg(1, 1, lifetime_years=0, utilization=0.5), "lifetime_years"),
        (lambda: embodied_kg(1, 1, lifetime_years=4, utilization=0), "utilization"),
        (lambda: embodied_kg(1, 1, lifetime_years=4, utilization=0.5, systems=-2), "systems"),
    ],
)
def test_public_functions_name_the_bad_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name}"):
        call()


def test_patterson_table1_transformer_big_p100():
    # Patterson et al. 2021, Table 1: 8 P100 at 296 W for 3.5 days, PUE 1.11, Iowa 0.478 kg/kWh
    # 296 W * 84 h * 8 * 1.11 / 1000 = 220.8 kWh; * 0.478 = 105.5 kg; net at 0.080 -> 17.7 kg
    e = energy_kwh(296, 3.5 * 24, devices=8, pue=1.11)
    assert e == pytest.approx(220.8, abs=0.05)
    assert operational_kg(e, 0.478) == pytest.approx(105.5, abs=0.1)
    assert operational_kg(e, 0.080) == pytest.approx(17.7, abs=0.1)


def test_embodied_by_hand():
    # 2000 kg * 2 systems * 100 h / (4 y * 8760 h/y * 0.5) = 400000 / 17520 = 22.83 kg
    assert embodied_kg(2000, 100, lifetime_years=4, utilization=0.5, systems=2) == \
        pytest.approx(400000 / 17520)
