"""The paper's assumptions come from one table, and every user reads them through one accessor."""

from __future__ import annotations

from carbonlib import data
from carbonlib.machinery import bench_montecarlo
from carbonlib.paper import assumptions
from carbonlib.paper.figures import fig05, fig09
from carbonlib.tools import estimate


def test_accessor_reads_the_table():
    table = data.load("paper_assumptions").set_index("parameter")["value"]
    assert assumptions.pue() == table["pue"]
    assert assumptions.utilization_range() == (table["utilization_low"],
                                               table["utilization_high"])
    assert assumptions.lifetime_range_years() == (table["lifetime_low"], table["lifetime_high"])


def test_estimate_defaults_figures_and_bench_use_the_same_values():
    assert estimate.PAPER_PUE == assumptions.pue()
    assert estimate.PAPER_UTILIZATION == assumptions.utilization_range()
    assert estimate.PAPER_LIFETIME_YEARS == assumptions.lifetime_range_years()
    for name, dist in assumptions.embodied_ranges().items():
        assert bench_montecarlo.INPUTS[name] == dist
    assert fig05.assumptions()["pue"] == assumptions.pue()
    assert fig09.reference_assumptions() == {
        "pue": assumptions.pue(), "lifetime_years": sum(assumptions.lifetime_range_years()) / 2}


def test_unknown_name_is_refused_with_the_allowed_ones():
    import pytest

    with pytest.raises(ValueError, match=r"name='puee'.*allowed: .*pue"):
        assumptions.value("puee")
