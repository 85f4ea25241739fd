"""The paper's quantitative claims, checked against what carbonlib reproduces.

``data/claims.csv`` holds each claim: the paper's value (and, where the paper contradicts itself,
its other value), the unit, a tolerance and the verdict expected when the paper's own parameters
are used. A figure module checks its claims with :func:`check`; notebooks show the resulting table,
write it with :func:`record` and stop with :func:`assert_expected` when a verdict changed.

Verdicts
--------
reproduced
    The reproduced value is within tolerance of the paper's value.
differs
    It is not; the note says by how much and why.
not reproducible
    The data needed are unpublished; the note says what is missing.
inconsistent in paper
    The paper states two values for the same quantity (``paper_value_alt``); the reproduced
    value is reported against both.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from carbonlib import data
from carbonlib.data.schemas.claims import STATUSES
from carbonlib.machinery import files, paths

__all__ = ["STATUSES", "EVIDENCE", "Input", "inputs", "evidence_of", "check", "table", "record",
           "assert_expected", "ClaimMismatch", "ledger_claims"]

#: How strong a reproduced value's evidence is, strongest first.
EVIDENCE: tuple[str, ...] = ("independent", "derived", "figure")
#: Citation key of the paper itself in ``data/references.bib``.
PAPER_KEY = "wu2022"


@dataclass(frozen=True)
class Input:
    """One data row a claim check rests on, with its provenance.

    ``line`` is the row's line in ``data/<table>.csv`` (the header is line 1).
    """

    table: str
    line: int
    source: str
    kind: str
    locator: str

    @property
    def evidence(self) -> str:
        """``figure`` for values read off the paper's figures (``label``, ``digitized``),
        ``derived`` for other values the paper states, ``independent`` for everything from
        outside the paper (cited tables, public data, datasheets)."""
        if self.source == PAPER_KEY and self.kind in ("label", "digitized"):
            return "figure"
        if self.source == PAPER_KEY:
            return "derived"
        return "independent"

    def __str__(self) -> str:
        return f"{self.table}.csv:{self.line} ({self.source}, {self.kind})"


def inputs(table: str, **match: object) -> tuple[Input, ...]:
    """The rows of ``data/<table>.csv`` whose columns equal ``match`` (a list means any of).

    Examples
    --------
    >>> [str(i) for i in inputs("fig07_lm_chain", step_order=1, quantity="power_normalized")]
    ['fig07_lm_chain.csv:3 (wu2022, label)']
    """
    df = data.load(table)
    keep = pd.Series(True, index=df.index)
    for column, wanted in match.items():
        if column not in df.columns:
            raise ValueError(f"column={column!r} is not in data/{table}.csv; allowed: "
                             f"{', '.join(df.columns)}")
        values = list(wanted) if isinstance(wanted, list | tuple | set) else [wanted]
        keep &= df[column].isin(values)
    rows = df[keep]
    if rows.empty:
        raise ValueError(f"no row of data/{table}.csv matches {match!r}")
    return tuple(Input(table, int(pos) + 2, str(r["source"]), str(r["kind"]), str(r["locator"]))
                 for pos, (_, r) in zip(df.index.get_indexer(rows.index), rows.iterrows(),
                                        strict=True))


def evidence_of(used: Iterable[Input]) -> str:
    """The weakest evidence among ``used`` (empty string when no input is declared)."""
    grades = [i.evidence for i in used]
    return max(grades, key=EVIDENCE.index) if grades else ""


_COLUMNS = ["id", "figure", "claim", "paper_value", "paper_value_alt", "unit", "reproduced",
            "rel_difference", "tolerance", "tolerance_type", "status", "expected_status",
            "where", "note", "evidence", "inputs"]


class ClaimMismatch(AssertionError):
    """A claim's verdict differs from the committed expected verdict."""


def ledger_claims() -> pd.DataFrame:
    """The claims table ``data/claims.csv``, validated, indexed by claim id."""
    return data.load("claims").set_index("id", drop=False)


def _within(reproduced: float, target: float, tolerance: float, tolerance_type: str) -> bool:
    if tolerance_type == "relative":
        return abs(reproduced - target) <= tolerance * abs(target)
    if tolerance_type == "absolute":
        return abs(reproduced - target) <= tolerance
    if tolerance_type == "below":
        return reproduced < target
    return reproduced > target  # "above"


