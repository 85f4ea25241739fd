"""CodeCarbon files that CodeCarbon's authors wrote (tests/data/codecarbon/README.md), read by
``carbonlib estimate``. The expected values are hand arithmetic on the files' own columns."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from carbonlib.tools import estimate as est

DATA = Path(__file__).parent / "data" / "codecarbon"
V2 = DATA / "codecarbon_2.1.3_emissions_valid_headers.csv"
V1 = DATA / "codecarbon_1.x_examples_emissions.csv"


def test_codecarbon_2_file_gives_its_own_energy_and_emissions():
    log = est.read_codecarbon(V2)
    assert len(log.runs) == 1
    result = est.estimate(codecarbon=log)
    # energy_consumed 0.00057442898176 kWh at the file's PUE 1.0, times the PUE here (1.1)
    assert result.value["energy_kwh"] == pytest.approx(0.00057442898176 * 1.1, rel=1e-12)
    # MAR is not in the grid table: the run's own emissions / energy_consumed is the intensity,
    # so operational = emissions (0.0004490989249167 kg at PUE 1.0) x 1.1
    assert result.value["operational_kg"] == pytest.approx(0.0004490989249167 * 1.1, rel=1e-12)
    # gpu_count and gpu_model are empty: a CPU-only run, charged one whole CPU server
    assert log.cpu_only.all()
    assert result.value["embodied_kg"] > 0
    assert log.runs["hours"].iloc[0] == pytest.approx(161.20380687713623 / 3600, rel=1e-12)


def test_codecarbon_1x_file_without_gpu_columns_asks_for_the_count():
    log = est.read_codecarbon(V1, project="project_alpha")
    assert sorted(log.runs["line"]) == [4, 7, 8]                 # the three project_alpha rows
    assert log.runs["energy_kwh"].sum() == pytest.approx(1 + 6 + 9)
    assert log.runs["hours"].sum() == pytest.approx((19 + 10 + 13) / 3600)
    with pytest.raises(ValueError, match=r"line 4 records neither gpu_count nor gpu_model"):
        est.estimate(codecarbon=log)
    result = est.estimate(codecarbon=log, count=1)
    assert result.value["energy_kwh"] == pytest.approx(16 * 1.1)
    # CAN is not in the table: the runs' own emissions / energy, (1 + 6 + 9) / 16 = 1 kg/kWh
    assert result.value["operational_kg"] == pytest.approx(16 * 1.1 * 1.0)
    assert math.isfinite(result.value["embodied_kg"])


def test_codecarbon_1x_file_keeps_its_impossible_date_row():
    """Upstream's example has 2020-04-31; the row's energy and duration are still read."""
    log = est.read_codecarbon(V1, project="project_beta")
    assert list(log.runs["line"]) == [9]
    assert log.runs["energy_kwh"].iloc[0] == 3
