"""Schemas of Fig 3's tables: phase splits (a, b), fleet emissions (c), electricity by year."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

#: Stacks of Fig 3(c), in the legend's order.
STACKS: tuple[str, ...] = ("operational_renewable", "operational_scope1_2",
                           "value_chain_scope3", "carbon_removal")


def _removal_not_positive(df):
    return ~(df["stack"].eq("carbon_removal") & df["emissions_mt_co2e"].gt(0))


def _emissions_not_negative(df):
    return df["stack"].eq("carbon_removal") | df["emissions_mt_co2e"].ge(0)


SCHEMAS = {
    "fig03_splits": table_schema(
        {
            "panel": pa.Column(str, pa.Check.isin(["a", "b"])),
            "resolution": pa.Column(str, pa.Check.isin(["caption", "figure"])),
            "phase": pa.Column(str, pa.Check.isin(
                ["data", "experimentation", "training", "training_offline", "training_online",
                 "inference"])),
            "label": pa.Column(str, pa.Check.str_length(min_value=1)),
            "share_pct": pa.Column(float, pa.Check.in_range(0.0, 100.0)),
        },
        unique=["panel", "resolution", "phase"],
    ),
    "fig03_fleet_emissions": table_schema(
        {
            "year": pa.Column(int, pa.Check.in_range(2000, 2100)),
            "stack": pa.Column(str, pa.Check.isin(STACKS)),
            "label": pa.Column(str, pa.Check.str_length(min_value=1)),
            "emissions_mt_co2e": pa.Column(float, pa.Check.in_range(-50.0, 50.0)),
        },
        unique=["year", "stack"],
        checks=[
            pa.Check(_removal_not_positive, name="carbon_removal_is_not_positive",
                     element_wise=False),
            pa.Check(_emissions_not_negative, name="emission_stacks_are_not_negative",
                     element_wise=False),
        ],
    ),
    "fig03_electricity": table_schema(
        {
            "year": pa.Column(int, pa.Check.in_range(2000, 2100)),
            "scope": pa.Column(str, pa.Check.isin(["all_operations", "datacenters"])),
            "bound": pa.Column(str, pa.Check.isin(["exact", "lower"])),
            "electricity_mwh": pa.Column(float, pa.Check.gt(0)),
        },
        unique=["year", "scope"],
    ),
}
