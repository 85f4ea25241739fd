"""Figure 3: data-level checks on the plotted frame and the claims."""

from __future__ import annotations

import pytest

from carbonlib.paper import claims
from carbonlib.paper.figures import fig03


@pytest.fixture(scope="module")
def result():
    return fig03.frame()


@pytest.fixture(scope="module")
def df(result):
    return result.plotted


def _values(df, panel, resolution):
    sel = df[(df["panel"] == panel) & (df["resolution"] == resolution)]
    return dict(zip(sel["series"], sel["value"], strict=True))


def test_panel_a_caption_and_digitized_pie(df):
    assert _values(df, "a", "caption") == {"experimentation": 10, "training": 20, "inference": 70}
    pie = _values(df, "a", "figure")
    # digitized slices 10.6 + 20.1 + 69.4 = 100.1, each within 1 point of the caption
    assert sum(pie.values()) == pytest.approx(100.1)
    for phase, stated in _values(df, "a", "caption").items():
        assert abs(pie[phase] - stated) < 1


def test_panel_b_subsplit_adds_up_to_the_caption(df):
    bar = _values(df, "b", "figure")
    assert bar["training_offline"] + bar["training_online"] == pytest.approx(29.1)  # 26.2 + 2.9
    assert bar["data"] == 31.6 and bar["inference"] == 39.4
    assert _values(df, "b", "caption") == {"data": 31, "training": 29, "inference": 40}


def test_splits_are_normalized_per_panel():
    sp = fig03.splits()
    sums = sp.groupby(["panel", "resolution"])["fraction"].sum()
    assert sums.to_numpy() == pytest.approx([1, 1, 1, 1])


def test_panel_c_stacks_in_the_papers_order(result):
    # bottom to top as in the paper: Scope 3, Scope 1,2, renewable; every stack is drawn once
    assert fig03.STACK_ORDER == ("value_chain_scope3", "operational_scope1_2",
                                 "operational_renewable")
    assert set(fig03.STACK_ORDER) | {"carbon_removal"} == set(result.fleet.columns[1:5])
    # 5 years x 4 stacks
    assert (result.plotted["panel"] == "c").sum() == 20


def test_panel_c_stacks_as_plotted(result):
    em = result.fleet.set_index("year")
    assert list(em.index) == [2016, 2017, 2018, 2019, 2020]
    # 2020: 7.58 + 0 + 4.06 = 11.64 Mt; 2019: 5.98 + 0.33 + 4.10 = 10.41 Mt
    assert em.loc[2020, "stack_total"] == pytest.approx(11.64)
    assert em.loc[2019, "stack_total"] == pytest.approx(10.41)
    # Scope 3 shares 2019: 4.10 / 10.41 = 0.394 (every stack); 4.10 / (0.33 + 4.10) = 0.926 (net)
    assert em.loc[2019, "scope3_share_location"] == pytest.approx(4.10 / 10.41)
    assert em.loc[2019, "scope3_share_market"] == pytest.approx(4.10 / 4.43)
    assert em.loc[2020, "carbon_removal"] < 0


def test_panel_d_electricity_leaves_missing_years_out(df):
    d = df[df["panel"] == "d"]
    assert not {2016, 2018, 2019} & set(d["year"].astype(int))
    y2020 = d[d["year"] == 2020].iloc[0]
    assert y2020["value"] == 7_170_000 and y2020["bound"] == "lower"
    assert y2020["source"] == "wu2022"


def test_agreement_of_captions_with_the_digitized_splits(result):
    a = fig03.agreement(result).set_index("figure")
    # (a) |10 - 10.6| / 0.5 = 1.2 is the worst; (b) training 26.2 + 2.9 = 29.1 against 29 with
    # error 0.5 + 0.5 = 1.0 -> 0.1; data |31 - 31.6| / 0.5 = 1.2; inference |40 - 39.4| / 0.5 = 1.2
    assert a.loc["Fig 3(a)", "max_err_units"] == pytest.approx(1.2)
    assert a.loc["Fig 3(a)", "worst_at"] == "experimentation"
    assert a.loc["Fig 3(b)", "n_points"] == 3
    assert a.loc["Fig 3(b)", "median_err_units"] == pytest.approx(1.2)


def test_claims_verdicts(result):
    checks = fig03.check_claims(result).set_index("id")
    # pie 69.4 / 100.1 = 69.33%; RM1 data 31.6 / 100.1 = 31.57%
    assert checks.loc["fig03-inference-capacity-share", "reproduced"] == pytest.approx(
        100 * 69.4 / 100.1)
    assert checks.loc["fig03-rm1-data-share", "reproduced"] == pytest.approx(100 * 31.6 / 100.1)
    assert checks.loc["sec2-scope3-share", "reproduced"] == pytest.approx(100 * 4.10 / 4.43)
    assert "39%" in checks.loc["sec2-scope3-share", "note"]  # the all-stacks reading, shown
    # the caption's electricity: no independent 2020 value, the axis is emissions
    assert checks["reproduced"].isna()[["fig03-electricity-2020", "sec2-research-p50-gpu-days",
                                        "sec2-production-p50-gpu-days"]].all()
    assert "Mt CO2e" in checks.loc["fig03-electricity-2020", "note"]
    assert "not bundled" in checks.loc["fig03-electricity-2020", "note"]
    claims.assert_expected(checks.reset_index())
