"""``carbonlib estimate`` end to end: CodeCarbon input, formats, determinism and every error path.

Expected numbers are worked out by hand from the inputs the tests write (arithmetic in comments);
table values (grid intensity, server embodied carbon) are read from the bundled tables, not typed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from carbonlib import data
from carbonlib.machinery import paths
from carbonlib.methodology.operational import HOURS_PER_YEAR
from carbonlib.tools.cli import main

HEADER = ("timestamp,project_name,run_id,duration,emissions,energy_consumed,country_name,"
          "country_iso_code,region,cloud_provider,cloud_region,gpu_count,pue")


def _fra_intensity() -> float:
    grid = data.load("grid_intensity")
    fra = grid[grid["region_code"] == "FRA"].sort_values("year")
    return float(fra["intensity_kg_per_kwh"].iloc[-1])  # the latest year is the default


def _paper_server() -> tuple[float, float]:
    hw = data.load("hardware")
    rows = hw[hw["hardware"] == "wu2022-gpu-system"].set_index("quantity")["value"]
    return float(rows["embodied_kg"]), float(rows["accelerators_per_server"])


@pytest.fixture
def emissions_csv(tmp_path):
    """Two CodeCarbon runs in France on 4 GPUs: 2 h with 3.3 kWh at CodeCarbon's PUE 1.1, then
    1 h with 1.0 kWh at PUE 1.0."""
    path = tmp_path / "emissions.csv"
    path.write_text(
        HEADER + "\n"
        "2024-05-01T10:00:00,demo,r1,7200,0.18,3.3,France,FRA,,,,4,1.1\n"
        "2024-05-02T10:00:00,demo,r2,3600,0.06,1.0,France,FRA,,,,4,1.0\n")
    return path


def _run(capsys, *argv):
    code = main(["estimate", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_codecarbon_end_to_end_by_hand(capsys, emissions_csv):
    code, out, err = _run(capsys, "--codecarbon", emissions_csv, "--pue", 1.2,
                          "--utilization", 0.5, "--lifetime-years", 4, "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    intensity = _fra_intensity()
    server_kg, per_server = _paper_server()
    # energy at the machines: 3.3 / 1.1 + 1.0 / 1.0 = 4.0 kWh; facility: 4.0 x 1.2 = 4.8 kWh
    assert result["energy_kwh"] == pytest.approx(4.8)
    # operational: 4.8 kWh x France's intensity
    assert result["operational_kg"] == pytest.approx(4.8 * intensity)
    # accelerator-hours 4 x 2 + 4 x 1 = 12; server-hours 12 / 8 = 1.5;
    # embodied 2000 x 1.5 / (4 x 8760 x 0.5) = 0.171233 kg
    embodied = server_kg * (12 / per_server) / (4 * HOURS_PER_YEAR * 0.5)
    assert per_server == 8 and server_kg == 2000
    assert result["embodied_kg"] == pytest.approx(0.1712328767)
    assert result["embodied_kg"] == pytest.approx(embodied)
    total = 4.8 * intensity + embodied
    assert result["total_kg"] == pytest.approx(total)
    assert result["embodied_share"] == pytest.approx(embodied / total)
    # every input given as one value: the bounds collapse onto the value
    for key in ("energy_kwh", "operational_kg", "embodied_kg", "total_kg", "embodied_share"):
        assert result[f"{key}_low"] == pytest.approx(result[key])
        assert result[f"{key}_high"] == pytest.approx(result[key])
    energy = result["assumptions"]["energy"]
    assert energy["method"] == "codecarbon" and energy["runs"] == 2
    assert energy["it_energy_kwh"] == pytest.approx(4.0)
    assert energy["codecarbon_emissions_kg"] == pytest.approx(0.24)  # 0.18 + 0.06
    assert result["assumptions"]["intensity_kg_per_kwh"]["region"] == "FRA"


def test_json_has_every_output_its_bounds_and_every_assumption(capsys, emissions_csv):
    code, out, _ = _run(capsys, "--codecarbon", emissions_csv, "--format", "json")
    assert code == 0
    result = json.loads(out)
    for key in ("energy_kwh", "operational_kg", "embodied_kg", "total_kg", "embodied_share"):
        assert {key, f"{key}_low", f"{key}_high"} <= set(result)
        assert result[f"{key}_low"] <= result[key] <= result[f"{key}_high"]
    assumptions = result["assumptions"]
    assert {"pue", "intensity_kg_per_kwh", "utilization", "lifetime_years", "cfe_share",
            "energy", "embodied", "uncertainty"} <= set(assumptions)
    for name in ("pue", "utilization", "lifetime_years", "cfe_share", "intensity_kg_per_kwh"):
        assert {"value", "low", "high", "source", "locator"} <= set(assumptions[name]), name
    # the paper's defaults, and where they come from
    assert (assumptions["utilization"]["low"], assumptions["utilization"]["high"]) == (0.3, 0.6)
    assert (assumptions["lifetime_years"]["low"],
            assumptions["lifetime_years"]["high"]) == (3, 5)
    assert assumptions["pue"]["value"] == 1.1 and assumptions["pue"]["source"] == "wu2022"
    assert assumptions["uncertainty"]["varied"] == ["utilization", "lifetime_years"]
    assert {s["source"] for s in result["sources"]} >= {"wu2022", "codecarbon"}


def test_bounds_from_one_range_match_the_percentiles_by_hand(capsys):
    # Only the lifetime varies, uniformly on [3, 5]; embodied = K / L is decreasing in L, so its
    # 5th percentile sits at L's 95th percentile, 3 + 0.95 x 2 = 4.9, and its 95th at 3.1.
    # K = 2000 kg x (8 GPUs x 10 h / 8 per server) / (8760 x 0.5) = 4.5662 kg-years
    code, out, _ = _run(capsys, "--energy-kwh", 100, "--count", 8, "--hours", 10,
                        "--intensity", 0.5, "--utilization", 0.5, "--format", "json")
    assert code == 0
    result = json.loads(out)
    k = 2000 * 10 / (HOURS_PER_YEAR * 0.5)
    assert result["embodied_kg"] == pytest.approx(k / 4)  # the centre of the range
    assert result["embodied_kg_low"] == pytest.approx(k / 4.9, rel=5e-3)
    assert result["embodied_kg_high"] == pytest.approx(k / 3.1, rel=5e-3)
    # operational does not depend on the lifetime: 100 kWh x 1.1 x 0.5 = 55 kg, no spread
    assert result["operational_kg_low"] == pytest.approx(55.0)
    assert result["operational_kg_high"] == pytest.approx(55.0)


def test_same_inputs_same_output_and_the_seed_is_used(capsys, emissions_csv):
    runs = [_run(capsys, "--codecarbon", emissions_csv, "--format", "json")[1] for _ in range(2)]
    assert runs[0] == runs[1]
    other = _run(capsys, "--codecarbon", emissions_csv, "--format", "json", "--seed", 7)[1]
    assert json.loads(other)["embodied_kg_low"] != json.loads(runs[0])["embodied_kg_low"]
    assert json.loads(other)["embodied_kg"] == json.loads(runs[0])["embodied_kg"]


def test_markdown_is_a_statement_and_a_model_card_table(capsys, emissions_csv):
    code, out, _ = _run(capsys, "--codecarbon", emissions_csv, "--format", "markdown")
    assert code == 0
    statement, table = out.split("\n\n", 1)
    assert statement.startswith("**Carbon impact statement.**")
    assert "embodied carbon" in statement and "Wu et al. (2022)" in statement
    assert "percentiles" in statement  # the ranges are explained
    for row in ("Hardware", "Machines", "Runtime", "Energy", "Operational carbon",
                "Embodied carbon", "Total carbon", "Assumptions", "Sources"):
        assert f"| {row}" in table, row
    assert "wu2022" in table and "France (FRA" in table


def test_text_output_lists_values_and_assumptions(capsys):
    code, out, _ = _run(capsys, "--gpu", "V100", "--count", 8, "--hours", 24, "--region", "usa")
    assert code == 0
    assert "embodied share" in out and "Assumptions:" in out and "Sources:" in out
    assert "United States (USA" in out


def test_help_shows_the_paper_defaults(capsys):
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    for shown in ("0.3:0.6", "3:5", "default: 1.1", "wu2022-gpu-system", "no default location"):
        assert shown in " ".join(out.split()), shown


def test_list_prints_a_reference_table(capsys):
    code, out, _ = _run(capsys, "--list", "regions")
    assert code == 0 and "FRA" in out and "google-iowa" in out


@pytest.mark.parametrize("argv, message", [
    (["--gpu", "a1000", "--count", 8, "--hours", 2, "--region", "USA"],
     "--gpu 'a1000' is not known; did you mean a100"),
    (["--gpu", "a100", "--count", 8, "--hours", 2], "no location"),
    (["--gpu", "a100", "--count", 8, "--hours", 2], "Give --region (a country"),
    (["--gpu", "a100", "--count", 8, "--hours", -2, "--region", "USA"],
     "--hours -2 is outside the allowed range [0, inf)"),
    (["--gpu", "a100", "--count", 8, "--hours", 2, "--region", "Frnce"],
     "--region 'Frnce' is not known; did you mean France"),
    (["--gpu", "a100", "--count", 8, "--hours", 2, "--region", "USA", "--pue", 0.9],
     "--pue 0.9 is outside the allowed range [1, inf)"),
    (["--gpu", "a100", "--count", 8, "--hours", 2, "--region", "USA", "--utilization", 0],
     "--utilization 0 is outside the allowed range (0, 1]"),
    (["--gpu", "a100", "--count", 8, "--hours", 2, "--region", "USA", "--server", "dgx"],
     "--server 'dgx' is not known"),
    (["--region", "USA"], "no energy given"),
    (["--gpu", "a100", "--count", 8, "--hours", 2, "--region", "USA", "--intensity", 0.3],
     "not both"),
])
def test_error_paths_name_the_problem_and_exit_non_zero(capsys, argv, message):
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err


def test_malformed_codecarbon_row_is_skipped_and_strict_refuses_it(capsys, tmp_path):
    path = tmp_path / "emissions.csv"
    path.write_text(HEADER + "\n"
                    "2024-05-01T10:00:00,demo,r1,7200,0.18,3.3,France,FRA,,,,4,1.1\n"
                    "2024-05-02T10:00:00,demo,r2,3600,0.06,lots,France,FRA,,,,4,1.0\n")
    code, out, err = _run(capsys, "--codecarbon", path)
    assert code == 0 and "skipped 1 rows with an empty or non-numeric" in out
    assert "(lines 3)" in out and "2 rows, 1 runs" in out
    result = json.loads(_run(capsys, "--codecarbon", path, "--format", "json")[1])
    assert result["assumptions"]["energy"]["skipped_lines_first"] == [3]
    assert "skipped 1 rows" in _run(capsys, "--codecarbon", path, "--format", "markdown")[1]
    code, out, err = _run(capsys, "--codecarbon", path, "--strict")
    assert code == 2 and out == "" and "lines 3" in err and "without --strict" in err


def test_codecarbon_row_without_location_or_emissions_is_an_error(capsys, tmp_path):
    path = tmp_path / "emissions.csv"
    path.write_text(HEADER + "\n2024-05-01T10:00:00,demo,r1,7200,,3.3,,,,,,4,1.1\n")
    code, _, err = _run(capsys, "--codecarbon", path)
    assert code == 2 and "line 2 ran with no country_iso_code or region" in err
    assert _run(capsys, "--codecarbon", path, "--region", "FRA")[0] == 0  # the fix it suggests


def test_codecarbon_gpu_model_without_gpu_count_asks_for_count(capsys, tmp_path):
    path = tmp_path / "emissions.csv"
    path.write_text("duration,energy_consumed,country_iso_code,gpu_count,gpu_model\n"
                    "3600,1.0,DEU,,A100\n")
    code, _, err = _run(capsys, "--codecarbon", path)
    assert code == 2 and "give --count" in err
    assert _run(capsys, "--codecarbon", path, "--count", 2)[0] == 0


def test_python_dash_m_runs_the_command(tmp_path, emissions_csv):
    res = subprocess.run([sys.executable, "-m", "carbonlib", "estimate", "--codecarbon",
                          str(emissions_csv), "--format", "json", "--samples", "1000"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["energy_kwh"] == pytest.approx(4.4)  # 4.0 kWh x PUE 1.1
    bad = subprocess.run([sys.executable, "-m", "carbonlib", "estimate", "--gpu", "a100",
                          "--count", "1", "--hours", "1"], capture_output=True, text=True,
                         cwd=tmp_path)
    assert bad.returncode == 2 and "no location" in bad.stderr


def test_console_script_is_installed():
    script = shutil.which("carbonlib", path=str(paths.ROOT / ".venv" / "bin"))
    if script is None:
        pytest.skip("console script not installed (run `uv pip install -e .`)")
    res = subprocess.run([script, "estimate", "--help"], capture_output=True, text=True)
    assert res.returncode == 0 and "--codecarbon" in res.stdout


def test_breakdown_figure_is_deterministic(tmp_path):
    from carbonlib.machinery import plotting
    from carbonlib.tools.estimate import estimate
    from carbonlib.tools.footprint_figure import draw_breakdown

    plotting.set_theme()
    e = estimate(energy_kwh=100, count=8, hours=10, intensity_kg_per_kwh=0.5)
    a = plotting.save(draw_breakdown(e), "f", directory=tmp_path / "a")
    b = plotting.save(draw_breakdown(e), "f", directory=tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_what_if_redraws_with_the_slider_values():
    import matplotlib.pyplot as plt

    from carbonlib.tools.estimate import estimate
    from carbonlib.tools.footprint_figure import WHAT_IF_LABELS, what_if

    job = dict(energy_kwh=100, count=8, hours=10, region="FRA")
    e = estimate(**job)
    titles = []

    def show(fig):
        titles.append(fig.axes[0].get_title(loc="left"))
        plt.close(fig)

    box = what_if(job, e, show)
    sliders = {s.description: s for s in box.children[:-1]}
    assert set(sliders) == set(WHAT_IF_LABELS.values())
    # a drag redraws once, on release, not once per step of the drag
    assert not any(s.continuous_update for s in sliders.values())
    assert sliders[WHAT_IF_LABELS["intensity_kg_per_kwh"]].value == pytest.approx(
        e.value["operational_kg"] / e.value["energy_kwh"])  # the region's intensity
    assert len(titles) == 1  # the default view is drawn once
    # all energy matched: operational 0, embodied share 100%
    sliders[WHAT_IF_LABELS["cfe_share"]].value = 1.0
    assert titles[-1] == "What if: 100% embodied"
