"""Schema of Fig 6's operational power reduction per half-year, by optimization area."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

#: The four optimization areas of Fig 6, bottom to top of each stacked bar.
AREAS: tuple[str, ...] = ("hardware", "infrastructure", "platform", "model")

SCHEMAS = {
    "fig06_optimization_areas": table_schema(
        {
            "period": pa.Column(int, pa.Check.in_range(1, 4)),
            "area": pa.Column(str, pa.Check.isin(AREAS)),
            "reduction_pct": pa.Column(float, pa.Check.in_range(0, 100)),
        },
        unique=["period", "area"],
    )
}
