"""Schema of Fig 8's baseline and optimized operational power over four half-years."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

SCHEMAS = {
    "fig08_power_over_time": table_schema(
        {
            "half_year_order": pa.Column(int, pa.Check.in_range(0, 3)),
            "half_year": pa.Column(str, pa.Check.str_matches(r"^Yr[12]-H[12]$")),
            "series": pa.Column(str, pa.Check.isin(["baseline", "optimized"])),
            "power_normalized": pa.Column(float, pa.Check.gt(0)),
        },
        unique=["half_year_order", "series"],
    )
}
