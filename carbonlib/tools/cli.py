"""Command line: ``carbonlib COMMAND`` (also ``python -m carbonlib COMMAND``).

``carbonlib estimate`` turns what you know about a training job (the accelerators, their number
and the hours; or the energy; or CodeCarbon's ``emissions.csv``; or the model size and tokens of
a planned run) and where it ran into its operational and embodied carbon with ranges, following
Wu et al. (2022).

Each subcommand is a module listed in :data:`SUBCOMMANDS` with ``add_parser(subparsers)``,
which adds its parser and sets ``func`` (``args -> output text``) and ``flags`` (the library's
parameter names mapped to the subcommand's flags, so that errors speak of flags). Adding a
subcommand is one module and one line here.

Examples::

    carbonlib estimate --gpu a100 --count 8 --hours 24 --region USA
    carbonlib estimate --codecarbon emissions.csv --format markdown
    carbonlib estimate --list regions
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys

__all__ = ["main", "build_parser", "SUBCOMMANDS", "in_flags"]

PROG = "carbonlib"

#: Modules providing ``add_parser(subparsers)``, one per subcommand.
SUBCOMMANDS: tuple[str, ...] = (
    "carbonlib.tools.estimate_cli",
    "carbonlib.tools.fleet_cli",
)


def build_parser() -> argparse.ArgumentParser:
    """The ``carbonlib`` argument parser with every subcommand of :data:`SUBCOMMANDS`."""
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[1])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(name).add_parser(sub)
    return parser


def in_flags(message: str, flags: dict[str, str]) -> str:
    """A library message in the CLI's terms: `` `count` `` and ``count=3`` become ``--count``.

    Examples
    --------
    >>> in_flags("pue=0.9 is outside [1, inf); give `count`", {"pue": "--pue", "count": "--count"})
    '--pue 0.9 is outside [1, inf); give --count'
    """
    for name, flag in sorted(flags.items(), key=lambda kv: -len(kv[0])):
        message = message.replace(f"`{name}`", flag)
        message = re.sub(rf"(?<![\w\-`]){re.escape(name)}=", f"{flag} ", message)
    return message


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
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return 2
    where = f"{PROG} {args.command}"
    try:
        output = args.func(args)
    except ValueError as exc:  # includes CodeCarbonError and DataError
        print(f"{where}: error: {in_flags(str(exc), args.flags)}", file=sys.stderr)
        return 2
    except MemoryError:
        print(f"{where}: error: out of memory; lower --samples or give a smaller input",
              file=sys.stderr)
        return 2
    except OSError as exc:
        name = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"{where}: error: {name}{exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        print(output)
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
    return 0
