"""Schema of Fig 12's two highlighted settings (the yellow and the green star)."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

SCHEMAS = {
    "fig12_stars": table_schema(
        {
            "star": pa.Column(str, pa.Check.isin(["yellow", "green"])),
            "quantity": pa.Column(str, pa.Check.isin(
                ["data_scale_x", "model_scale_x", "energy_per_step_j", "model_error_ne"])),
            "value": pa.Column(float, pa.Check.gt(0)),
        },
        unique=["star", "quantity"],
    ),
}
