"""How the claims ledger is shown: the verdict x evidence table, the wording rule, the claims table.

Wording rule
    "reproduced" / "not reproduced" only where the evidence is ``independent`` or ``derived``;
    where it is ``figure`` (the value is read off the paper's own figure), "figure agrees with
    text" / "figure contradicts text". "inconsistent in paper" and "not checkable" are said as
    they are.
"""

from __future__ import annotations

import html

import pandas as pd

from carbonlib.paper.claims import EVIDENCE, VERDICTS

__all__ = ["NO_INPUTS", "NOT_CHECKED", "wording", "with_wording", "verdict_evidence",
           "markdown_table", "summary_line", "summary_html", "claims_table_html",
           "filter_controls", "CSS", "SCRIPT"]

#: Column label for claims whose check declares no input rows.
NO_INPUTS = "no inputs declared"
#: Verdict of a claim no module checked in the last run.
NOT_CHECKED = "not checked"

_WORDS = {
    ("agrees", "independent"): "reproduced", ("agrees", "derived"): "reproduced",
    ("differs", "independent"): "not reproduced", ("differs", "derived"): "not reproduced",
    ("agrees", "figure"): "figure agrees with text",
    ("differs", "figure"): "figure contradicts text",
}


_ORDER = [("reproduced", "agrees"), ("not reproduced", "differs"),
          ("figure agrees with text", "agrees"), ("figure contradicts text", "differs"),
          ("agrees (inputs not declared)", "agrees"), ("differs (inputs not declared)", "differs"),
          ("inconsistent in paper", "inconsistent in paper"),
          ("not checkable", "not checkable"), (NOT_CHECKED, NOT_CHECKED)]


def wording(verdict: str, evidence: str) -> str:
    """What the report says for a claim with this verdict and evidence.

    >>> wording("agrees", "independent"), wording("agrees", "figure")
    ('reproduced', 'figure agrees with text')
    >>> wording("differs", "")
    'differs (inputs not declared)'
    """
    evidence = "" if pd.isna(evidence) else str(evidence)
    if (verdict, evidence) in _WORDS:
        return _WORDS[(verdict, evidence)]
    if verdict in ("agrees", "differs"):
        return f"{verdict} (inputs not declared)"
    return verdict


def with_wording(ledger: pd.DataFrame) -> pd.DataFrame:
    """``ledger`` with a ``wording`` column (see :func:`wording`)."""
    return ledger.assign(wording=[wording(v, e) for v, e in
                                  zip(ledger["verdict"], ledger["evidence"], strict=True)])


def verdict_evidence(ledger: pd.DataFrame) -> pd.DataFrame:
    """Number of claims per verdict (rows) and evidence (columns), with totals."""
    verdicts = [*VERDICTS, *([NOT_CHECKED] if ledger["verdict"].eq(NOT_CHECKED).any() else [])]
    evidence = ledger["evidence"].fillna("").replace("", NO_INPUTS)
    cols = [*EVIDENCE, NO_INPUTS]
    table = pd.crosstab(ledger["verdict"], evidence).reindex(index=verdicts, columns=cols,
                                                            fill_value=0)
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    table.index.name, table.columns.name = "verdict", "evidence"
    return table.astype(int)


def markdown_table(ledger: pd.DataFrame) -> str:
    """The verdict x evidence table in Markdown (the README's headline)."""
    t = verdict_evidence(ledger)
    lines = ["| verdict | " + " | ".join(t.columns) + " |",
             "|---|" + "---:|" * len(t.columns)]
    lines += [f"| {v} | " + " | ".join(str(n) for n in row) + " |"
              for v, row in zip(t.index, t.to_numpy(), strict=True)]
    return "\n".join(lines)


def _badge(text: str, css: str) -> str:
    return f'<span class="badge {css.replace(" ", "-")}">{html.escape(text)}</span>'


def summary_line(ledger: pd.DataFrame) -> str:
    """Badges counting the claims by their wording ("reproduced", "figure agrees with text"...)."""
    words = with_wording(ledger)["wording"].value_counts()
    return "".join(f"<span>{_badge(w, v)} {int(words[w])}</span>"
                   for w, v in _ORDER if w in words.index)


def summary_html(ledger: pd.DataFrame) -> str:
    """The verdict x evidence table as HTML."""
    t = verdict_evidence(ledger)
    head = "<tr><th>verdict \\ evidence</th>" + "".join(
        f"<th>{html.escape(c)}</th>" for c in t.columns) + "</tr>"
    body = "".join(
        f"<tr><td>{_badge(v, v) if v != 'total' else '<b>total</b>'}</td>"
        + "".join(f'<td class="num">{n}</td>' for n in row) + "</tr>"
        for v, row in zip(t.index, t.to_numpy(), strict=True))
    return (f'<table class="verdict-evidence">{head}{body}</table>'
            '<p class="meta">Evidence: <b>independent</b>, every input from outside the paper '
            "(cited tables, public data, datasheets); <b>derived</b>, arithmetic on numbers the "
            "paper states or on an assumption; <b>figure</b>, some input read off the paper's "
            "own figures, so agreement only shows the paper agrees with itself.</p>")


