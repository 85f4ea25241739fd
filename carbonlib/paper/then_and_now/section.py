"""The then-and-now verdicts as text: the README's table and the report's HTML section."""

from __future__ import annotations

import html

from carbonlib.paper.then_and_now.verdicts import CONCLUSIONS, Analysis, analyse

__all__ = ["readme_table", "report_section", "report_body", "readme_mismatches", "check_readme",
           "README_START", "README_END"]

README_START = "<!-- then-and-now:start -->"
README_END = "<!-- then-and-now:end -->"


def _fmt(key: str, x: float) -> str:
    if key == "embodied_share":
        return f"{100 * x:.0f}%"
    if key == "growth":
        return f"{100 * x:.1f}%"
    return f"{x:.2f}"


def _rows(a: Analysis) -> list[dict[str, str]]:
    table = a.table.set_index("conclusion")
    out = []
    for c in CONCLUSIONS:
        r = table.loc[c.key]
        out.append({
            "conclusion": f"{c.statement} ({c.figures})",
            "paper": f"{_fmt(c.key, r['paper_median'])} ({_fmt(c.key, r['paper_low'])}-"
                     f"{_fmt(c.key, r['paper_high'])})",
            "today": f"{_fmt(c.key, r['today_median'])} ({_fmt(c.key, r['today_low'])}-"
                     f"{_fmt(c.key, r['today_high'])})",
            "threshold": f"{'>=' if c.direction > 0 else '<='} {_fmt(c.key, c.threshold)}",
            "verdict": str(r["verdict"]),
            "p": f"{100 * r['p_holds_today']:.0f}%",
            "driver": str(r["driver"]),
        })
    return out


def readme_table(a: Analysis | None = None) -> str:
    """The README's conclusions table (Markdown), between the then-and-now markers.

    Computed from :func:`analyse` with its defaults unless ``a`` is given.
    """
    a = a or analyse()
    lines = [README_START,
             "| Conclusion | Metric, paper's inputs (5-95%) | Today's inputs (5-95%) | "
             "Holds if | Verdict | Today's draws that hold | Driven by |",
             "|---|---|---|---|---|---|---|"]
    for r in _rows(a):
        lines.append(f"| {r['conclusion']} | {r['paper']} | {r['today']} | {r['threshold']} | "
                     f"**{r['verdict']}** | {r['p']} | `{r['driver']}` |")
    lines.append(README_END)
    return "\n".join(lines)


def report_section(a: Analysis | None = None, *, figure_dir: str = "../figures") -> str:
    """The report's "then and now" section, as an HTML fragment.

    Parameters
    ----------
    a : Analysis, optional
        A finished analysis; computed with the defaults when omitted.
    figure_dir : str, default "../figures"
        Where the report finds ``then_and_now_<key>.png`` (relative to the report page).
    """
    return ('<section id="then-and-now"><h2>Then and now</h2>'
            f"{report_body(a, figure_dir=figure_dir)}</section>")


def report_body(a: Analysis | None = None, *, figure_dir: str = "../figures") -> str:
    """The body of :func:`report_section` (everything under its heading), as HTML.

    ``a`` needs only its ``table`` (e.g. read back from ``then_and_now.conclusions.csv``).
    """
    a = a or analyse()
    head = ("<th>Conclusion</th><th>Paper's inputs (5-95%)</th><th>Today's inputs (5-95%)</th>"
            "<th>Holds if</th><th>Verdict</th><th>Today's draws that hold</th><th>Driven by</th>")
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(r[k])}</td>" for k in
                         ("conclusion", "paper", "today", "threshold", "verdict", "p", "driver"))
        + "</tr>" for r in _rows(a))
    figs = "".join(
        f'<figure><img src="{html.escape(figure_dir)}/then_and_now_{c.key}.png" '
        f'alt="{html.escape(c.statement)}" loading="lazy"><figcaption>{html.escape(c.figures)}: '
        f"{html.escape(c.metric)}; holds if {'at least' if c.direction > 0 else 'at most'} "
        f"{c.threshold:.3g} ({html.escape(c.why)}).</figcaption></figure>" for c in CONCLUSIONS)
    return ("<p>Each conclusion recomputed with the paper's inputs (2019-2021) and with today's "
            "(H100-class servers, current fleet PUE and grids, recent fleet growth), through the "
            "same models. Ranges are 5th-95th percentiles of Monte Carlo draws over the spread "
            "of the sources; the verdict compares the medians against a stated threshold; the "
            "driver is today's input with the largest total Sobol index. Inputs: "
            "<code>data/today_hardware.csv</code>, <code>data/today_fleet.csv</code>, "
            "<code>data/today_grid.csv</code>; notebook <code>notebooks/then_and_now.ipynb</code>."
            f"</p><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{figs}")


def readme_mismatches(a: Analysis, readme_text: str) -> list[str]:
    """Conclusions whose computed verdict or driver differs from the README's table.

    Returns an empty list when they agree; raises ``ValueError`` when the markers are missing.
    """
    if README_START not in readme_text or README_END not in readme_text:
        raise ValueError(f"readme_text has no {README_START} ... {README_END} block; allowed: "
                         "a README holding the table written by readme_table()")
    block = readme_text.split(README_START, 1)[1].split(README_END, 1)[0]
    out = []
    for r in _rows(a):
        line = next((ln for ln in block.splitlines() if ln.startswith(f"| {r['conclusion']} |")),
                    None)
        if line is None:
            out.append(f"{r['conclusion']}: missing from the README")
            continue
        if f"**{r['verdict']}**" not in line or f"`{r['driver']}`" not in line:
            out.append(f"{r['conclusion']}: computed {r['verdict']} (driver {r['driver']}), "
                       f"README says: {line}")
    return out


def check_readme(a: Analysis, *, strict: bool) -> str:
    """Compare ``a`` with the repository README's table; raise when ``strict`` and they differ.

    Returns a one-line summary (what the notebook shows). ``strict`` is also switched on by
    ``CARBONLIB_STRICT=1`` (``make test``).
    """
    from carbonlib.machinery import paths
    from carbonlib.paper.contract import strict_from_environment

    readme = paths.ROOT / "README.md"
    mismatches = readme_mismatches(a, readme.read_text(encoding="utf-8")) if readme.exists() \
        else []
    if mismatches and (strict or strict_from_environment()):
        raise AssertionError("README's then-and-now table is out of date: "
                             + "; ".join(mismatches))
    return "; ".join(mismatches) or "the README's table agrees with the computed verdicts"
