"""Write the bundled synthetic fleet log: data/samples/fleet_sample.csv (seeded, synthetic).

    .venv/bin/python tools/make_fleet_sample.py

2000 synthetic jobs from :func:`carbonlib.tools.fleet_synthetic.synthetic_log` (seed 18), plus
three deliberately bad rows at the end (end before start, an unknown accelerator, a garbled GPU
count) so that the notebook and the CLI show how bad rows are reported.
"""

from __future__ import annotations

import sys

from carbonlib.machinery import paths
from carbonlib.tools.fleet_synthetic import synthetic_log

ROWS = 2000
SEED = 18
TARGET = paths.DATA_DIR / "samples" / "fleet_sample.csv"


def main() -> int:
    log = synthetic_log(ROWS, seed=SEED, users=25, projects=8).astype(
        {"user": str, "project": str, "accelerator": str, "region": str})
    log["start"] = log["start"].dt.strftime("%Y-%m-%dT%H:%M:%S")
    log["end"] = log["end"].dt.strftime("%Y-%m-%dT%H:%M:%S")
    bad = [
        [str(ROWS + 1), "user001", "proj01", "2026-05-01T12:00:00", "2026-05-01T10:00:00",
         "a100", 1.0, 0.5, float("nan"), ""],
        [str(ROWS + 2), "user002", "proj02", "2026-05-02T12:00:00", "2026-05-02T14:00:00",
         "k80", 2.0, 0.4, float("nan"), ""],
        [str(ROWS + 3), "user003", "proj03", "2026-05-03T12:00:00", "2026-05-03T14:00:00",
         "v100", "four", 0.6, float("nan"), ""],
    ]
    log = log.astype({"gpus": object})
    for row in bad:
        log.loc[len(log)] = row
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    log.to_csv(TARGET, index=False, float_format="%.6g")
    print(f"wrote {TARGET.relative_to(paths.ROOT)}: {len(log)} rows ({len(bad)} bad on purpose)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