def _fmt(x: object) -> str:
    if x is None or (isinstance(x, float) and pd.isna(x)):
        return ""
    return f"{x:.4g}" if isinstance(x, float) else html.escape(str(x))


def _list(text: object, sep: str) -> str:
    if not isinstance(text, str) or not text:
        return ""
    return "<ul>" + "".join(f"<li>{html.escape(t.strip())}</li>" for t in text.split(sep)) \
        + "</ul>"


def claims_table_html(rows: pd.DataFrame, *, table_id: str = "") -> str:
    """The claims table: verdict worded by evidence, inputs and readings on demand.

    Rows carry ``data-evidence`` so :data:`SCRIPT` can filter and sort them.
    """
    rows = with_wording(rows) if "wording" not in rows.columns else rows
    head = ("<tr><th>id</th><th>claim</th><th>paper</th><th>reproduced</th><th>unit</th>"
            "<th>verdict</th><th>evidence</th><th>tolerance</th><th>note, inputs, readings"
            "</th></tr>")
    body = []
    for r in rows.itertuples():
        paper = _fmt(r.paper_value) + (f" / {_fmt(r.paper_value_alt)}"
                                       if not pd.isna(r.paper_value_alt) else "")
        evidence = "" if pd.isna(r.evidence) else str(r.evidence)
        details = _fmt(r.note)
        inputs, readings = _list(getattr(r, "inputs", ""), ";"), \
            _list(getattr(r, "readings", ""), "|")
        if inputs:
            details += f"<details><summary>inputs (file:line, source, kind)</summary>{inputs}" \
                       "</details>"
        if readings:
            details += f"<details open><summary>readings</summary>{readings}</details>"
        reason = getattr(r, "tolerance_reason", "")
        tol = f"{_fmt(r.tolerance)} {html.escape(str(r.tolerance_type))}" + (
            f"<br><small>{html.escape(str(reason))}</small>" if isinstance(reason, str) and
            reason else "")
        body.append(
            f'<tr data-evidence="{html.escape(evidence or NO_INPUTS)}" '
            f'data-verdict="{html.escape(r.verdict)}"><td><code>{html.escape(r.id)}</code></td>'
            f"<td>{html.escape(r.claim)}</td>"
            f'<td class="num">{paper}</td><td class="num">{_fmt(r.reproduced)}</td>'
            f"<td>{html.escape(str(r.unit))}</td><td>{_badge(r.wording, r.verdict)}</td>"
            f"<td>{html.escape(evidence or NO_INPUTS)}</td><td>{tol}</td><td>{details}</td></tr>")
    ident = f' id="{table_id}"' if table_id else ""
    return f'<table class="claims"{ident}>{head}{"".join(body)}</table>'


def filter_controls(table_id: str) -> str:
    """A select that filters and a button that sorts the table ``table_id`` by evidence."""
    options = "".join(f'<option value="{e}">{e}</option>' for e in (*EVIDENCE, NO_INPUTS))
    return (f'<p>Evidence: <select onchange="ledgerFilter(\'{table_id}\', this.value)">'
            f'<option value="">all</option>{options}</select> '
            f'<button onclick="ledgerSort(\'{table_id}\')">sort by evidence</button></p>')


#: Styles of the ledger's tables and badges.
CSS = """
.agrees{background:#d8f0dc} .differs{background:#fde2c8}
.not-checkable{background:#e4e4e4} .inconsistent-in-paper{background:#f9d6e4}
.not-checked{background:#fff3b0} table.verdict-evidence{width:auto}
"""

#: Filter and sort of the claims table by evidence (no external script).
SCRIPT = """
<script>
function ledgerFilter(id, ev){document.querySelectorAll('#'+id+' tr[data-evidence]')
.forEach(function(r){r.style.display=(!ev||r.dataset.evidence===ev)?'':'none';});}
function ledgerSort(id){var t=document.getElementById(id);var order=ORDER;
var rows=Array.from(t.querySelectorAll('tr[data-evidence]'));
rows.sort(function(a,b){return order.indexOf(a.dataset.evidence)
-order.indexOf(b.dataset.evidence);});
rows.forEach(function(r){t.appendChild(r);});}
</script>
""".replace("ORDER", str([*EVIDENCE, NO_INPUTS]).replace("'", '"'))
