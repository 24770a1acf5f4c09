"""Formats for people: aligned tables (fitted to the terminal), plain columns, Markdown."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ..text import pad, safe, width, wrap
from .base import Options, Record, row_cells

# ── Human formats ────────────────────────────────────────────────────────────

#: Columns whose values are never wrapped or cut: keys people paste into other commands.
UNBROKEN = frozenset({"id", "slug", "source", "tag", "date", "start", "end", "published"})
GAP = 2  # spaces between columns
MAIN_MIN = 24  # the widest text column gets at least this, or the table is shown expanded
#: Columns that hold a list joined with ", ": they wrap between items where they can.
LISTS = frozenset({"themes", "tags", "authors"})
HIGHLIGHT, RESET = "\x1b[1;31m", "\x1b[0m"


def _wraps(header: str, rows: list[list[str]], i: int) -> bool:
    """Text that may wrap: not a key, and with spaces or non-ASCII characters in it."""
    return header not in UNBROKEN and any(" " in r[i] or not r[i].isascii() for r in rows)


def _min_width(header: str, rows: list[list[str]], i: int) -> int:
    """The narrowest a text column gets: its header, its longest English word (or
    list item) up to 16 columns (longer ones wrap), and never under 8."""
    if header in LISTS:
        words = [w for r in rows for w in r[i].split(", ")]
    else:
        words = [w for r in rows for w in r[i].split() if w.isascii()]
    longest = max((width(w) for w in words), default=0)
    return max(width(header), min(longest, 20 if header in LISTS else 16), 8)


def _wrap_cell(value: str, cols: int, header: str) -> list[str]:
    """A cell's lines: list items kept whole where they fit, text wrapped."""
    if width(value) <= cols:
        return [value]
    if header not in LISTS:
        return wrap(value, cols)
    lines: list[str] = []
    items = value.split(", ")
    for k, item in enumerate(items):
        room = cols if k == len(items) - 1 else cols - 1  # room for the comma after it
        if lines and width(lines[-1]) + 2 + width(item) <= room:
            lines[-1] += ", " + item
            continue
        if lines:
            lines[-1] += ","
        lines.extend(wrap(item, room))
    return lines


