"""Then and now: the paper's four conclusions recomputed with today's hardware, fleets and grids.

>>> from carbonlib.paper import then_and_now      # doctest: +SKIP
>>> a = then_and_now.analyse()                    # doctest: +SKIP
>>> a.table[["conclusion", "verdict", "driver"]]  # doctest: +SKIP

- :mod:`.inputs`: the "paper" and "today" input sets, read from ``data/``;
- :mod:`.models`: one vectorized model per conclusion, built on the methodology layer;
- :mod:`.verdicts`: thresholds, Monte Carlo, Sobol drivers and the verdict rule;
- :mod:`.figures`: one figure per conclusion;
- :mod:`.section`: the README table and the report's HTML section.
"""

from __future__ import annotations

from typing import Any

from carbonlib.paper.then_and_now.inputs import input_sets, point_values
from carbonlib.paper.then_and_now.section import readme_table, report_section
from carbonlib.paper.then_and_now.verdicts import (
    CONCLUSIONS,
    VERDICTS,
    Analysis,
    Conclusion,
    analyse,
    conclusions_frame,
    verdict,
)

__all__ = ["analyse", "Analysis", "Conclusion", "CONCLUSIONS", "VERDICTS", "verdict",
           "conclusions_frame",
           "input_sets", "point_values", "draw", "draw_all", "paper_figure_values",
           "readme_table", "report_section"]

#: Drawing pulls in matplotlib and seaborn: imported on first use, so the report and the
#: README table, which only read the verdicts, start quickly.
_FROM_FIGURES = ("draw", "draw_all", "paper_figure_values")


def __getattr__(name: str) -> Any:
    if name in _FROM_FIGURES or name == "figures":
        import carbonlib.paper.then_and_now.figures  # sets the attribute: no recursion here

        figures = carbonlib.paper.then_and_now.figures
        return figures if name == "figures" else getattr(figures, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
