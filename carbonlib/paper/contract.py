"""The one contract every paper figure follows, and the call that publishes a figure.

A figure module (``carbonlib/paper/figures/figNN.py``) declares

- ``SPEC``: a :class:`FigureSpec` (its number, notebook stem, title and the data tables it reads);
- ``frame(**params) -> Result``: a frozen dataclass subclassing :class:`FigureResult` that holds
  every table and fitted model the figure needs (no ``DataFrame.attrs``);
- ``draw(result) -> matplotlib.figure.Figure``;
- ``check_claims(result) -> pandas.DataFrame``: the claim table of :mod:`carbonlib.paper.claims`.

It may also provide ``agreement(result) -> pandas.DataFrame`` (see
:mod:`carbonlib.paper.agreement`): how closely each recomputed series follows the paper's.

:func:`publish` replaces the closing lines every notebook used to repeat: it draws, saves,
records the claims, shows the figure and the claim table, and guards the verdicts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pandas as pd

from carbonlib.machinery import paths

__all__ = ["FigureSpec", "FigureResult", "Published", "publish", "strict_from_environment",
           "STRICT_ENV"]

STRICT_ENV = paths.STRICT_ENV
strict_from_environment = paths.strict_from_environment


@dataclass(frozen=True)
class FigureSpec:
    """What the registry knows of a figure.

    Parameters
    ----------
    number : int
        The paper's figure number (1-12).
    stem : str
        Notebook and output stem, e.g. ``"fig07_lm_chain"``.
    title : str
        One line: what the figure shows.
    tables : tuple of str
        Stems of the ``data/*.csv`` tables the figure reads.
    """

    number: int
    stem: str
    title: str
    tables: tuple[str, ...]

    @property
    def module(self) -> str:
        """Dotted name of the figure module."""
        return f"carbonlib.paper.figures.fig{self.number:02d}"

    @property
    def notebook(self) -> str:
        """The notebook's path from the repository root."""
        return f"notebooks/{self.stem}.ipynb"

    @property
    def where(self) -> str:
        """Where the figure's claims are reproduced, for the ledger."""
        return f"{self.notebook}; {self.module}"


@dataclass(frozen=True)
class FigureResult:
    """Base of every figure's typed result: the parameters it was framed with.

    Subclasses add one field per table or fitted model, with its type.
    """

    params: Mapping[str, Any]

    def tables(self) -> dict[str, pd.DataFrame]:
        """The result's DataFrame fields, by name (what a notebook or test may inspect)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if isinstance(getattr(self, f.name), pd.DataFrame)}


@dataclass(frozen=True)
class Published:
    """What :func:`publish` wrote and checked."""

    figure_png: Any
    claims: pd.DataFrame
    agreement: pd.DataFrame | None

    def _repr_html_(self) -> str:  # shown under the figure in a notebook
        parts = ["<h4>Claims</h4>", _claims_view(self.claims).to_html(index=False)]
        if self.agreement is not None and not self.agreement.empty:
            parts += ["<h4>Agreement with the paper's digitized series</h4>",
                      self.agreement.to_html(index=False, float_format="%.2f")]
        return "\n".join(parts)


def _claims_view(checks: pd.DataFrame) -> pd.DataFrame:
    shown = [c for c in ("id", "claim", "paper_value", "reproduced", "verdict",
                         "evidence", "note") if c in checks.columns]
    return checks[shown]


def publish(module: ModuleType, result: FigureResult, *, strict: bool = False,
            show: bool = True) -> Published:
    """Draw, save, record and guard one figure; the last call of every figure notebook.

    Parameters
    ----------
    module : module
        The figure module (with ``SPEC``, ``draw``, ``check_claims``).
    result : FigureResult
        What ``module.frame(...)`` returned.
    strict : bool, default False
        Raise :class:`~carbonlib.paper.claims.ClaimMismatch` when a verdict differs from the
        ledger's expected one; otherwise only report it (exploring). The pipeline passes True
        unless the run overrides an assumption; ``make test`` sets ``CARBONLIB_STRICT=1``, which
        makes every call strict.
    show : bool, default True
        Display the figure inline (in Jupyter).

    Returns
    -------
    Published
        The PNG path, the claim table and the agreement scores (shown as HTML in a notebook).

    Notes
    -----
    Outputs go to ``figures/`` and ``build/claims/`` only when the pipeline runs the notebook
    (``make reproduce``); otherwise to ``build/scratch/``, so exploring never changes what the
    report publishes (see :func:`carbonlib.machinery.paths.output_dirs`).
    """
    from carbonlib.machinery import plotting
    from carbonlib.paper import claims

    spec: FigureSpec = module.SPEC
    strict = strict or strict_from_environment()
    figures_dir, claims_dir = paths.output_dirs()
    fig = module.draw(result)
    png = plotting.save_and_show(fig, spec.stem, directory=figures_dir, inline=show)[0]
    checks = module.check_claims(result)
    checks["where"] = checks["where"].mask(checks["where"].fillna("").eq(""), spec.where)
    claims.record(checks, spec.stem, directory=claims_dir)
    agreement = None
    if hasattr(module, "agreement"):
        from carbonlib.paper import agreement as agreement_mod

        agreement = module.agreement(result)
        agreement_mod.record(agreement, spec.stem, directory=claims_dir)
    claims.assert_expected(checks, strict=strict)
    return Published(png, checks, agreement)
