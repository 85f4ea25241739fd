"""Schemas of Fig 4's tables: production-model segments, open-source model inputs, equivalence."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

#: Inputs and published results recorded per open-source model, units in the names.
OSS_QUANTITIES: tuple[str, ...] = (
    "params_billion", "devices", "power_w_per_device", "training_days", "training_hours", "pue",
    "intensity_kg_per_kwh", "intensity_net_kg_per_kwh", "intensity_lbs_per_kwh",
    "energy_mwh_published", "energy_kwh_published", "co2e_t_published",
    "co2e_net_t_published", "co2e_lbs_published", "fig4_bar_t",
)

SCHEMAS = {
    "fig04_production": table_schema(
        {
            "model": pa.Column(str, pa.Check.str_matches(r"^(LM|RM-\d)$")),
            "phase": pa.Column(str, pa.Check.isin(
                ["training_offline", "training_online", "inference"])),
            "emissions_tco2e": pa.Column(float, pa.Check.ge(0)),
        },
        unique=["model", "phase"],
    ),
    "fig04_oss_models": table_schema(
        {
            "model": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9_]+$")),
            "fig4_label": pa.Column(str, nullable=True),
            "quantity": pa.Column(str, pa.Check.isin(OSS_QUANTITIES)),
            "value": pa.Column(float, pa.Check.ge(0)),
        },
        unique=["model", "quantity"],
    ),
    "fig04_equivalence": table_schema(
        {
            "equivalent": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9_]+$")),
            "t_co2e_per_unit": pa.Column(float, pa.Check.gt(0)),
        },
        unique=["equivalent"],
    ),
}
