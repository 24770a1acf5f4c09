"""A fact base of many files: folders, several ``--facts``, the bundled base beneath.

Each file is complete on its own: it declares the sources and themes its facts use,
so ``validate FILE`` means something alone and each file is parsed, checked and
cached alone (its cache entry is stamped with the file and its sources). Across the
set, checked on every load from those per-file results:

- fact ids are unique (a duplicate names both files and lines);
- a theme declared in several files reads the same in each (slug, names, and the
  description where both give one);
- a source declared in several files is one source, shared by id: title,
  publication, date, authors and, where both give it, sha256 must agree.

The set's cache is therefore the per-file entries: adding, removing or editing one
file re-parses that file only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import FactFileError, Problem
from .model import FactBase, Source, Theme

PATTERNS = ("*.yaml", "*.yml")
_SOURCE_FIELDS = ("title", "publication", "published", "authors", "sha256")


def fact_files(
    paths: Sequence[str | os.PathLike[str]] | None = None, *, with_bundled: bool = False
) -> list[Path]:
    """The fact files of a set, in order: each path a file, or a folder (its ``*.yaml``,
    sorted by name); none given: ``$ZJTIMELINE_FACTS`` (paths separated by
    ``os.pathsep``), else the bundled base. ``with_bundled`` puts the bundled base
    first. A file named twice counts once."""
    from .loader import ENV_FACTS, bundled_path

    chosen = [str(p) for p in paths or () if str(p)]
    if not chosen:
        env = os.environ.get(ENV_FACTS, "")
        chosen = [p for p in env.split(os.pathsep) if p]
    files: list[Path] = []
    if with_bundled or not chosen:
        files.append(bundled_path())
    for name in chosen:
        path = Path(name)
        if name != "-" and _is_dir(path):
            found = sorted({f for pattern in PATTERNS for f in path.glob(pattern) if f.is_file()})
            if not found:
                raise FactFileError(
                    [Problem(name, None, "folder holds no *.yaml fact files; check the path")],
                    unreadable=True,
                )
            files.extend(found)
        else:
            files.append(path)
    unique: dict[str, Path] = {}
    for f in files:
        try:
            key = str(f) if str(f) == "-" else os.path.realpath(f)
        except (OSError, ValueError):  # a NUL in the name: the loader says what is wrong
            key = str(f)
        unique.setdefault(key, f)
    return list(unique.values())


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _differs(a: object, b: object, fields: Sequence[str]) -> str | None:
    for name in fields:
        x, y = getattr(a, name), getattr(b, name)
        if x != y and not (name in ("description_en", "sha256") and (not x or not y)):
            return f"{name} {y!r} here, {x!r} there"
    return None


def merge(bases: Sequence[FactBase]) -> tuple[FactBase, list[Problem]]:
    """One fact base from the files' bases, and the problems across them."""
    if len(bases) == 1:
        return bases[0], []
    problems: list[Problem] = []
    themes: dict[str, tuple[Theme, str]] = {}
    sources: dict[str, tuple[Source, str]] = {}
    seen: dict[str, tuple[str, int]] = {}
    folders: dict[str, str] = {}
    facts = []
    for base in bases:
        folder = Path(base.path).parent
        for t in base.themes:
            first = themes.get(t.slug)
            if first is None:
                themes[t.slug] = (t, base.path)
                continue
            diff = _differs(first[0], t, ("name_zh", "name_en", "description_en"))
            if diff:
                problems.append(
                    Problem(
                        base.path,
                        None,
                        f"theme {t.slug!r} differs from the one in {first[1]}: {diff}; a theme must read the same in every file",
                    )
                )
        for s in base.sources.values():
            first_src = sources.get(s.id)
            if first_src is None:
                sources[s.id] = (s, base.path)
                folders[s.id] = str(folder)  # its file stays relative to its fact file
                continue
            diff = _differs(first_src[0], s, _SOURCE_FIELDS)
            if diff:
                problems.append(
                    Problem(
                        base.path,
                        None,
                        f"source {s.id!r} differs from the one in {first_src[1]}: {diff}; a source shared by id must be the same source",
                    )
                )
        for f in base.facts:
            prev = seen.get(f.id)
            if prev is not None:
                problems.append(
                    Problem(
                        base.path,
                        f.line,
                        f"fact {f.id!r}: duplicate id (first at {prev[0]}:{prev[1]}); ids must be unique across the fact base",
                    )
                )
                continue
            seen[f.id] = (base.path, f.line)
            facts.append(f)
    merged = FactBase(
        bases[0].path,
        {sid: s for sid, (s, _) in sources.items()},
        tuple(t for t, _ in themes.values()),
        tuple(facts),
        tuple(w for b in bases for w in b.warnings),
        tuple(x for b in bases for x in b.excluded),
        tuple(folders.items()),
    )
    return merged, problems


