"""Schemas of Fig 2's tables: GPT-3 BLEU, RecSys AUC, growth multiples, the digitized
Fig 2(b) series, accelerator memory."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

SCHEMAS = {
    "fig02_gpt3_bleu": table_schema(
        {
            "model": pa.Column(str),
            "params_b": pa.Column(float, pa.Check.gt(0)),
            "direction": pa.Column(str, pa.Check.isin(["fr-en", "en-fr"])),
            "series": pa.Column(str, pa.Check.isin(["table_h1", "table_3_4", "fig2a"])),
            "bleu": pa.Column(float, pa.Check.in_range(0, 100)),
            "plotted_size_b": pa.Column(float, pa.Check.gt(0), nullable=True),
            "note": pa.Column(str, nullable=True),
        },
        unique=["model", "direction", "series"],
    ),
    "fig02_recsys_auc": table_schema(
        {
            "series": pa.Column(str, pa.Check.isin(["search", "images"])),
            "model_size_b": pa.Column(float, pa.Check.gt(0)),
            "auc_gain": pa.Column(float, pa.Check.in_range(0, 1)),
            "model_size_rel_error": pa.Column(float, pa.Check.ge(0)),
        },
        unique=["series", "model_size_b"],
    ),
    "fig02_growth": table_schema(
        {
            "panel": pa.Column(str, pa.Check.isin(["b", "c", "d"])),
            "series": pa.Column(str),
            "point": pa.Column(str),
            "time_fraction": pa.Column(float, pa.Check.in_range(0, 1), nullable=True),
            "quantity": pa.Column(str, pa.Check.isin(["multiple", "label_multiple",
                                                      "period_years"])),
            "value": pa.Column(float, pa.Check.gt(0)),
            "note": pa.Column(str, nullable=True),
        },
        unique=["panel", "series", "point", "quantity"],
    ),
    "fig02_data_growth_series": table_schema(
        {
            "series": pa.Column(str, pa.Check.isin(["RM1 data", "RM2 data",
                                                    "ingestion bandwidth"])),
            "time_fraction": pa.Column(float, pa.Check.in_range(0, 1)),
            "multiple": pa.Column(float, pa.Check.gt(0)),
        },
        unique=["series", "time_fraction"],
    ),
    "fig02_gpu_memory": table_schema(
        {
            "accelerator": pa.Column(str),
            "year": pa.Column(int, pa.Check.in_range(1990, 2100)),
            "memory_gb": pa.Column(float, pa.Check.gt(0)),
        },
        unique=["accelerator"],
    ),
}
