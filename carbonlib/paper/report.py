"""The claims ledger and the one-page reproduction report.

``python -m carbonlib.paper.report`` (run by ``make reproduce``) reads the claim tables the
notebooks wrote to ``build/claims/``, joins them with ``data/claims.csv`` and writes:

- ``build/claims.csv``: every claim with the paper's value, the reproduced value, the verdict and
  where it is reproduced (claims no notebook checked are marked ``not checked``);
- ``build/report/index.html``: a self-contained page (figures embedded) with each reproduced
  figure (its title as alt text, click to enlarge), a caption taken from the notebook's "What
  this figure shows, and what it cannot", links to the notebook, the executed notebook and the
  SVG, its claims and verdicts, the parameters used, the run it belongs to, package versions and
  the git commit;
- ``build/report/gallery/<notebook>.png``: thumbnails for the README gallery (``make gallery``
  copies them to ``docs/gallery/``).

The report refuses to mix runs: when ``build/run.json`` (written by ``make reproduce``) names a
run, every claim table in ``build/claims/`` must carry that run's id (:class:`MixedRunsError`).

The page is a list of :class:`Section`; :func:`render_html` assembles it, and a new section is one
more call that returns a :class:`Section`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.metadata
import io
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from carbonlib.machinery import files, paths
from carbonlib.paper import agreement, ledger_view
from carbonlib.paper.claims import VERDICTS, ledger_claims, normalize_verdict

__all__ = ["build_ledger", "unfigured_checks", "Prepared", "verdict_counts", "thumbnail_png",
           "cached_thumbnail",
           "render_html", "Section", "MixedRunsError", "run_info", "check_one_run",
           "figure_caption", "main"]

NOT_CHECKED = ledger_view.NOT_CHECKED
THUMB_WIDTH_PX = 360
PACKAGES = ["carbonlib", "numpy", "pandas", "scipy", "matplotlib", "seaborn", "pandera",
            "papermill", "nbval"]


def unfigured_checks() -> list[pd.DataFrame]:
    """The claims checked without a figure notebook: the paper's text, the cited sources and
    the figure parts; they depend on ``data/`` only, not on any notebook's output."""
    from carbonlib.paper import figure_parts, independent, text_claims

    return [text_claims.check_claims().assign(notebook="(text; no figure)"),
            independent.check_claims().assign(notebook="(cited sources; no figure)"),
            figure_parts.check_claims().assign(notebook="(figure parts; no figure)")]


@dataclass
class Prepared:
    """Parts of the report made ahead, while the notebooks run (see :func:`main`).

    ``unfigured`` is :func:`unfigured_checks`; ``thumbnails`` maps a figure's
    :func:`file_key` to its :func:`thumbnail_png`, so a figure rewritten since is made again.
    """

    unfigured: list[pd.DataFrame] | None = None
    thumbnails: dict[tuple[str, int, int], bytes] = field(default_factory=dict)

    def add_thumbnail(self, figure_png: Path) -> None:
        """Make and keep the thumbnail of ``figure_png`` as the file is now."""
        key = file_key(figure_png)
        self.thumbnails[key] = cached_thumbnail(figure_png)


def file_key(path: Path) -> tuple[str, int, int]:
    """``(path, mtime in ns, size in bytes)``: which version of a file something was made from."""
    st = Path(path).stat()
    return str(path), st.st_mtime_ns, st.st_size


def build_ledger(claims_dir: Path | None = None,
                 unfigured: list[pd.DataFrame] | None = None) -> pd.DataFrame:
    """Every claim of ``data/claims.csv`` with its reproduced value and last-run verdict.

    ``unfigured``, when given, is :func:`unfigured_checks` made ahead.
    """
    claims_dir = claims_dir or paths.CLAIMS_BUILD_DIR
    ledger = ledger_claims().reset_index(drop=True)
    # claim tables are <stem>.csv; <stem>.<kind>.csv are other tables of the same run
    parts = sorted(p for p in claims_dir.glob("*.csv") if "." not in p.stem)
    cols = ["id", "reproduced", "rel_difference", "verdict", "evidence", "where", "note",
            "inputs", "readings", "notebook"]
    frames = [_with_verdict(pd.read_csv(p, keep_default_na=False, na_values=[""]))
              for p in parts]
    frames = [f for f in frames if not f.empty]
    frames += unfigured if unfigured is not None else unfigured_checks()
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
    return _thumbnail_of(Path(figure_png).read_bytes(), width_px)


