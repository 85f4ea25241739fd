"""Schemas of Fig 5's digitized life-cycle bars and the paper's stated LCA assumptions."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

MODELS = ["LM", "RM-1", "RM-2", "RM-3", "RM-4", "RM-5"]
SEGMENTS = ["embodied", "operational_rest", "operational_offset", "operational_fig4"]
PARAMETERS = ["gpu_system_embodied", "cpu_system_embodied_fraction", "utilization_low",
              "utilization_high", "lifetime_low", "lifetime_high", "pue"]

SCHEMAS = {
    "fig05_lifecycle": table_schema(
        {
            "model": pa.Column(str, pa.Check.isin(MODELS)),
            "segment": pa.Column(str, pa.Check.isin(SEGMENTS)),
            "emissions_tco2e": pa.Column(float, pa.Check.ge(0)),
        },
        unique=["model", "segment"],
    ),
    "fig05_assumptions": table_schema(
        {
            "parameter": pa.Column(str, pa.Check.isin(PARAMETERS), unique=True),
            "value": pa.Column(float, pa.Check.gt(0)),
            "unit": pa.Column(str, pa.Check.isin(["kg_co2e", "fraction", "years", "ratio"])),
        },
    ),
}
