"""The figure theme and the one function that writes figures.

:func:`save` writes PNG and SVG byte-identically on every run: the SVG hash salt is fixed and
its date dropped, the PNG carries no Software key, and each file is written to a temporary name
and renamed, so an interrupted run never leaves a half-written figure that looks current.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import seaborn as sns

from carbonlib.machinery import files, paths

# The backend is left alone: Jupyter's inline backend shows figures, and without a display
# matplotlib picks Agg by itself. Files are written with ``Figure.savefig``, whatever the backend.

__all__ = ["set_theme", "save", "show", "close", "PALETTE", "KIND_STYLE"]

#: Colour-blind-safe palette used across all figures.
PALETTE: list = sns.color_palette("colorblind")

#: How each kind of value is drawn, so a reader can tell them apart in every figure.
KIND_STYLE: dict[str, dict] = {
    "recomputed": {"hatch": "", "alpha": 1.0, "marker": "o"},
    "table": {"hatch": "//", "alpha": 0.9, "marker": "s"},
    "label": {"hatch": "", "alpha": 1.0, "marker": "D"},
    "digitized": {"hatch": "..", "alpha": 0.75, "marker": "x"},
}

_RC = {
    "svg.hashsalt": "carbonlib",
    "svg.fonttype": "path",
    "path.simplify": True,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.family": "DejaVu Sans",
}


def set_theme() -> None:
    """Apply the package theme (seaborn whitegrid, colour-blind palette, fixed SVG salt).

    Also shows pandas tables with 3 significant decimals, so notebook tables stay readable.

    Examples
    --------
    >>> set_theme()
    """
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind", rc=_RC)
    plt.rcParams.update(_RC)
    import pandas as pd

    pd.set_option("display.precision", 3)


def save(
    fig: matplotlib.figure.Figure,
    name: str,
    *,
    directory: str | os.PathLike | None = None,
    formats: Iterable[str] = ("png", "svg"),
) -> list[Path]:
    """Write ``fig`` as ``<directory>/<name>.png`` and ``.svg``, byte-identically on every run.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to write.
    name : str
        File stem, e.g. ``"fig07_lm_chain"``.
    directory : path-like, optional
        Output folder; defaults to this run's figure folder (:func:`paths.output_dirs`:
        ``figures/`` only under ``make reproduce``, ``build/scratch/figures`` when exploring).
    formats : iterable of {"png", "svg"}
        Formats to write.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, tempfile
    >>> fig, ax = plt.subplots()
    >>> paths = save(fig, "demo", directory=tempfile.mkdtemp())
    >>> [p.suffix for p in paths]
    ['.png', '.svg']
    """
    out_dir = Path(directory) if directory is not None else paths.output_dirs()[0]
    written = []
    with plt.rc_context(_RC):
        for fmt in formats:
            if fmt == "png":
                metadata = {"Software": None}
            elif fmt == "svg":
                metadata = {"Date": None, "Creator": None}
            else:
                raise ValueError(f"formats contains {fmt!r}; allowed: 'png', 'svg'")
            target = out_dir / f"{name}.{fmt}"
            files.atomic_write(
                target,
                lambda tmp, fmt=fmt, metadata=metadata: fig.savefig(
                    tmp, format=fmt, metadata=metadata, bbox_inches="tight"
                ),
            )
            written.append(target)
    return written


def show(fig: matplotlib.figure.Figure, saved: Iterable[Path] = ()) -> None:
    """Display ``fig`` inline when running in Jupyter; do nothing elsewhere.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    saved : iterable of pathlib.Path, optional
        The files :func:`save` wrote. When one is a PNG, that file is displayed (at the size
        the figure has on screen) instead of drawing the figure again: what the notebook shows
        is then byte for byte the figure that was saved, and it costs no second rendering.
    """
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:  # pragma: no cover - IPython is a dependency of the notebooks extra
        return
    if get_ipython() is None:
        return
    png = next((Path(p) for p in saved if Path(p).suffix == ".png"), None)
    if png is None:
        display(fig)
        return
    data = png.read_bytes()
    width_px = int.from_bytes(data[16:20], "big")  # the PNG header's IHDR width
    display(Image(data=data, format="png",
                  width=round(width_px * _RC["figure.dpi"] / _RC["savefig.dpi"])))


def close(fig: matplotlib.figure.Figure) -> None:
    """Release ``fig`` (so Jupyter does not display it a second time at the end of the cell)."""
    plt.close(fig)


def save_and_show(fig: matplotlib.figure.Figure, name: str, *,
                  directory: str | os.PathLike | None = None, inline: bool = True) -> list[Path]:
    """:func:`save` ``fig``, :func:`show` the saved PNG, :func:`close` it: a notebook's figure.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    name : str
        File stem.
    directory : path-like, optional
        Output folder; defaults to this run's figure folder (:func:`paths.output_dirs`:
        ``figures/`` under ``make reproduce``, else ``build/scratch/figures``).
    inline : bool, default True
        Display it (in Jupyter only).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    written = save(fig, name, directory=directory)
    if inline:
        show(fig, written)
    close(fig)
    return written
