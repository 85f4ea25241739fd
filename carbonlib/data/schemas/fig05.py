"""Schema of Fig 5's digitized life-cycle bars."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

MODELS = ["LM", "RM-1", "RM-2", "RM-3", "RM-4", "RM-5"]
SEGMENTS = ["embodied", "operational_rest", "operational_offset", "operational_fig4"]

SCHEMAS = {
    "fig05_lifecycle": table_schema(
        {
            "model": pa.Column(str, pa.Check.isin(MODELS)),
            "segment": pa.Column(str, pa.Check.isin(SEGMENTS)),
            "emissions_tco2e": pa.Column(float, pa.Check.ge(0)),
        },
        unique=["model", "segment"],
    ),
}
