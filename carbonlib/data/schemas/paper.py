"""Schema of ``data/paper_assumptions.csv``: the paper's stated accounting assumptions."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

PARAMETERS = ["gpu_system_embodied", "cpu_system_embodied_fraction", "utilization_low",
              "utilization_high", "lifetime_low", "lifetime_high", "pue"]

SCHEMAS = {
    "paper_assumptions": table_schema(
        {
            "parameter": pa.Column(str, pa.Check.isin(PARAMETERS), unique=True),
            "value": pa.Column(float, pa.Check.gt(0)),
            "unit": pa.Column(str, pa.Check.isin(["kg_co2e", "fraction", "years", "ratio"])),
        },
    ),
}
