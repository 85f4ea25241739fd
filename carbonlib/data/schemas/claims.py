"""Schema of ``data/claims.csv``: the paper's quantitative claims."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

#: The verdicts a claim can receive (the ledger in :mod:`carbonlib.paper.claims` computes them).
VERDICTS: tuple[str, ...] = ("agrees", "differs", "inconsistent in paper", "not checkable")
#: Earlier spellings of two verdicts, still accepted in ``expected_status`` and mapped on load.
LEGACY_VERDICTS: dict[str, str] = {"reproduced": "agrees", "not reproducible": "not checkable"}
#: Kept for callers that validate a verdict string: every accepted spelling.
STATUSES: tuple[str, ...] = (*VERDICTS, *LEGACY_VERDICTS)
#: How the reproduced value is compared with the paper's value (see ``carbonlib.paper.claims``).
TOLERANCE_TYPES: tuple[str, ...] = ("relative", "absolute", "below", "above", "factor")
#: How the paper's second value (``paper_value_alt``) is stated: the same quantity as a number
#: (empty), or a bound ("over 800x" is ``above``).
ALT_BOUNDS: tuple[str, ...] = ("above", "below")

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
            "tolerance_type": pa.Column(str, pa.Check.isin(TOLERANCE_TYPES)),
            "expected_status": pa.Column(str, pa.Check.isin(STATUSES)),
            "paper_text": pa.Column(str),
            # columns added after the first version: empty means the default
            "tolerance_reason": pa.Column(str, nullable=True, required=False),
            "paper_value_alt_bound": pa.Column(str, pa.Check.isin(ALT_BOUNDS), nullable=True,
                                               required=False),
        }
    )
}
