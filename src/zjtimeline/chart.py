"""Terminal charts: the timeline as a Gantt-like chart, and the stats as bars.

Both fit the terminal's width in display columns (Chinese characters take two) and
colour only when asked. Standard library and :mod:`zjtimeline.text` only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date

from .model import AT, CERTAIN, WITHIN, Fact, FactBase
from .text import pad, safe, truncate, width

BOLD, DIM, RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
# A colour per lane, in the order of the fact base's themes.
PALETTE = ("\x1b[34m", "\x1b[31m", "\x1b[32m", "\x1b[35m", "\x1b[33m", "\x1b[36m",
           "\x1b[94m", "\x1b[91m", "\x1b[92m", "\x1b[95m", "\x1b[93m", "\x1b[96m")  # fmt: skip

POINT, BAR, UNSURE, ONGOING, TICK = "●", "█", "░", "▶", "·"
LEGEND = {
    "zh": f"{POINT} 时点  {BAR} 持续  {UNSURE} 期间某时(不确定)  {ONGOING} 持续中(止于文章日期)",
    "en": f"{POINT} at  {BAR} throughout  {UNSURE} some time within  "
    f"{ONGOING} ongoing, to the source's date",
}
POSSIBLE = {"zh": "(可能)", "en": "(possible)"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{RESET}" if color and text.strip() else text


class _Axis:
    """Whole years from ``first`` to ``last`` over ``cols`` columns."""

    def __init__(self, first: int, last: int, cols: int) -> None:
        self.first, self.last, self.cols = first, last, max(cols, 1)
        self.origin = date(first, 1, 1).toordinal()
        self.days = date(last + 1, 1, 1).toordinal() - self.origin

    def col(self, d: date) -> int:
        x = (d.toordinal() - self.origin) * self.cols // self.days
        return min(max(x, 0), self.cols - 1)

    def ticks(self) -> list[tuple[int, int]]:
        """(column, year) of the labelled years: every 1, 2, 5 or 10 years, as fits."""
        per_year = self.cols / (self.last - self.first + 1)
        step = next((s for s in (1, 2, 5, 10, 20, 50) if s * per_year >= 6), 100)
        years = [y for y in range(self.first, self.last + 1) if y % step == 0]
        return [(self.col(date(y, 1, 1)), y) for y in years]

    def header(self) -> str:
        line = [" "] * self.cols
        for c, y in self.ticks():
            label = str(y)
            if c + len(label) <= self.cols and all(ch == " " for ch in line[max(c - 1, 0) : c + len(label)]):  # fmt: skip
                line[c : c + len(label)] = label
        return "".join(line).rstrip()


def _bar(fact: Fact, axis: _Axis) -> tuple[int, str]:
    """Where the fact's mark starts and the mark itself."""
    span = fact.effective
    if span.end is None:
        return 0, "?"
    if span.start is None:  # an open start: from the left edge
        return 0, BAR * (axis.col(span.end) + 1)
    lo, hi = axis.col(span.start), axis.col(span.end)
    if fact.form == AT:
        mid = date.fromordinal((span.start.toordinal() + span.end.toordinal()) // 2)
        return axis.col(mid), POINT
    fill = UNSURE if fact.form == WITHIN else BAR
    if fact.ongoing:
        return lo, fill * max(hi - lo, 0) + ONGOING
    return lo, fill * (hi - lo + 1)


def render_gantt(
    matches: Sequence[tuple[Fact, str]],
    base: FactBase,
    *,
    lang: str,
    cols: int,
    color: bool,
    lanes: Sequence[str] = (),
) -> Iterator[str]:
    """A lane per theme (those the filter chose, else every theme a fact carries), a row
    per fact in each lane of its themes: its summary, then its mark over the years."""
    cols = max(cols, 40)
    spans = [f.effective for f, _ in matches]
    first = min((s.start.year for s in spans if s.start), default=2012)
    last = max((s.end.year for s in spans if s.end), default=first)
    label_w = max(12, min(cols * 3 // 10, 40))
    axis = _Axis(first, last, cols - label_w - 1)
    tick_cols = {c for c, _ in axis.ticks()}
    wanted = set(lanes)
    used = {t for f, _ in matches for t in f.themes if not wanted or t in wanted}
    themes = [t for t in base.themes if t.slug in used]
    colours = {t.slug: PALETTE[i % len(PALETTE)] for i, t in enumerate(base.themes)}

    yield " " * (label_w + 1) + _paint(axis.header(), BOLD, color) + "\n"
    for theme in themes:
        name = theme.name_en if lang == "en" else theme.name_zh
        rows = [(f, how) for f, how in matches if theme.slug in f.themes]
        heading = f"■ {safe(name)} ({len(rows)})"
        yield _paint(truncate(heading, cols), BOLD + colours[theme.slug], color) + "\n"
        for fact, how in rows:
            label = safe(fact.summary(lang))
            if how != CERTAIN:
                label = POSSIBLE[lang] + label
            start, mark = _bar(fact, axis)
            mark = mark[: axis.cols - start]
            back = "".join(TICK if c in tick_cols else " " for c in range(axis.cols))
            before = _paint(back[:start], DIM, color)
            after = _paint(back[start + len(mark) :].rstrip(), DIM, color)
            line = before + _paint(mark, colours[theme.slug], color) + after
            yield pad(truncate(label, label_w - 1), label_w) + " " + line.rstrip() + "\n"
    yield _paint(truncate(LEGEND[lang], cols), DIM, color) + "\n"


def render_bars(
    records: Sequence[Mapping[str, object]],
    *,
    lang: str,
    cols: int,
    color: bool,
) -> Iterator[str]:
    """The ``total`` of each ``stats`` row as a bar (the grand total row left out)."""
    from .timeline import GROUP_HEADINGS

    rows = [r for r in records if r["year"] != "total"]
    labels = []
    for r in rows:
        key = str(r["year"])
        labels.append(GROUP_HEADINGS[key][lang] if key in GROUP_HEADINGS else key)
    totals = [int(r["total"]) for r in rows]  # type: ignore[call-overload]
    label_w = min(max((width(x) for x in labels), default=4), cols // 3)
    digits = len(str(max(totals, default=0)))
    room = max(cols - label_w - digits - 3, 1)
    top = max(totals, default=1) or 1
    eighths = " ▏▎▍▌▋▊▉"
    for label, total in zip(labels, totals, strict=True):
        units = total * room * 8 // top
        bar = "█" * (units // 8) + (eighths[units % 8] if units % 8 else "")
        if total and not bar:
            bar = "▏"
        yield f"{pad(truncate(label, label_w), label_w)} {_paint(bar, PALETTE[5], color)} {total}\n"
