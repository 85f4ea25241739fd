"""carbonlib.data.arxiv: the Kaggle snapshot loader, on a small snapshot written by the test."""

from __future__ import annotations

import gzip
import json

import pytest

from carbonlib.data import arxiv


def _record(pid: str, categories: str, created: str, *later: str) -> dict:
    versions = [{"version": "v1", "created": created}]
    versions += [{"version": f"v{i + 2}", "created": c} for i, c in enumerate(later)]
    return {"id": pid, "categories": categories, "versions": versions,
            "update_date": "2023-01-01"}


RECORDS = [
    # 2018-05: one cs.LG primary cross-listed to stat.ML, one stat.ML primary cross-listed to cs.LG
    _record("1", "cs.LG stat.ML", "Tue, 1 May 2018 10:00:00 GMT", "Mon, 3 Jun 2019 10:00:00 GMT"),
    _record("2", "stat.ML cs.LG", "Wed, 16 May 2018 23:59:59 GMT"),
    # 2018-05: a cs.CV paper cross-listed to cs.LG, and a math paper cross-listed to stat.ML
    _record("3", "cs.CV cs.LG", "Thu, 31 May 2018 12:00:00 GMT"),
    _record("4", "math.ST stat.ML stat.TH", "Fri, 4 May 2018 08:00:00 GMT"),
    # 2018-06: a hep-th paper (legacy-style archive without a dot)
    _record("5", "hep-th", "Fri, 1 Jun 2018 00:00:01 GMT"),
]


@pytest.fixture
def snapshot(tmp_path):
    path = tmp_path / "arxiv-metadata-oai-snapshot.json"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n")
    return path


def _count(counts, convention, category, month="2018-05"):
    sel = counts[(counts["convention"] == convention) & (counts["category"] == category)
                 & (counts["month"] == month)]
    return int(sel["papers"].sum())


def test_primary_convention_counts_each_paper_once(snapshot):
    counts = arxiv.monthly_counts(snapshot)
    # primary categories in 2018-05: cs.LG (1), stat.ML (2), cs.CV (3), math.ST (4)
    assert _count(counts, "primary", "cs.LG") == 1
    assert _count(counts, "primary", "stat.ML") == 1
    assert _count(counts, "primary", "ML") == 2  # papers 1 and 2
    assert _count(counts, "primary", "cs") == 2  # papers 1 and 3
    assert _count(counts, "primary", "hep-th", "2018-06") == 1
    primary_cats = counts[(counts["convention"] == "primary") & counts["category"].str.contains(
        r"\.")]
    assert primary_cats["papers"].sum() == len(RECORDS) - 1  # hep-th has no subcategory


def test_listed_convention_counts_cross_lists_and_ml_once(snapshot):
    counts = arxiv.monthly_counts(snapshot)
    # cs.LG listed by papers 1, 2, 3; stat.ML by 1, 2, 4
    assert _count(counts, "listed", "cs.LG") == 3
    assert _count(counts, "listed", "stat.ML") == 3
    # ML = papers listing cs.LG or stat.ML: 1, 2, 3, 4 -> 4, not 3 + 3 = 6
    assert _count(counts, "listed", "ML") == 4
    # the stat archive: papers 1, 2, 4 (paper 4 lists stat.ML and stat.TH: counted once)
    assert _count(counts, "listed", "stat") == 3


def test_dates_come_from_v1_not_later_versions_or_update_date(snapshot):
    counts = arxiv.monthly_counts(snapshot)
    assert set(counts["month"]) == {"2018-05", "2018-06"}


def test_gzip_lines_and_custom_ml_categories(tmp_path):
    path = tmp_path / "snap.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(r) for r in RECORDS))
    counts = arxiv.monthly_counts(path, ml_categories=["cs.LG", "cs.CV"], archives=False)
    assert _count(counts, "listed", "ML") == 3  # papers 1, 2, 3
    assert "cs" not in set(counts["category"])


def test_records_without_date_or_category_are_skipped_and_counted():
    lines = [json.dumps({"categories": "cs.LG", "versions": []}),
             json.dumps({"categories": "", "versions": RECORDS[0]["versions"]}),
             json.dumps(RECORDS[0])]
    counts = arxiv.monthly_counts(lines)
    assert counts.attrs["skipped_no_date"] == 2
    assert _count(counts, "primary", "ML") == 1


def test_malformed_line_names_its_number():
    lines = [json.dumps(RECORDS[0]), "{not json", json.dumps(RECORDS[1])]
    with pytest.raises(ValueError, match="line 2"):
        arxiv.monthly_counts(lines)
    assert _count(arxiv.monthly_counts(lines, errors="skip"), "primary", "ML") == 2
    with pytest.raises(ValueError, match="errors='ignore' is not known"):
        arxiv.monthly_counts(lines, errors="ignore")


def test_loader_output_feeds_the_discipline_counts(snapshot):
    counts = arxiv.monthly_counts(snapshot)
    table = arxiv.discipline_counts(counts)
    # primary: ML = cs.LG + stat.ML = 2; CS = cs (papers 1, 3) minus cs.LG (1) = 1;
    # Other = stat (paper 2) minus stat.ML (2) = 0 ... plus math (paper 4) goes to Math
    may = table.loc["2018-05"]
    assert may["Machine Learning"] == 2
    assert may["Computer Science"] == 1
    assert may["Math"] == 1
    assert may["Other"] == 0
    assert table.loc["2018-06", "Physics"] == 1
