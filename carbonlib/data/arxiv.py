"""Offline loader: the Kaggle arXiv metadata snapshot to monthly paper counts per category.

The Kaggle dataset "Cornell-University/arxiv" ships ``arxiv-metadata-oai-snapshot.json``: one JSON
record per line (JSON Lines, over 4 GB). Each record has, among others,

- ``categories``: space-separated arXiv categories, the first being the primary one
  (``"cs.LG stat.ML"``);
- ``versions``: a list of ``{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}``.

:func:`monthly_counts` streams the file once and counts papers per month (the month of the v1
``created`` date) in two conventions at once:

``primary``
    Each paper counts once, in its first listed category (arXiv's official statistics count this
    way). Categories are disjoint, so they can be summed.
``listed``
    Each paper counts in every category it lists (arXiv's listing pages count this way), so a paper
    cross-listed to three categories counts three times across categories.

In both, the pseudo-category ``ML`` counts a paper once if it is in any of ``ml_categories``
(default ``cs.LG`` and ``stat.ML``): a paper listed in both is one ML paper, not two. With
``archives=True`` each archive (the part before the dot: ``cs``, ``math``, ``hep-th``) is counted
too, once per paper. The output has the columns of ``data/fig01_arxiv_monthly.csv`` plus
``convention``, so a user's own counts can replace the bundled ones in
:func:`carbonlib.paper.figures.fig01.frame`.

Nothing here touches the network; the snapshot must be downloaded by the user.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from email.utils import parsedate_to_datetime

import pandas as pd

from carbonlib.methodology import validation as v

__all__ = ["CONVENTIONS", "ML_CATEGORIES", "v1_month", "iter_records", "paper_categories",
           "monthly_counts"]

#: Counting conventions produced by :func:`monthly_counts`.
CONVENTIONS: tuple[str, ...] = ("primary", "listed")

#: Categories that make up machine learning by default (arXiv's two ML categories).
ML_CATEGORIES: tuple[str, ...] = ("cs.LG", "stat.ML")

#: Label of the ML pseudo-category in the output.
ML_LABEL = "ML"


def v1_month(record: dict) -> str | None:
    """The ``YYYY-MM`` month of a record's first version, or None if it has no usable date.

    Parameters
    ----------
    record : dict
        One snapshot record; its ``versions[0]["created"]`` is an RFC 2822 date.

    Returns
    -------
    str or None

    Examples
    --------
    >>> v1_month({"versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}]})
    '2007-04'
    >>> v1_month({"versions": []}) is None
    True
    """
    versions = record.get("versions") or []
    if not versions or not isinstance(versions[0], dict):
        return None
    first = min(versions, key=lambda ver: _version_number(ver.get("version")))
    created = first.get("created")
    if not created:
        return None
    try:
        when = parsedate_to_datetime(created)
    except (TypeError, ValueError):
        return None
    return f"{when.year:04d}-{when.month:02d}"


def _version_number(label: object) -> int:
    text = str(label or "")
    return int(text[1:]) if text[:1] == "v" and text[1:].isdigit() else 10**9


def paper_categories(record: dict) -> list[str]:
    """A record's categories in order, primary first, without duplicates.

    Examples
    --------
    >>> paper_categories({"categories": "cs.LG stat.ML cs.LG"})
    ['cs.LG', 'stat.ML']
    """
    seen: dict[str, None] = {}
    for token in str(record.get("categories") or "").split():
        seen.setdefault(token, None)
    return list(seen)


def _open_text(path: str | os.PathLike) -> io.TextIOBase:
    path = os.fspath(path)
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def iter_records(source: str | os.PathLike | Iterable[str], *,
                 errors: str = "raise") -> Iterator[dict]:
    """Stream the records of a JSON Lines snapshot (plain or ``.gz``), one dict per line.

    Parameters
    ----------
    source : path-like or iterable of str
        The snapshot file, or lines already in memory.
    errors : {"raise", "skip"}, default "raise"
        What to do with a line that is not a JSON object: raise a ``ValueError`` naming the line
        number, or skip it.

    Yields
    ------
    dict

    Examples
    --------
    >>> [r["id"] for r in iter_records(['{"id": "0704.0001"}', '', '{"id": "0704.0002"}'])]
    ['0704.0001', '0704.0002']
    """
    v.one_of("errors", errors, ("raise", "skip"))
    if isinstance(source, (str, os.PathLike)):
        with _open_text(source) as handle:
            yield from _parse_lines(handle, errors)
    else:
        yield from _parse_lines(source, errors)


def _parse_lines(lines: Iterable[str], errors: str) -> Iterator[dict]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            if errors == "skip":
                continue
            raise ValueError(f"line {number} of the snapshot is not valid JSON: {exc}") from None
        if not isinstance(record, dict):
            if errors == "skip":
                continue
            raise ValueError(f"line {number} of the snapshot is a {type(record).__name__}, "
                             "not a JSON object")
        yield record


def monthly_counts(source: str | os.PathLike | Iterable[str], *,
                   ml_categories: Iterable[str] = ML_CATEGORIES, archives: bool = True,
                   errors: str = "raise") -> pd.DataFrame:
    """Monthly paper counts per category from the snapshot, in both counting conventions.

    Parameters
    ----------
    source : path-like or iterable of str
        ``arxiv-metadata-oai-snapshot.json`` (or ``.json.gz``), or its lines.
    ml_categories : iterable of str, default ("cs.LG", "stat.ML")
        Categories whose papers form the ``ML`` pseudo-category (each paper counted once).
    archives : bool, default True
        Also count each archive (``cs``, ``math``, ...), once per paper.
    errors : {"raise", "skip"}, default "raise"
        Handling of malformed lines, see :func:`iter_records`.

    Returns
    -------
    pandas.DataFrame
        Columns ``convention`` (``primary`` or ``listed``), ``category``, ``month``
        (``YYYY-MM``) and ``papers``, sorted; months with no papers are absent. Attribute
        ``attrs["skipped_no_date"]`` counts records without a usable v1 date or category.

    Examples
    --------
    >>> lines = ['{"categories": "stat.ML cs.LG", '
    ...          '"versions": [{"version": "v1", "created": "Tue, 1 May 2018 10:00:00 GMT"}]}']
    >>> counts = monthly_counts(lines)
    >>> counts[counts["category"] == "ML"][["convention", "papers"]].values.tolist()
    [['listed', 1], ['primary', 1]]
    """
    ml = frozenset(ml_categories)
    if not ml:
        raise ValueError("ml_categories is empty; allowed: one or more arXiv categories")
    counter: Counter[tuple[str, str, str]] = Counter()
    skipped = 0
    for record in iter_records(source, errors=errors):
        month = v1_month(record)
        cats = paper_categories(record)
        if month is None or not cats:
            skipped += 1
            continue
        for convention, counted in (("primary", cats[:1]), ("listed", cats)):
            keys = set(counted)
            if ml.intersection(counted):
                keys.add(ML_LABEL)
            if archives:
                keys.update(c.split(".", 1)[0] for c in counted)
            for key in keys:
                counter[(convention, key, month)] += 1
    frame = pd.DataFrame(
        [(conv, cat, month, n) for (conv, cat, month), n in counter.items()],
        columns=["convention", "category", "month", "papers"],
    ).sort_values(["convention", "category", "month"], ignore_index=True)
    frame["papers"] = frame["papers"].astype("int64")
    frame.attrs["skipped_no_date"] = skipped
    return frame
