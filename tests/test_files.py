"""Output files honour the umask and are written atomically."""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from carbonlib.machinery import files, plotting


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_outputs_honour_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        csv = files.write_csv(pd.DataFrame({"a": [1.5]}), tmp_path / "t.csv")
        fig, _ = plt.subplots()
        written = plotting.save(fig, "f", directory=tmp_path)
        plt.close(fig)
    finally:
        os.umask(old)
    for path in [csv, *written]:
        assert path.stat().st_mode & 0o777 == mode, path


def test_a_failed_write_leaves_no_file(tmp_path):
    def boom(tmp):
        open(tmp, "w").write("half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        files.atomic_write(tmp_path / "x.csv", boom)
    assert list(tmp_path.iterdir()) == []