def check(claim_id: str, reproduced: float | None, *, where: str = "", note: str = "",
          status: str | None = None, inputs: Iterable[Input] = ()) -> dict:
    """Compare a reproduced value with the paper's value for one claim.

    Parameters
    ----------
    claim_id : str
        Row id in ``data/claims.csv``.
    reproduced : float or None
        The value reproduced by carbonlib, in the claim's unit; None when not reproducible.
    where : str, optional
        Where it is reproduced; empty for a figure's claims, whose notebook and module
        :func:`carbonlib.paper.contract.publish` fills in from the registry.
    note : str, optional
        Why it differs, what is missing, or how it was derived.
    inputs : iterable of Input, optional
        The data rows the reproduced value rests on (see :func:`inputs`); they decide the
        claim's ``evidence``.
    status : str, optional
        Force a verdict, for claims whose verdict is not a comparison of numbers (a mislabelled
        bar, a caption that contradicts its axis, unpublished data). Otherwise derived.

    Returns
    -------
    dict
        One row of the claim table.
    """
    used = tuple(inputs)
    claims = ledger_claims()
    if claim_id not in claims.index:
        raise KeyError(f"claim_id={claim_id!r} is not in data/claims.csv")
    c = claims.loc[claim_id]
    target, alt = float(c["paper_value"]), c["paper_value_alt"]
    rel = (reproduced - target) / target if reproduced is not None and target else math.nan
    if status is not None and status not in STATUSES:
        raise ValueError(f"status={status!r}; allowed: {', '.join(STATUSES)}")
    if status is None:
        if reproduced is None or (isinstance(reproduced, float) and math.isnan(reproduced)):
            status = "not reproducible"
        elif not pd.isna(alt):
            status = "inconsistent in paper"
            hits = [f"{v:g}" for v in (target, float(alt))
                    if _within(reproduced, v, c["tolerance"], c["tolerance_type"])]
            match = f"matches {' and '.join(hits)}" if hits else "matches neither value"
            note = f"{note}; reproduced {reproduced:.4g} {match}".lstrip("; ")
        elif _within(reproduced, target, c["tolerance"], c["tolerance_type"]):
            status = "reproduced"
        else:
            status = "differs"
    return {
        "id": claim_id, "figure": c["figure"], "claim": c["claim"], "paper_value": target,
        "paper_value_alt": alt, "unit": c["unit"],
        "reproduced": math.nan if reproduced is None else float(reproduced),
        "rel_difference": rel, "tolerance": c["tolerance"],
        "tolerance_type": c["tolerance_type"], "status": status,
        "expected_status": c["expected_status"], "where": where, "note": note,
        "evidence": evidence_of(used), "inputs": "; ".join(str(i) for i in used),
    }


def table(rows: list[dict]) -> pd.DataFrame:
    """Assemble :func:`check` rows into the claim table shown in notebooks."""
    return pd.DataFrame(rows, columns=_COLUMNS)


def record(checks: pd.DataFrame, notebook: str, directory: Path | None = None) -> Path:
    """Write a notebook's claim table to ``build/claims/<notebook>.csv`` for the ledger."""
    directory = directory or paths.CLAIMS_BUILD_DIR
    run_id = os.environ.get(paths.RUN_ID_ENV, "")
    target = files.write_csv(checks.assign(notebook=notebook, run_id=run_id),
                             directory / f"{notebook}.csv")
    return target


def assert_expected(checks: pd.DataFrame, *, strict: bool = True) -> None:
    """Raise :class:`ClaimMismatch` naming every claim whose verdict changed.

    Parameters
    ----------
    checks : pandas.DataFrame
        A table from :func:`table`.
    strict : bool, default True
        When False (exploring other assumptions) only report, do not raise.
    """
    changed = checks[checks["status"] != checks["expected_status"]]
    if changed.empty:
        return
    lines = [f"  {r.id} ({r.figure}: {r.claim}): expected {r.expected_status!r}, got "
             f"{r.status!r} (paper {r.paper_value:g}, reproduced {r.reproduced:.4g})"
             for r in changed.itertuples()]
    message = "claim verdicts changed:\n" + "\n".join(lines)
    if strict:
        raise ClaimMismatch(message + "\nIf the change is deliberate, edit expected_status in "
                            "data/claims.csv and run `make checksums`.")
    print(message)
