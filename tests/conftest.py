"""Shared fixtures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")


import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    """Tests draw many figures; close them so memory stays flat."""
    yield
    plt.close("all")
