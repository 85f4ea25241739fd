"""CodeCarbon logs in the 2.x and 3.x column layouts, checked against hand arithmetic.

The files are written here in CodeCarbon's real column orders (2.0-2.1: 29 columns; 3.2 and
later: 38 columns), with cumulative checkpoints out of order, an empty-energy row, a country not
in data/grid_intensity.csv and a CPU-only run.
"""

from __future__ import annotations

import json

import pytest

from carbonlib.tools.cli import main
from carbonlib.tools.codecarbon import CodeCarbonError, read_codecarbon
from carbonlib.tools.estimate import estimate

V2_0 = ("timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,"
        "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,"
        "country_iso_code,region,cloud_provider,cloud_region,os,python_version,cpu_count,"
        "cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud")
V3_2 = ("timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,"
        "gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,"
        "country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,"
        "codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,"
        "ram_total_size,tracking_mode,cpu_utilization_percent,gpu_utilization_percent,"
        "ram_utilization_percent,ram_used_gb,on_cloud,pue,wue")


def _row(header: str, **cells) -> str:
    return ",".join(str(cells.get(c, "")) for c in header.split(","))


def _write(path, header, rows):
    path.write_text("\n".join([header] + [_row(header, **r) for r in rows]) + "\n")
    return path


@pytest.fixture
def v2_log(tmp_path):
    """Run A (FRA, 4 GPUs): checkpoints at 1 h / 2 kWh and 2 h / 4 kWh, the later one first.
    Run B (Morocco, not in the table): 0.5 h, 1 kWh, 0.6 kg, CPU only (no GPU fields).
    One appended row with an empty energy_consumed."""
    rows = [
        dict(project_name="lm", run_id="A", duration=7200, emissions=0.224,
             energy_consumed=4.0, country_iso_code="FRA", gpu_count=4, gpu_model="A100"),
        dict(project_name="lm", run_id="A", duration=3600, emissions=0.112,
             energy_consumed=2.0, country_iso_code="FRA", gpu_count=4, gpu_model="A100"),
        dict(project_name="cpu", run_id="B", duration=1800, emissions=0.6,
             energy_consumed=1.0, country_iso_code="MAR", cpu_count=12),
        dict(project_name="lm", run_id="C", duration=60, energy_consumed=""),
    ]
    return _write(tmp_path / "emissions.csv", V2_0, rows)


def test_v2_layout_counts_each_run_once_at_its_largest_duration(v2_log):
    log = read_codecarbon(v2_log)
    assert log.rows_read == 4 and len(log.runs) == 2
    assert list(log.skipped_lines) == [5]                       # the empty-energy row
    assert log.it_energy_kwh == pytest.approx(5.0)              # 4 (A, last) + 1 (B); not 7
    assert log.hours == pytest.approx(2.5)                      # 2 h + 0.5 h


def test_v2_layout_footprint_by_hand(v2_log):
    log = read_codecarbon(v2_log)
    e = estimate(codecarbon=log, pue=1.1, utilization=0.5, lifetime_years=4)
    # operational: A 4 kWh x 1.1 x 0.056 (FRA 2023) = 0.24640; B 1 kWh x 1.1 x (0.6 / 1.0) = 0.66
    assert e.value["operational_kg"] == pytest.approx(4 * 1.1 * 0.056 + 1 * 1.1 * 0.6)
    # embodied: A 4 GPUs x 2 h / 8 per server = 1 server-hour of 2000 kg;
    #           B CPU only: 0.5 h of one whole 1000 kg CPU server; busy 0.5 of 4 x 8760 h
    busy = 4 * 8760 * 0.5
    assert e.value["embodied_kg"] == pytest.approx((2000 * 1 + 1000 * 0.5) / busy)
    regions = {r["region"]: r for r in e.assumptions["intensity_kg_per_kwh"]["regions"]}
    assert regions["MAR"]["intensity_kg_per_kwh"] == pytest.approx(0.6)
    assert regions["MAR"]["from_file"] and regions["FRA"]["energy_share"] == pytest.approx(0.8)


def test_v2_text_says_rows_runs_skips_and_the_unknown_country(capsys, v2_log):
    assert main(["estimate", "--codecarbon", str(v2_log)]) == 0
    out = capsys.readouterr().out
    assert "4 rows, 2 runs" in out and "skipped 1 rows" in out and "(lines 5)" in out
    assert "MAR is not in data/grid_intensity.csv" in out and "0.6 kg CO2e/kWh" in out
    assert "wu2022-cpu-system" in out and "by whole server" in out


def test_project_filters_runs(v2_log):
    log = read_codecarbon(v2_log, project="cpu")
    assert len(log.runs) == 1 and log.it_energy_kwh == pytest.approx(1.0)
    assert read_codecarbon(v2_log).by_project().loc["lm", "runs"] == 1
    with pytest.raises(CodeCarbonError, match="no run with project_name.*'nope'.*cpu, lm"):
        read_codecarbon(v2_log, project="nope")


