"""carbonlib.methodology.federated: the Appendix B method and its inverse."""

from __future__ import annotations

import doctest

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbonlib.methodology import federated
from carbonlib.methodology.federated import DEVICE_POWER_W, ROUTER_POWER_W, fl_footprint, fl_hours
from carbonlib.paper.figures import fig11

hours = st.floats(min_value=0.0, max_value=1e6)
intensity = st.floats(min_value=0.01, max_value=1.5)


def test_docstring_examples_run():
    assert doctest.testmod(federated).failed == 0


def test_constants_match_the_bundled_method_table():
    params = fig11.method_parameters()
    assert (params["device_power_w"], params["router_power_w"]) == (DEVICE_POWER_W,
                                                                    ROUTER_POWER_W)


def test_by_hand():
    # 100 device-hours * 3 W = 0.3 kWh; 200 + 300 router-hours * 7.5 W = 1.5 + 2.25 kWh
    fp = fl_footprint(100, 200, 300, intensity_kg_per_kwh=0.5)
    assert fp.compute_kwh == pytest.approx(0.3)
    assert fp.download_kwh == pytest.approx(1.5)
    assert fp.upload_kwh == pytest.approx(2.25)
    assert fp.total_kwh == pytest.approx(4.05)
    # x 0.5 kg/kWh
    assert fp.kg() == pytest.approx({"download": 0.75, "upload": 1.125, "compute": 0.15})
    assert fp.total_kg == pytest.approx(2.025)


def test_paper_data_illustration():
    # FL-1 segments 84 / 202 / 6.5 kg at 0.429 kg/kWh: 84 / 0.429 / 0.0075 = 26,107 router-h;
    # 202 / 0.429 / 0.0075 = 62,782 router-h; 6.5 / 0.429 / 0.003 = 5,050 device-h
    h = fl_hours(84, 202, 6.5, intensity_kg_per_kwh=0.429)
    assert h.download_router_hours == pytest.approx(26107, rel=1e-4)
    assert h.upload_router_hours == pytest.approx(62782, rel=1e-4)
    assert h.compute_device_hours == pytest.approx(5050.5, rel=1e-4)


@given(hours, hours, hours, intensity)
def test_inverse_round_trip(c, d, u, i):
    fp = fl_footprint(c, d, u, intensity_kg_per_kwh=i)
    h = fl_hours(fp.download_kg, fp.upload_kg, fp.compute_kg, intensity_kg_per_kwh=i)
    assert h.hours() == pytest.approx({"download": d, "upload": u, "compute": c}, rel=1e-9,
                                      abs=1e-6)


@given(hours, hours, hours, intensity, st.floats(min_value=0.1, max_value=10))
def test_linear_in_intensity_and_components_sum(c, d, u, i, k):
    a = fl_footprint(c, d, u, intensity_kg_per_kwh=i)
    b = fl_footprint(c, d, u, intensity_kg_per_kwh=i * k)
    assert b.total_kg == pytest.approx(a.total_kg * k, rel=1e-9, abs=1e-12)
    assert a.total_kg == pytest.approx(sum(a.kg().values()))


def test_vectorized():
    fp = fl_footprint(np.array([1.0, 2.0]), 0.0, 0.0, intensity_kg_per_kwh=np.array([1.0, 0.5]))
    # 1 h * 3 W * 1 = 0.003 kg; 2 h * 3 W * 0.5 = 0.003 kg
    np.testing.assert_allclose(fp.compute_kg, [0.003, 0.003])


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: fl_footprint(-1, 0, 0, intensity_kg_per_kwh=0.4), "compute_hours"),
        (lambda: fl_footprint(0, np.nan, 0, intensity_kg_per_kwh=0.4), "download_hours"),
        (lambda: fl_footprint(0, 0, [1, -2], intensity_kg_per_kwh=0.4), r"upload_hours\[1\]"),
        (lambda: fl_footprint(0, 0, 0, intensity_kg_per_kwh=-0.1), "intensity_kg_per_kwh"),
        (lambda: fl_footprint(0, 0, 0, intensity_kg_per_kwh=0.4, router_power_w=-1),
         "router_power_w"),
        (lambda: fl_hours(1, 1, 1, intensity_kg_per_kwh=0), "intensity_kg_per_kwh"),
        (lambda: fl_hours(1, 1, 1, intensity_kg_per_kwh=0.4, device_power_w=0),
         "device_power_w"),
        (lambda: fl_hours(1, -1, 1, intensity_kg_per_kwh=0.4), "upload_kg"),
    ],
)
def test_bad_inputs_name_the_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name}"):
        call()
