"""Column helpers shared by every schema: the provenance every value row carries."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

#: How a value was obtained.
KINDS: tuple[str, ...] = ("stated", "table", "label", "digitized", "inferred", "assumed")


def provenance_columns() -> dict[str, pa.Column]:
    """Columns every value row carries.

    - ``source``: citation key in ``data/references.bib``;
    - ``locator``: table, section, figure or page inside the source;
    - ``kind``: one of :data:`KINDS`;
    - ``reading_error``: for digitized values, the reading error in the value's own unit
      (empty otherwise).
    """
    return {
        "source": pa.Column(str, pa.Check.str_matches(r"^[A-Za-z][\w:-]*$")),
        "locator": pa.Column(str, pa.Check.str_length(min_value=1)),
        "kind": pa.Column(str, pa.Check.isin(KINDS)),
        "reading_error": pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True),
    }


def _digitized_has_error(df: pd.DataFrame) -> pd.Series:
    return ~(df["kind"].eq("digitized") & df["reading_error"].isna())


#: Dataframe-level check: a digitized row must state its reading error.
DIGITIZED_HAS_ERROR = pa.Check(
    _digitized_has_error, name="digitized_rows_state_reading_error", element_wise=False
)


def table_schema(columns: dict[str, pa.Column], *, unique: list[str] | None = None,
                 checks: list[pa.Check] | None = None) -> pa.DataFrameSchema:
    """A schema with ``columns`` plus the provenance columns, strict about extra columns.

    Parameters
    ----------
    columns : dict of str to pandera.Column
        The value columns (units in the names).
    unique : list of str, optional
        Columns whose combination must be unique (the table's key).
    checks : list of pandera.Check, optional
        Extra dataframe-level checks.
    """
    return pa.DataFrameSchema(
        {**columns, **provenance_columns()},
        checks=[DIGITIZED_HAS_ERROR, *(checks or [])],
        strict=True,
        coerce=True,
        unique=unique,
    )
