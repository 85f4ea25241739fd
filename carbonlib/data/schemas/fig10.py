"""Schema of Fig 10's digitized GPU-utilization histogram (bar heights in pixels)."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

SCHEMAS = {
    "fig10_gpu_utilization": table_schema(
        {
            "gpu_utilization_pct": pa.Column(int, pa.Check.in_range(0, 100), unique=True),
            "bar_height_px": pa.Column(float, pa.Check.ge(0)),
        },
    )
}
