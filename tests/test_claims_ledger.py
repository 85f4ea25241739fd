"""The ledger's two axes: evidence graded from provenance, verdicts computed from tolerances."""

from __future__ import annotations

import math
import re
import shutil

import pandas as pd
import pytest

from carbonlib import data
from carbonlib.machinery import paths
from carbonlib.paper import claims, figure_parts, independent, ledger_view, readings
from carbonlib.paper.claims import Input, Reading


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that every load reads; edit a file, then call ``rewrite_checksums``."""
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, copy)
    monkeypatch.setattr(paths, "DATA_DIR", copy)
    return copy


def rewrite_checksums(copy):
    data.write_checksums(copy)


def edit_row(path, startswith: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the one line of ``path`` that starts with ``startswith``."""
    lines = path.read_text().splitlines(keepends=True)
    hits = [i for i, line in enumerate(lines) if line.startswith(startswith)]
    assert len(hits) == 1, (startswith, hits)
    assert old in lines[hits[0]]
    lines[hits[0]] = lines[hits[0]].replace(old, new, 1)
    path.write_text("".join(lines))


# --- evidence ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "kind", "grade"), [
    ("patterson2021", "table", "independent"),
    ("strubell2019", "inferred", "independent"),
    ("epa2021", "assumed", "derived"),
    ("carbonlib", "assumed", "derived"),
    ("wu2022", "stated", "derived"),
    ("wu2022", "assumed", "derived"),
    ("wu2022", "digitized", "figure"),
    ("wu2022", "label", "figure"),
])
def test_each_row_grades_from_source_and_kind(source, kind, grade):
    assert Input("t", 2, source, kind, "x").evidence == grade


def test_the_weakest_input_decides():
    strong = Input("t", 2, "patterson2021", "table", "x")
    assert claims.evidence_of([strong]) == "independent"
    assert claims.evidence_of([strong, Input("t", 3, "wu2022", "stated", "x")]) == "derived"
    assert claims.evidence_of([strong, Input("t", 4, "wu2022", "label", "x")]) == "figure"
    assert claims.evidence_of([]) == ""


def test_a_row_turned_digitized_drops_the_claims_evidence_to_figure(data_copy):
    # appc-ssl-10x rests on SimCLR's epochs (chen2020simclr) and the paper's stated 90
    # supervised epochs (wu2022, stated): derived. Read off a figure instead, it is figure.
    assert _row(independent.check_claims(), "appc-ssl-10x")["evidence"] == "derived"
    # kind stated -> digitized, with the reading error a digitized row must state
    edit_row(data_copy / "cited_results.csv", "supervised_resnet50,epochs,", ",stated,",
             ",digitized,1")
    rewrite_checksums(data_copy)
    row = _row(independent.check_claims(), "appc-ssl-10x")
    assert row["evidence"] == "figure"
    assert "cited_results.csv:7 (wu2022, digitized)" in row["inputs"]


def test_an_independent_claim_names_its_cited_rows():
    row = _row(independent.check_claims(), "fig04-oss-meena")
    assert row["evidence"] == "independent"
    assert "fig04_oss_models.csv" in row["inputs"] and "(patterson2021, table)" in row["inputs"]
    assert "wu2022" not in row["inputs"]  # the digitized bar is the paper's value, not an input


# --- verdicts move with the inputs, one claim per evidence class ------------------------------

def _row(table: pd.DataFrame, claim_id: str) -> pd.Series:
    return table.set_index("id").loc[claim_id]


def test_independent_verdict_flips_when_an_input_moves(data_copy):
    # Meena: 1024 chips x 289 W x 30 d x 24 h x PUE 1.09 / 1000 = 232,236 kWh; x 0.415 kg/kWh
    # = 96.38 t, within 4.2 t of the 95.4 t bar -> agrees
    row = _row(independent.check_claims(), "fig04-oss-meena")
    assert row["reproduced"] == pytest.approx(96.38, abs=0.01) and row["verdict"] == "agrees"
    # 320 W instead: 1024 x 320 x 720 x 1.09 / 1000 x 0.415 / 1000 = 106.72 t, 11.3 t off
    edit_row(data_copy / "fig04_oss_models.csv", "meena,Meena,power_w_per_device,", ",289,",
             ",320,")
    rewrite_checksums(data_copy)
    row = _row(independent.check_claims(), "fig04-oss-meena")
    assert row["reproduced"] == pytest.approx(106.72, abs=0.01) and row["verdict"] == "differs"


