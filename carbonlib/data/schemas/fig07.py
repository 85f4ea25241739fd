"""Schema of Fig 7's LM optimization chain."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

SCHEMAS = {
    "fig07_lm_chain": table_schema(
        {
            "step_order": pa.Column(int, pa.Check.ge(0)),
            "step": pa.Column(str),
            "optimization": pa.Column(str, nullable=True),
            "quantity": pa.Column(str, pa.Check.isin(["power_normalized", "step_factor"])),
            "value": pa.Column(float, pa.Check.gt(0)),
        },
        unique=["step_order", "quantity"],
    )
}
