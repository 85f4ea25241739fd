"""The paper's quantitative claims, checked against what carbonlib reproduces.

``data/claims.csv`` holds each claim: the paper's value (and, where the paper states the quantity
twice, its other value), the unit, a tolerance with the reason for it, and the verdict expected
when the paper's own parameters are used (a regression guard only). A check calls :func:`check`
with the reproduced value and the data rows it rests on; notebooks show the table, write it with
:func:`record` and stop with :func:`assert_expected` when a verdict changed.

Each claim gets two separate grades.

Verdict (computed by :func:`verdict_of`, never typed)
    agrees
        The reproduced value is within the claim's tolerance of the paper's value.
    differs
        It is not; the note says by how much and why.
    inconsistent in paper
        The paper gives two values for one quantity (``paper_value_alt``) and they disagree
        beyond the claim's tolerance ("28.5%" vs "25.8%"). Two values that agree ("810x" and
        "over 800x") are not a contradiction: the claim is then checked against the first.
    not checkable
        No public data reproduce the value; the note says what is missing.

Evidence (computed by :func:`evidence_of` from the provenance of the declared inputs)
    independent
        Every input comes from outside the paper: a cited paper's table, public data, a
        datasheet (``source`` is not ``wu2022``; kinds ``stated``, ``table``, ``inferred``,
        ``label``, ``digitized``).
    derived
        Arithmetic on numbers the paper states (``wu2022`` with kind ``stated``, ``table``,
        ``inferred`` or ``assumed``), or on an assumption (kind ``assumed`` from any source: an
        assumption is not a measurement, so it makes a value no stronger than derived).
    figure
        Some input is read off the paper's own figures (``wu2022`` with kind ``label`` or
        ``digitized``): agreement then shows only that the paper agrees with itself.

    The weakest input decides. A check that declares no input has empty evidence.

Readings
    Where a sentence admits more than one reading, every reading is recorded with its value and
    verdict (:class:`Reading`); the primary one, fixed by the paper's quoted words, gives the
    claim's verdict. Readings registered in :mod:`carbonlib.paper.readings` are attached by
    :func:`check` itself, so a claim is never checked under one reading only.

Tolerances (``tolerance_type``)
    ``relative`` (fraction of the paper's value), ``absolute`` (in the claim's unit), ``factor``
    (the ratio of the two lies within ``[1/tolerance, tolerance]``), ``above`` / ``below``
    (the paper states a bound: "more than 90%"). ``tolerance_reason`` says why, from the claim's
    wording.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from carbonlib import data
from carbonlib.data.schemas.claims import LEGACY_VERDICTS, STATUSES, VERDICTS
from carbonlib.machinery import files, paths

__all__ = ["VERDICTS", "STATUSES", "EVIDENCE", "Input", "Reading", "inputs", "evidence_of",
           "normalize_verdict", "verdict_of", "check", "table", "record", "assert_expected",
           "ClaimMismatch", "ledger_claims"]

#: How strong a reproduced value's evidence is, strongest first.
EVIDENCE: tuple[str, ...] = ("independent", "derived", "figure")
#: Citation key of the paper itself in ``data/references.bib``.
PAPER_KEY = "wu2022"
#: Kinds of a paper value read off its figures.
FIGURE_KINDS: tuple[str, ...] = ("label", "digitized")


def normalize_verdict(verdict: str) -> str:
    """The verdict in the current vocabulary (``reproduced`` -> ``agrees``, ...).

    >>> normalize_verdict("reproduced"), normalize_verdict("differs")
    ('agrees', 'differs')
    """
    verdict = LEGACY_VERDICTS.get(verdict, verdict)
    if verdict not in VERDICTS:
        raise ValueError(f"verdict={verdict!r}; allowed: {', '.join(STATUSES)}")
    return verdict


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
        """This row's grade: ``figure``, ``derived`` or ``independent`` (see the module notes)."""
        if self.source == PAPER_KEY:
            return "figure" if self.kind in FIGURE_KINDS else "derived"
        if self.kind == "assumed":
            return "derived"
        return "independent"

    def __str__(self) -> str:
        return f"{self.table}.csv:{self.line} ({self.source}, {self.kind})"


def inputs(table: str, *, data_dir: Path | None = None, **match: object) -> tuple[Input, ...]:
    """The rows of ``data/<table>.csv`` whose columns equal ``match`` (a list means any of).

    Parameters
    ----------
    table : str
        Data table stem.
    data_dir : path-like, optional
        Read a copy of ``data/`` (tests); defaults to the bundled folder.
    **match
        Column name -> wanted value (or list of values).

    Examples
    --------
    >>> [str(i) for i in inputs("fig07_lm_chain", step_order=1, quantity="power_normalized")]
    ['fig07_lm_chain.csv:3 (wu2022, label)']
    """
    df = data.load(table, data_dir=data_dir)
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
    """The weakest evidence among ``used`` (empty string when no input is declared).

    >>> evidence_of([Input("t", 2, "patterson2021", "table", "x"),
    ...              Input("t", 3, "wu2022", "digitized", "y")])
    'figure'
    """
    grades = [i.evidence for i in used]
    return max(grades, key=EVIDENCE.index) if grades else ""


