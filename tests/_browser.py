"""The system chromium the browser tests drive through Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil

import pytest

#: Headless, and nothing that reaches for the network (this machine's network is closed).
FLAGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium() -> str:
    """Path of Debian's chromium; skip the test when it is missing, unless CI requires it."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CARBONLIB_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (CARBONLIB_REQUIRE_BROWSER is set) but not found")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return exe
