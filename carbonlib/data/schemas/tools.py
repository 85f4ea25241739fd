"""Schemas of the tables behind planning and validation: peak FLOP/s, MFU, published footprints."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

SCHEMAS = {
    "accelerator_peak": table_schema(
        {
            "accelerator": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9.\-]*$")),
            "precision": pa.Column(str, pa.Check.isin(["fp32", "tf32", "fp16", "bf16", "fp8"])),
            "peak_tflops": pa.Column(float, pa.Check.gt(0)),
        },
        unique=["accelerator", "precision"],
    ),
    "mfu": table_schema(
        {
            "run": pa.Column(str, pa.Check.str_length(min_value=1)),
            "accelerator": pa.Column(str, pa.Check.str_length(min_value=1)),
            "mfu": pa.Column(float, pa.Check.in_range(0.0, 1.0, include_min=False)),
        },
        unique=["run"],
    ),
    "published_footprints": table_schema(
        {
            "case": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9.\-]*$")),
            "group": pa.Column(str, pa.Check.str_length(min_value=1)),
            "quantity": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
            "role": pa.Column(str, pa.Check.isin(["input", "published"])),
            "value": pa.Column(float, pa.Check.ge(0)),
            "unit": pa.Column(str, pa.Check.str_length(min_value=1)),
            "precision": pa.Column(float, pa.Check.gt(0)),
            "note": pa.Column(str, nullable=True),
        },
        unique=["case", "quantity"],
    ),
}
