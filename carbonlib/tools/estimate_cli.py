"""``carbonlib estimate``: the footprint of one job, a CodeCarbon log or a planned run.

Argument parsing and formatting only; the methodology is :mod:`carbonlib.tools.estimate`.
"""

from __future__ import annotations

import argparse
from typing import Any

from carbonlib.data import reference_tables as ref
from carbonlib.tools import estimate as est
from carbonlib.tools.statement import FORMATS

__all__ = ["add_parser", "run", "FLAGS"]

#: The library's parameter names and the flags that give them.
FLAGS: dict[str, str] = {
    "gpu": "--gpu", "count": "--count", "hours": "--hours", "power_w": "--power-w",
    "power_basis": "--power-basis", "energy_kwh": "--energy-kwh", "codecarbon": "--codecarbon",
    "region": "--region", "grid_year": "--grid-year", "intensity_kg_per_kwh": "--intensity",
    "pue": "--pue", "utilization": "--utilization", "lifetime_years": "--lifetime-years",
    "cfe_share": "--cfe-share", "server": "--server", "server_embodied_kg": "--server-embodied-kg",
    "gpus_per_server": "--gpus-per-server", "cpu_server": "--cpu-server", "params": "--params",
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


def _value_or_range(text: str) -> float | tuple[float, float]:
    parts = text.split(":")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number or a LOW:HIGH range of numbers") from None
    if len(numbers) == 1:
        return numbers[0]
    if len(numbers) == 2:
        return numbers[0], numbers[1]
    raise argparse.ArgumentTypeError(f"{text!r}: give one number or LOW:HIGH")


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return f"{value[0]:g}:{value[1]:g}"
    return f"{value:g}"


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
    plan.add_argument("--mfu", type=_value_or_range, metavar="U",
                      help="model FLOP/s utilization in (0, 1], or LOW:HIGH (default: the range "
                           "of the measured runs in data/mfu.csv)")

    where = p.add_argument_group("where it ran (one is required; no default location)")
    where.add_argument("--region", metavar="CODE",
                       help="region in data/grid_intensity.csv: a country as ISO alpha-3 (USA, "
                            "FRA, ...), WORLD, or a datacenter (google-iowa, ...); see --list "
                            "regions")
    where.add_argument("--grid-year", type=int, metavar="YEAR",
                       help="year of the region's intensity (default: the latest in the table)")
    where.add_argument("--intensity", type=_value_or_range, metavar="KG_PER_KWH",
                       help="grid carbon intensity in kg CO2e/kWh, or LOW:HIGH, instead of "
                            "--region")

    paper = p.add_argument_group("assumptions (defaults: the paper's, Wu et al. 2022 Sec III-B)")
    paper.add_argument("--pue", type=_value_or_range, default=est.PAPER_PUE, metavar="P",
                       help="datacenter power usage effectiveness, >= 1, or LOW:HIGH "
                            f"(default: {_shown(est.PAPER_PUE)}, the paper's hyperscale PUE)")
    paper.add_argument("--utilization", type=_value_or_range, default=est.PAPER_UTILIZATION,
                       metavar="U",
                       help="fraction of its lifetime the server is busy, in (0, 1], or "
                            f"LOW:HIGH (default: {_shown(est.PAPER_UTILIZATION)}, the paper's "
                            "30-60%%)")
    paper.add_argument("--lifetime-years", type=_value_or_range,
                       default=est.PAPER_LIFETIME_YEARS, metavar="L",
                       help="server lifetime in years, or LOW:HIGH (default: "
                            f"{_shown(est.PAPER_LIFETIME_YEARS)}, the paper's 3-5 years)")
    paper.add_argument("--cfe-share", type=_value_or_range, default=0.0, metavar="S",
                       help="share of the energy matched by carbon-free energy, in [0, 1], or "
                            "LOW:HIGH (default: 0, location-based)")
    paper.add_argument("--server", default=est.PAPER_SERVER, metavar="NAME",
                       help="server whose embodied carbon is amortized (default: %(default)s, "
                            "the paper's 2000 kg GPU training system; see --list servers)")
    paper.add_argument("--server-embodied-kg", type=float, metavar="KG",
                       help="embodied carbon of one server in kg CO2e, instead of the table's")
    paper.add_argument("--gpus-per-server", type=float, metavar="N",
                       help="accelerators per server, instead of the table's (paper's system: "
                            "8, an assumption of this package)")

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