def check_set(files: Sequence[Path], **options: object) -> tuple[FactBase | None, list[Problem]]:
    """Validate every file and the set; raises FactFileError only when a file cannot
    be read or parsed."""
    from .loader import check

    bases, problems = [], []
    for f in files:
        base, found = check(f, **options)  # type: ignore[arg-type]
        problems += found
        if base is not None:
            bases.append(base)
    if not bases:
        return None, problems
    merged, across = merge(bases)
    return merged, problems + across


def load_set(
    files: Sequence[Path],
    *,
    use_cache: bool = True,
    progress: Callable[[int], None] | None = None,
    **options: object,
) -> FactBase:
    """Load every file (each from its cache entry when fresh) and merge them; raise
    FactFileError listing the problems across the set.

    Many files are read by a pool of processes, one per core: parsing YAML is most of
    a first run, and each file is parsed alone.
    """
    from .loader import source_root

    root = source_root(options.get("root"))  # type: ignore[arg-type]
    many = use_cache and len(files) > 1 and "-" not in map(str, files)
    if many:
        import time

        from . import cache

        found = cache.read_set(list(files), root)
        if found is not None:
            from .text import warn

            for warning in found.warnings:
                warn(warning)
            return found
        started = time.time_ns()
    bases, parts = _load_each(files, use_cache, progress, options)
    merged, problems = merge(bases)
    if problems:
        raise FactFileError(problems)
    if many:
        names = [[s.file for s in b.sources.values()] for b in bases]
        stamp = cache.SetStamp.now(list(files), root, names, started)
        if stamp is not None:
            cache.write_set(list(files), merged, stamp, root, parts)
    return merged


#: Below this many files a pool costs more than it saves.
POOL_MIN_FILES = 16


def _load_each(
    files: Sequence[Path],
    use_cache: bool,
    progress: Callable[[int], None] | None,
    options: dict[str, object],
) -> tuple[list[FactBase], list[tuple[Any, ...]] | None]:
    """Every file's base, and (from a pool) their packed forms, which spare the set's
    cache entry packing the facts again."""
    from .loader import load

    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1), 8)  # fmt: skip
    if workers < 2 or len(files) < POOL_MIN_FILES or "-" in map(str, files):
        done = 0
        bases = []
        for f in files:
            base = load(f, use_cache=use_cache, progress=None, **options)  # type: ignore[arg-type]
            done += len(base.facts)
            if progress is not None:
                progress(done)
            bases.append(base)
        return bases, None
    import marshal
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from . import cache

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    parts: list[tuple[Any, ...]] = []
    bases = []
    errors: list[Problem] = []
    unreadable = False
    done = 0
    import gc

    enabled = gc.isenabled()
    gc.disable()  # as cache.read does: no cycles among the new objects
    try:
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            chunk = max(1, len(files) // (workers * 8))
            jobs = [(str(f), use_cache, options) for f in files]
            for data, problems, bad, count in pool.map(_load_one, jobs, chunksize=chunk):
                if problems:
                    errors += [Problem(*p) for p in problems]
                    unreadable = unreadable or bad
                    continue
                if not errors and data is not None:  # unpacked while the workers go on
                    parts.append(marshal.loads(data))
                    bases.append(cache._unpack(parts[-1]))
                done += count
                if progress is not None:
                    progress(done)
        if errors:
            raise FactFileError(errors, unreadable=unreadable)
        gc.freeze()  # they live as long as the process (see cache.read_set)
        return bases, parts
    finally:
        if enabled:
            gc.enable()


def _load_one(
    job: tuple[str, bool, dict[str, object]],
) -> tuple[bytes | None, list[tuple[str, int | None, str]], bool, int]:
    """In a worker: one file, loaded (and cached), packed as plain marshal data."""
    from .loader import load_packed
    from .text import warn

    path, use_cache, options = job
    try:
        base, payload = load_packed(path, use_cache=use_cache, **options)  # type: ignore[arg-type]
    except FactFileError as exc:
        return None, [(p.path, p.line, p.message) for p in exc.problems], exc.unreadable, 0
    for warning in base.warnings:
        warn(warning)
    return payload, [], False, len(base.facts)
