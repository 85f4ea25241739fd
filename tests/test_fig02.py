"""Figure 2: data-level checks on the growth frame, the BLEU ratio and the claims."""

from __future__ import annotations

import math

import pytest

from carbonlib.machinery import plotting
from carbonlib.paper import claims
from carbonlib.paper.figures import fig02


@pytest.fixture(scope="module")
def df():
    return fig02.frame()


def test_growth_points_and_their_times(df):
    d = df[(df["panel"] == "d") & (df["quantity"] == "multiple")]
    train = d[d["series"] == "training capacity"].sort_values("time_years")
    assert train["multiple"].tolist() == [1.00, 1.55, 2.00, 2.07, 2.24, 2.86]  # digitized
    # six quarters spread over the stated 1.5 years: 0, 0.3, ..., 1.5
    assert train["time_years"].tolist() == pytest.approx([0, 0.3, 0.6, 0.9, 1.2, 1.5])
    c = df[(df["panel"] == "c") & (df["quantity"] == "multiple")].sort_values("time_years")
    assert c["time_years"].tolist() == pytest.approx([0, 1.22, 2.0])  # 0.61 x 2 years
    assert c["kind"].tolist() == ["digitized", "digitized", "label"]


def test_capacity_period_parameter(df):
    alt = fig02.frame(capacity_period_years=1.25)
    t = alt[(alt["panel"] == "d") & (alt["quantity"] == "multiple")]["time_years"]
    assert t.max() == pytest.approx(1.25)
    with pytest.raises(ValueError, match="capacity_period_years=0"):
        fig02.frame(capacity_period_years=0)


def test_rates_by_hand(df):
    r = fig02.rates(df).set_index("series")
    # RM2 data 2.4x in 2 years: sqrt(2.4) = 1.5492 -> +54.9%/year
    assert r.loc["RM2 data", "annual_growth_pct"] == pytest.approx(54.919, abs=1e-3)
    # model size 20x in 2 years: 2 ln2 / ln20 = 0.46276 years
    assert r.loc["RM parameters", "doubling_time_years"] == pytest.approx(0.46276, rel=1e-4)
    # training 2.86 in 1.5 years: 2.86 ** (1/1.5) = 2.0148 per year
    assert r.loc["training capacity", "annual_factor"] == pytest.approx(2.86 ** (1 / 1.5))
    # inference 2.5x in 1.5 years: 1.5 ln2 / ln2.5 = 1.1347 years
    assert r.loc["inference capacity", "doubling_time_years"] == pytest.approx(
        1.5 * math.log(2) / math.log(2.5))
    assert r.loc["training capacity", "fit_ci_low"] < r.loc["training capacity",
                                                            "fit_doubling_years"]
    # only the endpoints of panel (b) are known: no fit
    assert math.isnan(r.loc["RM1 data", "fit_doubling_years"])


def test_bleu_ratio_from_table_h1():
    ratio = fig02.bleu_size_ratio(fig02.bleu_frame())
    # Fr->En few-shot: Small (125M) 4.98 BLEU, 175B 39.2 BLEU: 175 / 0.125 = 1400
    assert (ratio["low_model"], ratio["high_model"]) == ("Small", "175B")
    assert ratio["ratio"] == pytest.approx(1400.0)
    # reaching exactly 40 needs extrapolating past 175B: larger still
    assert ratio["ratio_extrapolated"] > ratio["ratio"]


def test_bleu_table_keeps_the_en_fr_discrepancy():
    b = fig02.bleu_frame()
    en_fr_175 = b[(b["direction"] == "en-fr") & (b["model"] == "175B")].set_index("series")
    assert en_fr_175.loc["table_h1", "bleu"] == 33.6  # transcription
    assert en_fr_175.loc["table_3_4", "bleu"] == 32.6  # GPT-3 Table 3.4
    assert "doubtful" in en_fr_175.loc["table_h1", "note"]


def test_gpu_memory_per_two_years():
    # (80 / 32) ** (2 / 3) = 2.5 ** 0.6667 = 1.8420
    assert fig02.gpu_memory_per_two_years() == pytest.approx(1.842016, rel=1e-6)


def test_claims_verdicts(df):
    checks = fig02.check_claims(df).set_index("id")
    assert checks.loc["fig02-bleu-1000x", "reproduced"] == pytest.approx(1400.0)
    assert checks.loc["fig02-auc-gain", "reproduced"] == pytest.approx(0.0291)  # RecSys Images
    assert "swapped" in checks.loc["fig02-auc-gain", "note"]
    assert checks.loc["fig02-training-capacity", "reproduced"] == pytest.approx(2.86)
    assert checks.loc["fig02-inference-capacity", "reproduced"] == pytest.approx(2.5)
    assert checks.loc["sec1-gpu-memory", "status"] == "reproduced"
    unpublished = ["fig02-data-growth-1", "fig02-data-growth-2", "fig02-ingestion-bandwidth",
                   "sec1-inference-doubled", "sec1-market-10x"]
    assert (checks.loc[unpublished, "status"] == "not reproducible").all()
    assert checks.loc[unpublished, "note"].str.len().gt(40).all()
    claims.assert_expected(checks.reset_index())


def test_figure_is_deterministic(tmp_path, df):
    plotting.set_theme()
    a = plotting.save(fig02.draw(df), "f", directory=tmp_path / "a")
    b = plotting.save(fig02.draw(df), "f", directory=tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
