"""The claims ledger and the one-page reproduction report.

``python -m carbonlib.paper.report`` (run by ``make reproduce``) reads the claim tables the
notebooks wrote to ``build/claims/``, joins them with ``data/claims.csv`` and writes:

- ``build/claims.csv``: every claim with the paper's value, the reproduced value, the verdict and
  where it is reproduced (claims no notebook checked are marked ``not checked``);
- ``build/report/index.html``: a self-contained page (figures embedded) with each reproduced
  figure, its claims and verdicts, the parameters used, package versions and the git commit;
- ``build/report/gallery/<notebook>.png``: thumbnails for the README gallery (``make gallery``
  copies them to ``docs/gallery/``).
"""

from __future__ import annotations

import base64
import html
import importlib.metadata
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd

from carbonlib.machinery import paths
from carbonlib.paper import ledger_view
from carbonlib.paper.claims import VERDICTS, ledger_claims, normalize_verdict

__all__ = ["build_ledger", "verdict_counts", "thumbnail_png", "render_html", "main"]

NOT_CHECKED = ledger_view.NOT_CHECKED
THUMB_WIDTH_PX = 360
PACKAGES = ["carbonlib", "numpy", "pandas", "scipy", "matplotlib", "seaborn", "pandera",
            "papermill", "nbval"]


def build_ledger(claims_dir: Path | None = None) -> pd.DataFrame:
    """Every claim of ``data/claims.csv`` with its reproduced value and last-run verdict."""
    claims_dir = claims_dir or paths.CLAIMS_BUILD_DIR
    ledger = ledger_claims().reset_index(drop=True)
    parts = sorted(p for p in claims_dir.glob("*.csv") if not p.name.endswith(".agreement.csv"))
    cols = ["id", "reproduced", "rel_difference", "verdict", "evidence", "where", "note",
            "inputs", "readings", "notebook"]
    frames = [_with_verdict(pd.read_csv(p, keep_default_na=False, na_values=[""]))
              for p in parts]
    frames = [f for f in frames if not f.empty]
    from carbonlib.paper import figure_parts, independent, text_claims

    frames.append(text_claims.check_claims().assign(notebook="(text; no figure)"))
    frames.append(independent.check_claims().assign(notebook="(cited sources; no figure)"))
    frames.append(figure_parts.check_claims().assign(notebook="(figure parts; no figure)"))
    checked = pd.concat(frames) if frames else pd.DataFrame(columns=cols)
    dup = checked["id"][checked["id"].duplicated()]
    if not dup.empty:
        raise ValueError(f"claims checked by more than one notebook: {sorted(set(dup))}")
    merged = ledger.merge(checked[cols], on="id", how="left")
    merged["verdict"] = merged["verdict"].fillna(NOT_CHECKED)
    merged["evidence"] = merged["evidence"].fillna("")
    keep = ["id", "figure", "section", "claim", "paper_value", "paper_value_alt", "unit",
            "tolerance", "tolerance_type", "tolerance_reason", "reproduced", "rel_difference",
            "verdict", "evidence", "wording", "expected_status", "where", "notebook", "note",
            "inputs", "readings", "paper_text", "source", "locator"]
    return ledger_view.with_wording(merged)[keep]


def _with_verdict(part: pd.DataFrame) -> pd.DataFrame:
    """A recorded claim table with ``verdict`` and ``evidence`` (older tables: from status)."""
    for column in ("evidence", "inputs", "readings"):
        if column not in part.columns:
            part[column] = ""
    if "verdict" not in part.columns and "status" in part.columns:
        part["verdict"] = part["status"].map(normalize_verdict)
    return part


def verdict_counts(ledger: pd.DataFrame) -> dict[str, int]:
    """Number of claims per verdict, in the order of :data:`carbonlib.paper.claims.VERDICTS`."""
    counts = ledger["verdict"].value_counts()
    order = [*VERDICTS, NOT_CHECKED]
    return {s: int(counts.get(s, 0)) for s in order if counts.get(s, 0) or s in VERDICTS}


