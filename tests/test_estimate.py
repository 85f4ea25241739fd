"""The methodology glue behind ``carbonlib estimate``: job description -> footprint with ranges.

Expected values are worked out by hand from the inputs (arithmetic in comments).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonlib import data
from carbonlib.data import reference_tables as ref
from carbonlib.methodology.operational import HOURS_PER_YEAR
from carbonlib.tools.estimate import (
    PAPER_LIFETIME_YEARS,
    PAPER_PUE,
    PAPER_UTILIZATION,
    CodeCarbonError,
    estimate,
    read_codecarbon,
)


def test_paper_defaults_are_the_papers_values():
    # Sec III-B: PUE of 1.1; utilization of 30-60% over the 3- to 5-year lifetime
    assert PAPER_PUE == 1.1
    assert PAPER_UTILIZATION == (0.30, 0.60)
    assert PAPER_LIFETIME_YEARS == (3.0, 5.0)


def test_gpu_job_by_hand():
    e = estimate(gpu="v100", count=16, hours=10, power_w=300, intensity_kg_per_kwh=0.4,
                 pue=1.1, utilization=0.5, lifetime_years=4, cfe_share=0.25)
    # energy at the machines 300 W x 16 x 10 h / 1000 = 48 kWh; facility 48 x 1.1 = 52.8 kWh
    assert e.value["energy_kwh"] == pytest.approx(52.8)
    # operational 52.8 x 0.4 x (1 - 0.25) = 15.84 kg
    assert e.value["operational_kg"] == pytest.approx(15.84)
    # server-hours 16 x 10 / 8 = 20; embodied 2000 x 20 / (4 x 8760 x 0.5) = 2.283105 kg
    assert e.value["embodied_kg"] == pytest.approx(40000 / 17520)
    assert e.value["total_kg"] == pytest.approx(15.84 + 40000 / 17520)
    assert e.low == e.value and e.high == e.value  # nothing given as a range
    assert e.assumptions["uncertainty"]["varied"] == []


def test_table_power_is_the_measured_value_when_there_is_one():
    hw = data.load("hardware")
    rows = hw[hw["hardware"] == "p100"].set_index("quantity")["value"]
    assert ref.power_w("P100").value_w == rows["measured_power_w"]
    assert ref.power_w("p100", basis="tdp").value_w == rows["tdp_w"]
    e = estimate(gpu="p100", count=8, hours=84, intensity_kg_per_kwh=0.5, utilization=0.5,
                 lifetime_years=4, pue=1.0)
    # energy = measured W x 8 x 84 h / 1000 at PUE 1
    assert e.value["energy_kwh"] == pytest.approx(rows["measured_power_w"] * 8 * 84 / 1000)
    assert e.assumptions["energy"]["power_basis"] == "measured"


def test_cpu_only_server_counts_machines():
    hw = data.load("hardware")
    cpu_kg = float(hw[(hw["hardware"] == "wu2022-cpu-system")
                      & (hw["quantity"] == "embodied_kg")]["value"].iloc[0])
    assert cpu_kg == 1000  # the paper: half of the 2000 kg GPU system
    e = estimate(energy_kwh=10, count=2, hours=5, intensity_kg_per_kwh=0.3,
                 server="wu2022-cpu-system", utilization=0.5, lifetime_years=4)
    # 2 machines x 5 h = 10 server-hours; 1000 x 10 / (4 x 8760 x 0.5) = 0.570776 kg
    assert e.value["embodied_kg"] == pytest.approx(10000 / 17520)
    assert e.assumptions["embodied"]["unit"] == "machine"


def test_server_overrides():
    e = estimate(energy_kwh=10, count=4, hours=6, intensity_kg_per_kwh=0.3, utilization=0.5,
                 lifetime_years=4, server_embodied_kg=3000, gpus_per_server=4)
    # 4 GPUs x 6 h / 4 per server = 6 server-hours; 3000 x 6 / (4 x 8760 x 0.5) = 1.027397 kg
    assert e.value["embodied_kg"] == pytest.approx(18000 / 17520)
    assert e.assumptions["embodied"]["source"] == "user"


def test_region_takes_the_latest_year_unless_asked():
    grid = data.load("grid_intensity")
    usa = grid[grid["region_code"] == "USA"].sort_values("year")
    e = estimate(energy_kwh=10, count=1, hours=1, region="USA")
    # 10 kWh x 1.1 x the latest US intensity
    assert e.value["operational_kg"] == pytest.approx(11 * usa["intensity_kg_per_kwh"].iloc[-1])
    first = int(usa["year"].iloc[0])
    e = estimate(energy_kwh=10, count=1, hours=1, region="usa", grid_year=first)
    assert e.value["operational_kg"] == pytest.approx(11 * usa["intensity_kg_per_kwh"].iloc[0])
    assert e.assumptions["intensity_kg_per_kwh"]["source"] == usa["source"].iloc[0]


def test_ranges_bracket_the_value_and_stay_inside_the_extremes():
    e = estimate(energy_kwh=100, count=8, hours=10, intensity_kg_per_kwh=0.5)
    k = 2000 * 10  # kg x server-hours
    # the centre: utilization 0.45, lifetime 4 years
    assert e.value["embodied_kg"] == pytest.approx(k / (4 * HOURS_PER_YEAR * 0.45))
    # extremes: best case 5 years at 60%, worst 3 years at 30%
    assert k / (5 * HOURS_PER_YEAR * 0.6) < e.low["embodied_kg"] < e.value["embodied_kg"]
    assert e.value["embodied_kg"] < e.high["embodied_kg"] < k / (3 * HOURS_PER_YEAR * 0.3)


def test_carbon_free_share_range_lowers_operational_only():
    e = estimate(energy_kwh=100, count=8, hours=10, intensity_kg_per_kwh=0.5,
                 utilization=0.5, lifetime_years=4, cfe_share=(0.0, 1.0))
    # 100 x 1.1 x 0.5 = 55 kg at no CFE; the centre (50% CFE) gives 27.5 kg;
    # the 5th and 95th percentiles of a uniform share on [0, 1] give 55 x 0.95 and 55 x 0.05
    assert e.value["operational_kg"] == pytest.approx(27.5)
    assert e.high["operational_kg"] == pytest.approx(55 * 0.95, rel=5e-3)
    assert e.low["operational_kg"] == pytest.approx(55 * 0.05, rel=2e-2)
    assert e.low["embodied_kg"] == pytest.approx(e.value["embodied_kg"])


@settings(max_examples=20, deadline=None)
@given(util=st.floats(0.05, 1.0), life=st.floats(0.5, 10), intensity=st.floats(0, 1),
       hours=st.floats(0.1, 1000))
def test_value_lies_within_its_bounds(util, life, intensity, hours):
    e = estimate(energy_kwh=hours, count=8, hours=hours, intensity_kg_per_kwh=intensity,
                 utilization=(util * 0.5, util), lifetime_years=(life, life * 2), samples=2000)
    for key in ("energy_kwh", "operational_kg", "embodied_kg", "total_kg"):
        assert e.low[key] <= e.value[key] * (1 + 1e-9) + 1e-12
        assert e.value[key] <= e.high[key] * (1 + 1e-9) + 1e-12


def test_read_codecarbon_divides_out_codecarbons_pue(tmp_path):
    path = tmp_path / "emissions.csv"
    path.write_text("duration,energy_consumed,pue,country_iso_code,gpu_count\n"
                    "1800,1.5,1.5,DEU,2\n5400,2.0,,DEU,2\n")
    log = read_codecarbon(path)
    # 1.5 / 1.5 + 2.0 / 1 (empty PUE is CodeCarbon's default, 1) = 3.0 kWh; 0.5 h + 1.5 h = 2 h
    assert log.it_energy_kwh == pytest.approx(3.0)
    assert log.hours == pytest.approx(2.0)
    assert log.accelerator_hours == pytest.approx(4.0)  # 2 x 0.5 + 2 x 1.5


def test_read_codecarbon_prefers_a_known_cloud_region(tmp_path):
    path = tmp_path / "emissions.csv"
    path.write_text("duration,energy_consumed,country_iso_code,region,cloud_provider,"
                    "cloud_region\n3600,1.0,USA,iowa,gcp,us-central1\n3600,1.0,USA,iowa,,\n")
    assert read_codecarbon(path).runs["location"].tolist() == ["gcp-us-central1", "USA"]


@pytest.mark.parametrize("text, message", [
    ("duration,country_iso_code\n3600,FRA\n", "missing column(s) 'energy_consumed'"),
    ("duration,energy_consumed\n", "no row with a numeric energy_consumed"),
    ("", "the file is empty"),
    ("duration,energy_consumed,pue\n3600,1.0,0.5\n", "line 2, column 'pue'"),
    ("duration,energy_consumed\n3600,-1.0\n", "line 2, column 'energy_consumed'"),
])
def test_malformed_codecarbon_files_name_the_line(tmp_path, text, message):
    path = tmp_path / "emissions.csv"
    path.write_text(text)
    with pytest.raises(CodeCarbonError) as err:
        read_codecarbon(path)
    assert message in str(err.value)


@pytest.mark.parametrize("text, lines", [
    ("duration,energy_consumed\n3600,1.0\n-5,1.0\n", [3]),          # negative duration
    ("duration,energy_consumed\n3600,1.0\n3600,\n", [3]),            # empty energy
    ("duration,energy_consumed\n3600,1.0\n3600,1.0,7,8\n", [3]),     # another layout's row
])
def test_rows_without_numbers_are_skipped_and_counted(tmp_path, text, lines):
    path = tmp_path / "emissions.csv"
    path.write_text(text)
    log = read_codecarbon(path)
    assert list(log.skipped_lines) == lines and log.rows_read == 2 and len(log.runs) == 1
    assert log.it_energy_kwh == 1.0                      # only the good row
    with pytest.raises(CodeCarbonError, match=r"1 row\(s\) with an empty .*lines 3"):
        read_codecarbon(path, strict=True)


def test_unknown_gpu_suggests_close_names():
    with pytest.raises(ValueError, match="did you mean h100"):
        estimate(gpu="h10", count=1, hours=1, region="USA")
    assert ref.resolve_accelerator("NVIDIA H100 80GB HBM3") == "h100"


def test_no_location_is_an_error_that_says_how_to_give_one():
    with pytest.raises(ValueError, match=r"no location.*`region`.*`intensity_kg_per_kwh`"):
        estimate(gpu="a100", count=1, hours=1)


def test_embodied_table_keeps_the_scope():
    rows = ref.embodied_per_accelerator("a100")
    assert set(rows["scope"]) <= {"die", "card", "board_share", "server_share"}
    assert rows["source"].notna().all()


def test_codecarbon_gpu_model_names_the_hardware(tmp_path):
    path = tmp_path / "emissions.csv"
    path.write_text("duration,energy_consumed,country_iso_code,gpu_count,gpu_model\n"
                    "3600,1.0,DEU,4,4 x NVIDIA A100-SXM4-40GB\n")
    e = estimate(codecarbon=read_codecarbon(path))
    assert e.assumptions["energy"]["gpu"] == "a100"
    # 4 GPUs x 1 h / 8 per server = 0.5 server-hours
    assert e.assumptions["embodied"]["server_hours"] == pytest.approx(0.5)