def layout(rows: list[list[str]], headers: Sequence[str], total: int | None) -> list[int] | None:
    """Column widths that fit ``total`` columns, or None when even wrapped text would
    leave the main column under :data:`MAIN_MIN` (then the table is shown expanded).

    Keys (ids, dates) keep their width. Text columns share what is left by need: the
    secondary ones (themes, wording) shrink first, down to 16 columns, then the main
    one (the widest, usually the summary) down to :data:`MAIN_MIN` (or half its
    width, for a short name), then the secondary ones to their minimum.
    """
    n = len(headers)
    natural = [max([width(h), *(width(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    if total is None or sum(natural) + GAP * (n - 1) <= total:
        return natural
    text = [i for i in range(n) if _wraps(headers[i], rows, i)]
    if not text:
        return None
    widths = list(natural)
    main = max(text, key=lambda i: natural[i])
    others = sorted((i for i in text if i != main), key=lambda i: -natural[i])
    floor = {i: min(natural[i], _min_width(headers[i], rows, i)) for i in text}

    def excess() -> int:
        return sum(widths) + GAP * (n - 1) - total

    steps = [(i, max(floor[i], 16)) for i in others]
    # long text keeps MAIN_MIN columns; a short label (a name) may wrap to two lines
    steps += [(main, max(floor[main], min(MAIN_MIN, natural[main] // 2)))]
    steps += [(i, floor[i]) for i in others]
    for i, target in steps:
        over = excess()
        if over <= 0:
            break
        widths[i] = max(min(widths[i], target), widths[i] - over)
    if excess() > 0:
        return None
    return widths


def _painted(lines: list[str], text: str, words: Sequence[str]) -> list[str]:
    """The wrapped ``lines`` of ``text`` with every occurrence of the (folded) ``words``
    highlighted. Lines are pieces of the text in order, so offsets are found again."""
    from ..text import fold

    folded: list[str] = []
    owner: list[int] = []  # for each folded character, the index of its original one
    for at, ch in enumerate(text):
        f = fold(ch)
        folded.append(f)
        owner.extend([at] * len(f))
    flat = "".join(folded)
    marked = [False] * len(text)
    for word in words:
        start = flat.find(word)
        while word and start >= 0:
            for k in range(start, start + len(word)):
                marked[owner[k]] = True
            start = flat.find(word, start + len(word))
    if not any(marked):
        return lines
    out, pos = [], 0
    for line in lines:
        at = text.find(line, pos)
        if at < 0 or not line:
            out.append(line)
            continue
        pos = at + len(line)
        piece, on = [], False
        for k, ch in enumerate(line):
            if marked[at + k] != on:
                on = marked[at + k]
                piece.append(HIGHLIGHT if on else RESET)
            piece.append(ch)
        out.append("".join(piece) + (RESET if on else ""))
    return out


def _cell_lines(value: str, cols: int, header: str, opts: Options) -> list[str]:
    lines = [value] if header in UNBROKEN else _wrap_cell(value, cols, header)
    if opts.color and opts.highlight:
        return _painted(lines, value, opts.highlight)
    return lines


def _numeric(rows: list[list[str]], i: int) -> bool:
    return bool(rows) and all(r[i].isdigit() or r[i] == "" for r in rows)


def _grid(
    rows: list[list[str]], headers: Sequence[str], widths: list[int], opts: Options
) -> Iterator[str]:
    n = len(headers)
    wraps = [_wraps(h, rows, i) for i, h in enumerate(headers)]
    right = [_numeric(rows, i) for i in range(n)]

    def line(cells: Sequence[str], plain: Sequence[str]) -> str:
        parts = []
        for i, (c, p) in enumerate(zip(cells, plain, strict=True)):
            room = " " * max(widths[i] - width(p), 0)
            parts.append(room + c if right[i] else c + room)
        return (" " * GAP).join(parts).rstrip() + "\n"

    yield line(headers, headers)
    yield (" " * GAP).join("-" * w for w in widths) + "\n"
    cells = [
        [_wrap_cell(v, widths[i], headers[i]) if wraps[i] else [v] for i, v in enumerate(r)]
        for r in rows
    ]
    tall = any(len(c) > 1 for row in cells for c in row)
    for k, (row, plain_row) in enumerate(zip(cells, rows, strict=True)):
        if tall and k:
            yield "\n"  # rows that wrap are told apart by a blank line
        painted = [
            _painted(c, v, opts.highlight) if opts.color and opts.highlight else c
            for c, v in zip(row, plain_row, strict=True)
        ]
        for j in range(max(len(c) for c in row)):
            plain = [c[j] if j < len(c) else "" for c in row]
            shown = [c[j] if j < len(c) else "" for c in painted]
            yield line(shown, plain)


def _expanded(
    rows: list[list[str]], headers: Sequence[str], total: int, opts: Options
) -> Iterator[str]:
    """One record after another, a field per line, when the table cannot fit (as
    psql's ``\\x auto``): keys stay whole, text wraps beside its label."""
    label = max(width(h) for h in headers) + GAP
    room = max(total - label, 16)
    for k, row in enumerate(rows):
        if k:
            yield "\n"
        for h, v in zip(headers, row, strict=True):
            lines = _cell_lines(v, room, h, opts) if v else [""]
            yield (pad(h, label) + lines[0]).rstrip() + "\n"
            for extra in lines[1:]:
                yield " " * label + extra + "\n"


def render_table(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    """An aligned table. On a terminal (``opts.width``) it fits the width: text wraps
    inside its cell, keys are never cut; when even that cannot fit, each record is
    shown expanded, a field per line. In a pipe it keeps its natural widths."""
    rows = [
        [safe(v) for v in row] for row in row_cells(records, columns, opts.lang, opts.theme_names)
    ]
    if not rows:
        return
    widths = layout(rows, columns, opts.width)
    if widths is None:
        yield from _expanded(rows, columns, opts.width or 80, opts)
    else:
        yield from _grid(rows, columns, widths, opts)


def _tabulate(rows: list[list[str]], headers: Sequence[str], fmt: str) -> str:
    from tabulate import tabulate

    return tabulate(rows, headers=list(headers), tablefmt=fmt, disable_numparse=True)


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
