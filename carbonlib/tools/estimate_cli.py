"""``carbonlib estimate``: the footprint of one job, a CodeCarbon log or a planned run.

Argument parsing and formatting only; the methodology is :mod:`carbonlib.tools.estimate`.
"""

from __future__ import annotations

import argparse
from typing import Any

from carbonlib.data import reference_tables as ref
from carbonlib.tools import estimate as est
from carbonlib.tools.cli_options import (
    LOCATION_AND_ASSUMPTION_FLAGS,
    add_location_and_assumptions,
    value_or_range,
)
from carbonlib.tools.statement import FORMATS

__all__ = ["add_parser", "run", "FLAGS"]

#: The library's parameter names and the flags that give them.
FLAGS: dict[str, str] = {
    "gpu": "--gpu", "count": "--count", "hours": "--hours", "power_w": "--power-w",
    "power_basis": "--power-basis", "energy_kwh": "--energy-kwh", "codecarbon": "--codecarbon",
    **LOCATION_AND_ASSUMPTION_FLAGS, "cpu_server": "--cpu-server", "params": "--params",
    "tokens": "--tokens", "precision": "--precision", "peak_flops": "--peak-flops",
    "mfu": "--mfu", "samples": "--samples", "seed": "--seed", "strict": "--strict",
    "project": "--project",
}

