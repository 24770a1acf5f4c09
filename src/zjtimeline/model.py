"""The fact base as frozen dataclasses. Standard library only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, TypeVar

T = TypeVar("T")
Day = date  # for annotations inside Fact, whose field ``date`` shadows the type


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive span of days. ``None`` is an open end (unbounded, or ongoing)."""

    start: date | None
    end: date | None
    start_precision: str = "day"
    end_precision: str = "day"

    def overlaps(self, other: Period) -> bool:
        """True when the two spans share at least one day (open ends are unbounded)."""
        if self.start is not None and other.end is not None and self.start > other.end:
            return False
        return not (self.end is not None and other.start is not None and self.end < other.start)


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
    # The date up to which an open-ended ("ongoing") fact is known to hold: its
    # source's publication date. Filled in by the loader.
    known_until: Day | None = None
    line: int = 0  # where the fact starts in its file, for messages

    @property
    def ongoing(self) -> bool:
        return self.period.end is None and self.period.start is not None

    @property
    def effective(self) -> Period:
        """The period used for matching: an ongoing fact holds until ``known_until``."""
        if self.period.end is None and self.known_until is not None:
            return Period(self.period.start, self.known_until, self.period.start_precision, "day")
        return self.period

    def summary(self, lang: str) -> str:
        return self.summary_en if lang == "en" else self.summary_zh


@dataclass(frozen=True, slots=True)
class FactBase:
    path: str
    sources: dict[str, Source]
    themes: tuple[Theme, ...]
    facts: tuple[Fact, ...]
    warnings: tuple[str, ...] = field(default=())

    def theme(self, slug: str) -> Theme | None:
        for t in self.themes:
            if t.slug == slug:
                return t
        return None


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
