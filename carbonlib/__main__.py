"""``python -m carbonlib estimate ...``: the same as the ``carbonlib`` console script."""

from .cli import main

raise SystemExit(main())
