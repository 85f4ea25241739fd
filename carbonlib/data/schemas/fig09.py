"""Schema of Fig 9's digitized bars (LM footprint against GPU utilization, normalized)."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

SCHEMAS = {
    "fig09_utilization": table_schema(
        {
            "gpu_utilization_pct": pa.Column(float, pa.Check.in_range(0, 100,
                                                                      include_min=False)),
            "segment": pa.Column(str, pa.Check.isin(["embodied", "operational_rest",
                                                     "operational_offset"])),
            "footprint_normalized": pa.Column(float, pa.Check.ge(0)),
        },
        unique=["gpu_utilization_pct", "segment"],
    )
}
