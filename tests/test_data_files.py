"""Every data file validates against its schema, matches its checksum and cites known sources;
corrupted copies fail with messages naming the file, the row and the column."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from carbonlib import data
from carbonlib.machinery import paths

TABLES = data.available()


def test_every_csv_has_a_schema_and_every_schema_a_csv():
    csvs = sorted(p.stem for p in paths.DATA_DIR.glob("*.csv"))
    assert csvs == TABLES


def test_checksum_file_lists_exactly_the_data_files():
    listed = {line.split()[1] for line in
              (paths.DATA_DIR / "SHA256SUMS").read_text().splitlines() if line.strip()}
    present = {p.name for p in paths.DATA_DIR.iterdir() if p.suffix in (".csv", ".bib")}
    assert listed == present


@pytest.mark.parametrize("name", TABLES)
def test_table_loads_with_provenance(name):
    frame = data.load(name)
    assert len(frame) > 0
    assert {"source", "locator", "kind"} <= set(frame.columns), "provenance columns kept"
    digitized = frame[frame["kind"] == "digitized"]
    assert digitized["reading_error"].notna().all()


@pytest.mark.parametrize("name", TABLES)
def test_every_file_is_documented(name):
    assert f"{name}.csv" in (paths.DATA_DIR / "README.md").read_text()


def _copy(tmp_path, name):
    for f in (f"{name}.csv", "references.bib"):
        shutil.copy(paths.DATA_DIR / f, tmp_path / f)
    return tmp_path / f"{name}.csv"


def _corrupt(tmp_path, name, edit):
    """Apply ``edit`` to a copy of ``name`` and re-record checksums (schema errors, not hash)."""
    path = _copy(tmp_path, name)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = edit(frame)
    frame.to_csv(path, index=False)
    data.write_checksums(tmp_path)
    return path


def test_checksum_mismatch_names_the_file(tmp_path):
    path = _copy(tmp_path, "fig07_lm_chain")
    data.write_checksums(tmp_path)
    path.write_text(path.read_text().replace("810", "811"))
    with pytest.raises(data.DataError, match=r"fig07_lm_chain\.csv: checksum mismatch"):
        data.load("fig07_lm_chain", data_dir=tmp_path)


def test_missing_column_is_named(tmp_path):
    _corrupt(tmp_path, "fig07_lm_chain", lambda f: f.drop(columns=["value"]))
    with pytest.raises(data.DataError, match=r"(?s)fig07_lm_chain\.csv.*missing column 'value'"):
        data.load("fig07_lm_chain", data_dir=tmp_path)


#: (row, column, bad value, expected message) for a corrupted copy of the Fig 7 table.
CELL_CORRUPTIONS = [
    pytest.param(2, "value", "twelve", r"row 2 \(line 4\), column 'value'", id="wrong-type"),
    pytest.param(1, "value", "-121", r"row 1 \(line 3\), column 'value'.*-121", id="negative"),
    pytest.param(3, "kind", "guessed", r"row 3 \(line 5\), column 'kind'.*guessed",
                 id="unknown-kind"),
    pytest.param(0, "kind", "digitized", "digitized_rows_state_reading_error",
                 id="digitized-without-reading-error"),
    pytest.param(4, "source", "nobody2020", r"row 4 \(line 6\), column 'source'.*nobody2020",
                 id="unknown-citation-key"),
]


@pytest.mark.parametrize(("row", "column", "bad", "message"), CELL_CORRUPTIONS)
def test_corrupted_cell_is_named(tmp_path, row, column, bad, message):
    def edit(f):
        f.loc[row, column] = bad
        return f

    _corrupt(tmp_path, "fig07_lm_chain", edit)
    with pytest.raises(data.DataError, match=message):
        data.load("fig07_lm_chain", data_dir=tmp_path)


def test_unknown_table_suggests_close_names():
    with pytest.raises(data.DataError, match="Did you mean fig07_lm_chain"):
        data.load("fig07_lm_chan")


@pytest.mark.parametrize("name", TABLES)
def test_each_table_refuses_a_missing_first_column(tmp_path, name):
    """Every kind of file: dropping a value column fails naming that column."""
    first = pd.read_csv(paths.DATA_DIR / f"{name}.csv", nrows=0).columns[0]
    _corrupt(tmp_path, name, lambda f: f.drop(columns=[first]))
    with pytest.raises(data.DataError, match=rf"(?s){name}\.csv.*'{first}'"):
        data.load(name, data_dir=tmp_path)
