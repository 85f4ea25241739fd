"""Command line: ``carbonlib estimate`` (also ``python -m carbonlib estimate``).

Turns what you know about a training job (the accelerators, their number and the hours; or the
energy; or CodeCarbon's ``emissions.csv``) and where it ran into its operational and embodied
carbon with ranges, following Wu et al. (2022). Argument parsing and formatting only; the
methodology is :mod:`carbonlib.tools.estimate`.

Examples::

    carbonlib estimate --gpu a100 --count 8 --hours 24 --region USA
    carbonlib estimate --codecarbon emissions.csv --count 4 --format markdown
    carbonlib estimate --energy-kwh 120 --count 8 --hours 10 --intensity 0.4 --format json
    carbonlib estimate --list regions
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from carbonlib.data import reference_tables as ref
from carbonlib.tools import estimate as est
from carbonlib.tools.statement import FORMATS

__all__ = ["main", "build_parser"]

PROG = "carbonlib"

_EPILOG = """\
A value written LOW:HIGH is a range, sampled uniformly; the result's low and high are the 5th
and 95th percentiles of a seeded Monte Carlo over every range (same inputs, same output).
Without --region, --intensity or a location in the CodeCarbon file the command stops: there is
no default location. Tables: data/hardware.csv and data/grid_intensity.csv (see --list).

examples:
  carbonlib estimate --gpu a100 --count 8 --hours 24 --region USA
  carbonlib estimate --codecarbon emissions.csv --count 4 --format markdown
  carbonlib estimate --energy-kwh 120 --count 8 --hours 10 --intensity 0.3:0.5 --format json
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


def build_parser() -> argparse.ArgumentParser:
    """The ``carbonlib`` argument parser with its ``estimate`` subcommand."""
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[1])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser(
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
                     help="CodeCarbon emissions.csv: energy_consumed (kWh) and duration (s) of "
                          "each run are summed; country_iso_code/region give the location")

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
    out.add_argument("--samples", type=int, default=est.DEFAULT_SAMPLES, metavar="N",
                     help="Monte Carlo samples for the bounds (default: %(default)s)")
    out.add_argument("--seed", type=int, default=est.DEFAULT_SEED,
                     help="random seed (default: %(default)s)")
    out.add_argument("--list", choices=["gpus", "servers", "regions"],
                     help="print a reference table and exit")
    from carbonlib.tools import fleet_cli
    fleet_cli.add_parser(sub)
    return parser


def _listing(what: str) -> str:
    from carbonlib import data

    if what == "regions":
        grid = data.load("grid_intensity")
        cols = ["region_code", "region_name", "year", "intensity_kg_per_kwh", "source"]
        return grid[cols].to_string(index=False)
    hw = data.load("hardware")
    category = "accelerator" if what == "gpus" else "server"
    cols = ["hardware", "quantity", "scope", "value", "source"]
    return hw.loc[hw["category"] == category, cols].to_string(index=False)


def _run_estimate(args: argparse.Namespace) -> str:
    codecarbon = est.read_codecarbon(args.codecarbon) if args.codecarbon else None
    result = est.estimate(
        gpu=args.gpu, count=args.count, hours=args.hours, power_w=args.power_w,
        power_basis=args.power_basis, energy_kwh=args.energy_kwh, codecarbon=codecarbon,
        region=args.region, grid_year=args.grid_year, intensity_kg_per_kwh=args.intensity,
        pue=args.pue, utilization=args.utilization, lifetime_years=args.lifetime_years,
        cfe_share=args.cfe_share, server=args.server,
        server_embodied_kg=args.server_embodied_kg, gpus_per_server=args.gpus_per_server,
        samples=args.samples, seed=args.seed)
    return FORMATS[args.format](result)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input).

    Examples
    --------
    >>> main(["estimate", "--energy-kwh", "100", "--count", "8", "--hours", "10",
    ...       "--intensity", "0.5", "--utilization", "0.5", "--lifetime-years", "4",
    ...       "--format", "json"])                                  # doctest: +ELLIPSIS
    {
      "energy_kwh": 110...
    0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    if args.command == "fleet":
        from carbonlib.tools import fleet_cli
        return fleet_cli.main(args)
    if args.command != "estimate":
        parser.print_help(sys.stderr)
        return 2
    try:
        output = _listing(args.list) if args.list else _run_estimate(args)
    except ValueError as exc:  # includes CodeCarbonError and DataError
        print(f"{PROG} estimate: error: {exc}", file=sys.stderr)
        return 2
    print(output)
    return 0