def thumbnail_png(figure_png: Path, width_px: int = THUMB_WIDTH_PX) -> bytes:
    """A deterministic PNG thumbnail of ``figure_png`` (no metadata, fixed resampling)."""
    from PIL import Image

    with Image.open(figure_png) as img:
        img = img.convert("RGB")
        height = round(img.height * width_px / img.width)
        small = img.resize((width_px, height), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    small.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _git_commit() -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=paths.ROOT,
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=paths.ROOT, capture_output=True, text=True).stdout.strip()
        return f"{sha}{' (with uncommitted changes)' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def _versions() -> dict[str, str]:
    out = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _title(stem: str) -> str:
    """The notebook's first markdown heading (its figure title), else its file stem."""
    import nbformat

    nb = nbformat.read(paths.NOTEBOOKS_DIR / f"{stem}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return stem


def _parameters(stem: str) -> dict[str, str]:
    """Parameters a notebook ran with: its declared defaults updated with the overrides."""
    import nbformat

    from carbonlib.machinery.pipeline import declared_parameters

    source = paths.NOTEBOOKS_DIR / f"{stem}.ipynb"
    params = {k: v["default"] for k, v in declared_parameters(source).items()} \
        if source.exists() else {}
    executed = paths.BUILD_DIR / "executed" / f"{stem}.ipynb"
    if executed.exists():
        meta = nbformat.read(executed, as_version=4).metadata.get("papermill", {})
        params.update({k: repr(v) for k, v in meta.get("parameters", {}).items()})
    return params


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.2em} h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;font-size:.88em;margin:.6em 0}
th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f4f4f4} td.num{text-align:right;font-variant-numeric:tabular-nums}
img.figure{max-width:100%;width:820px;border:1px solid #eee}
.badge{display:inline-block;padding:1px 7px;border-radius:9px;font-size:.85em;white-space:nowrap}
.reproduced{background:#d8f0dc} .differs{background:#fde2c8}
.not-reproducible{background:#e4e4e4} .inconsistent-in-paper{background:#f9d6e4}
.not-checked{background:#fff3b0}
.summary span{margin-right:1em} code{font-size:.9em} .meta{font-size:.85em;color:#555}
""" + ledger_view.CSS


def _badge(status: str) -> str:
    return f'<span class="badge {status.replace(" ", "-")}">{html.escape(status)}</span>'


def _fmt(x) -> str:
    if x is None or (isinstance(x, float) and pd.isna(x)):
        return ""
    return f"{x:.4g}" if isinstance(x, float) else html.escape(str(x))


def _claims_table(rows: pd.DataFrame, table_id: str = "") -> str:
    return ledger_view.claims_table_html(rows, table_id=table_id)


def render_html(ledger: pd.DataFrame) -> str:
    """The report page as a string (figures embedded as base64 PNG)."""
    summary = ledger_view.summary_line(ledger)
    sections = []
    stems = sorted(p.stem for p in paths.NOTEBOOKS_DIR.glob("*.ipynb"))
    for stem in stems:
        png = paths.FIGURES_DIR / f"{stem}.png"
        img = (f'<img class="figure" alt="{stem}" src="data:image/png;base64,'
               f'{base64.b64encode(png.read_bytes()).decode()}">' if png.exists()
               else f"<p><b>Figure missing: {stem} did not run.</b></p>")
        rows = ledger[ledger["notebook"] == stem]
        params = _parameters(stem)
        ptable = "".join(f"<tr><td><code>{html.escape(k)}</code></td><td><code>"
                         f"{html.escape(str(v))}</code></td></tr>" for k, v in params.items())
        sections.append(
            f'<section id="{stem}"><h2>{html.escape(_title(stem))}</h2>'
            f'<p class="meta">notebooks/{stem}.ipynb &rarr; figures/{stem}.png, .svg</p>{img}'
            f"<h3>Claims</h3>{_claims_table(rows) if not rows.empty else '<p>none</p>'}"
            f"<details><summary>Parameters used</summary><table>{ptable}</table></details>"
            "</section>")
    unchecked = ledger[ledger["verdict"] == NOT_CHECKED]
    if not unchecked.empty:
        sections.append(f"<section><h2>Claims no notebook checked</h2>"
                        f"{_claims_table(unchecked)}</section>")
    sections.append('<section id="ledger"><h2>All claims, by evidence</h2>'
                    + ledger_view.filter_controls("all-claims")
                    + _claims_table(ledger, "all-claims") + "</section>")
    versions = ", ".join(f"{k} {v}" for k, v in _versions().items())
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Sustainable AI: reproduction report</title>"
        f"<style>{_CSS}</style></head><body>"
        "<h1>Sustainable AI: reproduction report</h1>"
        "<p>Every figure of Wu et al., <i>Sustainable AI: Environmental Implications, Challenges "
        "and Opportunities</i> (MLSys 2022, arXiv:2111.00364) rebuilt from <code>data/</code> by "
        "<code>carbonlib</code>, and every quantitative claim of the paper checked.</p>"
        f'<p class="summary">{len(ledger)} claims: {summary}</p>'
        + ledger_view.summary_html(ledger) + ledger_view.SCRIPT
        + f'<p class="meta">git commit {html.escape(_git_commit())}; {html.escape(versions)}</p>'
        + "<nav><ol>" + "".join(f'<li><a href="#{s}">{html.escape(_title(s))}</a></li>'
                                for s in stems) + "</ol></nav>"
        + "".join(sections) + "</body></html>"
    )


def readme_blocks(ledger: pd.DataFrame) -> dict[str, str]:
    """Markdown for the README's verdict table and gallery (``make gallery`` writes them)."""
    verdicts = ledger_view.markdown_table(ledger)
    stems = sorted(p.stem for p in paths.NOTEBOOKS_DIR.glob("*.ipynb"))
    cells = [f'<a href="notebooks/{s}.ipynb"><img src="docs/gallery/{s}.png" width="260" '
             f'alt="{html.escape(_title(s))}"></a>' for s in stems]
    return {"verdicts": verdicts, "gallery": "\n".join(cells)}


def update_readme(ledger: pd.DataFrame, readme: Path | None = None) -> Path:
    """Rewrite the blocks between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``."""
    import re

    readme = readme or paths.ROOT / "README.md"
    text = readme.read_text()
    for name, block in readme_blocks(ledger).items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        if not pattern.search(text):
            raise ValueError(f"{readme}: markers <!-- {name}:start/end --> not found")
        text = pattern.sub(lambda m, b=block: m.group(1) + b + "\n" + m.group(2), text)
    readme.write_text(text)
    return readme


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ledger = build_ledger()
    if argv[:1] == ["--readme"]:
        print(f"updated {update_readme(ledger)}")
        return 0
    out = paths.BUILD_DIR / "claims.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    ledger.to_csv(out, index=False, float_format="%.6g", lineterminator="\n")
    report = paths.BUILD_DIR / "report" / "index.html"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(render_html(ledger), encoding="utf-8")
    gallery = report.parent / "gallery"
    gallery.mkdir(exist_ok=True)
    for png in sorted(paths.FIGURES_DIR.glob("*.png")):
        (gallery / png.name).write_bytes(thumbnail_png(png))
    counts = verdict_counts(ledger)
    print(f"claims ledger: {out.relative_to(paths.ROOT)} ({len(ledger)} claims: "
          + ", ".join(f"{k} {v}" for k, v in counts.items()) + ")")
    print(f"report: {report.relative_to(paths.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
