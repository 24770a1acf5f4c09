"""A cache of parsed fact bases, so a run does not parse YAML again.

One file per fact file, in ``$XDG_CACHE_HOME/zjtimeline`` (``~/.cache/zjtimeline``).
It is keyed by the fact file's absolute path and stamped with the program's version
and the size, mtime, ctime and inode of the fact file and of every source file its
quotes were checked against: any change to any of them and the entry is not used.
Entries are written to a temporary file and renamed into place, so a reader never
sees half a file and two writers cannot mix. A corrupt or unwritable cache is skipped
with a warning. Entries are ``marshal`` data: tuples, strings and numbers only, which
load far faster than pickled dataclasses and cannot name a class or function to run;
the model's objects are rebuilt from those tuples.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .model import Exclusion, Fact, FactBase, Figure, Period, Source, Theme, build

_FORMAT = 5  # 5: exclusions


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "zjtimeline"


def entry_path(fact_file: Path) -> Path:
    """One entry per absolute path. A name collision costs a rebuild, never stale data:
    the entry's stamp holds the full path."""
    import zlib  # cheaper to import than hashlib, and enough for a file name

    key = str(fact_file.resolve()).encode("utf-8", "surrogateescape")
    return cache_dir() / f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}.marshal"


def _stat(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def stamp(fact_file: Path, source_files: list[Path]) -> tuple[Any, ...]:
    """What must be unchanged for an entry to be used."""
    deps = tuple((str(p), _stat(p)) for p in sorted(source_files))
    return (_FORMAT, __version__, str(fact_file.resolve()), _stat(fact_file), deps)


def source_files(base: FactBase) -> list[Path]:
    folder = Path(base.path).parent
    return [folder / s.file for s in base.sources.values()]


def _pack(base: FactBase) -> tuple[Any, ...]:
    """The fact base as plain tuples; equal strings shared, so stored once."""
    pool: dict[Any, Any] = {}

    def s(value: Any) -> Any:
        return None if value is None else pool.setdefault(value, value)

    def ordinal(d: Any) -> int:
        return d.toordinal() if d is not None else 0

    facts = tuple(
        (
            f.id, s(f.source), s(f.date),
            s((ordinal(f.period.start), ordinal(f.period.end), s(f.period.start_precision), s(f.period.end_precision), s(f.period.form))),
            s(f.date_text), s(f.date_basis), s(tuple(map(s, f.themes))), s(tuple(map(s, f.tags))), s(f.kind),
            s(f.summary_zh), s(f.summary_en), s(f.quote),
            s(tuple(s((s(g.value), s(g.unit), s(g.label_zh), s(g.label_en), s(g.bound))) for g in f.figures)),
            s(f.section), s(f.subsection), s(f.date_text_en), ordinal(f.known_until), f.line,
        )
        for f in base.facts
    )  # fmt: skip
    sources = tuple(
        (x.id, x.title, x.publication, x.published, x.authors, x.file, x.sha256)
        for x in base.sources.values()
    )
    themes = tuple((t.slug, t.name_zh, t.name_en, t.description_en) for t in base.themes)
    excluded = tuple((e.source, e.text, e.reason, e.line) for e in base.excluded)
    return (base.path, sources, themes, facts, base.warnings, excluded)


def _unpack(data: tuple[Any, ...]) -> FactBase:
    from datetime import date

    path, sources, themes, facts, warnings, excluded = data
    from_ordinal = date.fromordinal
    periods: dict[tuple[Any, ...], Period] = {}  # equal values share one frozen object
    figures_seen: dict[tuple[Any, ...], Figure] = {}
    new_fact, new_period, new_figure = build(Fact), build(Period), build(Figure)
    built = []
    for t in facts:
        key = t[3]
        period = periods.get(key)
        if period is None:
            a, b, sp, ep, form = key
            period = periods[key] = new_period(
                (from_ordinal(a) if a else None, from_ordinal(b) if b else None, sp, ep, form)
            )
        figures: tuple[Figure, ...] = ()
        if t[12]:
            figures = tuple(
                figures_seen.get(g) or figures_seen.setdefault(g, new_figure(g)) for g in t[12]
            )
        built.append(
            new_fact((*t[:3], period, *t[4:12], figures, t[13], t[14], t[15], from_ordinal(t[16]) if t[16] else None, t[17]))
        )  # fmt: skip
    return FactBase(
        path,
        {x[0]: Source(*x) for x in sources},
        tuple(Theme(*x) for x in themes),
        tuple(built),
        tuple(warnings),
        tuple(Exclusion(*x) for x in excluded),
    )


def _warn(message: str) -> None:
    print(f"zjtimeline: warning: {message}", file=sys.stderr)


def read(fact_file: Path) -> FactBase | None:
    """The cached fact base for this file, or None when absent, stale or corrupt."""
    entry = entry_path(fact_file)
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    try:
        saved_stamp, packed = marshal.loads(data)
        sources = [Path(p) for p, _ in saved_stamp[4]]
        if saved_stamp != stamp(fact_file, sources):
            return None  # stale: the fact file, a source file or the program changed
        base = _unpack(packed)
    except Exception as exc:  # any damage at all: rebuild
        _warn(
            f"ignoring corrupt cache entry {entry} ({type(exc).__name__}: {exc}); it will be rebuilt"
        )
        return None
    return base


def write(fact_file: Path, base: FactBase, before: tuple[Any, ...]) -> None:
    """Store a fact base; ``before`` is the stamp taken before the file was read.

    Nothing is written when the file changed while it was being read.
    """
    if stamp(fact_file, source_files(base)) != before:
        return
    entry = entry_path(fact_file)
    tmp_name = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        data = marshal.dumps((before, _pack(base)))
        fd, tmp_name = tempfile.mkstemp(prefix=entry.name + ".", suffix=".tmp", dir=entry.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp_name, entry)
        tmp_name = None
    except OSError as exc:
        _warn(
            f"cannot write the cache in {entry.parent} ({exc.strerror or exc}); "
            f"set XDG_CACHE_HOME to a writable folder, or use --no-cache"
        )
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
