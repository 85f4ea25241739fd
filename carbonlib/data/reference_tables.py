"""Look-ups in the bundled reference tables ``data/hardware.csv`` and ``data/grid_intensity.csv``.

Each look-up returns the value together with its provenance (citation key, locator, kind), so a
carbon impact statement can cite what it used. An unknown name fails through
:func:`carbonlib.methodology.validation.one_of`, which lists the closest known names.

>>> power_w("v100").value_w
325.0
>>> grid_intensity("usa").year          # the latest year unless one is asked for
2023
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from carbonlib import data
from carbonlib.methodology import validation as v

__all__ = [
    "Power",
    "Server",
    "GridIntensity",
    "accelerators",
    "servers",
    "regions",
    "resolve_accelerator",
    "power_w",
    "server",
    "grid_intensity",
    "embodied_per_accelerator",
]

#: Power bases: measured average system power per accelerator, or the chip's TDP.
POWER_BASES: tuple[str, ...] = ("auto", "measured", "tdp")


@dataclass(frozen=True)
class Power:
    """Average power drawn per accelerator, in W, and where the value comes from."""

    hardware: str
    value_w: float
    basis: str  # "measured" or "tdp"
    source: str
    locator: str
    kind: str


@dataclass(frozen=True)
class Server:
    """A server's embodied (manufacturing) carbon, kg CO2e, and its accelerator count."""

    name: str
    embodied_kg: float
    scope: str
    accelerators_per_server: float
    source: str
    locator: str
    kind: str
    accelerators_source: str
    accelerators_locator: str
    accelerators_kind: str


@dataclass(frozen=True)
class GridIntensity:
    """Location-based grid carbon intensity, in kg CO2e per kWh, for one region and year."""

    region_code: str
    region_name: str
    year: int
    intensity_kg_per_kwh: float
    source: str
    locator: str
    kind: str


def _hardware() -> pd.DataFrame:
    return data.load("hardware")


def _grid() -> pd.DataFrame:
    return data.load("grid_intensity")


def _hardware_names(category: str) -> list[str]:
    hw = _hardware()
    return sorted(hw.loc[hw["category"] == category, "hardware"].unique())


def accelerators() -> list[str]:
    """Names of the accelerators in ``data/hardware.csv``; ``"a100" in accelerators()``."""
    return _hardware_names("accelerator")


def servers() -> list[str]:
    """Names of the servers in ``data/hardware.csv``; the paper's is ``wu2022-gpu-system``.

    Examples
    --------
    >>> "wu2022-gpu-system" in servers() and "a100" in accelerators()
    True
    """
    return _hardware_names("server")


def regions() -> list[str]:
    """Region codes in ``data/grid_intensity.csv`` (countries as ISO alpha-3, datacenters).

    Examples
    --------
    >>> "FRA" in regions()
    True
    """
    return sorted(_grid()["region_code"].unique(), key=str.lower)


def resolve_accelerator(name: str) -> str:
    """The table's name for an accelerator written loosely (``"NVIDIA A100-SXM4-40GB"``).

    Matching ignores case; otherwise the first word of ``name`` that is a known accelerator
    (``"Tesla V100-SXM2-16GB"`` is ``v100``) is taken.

    Raises
    ------
    ValueError
        Naming ``gpu``, the value and the closest known names.

    Examples
    --------
    >>> resolve_accelerator("1 x NVIDIA A100-SXM4-40GB")
    'a100'
    >>> resolve_accelerator("TPU v3")
    'tpu-v3'
    """
    known = accelerators()
    text = str(name).strip().lower()
    if text.replace(" ", "-") in known:
        return text.replace(" ", "-")
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w]
    joined = [f"{a}-{b}" for a, b in zip(words, words[1:], strict=False)]
    for word in words + joined:
        if word in known:
            return word
    v.one_of("gpu", text, known)
    raise AssertionError("unreachable")  # pragma: no cover


