"""Writing output files safely: atomically, honouring the umask, byte-stable.

An interrupted run never leaves a half-written file that looks current: each file is written to
a temporary name in the same folder and renamed over the target.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

__all__ = ["atomic_write", "write_csv"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, write: Callable[[str], object]) -> Path:
    """Call ``write(tmp_name)`` then rename the temporary file to ``path``.

    The file gets the permissions ``open()`` would give it (0666 minus the umask), not
    ``mkstemp``'s 0600.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` as CSV (no index, 6 significant digits, ``\\n`` line ends), atomically."""
    return atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False, float_format="%.6g",
                                                       lineterminator="\n"))
