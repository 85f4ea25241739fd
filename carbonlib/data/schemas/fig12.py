"""Schemas of Fig 12: the two highlighted settings (stars), the digitized scaling sweep and
frontier, and the parameters of the power-law reading of Appendix A."""

import pandera.pandas as pa

from carbonlib.data.schemas._common import table_schema

#: Data and model scaling factors of the figure's legend.
DATA_SCALES: tuple[int, ...] = (1, 2, 4, 8, 16)
MODEL_SCALES: tuple[int, ...] = (2, 4, 8, 16, 32, 64, 128)

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
    "fig12_scaling": table_schema(
        {
            "element": pa.Column(str, pa.Check.isin(["marker", "frontier"])),
            "point": pa.Column(int, pa.Check.ge(0)),
            "data_scale_x": pa.Column(float, pa.Check.isin(DATA_SCALES), nullable=True),
            "model_scale_x": pa.Column(float, pa.Check.isin(MODEL_SCALES), nullable=True),
            "quantity": pa.Column(str, pa.Check.isin(["energy_per_step_j", "model_error_ne"])),
            "value": pa.Column(float, pa.Check.gt(0)),
        },
        unique=["element", "point", "quantity"],
    ),
    "fig12_method": table_schema(
        {
            "parameter": pa.Column(str, pa.Check.isin(
                ["exponent_low", "exponent_high", "baseline_ne"])),
            "value": pa.Column(float, pa.Check.gt(0)),
        },
        unique=["parameter"],
    ),
}
