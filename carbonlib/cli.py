"""Command line: ``carbonlib estimate`` (also ``python -m carbonlib estimate``).

Turns what you know about a training job (the accelerators, their number and the hours; or the
energy; or CodeCarbon's ``emissions.csv``) and where it ran into its operational and embodied
carbon with ranges, following Wu et al. (2022). Argument parsing and formatting only; the
methodology is :mod:`carbonlib.estimate`.

Examples::

    carbonlib estimate --gpu a100 --count 8 --hours 24 --region USA
    carbonlib estimate --codecarbon emissions.csv --count 4 --format markdown
    carbonlib estimate --energy-kwh 120 --count 8 --hours 10 --intensity 0.4 --format json
    carbonlib estimate --list regions
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from . import estimate as est
from . import reference_tables as ref

__all__ = ["main", "build_parser", "format_text", "format_json", "format_markdown",
           "draw_breakdown", "what_if"]

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
    return parser


# --------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------

def _num(x: float | None) -> str:
    """A number for people: 3 significant digits, thousands separated."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if x == 0:
        return "0"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}" if abs(x) < 100 else f"{x:.0f}"


def _pct(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{100 * x:.3g}%"


def _span(spec: dict[str, Any], fmt=_num) -> str:
    if spec["high"] > spec["low"]:
        return f"{fmt(spec['low'])}-{fmt(spec['high'])}"
    return fmt(spec["value"])


def _range_of(e: est.Estimate, key: str, fmt=_num) -> str:
    low, high = e.low[key], e.high[key]
    if fmt(low) == fmt(high):
        return fmt(e.value[key])
    return f"{fmt(e.value[key])} ({fmt(low)}-{fmt(high)})"


def _hardware(e: est.Estimate) -> str:
    energy, emb = e.assumptions["energy"], e.assumptions["embodied"]
    gpu = energy.get("gpu")
    count = emb.get("count")
    what = gpu if gpu else f"{emb['unit']}s"
    text = f"{_num(count)} x {what}" if count is not None else what
    if energy.get("power_w") is not None:
        basis = {"tdp": "chip TDP", "measured": "measured system power per accelerator",
                 "user": "given"}[energy["power_basis"]]
        text += f" at {_num(energy['power_w'])} W each ({basis})"
    return text


def _location(e: est.Estimate) -> str:
    loc = e.assumptions["intensity_kg_per_kwh"]
    if loc.get("region") is None:
        return f"{_span(loc)} kg CO2e/kWh (given)"
    year = f", {loc['year']}" if loc.get("year") else ""
    return f"{loc['region_name']} ({loc['region']}{year}), {_num(loc['value'])} kg CO2e/kWh"


def _runtime(e: est.Estimate) -> str:
    energy, emb = e.assumptions["energy"], e.assumptions["embodied"]
    hours = energy.get("hours")
    text = f"{_num(hours)} h" if hours is not None else "n/a"
    text += f" ({_num(emb['unit_hours'])} {emb['unit']}-hours"
    if energy["method"] == "codecarbon":
        runs = energy["runs"]
        text += f", {runs} CodeCarbon run{'s' if runs != 1 else ''}"
    return text + ")"


def _machines(e: est.Estimate) -> str:
    emb = e.assumptions["embodied"]
    per = emb["accelerators_per_server"]
    share = f"{_num(emb['server_hours'])} server-hours of {emb['server']}"
    if per > 0:
        share += f" ({_num(per)} {emb['unit']}s per server)"
    return share


def _assumption_lines(e: est.Estimate) -> list[str]:
    a = e.assumptions
    emb = a["embodied"]
    lines = [
        f"PUE {_span(a['pue'])} [{a['pue']['source']}]",
        f"grid intensity: {_location(e)} [{a['intensity_kg_per_kwh']['source']}]",
        f"carbon-free energy share {_span(a['cfe_share'], _pct)} [{a['cfe_share']['source']}]",
        f"server utilization over its life {_span(a['utilization'], _pct)} "
        f"[{a['utilization']['source']}]",
        f"server lifetime {_span(a['lifetime_years'])} years [{a['lifetime_years']['source']}]",
        f"embodied carbon of one {emb['server']} server {_num(emb['server_embodied_kg'])} kg "
        f"CO2e, scope {emb['scope']} [{emb['source']}]; {_num(emb['accelerators_per_server'])} "
        f"accelerators per server [{emb['accelerators_source']}]",
        f"energy: {a['energy']['note']} [{a['energy'].get('power_source', a['energy']['method'])}]",
    ]
    unc = a["uncertainty"]
    if unc["varied"]:
        lines.append(f"bounds: {unc['percentiles'][0]:g}th-{unc['percentiles'][1]:g}th "
                     f"percentiles of {unc['samples']:,} Monte Carlo samples (seed "
                     f"{unc['seed']}) over {', '.join(unc['varied'])}")
    return lines


def format_text(e: est.Estimate) -> str:
    """A plain-text table of values and bounds, then the assumptions."""
    rows = [("energy", "energy_kwh", "kWh"), ("operational", "operational_kg", "kg CO2e"),
            ("embodied", "embodied_kg", "kg CO2e"), ("total", "total_kg", "kg CO2e")]
    lines = [f"Footprint of {_hardware(e)}, runtime {_runtime(e)}", "",
             f"{'':<16}{'value':>12}{'low':>12}{'high':>12}"]
    for label, key, unit in rows:
        lines.append(f"{label:<16}{_num(e.value[key]):>12}{_num(e.low[key]):>12}"
                     f"{_num(e.high[key]):>12}  {unit}")
    key = "embodied_share"
    lines.append(f"{'embodied share':<16}{_pct(e.value[key]):>12}{_pct(e.low[key]):>12}"
                 f"{_pct(e.high[key]):>12}")
    lines += ["", "Assumptions:"] + [f"  - {line}" for line in _assumption_lines(e)]
    lines += ["", "Sources: " + "; ".join(f"[{s['source']}] {s['locator']}"
                                          for s in e.sources)]
    return "\n".join(lines)


def _clean(obj: Any) -> Any:
    if isinstance(obj, float):
        return None if not math.isfinite(obj) else obj
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    return obj


def format_json(e: est.Estimate) -> str:
    """JSON: each output with ``_low``/``_high``, the assumptions and the sources."""
    return json.dumps(_clean(e.as_dict()), indent=2)


def format_markdown(e: est.Estimate) -> str:
    """A carbon impact statement paragraph and a model-card table, ready to paste."""
    a = e.assumptions
    unc = a["uncertainty"]
    ranges = (f"Ranges in parentheses are the {unc['percentiles'][0]:g}th-"
              f"{unc['percentiles'][1]:g}th percentiles of {unc['samples']:,} Monte Carlo "
              f"samples (seed {unc['seed']}) over {', '.join(unc['varied'])}."
              if unc["varied"] else "All inputs were given as single values.")
    statement = (
        f"**Carbon impact statement.** This work used {_hardware(e)} for {_runtime(e)}, "
        f"in {_location(e)}. It consumed an estimated {_range_of(e, 'energy_kwh')} kWh of "
        f"facility energy (PUE {_span(a['pue'])}), emitting {_range_of(e, 'operational_kg')} kg "
        f"CO2e of operational carbon (carbon-free energy share {_span(a['cfe_share'], _pct)}) "
        f"and {_range_of(e, 'embodied_kg')} kg CO2e of embodied carbon: the job's share of "
        f"manufacturing the hardware ({_num(a['embodied']['server_embodied_kg'])} kg CO2e per "
        f"server) amortized over a {_span(a['lifetime_years'])}-year lifetime at "
        f"{_span(a['utilization'], _pct)} utilization, following Wu et al. (2022). In total "
        f"{_range_of(e, 'total_kg')} kg CO2e, of which {_range_of(e, 'embodied_share', _pct)} "
        f"is embodied. {ranges}"
    )
    rows = [
        ("Hardware", _hardware(e)),
        ("Machines", _machines(e)),
        ("Runtime", _runtime(e)),
        ("Location", _location(e)),
        ("Energy (facility)", f"{_range_of(e, 'energy_kwh')} kWh"),
        ("Operational carbon", f"{_range_of(e, 'operational_kg')} kg CO2e"),
        ("Embodied carbon", f"{_range_of(e, 'embodied_kg')} kg CO2e"),
        ("Total carbon", f"{_range_of(e, 'total_kg')} kg CO2e"),
        ("Embodied share", _range_of(e, "embodied_share", _pct)),
        ("Assumptions", "; ".join(_assumption_lines(e))),
        ("Sources", "; ".join(f"{s['source']} ({s['locator']})" for s in e.sources)),
    ]
    table = ["| Carbon footprint | |", "|---|---|"]
    table += [f"| {k} | {str(val).replace('|', '/')} |" for k, val in rows]
    return statement + "\n\n" + "\n".join(table)


FORMATS = {"text": format_text, "json": format_json, "markdown": format_markdown}


# --------------------------------------------------------------------------------------------
# The same estimate as a figure, and a what-if with sliders (used by notebooks/your_footprint)
# --------------------------------------------------------------------------------------------

#: Slider ranges of the what-if: (min, max, step) per input.
WHAT_IF_RANGES: dict[str, tuple[float, float, float]] = {
    "utilization": (0.05, 1.0, 0.05),
    "lifetime_years": (1.0, 10.0, 0.5),
    "pue": (1.0, 2.0, 0.01),
    "intensity_kg_per_kwh": (0.0, 1.0, 0.005),
    "cfe_share": (0.0, 1.0, 0.05),
}
_BARS = (("operational_kg", "operational", 0), ("embodied_kg", "embodied", 1),
         ("total_kg", "total", 7))


def draw_breakdown(e: est.Estimate, *, title: str = "Footprint of the job"):
    """Operational, embodied and total kg CO2e: bars at the value, whiskers from low to high.

    Every value is recomputed by :func:`carbonlib.estimate.estimate`; the x label says so.

    Examples
    --------
    >>> e = est.estimate(energy_kwh=100, count=8, hours=10, intensity_kg_per_kwh=0.5)
    >>> fig = draw_breakdown(e)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['operational', 'embodied', 'total']
    """
    import matplotlib.pyplot as plt

    from . import plotting

    df = e.to_frame()
    keys = [k for k, _, _ in _BARS]
    value, low, high = (df.loc[keys, c].to_numpy() for c in ("value", "low", "high"))
    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    ax.barh([label for _, label, _ in _BARS], value,
            color=[plotting.PALETTE[i] for _, _, i in _BARS],
            xerr=[value - low, high - value], capsize=4)
    xmax = float(high.max()) * 1.4 or 1.0
    for y, (v_, lo, hi) in enumerate(zip(value, low, high, strict=True)):
        label = _num(v_) if _num(lo) == _num(hi) else f"{_num(v_)} ({_num(lo)}-{_num(hi)})"
        ax.text(hi + 0.015 * xmax, y, label, va="center")
    ax.invert_yaxis()
    ax.set_xlim(0, xmax)
    ax.set_xlabel("kg CO2e, recomputed (whiskers: 5th-95th percentile)")
    ax.set_title(f"{title}: {_pct(e.value['embodied_share'])} embodied", loc="left")
    fig.tight_layout()
    return fig


def what_if(job: dict[str, Any], e: est.Estimate, show) -> Any:
    """Sliders for utilization, lifetime, PUE, grid intensity and carbon-free share.

    Each move re-runs :func:`carbonlib.estimate.estimate` on ``job`` (keyword arguments) with
    the slider values as single values and passes :func:`draw_breakdown`'s figure to ``show``.
    The sliders start at the centre of ``e``'s ranges. Returns the ipywidgets box to display.
    """
    import ipywidgets as widgets

    a = e.assumptions
    start = {"utilization": a["utilization"]["value"],
             "lifetime_years": a["lifetime_years"]["value"], "pue": a["pue"]["value"],
             "intensity_kg_per_kwh": a["intensity_kg_per_kwh"]["value"],
             "cfe_share": a["cfe_share"]["value"]}
    names = {"utilization": "utilization", "lifetime_years": "lifetime (y)", "pue": "PUE",
             "intensity_kg_per_kwh": "kg CO2e/kWh", "cfe_share": "CFE share"}
    sliders = {
        key: widgets.FloatSlider(value=start[key], min=lo, max=hi, step=step,
                                 description=names[key], readout_format=".3g")
        for key, (lo, hi, step) in WHAT_IF_RANGES.items()
    }

    def redraw(**values):
        point = {**job, "region": None, **values}
        show(draw_breakdown(est.estimate(**point), title="What if"))

    return widgets.VBox([*sliders.values(), widgets.interactive_output(redraw, sliders)])


def _listing(what: str) -> str:
    from . import data

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