def test_derived_verdict_flips_when_an_input_moves(data_copy):
    # SimCLR 1000 epochs / 90 supervised = 11.1x, inside "roughly 10x" (8x to 12x) -> agrees
    row = _row(independent.check_claims(), "appc-ssl-10x")
    assert row["reproduced"] == pytest.approx(1000 / 90) and row["verdict"] == "agrees"
    # 60 supervised epochs: 1000 / 60 = 16.7x -> differs
    edit_row(data_copy / "cited_results.csv", "supervised_resnet50,epochs,", ",90,", ",60,")
    rewrite_checksums(data_copy)
    row = _row(independent.check_claims(), "appc-ssl-10x")
    assert row["reproduced"] == pytest.approx(1000 / 60) and row["verdict"] == "differs"


def test_figure_verdict_flips_when_an_input_moves(data_copy):
    # RM1 bar digitized 31.6 : 26.2 : 2.9 : 39.4 (sum 100.1): inference 39.4 / 100.1 = 39.36%,
    # within 1.5 pp of the caption's 40 -> agrees
    row = _row(figure_parts.check_claims(), "fig03-rm1-inference-share")
    assert row["reproduced"] == pytest.approx(39.4 / 100.1 * 100) and row["verdict"] == "agrees"
    assert row["evidence"] == "figure"
    # inference read as 45: 45 / 105.7 = 42.57%, 2.57 pp off -> differs
    edit_row(data_copy / "fig03_splits.csv", "b,figure,inference,", ",39.4,", ",45,")
    rewrite_checksums(data_copy)
    row = _row(figure_parts.check_claims(), "fig03-rm1-inference-share")
    assert row["reproduced"] == pytest.approx(45 / 105.7 * 100) and row["verdict"] == "differs"


# --- verdict rules ----------------------------------------------------------------------------

def _claim(**over) -> dict:
    base = {"paper_value": 810.0, "paper_value_alt": math.nan, "paper_value_alt_bound": None,
            "tolerance": 0.01, "tolerance_type": "relative"}
    return {**base, **over}


def test_two_paper_values_that_agree_are_not_a_contradiction():
    # "810x" and "over 800x": 810 > 800, so the paper agrees with itself; 812 is within 1%
    c = _claim(paper_value_alt=800.0, paper_value_alt_bound="above")
    assert claims.verdict_of(812.0, c)[0] == "agrees"
    assert claims.verdict_of(790.0, c)[0] == "differs"  # 790 is 2.5% below 810
    # 6.7 x 10.1 x 2.4 x 5 = 812.04, the chain of Fig 7's stated factors
    assert claims.check("fig07-chain-total", 6.7 * 10.1 * 2.4 * 5, where="t")["verdict"] \
        == "agrees"


def test_two_paper_values_that_disagree_are_inconsistent_whatever_is_reproduced():
    # 28.5% vs 25.8% with a 1 pp tolerance: 2.7 pp apart
    c = _claim(paper_value=28.5, paper_value_alt=25.8, tolerance=1.0, tolerance_type="absolute")
    verdict, why = claims.verdict_of(28.4, c)
    assert verdict == "inconsistent in paper" and "matches 28.5" in why
    assert claims.verdict_of(None, c)[0] == "inconsistent in paper"


def test_factor_tolerance_is_symmetric_in_ratio():
    c = _claim(paper_value=1.0, tolerance=2.0, tolerance_type="factor")
    assert [claims.verdict_of(x, c)[0] for x in (0.5, 1.9, 2.1, 0.45)] == \
        ["agrees", "agrees", "differs", "differs"]


def test_bounds_and_missing_values():
    above = _claim(paper_value=90.0, tolerance=0.0, tolerance_type="above")
    assert claims.verdict_of(90.5, above)[0] == "agrees"
    assert claims.verdict_of(82.1, above)[0] == "differs"
    assert claims.verdict_of(math.nan, above)[0] == "not checkable"


def test_expected_status_accepts_the_legacy_spelling():
    assert claims.normalize_verdict("reproduced") == "agrees"
    assert claims.normalize_verdict("not reproducible") == "not checkable"
    with pytest.raises(ValueError, match="verdict='maybe'"):
        claims.normalize_verdict("maybe")


def test_guard_names_the_changed_claim():
    rows = claims.table([claims.check("fig07-gpu", 10.08, where="t")])
    claims.assert_expected(rows)
    rows.loc[0, "verdict"] = "differs"
    with pytest.raises(claims.ClaimMismatch, match="fig07-gpu"):
        claims.assert_expected(rows)


# --- readings ---------------------------------------------------------------------------------

def test_primary_reading_decides_and_the_callers_value_stays_visible():
    # Life cycle: digitized totals LM 128.6, RM-1 854.8, RM-2 562.2, RM-3 398.4, RM-4 363.1,
    # RM-5 446.0 t; mean 2753.1 / 6 = 458.85 t; Meena recomputed 96.384 t -> 4.761x
    row = claims.check("fig04-mean-vs-meena", 1.89, where="t")
    assert row["reproduced"] == pytest.approx(2753.1 / 6 / 96.38399, rel=1e-4)
    assert row["verdict"] == "differs"
    assert row["readings"].startswith("primary: across the life cycle")
    # offline training only: 1095.4 / 6 = 182.57 t -> 1.894x, inside 1.8x +- 10%
    assert "offline training only = 1.894 -> agrees" in row["readings"]
    assert "as computed by the caller = 1.89 -> agrees" in row["readings"]


