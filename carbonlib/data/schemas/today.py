"""Schemas of the "today" input set: current accelerators and servers, fleet figures and grids.

The paper's inputs date from 2019-2021. These tables hold their present-day counterparts, with the
same provenance columns as every other table. Where sources disagree, each keeps its own row and a
``bound`` (``low``, ``central`` or ``high``) says where the value sits in the range the sources
span; the range, not one pick, is what the then-and-now analysis draws from.
"""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

#: Where a row sits in the range its sources span.
BOUNDS: tuple[str, ...] = ("low", "central", "high")
#: What a hardware value covers (embodied rows: die, card, board share or a whole server).
SCOPES: tuple[str, ...] = ("chip", "system_per_accelerator", "accelerators_only", "die", "card",
                           "board_share", "server_share", "server")
#: Hardware quantities, units in the names.
HARDWARE_QUANTITIES: tuple[str, ...] = ("tdp_w", "max_power_w", "measured_power_w",
                                        "peak_tflops_fp16",
                                        "peak_tflops_fp32", "release_year", "idle_fraction",
                                        "embodied_kg", "embodied_g_per_exaflop")
#: Fleet quantities: PUE (ratio), hourly carbon-free share (fraction), electricity growth
#: (fraction over ``period_years``), compute per kWh gain (factor over ``period_years``).
FLEET_QUANTITIES: tuple[str, ...] = ("pue", "hourly_cfe_share", "electricity_growth",
                                     "compute_per_kwh_gain")


def _fraction_rows_in_unit_interval(df):
    fractions = df["quantity"].isin(["idle_fraction", "hourly_cfe_share"])
    return ~fractions | df["value"].between(0.0, 1.0)


def _pue_at_least_one(df):
    return ~df["quantity"].eq("pue") | df["value"].ge(1.0)


def _period_given_for_rates(df):
    rates = df["quantity"].isin(["electricity_growth", "compute_per_kwh_gain"])
    return ~rates | df["period_years"].gt(0)


SCHEMAS = {
    "today_hardware": table_schema(
        {
            "hardware": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9.\-]*$")),
            "category": pa.Column(str, pa.Check.isin(["accelerator", "server"])),
            "quantity": pa.Column(str, pa.Check.isin(HARDWARE_QUANTITIES)),
            "scope": pa.Column(str, pa.Check.isin(SCOPES)),
            "bound": pa.Column(str, pa.Check.isin(BOUNDS)),
            "value": pa.Column(float, pa.Check.gt(0)),
        },
        unique=["hardware", "quantity", "scope", "bound", "source"],
        checks=[pa.Check(_fraction_rows_in_unit_interval, element_wise=False,
                         name="fractions_within_0_1")],
    ),
    "today_fleet": table_schema(
        {
            "operator": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9\-]*$")),
            "year": pa.Column(int, pa.Check.in_range(2015, 2100)),
            "quantity": pa.Column(str, pa.Check.isin(FLEET_QUANTITIES)),
            "scope": pa.Column(str, pa.Check.isin(["fleet", "region", "datacenters",
                                                   "all_operations", "industry_average"])),
            "value": pa.Column(float, pa.Check.gt(0)),
            "period_years": pa.Column(float, pa.Check.gt(0), nullable=True),
        },
        unique=["operator", "year", "quantity", "scope", "source", "locator"],
        checks=[pa.Check(_fraction_rows_in_unit_interval, element_wise=False,
                         name="fractions_within_0_1"),
                pa.Check(_pue_at_least_one, element_wise=False, name="pue_at_least_1"),
                pa.Check(_period_given_for_rates, element_wise=False,
                         name="rates_state_their_period")],
    ),
    "today_grid": table_schema(
        {
            "region_code": pa.Column(str, pa.Check.str_matches(r"^[A-Za-z][A-Za-z0-9.\-]*$")),
            "region_name": pa.Column(str, pa.Check.str_length(min_value=1)),
            "year": pa.Column(int, pa.Check.in_range(2015, 2100)),
            "intensity_kg_per_kwh": pa.Column(float, pa.Check.in_range(0.0, 2.0)),
            "bound": pa.Column(str, pa.Check.isin(BOUNDS)),
        },
        unique=["region_code", "year", "source"],
    ),
}
