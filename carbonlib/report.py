"""Assemble the claims ledger ``build/claims.csv`` from the notebooks' claim tables."""

from __future__ import annotations

import sys

import pandas as pd

from . import paths
from .claims import ledger_claims


def build_ledger() -> pd.DataFrame:
    """Every claim of ``data/claims.csv`` with its reproduced value and last-run verdict."""
    ledger = ledger_claims().reset_index(drop=True)
    parts = sorted(paths.CLAIMS_BUILD_DIR.glob("*.csv"))
    checked = pd.concat([pd.read_csv(p) for p in parts]) if parts else pd.DataFrame(
        columns=["id", "reproduced", "status", "where", "note", "notebook"])
    cols = ["id", "reproduced", "rel_difference", "status", "where", "note", "notebook"]
    merged = ledger.merge(checked[[c for c in cols if c in checked]], on="id", how="left")
    merged["status"] = merged["status"].fillna("not checked")
    return merged


def main() -> int:
    ledger = build_ledger()
    out = paths.BUILD_DIR / "claims.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    ledger.to_csv(out, index=False, float_format="%.6g", lineterminator="\n")
    counts = ledger["status"].value_counts().to_dict()
    print(f"claims ledger: {out} ({len(ledger)} claims: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
