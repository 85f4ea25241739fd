"""A claim that stops reproducing fails the run, naming the claim."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from carbonlib import data
from carbonlib.machinery import paths
from carbonlib.paper import claims
from carbonlib.paper.report import build_ledger, verdict_counts


def test_flipped_value_fails_naming_the_claim(tmp_path):
    shutil.copytree(paths.DATA_DIR, tmp_path / "data")
    (tmp_path / "notebooks").mkdir()
    shutil.copy(paths.NOTEBOOKS_DIR / "fig07_lm_chain.ipynb", tmp_path / "notebooks")
    chain = tmp_path / "data" / "fig07_lm_chain.csv"
    # the caching bar label 121 -> 200: 810/200 = 4.05x, no longer the stated 6.7x
    chain.write_text(chain.read_text().replace(",121,", ",200,"))
    data.write_checksums(tmp_path / "data")  # a deliberate-looking edit, checksums updated
    env = {**os.environ, "CARBONLIB_ROOT": str(tmp_path)}
    res = subprocess.run([sys.executable, "-m", "carbonlib.machinery.pipeline", "run",
                          "notebooks/fig07_lm_chain.ipynb"], cwd=tmp_path, env=env,
                         capture_output=True, text=True)
    assert res.returncode == 1
    assert "ClaimMismatch" in res.stderr and "fig07-caching" in res.stderr


def test_claim_ids_are_unique_and_expected_statuses_valid():
    table = claims.ledger_claims()
    assert table["id"].is_unique
    assert set(table["expected_status"]) <= set(claims.VERDICTS)


def test_check_derives_verdicts_from_tolerances():
    # fig07-caching: 6.7x with 1% relative tolerance -> 6.69 agrees, 6.5 does not
    assert claims.check("fig07-caching", 6.69, where="t")["verdict"] == "agrees"
    assert claims.check("fig07-caching", 6.5, where="t")["verdict"] == "differs"
    assert claims.check("fig07-caching", None, where="t")["verdict"] == "not checkable"
    # the legacy spelling stays available to older callers
    assert claims.check("fig07-caching", 6.69, where="t")["verdict"] == "agrees"
    with pytest.raises(KeyError, match="no-such-claim"):
        claims.check("no-such-claim", 1.0, where="t")


def test_ledger_marks_unchecked_claims(tmp_path):
    rows = claims.table([claims.check("fig07-gpu", 10.08, where="t")])
    claims.record(rows, "fig07_lm_chain", directory=tmp_path)
    ledger = build_ledger(tmp_path)
    assert len(ledger) == len(claims.ledger_claims())
    assert ledger.set_index("id").loc["fig07-gpu", "verdict"] == "agrees"
    assert ledger.set_index("id").loc["fig07-caching", "verdict"] == "not checked"
    # the ledger's own modules are always run by the report itself
    from carbonlib.paper import figure_parts, independent, text_claims

    n_own = sum(len(m.check_claims()) for m in (text_claims, independent, figure_parts))
    counts = verdict_counts(ledger)
    assert counts["not checked"] == len(ledger) - 1 - n_own


def test_a_claim_checked_twice_is_an_error(tmp_path):
    rows = claims.table([claims.check("fig07-gpu", 10.08, where="t")])
    claims.record(rows, "a", directory=tmp_path)
    claims.record(rows, "b", directory=tmp_path)
    with pytest.raises(ValueError, match="fig07-gpu"):
        build_ledger(tmp_path)


def test_readme_verdict_table_matches_the_expected_statuses():
    """The README's verdict x evidence table: its row totals are the expected verdicts."""
    expected = claims.ledger_claims()["expected_status"].value_counts()
    readme = (paths.ROOT / "README.md").read_text()
    block = readme.split("<!-- verdicts:start -->")[1].split("<!-- verdicts:end -->")[0]
    lines = [line for line in block.splitlines() if line.startswith("| ")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header[:4] == ["verdict", "independent", "derived", "figure"], header
    totals = {c[0]: c[-1] for c in ([x.strip() for x in line.strip("|").split("|")]
                                    for line in lines[1:])}
    for verdict, n in expected.items():
        assert totals.get(verdict) == str(n), f"README verdict table: {verdict} {n}"
    assert totals.get("total") == str(int(expected.sum()))


def test_recorded_tables_round_trip(tmp_path):
    rows = claims.table([claims.check("fig07-fp16", 2.4, where="t", note="a, b")])
    path = claims.record(rows, "x", directory=tmp_path)
    back = pd.read_csv(path)
    assert back.loc[0, "note"] == "a, b" and back.loc[0, "notebook"] == "x"
