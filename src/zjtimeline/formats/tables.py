"""Formats for people: aligned tables (fitted to the terminal), plain columns, Markdown."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ..text import safe, truncate, width
from .base import Options, Record, row_cells

# ── Human formats ────────────────────────────────────────────────────────────


def _fit(rows: list[list[str]], headers: Sequence[str], total: int | None) -> list[list[str]]:
    """Truncate the widest columns (with …) until the table fits ``total`` columns."""
    if total is None or not rows:
        return rows
    n = len(headers)
    widths = [max(width(h), *(width(r[i]) for r in rows)) for i, h in enumerate(headers)]
    budget = total - 2 * (n - 1)
    floor = [min(w, max(width(h), 6)) for w, h in zip(widths, headers, strict=True)]
    while sum(widths) > budget:
        i = max(range(n), key=lambda k: widths[k] - floor[k])
        if widths[i] <= floor[i]:
            break
        widths[i] = max(floor[i], widths[i] - (sum(widths) - budget))
    return [[truncate(v, widths[i]) for i, v in enumerate(r)] for r in rows]


def _tabulate(rows: list[list[str]], headers: Sequence[str], fmt: str) -> str:
    from tabulate import tabulate

    return tabulate(rows, headers=list(headers), tablefmt=fmt, disable_numparse=True)


def render_table(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    rows = [
        [safe(v) for v in row] for row in row_cells(records, columns, opts.lang, opts.theme_names)
    ]
    budget = opts.width
    text = _tabulate(_fit(rows, columns, budget), columns, "simple")
    while budget is not None and budget > 20:  # tabulate may pad beyond our estimate
        excess = max(width(line) for line in text.splitlines()) - opts.width  # type: ignore[operator]
        if excess <= 0:
            break
        budget -= excess
        text = _tabulate(_fit(rows, columns, budget), columns, "simple")
    yield text + "\n"


def render_plain(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    rows = [
        [safe(v) for v in row] for row in row_cells(records, columns, opts.lang, opts.theme_names)
    ]
    yield _tabulate(rows, columns, "plain") + "\n"


_MD = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "|": "\\|", "\n": "<br>"}
)


def _md(value: str) -> str:
    """A Markdown table cell: no raw HTML (``&``, ``<``, ``>`` as entities), no cell
    break, line breaks as ``<br>``, controls and invisible characters escaped."""
    return safe(value.translate(_MD))


def render_markdown(
    records: Iterable[Record], columns: Sequence[str], opts: Options
) -> Iterator[str]:
    yield "| " + " | ".join(_md(c) for c in columns) + " |\n"
    yield "|" + "|".join("---" for _ in columns) + "|\n"
    for row in row_cells(records, columns, opts.lang, opts.theme_names):
        yield "| " + " | ".join(_md(v) for v in row) + " |\n"
