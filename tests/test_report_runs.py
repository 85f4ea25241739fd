"""The report refuses to mix runs, and reads each figure's caption from its notebook."""

from __future__ import annotations

import pandas as pd
import pytest

from carbonlib.paper import report


def _claims(folder, stem, run_id, *, agreement=False):
    folder.mkdir(exist_ok=True)
    name = f"{stem}.agreement.csv" if agreement else f"{stem}.csv"
    pd.DataFrame({"id": [f"{stem}-a"], "verdict": ["agrees"], "run_id": [run_id]}).to_csv(
        folder / name, index=False)


def test_one_run_passes_and_names_each_notebooks_run(tmp_path):
    _claims(tmp_path, "fig07_lm_chain", "R1")
    _claims(tmp_path, "fig07_lm_chain", "R1", agreement=True)
    _claims(tmp_path, "fig09_utilization_sweep", "R1")
    ids = report.check_one_run({"run_id": "R1"}, tmp_path)
    assert ids == {"fig07_lm_chain": "R1", "fig09_utilization_sweep": "R1"}


def test_claims_from_another_run_than_run_json_are_refused(tmp_path):
    _claims(tmp_path, "fig07_lm_chain", "R1")
    _claims(tmp_path, "fig09_utilization_sweep", "R2")
    with pytest.raises(report.MixedRunsError) as err:
        report.check_one_run({"run_id": "R1"}, tmp_path)
    message = str(err.value)
    assert "fig09_utilization_sweep" in message and "'R1'" in message and "'R2'" in message


def test_a_notebook_run_outside_the_pipeline_is_refused(tmp_path):
    _claims(tmp_path, "fig07_lm_chain", "")  # `make fig07` or a bare papermill run: no run id
    with pytest.raises(report.MixedRunsError, match=r"fig07_lm_chain.*no run id.*'R1'"):
        report.check_one_run({"run_id": "R1"}, tmp_path)


def test_agreement_table_of_another_run_is_refused(tmp_path):
    _claims(tmp_path, "fig07_lm_chain", "R1")
    _claims(tmp_path, "fig07_lm_chain", "R0", agreement=True)
    with pytest.raises(report.MixedRunsError, match="fig07_lm_chain: its claim tables carry"):
        report.check_one_run({"run_id": "R1"}, tmp_path)


def test_without_run_json_the_claim_tables_must_agree(tmp_path):
    _claims(tmp_path, "fig07_lm_chain", "R1")
    assert report.check_one_run(None, tmp_path) == {"fig07_lm_chain": "R1"}
    _claims(tmp_path, "fig09_utilization_sweep", "R2")
    with pytest.raises(report.MixedRunsError, match="fig09_utilization_sweep"):
        report.check_one_run(None, tmp_path)


def test_caption_is_the_notebooks_what_it_cannot_show():
    caption = report.figure_caption("fig07_lm_chain")
    assert caption.startswith("The gains compound multiplicatively")
    assert not caption.startswith("#")
    assert report.figure_caption("your_footprint").startswith("For a GPU job")


def test_section_is_one_call():
    section = report.Section("then-and-now", "Then and now", "<p>x</p>")
    assert section.html().startswith('<section id="then-and-now"><h2>Then and now</h2>')


def test_agreement_scores_are_shown_under_their_figure(tmp_path):
    from carbonlib.paper import agreement, report

    scores = agreement.table([agreement.score("Fig 9", "Embodied", [1.0, 2.0], [1.1, 2.0], 0.2,
                                              ["30%", "50%"])])
    agreement.record(scores, "fig09_utilization_sweep", directory=tmp_path)
    shown = report.agreement_html("fig09_utilization_sweep", tmp_path)
    # |1.0 - 1.1| / 0.2 = 0.5 reading errors at 30%, 0 at 50%: median 0.25, max 0.50
    assert "Embodied" in shown and "0.25" in shown and "0.50" in shown and "30%" in shown
    assert report.agreement_html("fig07_lm_chain", tmp_path) == ""  # no digitized counterpart