@dataclass(frozen=True)
class Reading:
    """One way to read an ambiguous claim, with the value it gives.

    Parameters
    ----------
    name : str
        Short name, e.g. ``"across the life cycle"``.
    value : float or None
        The reproduced value under this reading, in the claim's unit.
    quote : str
        The paper's words that support this reading (for the primary one, the words that fix it).
    primary : bool
        True for the reading the paper's words fix; it decides the claim's verdict.
    inputs : tuple of Input
        The data rows this reading's value rests on.
    """

    name: str
    value: float | None
    quote: str = ""
    primary: bool = False
    inputs: tuple[Input, ...] = field(default=())


_COLUMNS = ["id", "figure", "claim", "paper_value", "paper_value_alt", "unit", "reproduced",
            "rel_difference", "tolerance", "tolerance_type", "tolerance_reason", "verdict",
            "evidence", "status", "expected_status", "where", "note", "inputs", "readings"]


class ClaimMismatch(AssertionError):
    """A claim's verdict differs from the committed expected verdict."""


def ledger_claims(data_dir: Path | None = None) -> pd.DataFrame:
    """The claims table ``data/claims.csv``, validated, indexed by claim id.

    Optional columns are filled with their defaults (empty) and ``expected_status`` is
    spelled in the current vocabulary (:func:`normalize_verdict`).
    """
    df = data.load("claims", data_dir=data_dir)
    for column in ("tolerance_reason", "paper_value_alt_bound"):
        if column not in df.columns:
            df[column] = pd.NA
    df["expected_status"] = df["expected_status"].map(normalize_verdict)
    return df.set_index("id", drop=False)


def _within(reproduced: float, target: float, tolerance: float, tolerance_type: str) -> bool:
    if tolerance_type == "relative":
        return abs(reproduced - target) <= tolerance * abs(target) * (1 + 1e-12)
    if tolerance_type == "absolute":
        return abs(reproduced - target) <= tolerance * (1 + 1e-12) + 1e-12
    if tolerance_type == "factor":
        if reproduced <= 0 or target <= 0:
            return False
        return abs(math.log(reproduced / target)) <= math.log(tolerance) + 1e-12
    if tolerance_type == "below":
        return reproduced < target
    return reproduced > target  # "above"


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _paper_values_agree(claim: Mapping) -> bool:
    """Whether the paper's two values for the quantity agree within the claim's tolerance."""
    target, alt = float(claim["paper_value"]), float(claim["paper_value_alt"])
    bound = claim.get("paper_value_alt_bound")
    if bound == "above":
        return target > alt
    if bound == "below":
        return target < alt
    tol_type = claim["tolerance_type"]
    if tol_type in ("above", "below"):
        return target == alt
    return _within(alt, target, float(claim["tolerance"]), tol_type)


def verdict_of(reproduced: float | None, claim: Mapping) -> tuple[str, str]:
    """The verdict for ``reproduced`` against one row of ``data/claims.csv``, and why.

    Parameters
    ----------
    reproduced : float or None
        The reproduced value in the claim's unit (None or NaN: nothing reproduces it).
    claim : mapping
        The claim's row (``paper_value``, ``paper_value_alt``, ``paper_value_alt_bound``,
        ``tolerance``, ``tolerance_type``).

    Returns
    -------
    tuple of str
        The verdict (one of :data:`VERDICTS`) and a short explanation ("" when agreeing with a
        single paper value).
    """
    target, alt = float(claim["paper_value"]), claim["paper_value_alt"]
    tol, tol_type = float(claim["tolerance"]), str(claim["tolerance_type"])
    has_alt = not pd.isna(alt)
    if has_alt and not _paper_values_agree(claim):
        if _missing(reproduced):
            return "inconsistent in paper", (f"the paper states {target:g} and {float(alt):g} "
                                             "for one quantity")
        hits = [f"{v:g}" for v in (target, float(alt)) if _within(reproduced, v, tol, tol_type)]
        match = f"matches {' and '.join(hits)}" if hits else "matches neither value"
        return "inconsistent in paper", (f"the paper states {target:g} and {float(alt):g}; "
                                         f"reproduced {reproduced:.4g} {match}")
    if _missing(reproduced):
        return "not checkable", ""
    why = ""
    if has_alt:
        bound = claim.get("paper_value_alt_bound")
        alt_text = {"above": "over ", "below": "under "}.get(bound, "") if isinstance(
            bound, str) else ""
        why = (f"the paper's two values {target:g} and {alt_text}{float(alt):g} agree with each "
               "other; checked against the first")
    return ("agrees" if _within(reproduced, target, tol, tol_type) else "differs"), why


