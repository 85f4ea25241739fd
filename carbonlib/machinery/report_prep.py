"""Make the report's parts that are ready early while the notebooks still run.

The report comes after the last notebook, so whatever it does then adds to the build's wall time.
Much of it does not wait for the last notebook: its imports, the claims checked without a figure
(they read ``data/`` only) and the thumbnail of every figure already written. A background
thread makes those as the notebooks finish, on the core a kernel leaves idle while it starts or
stops, and in the tail when one kernel has no notebook left; the report then makes only what is
missing (:func:`carbonlib.paper.report.main`).

Nothing made ahead can be stale: a thumbnail is keyed by its figure's path, modification time and
size, and any failure here only means the report makes that part itself (and reports the error).
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Any

__all__ = ["ReportPreparation"]


class ReportPreparation:
    """A background thread preparing :class:`carbonlib.paper.report.Prepared`.

    Parameters
    ----------
    figures_dir : Path
        Where the notebooks write their figures (``<stem>.png``, ``<stem>_<part>.png``).

    Examples
    --------
    >>> prep = ReportPreparation(Path("figures"))
    >>> prep.finish() is None  # never started: the report makes everything itself
    True
    """

    def __init__(self, figures_dir: Path) -> None:
        self._figures_dir = Path(figures_dir)
        self._stems: queue.Queue[str | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._prepared: Any = None

    def notebook_done(self, stem: str) -> None:
        """Queue the figures of notebook ``stem``; the first call starts the thread (once the
        first kernels are running, so it does not slow their start)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="report-prep", daemon=True)
            self._thread.start()
        self._stems.put(stem)

    def finish(self) -> Any:
        """Wait for the thread; return what it prepared (None when it never ran or failed)."""
        if self._thread is None:
            return None
        self._stems.put(None)
        self._thread.join()
        return self._prepared

    def _run(self) -> None:
        try:
            from carbonlib.paper import report

            prepared = report.Prepared(unfigured=report.unfigured_checks())
            while (stem := self._stems.get()) is not None:
                pngs = [self._figures_dir / f"{stem}.png",
                        *sorted(self._figures_dir.glob(f"{stem}_*.png"))]
                for png in pngs:
                    if png.exists():
                        prepared.add_thumbnail(png)
        except Exception:  # noqa: BLE001 - the report makes (and reports) it all itself
            self._drain()
            return
        self._prepared = prepared

    def _drain(self) -> None:
        while self._stems.get() is not None:
            pass
