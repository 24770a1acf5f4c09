"""Views for people: the terminal timeline, the full view of one fact, and the
coverage report."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

from .model import AT, CERTAIN, SEVERAL_YEARS, THROUGHOUT, UNDATED, WITHIN, Fact, FactBase, Source
from .text import pad, safe, truncate, width, wrap

if TYPE_CHECKING:
    from .coverage import Row

_SEASONS = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}
BOLD, DIM, CYAN, YELLOW, RESET = "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[33m", "\x1b[0m"


def point_label(d: date, precision: str, *, end: bool = False) -> str:
    """A date at its precision: 2004, 2013-07, 2021-12-31, 2020-Q1, 2020-H2, 2020-spring."""
    if precision == "year":
        return f"{d.year}"
    if precision == "month":
        return f"{d.year}-{d.month:02d}"
    if precision == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    if precision == "half":
        return f"{d.year}-H{1 if d.month <= 6 else 2}"
    if precision == "season":
        first = d.month - 2 if end else d.month
        year = d.year - 1 if end and d.month <= 2 else d.year
        return f"{year}-{_SEASONS.get(first if first > 0 else first + 12, 'season')}"
    return d.isoformat()


def span_label(fact: Fact) -> str:
    """``2004``, ``2012-11-08 → 2022-09-30``, ``2013-07 → 2022-09 (ongoing)``,
    ``2012-11-08 … 2022-09-30`` (some time within)."""
    p = fact.period
    start = point_label(p.start, p.start_precision) if p.start else "…"
    if p.end is None:
        if p.start is None:
            return "undated"
        known = f" → {point_label(fact.known_until, 'month')}" if fact.known_until else " →"
        return f"{start}{known} (ongoing)"
    end = point_label(p.end, p.end_precision, end=True)
    if start == end:
        return start
    return f"{start} … {end}" if p.form == WITHIN else f"{start} → {end}"


#: Headings of the timeline's groups besides the years, in both languages.
GROUP_HEADINGS = {
    SEVERAL_YEARS: {"zh": "跨年持续", "en": "Held throughout several years"},
    UNDATED: {
        "zh": "期间某时(文章未说具体时间)",
        "en": "Some time within (the article does not say when)",
    },
}
POSSIBLE_MARK = {"zh": "可能", "en": "possible"}
#: How a fact sits in time, in words, by form.
FORM_WORDS = {
    AT: {"zh": "发生于该时间(按文章所给精度)", "en": "at that time, to the article's precision"},
    THROUGHOUT: {"zh": "贯穿整个时段", "en": "throughout the whole span"},
    WITHIN: {
        "zh": "期间某时(文章未说具体时间)",
        "en": "once, some time within the span (the article does not say when)",
    },
}


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{RESET}" if color else text


def _grouped(
    matches: Sequence[tuple[Fact, str]], reverse: bool
) -> list[tuple[int | str, list[tuple[Fact, str]]]]:
    """Facts by ``Fact.group``: facts held throughout several years first, then
    the years in order, then facts undated within a longer range; each group keeps
    the order it was given."""
    groups: dict[int | str, list[tuple[Fact, str]]] = {}
    for pair in matches:
        groups.setdefault(pair[0].group, []).append(pair)
    years = sorted((g for g in groups if isinstance(g, int)), reverse=reverse)
    order = [g for g in (SEVERAL_YEARS,) if g in groups] + years
    order += [g for g in (UNDATED,) if g in groups]
    return [(g, groups[g]) for g in order]


def render_timeline(
    matches: Sequence[tuple[Fact, str]],
    base: FactBase,
    *,
    lang: str,
    cols: int | None,
    color: bool,
    reverse: bool = False,
) -> Iterator[str]:
    """Facts in groups: held throughout several years, then each year, then some time
    within a longer range. Each fact: its span, its wording and its summary.

    ``cols`` is the terminal's width; None (in a pipe) wraps nothing, so every
    summary stays on one line for grep."""
    rule_cols = max(cols or 80, 20)
    names = {t.slug: (t.name_en if lang == "en" else t.name_zh) for t in base.themes}
    for n, (group, members) in enumerate(_grouped(matches, reverse)):
        heading = str(group) if isinstance(group, int) else GROUP_HEADINGS[group][lang]
        rule = "─" * max(rule_cols - width(heading) - 4, 2)
        yield ("\n" if n else "") + _paint(f"── {heading} {rule}", BOLD, color) + "\n"
        for fact, how in members:
            label = span_label(fact)
            head = "● " + _paint(label, CYAN, color)
            plain = f"● {label}"
            if how != CERTAIN:
                head = "○ " + _paint(label, CYAN, color) + f" ({POSSIBLE_MARK[lang]})"
                plain = f"○ {label} ({POSSIBLE_MARK[lang]})"
            wording = fact.date_wording(lang)
            if wording:
                said = f"「{safe(wording)}」"
                fits = cols is None or width(f"{plain}  {said}") <= cols
                head += ("  " if fits else "\n  ") + _paint(said, YELLOW, color)
            yield head + "\n"
            for line in _lines(safe(fact.summary(lang)), cols):
                yield f"  {line}\n"
            themes = " · ".join(safe(names.get(t, t)) for t in fact.themes)
            for line in _lines(themes, cols, tail=f"#{safe(fact.id)}"):
                yield "  " + _paint(line, DIM, color) + "\n"


def _lines(text: str, cols: int | None, tail: str = "") -> list[str]:
    """``text`` wrapped to a terminal of ``cols`` (indented by two), or one line when
    ``cols`` is None; ``tail`` (an id) follows it whole, on its own line if need be."""
    if cols is None:
        return [f"{text}  {tail}" if tail else text]
    room = max(cols, 20) - 2
    lines = wrap(text, room)
    if tail:
        if width(lines[-1]) + 2 + width(tail) <= room:
            lines[-1] = f"{lines[-1]}  {tail}"
        else:
            lines.append(tail)  # never cut: it is pasted into 'show'
    return lines


def _context(text: str, quote: str) -> str:
    """The sentence(s) around the quote, up to the nearest 。 or line break."""
    at = text.find(quote)
    if at < 0:
        return ""
    stops = "。\n!?;"
    lo = at
    while lo > 0 and text[lo - 1] not in stops:
        lo -= 1
    hi = at + len(quote)
    if hi <= 0 or text[hi - 1] not in stops:
        while hi < len(text) and text[hi] not in stops:
            hi += 1
        if hi < len(text) and text[hi] != "\n":
            hi += 1
    return text[lo:hi].strip()


def render_detail(
    fact: Fact,
    base: FactBase,
    source_text: str | None,
    *,
    lang: str,
    cols: int | None,
    color: bool,
) -> Iterator[str]:
    """Everything about one fact, labelled, wrapped to the terminal (not in a pipe:
    ``cols`` None)."""
    src: Source | None = base.sources.get(fact.source)
    label_w = 12
    body = max(cols - label_w, 20) if cols else 10**9

    def field(label: str, value: str) -> Iterator[str]:
        lines = wrap(safe(value), body) if value else [""]
        yield _paint(pad(label, label_w), BOLD, color) + lines[0] + "\n"
        for line in lines[1:]:
            yield " " * label_w + line + "\n"

    yield _paint(f"{fact.id}", BOLD, color) + "\n"
    p = fact.period
    precision = (
        p.start_precision
        if p.start_precision == p.end_precision
        else (f"{p.start_precision} → {p.end_precision}")
    )
    yield from field("date", f"{span_label(fact)}  ({fact.date}, {precision})")
    yield from field("when", FORM_WORDS[p.form][lang])
    if fact.date_text:
        yield from field("wording", fact.date_text)
    if fact.date_text_en:
        yield from field("wording_en", fact.date_text_en)
    if fact.date_basis:
        yield from field("basis", fact.date_basis)
    theme_names = []
    for slug in fact.themes:
        t = base.theme(slug)
        theme_names.append(f"{slug} ({t.name_zh} / {t.name_en})" if t else slug)
    yield from field("themes", ", ".join(theme_names))
    if fact.tags:
        yield from field("tags", ", ".join(fact.tags))
    yield from field("kind", fact.kind)
    yield from field("summary_zh", fact.summary_zh)
    yield from field("summary_en", fact.summary_en)
    for i, g in enumerate(fact.figures):
        bound = {"lower": " (at least)", "upper": " (at most)"}.get(g.bound or "", "")
        yield from field(
            "figures" if i == 0 else "", f"{g.value} {g.unit}{bound} — {g.label_zh} / {g.label_en}"
        )
    yield from field("quote", f"“{fact.quote}”")
    if source_text:
        context = _context(source_text, fact.quote)
        if context and context != fact.quote:
            yield from field("context", context)
    section = fact.section + (f" › {fact.subsection}" if fact.subsection else "")
    if section:
        yield from field("section", section)
    if src:
        cite = f"{src.title} — {src.publication}, {src.published[:16].replace('T', ' ')}, {'、'.join(src.authors)}"
        yield from field("source", cite)


_COVERAGE_MARK = {"quoted": "✓", "excluded": "–", "missing": "✗"}


def render_coverage(
    rows: Sequence[Row], titles: dict[str, str], *, cols: int | None, color: bool
) -> Iterator[str]:
    """Each source's sentences, one line each with its status mark, then the fact ids
    that quote it, or why it is excluded, or that it is missing; a summary line last."""
    from .coverage import MISSING, QUOTED, summary

    room = max(cols, 20) - 6 if cols else 10**9  # in a pipe (cols None) nothing is cut
    source = None
    for row in rows:
        if row.source != source:
            head = f"{row.source} — {titles[row.source]}" if titles.get(row.source) else row.source
            yield ("" if source is None else "\n") + _paint(safe(head), BOLD, color) + "\n"
            source = row.source
        mark = _COVERAGE_MARK[row.status]
        if row.status == MISSING:
            mark = _paint(mark, YELLOW, color)
        number = f"{row.index:>3}"
        yield f"{number} {mark} {truncate(safe(row.sentence.text), room)}\n"
        if row.status == QUOTED:
            note = ", ".join(row.facts)
        elif row.status == MISSING:
            note = "missing: no fact quotes it, no exclusion lists it"
        else:
            note = f"excluded: {row.reason}"
        for line in wrap(safe(note), room, break_words=False):  # ids stay whole
            yield "      " + _paint(line, DIM if row.status != MISSING else YELLOW, color) + "\n"
    yield summary(rows) + "\n"