def power_w(gpu: str, *, basis: str = "auto") -> Power:
    """Average power per accelerator, in W, from ``data/hardware.csv``.

    Parameters
    ----------
    gpu : str
        Accelerator name, see :func:`resolve_accelerator`.
    basis : {"auto", "measured", "tdp"}
        ``measured``: the measured average system power per accelerator (Patterson et al. 2021,
        Table 3; includes memory, fans and host CPU). ``tdp``: the chip's thermal design power,
        an upper bound for the chip alone. ``auto``: measured where the table has it, else TDP.

    Raises
    ------
    ValueError
        Unknown accelerator or basis, or no value recorded for the basis (give ``--power-w``).

    Examples
    --------
    >>> power_w("p100").value_w, power_w("p100", basis="tdp").value_w
    (271.0, 300.0)
    """
    v.one_of("power_basis", basis, POWER_BASES)
    name = resolve_accelerator(gpu)
    hw = _hardware()
    rows = hw[hw["hardware"] == name]
    wanted = {"measured": ["measured_power_w"], "tdp": ["tdp_w"],
              "auto": ["measured_power_w", "tdp_w"]}[basis]
    for quantity in wanted:
        hit = rows[rows["quantity"] == quantity]
        if len(hit):
            row = hit.iloc[0]
            return Power(name, float(row["value"]),
                         "measured" if quantity == "measured_power_w" else "tdp",
                         row["source"], row["locator"], row["kind"])
    raise ValueError(f"gpu={name!r} has no {basis} power in data/hardware.csv; give the average "
                     "power per accelerator with --power-w WATTS (or the energy with --energy-kwh)")


def server(name: str) -> Server:
    """A server's embodied carbon (whole server) and accelerator count from ``data/hardware.csv``.

    Examples
    --------
    >>> s = server("wu2022-gpu-system")
    >>> s.embodied_kg, s.accelerators_per_server, s.source
    (2000.0, 8.0, 'wu2022')
    """
    known = servers()
    key = str(name).strip().lower()
    v.one_of("server", key if key in known else name, known)
    hw = _hardware()
    rows = hw[hw["hardware"] == key]
    emb = rows[(rows["quantity"] == "embodied_kg") & (rows["scope"] == "server")].iloc[0]
    acc = rows[rows["quantity"] == "accelerators_per_server"].iloc[0]
    return Server(key, float(emb["value"]), "server", float(acc["value"]), emb["source"],
                  emb["locator"], emb["kind"], acc["source"], acc["locator"], acc["kind"])


def grid_intensity(region: str, *, year: int | None = None) -> GridIntensity:
    """Grid carbon intensity of a region, in kg CO2e per kWh, from ``data/grid_intensity.csv``.

    Parameters
    ----------
    region : str
        A region code (case ignored), see :func:`regions`.
    year : int, optional
        The year the intensity refers to; defaults to the latest year in the table.

    Raises
    ------
    ValueError
        Unknown region (naming the closest codes) or no value for ``year`` (naming the years).

    Examples
    --------
    >>> grid_intensity("USA", year=2020).intensity_kg_per_kwh
    0.429
    """
    grid = _grid()
    codes = regions()
    by_lower = {c.lower(): c for c in codes}
    names = {n.lower(): c for c, n in zip(grid["region_code"], grid["region_name"], strict=True)}
    wanted = str(region).strip().lower()
    code = by_lower.get(wanted) or names.get(wanted)
    if code is None:  # suggest among codes and names, both accepted
        v.one_of("region", region, codes + sorted(set(grid["region_name"]) - set(codes)))
    rows = grid[grid["region_code"] == code].sort_values("year")
    if year is not None:
        years = [str(y) for y in rows["year"]]
        v.one_of(f"grid_year (for region {code})", str(year), years)
        rows = rows[rows["year"] == int(year)]
    row = rows.iloc[-1]
    return GridIntensity(code, row["region_name"], int(row["year"]),
                         float(row["intensity_kg_per_kwh"]), row["source"], row["locator"],
                         row["kind"])


def embodied_per_accelerator(gpu: str) -> pd.DataFrame:
    """Every embodied value recorded for one accelerator, with its scope and source.

    For reading and comparing; :func:`carbonlib.tools.estimate.estimate` amortizes a whole server.

    Examples
    --------
    >>> sorted(embodied_per_accelerator("h100")["scope"].unique())
    ['board_share', 'card', 'die']
    """
    name = resolve_accelerator(gpu)
    hw = _hardware()
    rows = hw[(hw["hardware"] == name) & (hw["quantity"] == "embodied_kg")]
    return rows[["hardware", "scope", "value", "source", "locator", "kind"]].rename(
        columns={"value": "embodied_kg"}).reset_index(drop=True)
