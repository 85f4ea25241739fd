"""A seeded synthetic job log in the tidy format, for the sample, the tests and the bench.

Synthetic, not measured: users and projects are invented; job lengths are log-normal (median
about 2 h); accelerator counts are 1, 2, 4 or 8; the mean GPU utilization of each job is drawn
from a Beta(2.2, 2.0) distribution (mean 0.52, like the paper's Fig 10 histogram of
experimentation workflows), and a fifth of the jobs record a measured energy.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from carbonlib.methodology import validation as v

__all__ = ["synthetic_log", "write_parquet"]

_GPUS = ("a100", "v100", "h100")
_REGIONS = ("", "", "", "FRA", "USA")


def synthetic_log(n: int, *, seed: int = 0, users: int = 200, projects: int = 40,
                  first_id: int = 1) -> pd.DataFrame:
    """``n`` synthetic jobs in the tidy format (typed, categorical text columns).

    Parameters
    ----------
    n : int
        Jobs (>= 1).
    seed : int, default 0
        The same seed gives the same log.
    users, projects : int
        Distinct users and projects.
    first_id : int, default 1
        Job id of the first row (the next chunk of a large log starts where one ended).

    Examples
    --------
    >>> log = synthetic_log(5, seed=1)
    >>> list(log.columns)[:7], len(log)
    (['job_id', 'user', 'project', 'start', 'end', 'accelerator', 'gpus'], 5)
    """
    v.positive("n", n)
    n = int(n)
    rng = np.random.default_rng(seed)
    user = rng.integers(0, users, n)
    project = (user * 7 + rng.integers(0, 3, n)) % projects
    start = (pd.Timestamp("2026-01-01").value
             + rng.integers(0, 365 * 24 * 3600, n).astype(np.int64) * 1_000_000_000)
    hours = np.minimum(rng.lognormal(np.log(2.0), 1.2, n), 14 * 24.0)
    end = start + (hours * 3600).astype(np.int64) * 1_000_000_000
    gpus = rng.choice(np.array([1.0, 2.0, 4.0, 8.0]), n, p=[0.45, 0.2, 0.2, 0.15])
    util = np.round(rng.beta(2.2, 2.0, n), 3)
    gpu = rng.integers(0, len(_GPUS), n)
    measured = rng.random(n) < 0.2
    peak = np.array([400.0, 325.0, 700.0])[gpu]
    energy = np.where(measured, np.round(gpus * hours * peak * (0.5 + 0.5 * util) / 1000
                                         * rng.uniform(0.9, 1.1, n), 4), np.nan)
    region = rng.integers(0, len(_REGIONS), n)
    cat = pd.Categorical.from_codes
    return pd.DataFrame({
        "job_id": np.arange(first_id, first_id + n, dtype=np.int64),
        "user": cat(user, [f"user{i:03d}" for i in range(users)]),
        "project": cat(project, [f"proj{i:02d}" for i in range(projects)]),
        "start": pd.to_datetime(start), "end": pd.to_datetime(end),
        "accelerator": cat(gpu, list(_GPUS)), "gpus": gpus, "gpu_utilization": util,
        "energy_kwh": energy,
        "region": pd.Categorical(np.array(_REGIONS)[region], categories=["", "FRA", "USA"]),
    })


def write_parquet(folder: str | os.PathLike, n: int, *, seed: int = 0,
                  rows_per_file: int = 2_000_000) -> list[str]:
    """Write ``n`` synthetic jobs as a folder of Parquet files, one chunk in memory at a time.

    Returns the file paths. File ``i`` holds the jobs of chunk ``i`` drawn with seed
    ``seed + i``.
    """
    v.positive("rows_per_file", rows_per_file)
    os.makedirs(folder, exist_ok=True)
    paths = []
    for i, first in enumerate(range(0, int(n), int(rows_per_file))):
        size = min(int(rows_per_file), int(n) - first)
        part = synthetic_log(size, seed=seed + i, first_id=first + 1)
        path = os.path.join(str(folder), f"part-{i:05d}.parquet")
        part.to_parquet(path, index=False, row_group_size=min(size, 1_000_000))
        paths.append(path)
    return paths
