"""The study behind notebooks/your_fleet.ipynb, on the hand-written sacct excerpt and a tidy log.

Assumptions as in test_fleet_sacct: 0.5 kg/kWh, PUE 1.1, no CFE, 4-year life, servers busy
50% of it, 2000 kg server of 8 accelerators, idle power half of peak, 50% utilization for jobs
that record none. A server-hour carries 2000 / (4 x 8760) = 2000 / 35040 kg.
"""

from __future__ import annotations

import pandas as pd
import pytest

from carbonlib.machinery import paths
from carbonlib.tools import fleet
from carbonlib.tools import fleet_notebook as fn

EXCERPT = "data/samples/fleet_sacct_excerpt.txt"
PER_SERVER_HOUR = 2000 / 35040
HAND = dict(intensity_kg_per_kwh=0.5, pue=1.1, utilization=0.5, lifetime_years=4.0,
            idle_fraction=0.5, job_utilization=0.5, samples=1000)


@pytest.fixture(scope="module")
def excerpt():
    return fn.study(EXCERPT, **HAND)


def test_headline_counts_jobs_and_bad_rows(excerpt):
    # 5 jobs priced; lines 14 and 15 garbled, line 16 an unknown accelerator
    assert excerpt.headline() == (f"**{EXCERPT}**: 5 jobs used, 3 bad rows "
                                  "(listed at the end).")
    assert excerpt.headline()._repr_markdown_() == str(excerpt.headline())


def test_summary_by_hand(excerpt):
    s = excerpt.summary(decimals=6)
    # operational 5.5 + 1.5021875 + 4.07 kg (see test_fleet_sacct); 8.875 server-h allocated,
    # and as much idle at 50% occupancy; every input a point, so low = high = value
    operational, allocated = 11.0721875, 8.875 * PER_SERVER_HOUR
    expected = [operational, allocated, allocated, operational + 2 * allocated]
    assert s["value"].tolist() == pytest.approx(expected, abs=1e-6)
    assert s["low"].tolist() == pytest.approx(expected, abs=1e-6)
    assert s["high"].tolist() == pytest.approx(expected, abs=1e-6)
    assert list(s.index) == ["operational (jobs)", "embodied (allocated to jobs)",
                             "embodied (idle capacity)", "fleet total"]


def test_fleet_total_range_spans_its_parts():
    # PUE 1.1-1.4 and occupancy 0.3-0.6: the whole total's 5th-95th percentiles lie inside
    # the sums of the parts' extremes, and a wider PUE range widens it
    a = fleet.assumptions(intensity_kg_per_kwh=0.5, pue=(1.1, 1.4), utilization=(0.3, 0.6),
                          samples=4000, seed=1)
    t = pd.Series({"it_regional_kg": 0.0, "it_default_kwh": 100.0, "server_hours": 50.0})
    r = fleet.fleet_total(t, a)
    per_h = 2000 / (4 * 8760)
    assert 1.1 * 50 + 50 * per_h / 0.6 < r["total_kg_low"] < r["total_kg"]
    assert r["total_kg"] < r["total_kg_high"] < 1.4 * 50 + 50 * per_h / 0.3
    # the centre: 1.25 x 100 x 0.5 + 50 server-h at 0.45
    assert r["total_kg"] == pytest.approx(1.25 * 50 + 50 * per_h / 0.45)


def test_group_table_top_users_then_months(excerpt):
    g = excerpt.group_table(top_n=2, decimals=6)
    assert g.index.names == ["by", "name"]
    # ana 5.5 + 5 server-h; cho 4.07 + 3 server-h; ben 1.5021875 + 0.875 server-h: top 2
    assert list(g.loc["user"].index) == ["ana", "cho"]
    assert g.loc[("user", "ana"), "total_kg"] == pytest.approx(5.5 + 5 * PER_SERVER_HOUR,
                                                                abs=1e-6)
    assert list(g.loc["project"].index) == ["vision", "nlp"]
    assert g.loc["month", "jobs"].to_dict() == {"2026-03": 4, "2026-04": 1}
    assert list(g.columns) == list(fn.GROUP_COLUMNS)


def test_bad_rows_once_each(excerpt):
    bad = excerpt.bad_rows()
    assert bad["line"].tolist() == [14, 15, 16]
    assert bad["job_id"].tolist() == ["1007", "1008", "1009"]


def _tidy_log(tmp_path):
    path = tmp_path / "jobs.csv"
    pd.DataFrame({
        "job_id": ["1", "2"], "user": "ana", "project": "p",
        "start": ["2026-01-01T00:00:00"] * 2,
        "end": ["2026-01-01T10:00:00", "2026-01-01T01:00:00"],
        "accelerator": "v100", "gpus": [1, 1], "gpu_utilization": [0.4, 0.9],
        "energy_kwh": ["", ""], "region": ["", ""]}).to_csv(path, index=False)
    return path


def test_what_if_sentence_by_hand(tmp_path):
    # as test_fleet_figures: no idle power, so raising job 1 from 0.4 to 0.8 saves only its
    # embodied carbon: 10 -> 5 accelerator-h at 2000 / 8 / 35040 kg each = 0.0357 kg of
    # 1.3 + 0.2925 kWh x 1 kg/kWh + 11 accelerator-h embodied
    s = fn.study(_tidy_log(tmp_path), intensity_kg_per_kwh=1.0, pue=1.0, lifetime_years=4.0,
                 utilization=0.5, idle_fraction=0.0, samples=1000)
    per_accel_hour = 2000 / 8 / 35040
    now = 1.3 + 0.2925 + 11 * per_accel_hour
    saving = 5 * per_accel_hour
    assert s.what_if(0.8) == (f"1 of 2 jobs below 80%: {now:.1f} kg CO2e now, "
                              f"{now - saving:.1f} kg at the target, a saving of "
                              f"{saving:.1f} kg ({saving / now:.0%}).")


def test_figure_is_saved_to_the_output_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.PUBLISH_ENV, "1")
    monkeypatch.setenv(paths.OUTPUT_DIR_ENV, str(tmp_path))
    s = fn.study(_tidy_log(tmp_path), intensity_kg_per_kwh=1.0, samples=1000)
    per_work = s.figure(bin_pct=50, decimals=3)
    figures = paths.output_dirs()[0]
    assert (figures / "your_fleet.png").stat().st_size > 0
    assert (figures / "your_fleet.svg").stat().st_size > 0
    # one job per 50%-bin: 0.4 and 0.9
    assert per_work["gpu_utilization_pct"].tolist() == [0.0, 50.0]
    assert per_work["jobs"].tolist() == [1, 1]


def test_relative_paths_read_from_the_repository_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(fn.study(EXCERPT, **HAND).per_job) == 5
    with pytest.raises(ValueError, match="no-such-log.csv"):
        fn.study("no-such-log.csv", **HAND)