def test_every_registered_reading_has_exactly_one_primary_with_its_quote():
    for claim_id, make in readings.REGISTRY.items():
        found = make()
        primary = [r for r in found if r.primary]
        assert len(primary) == 1, claim_id
        assert len(primary[0].quote) > 20, claim_id
        assert len(found) >= 2, claim_id


def test_two_primary_readings_are_refused():
    two = (Reading("a", 1.0, primary=True), Reading("b", 2.0, primary=True))
    with pytest.raises(ValueError, match="all primary"):
        claims.check("fig07-gpu", None, where="t", readings=two)


def test_auc_claim_is_checked_against_the_search_series():
    row = claims.check("fig02-auc-gain", None, where="t")
    # Search series: 0.0145 at 735x, 0.0155 short of 0.030 -> differs; Images 0.0291 agrees
    assert row["reproduced"] == pytest.approx(0.0145) and row["verdict"] == "differs"
    assert "RecSys Images series (over 439x in size) = 0.0291 -> agrees" in row["readings"]


def test_dsa_claim_primary_is_the_processor_alone():
    # Patterson Table 1: P100 in Iowa 8 x 296 W x 84 h x 1.11 = 220.8 kWh; TPU v2
    # 8 x 229 W x 19.44 h x 1.11 = 39.53 kWh; 1 - 39.53 / 220.8 = 82.1% < 90% -> differs
    s = independent.dsa_energy_saving_pct()
    p100, tpu = 8 * 296 * 84 * 1.11 / 1000, 8 * 229 * 0.81 * 24 * 1.11 / 1000
    assert s["processor"] == pytest.approx(100 * (1 - tpu / p100))
    # whole chain: 1 - 30 / (8 x 296 x 84 x 1.59 / 1000 = 316.3) = 90.5%
    assert s["whole_chain"] == pytest.approx(100 * (1 - 30 / (8 * 296 * 84 * 1.59 / 1000)))
    row = _row(independent.check_claims(), "sec3-dsa-90pct")
    assert row["verdict"] == "differs" and "Patterson's whole chain" in row["readings"]


def test_rank_correlation_by_hand():
    # parameter ranks ET 1, NAS 2, Meena 3, T5 4, GPT-3 5, GShard 6, Switch 7; footprint ranks
    # ET 1, GShard 2, T5 3, Switch 4, Meena 5, NAS 6, GPT-3 7: sum d^2 = 0+16+4+1+4+16+9 = 50,
    # rho = 1 - 6 x 50 / (7 x 48) = 0.107
    row = _row(independent.check_claims(), "fig04-params-no-correlation")
    assert row["reproduced"] == pytest.approx(1 - 6 * 50 / (7 * 48))
    with pytest.raises(ValueError, match="same length"):
        independent.spearman([1, 2], [1, 2])


# --- no verdict forced ------------------------------------------------------------------------

def test_the_ledgers_own_checks_force_no_verdict():
    own = ["independent", "readings", "figure_parts", "text_claims"]  # every caller here
    for name in own:
        text = (paths.ROOT / "carbonlib" / "paper" / f"{name}.py").read_text()
        calls = re.findall(r"check\([^()]*(?:\([^()]*\)[^()]*)*\)", text, flags=re.S)
        assert not [c for c in calls if re.search(r"\bstatus\s*=", c)], name


# --- the view ---------------------------------------------------------------------------------

def test_wording_only_says_reproduced_for_independent_or_derived():
    assert ledger_view.wording("agrees", "derived") == "reproduced"
    assert ledger_view.wording("differs", "independent") == "not reproduced"
    assert ledger_view.wording("differs", "figure") == "figure contradicts text"
    assert ledger_view.wording("not checkable", "") == "not checkable"


def test_verdict_evidence_table_counts_every_claim():
    ledger = pd.DataFrame({"verdict": ["agrees", "agrees", "differs", "not checkable"],
                           "evidence": ["independent", "figure", "independent", ""]})
    t = ledger_view.verdict_evidence(ledger)
    assert t.loc["agrees", "independent"] == 1 and t.loc["agrees", "figure"] == 1
    assert t.loc["not checkable", ledger_view.NO_INPUTS] == 1
    assert t.loc["total", "total"] == 4 and t.loc["differs", "total"] == 1
    md = ledger_view.markdown_table(ledger)
    assert md.splitlines()[0].startswith("| verdict | independent | derived | figure |")
