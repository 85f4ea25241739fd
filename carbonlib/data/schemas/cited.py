"""Schema of ``data/cited_results.csv``: numbers of the cited sources the claims ledger checks."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

SCHEMAS = {
    "cited_results": table_schema(
        {
            "study": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9_]+$")),
            "quantity": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9_]+$")),
            "value": pa.Column(float),
            "unit": pa.Column(str),
        },
        unique=["study", "quantity"],
    )
}
