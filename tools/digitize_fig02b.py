"""Digitize the three time series of the paper's Fig 2(b) from its PNG (authoring aid).

    python tools/digitize_fig02b.py fig02.png > data/fig02_data_growth_series.csv

The PNG is the paper's Figure 2 as a 1426 x 372 pixel image (all four panels in a row). Each
series is found by its colour (RM1 Data orange, RM2 Data yellow, Data Ingestion BW blue), the
legend box is masked out, and the x range of the data is cut into ``BINS`` equal bins. In each
bin the value is the median pixel row of the series, converted with the axis calibration:

- y: the horizontal gridlines at 0.5, 1.0, ..., 4.5 sit at pixel rows 165 ... 52
  (28.25 pixels per unit);
- x: the time axis has no ticks; the data run from pixel column 565 (the y axis) to 928 (the
  right end of the RM1/RM2 lines), mapped to 0..1 of the two years stated in Sec I.

The reading error of each point is the larger of one pixel plus half the line width (the
calibration and line thickness) and the spread (interquartile half-range) of the series' pixels
in the bin, which is large where the ingestion-bandwidth curve is noisy.
"""

from __future__ import annotations

import sys

import numpy as np
from PIL import Image

#: Pixel rows of the gridlines at 0.5 and 4.5, and the x range of the data.
Y_AT_05, Y_AT_45 = 165.0, 52.0
X_START, X_END = 565.0, 928.0
#: Panel (b)'s bounding box (columns, rows) and the legend box inside it.
PANEL = (560, 40, 935, 175)
LEGEND = (560, 40, 745, 112)
BINS = 60
SERIES = {
    "RM1 data": lambda r, g, b: (r > 170) & (g > 70) & (g < 130) & (b < 60),
    "RM2 data": lambda r, g, b: (r > 230) & (g > 190) & (b > 40) & (b < 150),
    "ingestion bandwidth": lambda r, g, b: (b > 170) & (r < 120) & (g < 160),
}
#: Half the line width in pixels: the thick RM lines and the thin bandwidth line.
HALF_WIDTH_PX = {"RM1 data": 2.0, "RM2 data": 2.0, "ingestion bandwidth": 1.0}
PX_PER_UNIT = (Y_AT_05 - Y_AT_45) / 4.0


def value_at(row: np.ndarray) -> np.ndarray:
    """Axis value of pixel rows."""
    return 0.5 + (Y_AT_05 - row) / PX_PER_UNIT


def digitize(path: str) -> list[tuple]:
    rgb = np.asarray(Image.open(path).convert("RGB")).astype(int)
    x0, y0, x1, y1 = PANEL
    sub = rgb[y0:y1, x0:x1]
    rows, cols = np.mgrid[y0:y1, x0:x1]
    in_legend = (cols < LEGEND[2]) & (rows < LEGEND[3])
    out = []
    edges = np.linspace(X_START, X_END, BINS + 1)
    for name, colour in SERIES.items():
        mask = colour(sub[..., 0], sub[..., 1], sub[..., 2]) & ~in_legend
        for lo, hi in zip(edges[:-1], edges[1:], strict=True):
            sel = mask & (cols >= lo) & (cols < hi)
            if not sel.any():
                continue
            ys = rows[sel].astype(float)
            q1, med, q3 = np.percentile(ys, [25, 50, 75])
            err_px = max(1.0 + HALF_WIDTH_PX[name], (q3 - q1) / 2.0)
            t = ((lo + hi) / 2.0 - X_START) / (X_END - X_START)
            out.append((name, round(t, 4), round(float(value_at(med)), 3),
                        round(err_px / PX_PER_UNIT, 3)))
    return out


def main(path: str) -> None:
    print("series,time_fraction,multiple,source,locator,kind,reading_error")
    for name, t, value, err in digitize(path):
        print(f"{name},{t},{value},wu2022,Fig 2(b) line (colour mask; {BINS} bins),"
              f"digitized,{err}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
