"""The carbon impact statement: an estimate as text, JSON or markdown.

The markdown form is what Wu et al. (2022, Sec V-A) ask every paper and model card to carry: a
ready paragraph and a table with hardware, machine count, runtime, energy, operational and
embodied carbon with ranges, the assumptions and their sources.
"""

from __future__ import annotations

import json
import math
from typing import Any

from carbonlib.tools import estimate as est

__all__ = ["format_text", "format_json", "format_markdown", "FORMATS", "human_number",
           "human_percent"]


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
    count = emb.get("count") if emb["computed"] else energy.get("count")
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
    if energy["method"] == "planned":
        text += (f" ({_num(energy['accelerator_hours'])} accelerator-hours, "
                 f"{_num(energy['accelerator_hours_low'])}-"
                 f"{_num(energy['accelerator_hours_high'])} over the MFU range")
    elif emb["computed"]:
        text += " (" + " + ".join(f"{_num(p['unit_hours'])} {p['unit']}-hours"
                                  for p in emb["parts"])
    else:
        text += " (machines not given"
    if energy["method"] == "codecarbon":
        runs = energy["runs"]
        text += f", {runs} CodeCarbon run{'s' if runs != 1 else ''}"
    return text + ")"


def _machines(e: est.Estimate) -> str:
    emb = e.assumptions["embodied"]
    if not emb["computed"]:
        return "not given"
    shares = []
    for part in emb["parts"]:
        per = part["accelerators_per_server"]
        share = f"{_num(part['server_hours'])} server-hours of {part['server']}"
        share += f" ({_num(per)} {part['unit']}s per server)" if per > 0 else \
            " (whole server while each run lasts)"
        shares.append(share)
    return " + ".join(shares)


def reading_lines(e: est.Estimate) -> list[str]:
    """What was read and how it was combined: CodeCarbon rows, runs, skips, regions, MFU."""
    a = e.assumptions
    energy, loc, emb = a["energy"], a["intensity_kg_per_kwh"], a["embodied"]
    lines = []
    if energy["method"] == "codecarbon":
        project = f", project {energy['project']!r}" if energy.get("project") else ""
        lines.append(f"read {energy['codecarbon_file']}: {energy['rows']:,} rows, "
                     f"{energy['runs']:,} runs{project} (rows sharing a run_id are cumulative "
                     "checkpoints: each run counts once, at its largest duration)")
        if len(energy.get("projects", [])) > 1:
            lines += [f"  project {p['project'] or '(none)'!r}: {p['runs']} run(s), "
                      f"{_num(p['hours'])} h, {_num(p['energy_kwh'])} kWh (choose one with "
                      "--project)" for p in energy["projects"]]
        if energy["skipped_rows"]:
            shown = ", ".join(map(str, energy["skipped_lines_first"]))
            more = ", ..." if energy["skipped_rows"] > len(energy["skipped_lines_first"]) else ""
            lines.append(f"skipped {energy['skipped_rows']:,} rows with an empty or non-numeric "
                         f"energy_consumed or duration (lines {shown}{more})")
    if loc.get("regions"):
        lines.append(f"grid: {loc['combined']}: {_num(loc['value'])} kg CO2e/kWh")
        for r in loc["regions"]:
            lines.append(f"  {r['region']}: {r['runs']} run(s), {_pct(r['energy_share'])} of the "
                         f"energy at {_num(r['intensity_kg_per_kwh'])} kg CO2e/kWh "
                         f"[{r['source']}]")
            if r.get("from_file"):
                lines.append(f"  {r['region']} is not in data/grid_intensity.csv: its runs' own "
                             f"emissions / energy_consumed, {_num(r['intensity_kg_per_kwh'])} "
                             "kg CO2e/kWh, is used")
    if energy["method"] == "planned":
        mfu = a["mfu"]
        lines.append(f"planned: 6 x {_num(energy['params'])} params x {_num(energy['tokens'])} "
                     f"tokens = {energy['training_flop']:.3g} FLOP at "
                     f"{energy['peak_flops'] / 1e12:g} TFLOP/s peak ({energy['precision']}, "
                     f"[{energy['peak_source']}]) and MFU {_span(mfu)} [{mfu['source']}]")
    if emb["computed"]:
        for part in emb["parts"]:
            if part["unit"] == "machine":
                lines.append(f"embodied: {part.get('count_from', 'machines')}: "
                             f"{part['server']}, {_num(part['server_embodied_kg'])} kg, scope "
                             f"{part['scope']} [{part['source']}], by whole server")
    else:
        lines.append(f"embodied carbon: not computed: {emb['reason']}")
    return lines


def _assumption_lines(e: est.Estimate) -> list[str]:
    a = e.assumptions
    emb = a["embodied"]
    lines = reading_lines(e) + [
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


#: Public names of the number formatting used in statements and figures.
human_number = _num
human_percent = _pct
