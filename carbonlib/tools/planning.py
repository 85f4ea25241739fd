"""Planning a training run before it happens: accelerator-hours from model size and tokens.

A dense transformer's training costs about ``6 * params * tokens`` floating-point operations
(forward and backward pass). At a model FLOP/s utilization ``mfu`` of the accelerator's peak,
that takes ``accelerator_hours = 6 * params * tokens / (peak_flops * mfu * 3600)``. The peak per
precision comes from ``data/accelerator_peak.csv`` (datasheets, Patterson et al. 2021) and the
default MFU range from ``data/mfu.csv`` (measured runs), each with its provenance.
"""

from __future__ import annotations

from typing import Any

from carbonlib import data
from carbonlib.data import reference_tables as ref
from carbonlib.methodology import validation as v

__all__ = ["accelerator_hours", "peak_flops", "mfu_range", "plan", "mfu_input"]


def accelerator_hours(params: Any, tokens: Any, peak_flops: Any, mfu: Any) -> Any:
    """Accelerator-hours of a training run: ``6 * params * tokens / (peak_flops * mfu * 3600)``.

    Parameters
    ----------
    params : float or array_like
        Model parameters (> 0).
    tokens : float or array_like
        Training tokens (> 0).
    peak_flops : float or array_like
        Peak FLOP/s of one accelerator at the precision used (> 0).
    mfu : float or array_like
        Model FLOP/s utilization, in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        Hours, summed over accelerators.

    Examples
    --------
    7e9 parameters on 1e12 tokens: 4.2e22 FLOP; at 312 TFLOP/s and 40% MFU,
    4.2e22 / (312e12 x 0.4) / 3600 = 93,483 A100-hours.

    >>> round(float(accelerator_hours(7e9, 1e12, 312e12, 0.4)))
    93483
    """
    v.positive("params", params)
    v.positive("tokens", tokens)
    v.positive("peak_flops", peak_flops)
    v.check_range("mfu", mfu, low=0.0, high=1.0, low_open=True)
    return 6.0 * params * tokens / (peak_flops * mfu * 3600.0)


def peak_flops(gpu: str, precision: str = "bf16") -> dict[str, Any]:
    """Peak FLOP/s of ``gpu`` at ``precision``, with its source, from ``accelerator_peak.csv``."""
    name = ref.resolve_accelerator(gpu)
    table = data.load("accelerator_peak")
    rows = table[table["accelerator"] == name]
    if rows.empty:
        raise ValueError(f"gpu={gpu!r} has no peak FLOP/s in data/accelerator_peak.csv; give "
                         f"`peak_flops`. Known: {', '.join(sorted(table['accelerator'].unique()))}")
    row = rows[rows["precision"] == precision]
    if row.empty:
        v.one_of("precision", precision, sorted(rows["precision"]))
    r = row.iloc[0]
    return {"peak_flops": float(r["peak_tflops"]) * 1e12, "precision": precision,
            "peak_source": r["source"], "peak_locator": r["locator"], "peak_kind": r["kind"]}


def mfu_range() -> tuple[float, float]:
    """The lowest and highest MFU of the measured runs in ``data/mfu.csv``."""
    table = data.load("mfu")
    return float(table["mfu"].min()), float(table["mfu"].max())


def mfu_input(mfu: float | tuple[float, float] | None) -> dict[str, Any]:
    """The ``mfu`` input of an estimate: a point or a range, with its provenance."""
    if mfu is None:
        low, high = mfu_range()
        source, locator, kind = ("several", "range of the measured runs in data/mfu.csv",
                                 "inferred")
    else:
        if isinstance(mfu, tuple | list):
            low, high = (float(x) for x in mfu)
        else:
            low = high = float(mfu)
        source, locator, kind = "user", "given by the user", "assumed"
    for x in (low, high):
        v.check_range("mfu", x, low=0.0, high=1.0, low_open=True)
    if low > high:
        raise ValueError(f"mfu=({low:g}, {high:g}) is not a range: low exceeds high")
    return {"value": float(f"{(low + high) / 2:.12g}"), "low": low, "high": high,
            "distribution": "uniform" if high > low else "fixed", "source": source,
            "locator": locator, "kind": kind}


def plan(*, params: float | None, tokens: float | None, gpu: str, precision: str = "bf16",
         peak_flops: float | None = None) -> dict[str, Any]:
    """The planned run's compute: FLOP, peak and accelerator-hours at 100% MFU."""
    if params is None or tokens is None:
        missing = "params" if params is None else "tokens"
        raise ValueError(f"planning needs both `params` and `tokens`; `{missing}` is missing")
    v.positive("params", params)
    v.positive("tokens", tokens)
    if peak_flops is None:
        peak = globals()["peak_flops"](gpu, precision)
    else:
        v.positive("peak_flops", peak_flops)
        peak = {"peak_flops": float(peak_flops), "precision": precision,
                "peak_source": "user", "peak_locator": "given by the user", "peak_kind": "assumed"}
    flop = 6.0 * float(params) * float(tokens)
    return {"params": float(params), "tokens": float(tokens), "training_flop": flop, **peak,
            "accelerator_hours_at_full_mfu": flop / (peak["peak_flops"] * 3600.0)}