def _thumbnail_of(png: bytes, width_px: int) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        img = img.convert("RGB")
        height = round(img.height * width_px / img.width)
        small = img.resize((width_px, height), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    small.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def cached_thumbnail(figure_png: Path, width_px: int = THUMB_WIDTH_PX) -> bytes:
    """:func:`thumbnail_png`, kept in ``build/cache/thumbnails/`` under a hash of the figure's
    bytes, the width and Pillow's version: a run that rewrote one figure makes one thumbnail,
    and a figure whose bytes changed can never be shown an old one."""
    import PIL

    png = Path(figure_png).read_bytes()
    key = hashlib.sha256(png + f"\n{width_px} {PIL.__version__}".encode()).hexdigest()[:32]
    cache = paths.BUILD_DIR / "cache" / "thumbnails" / f"{key}.png"
    try:
        return cache.read_bytes()
    except OSError:
        pass
    thumbnail = _thumbnail_of(png, width_px)
    try:
        files.atomic_write(cache, lambda tmp: Path(tmp).write_bytes(thumbnail))
    except OSError:  # a read-only checkout: make it every time
        pass
    return thumbnail


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


class MixedRunsError(RuntimeError):
    """A claim table in ``build/claims/`` comes from another run than ``build/run.json``."""


def run_info(build_dir: Path | None = None) -> dict | None:
    """``build/run.json`` as a dict (run id, start, finish, status, parameters), else None."""
    path = (build_dir or paths.BUILD_DIR) / "run.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _run_ids(claims_dir: Path) -> dict[str, set[str]]:
    """The run id(s) each notebook's claim (and agreement) tables carry, by notebook stem."""
    out: dict[str, set[str]] = {}
    for csv in sorted(claims_dir.glob("*.csv")):
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
        stem = csv.name.split(".", 1)[0]
        ids = set(frame["run_id"]) if "run_id" in frame.columns else {""}
        out.setdefault(stem, set()).update(ids or {""})
    return out


def check_one_run(run: dict | None, claims_dir: Path | None = None) -> dict[str, str]:
    """Each notebook's run id; raise :class:`MixedRunsError` when outputs of two runs would mix.

    With ``build/run.json`` present, every claim table must carry its ``run_id``. Without it,
    the claim tables must agree with each other.

    Parameters
    ----------
    run : dict or None
        What :func:`run_info` returned.
    claims_dir : Path, optional
        Defaults to ``build/claims/``.

    Returns
    -------
    dict
        Notebook stem to run id.

    Raises
    ------
    MixedRunsError
        Naming the notebook and both run ids.
    """
    ids = _run_ids(claims_dir or paths.CLAIMS_BUILD_DIR)
    for stem, found in ids.items():
        if len(found) > 1:
            raise MixedRunsError(f"{stem}: its claim tables carry several run ids "
                                 f"({', '.join(sorted(repr(i) for i in found))}); run "
                                 "`make reproduce` to rebuild every figure in one run")
    expected = run.get("run_id") if run else None
    if expected is None and ids:
        expected = next(iter(ids.values())).copy().pop()
        source = f"the claims of {next(iter(ids))}"
    else:
        source = "build/run.json"
    for stem, found in ids.items():
        (got,) = found
        if got != expected:
            raise MixedRunsError(
                f"{stem}: its figure and claims come from run {got or '(no run id)'!r}, but "
                f"{source} names run {expected or '(no run id)'!r}; the report would mix two "
                f"runs. Run `make reproduce` (every figure, one run), or rerun {stem} within "
                "that run's pipeline")
    return {stem: found.copy().pop() for stem, found in ids.items()}


def _read_notebook_json(path: Path) -> dict:
    """A notebook as plain JSON (the report only reads text from it; no validation needed)."""
    return json.loads(path.read_text(encoding="utf-8"))


def _markdown_cells(stem: str) -> list[str]:
    """The sources of the notebook's markdown cells, in order."""
    cells = _read_notebook_json(paths.NOTEBOOKS_DIR / f"{stem}.ipynb")["cells"]
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells if c["cell_type"] == "markdown"]


def _title(stem: str) -> str:
    """The notebook's first markdown heading (its figure title), else its file stem."""
    for source in _markdown_cells(stem):
        for line in source.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return stem


