"""Write a clean .ipynb from a percent-format script (authoring aid, not used at run time).

    python tools/new_notebook.py source.py notebooks/figNN_slug.ipynb

Cells start with ``# %%`` (code), ``# %% [markdown]`` (markdown, lines prefixed ``# ``) or
``# %% tags=["parameters"]``. The notebook gets a python3 kernelspec, deterministic cell ids and
no outputs, so it passes tests/test_notebooks_clean.py.
"""

from __future__ import annotations

import re
import sys

import nbformat


def convert(source: str, stem: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    chunks = re.split(r"^# %%(.*)$", source, flags=re.M)
    for i, (header, body) in enumerate(zip(chunks[1::2], chunks[2::2], strict=True)):
        body = body.strip("\n")
        if "[markdown]" in header:
            text = "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#")
                             for line in body.splitlines())
            cell = nbformat.v4.new_markdown_cell(text)
        else:
            cell = nbformat.v4.new_code_cell(body)
            if "parameters" in header:
                cell.metadata["tags"] = ["parameters"]
        cell.id = f"{stem[:20]}-{i:02d}"
        nb.cells.append(cell)
    return nb


if __name__ == "__main__":
    src, dst = sys.argv[1], sys.argv[2]
    stem = dst.rsplit("/", 1)[-1].removesuffix(".ipynb")
    nbformat.write(convert(open(src).read(), stem), dst)
    print(f"wrote {dst}")
