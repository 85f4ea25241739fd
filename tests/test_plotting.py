"""The save function writes byte-identical PNG and SVG on every run."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from carbonlib.machinery import plotting


def _figure():
    plotting.set_theme()
    fig, ax = plt.subplots()
    ax.bar(["a", "b"], [1.0, 2.5])
    ax.plot(np.arange(3), np.arange(3) ** 2, "o-")
    ax.set_title("determinism")
    return fig


def test_two_renders_are_byte_identical(tmp_path):
    first = plotting.save(_figure(), "x", directory=tmp_path / "a")
    second = plotting.save(_figure(), "x", directory=tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_no_volatile_metadata(tmp_path):
    png, svg = plotting.save(_figure(), "x", directory=tmp_path)
    assert b"Software" not in png.read_bytes()[:4096]
    text = svg.read_text()
    assert "<dc:date>" not in text and "matplotlib.org" not in text.split("<g", 1)[0]


def test_unknown_format_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="formats contains 'pdf'"):
        plotting.save(_figure(), "x", directory=tmp_path, formats=["pdf"])


def test_no_temporary_files_left(tmp_path):
    plotting.save(_figure(), "x", directory=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.png", "x.svg"]


def test_show_displays_the_saved_png_at_screen_size(tmp_path, monkeypatch):
    """In Jupyter the notebook shows the saved file itself, not a second rendering."""
    import IPython
    import IPython.display
    import matplotlib.pyplot as plt

    from carbonlib.machinery import plotting

    shown = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    monkeypatch.setattr(IPython.display, "display", shown.append)
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [0, 1])
    written = plotting.save(fig, "demo", directory=tmp_path)
    plotting.show(fig, written)
    plt.close(fig)
    (image,) = shown
    png = tmp_path / "demo.png"
    assert image.data == png.read_bytes()
    width_px = int.from_bytes(png.read_bytes()[16:20], "big")
    assert image.width == round(width_px * 100 / 150)  # figure.dpi / savefig.dpi


def test_save_and_show_writes_to_the_run_folder_and_closes(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    from carbonlib.machinery import paths, plotting

    monkeypatch.setattr(paths, "output_dirs", lambda: (tmp_path / "figs", tmp_path / "claims"))
    fig, ax = plt.subplots()
    written = plotting.save_and_show(fig, "demo")
    assert [p.name for p in written] == ["demo.png", "demo.svg"]
    assert all(p.parent == tmp_path / "figs" and p.stat().st_size > 0 for p in written)
    assert not plt.fignum_exists(fig.number)
