"""The your_footprint notebook's steps: the job from parameters or a CodeCarbon file, the figure."""

from __future__ import annotations

import pytest
from IPython.display import Markdown

from carbonlib.machinery import paths, plotting
from carbonlib.tools import your_footprint as yf
from carbonlib.tools.estimate import estimate
from carbonlib.tools.footprint_figure import draw_breakdown
from carbonlib.tools.statement import format_markdown

PARAMS = {"gpu": "a100", "count": 8.0, "hours": 24.0, "region": "USA"}
RANGES = {"utilization": (0.3, 0.6), "lifetime_years": (3.0, 5.0), "seed": 0}


def _emissions(tmp_path, text: str):
    path = tmp_path / "emissions.csv"
    path.write_text(text)
    return path


def test_without_a_file_the_job_is_the_parameters():
    job, result = yf.estimate_job(**PARAMS, pue=1.2, cfe_share=0.1, **RANGES)
    assert job == {**PARAMS, "pue": 1.2, "cfe_share": 0.1}
    same = estimate(**job, **RANGES)
    assert result.value == same.value and result.low == same.low and result.high == same.high


def test_a_file_with_counts_and_locations_ignores_count_and_region(tmp_path):
    # 2 runs in Germany, 4 GPUs each: 1.0 + 2.0 kWh at the machines, 1 h + 2 h
    path = _emissions(tmp_path, "duration,energy_consumed,country_iso_code,gpu_count\n"
                                "3600,1.0,DEU,4\n7200,2.0,DEU,4\n")
    job, result = yf.estimate_job(**PARAMS, codecarbon_csv=str(path), **RANGES)
    assert job["count"] is None and job["region"] is None and "gpu" not in job
    assert job["codecarbon"].it_energy_kwh == pytest.approx(3.0)
    assert result.value["energy_kwh"] == pytest.approx(3.0 * 1.1)   # x the default PUE
    assert result.assumptions["intensity_kg_per_kwh"]["region"] == "DEU"   # not USA
    # the file's 4 GPUs, not count=8: 4 x (1 h + 2 h) / 8 GPUs per server = 1.5 server-hours
    assert result.assumptions["embodied"]["server_hours"] == pytest.approx(1.5)


def test_count_and_region_fill_what_the_file_does_not_record(tmp_path):
    path = _emissions(tmp_path, "duration,energy_consumed\n3600,1.0\n")
    job, result = yf.estimate_job(**PARAMS, codecarbon_csv=path, **RANGES)
    assert job["count"] == 8.0 and job["region"] == "USA"
    # 8 GPUs x 1 h of the file's run / 8 per server = 1 server-hour
    assert result.assumptions["embodied"]["server_hours"] == pytest.approx(1.0)


def test_a_relative_file_is_read_from_the_repository_root(tmp_path, monkeypatch):
    _emissions(tmp_path, "duration,energy_consumed,country_iso_code,gpu_count\n3600,1.0,FRA,2\n")
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.chdir(tmp_path.parent)          # not the working directory
    job = yf.job_from_parameters(**PARAMS, codecarbon_csv="emissions.csv")
    assert job["codecarbon"].path == str(tmp_path / "emissions.csv")


def test_a_missing_file_is_an_error_that_names_it(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    with pytest.raises(ValueError, match="nowhere.csv"):
        yf.job_from_parameters(**PARAMS, codecarbon_csv="nowhere.csv")


def test_publish_writes_the_breakdown_byte_identically(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.PUBLISH_ENV, "1")
    monkeypatch.setenv(paths.OUTPUT_DIR_ENV, str(tmp_path / "run"))
    _, result = yf.estimate_job(**PARAMS, **RANGES)
    written = yf.publish(result, show=False)
    assert [p.name for p in written] == ["your_footprint.png", "your_footprint.svg"]
    assert all(p.parent == tmp_path / "run" / "figures" for p in written)
    fig = draw_breakdown(result)
    direct = plotting.save(fig, "direct", directory=tmp_path)
    plotting.close(fig)
    assert [p.read_bytes() for p in written] == [p.read_bytes() for p in direct]


def test_statement_is_the_markdown_of_the_estimate():
    _, result = yf.estimate_job(**PARAMS, **RANGES)
    shown = yf.statement(result)
    assert isinstance(shown, Markdown) and shown.data == format_markdown(result)
