"""``build/run.json``: which run the published ledger and report belong to, and how it ended.

``{"run_id", "started", "finished", "status", "parameters", "notebooks": {stem: status}}``.
Run status: ``running``, ``succeeded``, ``failed``, ``interrupted`` or ``incomplete``
(``--only`` ran some notebooks while others are stale). Notebook status: ``ran``, ``current``
(its outputs are already those of this run's inputs and parameters; the run adopts them),
``failed`` or ``not run``. While the status is not ``succeeded``, no ``build/claims.csv`` or
``build/report/`` is presented as this run's.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from carbonlib.machinery import paths

__all__ = ["RUN_FILE", "new_run_id", "read", "write", "withdraw_ledger", "adopt_claims"]

RUN_FILE = "run.json"


def new_run_id() -> str:
    """The run id from ``CARBONLIB_RUN_ID`` (the Makefile sets it), else a fresh one."""
    return os.environ.get(paths.RUN_ID_ENV) or (
        time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + f"-{os.getpid()}")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def read() -> dict[str, Any] | None:
    """The last run's record, or None."""
    try:
        return json.loads((paths.BUILD_DIR / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(record: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Update ``record`` with ``changes`` and write it atomically; ``finished`` is stamped when
    the status leaves ``running``."""
    record.update(changes)
    if "started" not in record:
        record["started"] = _now()
    record["finished"] = None if record.get("status") == "running" else _now()
    target = paths.BUILD_DIR / RUN_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=1, sort_keys=False, allow_nan=False,
                              default=str) + "\n", encoding="utf-8")
    tmp.replace(target)
    return record


def withdraw_ledger() -> None:
    """Remove ``build/claims.csv`` and ``build/report/``: from now on they would be stale."""
    (paths.BUILD_DIR / "claims.csv").unlink(missing_ok=True)
    shutil.rmtree(paths.BUILD_DIR / "report", ignore_errors=True)


def _rows(table: Path) -> tuple[list[list[str]], int | None]:
    """The rows of CSV ``table`` and the index of its ``run_id`` column (None without one)."""
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    return rows, rows[0].index("run_id") if rows and "run_id" in rows[0] else None


def _csv_text(rows: Iterable[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def without_run_id(table: Path) -> bytes:
    """``table`` (a CSV) with its ``run_id`` column left out: what :func:`adopt_claims` never
    changes, for comparing a table with the one its notebook's run wrote."""
    rows, col = _rows(table)
    return _csv_text(r if col is None else r[:col] + r[col + 1:] for r in rows).encode("utf-8")


def adopt_claims(table: Path, run_id: str) -> None:
    """Set the ``run_id`` column of a current notebook's claim table to this run's id.

    The notebook's stamp shows its outputs are those this run's inputs and parameters give,
    so the run adopts them instead of executing the notebook again. Only that column changes.
    """
    rows, col = _rows(table)
    if col is None or all(len(r) <= col or r[col] == run_id for r in rows[1:]):
        return
    for r in rows[1:]:
        if len(r) > col:
            r[col] = run_id
    tmp = table.with_suffix(".tmp")
    tmp.write_text(_csv_text(rows), encoding="utf-8")
    shutil.copymode(table, tmp)
    tmp.replace(table)
