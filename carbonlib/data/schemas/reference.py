"""Schemas of the reference tables behind ``carbonlib estimate``: hardware and grid intensity.

``hardware`` is long and tidy: one row per (hardware, quantity, scope, source). Power rows say
whether the value is a chip's thermal design power (``scope`` ``chip``) or a measured average
system power per accelerator (``system_per_accelerator``); embodied rows say what the kilograms
cover (``die``, ``card``, ``board_share``, ``server_share`` or a whole ``server``), because
published per-GPU values differ by more than an order of magnitude with the scope.
"""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

#: What an embodied or power value covers.
SCOPES: tuple[str, ...] = ("chip", "system_per_accelerator", "die", "card", "board_share",
                           "server_share", "server")
#: Quantities recorded per piece of hardware, units in the names.
QUANTITIES: tuple[str, ...] = ("tdp_w", "measured_power_w", "embodied_kg",
                               "accelerators_per_server")

SCHEMAS = {
    "hardware": table_schema(
        {
            "hardware": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9.\-]*$")),
            "category": pa.Column(str, pa.Check.isin(["accelerator", "server"])),
            "quantity": pa.Column(str, pa.Check.isin(QUANTITIES)),
            "scope": pa.Column(str, pa.Check.isin(SCOPES), nullable=True),
            "value": pa.Column(float, pa.Check.ge(0)),
        },
        unique=["hardware", "quantity", "scope", "source"],
    ),
    "grid_intensity": table_schema(
        {
            "region_code": pa.Column(str, pa.Check.str_matches(r"^[A-Za-z][A-Za-z0-9.\-]*$")),
            "region_name": pa.Column(str, pa.Check.str_length(min_value=1)),
            "year": pa.Column(int, pa.Check.in_range(1990, 2100)),
            "intensity_kg_per_kwh": pa.Column(float, pa.Check.in_range(0.0, 2.0)),
        },
        unique=["region_code", "year"],
    ),
}
