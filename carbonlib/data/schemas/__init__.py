"""Schemas of the bundled tables in ``data/``, validated with pandera on every load.

Each module in this package defines ``SCHEMAS: dict[str, pandera.DataFrameSchema]`` keyed by
the data file's stem (``data/<stem>.csv``). :func:`registry` gathers them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import pandera.pandas as pa


@cache
def registry() -> dict[str, pa.DataFrameSchema]:
    """All known schemas, keyed by data file stem."""
    found: dict[str, pa.DataFrameSchema] = {}
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        for stem, schema in getattr(module, "SCHEMAS", {}).items():
            if stem in found:
                raise RuntimeError(f"schema for {stem!r} defined twice (second in {mod.name})")
            found[stem] = schema
    return found
