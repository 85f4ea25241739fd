"""Schema of ``data/claims.csv``: the paper's quantitative claims."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

#: The verdicts a claim can receive (the ledger in :mod:`carbonlib.paper.claims` computes them).
STATUSES: tuple[str, ...] = ("reproduced", "differs", "not reproducible", "inconsistent in paper")

SCHEMAS = {
    "claims": table_schema(
        {
            "id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9]+(-[a-z0-9]+)+$"), unique=True),
            "figure": pa.Column(str),
            "section": pa.Column(str),
            "claim": pa.Column(str, pa.Check.str_length(min_value=5)),
            "paper_value": pa.Column(float),
            "paper_value_alt": pa.Column(float, nullable=True),
            "unit": pa.Column(str),
            "tolerance": pa.Column(float, pa.Check.ge(0)),
            "tolerance_type": pa.Column(str, pa.Check.isin(["relative", "absolute", "below",
                                                            "above"])),
            "expected_status": pa.Column(str, pa.Check.isin(STATUSES)),
            "paper_text": pa.Column(str),
        }
    )
}
