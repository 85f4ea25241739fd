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


from hypothesis import settings  # noqa: E402

# Property tests: the same examples on every run (no flaky CI), no per-example deadline (slow
# machines), 60 examples each.
settings.register_profile("carbonlib", derandomize=True, deadline=None, max_examples=60,
                          print_blob=True)
settings.load_profile("carbonlib")
