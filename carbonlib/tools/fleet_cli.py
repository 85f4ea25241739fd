"""Command line: ``carbonlib fleet LOG`` (the parser and the output formats).

The footprint of a cluster's job log per user, project or month, with the assumption flags of
``carbonlib estimate``. Argument parsing and formatting only; the method is
:mod:`carbonlib.tools.fleet` and the run over the log :mod:`carbonlib.tools.fleet_run`.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from carbonlib.data import reference_tables as ref
from carbonlib.tools import estimate as est
from carbonlib.tools import fleet, fleet_run
from carbonlib.tools import fleet_io as fio
from carbonlib.tools.cli_options import LOCATION_AND_ASSUMPTION_FLAGS, add_location_and_assumptions

__all__ = ["add_parser", "run", "main", "FORMATS"]

FORMATS: tuple[str, ...] = ("text", "json", "csv")
#: Quantities reported per group, in output order.
QUANTITIES: tuple[str, ...] = ("energy_kwh", "operational_kg", "embodied_kg", "total_kg")
_EXTRA: tuple[str, ...] = ("jobs", "accelerator_hours", "work_hours")

EPILOG = f"""\
input (LOG):
  A tidy job table, .csv or .parquet (or a folder of .parquet files), one row per job:
    job_id       job identifier (text)
    user         who ran it (text)
    project      project or account (text)
    start, end   ISO timestamps, e.g. 2026-03-02T08:00:00 (hours = end - start)
    accelerator  name in data/hardware.csv ({', '.join(ref.accelerators())}); empty: --gpu
    gpus         accelerators allocated (>= 0)
  optional (empty cell = not known):
    gpu_utilization  mean busy fraction of the allocated accelerators, 0-1
    energy_kwh       measured energy at the machines, kWh, before PUE
    region           code in data/grid_intensity.csv; empty: --region/--intensity
  Or Slurm accounting output: sacct --parsable2 --format
    {','.join(fio.SACCT_FIELDS)}
  (Elapsed [D-]HH:MM:SS; GPUs from AllocTRES gres/gpu[:TYPE]=N; ConsumedEnergyRaw in J;
  array tasks 123_4 are jobs; steps 123.batch/.extern/.0 fold into their job; PENDING jobs
  are not counted). sacct is read with --engine pandas.

method:
  energy: measured where present, else gpus x hours x (idle + (peak - idle) x u) with u the
  job's gpu_utilization (else --job-utilization); x PUE; x the region's intensity x (1 - cfe).
  embodied: server kg x (gpus x hours / gpus per server) / (lifetime x 8760), per allocated
  accelerator-hour. The idle capacity (servers busy only --utilization of their life) is its
  own line: that embodied x (1 / utilization - 1). Ranges: the Monte Carlo of carbonlib
  estimate (5th-95th percentiles over every LOW:HIGH assumption).

bad rows (negative duration, end before start, unknown accelerator or region, garbled
fields) are counted and listed with their line numbers; --on-bad refuse stops instead.

examples:
  carbonlib fleet data/samples/fleet_sample.csv --region USA --by project
  carbonlib fleet sacct.txt --intensity 0.3:0.5 --format csv > by_user.csv
  carbonlib fleet logs/ --engine dask --region FRA --by month --format json
"""


#: The library's parameter names and this subcommand's flags, so errors speak of flags.
FLAGS: dict[str, str] = {
    "gpu": "--gpu", "power_basis": "--power-basis", "idle_fraction": "--idle-fraction",
    "job_utilization": "--job-utilization", **LOCATION_AND_ASSUMPTION_FLAGS,
    "engine": "--engine", "scheduler": "--scheduler", "on_bad": "--on-bad", "samples": "--samples",
    "seed": "--seed", "by": "--by",
}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``fleet`` subcommand to a ``carbonlib`` subparsers object."""
    p = subparsers.add_parser(
        "fleet", help="footprint of a cluster's job log per user, project or month",
        description="Operational and embodied carbon of every job in a cluster's log, summed "
                    "per user, project or month, with the fleet's idle capacity, by the "
                    "methodology of Wu et al. (2022).",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("log", metavar="LOG", help="tidy job table (.csv, .parquet, folder) or "
                                               "sacct --parsable2 output")
    p.add_argument("--by", choices=["user", "project", "month"], default="user",
                   help="grouping of the results (default: %(default)s)")
    hw = p.add_argument_group("hardware")
    hw.add_argument("--gpu", default="a100", metavar="NAME",
                    help="accelerator of jobs whose log names none (default: %(default)s)")
    hw.add_argument("--power-basis", choices=ref.POWER_BASES, default="auto",
                    help="which table power is the peak (default: %(default)s)")
    hw.add_argument("--idle-fraction", type=float, metavar="F",
                    help="idle over peak power, 0-1 (default: 0.504, fitted to the paper's "
                         "Fig 9)")
    hw.add_argument("--job-utilization", type=float, metavar="U",
                    help="GPU utilization of jobs recording neither energy nor utilization, "
                         "0-1 (default: 0.536, the mean of the paper's Fig 10)")
    add_location_and_assumptions(p, "where it ran (for jobs without a region; one is required)")
    run_ = p.add_argument_group("engine and output")
    run_.add_argument("--engine", choices=fleet_run.ENGINES, default="pandas",
                      help="pandas (chunks) or dask (Parquet partitions; default: %(default)s)")
    run_.add_argument("--scheduler", metavar="ADDRESS",
                      help="existing Dask scheduler (default: a 2-worker local cluster)")
    run_.add_argument("--on-bad", choices=fleet_run.ON_BAD, default="skip",
                      help="skip bad rows (reported) or refuse the log (default: %(default)s)")
    run_.add_argument("--format", choices=FORMATS, default="text",
                      help="text, json, or csv (one row per group; default: %(default)s)")
    run_.add_argument("--samples", type=int, default=est.DEFAULT_SAMPLES, metavar="N",
                      help="Monte Carlo samples (default: %(default)s)")
    run_.add_argument("--seed", type=int, default=est.DEFAULT_SEED,
                      help="random seed (default: %(default)s)")
    run_.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run, flags=FLAGS)
    return p