def test_v3_layout_with_pue_and_experiment_id(tmp_path, capsys):
    """3.2 layout: two checkpoints of run X (USA, PUE 1.2 in CodeCarbon), out of order."""
    rows = [
        dict(project_name="p", run_id="X", experiment_id="e1", duration=3600,
             energy_consumed=1.2, emissions=0.4, country_iso_code="USA", gpu_count=8,
             gpu_model="NVIDIA A100-SXM4-80GB", pue=1.2),
        dict(project_name="p", run_id="X", experiment_id="e1", duration=36000,
             energy_consumed=12.0, emissions=4.0, country_iso_code="USA", gpu_count=8,
             gpu_model="NVIDIA A100-SXM4-80GB", pue=1.2),
    ]
    path = _write(tmp_path / "emissions.csv", V3_2, rows)
    log = read_codecarbon(path, project="e1")
    assert len(log.runs) == 1 and log.it_energy_kwh == pytest.approx(10.0)  # 12 / 1.2
    assert main(["estimate", "--codecarbon", str(path), "--pue", "1.1", "--utilization", "0.5",
                 "--lifetime-years", "4", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["energy_kwh"] == pytest.approx(11.0)                  # 10 kWh x 1.1
    assert result["operational_kg"] == pytest.approx(11.0 * 0.369)      # USA 2023
    # 8 GPUs x 10 h / 8 per server = 10 server-hours of 2000 kg over 4 x 8760 x 0.5 h
    assert result["embodied_kg"] == pytest.approx(2000 * 10 / (4 * 8760 * 0.5))
    assert result["assumptions"]["energy"]["rows"] == 2
    assert result["assumptions"]["energy"]["runs"] == 1


def test_directory_and_unreadable_paths_are_one_line_errors(tmp_path, capsys):
    assert main(["estimate", "--codecarbon", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "is a directory" in err and err.count("\n") == 1
    binary = tmp_path / "emissions.csv"
    binary.write_bytes(b"\x00\xff\xfe" * 100)
    assert main(["estimate", "--codecarbon", str(binary)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_energy_only_gives_operational_and_says_embodied_is_not_computed(capsys):
    # BLOOM's dynamic energy, 433,196 kWh, at PUE 1 and 0.057 kg/kWh: 24,692.2 kg
    argv = ["estimate", "--energy-kwh", "433196", "--intensity", "0.057", "--pue", "1"]
    assert main([*argv, "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["operational_kg"] == pytest.approx(433196 * 0.057)
    assert result["embodied_kg"] is None and result["total_kg"] is None
    assert result["assumptions"]["embodied"]["needs"] == ["count", "hours"]
    assert main(argv) == 0
    assert "embodied carbon: not computed" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["--samples", "1e9"], "--samples 1e+09 is outside the allowed range [1, 1e+07]"),
    (["--seed", "-1"], "--seed -1 is outside the allowed range [0, "),
    (["--pue", "nan"], "--pue nan is outside the allowed range [1, inf)"),
])
def test_cli_limits_are_named(capsys, argv, message):
    assert main(["estimate", "--energy-kwh", "1", "--intensity", "0.5", *argv]) == 2
    assert message in capsys.readouterr().err


def test_library_errors_name_python_parameters():
    with pytest.raises(ValueError, match=r"seed=-1 is outside"):
        estimate(energy_kwh=1, intensity_kg_per_kwh=0.5, seed=-1)
    with pytest.raises(ValueError, match=r"`energy_kwh` and `codecarbon`") as err:
        estimate(energy_kwh=1, codecarbon=object(), intensity_kg_per_kwh=0.5)
    assert "--" not in str(err.value)


def test_planning_by_hand():
    # 6 x 7e9 x 1e12 = 4.2e22 FLOP at 312e12 FLOP/s x 0.4 MFU = 93,482.9 A100-hours;
    # x 400 W = 37,393.2 kWh, x PUE 1.1 = 41,132.5 kWh
    e = estimate(gpu="a100", params=7e9, tokens=1e12, mfu=0.4, intensity_kg_per_kwh=0.5,
                 utilization=0.5, lifetime_years=4)
    hours = 4.2e22 / (312e12 * 0.4) / 3600
    assert e.assumptions["energy"]["accelerator_hours"] == pytest.approx(hours)
    assert e.value["energy_kwh"] == pytest.approx(hours * 0.4 * 1.1)
    assert e.value["embodied_kg"] == pytest.approx(2000 * hours / 8 / (4 * 8760 * 0.5))
    ranged = estimate(gpu="a100", params=7e9, tokens=1e12, mfu=(0.3, 0.5),
                      intensity_kg_per_kwh=0.5, samples=2000)
    assert ranged.low["energy_kwh"] < ranged.value["energy_kwh"] < ranged.high["energy_kwh"]
    assert ranged.assumptions["energy"]["accelerator_hours_high"] == pytest.approx(
        4.2e22 / (312e12 * 0.3) / 3600)
