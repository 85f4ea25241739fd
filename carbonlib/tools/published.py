"""Published training footprints recomputed from their stated inputs.

``data/published_footprints.csv`` holds, for each case, the inputs a paper states (GPU-hours,
power, PUE, grid intensity, chips and days, embodied carbon per device, ...) and the footprint
it publishes, each with its source, locator and printed precision. :func:`validate` recomputes
every published value with carbonlib's methodology (:mod:`carbonlib.methodology.operational`
and :mod:`carbonlib.methodology.embodied`) and compares. The tolerance of a case is the rounding
of the published figure: half a unit of its last printed digit. Where a case differs by more, the
table's ``note`` explains the formula or rounding difference.

Formulas, by group:

- ``touvron2023-table15``: MWh = GPU-hours x power x PUE; t = MWh x intensity;
- ``patterson2021-table4``: MWh = chips x days x 24 h x power x PUE; gross and net t = the
  published MWh x gross or net intensity (the table's own chain);
- ``luccioni2023-bloom``: dynamic kWh = GPU-hours x power; t = kWh x intensity; embodied t =
  GPU-hours x (per-GPU kg + per-server kg / GPUs per server) / (lifetime x 8760 h x
  utilization), the same amortization as Wu et al. (2022); total = the three parts;
- ``du2022-glam``: the ratio of GLaM's energy to GPT-3's.

:func:`publish` is the validation notebook's figure and table in one call (validate, draw, save,
show, and stop on an unexplained difference when strict); :func:`bloom_through_estimate` runs
one of the cases through ``carbonlib estimate`` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from carbonlib import data
from carbonlib.machinery import paths
from carbonlib.methodology.embodied import embodied_kg
from carbonlib.methodology.operational import energy_kwh, operational_kg

__all__ = ["inputs", "compute", "validate", "draw", "publish", "bloom_through_estimate", "STEM"]

#: File stem of the validation figure: ``validation.png`` and ``.svg``.
STEM = "validation"

Inputs = dict[str, dict[str, float]]


def inputs(table: pd.DataFrame | None = None) -> Inputs:
    """Each case's values (inputs and published), keyed by case then quantity."""
    table = data.load("published_footprints") if table is None else table
    out: Inputs = {}
    for row in table.itertuples(index=False):
        out.setdefault(row.case, {})[row.quantity] = float(row.value)
    return out


def _touvron(x: dict[str, float], quantity: str, _all: Inputs) -> float:
    mwh = energy_kwh(x["power_w"], x["gpu_hours"], pue=x["pue"]) / 1000.0
    return mwh if quantity == "energy_mwh" else mwh * x["intensity_kg_per_kwh"]


def _patterson(x: dict[str, float], quantity: str, _all: Inputs) -> float:
    if quantity == "energy_mwh":
        return energy_kwh(x["power_w"], x["days"] * 24.0, devices=x["chips"],
                          pue=x["pue"]) / 1000.0
    which = "gross" if quantity == "co2e_gross_t" else "net"
    return operational_kg(x["energy_mwh"], x[f"intensity_{which}_kg_per_kwh"])


def _bloom_part(case: str, all_: Inputs) -> float:
    x = all_[case]
    if case == "bloom-dynamic":
        return operational_kg(energy_kwh(x["power_w"], x["gpu_hours"]),
                              x["intensity_kg_per_kwh"]) / 1000.0
    if case == "bloom-idle-infrastructure":
        return operational_kg(x["energy_kwh"], x["intensity_kg_per_kwh"]) / 1000.0
    per_gpu_kg = x["gpu_embodied_kg"] + x["server_embodied_kg"] / x["gpus_per_server"]
    return embodied_kg(per_gpu_kg, x["gpu_hours"], lifetime_years=x["lifetime_years"],
                       utilization=x["utilization"]) / 1000.0


def _luccioni(x: dict[str, float], quantity: str, all_: Inputs, *, case: str = "") -> float:
    if case == "bloom-total":
        return sum(_bloom_part(c, all_) for c in
                   ("bloom-dynamic", "bloom-idle-infrastructure", "bloom-embodied"))
    if quantity == "energy_kwh":
        return energy_kwh(x["power_w"], x["gpu_hours"])
    return _bloom_part(case, all_)


