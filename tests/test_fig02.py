"""Figure 2: data-level checks on the growth frame, the BLEU ratio and the claims."""

from __future__ import annotations

import math

import pytest

from carbonlib import data
from carbonlib.paper import claims
from carbonlib.paper.figures import fig02


@pytest.fixture(scope="module")
def result():
    return fig02.frame()


@pytest.fixture(scope="module")
def df(result):
    return result.growth


def test_panel_b_holds_three_digitized_series_of_forty_points_or_more(result):
    s = result.series_b
    counts = s.groupby("series").size()
    assert set(counts.index) == {"RM1 data", "RM2 data", "ingestion bandwidth"}
    assert (counts >= 40).all()
    assert (s["kind"] == "digitized").all() and (s["reading_error"] > 0).all()
    # the unlabelled time axis spread over the stated two years: time_fraction x 2
    raw = data.load("fig02_data_growth_series").sort_values(["series", "time_fraction"])
    assert s["time_years"].to_numpy() == pytest.approx(2.0 * raw["time_fraction"].to_numpy())


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
    alt = fig02.frame(capacity_period_years=1.25).growth
    t = alt[(alt["panel"] == "d") & (alt["quantity"] == "multiple")]["time_years"]
    assert t.max() == pytest.approx(1.25)
    with pytest.raises(ValueError, match="capacity_period_years=0"):
        fig02.frame(capacity_period_years=0)


def test_rates_by_hand(result):
    r = result.rates.set_index("series")
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
    # panel (b): fitted to the digitized lines, not to the two stated endpoints
    assert r.loc["RM1 data", "fit_ci_low"] < r.loc["RM1 data", "fit_doubling_years"]
    assert math.isnan(fig02.rates(result.growth).set_index("series").loc["RM1 data",
                                                               "fit_doubling_years"])


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


def test_agreement_scores_table_h1_against_the_markers(result):
    a = fig02.agreement(result).set_index("series")
    fr = a.loc["GPT-3 Fr->En: Table H.1 vs paper's markers"]
    # eight Fr->En models; the largest gap: Large, Table 28.5 vs marker 27.7 = 0.8 / 0.5 = 1.6
    assert fr["n_points"] == 8
    assert fr["max_err_units"] == pytest.approx(1.6)
    assert fr["worst_at"] == "Large"
    # RM1: stated 1.9 against the digitized line's last point, in its reading error
    last = result.series_b[result.series_b["series"] == "RM1 data"].iloc[-1]
    rm1 = a.loc["RM1 data: stated endpoint vs the line's last point"]
    assert rm1["max_err_units"] == pytest.approx(abs(1.9 - last["multiple"])
                                                 / last["reading_error"])


def test_claims_verdicts(result):
    checks = fig02.check_claims(result).set_index("id")
    assert checks.loc["fig02-bleu-1000x", "reproduced"] == pytest.approx(1400.0)
    # primary reading: the Search series the text credits, last digitized point 0.0145;
    # the Images series (0.0291, last point) is kept as an alternative reading
    assert checks.loc["fig02-auc-gain", "reproduced"] == pytest.approx(0.0145)
    assert "0.0291 -> agrees" in checks.loc["fig02-auc-gain", "readings"]
    assert "swapped" in checks.loc["fig02-auc-gain", "note"]
    assert checks.loc["fig02-training-capacity", "reproduced"] == pytest.approx(2.86)
    assert checks.loc["fig02-inference-capacity", "reproduced"] == pytest.approx(2.5)
    unpublished = ["fig02-data-growth-1", "fig02-data-growth-2", "fig02-ingestion-bandwidth",
                   "sec1-inference-doubled", "sec1-market-10x"]
    assert checks.loc[unpublished, "reproduced"].isna().all()
    assert checks.loc[unpublished, "note"].str.len().gt(40).all()
    assert checks.loc["fig02-bleu-1000x", "evidence"] == "independent"  # Brown et al. table
    claims.assert_expected(checks.reset_index())
