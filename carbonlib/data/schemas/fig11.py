"""Schemas of Fig 11: federated-learning bars, the Transformer (Big) runs behind the baselines
(Patterson et al. 2021, Table 1), and the parameters of the Appendix B method."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

#: Segments of the FL bars, and ``total`` for a bar's top.
COMPONENTS: tuple[str, ...] = ("download", "upload", "compute", "total")
#: The bars of Fig 11, left to right.
BARS: tuple[str, ...] = ("FL-1", "FL-2", "TPU-Base", "TPU-Green", "P100-Base", "P100-Green")

SCHEMAS = {
    "fig11_fl_bars": table_schema(
        {
            "bar": pa.Column(str, pa.Check.isin(BARS)),
            "group": pa.Column(str, pa.Check.isin(["federated", "transformer_big"])),
            "component": pa.Column(str, pa.Check.isin(COMPONENTS)),
            "co2e_kg": pa.Column(float, pa.Check.ge(0)),
        },
        unique=["bar", "component"],
    ),
    "fig11_transformer_big": table_schema(
        {
            "run": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9\-]*$")),
            "processor": pa.Column(str),
            "datacenter": pa.Column(str),
            "chips": pa.Column(int, pa.Check.gt(0)),
            "days": pa.Column(float, pa.Check.gt(0)),
            "power_per_chip_w": pa.Column(float, pa.Check.gt(0)),
            "pue": pa.Column(float, pa.Check.ge(1)),
            "energy_kwh": pa.Column(float, pa.Check.gt(0)),
            "intensity_gross_kg_per_kwh": pa.Column(float, pa.Check.ge(0)),
            "intensity_net_kg_per_kwh": pa.Column(float, pa.Check.ge(0)),
            "co2e_gross_t": pa.Column(float, pa.Check.ge(0)),
            "co2e_net_t": pa.Column(float, pa.Check.ge(0)),
        },
        unique=["run"],
    ),
    "fig11_fl_method": table_schema(
        {
            "parameter": pa.Column(str, pa.Check.isin(
                ["device_power_w", "router_power_w", "grid_intensity_kg_per_kwh"])),
            "value": pa.Column(float, pa.Check.gt(0)),
        },
        unique=["parameter"],
    ),
}
