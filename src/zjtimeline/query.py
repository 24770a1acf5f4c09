"""Filtering, sorting and searching facts: pure functions over tuples of facts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .errors import UsageError
from .model import CERTAIN, OVERLAPS, SEVERAL_YEARS, UNDATED, Fact, FactBase, Period, Theme
from .text import fold


@dataclass(frozen=True, slots=True)
class Query:
    """What to select. Empty fields select everything."""

    years: tuple[Period, ...] = ()  # any of them
    since: date | None = None
    until: date | None = None
    themes: tuple[str, ...] = ()  # slugs, any of them
    tags: tuple[str, ...] = ()  # exact tags, any of them
    kinds: tuple[str, ...] = ()  # any of them
    words: tuple[str, ...] = ()  # folded; all of them
    reverse: bool = False
    limit: int | None = None
    relation: str = OVERLAPS  # how a fact's time must relate to the date filters
    possible: bool = False  # also facts that only possibly match (a *within* fact's range
    #                          overlaps the filter but does not lie inside it)

    @property
    def dated(self) -> bool:
        """True when the query has a date filter."""
        return bool(self.years or self.since or self.until)


def sort_key(fact: Fact) -> tuple[date, date, str]:
    """Chronological: start, then end (ongoing last), then id."""
    p = fact.period
    return (p.start or date.min, p.end or date.max, fact.id)


def haystack(fact: Fact) -> str:
    """Everything search looks at, folded once."""
    parts = [
        fact.id,
        fact.summary_zh,
        fact.summary_en,
        fact.quote,
        fact.date_text or "",
        *fact.tags,
    ]
    for fig in fact.figures:
        parts += (fig.value + fig.unit, fig.label_zh, fig.label_en)
    return fold("\n".join(parts))


_RANK = {CERTAIN: 1, None: 0}  # anything else ("possible") ranks between: 0.5


def date_match(fact: Fact, q: Query) -> str | None:
    """How the fact's time meets the query's date filters: certain, possible or None.

    ``--year`` filters are alternatives (the best of them counts); ``--since`` and
    ``--until`` make one span. Both kinds must hold when both are given.
    """
    if not q.dated:
        return CERTAIN
    span = fact.effective
    result: str | None = CERTAIN
    if q.years:
        best = max((span.relate(y, q.relation) for y in q.years), key=lambda m: _RANK.get(m, 0.5))
        if best is None:
            return None
        result = best
    if q.since or q.until:
        m = span.relate(Period(q.since, q.until), q.relation)
        if m is None:
            return None
        if m != CERTAIN:
            result = m
    return result


def match(fact: Fact, q: Query) -> str | None:
    """``certain`` or ``possible`` when the fact is selected by ``q``, else None."""
    if q.themes and not any(t in fact.themes for t in q.themes):
        return None
    if q.tags and not any(t in fact.tags for t in q.tags):
        return None
    if q.kinds and fact.kind not in q.kinds:
        return None
    if q.words:
        hay = haystack(fact)
        if not all(w in hay for w in q.words):
            return None
    m = date_match(fact, q)
    if m is None or (m != CERTAIN and not q.possible):
        return None
    return m


def select_matches(facts: Iterable[Fact], q: Query) -> list[tuple[Fact, str]]:
    """The facts selected by ``q`` with how each matched, chronological (or reversed),
    limited."""
    found = [(f, m) for f in facts if (m := match(f, q)) is not None]
    found.sort(key=lambda pair: sort_key(pair[0]), reverse=q.reverse)
    return found[: q.limit] if q.limit is not None else found


def select(facts: Iterable[Fact], q: Query) -> list[Fact]:
    """The facts selected by ``q``, chronological (or reversed), limited."""
    return [f for f, _ in select_matches(facts, q)]


def search_words(text: str) -> tuple[str, ...]:
    """Split a search into folded words; full-width spaces separate too."""
    return tuple(fold(text).split())


# ── Resolving what users type to themes, tags and kinds ─────────────────────


def _choose(value: str, candidates: dict[str, set[str]], what: str, option: str) -> str:
    """Pick the one key whose names equal, else contain, ``value``; else UsageError.

    ``candidates`` maps each key to the names it answers to.
    """
    v = fold(value.strip())
    if not v:
        raise UsageError(f"{option}: empty {what}; choose one of: {', '.join(candidates)}")
    exact = [k for k, names in candidates.items() if v in {fold(n) for n in names}]
    if len(exact) == 1:
        return exact[0]
    partial = [k for k, names in candidates.items() if any(v in fold(n) for n in names)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        shown = ", ".join(partial[:12]) + (" …" if len(partial) > 12 else "")
        raise UsageError(
            f"{option} {value!r} is ambiguous: it matches {shown}; give more of the name"
        )
    import difflib

    names = [n for ns in candidates.values() for n in ns]
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    shown = ", ".join(list(candidates)[:20]) + (" …" if len(candidates) > 20 else "")
    raise UsageError(f"{option}: unknown {what} {value!r}{hint} (choose from: {shown})")


def resolve_theme(themes: Sequence[Theme], value: str, option: str = "--theme") -> str:
    """A theme slug from its slug, Chinese or English name, or an unambiguous part."""
    return _choose(value, {t.slug: {t.slug, t.name_zh, t.name_en} for t in themes}, "theme", option)


def resolve_tag(base: FactBase, value: str, option: str = "--tag") -> str:
    tags: dict[str, set[str]] = {}
    for f in base.facts:
        for t in f.tags:
            tags.setdefault(t, {t})
    return _choose(value, tags, "tag", option)


def resolve_kind(base: FactBase, value: str, option: str = "--kind") -> str:
    from .loader import KINDS

    return _choose(value, {k: {k} for k in KINDS}, "kind", option)


def find(base: FactBase, fact_id: str) -> Fact | None:
    for f in base.facts:
        if f.id == fact_id:
            return f
    return None


def suggest_id(base: FactBase, fact_id: str) -> str:
    import difflib

    close = difflib.get_close_matches(fact_id, [f.id for f in base.facts], n=1, cutoff=0.5)
    if close:
        return f"; did you mean {close[0]!r}?"
    part = [f.id for f in base.facts if fold(fact_id) in f.id]
    return f"; did you mean {part[0]!r}?" if part else "; 'zjtimeline list --fields id' lists them"


def _span(facts: Sequence[Fact]) -> tuple[date | None, date | None]:
    lo = min((f.effective.start for f in facts if f.effective.start), default=None)
    hi = max((f.effective.end for f in facts if f.effective.end), default=None)
    return lo, hi


def theme_summary(base: FactBase) -> list[dict[str, object]]:
    """Each theme with its names, how many facts it has and the span they cover."""
    rows: list[dict[str, object]] = []
    for t in base.themes:
        members = [f for f in base.facts if t.slug in f.themes]
        lo, hi = _span(members)
        rows.append({
            "slug": t.slug, "name_zh": t.name_zh, "name_en": t.name_en, "count": len(members),
            "start": lo.isoformat() if lo else None, "end": hi.isoformat() if hi else None,
        })  # fmt: skip
    return rows


def year_theme_counts(
    facts: Sequence[Fact], themes: Sequence[Theme]
) -> tuple[list[str], list[dict[str, object]]]:
    """Facts per ``Fact.group`` × theme: a row per year, then one for facts held
    throughout several years and one for facts undated within a longer range, totals
    in the last row and the ``total`` column. Only themes that occur get a column."""
    from collections import Counter

    slugs = [t.slug for t in themes if any(t.slug in f.themes for f in facts)]
    groups: dict[int | str, Counter[str]] = {}
    for f in facts:
        counts = groups.setdefault(f.group, Counter())
        counts["total"] += 1
        counts.update(f.themes)
    years = sorted(g for g in groups if isinstance(g, int))
    order: list[int | str] = [*years, *(g for g in (SEVERAL_YEARS, UNDATED) if g in groups)]
    per_year = {str(g): groups[g] for g in order}
    everything: Counter[str] = sum(per_year.values(), Counter())
    columns = ["year", "total", *slugs]
    rows = [
        {"year": year, **{c: counts[c] for c in columns[1:]}}
        for year, counts in [*per_year.items(), ("total", everything)]
    ]
    return columns, rows


def tag_summary(base: FactBase) -> list[dict[str, object]]:
    """Each tag with how many facts carry it, their themes (in the base's theme order)
    and the span they cover; most used first, then by tag."""
    members: dict[str, list[Fact]] = {}
    for f in base.facts:
        for t in f.tags:
            members.setdefault(t, []).append(f)
    order = {t.slug: i for i, t in enumerate(base.themes)}
    rows: list[dict[str, object]] = []
    for tag, facts in members.items():
        lo, hi = _span(facts)
        slugs = sorted(
            {s for f in facts for s in f.themes}, key=lambda s: (order.get(s, 1 << 30), s)
        )
        rows.append({
            "tag": tag, "count": len(facts), "themes": slugs,
            "start": lo.isoformat() if lo else None, "end": hi.isoformat() if hi else None,
        })  # fmt: skip
    rows.sort(key=lambda r: (-int(r["count"]), str(r["tag"])))  # type: ignore[call-overload]
    return rows


def source_summary(base: FactBase) -> list[dict[str, object]]:
    """Each source with its metadata, how many facts cite it and the span they cover."""
    rows: list[dict[str, object]] = []
    for s in base.sources.values():
        facts = [f for f in base.facts if f.source == s.id]
        lo, hi = _span(facts)
        rows.append({
            "id": s.id, "title": s.title, "publication": s.publication, "published": s.published,
            "authors": list(s.authors), "file": s.file, "sha256": s.sha256 or None,
            "count": len(facts),
            "start": lo.isoformat() if lo else None, "end": hi.isoformat() if hi else None,
        })  # fmt: skip
    return rows
