"""Command-line options shared by ``carbonlib estimate`` and ``carbonlib fleet``.

Where the job ran and the paper's assumptions are given the same way to both commands: one
number, or ``LOW:HIGH`` for a range that the Monte Carlo samples.
"""

from __future__ import annotations

import argparse

from carbonlib.tools import estimate as est

__all__ = ["LOCATION_AND_ASSUMPTION_FLAGS", "add_location_and_assumptions", "shown",
           "value_or_range"]

#: The library's parameter names and the flags that give them, for the options added here.
LOCATION_AND_ASSUMPTION_FLAGS: dict[str, str] = {
    "region": "--region", "grid_year": "--grid-year", "intensity_kg_per_kwh": "--intensity",
    "pue": "--pue", "utilization": "--utilization", "lifetime_years": "--lifetime-years",
    "cfe_share": "--cfe-share", "server": "--server", "server_embodied_kg": "--server-embodied-kg",
    "gpus_per_server": "--gpus-per-server",
}


#: Help for each option, by the library's parameter name; ``{default}`` is the default as typed.
_HELP: dict[str, str] = {
    "region": "region in data/grid_intensity.csv: a country as ISO alpha-3 (USA, FRA, ...), "
              "WORLD, or a datacenter (google-iowa, ...)",
    "grid_year": "year of the region's intensity (default: the latest in the table)",
    "intensity": "grid carbon intensity in kg CO2e/kWh, or LOW:HIGH, instead of --region",
    "pue": "datacenter power usage effectiveness, >= 1, or LOW:HIGH (default: {default}, the "
           "paper's hyperscale PUE)",
    "utilization": "fraction of its lifetime the server is busy, in (0, 1], or LOW:HIGH "
                   "(default: {default}, the paper's 30-60%%)",
    "lifetime_years": "server lifetime in years, or LOW:HIGH (default: {default}, the paper's "
                      "3-5 years)",
    "cfe_share": "share of the energy matched by carbon-free energy, in [0, 1], or LOW:HIGH "
                 "(default: {default}, location-based)",
    "server": "server whose embodied carbon is amortized (default: %(default)s, the paper's "
              "2000 kg GPU training system)",
    "server_embodied_kg": "embodied carbon of one server in kg CO2e, instead of the table's",
    "gpus_per_server": "accelerators per server, instead of the table's (paper's system: 8, an "
                       "assumption of this package)",
}


def value_or_range(text: str) -> float | tuple[float, float]:
    """Parse ``"0.4"`` as 0.4 and ``"0.3:0.6"`` as ``(0.3, 0.6)``; argparse's error otherwise.

    Examples
    --------
    >>> value_or_range("1.1"), value_or_range("3:5")
    (1.1, (3.0, 5.0))
    """
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


def shown(value: float | tuple[float, float]) -> str:
    """A default as the user would type it: ``1.1`` or ``3:5``."""
    if isinstance(value, tuple):
        return f"{value[0]:g}:{value[1]:g}"
    return f"{value:g}"


def add_location_and_assumptions(parser: argparse.ArgumentParser, where_title: str) -> None:
    """Add the "where it ran" options and the paper's assumptions, as two argument groups.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The subcommand's parser.
    where_title : str
        Title of the location group, saying when a location is required.
    """
    where = parser.add_argument_group(where_title)
    where.add_argument("--region", metavar="CODE", help=_HELP["region"])
    where.add_argument("--grid-year", type=int, metavar="YEAR", help=_HELP["grid_year"])
    where.add_argument("--intensity", type=value_or_range, metavar="KG_PER_KWH",
                       help=_HELP["intensity"])
    paper = parser.add_argument_group(
        "assumptions (defaults: the paper's, Wu et al. 2022 Sec III-B)")
    for flag, default, metavar in (("--pue", est.PAPER_PUE, "P"),
                                   ("--utilization", est.PAPER_UTILIZATION, "U"),
                                   ("--lifetime-years", est.PAPER_LIFETIME_YEARS, "L"),
                                   ("--cfe-share", 0.0, "S")):
        text = _HELP[flag[2:].replace("-", "_")].format(default=shown(default))
        paper.add_argument(flag, type=value_or_range, default=default, metavar=metavar, help=text)
    paper.add_argument("--server", default=est.PAPER_SERVER, metavar="NAME", help=_HELP["server"])
    paper.add_argument("--server-embodied-kg", type=float, metavar="KG",
                       help=_HELP["server_embodied_kg"])
    paper.add_argument("--gpus-per-server", type=float, metavar="N",
                       help=_HELP["gpus_per_server"])
