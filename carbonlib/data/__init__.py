"""Load the bundled tables in ``data/``: checksum, schema and provenance verified on every load.

>>> from carbonlib import data
>>> chain = data.load("fig07_lm_chain")          # doctest: +SKIP

A file that does not match its recorded SHA-256, its pandera schema (missing column, wrong type,
value out of range, unknown ``kind``) or cites a source missing from ``data/references.bib``
raises :class:`DataError` naming the file, the row and the column.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pandas as pd
import pandera.errors as pa_errors

from carbonlib.data.schemas import registry
from carbonlib.machinery import paths

__all__ = ["DataError", "load", "available", "verify_checksum", "write_checksums",
           "reference_keys"]

CHECKSUM_FILE = "SHA256SUMS"


class DataError(ValueError):
    """A bundled data file is missing, corrupted or does not match its schema."""


def available() -> list[str]:
    """Names of all tables with a schema (the stems of ``data/*.csv``)."""
    return sorted(registry())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _recorded_checksums(data_dir: Path) -> dict[str, str]:
    sums = data_dir / CHECKSUM_FILE
    if not sums.exists():
        raise DataError(f"{sums}: checksum file missing; run `make checksums`")
    out = {}
    for line in sums.read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            out[name.strip().lstrip("*")] = digest
    return out


def verify_checksum(path: Path, data_dir: Path | None = None) -> None:
    """Raise :class:`DataError` if ``path`` does not match its entry in ``data/SHA256SUMS``."""
    data_dir = data_dir or path.parent
    recorded = _recorded_checksums(data_dir).get(path.name)
    if recorded is None:
        raise DataError(f"{path}: no checksum recorded in {data_dir / CHECKSUM_FILE}; "
                        "run `make checksums` after a deliberate edit")
    actual = _sha256(path)
    if actual != recorded:
        raise DataError(f"{path}: checksum mismatch (recorded {recorded[:12]}..., file "
                        f"{actual[:12]}...); the file changed since its checksum was recorded. "
                        "If the edit is deliberate, run `make checksums`.")


def data_files(data_dir: Path | None = None) -> list[Path]:
    """The files covered by ``SHA256SUMS``: every ``*.csv`` and ``*.bib`` in ``data/``."""
    data_dir = data_dir or paths.DATA_DIR
    return sorted(p for p in data_dir.iterdir() if p.suffix in (".csv", ".bib"))


def write_checksums(data_dir: Path | None = None) -> Path:
    """Record the SHA-256 of every data file in ``data/`` (CSV tables and the bibliography)."""
    data_dir = data_dir or paths.DATA_DIR
    lines = [f"{_sha256(p)}  {p.name}" for p in data_files(data_dir)]
    target = data_dir / CHECKSUM_FILE
    target.write_text("\n".join(lines) + "\n")
    return target


def reference_keys(bib: Path | None = None) -> frozenset[str]:
    """Citation keys defined in ``data/references.bib``."""
    bib = bib or paths.DATA_DIR / "references.bib"
    return frozenset(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", bib.read_text()))


def _format_schema_errors(path: Path, err: pa_errors.SchemaErrors) -> str:
    cases = err.failure_cases.copy()
    table_level = cases["index"].isna()
    cases = pd.concat([cases[table_level], cases[~table_level]])
    lines = []
    for _, case in cases.head(10).iterrows():
        column, index = case.get("column"), case.get("index")
        check, value = case.get("check"), case.get("failure_case")
        if check == "column_in_dataframe":
            lines.append(f"  missing column {value!r}")
            continue
        if check == "column_in_schema":
            lines.append(f"  unexpected column {value!r} (not in the schema)")
            continue
        where = "whole table" if index is None or pd.isna(index) else \
            f"row {int(index)} (line {int(index) + 2})"
        col = f"column {column!r}" if column is not None and not pd.isna(column) else "table"
        lines.append(f"  {where}, {col}: {value!r} fails {check}")
    more = f"\n  ... and {len(cases) - 10} more" if len(cases) > 10 else ""
    return f"{path}: does not match its schema:\n" + "\n".join(lines) + more


def load(name: str, *, data_dir: Path | None = None, verify: bool = True) -> pd.DataFrame:
    """Load ``data/<name>.csv`` as a typed, validated DataFrame with its provenance columns.

    Parameters
    ----------
    name : str
        Table name, one of :func:`available`.
    data_dir : path-like, optional
        Folder to read from (defaults to the bundled ``data/``); used by tests on copies.
    verify : bool, default True
        Check the file's SHA-256 against ``SHA256SUMS`` in the same folder.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    DataError
        Unknown name, missing file, checksum mismatch, schema violation or unknown citation key.
    """
    schemas = registry()
    if name not in schemas:
        import difflib

        close = difflib.get_close_matches(name, schemas, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise DataError(f"unknown data table {name!r}.{hint} Known: {', '.join(sorted(schemas))}")
    data_dir = Path(data_dir) if data_dir is not None else paths.DATA_DIR
    path = data_dir / f"{name}.csv"
    if not path.exists():
        raise DataError(f"{path}: file missing")
    if verify:
        verify_checksum(path, data_dir)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        _CACHE[key] = _load_through_cache(path, schemas[name], data_dir)
    return _CACHE[key].copy()


#: Validated frames by (path, mtime, size): a notebook loads the claims table once, not per claim.
_CACHE: dict[tuple[str, int, int], pd.DataFrame] = {}


def _validated_cache_file(path: Path, data_dir: Path) -> Path | None:
    """Where the validated frame of ``path`` is kept between processes; None outside a checkout.

    The name carries a hash of everything the validation depends on: the file, every schema
    module, this module, ``references.bib`` and the pandas, pandera and Python versions. A
    change to any of them names another file, so a stale validation is never read.
    """
    if not (paths.ROOT / "pyproject.toml").is_file():
        return None  # an installed package: nothing is written next to it
    import pandera

    digest = hashlib.sha256(path.read_bytes())
    schema_dir = Path(__file__).parent / "schemas"
    for source in [Path(__file__), *sorted(schema_dir.glob("*.py")), data_dir / "references.bib"]:
        digest.update(source.read_bytes() if source.is_file() else b"-")
    digest.update(f"{pd.__version__} {pandera.__version__} {sys.version}".encode())
    return paths.BUILD_DIR / "cache" / "validated" / f"{path.stem}-{digest.hexdigest()[:32]}.pkl"


def _load_through_cache(path: Path, schema, data_dir: Path) -> pd.DataFrame:
    """:func:`_load_validated`, reusing the frame another process validated (each notebook runs
    in its own kernel, so without this every one of them validates the same tables again)."""
    cache = _validated_cache_file(path, data_dir)
    if cache is not None and cache.is_file():
        try:
            return pd.read_pickle(cache)
        except Exception:  # noqa: BLE001 - a damaged cache file is validated again below
            pass
    frame = _load_validated(path, schema, data_dir)
    if cache is not None:
        from carbonlib.machinery import files

        try:
            files.atomic_write(cache, frame.to_pickle)
        except OSError:  # a read-only checkout: validate every time
            pass
    return frame


def _load_validated(path: Path, schema, data_dir: Path) -> pd.DataFrame:
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except Exception as exc:  # pandas parser errors carry the line number
        raise DataError(f"{path}: cannot be parsed as CSV: {exc}") from exc
    if not isinstance(raw.index, pd.RangeIndex):  # pandas makes extra leading fields an index
        raise DataError(f"{path}: cannot be parsed as CSV: line 2 has more fields than the "
                        f"header's {len(raw.columns)} ({', '.join(raw.columns)})")
    try:
        frame = schema.validate(raw, lazy=True)
    except pa_errors.SchemaErrors as err:
        raise DataError(_format_schema_errors(path, err)) from None
    if "source" in frame.columns:
        keys = reference_keys(data_dir / "references.bib")
        unknown = ~frame["source"].isin(keys)
        if unknown.any():
            row = int(unknown.to_numpy().nonzero()[0][0])
            raise DataError(f"{path}: row {row} (line {row + 2}), column 'source': citation key "
                            f"{frame['source'].iloc[row]!r} is not in references.bib")
    frame.attrs["source_file"] = str(path.relative_to(data_dir.parent)) if \
        data_dir.parent in path.parents else str(path)
    return frame


def _main(argv: list[str]) -> int:
    if argv[:1] == ["checksums"]:
        print(f"wrote {write_checksums()}")
        return 0
    if argv[:1] == ["validate"]:
        for name in available():
            load(name)
            print(f"ok  {name}")
        return 0
    print("usage: python -m carbonlib.data {checksums|validate}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
