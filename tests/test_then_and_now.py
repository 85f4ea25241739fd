"""Then and now: today's data, the models by hand, the verdict rule, and verdicts that move the
right way when one input is swapped."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
import yaml

from carbonlib import data
from carbonlib.machinery import paths, pipeline
from carbonlib.methodology.uncertainty import Triangular, Uniform
from carbonlib.paper import then_and_now as tan
from carbonlib.paper.then_and_now import inputs, models

FAST = {"n": 2000, "sobol_n": 2**6, "seed": 0}
TODAY = ("today_hardware", "today_fleet", "today_grid")


def _rank(verdict: str) -> int:
    return tan.VERDICTS.index(verdict)


def _row(a, key):
    return a.table.set_index("conclusion").loc[key]


# --- data ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", TODAY)
def test_today_tables_carry_provenance(name):
    df = data.load(name)
    assert {"source", "locator", "kind", "reading_error"} <= set(df.columns)
    assert df["source"].isin(data.reference_keys()).all()


@pytest.mark.parametrize("name, column, bad, check", [
    ("today_hardware", "kind", "guessed", "isin"),
    ("today_fleet", "value", "0.9", "pue_at_least_1"),
    ("today_grid", "bound", "middle", "isin"),
])
def test_today_schema_rejects_bad_rows(tmp_path, name, column, bad, check):
    for f in (f"{name}.csv", "references.bib"):
        shutil.copy(paths.DATA_DIR / f, tmp_path / f)
    frame = pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False)
    frame.loc[0, column] = bad  # row 0 of today_fleet is a PUE row
    frame.to_csv(tmp_path / f"{name}.csv", index=False)
    data.write_checksums(tmp_path)
    with pytest.raises(data.DataError, match=check):
        data.load(name, data_dir=tmp_path)


def test_today_embodied_range_keeps_every_source():
    # server rows: 2200 (CCF), 7012 and 10300 (central), 7673 and 16800 (Boavizta range)
    spec = inputs.today_server_embodied()
    assert spec == Triangular(2200.0, (7012 + 10300) / 2, 16800.0)


def test_today_pue_excludes_the_industry_average():
    # hyperscale fleet and region rows: 1.09, 1.09, 1.14, 1.16, 1.20, 1.1; Uptime's 1.56 is not one
    assert inputs.hyperscale_pue_range() == Uniform(1.09, 1.20)


# --- arithmetic by hand ---------------------------------------------------------------------

def test_half_year_rates_by_hand():
    # 17% a year: sqrt(1.17) - 1 = 0.08167; 6x over 5 y: 1 - 6 ** -0.1 = 0.16404
    assert float(inputs.half_year_rate(0.17, 1, kind="growth")) == pytest.approx(0.081665, abs=1e-6)
    assert float(inputs.half_year_rate(6, 5, kind="gain")) == pytest.approx(0.164041, abs=1e-6)
    with pytest.raises(ValueError, match="kind='rate'"):
        inputs.half_year_rate(0.1, 1, kind="rate")
    with pytest.raises(ValueError, match="period_years"):
        inputs.half_year_rate(0.1, 0, kind="growth")


def test_efficiency_reductions_from_datasheets():
    r = inputs.efficiency_reductions()
    # V100 125 TF / 300 W -> H100 989.4 TF / 700 W over 2017-2022: gain 3.3920, 10 half-years
    gain = (989.4 / 700) / (125 / 300)
    assert r["V100 to H100 FP16 per watt"] == pytest.approx(1 - gain ** -0.1)
    # H100 -> B200 2250 TF / 1000 W over 2022-2024: 4 half-years
    assert r["H100 to B200 FP16 per watt"] == pytest.approx(1 - ((2250 / 1000) / (989.4 / 700))
                                                            ** -0.25)


def test_embodied_share_of_the_paper_server_by_hand():
    # 2500 W x 1.1 x 0.429 = 1.17975 kg/h; 2000 / (4 x 8760 x 0.45) = 0.126839 kg/h;
    # with 84.25% offset: rest 1.17975 x 0.1575 = 0.185811; share 0.126839 / 0.312650 = 0.40569
    out = models.embodied_share(server_power_w=2500, pue=1.1, intensity_kg_per_kwh=0.429,
                                server_embodied_kg=2000, lifetime_years=4, occupancy=0.45,
                                cfe_share=0.8425)
    assert float(out["metric"]) == pytest.approx(0.40569, rel=1e-4)


def test_utilization_reduction_by_hand():
    # operational 1 kg/h and embodied 0.5 kg/h at full load, idle 0.25:
    # at 20%: (0.25 / 0.2 + 0.75) + 0.5 / 0.2 = 4.5;
    # at 80%: (0.25 / 0.8 + 0.75) + 0.5 / 0.8 = 1.6875
    out = models.utilization_reduction(server_power_w=1000, pue=1.0, intensity_kg_per_kwh=1.0,
                                       server_embodied_kg=4380, lifetime_years=1, occupancy=1,
                                       idle_fraction=0.25)
    assert float(out["metric"]) == pytest.approx(4.5 / 1.6875)


def test_federated_gap_of_the_paper_inputs_matches_its_bars():
    # 8 P100 x 84 h x 296 W = 198.912 kWh x 1.11 x 0.478 = 105.54 kg (Fig 11 P100-Base: 105.1);
    # FL mean (292 + 75) / 2 = 183.5; |log10(183.5 / 105.54)| = 0.2402
    p = tan.input_sets()["federated"]["paper"]
    out = models.federated_gap(**p)
    assert float(out["datacenter_kg"]) == pytest.approx(198.912 * 1.11 * 0.478)
    assert float(out["metric"]) == pytest.approx(abs(np.log10(183.5 / (198.912 * 1.11 * 0.478))))


def test_net_growth_of_the_paper_is_fig8_arithmetic():
    # Fig 8: baseline over the previous optimized level 1.118/0.827, 1.167/0.872, 1.262/0.900
    g = tan.input_sets()["growth"]["paper"]["demand_growth"]
    assert g == Uniform(1.167 / 0.872 - 1, 1.262 / 0.900 - 1)


# --- the verdict rule -----------------------------------------------------------------------

@pytest.mark.parametrize("key, paper, today, expected", [
    ("federated", 0.24, 0.30, "holds"),               # moved 0.06 against, band 0.15
    ("federated", 0.24, 0.50, "weakens"),             # moved 0.26 against, still <= 1
    ("federated", 0.60, 0.30, "holds more strongly"),
    ("federated", 0.24, 1.30, "reverses"),            # beyond one order of magnitude
    ("growth", 0.09, 0.16, "holds more strongly"),
    ("growth", 0.09, -0.01, "reverses"),
])
def test_verdict_rule(key, paper, today, expected):
    c = next(c for c in tan.CONCLUSIONS if c.key == key)
    assert tan.verdict(c, paper, today) == expected


# --- swapping one input moves the affected verdict the right way ------------------------------

@pytest.fixture(scope="module")
def base():
    return tan.analyse(**FAST)


def test_swapping_the_server_embodied_moves_the_fig05_verdict(base):
    # the paper's 2000 kg proxy instead of today's 2.2-16.8 t: embodied share falls
    low = tan.analyse(**FAST, today_overrides={"server_embodied_kg": 2000.0})
    high = tan.analyse(**FAST, today_overrides={"server_embodied_kg": 30000.0})
    b, lo, hi = (_row(x, "embodied_share") for x in (base, low, high))
    assert lo["today_median"] < b["today_median"] < hi["today_median"]
    assert _rank(lo["verdict"]) < _rank(b["verdict"]) <= _rank(hi["verdict"])
    # the growth conclusion does not use the embodied carbon
    assert _row(low, "growth")["verdict"] == _row(base, "growth")["verdict"]


def test_no_efficiency_gain_restores_the_fl_comparison(base):
    same = tan.analyse(**FAST, today_overrides={"energy_efficiency_gain": 1.0})
    assert _rank(_row(same, "federated")["verdict"]) > _rank(_row(base, "federated")["verdict"])


def test_analysis_is_deterministic(base):
    again = tan.analyse(**FAST)
    pd.testing.assert_frame_equal(base.table, again.table)


def test_unknown_override_is_named():
    with pytest.raises(ValueError, match="'gpu_count'.*allowed: .*server_embodied_kg"):
        tan.input_sets({"gpu_count": 8.0})
    with pytest.raises(ValueError, match="server_embodied_kg"):
        tan.input_sets({"server_embodied_kg": -1.0})


def test_one_figure_per_conclusion(base):
    for c in tan.CONCLUSIONS:
        fig = tan.draw(base, c.key)
        assert len(fig.axes) == 2
    with pytest.raises(ValueError, match="key='fig05'"):
        tan.draw(base, "fig05")


def test_report_section_is_html_with_every_conclusion(base):
    html = tan.report_section(base)
    assert html.startswith('<section id="then-and-now">') and html.endswith("</section>")
    for c in tan.CONCLUSIONS:
        assert f"then_and_now_{c.key}.png" in html


# --- the notebook's calls ------------------------------------------------------------------------

def test_notebook_parameters_override_today_unless_nan(base):
    nan = float("nan")
    unset = tan.analyse(**FAST, today_server_embodied_kg=nan, today_pue=nan,
                        today_idle_fraction=None)
    pd.testing.assert_frame_equal(unset.table, base.table)       # NaN / None: today's ranges
    given = tan.analyse(**FAST, today_server_embodied_kg=2000.0, today_pue=1.5,
                        today_idle_fraction=0.25)
    same = tan.analyse(**FAST, today_overrides={"server_embodied_kg": 2000.0, "pue": 1.5,
                                                "idle_fraction": 0.25})
    pd.testing.assert_frame_equal(given.table, same.table)
    today = given.inputs["utilization"]["today"]
    assert (today["server_embodied_kg"], today["pue"], today["idle_fraction"]) == (2000.0, 1.5,
                                                                                   0.25)
    assert given.inputs["federated"]["today"]["pue"] == 1.5       # wherever today's PUE is used


def test_an_input_given_twice_is_named():
    with pytest.raises(ValueError, match="today_pue=1.2 repeats today_overrides"):
        tan.analyse(**FAST, today_pue=1.2, today_overrides={"pue": 1.3})


def test_conclusions_frame_has_one_row_per_conclusion():
    frame = tan.conclusions_frame()
    assert frame["figures"].tolist() == [c.figures for c in tan.CONCLUSIONS]
    # federated: smaller supports it (direction -1); the others larger
    assert frame["larger supports it"].tolist() == [True, True, True, False]
    assert frame["threshold"].tolist() == [1 / 3, 2.0, 0.0, 1.0]
    assert list(frame.columns) == ["figures", "metric", "threshold", "larger supports it",
                                   "band", "why"]


@pytest.fixture
def run_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.PUBLISH_ENV, "1")
    monkeypatch.setenv(paths.OUTPUT_DIR_ENV, str(tmp_path))
    return tmp_path


def test_publish_writes_each_named_figure_in_order(base, run_dir):
    written = tan.figures.publish(base, "embodied_share", "utilization")
    assert [p.name for p in written] == [
        "then_and_now_embodied_share.png", "then_and_now_embodied_share.svg",
        "then_and_now_utilization.png", "then_and_now_utilization.svg"]
    assert all(p.parent == run_dir / "figures" for p in written)
    with pytest.raises(ValueError, match=r"keys=\['fig09'\].*allowed: embodied_share"):
        tan.figures.publish(base, "growth", "fig09")
    assert not (run_dir / "figures" / "then_and_now_growth.png").exists()  # checked first


def test_publish_overview_saves_the_overview_and_returns_the_verdicts(base, run_dir):
    shown = tan.figures.publish_overview(base)
    assert shown["verdict"].tolist() == base.table["verdict"].tolist()
    assert (run_dir / "figures" / "then_and_now.png").exists()
    table = pd.read_csv(run_dir / "claims" / "then_and_now.conclusions.csv")
    assert table["conclusion"].tolist() == [c.key for c in tan.CONCLUSIONS]


# --- the parameter file and the README ----------------------------------------------------------

def test_today_yaml_values_come_from_the_data():
    params = yaml.safe_load((paths.ROOT / "params" / "today.yaml").read_text())
    fleet = data.load("today_fleet")
    cfe = fleet[fleet["quantity"] == "hourly_cfe_share"]["value"]
    grid = data.load("today_grid")
    usa = grid[grid["region_code"] == "USA"]["intensity_kg_per_kwh"]
    idle = data.load("today_hardware").query("quantity == 'idle_fraction'")["value"]
    assert params["pue"] == inputs.point_values(inputs.hyperscale_pue_range())
    assert params["system_embodied_kg"] == inputs.point_values(inputs.today_server_embodied())
    assert params["cfe_share"] == pytest.approx((cfe.min() + cfe.max()) / 2)
    assert params["grid_intensity_kg_per_kwh"] == pytest.approx((usa.min() + usa.max()) / 2)
    assert params["idle_fraction"] == pytest.approx((idle.min() + idle.max()) / 2)
    assert params["grid_year"] in set(data.load("grid_intensity").query(
        "region_code == 'USA'")["year"])


def test_today_yaml_names_are_declared_by_notebooks():
    params = yaml.safe_load((paths.ROOT / "params" / "today.yaml").read_text())
    from carbonlib.machinery import notebooks

    plan = pipeline.validate_parameters(notebooks.registered(), params)
    assert all(any(name in p for p in plan.values()) for name in params)  # each applied somewhere


def test_readme_table_matches_the_computed_verdicts():
    readme = (paths.ROOT / "README.md").read_text()
    a = tan.analyse()
    assert tan.section.readme_mismatches(a, readme) == []
    assert tan.section.check_readme(a, strict=True) == (
        "the README's table agrees with the computed verdicts")


def test_reading_verdicts_does_not_import_the_plotting_stack():
    """The report and README table read verdicts only; drawing is imported on first use."""
    import subprocess
    import sys

    code = ("import sys; from carbonlib.paper import then_and_now as tan; "
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported'; "
            "tan.draw_all; assert 'matplotlib' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
