"""``python -m carbonlib estimate ...``: the same as the ``carbonlib`` console script."""

from carbonlib.tools.cli import main

raise SystemExit(main())