_EPILOG = """\
A value written LOW:HIGH is a range, sampled uniformly; the result's low and high are the 5th
and 95th percentiles of a seeded Monte Carlo over every range (same inputs, same output).
Without --region, --intensity or a location in the CodeCarbon file the command stops: there is
no default location. With --energy-kwh alone, embodied carbon is not computed (give --count and
--hours). Tables: data/hardware.csv, data/grid_intensity.csv, data/accelerator_peak.csv,
data/mfu.csv (see --list).

examples:
  carbonlib estimate --gpu a100 --count 8 --hours 24 --region USA
  carbonlib estimate --codecarbon emissions.csv --project my-model --format markdown
  carbonlib estimate --energy-kwh 433196 --intensity 0.057
  carbonlib estimate --gpu a100 --params 7e9 --tokens 1e12 --mfu 0.3:0.5 --region USA
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``estimate`` to the ``carbonlib`` subcommands; its ``run`` is set as ``func``."""
    p = subparsers.add_parser(
        "estimate", help="operational and embodied carbon of a training job, with ranges",
        description="Operational and embodied carbon of a training job, with ranges, by the "
                    "methodology of Wu et al. (2022), Sec III-B.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)

    job = p.add_argument_group("the job (one of: --gpu/--count/--hours, --energy-kwh, "
                               "--codecarbon)")
    job.add_argument("--gpu", metavar="NAME",
                     help="accelerator in data/hardware.csv, e.g. a100, v100, h100, tpu-v3 "
                          "(case ignored; see --list gpus)")
    job.add_argument("--count", type=float, metavar="N",
                     help="accelerators the job used (machines, for a CPU-only --server); "
                          "needed for embodied carbon unless the CodeCarbon file has gpu_count")
    job.add_argument("--hours", type=float, metavar="H", help="wall-clock run time, in hours")
    job.add_argument("--power-w", type=float, metavar="W",
                     help="average power per accelerator, in W (default: the table's measured "
                          "system power per accelerator where known, else the chip's TDP)")
    job.add_argument("--power-basis", choices=ref.POWER_BASES, default="auto",
                     help="which table power to use with --gpu (default: %(default)s)")
    job.add_argument("--energy-kwh", type=float, metavar="E",
                     help="energy at the machines, in kWh, before PUE (instead of --gpu power)")
    job.add_argument("--codecarbon", metavar="PATH",
                     help="CodeCarbon emissions.csv (any layout from 2.x): each run counted once "
                          "at its last checkpoint; country_iso_code/region give each run's "
                          "location")
    job.add_argument("--strict", action="store_true",
                     help="refuse a CodeCarbon file with rows whose energy_consumed or duration "
                          "is empty or not a number (default: skip and count them)")
    job.add_argument("--project", metavar="NAME",
                     help="only the CodeCarbon runs whose project_name or experiment_id is NAME")
    job.add_argument("--cpu-server", default=est.CPU_SERVER, metavar="NAME",
                     help="server charged, whole, to each CPU-only CodeCarbon run (default: "
                          "%(default)s)")

    plan = p.add_argument_group("planning a run before it happens (with --gpu)")
    plan.add_argument("--params", type=float, metavar="N", help="model parameters, e.g. 7e9")
    plan.add_argument("--tokens", type=float, metavar="D", help="training tokens, e.g. 1e12")
    plan.add_argument("--precision", default="bf16", metavar="P",
                      help="precision for the peak FLOP/s in data/accelerator_peak.csv "
                           "(default: %(default)s)")
    plan.add_argument("--peak-flops", type=float, metavar="F",
                      help="peak FLOP/s per accelerator, instead of the table's")
    plan.add_argument("--mfu", type=value_or_range, metavar="U",
                      help="model FLOP/s utilization in (0, 1], or LOW:HIGH (default: the range "
                           "of the measured runs in data/mfu.csv)")

    add_location_and_assumptions(
        p, "where it ran (one is required; no default location; see --list regions)")

    out = p.add_argument_group("output")
    out.add_argument("--format", choices=["text", "json", "markdown"], default="text",
                     help="text, json (every value, bound and assumption) or markdown (a carbon "
                          "impact statement and a model-card table); default: %(default)s")
    out.add_argument("--samples", type=float, default=est.DEFAULT_SAMPLES, metavar="N",
                     help="Monte Carlo samples for the bounds, at most "
                          f"{est.MAX_SAMPLES:,} (default: %(default)s)")
    out.add_argument("--seed", type=float, default=est.DEFAULT_SEED,
                     help="random seed, an integer in [0, 2**32 - 1] (default: %(default)s)")
    out.add_argument("--list", choices=["gpus", "servers", "regions", "peaks", "mfu"],
                     help="print a reference table and exit")
    p.set_defaults(func=run, flags=FLAGS)
    return p


def _listing(what: str) -> str:
    from carbonlib import data

    if what == "peaks":
        cols = ["accelerator", "precision", "peak_tflops", "source"]
        return data.load("accelerator_peak")[cols].to_string(index=False)
    if what == "mfu":
        return data.load("mfu")[["run", "accelerator", "mfu", "source"]].to_string(index=False)
    if what == "regions":
        grid = data.load("grid_intensity")
        cols = ["region_code", "region_name", "year", "intensity_kg_per_kwh", "source"]
        return grid[cols].to_string(index=False)
    hw = data.load("hardware")
    category = "accelerator" if what == "gpus" else "server"
    cols = ["hardware", "quantity", "scope", "value", "source"]
    return hw.loc[hw["category"] == category, cols].to_string(index=False)


def run(args: argparse.Namespace) -> str:
    """Run ``carbonlib estimate`` (or ``--list``) and return its output."""
    if args.list:
        return _listing(args.list)
    codecarbon = est.read_codecarbon(args.codecarbon, strict=args.strict,
                                     project=args.project) if args.codecarbon else None
    result = est.estimate(
        gpu=args.gpu, count=args.count, hours=args.hours, power_w=args.power_w,
        power_basis=args.power_basis, energy_kwh=args.energy_kwh, codecarbon=codecarbon,
        region=args.region, grid_year=args.grid_year, intensity_kg_per_kwh=args.intensity,
        pue=args.pue, utilization=args.utilization, lifetime_years=args.lifetime_years,
        cfe_share=args.cfe_share, server=args.server,
        server_embodied_kg=args.server_embodied_kg, gpus_per_server=args.gpus_per_server,
        cpu_server=args.cpu_server, params=args.params, tokens=args.tokens,
        precision=args.precision, peak_flops=args.peak_flops, mfu=args.mfu,
        samples=args.samples, seed=args.seed)
    return FORMATS[args.format](result)


