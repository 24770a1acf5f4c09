"""The fact base as frozen dataclasses. Standard library only."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, TypeVar

T = TypeVar("T")
Day = date  # for annotations inside Fact, whose field ``date`` shadows the type


# How a fact sits in time (decided by the EDTF form of its date, in edtf.py):
AT = "at"  # it happened at a known time, to the article's precision: 2013-07, 2004
THROUGHOUT = "throughout"  # it held over the whole period: 2012-11-08/2022-09-30, 2013-07/..
WITHIN = "within"  # it happened once, some time the article does not give, inside the
#                   range: EDTF level 2 "one of a set", [2012-11-08..2022-09-30]
FORMS = (AT, THROUGHOUT, WITHIN)

# How a query's date filter relates to a fact's time (PostgreSQL range operators and
# Allen's interval relations name the same three questions):
OVERLAPS = "overlaps"  # what was going on in the filter (&&)
STARTS = "starts"  # what began in the filter
INSIDE = "within"  # what lies wholly inside the filter (<@)
RELATIONS = (OVERLAPS, STARTS, INSIDE)

CERTAIN, POSSIBLE = "certain", "possible"

# The groups of a timeline and of ``stats`` besides the years (see ``Fact.group``):
SEVERAL_YEARS = "throughout"  # held over a period longer than one calendar year
UNDATED = "within"  # happened once, some time in a range longer than one calendar year


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive span of days. ``None`` is an open end (unbounded, or ongoing).

    ``form`` says how a fact sits in that span (:data:`AT`, :data:`THROUGHOUT`,
    :data:`WITHIN`); a query's span is always :data:`AT`.
    """

    start: date | None
    end: date | None
    start_precision: str = "day"
    end_precision: str = "day"
    form: str = AT

    def overlaps(self, other: Period) -> bool:
        """True when the two spans share at least one day (open ends are unbounded)."""
        if self.start is not None and other.end is not None and self.start > other.end:
            return False
        return not (self.end is not None and other.start is not None and self.end < other.start)

    def inside(self, other: Period) -> bool:
        """True when every day of this span lies in ``other`` (open ends are unbounded)."""
        if other.start is not None and (self.start is None or self.start < other.start):
            return False
        return not (other.end is not None and (self.end is None or self.end > other.end))

    def starts_in(self, other: Period) -> bool:
        """True when this span's first day lies in ``other``."""
        if self.start is None:
            return other.start is None
        return Period(self.start, self.start).inside(other)

    def relate(self, other: Period, relation: str = OVERLAPS) -> str | None:
        """Whether a fact with this time matches the filter ``other`` under ``relation``:
        :data:`CERTAIN`, :data:`POSSIBLE` or None.

        An *at* or *throughout* fact's span is its time, so a test on it is certain.
        A *within* fact happened on one unknown day of its span: it certainly matches
        when every day would (the span lies inside the filter), possibly when some day
        would (the span overlaps it), and not at all otherwise.
        """
        if self.form == WITHIN:
            if self.inside(other):
                return CERTAIN
            return POSSIBLE if self.overlaps(other) else None
        test = {OVERLAPS: self.overlaps, STARTS: self.starts_in, INSIDE: self.inside}[relation]
        return CERTAIN if test(other) else None


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as the article writes it (``426.9`` with unit ``万名``)."""

    value: str
    unit: str
    label_zh: str
    label_en: str
    bound: str | None = None  # "lower" for 多/余 (more than), "upper" for 近/不到


@dataclass(frozen=True, slots=True)
class Theme:
    slug: str
    name_zh: str
    name_en: str
    description_en: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    publication: str
    published: str  # ISO 8601 date-time with offset
    authors: tuple[str, ...]
    file: str  # relative to the fact file's folder
    sha256: str

    @property
    def published_date(self) -> date:
        return date.fromisoformat(self.published[:10])


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    source: str
    date: str  # EDTF as written in the fact file
    period: Period
    date_text: str | None
    date_basis: str | None
    themes: tuple[str, ...]
    tags: tuple[str, ...]
    kind: str
    summary_zh: str
    summary_en: str
    quote: str
    figures: tuple[Figure, ...] = ()
    section: str = ""
    subsection: str = ""
    date_text_en: str | None = None  # the date wording in English, from the fact file
    # The date up to which an open-ended ("ongoing") fact is known to hold: its
    # source's publication date. Filled in by the loader.
    known_until: Day | None = None
    line: int = 0  # where the fact starts in its file, for messages

    @property
    def ongoing(self) -> bool:
        return self.period.end is None and self.period.start is not None

    @property
    def form(self) -> str:
        return self.period.form

    @property
    def effective(self) -> Period:
        """The period used for matching: an ongoing fact holds until ``known_until``."""
        if self.period.end is None and self.known_until is not None:
            p = self.period
            return Period(p.start, self.known_until, p.start_precision, "day", p.form)
        return self.period

    def summary(self, lang: str) -> str:
        return self.summary_en if lang == "en" else self.summary_zh

    def date_wording(self, lang: str) -> str | None:
        """The date as the source words it, or its English rendering for ``en``."""
        return self.date_text_en if lang == "en" else self.date_text

    @property
    def group(self) -> int | str:
        """Where the fact stands in a timeline: the year, when its whole time lies in
        one calendar year; else :data:`SEVERAL_YEARS` (it held throughout years) or
        :data:`UNDATED` (it happened once; the source does not say in which year)."""
        span = self.effective
        if span.start is not None and span.end is not None and span.start.year == span.end.year:
            return span.start.year
        return SEVERAL_YEARS if self.period.form == THROUGHOUT else UNDATED


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A sentence of a source left out of the fact base on purpose, and why.

    ``text`` is the sentence, or a verbatim prefix of it; every sentence of the
    source that begins with it is excluded."""

    source: str
    text: str
    reason: str
    line: int = 0  # where it stands in its file, for messages


@dataclass(frozen=True, slots=True)
class FactBase:
    path: str
    sources: dict[str, Source]
    themes: tuple[Theme, ...]
    facts: tuple[Fact, ...]
    warnings: tuple[str, ...] = field(default=())
    excluded: tuple[Exclusion, ...] = field(default=())
    # In a base of many files: by source id, the folder its ``file`` is relative to
    # (its fact file's folder); otherwise the folder of ``path``.
    source_folders: tuple[tuple[str, str], ...] = field(default=())

    def source_folder(self, source_id: str) -> str:
        for sid, folder in self.source_folders:
            if sid == source_id:
                return folder
        return os.path.dirname(self.path)

    def theme(self, slug: str) -> Theme | None:
        for t in self.themes:
            if t.slug == slug:
                return t
        return None


@functools.cache  # one constructor per class: a set of 1,000 files builds from 1,000 entries
def build(cls: type[T]) -> Callable[[Sequence[Any]], T]:
    """A fast constructor from a tuple of field values, in field order.

    Frozen dataclasses refuse ``setattr``; their ``__init__`` goes through
    ``object.__setattr__`` once per field. Setting the slots through their
    descriptors is the same thing, cheaper: the cache rebuilds 100,000 facts this way.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    env: dict[str, Any] = {"new": object.__new__, "cls": cls}
    env.update({f"set{i}": getattr(cls, name).__set__ for i, name in enumerate(names)})
    body = "".join(f"    set{i}(obj, values[{i}])\n" for i in range(len(names)))
    # Unrolled, as dataclasses writes its own __init__: no loop, no zip.
    exec(f"def make(values):\n    obj = new(cls)\n{body}    return obj\n", env)
    return env["make"]  # type: ignore[no-any-return]