def figure_caption(stem: str) -> str:
    """The notebook's "What this figure shows, and what it cannot" text (markdown), else "".

    It is the markdown cell whose first line is a heading starting "What this" and mentioning
    what the figure "cannot" show; the heading itself is left out.
    """
    for source in _markdown_cells(stem):
        first, _, rest = source.strip().partition("\n")
        heading = first.lstrip("#").strip().lower()
        if first.startswith("#") and heading.startswith("what this") and "cannot" in heading:
            return rest.strip()
    return ""


def _paper_caption(stem: str) -> str:
    """The quoted paper caption (a markdown block quote starting "The paper's caption"), else ""."""
    for source in _markdown_cells(stem):
        if source.lstrip().startswith("> **The paper's caption"):
            return "\n".join(line.removeprefix(">").strip()
                             for line in source.strip().splitlines())
    return ""


def _markdown(text: str) -> str:
    """Markdown to HTML with mistune (escaping raw HTML); plain escaped paragraphs without it."""
    try:
        import mistune
    except ImportError:  # pragma: no cover - mistune comes with jupyterlab (nbconvert)
        return "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    return mistune.create_markdown(escape=True)(text)


def _parameters(stem: str) -> dict[str, str]:
    """Parameters a notebook ran with: its declared defaults updated with the overrides."""
    from carbonlib.machinery.pipeline import declared_parameters

    source = paths.NOTEBOOKS_DIR / f"{stem}.ipynb"
    params = {k: v["default"] for k, v in declared_parameters(source).items()} \
        if source.exists() else {}
    executed = paths.BUILD_DIR / "executed" / f"{stem}.ipynb"
    if executed.exists():
        meta = _read_notebook_json(executed).get("metadata", {}).get("papermill", {})
        params.update({k: repr(v) for k, v in meta.get("parameters", {}).items()})
    return params


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.2em} h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;font-size:.88em;margin:.6em 0}
th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f4f4f4} td.num{text-align:right;font-variant-numeric:tabular-nums}
figure.zoomable{margin:1em 0}
img.figure{max-width:100%;width:820px;border:1px solid #eee;cursor:zoom-in;display:block}
figcaption{max-width:820px;font-size:.92em;color:#333;border-left:3px solid #ddd;padding-left:.8em}
figcaption blockquote{margin:.3em 0;color:#555}
.links{font-size:.88em} .links a{margin-right:1em}
figure.zoomable .close,figure.zoomable .backdrop{display:none}
figure.zoomable:target .backdrop{display:block;position:fixed;inset:0;background:rgba(0,0,0,.8);
z-index:9}
figure.zoomable:target img.figure{position:fixed;inset:0;margin:auto;width:auto;height:auto;
max-width:97vw;max-height:94vh;z-index:10;cursor:default;background:#fff}
figure.zoomable:target .close{display:block;position:fixed;top:.4em;right:.8em;z-index:11;
color:#fff;font-size:1.6em;text-decoration:none}
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


@dataclass(frozen=True)
class Section:
    """One section of the report page: an anchor id, a heading and its HTML body.

    :func:`render_html` lists every section in the page's table of contents, in order.
    """

    id: str
    title: str
    body: str

    def html(self) -> str:
        """The section as HTML, with its heading."""
        return (f'<section id="{html.escape(self.id)}"><h2>{html.escape(self.title)}</h2>'
                f"{self.body}</section>")


def _href(target: Path) -> str:
    """A link from ``build/report/index.html`` to ``target`` (relative, so the page moves along)."""
    return html.escape(Path(os.path.relpath(target, paths.BUILD_DIR / "report")).as_posix())


def _figure_html(stem: str, title: str) -> str:
    """The figure (alt text: its title), click to enlarge (CSS only), and its caption."""
    png = paths.FIGURES_DIR / f"{stem}.png"
    if not png.exists():
        return f"<p><b>Figure missing: {html.escape(stem)} did not run.</b></p>"
    data = base64.b64encode(png.read_bytes()).decode()
    caption = figure_caption(stem)
    paper = _paper_caption(stem)
    parts = []
    if caption:
        parts.append(_markdown(caption))
    if paper:
        parts.append(f"<blockquote>{_markdown(paper)}</blockquote>")
    figcaption = f"<figcaption>{''.join(parts)}</figcaption>" if parts else ""
    zoom = f"zoom-{stem}"
    return (f'<figure class="zoomable" id="{zoom}">'
            f'<a class="backdrop" href="#{stem}" aria-label="close"></a>'
            f'<a class="enlarge" href="#{zoom}" title="click to enlarge">'
            f'<img class="figure" alt="{html.escape(title)}" src="data:image/png;base64,{data}">'
            f'</a><a class="close" href="#{stem}" aria-label="close">&times;</a>'
            f"{figcaption}</figure>")


def figure_section(stem: str, ledger: pd.DataFrame, run_ids: dict[str, str]) -> Section:
    """A reproduced figure with its caption, links, claims, parameters and the run it is from."""
    title = _title(stem)
    links = [("notebook", paths.NOTEBOOKS_DIR / f"{stem}.ipynb"),
             ("executed notebook", paths.BUILD_DIR / "executed" / f"{stem}.ipynb"),
             ("SVG", paths.FIGURES_DIR / f"{stem}.svg"),
             ("full-size PNG", paths.FIGURES_DIR / f"{stem}.png")]
    link_html = "".join(f'<a href="{_href(t)}">{html.escape(label)}</a>' for label, t in links)
    run_id = run_ids.get(stem)
    run_line = (f"run <code>{html.escape(run_id)}</code>" if run_id
                else "run: no run id (outside <code>make reproduce</code>)" if run_id == ""
                else "run: not recorded (this notebook writes no claim table)")
    rows = ledger[ledger["notebook"] == stem]
    params = _parameters(stem)
    ptable = "".join(f"<tr><td><code>{html.escape(k)}</code></td><td><code>"
                     f"{html.escape(str(v))}</code></td></tr>" for k, v in params.items())
    body = (f'<p class="links">{link_html}</p>'
            f"{_figure_html(stem, title)}"
            f'<p class="meta run">{run_line}; notebooks/{html.escape(stem)}.ipynb &rarr; '
            f"figures/{html.escape(stem)}.png, .svg</p>"
            f"<h3>Claims</h3>{_claims_table(rows) if not rows.empty else '<p>none</p>'}"
            f"{agreement_html(stem)}"
            f"<details><summary>Parameters used</summary><table>{ptable}</table></details>")
    return Section(stem, title, body)


def agreement_html(stem: str, claims_dir: Path | None = None) -> str:
    """The figure's agreement with the paper's digitized series, in reading errors (or "")."""
    table = (claims_dir or paths.CLAIMS_BUILD_DIR) / f"{stem}.agreement.csv"
    if not table.exists():
        return ""
    scores = pd.read_csv(table).drop(columns=["figure", "run_id"], errors="ignore")
    if scores.empty:
        return ""
    return ("<h3>Agreement with the paper's digitized series</h3>"
            "<p class=\"meta\">absolute difference in units of the reading error: median, "
            "largest (and where), share of points within 1 and 2 reading errors</p>"
            + scores.to_html(index=False, float_format=lambda x: f"{x:.2f}", border=0))


def then_and_now_section(claims_dir: Path | None = None) -> Section | None:
    """The paper's conclusions with today's inputs, from the run's ``then_and_now`` table."""
    table = (claims_dir or paths.CLAIMS_BUILD_DIR) / "then_and_now.conclusions.csv"
    if not table.exists():
        return None
    import re
    from types import SimpleNamespace

    from carbonlib.paper.then_and_now.section import report_body

    body = report_body(SimpleNamespace(table=pd.read_csv(table)), figure_dir="FIGURES")

    def embedded(match: re.Match) -> str:  # self-contained like the figures above
        png = paths.FIGURES_DIR / match.group(1)
        if not png.exists():
            return 'src=""'
        return f'src="data:image/png;base64,{base64.b64encode(png.read_bytes()).decode()}"'

    body = re.sub(r'src="FIGURES/([^"]+\.png)"', embedded, body).replace(' loading="lazy"', "")
    return Section("then-and-now", "Then and now", body)


def unchecked_section(ledger: pd.DataFrame) -> Section | None:
    """The claims no notebook checked, or None when every claim was checked."""
    unchecked = ledger[ledger["verdict"] == NOT_CHECKED]
    if unchecked.empty:
        return None
    return Section("unchecked", "Claims no notebook checked", _claims_table(unchecked))


def _run_line(run: dict | None) -> str:
    if not run:
        return "run: no <code>build/run.json</code> (figures from single notebook runs)"
    fields = [f"run <code>{html.escape(str(run.get('run_id', '?')))}</code>"]
    for key in ("started", "finished", "status"):
        if run.get(key):
            fields.append(f"{key} {html.escape(str(run[key]))}")
    return "; ".join(fields)


def render_html(ledger: pd.DataFrame, run: dict | None = None,
                run_ids: dict[str, str] | None = None) -> str:
    """The report page as a string (figures embedded as base64 PNG).

    Parameters
    ----------
    ledger : DataFrame
        What :func:`build_ledger` returned.
    run : dict, optional
        ``build/run.json`` (:func:`run_info`), shown at the top.
    run_ids : dict, optional
        Each notebook's run id (:func:`check_one_run`), shown with its figure.
    """
    run_ids = run_ids or {}
    summary = ledger_view.summary_line(ledger)
    stems = _registered_stems()
    sections: list[Section | None] = [figure_section(s, ledger, run_ids) for s in stems]
    sections.append(unchecked_section(ledger))
    sections.append(then_and_now_section())
    sections.append(Section("ledger", "All claims, by evidence",
                            ledger_view.filter_controls("all-claims")
                            + _claims_table(ledger, "all-claims")))
    shown = [s for s in sections if s is not None]
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
        + f'<p class="meta run">{_run_line(run)}</p>'
        + f'<p class="meta">git commit {html.escape(_git_commit())}; {html.escape(versions)}</p>'
        + "<nav><ol>" + "".join(f'<li><a href="#{html.escape(s.id)}">{html.escape(s.title)}'
                                "</a></li>" for s in shown) + "</ol></nav>"
        + "".join(s.html() for s in shown) + "</body></html>"
    )


def _registered_stems() -> list[str]:
    """The notebooks the pipeline runs, figures first (a scratch notebook is not reported)."""
    from carbonlib.machinery import notebooks

    return [nb.stem for nb in notebooks.registered()]


def readme_blocks(ledger: pd.DataFrame) -> dict[str, str]:
    """Markdown for the README's verdict table and gallery (``make gallery`` writes them)."""
    verdicts = ledger_view.markdown_table(ledger)
    stems = [s for s in _registered_stems() if (paths.FIGURES_DIR / f"{s}.png").exists()]
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


def _thumbnail(figure_png: Path, prepared: Prepared) -> bytes:
    made = prepared.thumbnails.get(file_key(figure_png))
    return made if made is not None else cached_thumbnail(figure_png)


def main(argv: list[str] | None = None, prepared: Prepared | None = None) -> int:
    """Write the ledger, the agreement table, the report and its thumbnails; 0 on success.

    ``prepared`` holds parts made ahead (the pipeline makes them while the notebooks run);
    what it lacks is made here.
    """
    argv = sys.argv[1:] if argv is None else argv
    prepared = prepared or Prepared()
    ledger = build_ledger(unfigured=prepared.unfigured)
    if argv[:1] == ["--readme"]:
        print(f"updated {update_readme(ledger)}")
        return 0
    run = run_info()
    try:
        run_ids = check_one_run(run)
    except MixedRunsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = files.write_csv(ledger, paths.BUILD_DIR / "claims.csv")
    scores = files.write_csv(agreement.collect(), paths.BUILD_DIR / "agreement.csv")
    report = paths.BUILD_DIR / "report" / "index.html"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(render_html(ledger, run, run_ids), encoding="utf-8")
    gallery = report.parent / "gallery"
    gallery.mkdir(exist_ok=True)
    pngs = sorted(paths.FIGURES_DIR.glob("*.png"))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # PIL frees the GIL
        thumbnails = pool.map(lambda png: _thumbnail(png, prepared), pngs)
        for png, thumbnail in zip(pngs, thumbnails, strict=True):
            (gallery / png.name).write_bytes(thumbnail)
    counts = verdict_counts(ledger)
    print(f"claims ledger: {out.relative_to(paths.ROOT)} ({len(ledger)} claims: "
          + ", ".join(f"{k} {v}" for k, v in counts.items()) + ")")
    print(f"agreement with the paper's digitized series: {scores.relative_to(paths.ROOT)}")
    print(f"report: {report.relative_to(paths.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