def csv_table(report: fleet_run.FleetReport) -> str:
    """One row per group: the group's name, then each quantity with its low and high."""
    cols = [c for q in QUANTITIES for c in (q, f"{q}_low", f"{q}_high")] + list(_EXTRA)
    table = report.groups[cols].reset_index().rename(columns={"index": report.by})
    return table.to_csv(index=False, float_format="%.6f").rstrip("\n")


def _clean(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if hasattr(x, "item"):
        return _clean(x.item())
    return x


def as_json(report: fleet_run.FleetReport) -> str:
    """Every group, the total, the idle capacity, the bad rows and the counts."""
    groups = [{report.by: str(name), **{k: _clean(v) for k, v in row.items()}}
              for name, row in report.groups.iterrows()]
    out = {"by": report.by, "groups": groups,
           "total": {k: _clean(v) for k, v in report.total.items()},
           "idle_capacity": report.idle,
           "bad_rows": [{k: _clean(v) for k, v in r.items()}
                        for r in report.bad.to_dict("records")],
           "counts": report.counts}
    return json.dumps(out, indent=2, default=str)


def _rng(row: Any, q: str) -> str:
    return f"{row[q]:12.3f} [{row[q + '_low']:.3f}-{row[q + '_high']:.3f}]"


def as_text(report: fleet_run.FleetReport, top: int = 20) -> str:
    """A readable summary: the largest groups, the total, the idle capacity and the bad rows."""
    g = report.groups.sort_values("total_kg", ascending=False)
    lines = [f"{'':<14}{'jobs':>8} {'energy kWh':>12} {'total kg CO2e [5-95%]':>34}"]
    for name, row in g.head(top).iterrows():
        lines.append(f"{str(name):<14}{int(row['jobs']):>8} {row['energy_kwh']:12.3f} "
                     f"{_rng(row, 'total_kg'):>34}")
    if len(g) > top:
        lines.append(f"... {len(g) - top} more {report.by}s (--format csv lists all)")
    t = report.total
    lines += ["",
              f"fleet (jobs): {int(t['jobs'])} jobs, {t['energy_kwh']:.3f} kWh, operational "
              f"{t['operational_kg']:.3f} kg, embodied {t['embodied_kg']:.3f} kg, total "
              f"{t['total_kg']:.3f} kg [{t['total_kg_low']:.3f}-{t['total_kg_high']:.3f}]",
              f"idle capacity (embodied, not held by jobs): {report.idle['embodied_kg']:.3f} kg "
              f"[{report.idle['embodied_kg_low']:.3f}-{report.idle['embodied_kg_high']:.3f}]"]
    c = report.counts
    read = f"rows read {c['rows']}, jobs used {c['jobs']}, bad rows {c['bad']}"
    if "steps" in c:
        read += f", sacct steps folded {c['steps']}, not run {c['not_run']}"
    lines.append(read)
    for r in report.bad.head(10).itertuples():
        lines.append(f"  bad: line {r.line} (job {r.job_id}): {r.problem}")
    if len(report.bad) > 10:
        lines.append(f"  ... {len(report.bad) - 10} more bad rows (--format json lists all)")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> str:
    """Run ``carbonlib fleet`` on parsed arguments; return the formatted output."""
    a = fleet.assumptions(
        gpu=args.gpu, region=args.region, intensity_kg_per_kwh=args.intensity,
        grid_year=args.grid_year, pue=args.pue, utilization=args.utilization,
        lifetime_years=args.lifetime_years, cfe_share=args.cfe_share, server=args.server,
        server_embodied_kg=args.server_embodied_kg, gpus_per_server=args.gpus_per_server,
        power_basis=args.power_basis, idle_fraction=args.idle_fraction,
        job_utilization=args.job_utilization, samples=args.samples, seed=args.seed)
    report = fleet_run.run(args.log, a, by=args.by, engine=args.engine,
                           scheduler=args.scheduler, on_bad=args.on_bad,
                           progress=not args.no_progress and sys.stderr.isatty())
    return {"text": as_text, "json": as_json, "csv": csv_table}[args.format](report)


def main(args: argparse.Namespace) -> int:
    """Print the output of :func:`run`; on bad input print one line and return 2."""
    try:
        output = run(args)
    except ValueError as exc:
        print(f"carbonlib fleet: error: {exc}", file=sys.stderr)
        return 2
    print(output)
    return 0
