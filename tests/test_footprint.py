"""carbonlib.methodology.footprint: the breakdown by hand, broadcasting, frames and errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbonlib.methodology.footprint import FIELDS, Footprint, footprint

GPU_SERVER = {"system_embodied_kg": 2000.0, "lifetime_years": 4.0, "utilization": 0.5}


def test_scalar_breakdown_by_hand():
    # operational: 100 kWh * 0.4 kg/kWh = 40 kg
    # embodied: 2000 kg * 24 h / (4 y * 8760 h * 0.5) = 48000 / 17520 = 2.7397 kg
    f = footprint(100.0, 0.4, job_hours=24.0, **GPU_SERVER)
    assert f.energy_kwh == 100.0
    assert f.operational_kg == pytest.approx(40.0)
    assert f.embodied_kg == pytest.approx(48000 / 17520)
    assert f.total_kg == pytest.approx(40.0 + 48000 / 17520)
    assert f.embodied_share == pytest.approx((48000 / 17520) / (40.0 + 48000 / 17520))


def test_cfe_share_and_systems():
    # half the energy carbon-free: 100 * 0.4 * 0.5 = 20 kg; 3 systems triple the embodied
    f = footprint(100.0, 0.4, job_hours=24.0, systems=3, cfe_share=0.5, **GPU_SERVER)
    assert f.operational_kg == pytest.approx(20.0)
    assert f.embodied_kg == pytest.approx(3 * 48000 / 17520)


def test_patterson_transformer_big_operational():
    # Patterson et al. 2021 Table 1: 296 W * 84 h * 8 * 1.11 / 1000 = 220.8 kWh; * 0.478 = 105.5 kg
    f = footprint(296 * 84 * 8 * 1.11 / 1000, 0.478, job_hours=84, system_embodied_kg=0.0,
                  lifetime_years=4, utilization=0.5)
    assert f.operational_kg == pytest.approx(105.5, abs=0.1)
    assert f.embodied_share == 0.0


def test_zero_total_gives_zero_share():
    f = footprint(0.0, 0.4, job_hours=0.0, **GPU_SERVER)
    assert f.total_kg == 0.0 and f.embodied_share == 0.0
    assert Footprint(np.zeros(2), np.zeros(2), np.zeros(2)).embodied_share.tolist() == [0, 0]


def test_broadcasts_over_arrays_and_to_frame():
    util = np.array([0.3, 0.6])
    f = footprint(100.0, 0.4, job_hours=24.0, system_embodied_kg=2000.0, lifetime_years=4.0,
                  utilization=util)
    # embodied halves when utilization doubles: 48000 / (35040 * 0.3) and 48000 / (35040 * 0.6)
    np.testing.assert_allclose(f.embodied_kg, [48000 / 10512, 48000 / 21024])
    df = f.to_frame()
    assert list(df.columns) == list(FIELDS) and len(df) == 2
    assert (df["energy_kwh"] == 100.0).all()
    np.testing.assert_allclose(df["total_kg"], df["operational_kg"] + df["embodied_kg"])
    assert set(f.as_dict()) == set(FIELDS)


def test_pandas_series_inputs():
    energy = pd.Series([10.0, 20.0], index=["a", "b"])
    f = footprint(energy, 0.5, job_hours=1.0, **GPU_SERVER)
    assert list(f.operational_kg.index) == ["a", "b"]
    assert f.operational_kg.tolist() == [5.0, 10.0]


def test_frozen():
    f = Footprint(1.0, 1.0, 1.0)
    with pytest.raises(AttributeError):
        f.energy_kwh = 2.0  # type: ignore[misc]


@pytest.mark.parametrize(("name", "bad", "allowed"), [
    ("energy_kwh", -1.0, r"\[0, inf\)"),
    ("intensity_kg_per_kwh", np.nan, r"\[0, inf\)"),
    ("cfe_share", 1.5, r"\[0, 1\]"),
    ("utilization", 0.0, r"\(0, 1\]"),
    ("lifetime_years", 0.0, r"\(0, inf\)"),
    ("system_embodied_kg", np.inf, r"\[0, inf\)"),
    ("job_hours", -2.0, r"\[0, inf\)"),
    ("systems", -1, r"\[0, inf\)"),
])
def test_bad_inputs_name_parameter_and_range(name, bad, allowed):
    kwargs = {"energy_kwh": 1.0, "intensity_kg_per_kwh": 0.4, "job_hours": 1.0,
              "cfe_share": 0.0, "systems": 1, **GPU_SERVER, name: bad}
    energy, intensity = kwargs.pop("energy_kwh"), kwargs.pop("intensity_kg_per_kwh")
    with pytest.raises(ValueError, match=rf"{name}.*{allowed}"):
        footprint(energy, intensity, **kwargs)


def test_array_error_names_index():
    with pytest.raises(ValueError, match=r"utilization\[2\]=1.2"):
        footprint(1.0, 0.4, job_hours=1.0, system_embodied_kg=1.0, lifetime_years=3,
                  utilization=np.array([0.3, 0.5, 1.2]))