def _registered_readings(claim_id: str) -> tuple[Reading, ...]:
    from carbonlib.paper import readings as registry

    make: Callable[[], tuple[Reading, ...]] | None = registry.REGISTRY.get(claim_id)
    return make() if make is not None else ()


def _readings_text(readings: Iterable[Reading], claim: Mapping) -> str:
    parts = []
    for r in readings:
        verdict, _ = verdict_of(r.value, claim)
        value = "n/a" if _missing(r.value) else f"{r.value:.4g}"
        tag = "primary" if r.primary else "alternative"
        quote = f' "{r.quote}"' if r.quote else ""
        parts.append(f"{tag}: {r.name}{quote} = {value} -> {verdict}")
    return " | ".join(parts)


def check(claim_id: str, reproduced: float | None, *, where: str = "", note: str = "",
          inputs: Iterable[Input] = (),
          readings: Iterable[Reading] = ()) -> dict:
    """Compare a reproduced value with the paper's value for one claim.

    Parameters
    ----------
    claim_id : str
        Row id in ``data/claims.csv``.
    reproduced : float or None
        The value reproduced by carbonlib, in the claim's unit; None when no public data
        reproduce it. With ``readings`` that mark a primary one, may be None (the primary
        reading's value is used).
    where : str, optional
        Where it is reproduced; empty for a figure's claims, whose notebook and module
        :func:`carbonlib.paper.contract.publish` fills in from the registry.
    note : str, optional
        Why it differs, what is missing, or how it was derived.
    inputs : iterable of Input, optional
        The data rows the reproduced value rests on (see :func:`inputs`); they decide the
        claim's ``evidence``.
    readings : iterable of Reading, optional
        Every reading of an ambiguous claim. When none is given, the readings registered for
        the claim in :mod:`carbonlib.paper.readings` are used. The primary reading decides the
        verdict; a caller's ``reproduced`` that is not the primary reading's value is kept as
        one more alternative.

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
    given = tuple(readings) or _registered_readings(claim_id)
    primary = [r for r in given if r.primary]
    if len(primary) > 1:
        raise ValueError(f"readings={[r.name for r in primary]!r} are all primary; allowed: one")
    if primary:
        p = primary[0]
        if not _missing(reproduced) and (_missing(p.value) or not math.isclose(
                reproduced, p.value, rel_tol=1e-9, abs_tol=1e-12)):
            given = (*given, Reading("as computed by the caller", reproduced))
        reproduced = p.value
        used = used + tuple(i for i in p.inputs if i not in used)
    verdict, why = verdict_of(reproduced, c)
    target = float(c["paper_value"])
    rel = (reproduced - target) / target if not _missing(reproduced) and target else math.nan
    note = "; ".join(s for s in (note, why) if s)
    return {
        "id": claim_id, "figure": c["figure"], "claim": c["claim"], "paper_value": target,
        "paper_value_alt": c["paper_value_alt"], "unit": c["unit"],
        "reproduced": math.nan if _missing(reproduced) else float(reproduced),
        "rel_difference": rel, "tolerance": c["tolerance"],
        "tolerance_type": c["tolerance_type"],
        "tolerance_reason": "" if pd.isna(c["tolerance_reason"]) else c["tolerance_reason"],
        "verdict": verdict, "evidence": evidence_of(used),
        "expected_status": c["expected_status"], "where": where, "note": note,
        "inputs": "; ".join(str(i) for i in used),
        "readings": _readings_text(given, c) if given else "",
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


def _changed(checks: pd.DataFrame) -> pd.Series:
    expected = checks["expected_status"].map(normalize_verdict)
    changed = pd.Series(False, index=checks.index)
    if "verdict" in checks.columns:
        changed |= checks["verdict"].map(normalize_verdict) != expected
    return changed


def assert_expected(checks: pd.DataFrame, *, strict: bool = True) -> None:
    """Raise :class:`ClaimMismatch` naming every claim whose verdict changed.

    ``expected_status`` is a regression guard: it says which verdict the committed code and data
    gave, not which verdict is right.

    Parameters
    ----------
    checks : pandas.DataFrame
        A table from :func:`table`.
    strict : bool, default True
        When False (exploring other assumptions) only report, do not raise.
    """
    changed = checks[_changed(checks)]
    if changed.empty:
        return
    got = "verdict" if "verdict" in changed.columns else "status"
    lines = [f"  {r.id} ({r.figure}: {r.claim}): expected {r.expected_status!r}, got "
             f"{getattr(r, got)!r} (paper {r.paper_value:g}, reproduced {r.reproduced:.4g})"
             for r in changed.itertuples()]
    message = "claim verdicts changed:\n" + "\n".join(lines)
    if strict:
        raise ClaimMismatch(message + "\nIf the change is deliberate, edit expected_status in "
                            "data/claims.csv and run `make checksums`.")
    print(message)
