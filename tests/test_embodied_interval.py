"""The embodied-carbon Monte Carlo interval (methodology.uncertainty.embodied_interval_kg)."""

from __future__ import annotations

import numpy as np
import pytest

from carbonlib.methodology.uncertainty import embodied_interval_kg


def test_interval_lies_between_the_range_extremes_and_scales_with_hours():
    lo, hi = embodied_interval_kg(2000.0, np.array([100.0, 200.0]), utilization=(0.3, 0.6),
                                  lifetime_years=(3.0, 5.0), n=20_000)
    # extremes for 100 h: 2000 * 100 / (5 * 8760 * 0.6) = 7.61 kg; / (3 * 8760 * 0.3) = 25.37 kg
    assert 2000 * 100 / (5 * 8760 * 0.6) < lo[0] < hi[0] < 2000 * 100 / (3 * 8760 * 0.3)
    # proportional to the hours: the 200 h job's interval is twice the 100 h job's
    assert lo[1] == pytest.approx(2 * lo[0]) and hi[1] == pytest.approx(2 * hi[0])


def test_same_seed_same_interval_and_other_seed_close():
    a = embodied_interval_kg(2000.0, 100.0, utilization=(0.3, 0.6), lifetime_years=(3, 5),
                             n=20_000, seed=1)
    b = embodied_interval_kg(2000.0, 100.0, utilization=(0.3, 0.6), lifetime_years=(3, 5),
                             n=20_000, seed=1)
    c = embodied_interval_kg(2000.0, 100.0, utilization=(0.3, 0.6), lifetime_years=(3, 5),
                             n=20_000, seed=2)
    assert a == b
    assert c[0] == pytest.approx(a[0], rel=0.02)


@pytest.mark.parametrize("kwargs, name", [
    ({"utilization": (0.6, 0.3), "lifetime_years": (3, 5)}, "high"),
    ({"utilization": (0.3, 1.5), "lifetime_years": (3, 5)}, "utilization"),
])
def test_bad_ranges_are_named(kwargs, name):
    with pytest.raises(ValueError, match=name):
        embodied_interval_kg(2000.0, 100.0, n=100, **kwargs)
