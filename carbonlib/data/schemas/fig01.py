"""Schemas of Fig 1's arXiv tables: monthly counts, official yearly statistics, paper curve."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

_MONTH = r"^(199[1-9]|20\d\d)-(0[1-9]|1[0-2])$"

SCHEMAS = {
    "fig01_arxiv_monthly": table_schema(
        {
            "category": pa.Column(str, pa.Check.str_matches(r"^[a-z-]+(\.[A-Z]{2})?$")),
            "month": pa.Column(str, pa.Check.str_matches(_MONTH)),
            "papers": pa.Column(int, pa.Check.ge(0)),
        },
        unique=["category", "month"],
    ),
    "fig01_arxiv_yearly": table_schema(
        {
            "area": pa.Column(str),
            "period": pa.Column(str, pa.Check.str_matches(r"^(19|20)\d\d(-(0[1-9]|1[0-2]))?$")),
            "quantity": pa.Column(str, pa.Check.isin(["new_submissions",
                                                      "cumulative_submissions"])),
            "convention": pa.Column(str, pa.Check.isin(["primary", "incl_crosslists"])),
            "papers": pa.Column(int, pa.Check.ge(0)),
            "note": pa.Column(str, nullable=True),
        },
        unique=["area", "period", "quantity", "convention", "source"],
    ),
    "fig01_paper_digitized": table_schema(
        {
            "discipline": pa.Column(str, pa.Check.isin(["Machine Learning", "Physics", "Math",
                                                        "Computer Science"])),
            "year": pa.Column(int, pa.Check.in_range(2011, 2020)),
            "papers_thousands": pa.Column(float, pa.Check.ge(0)),
            "note": pa.Column(str, nullable=True),
        },
        unique=["discipline", "year"],
    ),
}
