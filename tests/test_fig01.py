"""Figure 1: data-level checks on the recomputed curves, the paper's curve and the claim."""

from __future__ import annotations

import pandas as pd
import pytest

from carbonlib import data
from carbonlib.data import arxiv
from carbonlib.paper import claims
from carbonlib.paper.figures import fig01


@pytest.fixture(scope="module")
def result():
    return fig01.frame()


@pytest.fixture(scope="module")
def df(result):
    return result.curves


@pytest.fixture(scope="module")
def raw():
    return data.load("fig01_arxiv_monthly")


def _papers(raw, categories, first="0000", last="9999"):
    sel = raw[raw["category"].isin(categories) & (raw["month"] >= first) & (raw["month"] <= last)]
    return int(sel["papers"].sum())


def test_ml_is_cs_lg_plus_stat_ml_and_cs_excludes_it(df, raw):
    jan = df[df["month"] == "2020-01"].set_index("discipline")["papers"]
    assert jan["Machine Learning"] == _papers(raw, ["cs.LG", "stat.ML"], "2020-01", "2020-01")
    # CS = cs archive (which includes cs.LG) + legacy cmp-lg - cs.LG
    assert jan["Computer Science"] == (_papers(raw, ["cs", "cmp-lg"], "2020-01", "2020-01")
                                       - _papers(raw, ["cs.LG"], "2020-01", "2020-01"))


def test_cumulative_counts_from_the_window_start_and_from_1991(df, raw):
    end = df[df["month"] == "2020-12"].set_index("discipline")
    ml = ["cs.LG", "stat.ML"]
    assert end.loc["Machine Learning", "cumulative_papers"] == _papers(raw, ml, "2011-01",
                                                                       "2020-12")
    assert end.loc["Machine Learning", "cumulative_all_time"] == _papers(raw, ml, last="2020-12")
    assert df["month"].min() == "2011-01" and df["month"].max() == "2020-12"
    # every month present for every discipline (empty months filled with 0): 10 years x 12
    assert (df.groupby("discipline").size() == 120).all()


def test_math_matches_arxiv_official_cumulative_count(df):
    # arXiv's 2020 statistics page: math+math-ph submitted to date = 404,375
    yearly = data.load("fig01_arxiv_yearly")
    official = yearly[(yearly["area"] == "math+math-ph") & (yearly["period"] == "2020")
                      & (yearly["quantity"] == "cumulative_submissions")]["papers"].item()
    ours = df[(df["month"] == "2020-12") & (df["discipline"] == "Math")]
    assert ours["cumulative_all_time"].item() == pytest.approx(official, rel=1e-3)


def test_bundled_counts_agree_with_official_yearly_statistics():
    check = arxiv.cross_check()
    assert len(check) == 8 * 10  # eight areas, 2012-2021
    assert check["rel_difference"].abs().max() < 0.02


def test_crosslist_factors_from_the_official_counts():
    f = arxiv.crosslist_factors().set_index(["area", "period"])
    # listing pages 2013: cs 14,906 over primary 12,647 = 1.179; stat 3,415 / 1,602 = 2.132
    assert f.loc[("cs", "2013"), "factor"] == pytest.approx(14906 / 12647)
    assert f.loc[("stat", "2013"), "factor"] == pytest.approx(3415 / 1602)
    # January 2022: cs.LG with cross-lists 1,871 over the bundled primary count of that month
    assert f.loc[("cs.LG", "2022-01"), "incl_crosslists"] == 1871
    assert f.loc[("cs.LG", "2022-01"), "factor"] == pytest.approx(2.0, abs=0.1)


def test_paper_frame_is_the_digitized_table():
    p = fig01.paper_frame()
    ml = p[p["discipline"] == "Machine Learning"].set_index("year")
    assert ml.loc[2020, "cumulative_papers"] == 205_000  # digitized 205k
    assert ml.loc[2020, "t_years"] == 2021.0  # compared with counts to the end of 2020
    assert (p["kind"] == "digitized").all()


def test_scale_gap_is_about_five(result, raw):
    comp = result.comparison.set_index(["discipline", "year"])
    # paper 205k over the primary-only cs.LG + stat.ML count of 2011-2020
    expected = 205_000 / _papers(raw, ["cs.LG", "stat.ML"], "2011-01", "2020-12")
    assert comp.loc[("Machine Learning", 2020), "paper_over_recomputed"] == pytest.approx(expected)
    assert 4 < expected < 6


def test_growth_table_ranks_ml_first_in_every_basis(result):
    g = result.growth
    ml = g[g["discipline"] == "Machine Learning"]
    assert (ml["rank"] == 1).all()
    assert set(g["basis"]) == {"monthly submissions", "cumulative", "paper (digitized)"}
    assert (g["doubling_ci_low"] <= g["doubling_time_years"]).all()
    assert (g["doubling_time_years"] <= g["doubling_ci_high"]).all()
    # the paper's ML markers 49k (2016) -> 205k (2020): a log-linear fit over these five
    # points doubles in about 4 * ln2 / ln(205/49) = 1.94 years
    paper_ml = ml[ml["basis"] == "paper (digitized)"]["doubling_time_years"].item()
    assert paper_ml == pytest.approx(1.94, abs=0.05)


def test_user_counts_replace_the_bundled_ones():
    tiny = pd.DataFrame({"category": ["cs", "cs.LG", "math", "cs", "cs.LG", "math"],
                         "month": ["2020-01"] * 3 + ["2020-03"] * 3,
                         "papers": [10, 4, 7, 20, 8, 9]})
    out = fig01.curves_frame(tiny, start_month="2020-01", end_month="2020-03")
    ml = out[out["discipline"] == "Machine Learning"]
    assert ml["papers"].tolist() == [4, 0, 8]  # February filled with 0
    assert ml["cumulative_papers"].tolist() == [4, 4, 12]
    cs = out[out["discipline"] == "Computer Science"]
    assert cs["papers"].tolist() == [6, 0, 12]  # 10 - 4, 20 - 8


def test_bad_parameters_are_named():
    with pytest.raises(ValueError, match="ml_categories='cs.XX' is not known"):
        fig01.frame(ml_categories=["cs.LG", "cs.XX"])
    with pytest.raises(ValueError, match="start_month='1980-01'"):
        fig01.frame(start_month="1980-01")


def test_agreement_says_how_far_the_paper_is_from_primary_counts(result, raw):
    a = fig01.agreement(result).set_index("series")
    ml = a.loc["Machine Learning: recomputed (primary) vs paper"]
    # ten ML markers 2011-2020; worst at 2020: |primary count 2011-2020 - 205k| / 2k
    expected = abs(_papers(raw, ["cs.LG", "stat.ML"], "2011-01", "2020-12") - 205_000) / 2_000
    assert ml["n_points"] == 10 and ml["worst_at"] == "2020"
    assert ml["max_err_units"] == pytest.approx(expected)
    assert set(a["figure"]) == {"Fig 1"} and len(a) == 4  # one series per discipline


def test_claim_verdict(result):
    checks = fig01.check_claims(result).set_index("id")
    assert checks.loc["fig01-ml-fastest-growth", "reproduced"] == 1
    assert checks.loc["fig01-ml-fastest-growth", "evidence"] == "independent"  # arXiv counts
    claims.assert_expected(checks.reset_index())