def _du(x: dict[str, float], quantity: str, _all: Inputs) -> float:
    return x["energy_mwh"] / x["gpt3_energy_mwh"]


_FORMULAS: dict[str, Callable[..., float]] = {
    "touvron2023-table15": _touvron,
    "patterson2021-table4": _patterson,
    "luccioni2023-bloom": _luccioni,
    "du2022-glam": _du,
}


def compute(case: str, quantity: str, group: str, all_: Inputs) -> float:
    """The value of ``quantity`` for ``case`` recomputed from the case's stated inputs."""
    formula = _FORMULAS[group]
    if group == "luccioni2023-bloom":
        return float(formula(all_[case], quantity, all_, case=case))
    return float(formula(all_[case], quantity, all_))


def validate(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Published vs computed for every published value, with the relative error.

    Returns
    -------
    pandas.DataFrame
        One row per published value: ``case``, ``group``, ``quantity``, ``unit``,
        ``published``, ``computed``, ``rel_error`` (computed / published - 1), ``tolerance``
        (half the printed precision, in the unit), ``within_rounding``, ``note`` (the
        explanation of a difference), ``source``, ``locator`` and ``verdict`` (``within
        rounding``, ``differs, explained`` or ``differs``).

    Examples
    --------
    >>> v = validate().set_index(["case", "quantity"])
    >>> round(float(v.loc[("llama-7b", "energy_mwh"), "computed"]), 2)  # 82,432 h x 400 W x 1.1
    36.27
    """
    table = data.load("published_footprints") if table is None else table
    all_ = inputs(table)
    published = table[table["role"] == "published"]
    rows = []
    for row in published.itertuples(index=False):
        computed = compute(row.case, row.quantity, row.group, all_)
        tolerance = float(row.precision) / 2.0
        rows.append({
            "case": row.case, "group": row.group, "quantity": row.quantity, "unit": row.unit,
            "published": float(row.value), "computed": computed,
            "rel_error": computed / float(row.value) - 1.0, "tolerance": tolerance,
            # a hair of float slack: 24.6922 vs 24.69 +- 0.005 must not hinge on the 17th digit
            "within_rounding": bool(abs(computed - float(row.value)) <= tolerance * (1 + 1e-9)),
            "note": row.note if isinstance(row.note, str) else "",
            "source": row.source, "locator": row.locator,
        })
    out = pd.DataFrame(rows)
    out["verdict"] = np.where(out["within_rounding"], "within rounding",
                              np.where(out["note"] != "", "differs, explained", "differs"))
    out["rel_error"] = out["rel_error"].astype(float).round(12)
    return out.reset_index(drop=True) if len(out) else out.assign(rel_error=np.nan)


def draw(table: pd.DataFrame) -> Any:
    """Relative error of every recomputed footprint against its published value, in percent.

    One row per case and quantity; the grey bar is the rounding of the published figure (its
    tolerance, relative to the published value), the marker the recomputed value's error,
    coloured by verdict.

    Parameters
    ----------
    table : pandas.DataFrame
        What :func:`validate` returned (or a subset of its rows).

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    from carbonlib.machinery.plotting import PALETTE

    if table.empty:
        raise ValueError("table has no rows; allowed: rows of validate()")
    rows = table.reset_index(drop=True)
    y = np.arange(len(rows))[::-1]
    fig, ax = plt.subplots(figsize=(8.5, 0.28 * len(rows) + 1.4))
    band_pct = 100 * rows["tolerance"] / rows["published"].abs()  # tolerance: in the unit
    ax.barh(y, 2 * band_pct, left=-band_pct, height=0.6, color="0.85",
            label="rounding of the published value")
    colours = {"within rounding": PALETTE[2], "differs, explained": PALETTE[1]}
    for verdict, colour in colours.items():
        hit = rows["verdict"] == verdict
        ax.plot(100 * rows.loc[hit, "rel_error"], y[hit.to_numpy()], "o", color=colour,
                label=verdict)
    other = ~rows["verdict"].isin(list(colours))
    if other.any():
        ax.plot(100 * rows.loc[other, "rel_error"], y[other.to_numpy()], "x", color=PALETTE[3],
                label="differs")
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_yticks(y, [f"{c}: {q}" for c, q in zip(rows["case"], rows["quantity"], strict=True)],
                  fontsize=8)
    ax.set_xlabel("recomputed vs published (%)")
    ax.set_title("Published training footprints recomputed from their stated inputs", loc="left")
    ax.legend(loc="upper right", fontsize=8, frameon=True)
    fig.tight_layout()
    return fig


def publish(group: str = "all", *, strict: bool = False, show: bool = True,
            table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Validate, draw, save and show; stop on an unexplained difference when ``strict``.

    The validation notebook's figure and table in one call: :func:`validate`'s rows of
    ``group``, drawn by :func:`draw`, saved as ``validation.png``/``.svg`` in the run's figure
    folder (:func:`carbonlib.machinery.paths.output_dirs`: ``figures/`` under
    ``make reproduce``, else ``build/scratch/figures``), shown inline and closed. The strict
    guard comes last, after the figure is shown, as in :func:`carbonlib.paper.contract.publish`.

    Parameters
    ----------
    group : str, default "all"
        One source's rows only (``touvron2023-table15``, ``patterson2021-table4``,
        ``luccioni2023-bloom``, ``du2022-glam``), or ``"all"``.
    strict : bool, default False
        Raise ``AssertionError`` when a shown value differs from its published figure by more
        than the rounding and the table's ``note`` does not explain it. ``CARBONLIB_STRICT=1``
        (``make test``) makes every call strict.
    show : bool, default True
        Display the figure inline (in Jupyter; elsewhere nothing is shown).
    table : pandas.DataFrame, optional
        Rows in the layout of ``data/published_footprints.csv``; by default that table.

    Returns
    -------
    pandas.DataFrame
        The rows shown: :func:`validate`'s, of ``group`` (original index kept).

    Raises
    ------
    ValueError
        When ``group`` is neither ``"all"`` nor a group of the table.
    AssertionError
        When ``strict`` and a shown value differs without an explanation.
    """
    from carbonlib.machinery import plotting

    strict = strict or paths.strict_from_environment()
    full = validate(table)
    groups = sorted(set(full["group"]))
    if group != "all" and group not in groups:
        raise ValueError(f"group={group!r} is not a group of the table; allowed: 'all', "
                         + ", ".join(repr(g) for g in groups))
    shown = full if group == "all" else full[full["group"] == group]
    plotting.save_and_show(draw(shown), STEM, inline=show)
    unexplained = shown[shown["verdict"] == "differs"]
    if strict and len(unexplained):
        raise AssertionError("unexplained differences: "
                             f"{unexplained[['case', 'quantity']].values.tolist()}")
    return shown


def bloom_through_estimate(table: pd.DataFrame | None = None) -> tuple[float, str]:
    """BLOOM's dynamic training energy through ``carbonlib estimate``, given as a measured total.

    What it demonstrates: the user-facing tool reproduces a published case from its stated
    inputs alone. Luccioni et al.'s dynamic energy of BLOOM (GPU-hours x power per GPU, in kWh)
    goes to :func:`carbonlib.tools.estimate.estimate` as ``energy_kwh`` (the CLI's
    ``--energy-kwh``) with the paper's grid intensity and a PUE of 1, since that energy counts
    the GPUs only (the cluster's idle and infrastructure energy is the separate case
    ``bloom-idle-infrastructure``). The operational carbon is then the published dynamic CO2e,
    and the embodied carbon is not computed: the energy alone does not say how many machines
    the job held nor for how long.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        Rows in the layout of ``data/published_footprints.csv``; by default that table.

    Returns
    -------
    operational_kg : float
        Operational carbon, kg CO2e.
    reason : str
        Why the estimate reports no embodied carbon.

    Examples
    --------
    >>> kg, reason = bloom_through_estimate()
    >>> round(kg / 1000, 2)    # t CO2e: 1,082,990 GPU-h x 0.4 kW x 0.057 kg/kWh
    24.69
    """
    from carbonlib.tools.estimate import estimate

    bloom = inputs(table)["bloom-dynamic"]
    e = estimate(energy_kwh=energy_kwh(bloom["power_w"], bloom["gpu_hours"]),
                 intensity_kg_per_kwh=bloom["intensity_kg_per_kwh"], pue=1.0)
    return e.value["operational_kg"], e.assumptions["embodied"]["reason"]
