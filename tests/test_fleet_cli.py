"""``carbonlib fleet``: help documents the input, CSV has one row per group, bad input exits 2."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from carbonlib.machinery import paths
from carbonlib.tools import fleet_io
from carbonlib.tools.cli import main

EXCERPT = str(paths.DATA_DIR / "samples" / "fleet_sacct_excerpt.txt")
HAND = ["--intensity", "0.5", "--utilization", "0.5", "--lifetime-years", "4",
        "--idle-fraction", "0.5", "--job-utilization", "0.5", "--samples", "1000"]


def test_help_documents_the_input_columns(capsys):
    assert main(["fleet", "--help"]) == 0
    out = capsys.readouterr().out
    for column in (*fleet_io.TIDY_COLUMNS, *fleet_io.OPTIONAL_COLUMNS, *fleet_io.SACCT_FIELDS):
        assert column in out, column
    for flag in ("--by", "--format", "--engine", "--scheduler", "--region", "--intensity",
                 "--pue", "--cfe-share", "--gpu"):
        assert flag in out


def test_csv_one_row_per_group(capsys):
    assert main(["fleet", EXCERPT, "--by", "project", "--format", "csv", *HAND]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table["project"].tolist() == ["nlp", "vision"]
    # vision: ana 5.5 kg + cho 4.07 kg operational (see test_fleet_sacct)
    assert table.set_index("project").loc["vision", "operational_kg"] == pytest.approx(9.57)
    assert {"total_kg", "total_kg_low", "total_kg_high", "jobs"} <= set(table.columns)


@pytest.mark.parametrize("argv, words", [
    (["--pue", "0.8"], "pue"),
    (["--on-bad", "refuse"], "bad row"),
    (["--gpu", "z80"], "z80"),
])
def test_bad_input_one_line_exit_2(capsys, argv, words):
    assert main(["fleet", EXCERPT, *HAND, *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and words in err and err.startswith("carbonlib fleet:")
