"""Claims of the paper's text outside any figure."""

from __future__ import annotations

import pytest

from carbonlib.paper import claims, figure_parts, independent, text_claims


def test_pue_gain_by_hand():
    # US-average PUE 1.59 (Patterson Table 1) vs 1.10:
    # 1.59 / 1.10 - 1 = 0.4455; 1 - 1.10 / 1.59 = 0.3082
    more, less = text_claims.pue_efficiency_gain_pct()
    assert more == pytest.approx(44.545, abs=0.01)
    assert less == pytest.approx(30.818, abs=0.01)


def test_pue_claim_records_all_four_readings():
    row = text_claims.check_claims().set_index("id").loc["sec3-pue-40pct"]
    # primary: 1.59 / 1.10 - 1 = 44.5% (more work per kWh), inside 40% +- 15% -> agrees
    assert row["reproduced"] == pytest.approx(44.545, abs=0.01)
    assert row["verdict"] == "agrees"
    # alternatives: 1 - 1.10/1.59 = 30.8% (differs), 1.5/1.10 - 1 = 36.4% (agrees),
    # 1 - 1.10/1.5 = 26.7% (differs)
    readings = row["readings"].split(" | ")
    assert len(readings) == 4 and readings[0].startswith("primary: more work")
    assert "= 30.82 -> differs" in row["readings"] and "= 36.36 -> agrees" in row["readings"]
    assert "= 26.67 -> differs" in row["readings"]


def test_verdicts_match_expected():
    checks = text_claims.check_claims()
    claims.assert_expected(checks)
    assert (checks.set_index("id").drop("sec3-pue-40pct")["verdict"] == "not checkable").all()
    assert checks["note"].str.len().gt(20).all(), "each says what is missing"


def test_every_claim_is_checked_somewhere():
    """The ledger's own modules plus the figure modules' claim ids cover data/claims.csv."""
    import re

    from carbonlib.machinery import paths

    ids = set(claims.ledger_claims()["id"])
    covered = set()
    for module in (text_claims, independent, figure_parts):
        covered |= set(module.check_claims()["id"])
    for module in (paths.ROOT / "carbonlib" / "paper" / "figures").glob("fig*.py"):
        covered |= set(re.findall(r'"((?:fig|sec|app)[a-z0-9]*-[a-z0-9-]+)"', module.read_text()))
    assert ids - covered == set(), f"claims no code checks: {sorted(ids - covered)}"
