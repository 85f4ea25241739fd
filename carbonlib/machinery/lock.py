"""One pipeline run per checkout at a time: an advisory file lock on ``build/.pipeline.lock``.

A second ``make reproduce`` in the same checkout prints one line and waits for the first to
finish (then finds its outputs current), rather than racing it for the same files.
"""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["LockError", "exclusive"]


class LockError(OSError):
    """The lock file cannot be created (e.g. a read-only checkout)."""


@contextmanager
def exclusive(path: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the ``with`` block.

    Parameters
    ----------
    path : Path
        The lock file (created if missing; never removed, so its inode stays the lock).
    wait : bool, default True
        Wait for another holder to finish; when False, raise :class:`LockError` instead.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise LockError(f"{path}: cannot create the run lock: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            if not wait:
                raise LockError(f"{path}: another pipeline run (pid {holder}) is using this "
                                "checkout") from None
            print(f"another pipeline run (pid {holder}) is using this checkout; waiting for it",
                  file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
