"""A cache of parsed fact bases, so a run does not parse YAML again.

One file per fact file, in ``$XDG_CACHE_HOME/zjtimeline`` (``~/.cache/zjtimeline``;
a relative ``XDG_CACHE_HOME`` is ignored, as the XDG spec says). Nothing read from it
is trusted:

- The folder is used only when it is a real folder owned by the user and not
  writable by group or others (as ssh treats its files); otherwise a warning, once,
  and no cache.
- An entry is opened without following symlinks, must be a regular file of bounded
  size, and starts with a plain-text header: a JSON stamp and the size and CRC-32 of
  the payload. The stamp — program version, absolute paths, the source root, and the
  size, mtime, ctime and inode of the fact file and of every source file it names, as
  they were when parsed — is compared with the files now, and the checksum checked,
  *before* the payload is unpacked. Any difference and the entry is not used.
- An entry is not written when a file it depends on changed within the filesystem's
  timestamp granularity of being read (git's "racy git" rule): a same-size rewrite in
  the same tick could not be seen later.
- The payload is ``marshal`` data (tuples, strings and numbers; it cannot name a
  class or function), which loads far faster than anything else measured. marshal
  itself is not safe for hostile bytes (a crafted 12-byte entry crashes it), which is
  why the folder, the stamp and the checksum are checked first: damage never reaches
  it, and only a process running as the user can write an entry that passes — a
  process that needs no cache to run code (an unkeyed cryptographic digest would stop
  no one the CRC does not). Unpacked data is then checked for shape and types before
  the model is rebuilt from it.

Entries are written to a temporary file and renamed into place, so a reader never
sees half a file and two writers cannot mix. A damaged, unusable or unwritable cache
is skipped with a warning.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import __version__
from .model import FORMS, Exclusion, Fact, FactBase, Figure, Period, Source, Theme, build

_FORMAT = 6  # 6: a header with stamp and checksum before the payload; exclusions
_MAGIC = b"zjtimeline cache 6\n"
MAX_ENTRY = 1 << 30
MAX_HEADER = 16 << 20
#: A file changed this recently (ns) before it was read is "racy": not cached. Two
#: seconds on filesystems with whole-second timestamps (FAT keeps two), else 50 ms
#: (coarse kernel clocks tick every 1-10 ms).
RACY_NS = 2_000_000_000
RACY_FINE_NS = 50_000_000

StatKey = tuple[int, int, int, int]


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the spec says ignore it
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "zjtimeline"


def entry_path(fact_file: Path) -> Path:
    """One entry per absolute path. A name collision costs a rebuild, never stale data:
    the entry's stamp holds the full path."""
    import zlib  # cheaper to import than hashlib, and enough for a file name

    key = str(fact_file.resolve()).encode("utf-8", "surrogateescape")
    # The format in the name: entries of an older format are never opened, so no warning.
    return cache_dir() / f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}.v{_FORMAT}"


_warned: set[str] = set()


def _warn(message: str, once: str | None = None) -> None:
    from .text import warn

    if once is not None:
        if once in _warned:
            return
        _warned.add(once)
    warn(message)


def _usable_folder(folder: Path, create: bool) -> bool:
    """True when ``folder`` is a real folder, owned by the user, not writable by
    group or others; creates it (mode 0700) when asked. Warns once when it is not."""
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        if not create:
            return False
        folder.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)
        st = os.lstat(folder)
    problem = None
    if not stat.S_ISDIR(st.st_mode):
        problem = "is not a folder (a symlink or a file)"
    elif hasattr(os, "getuid") and st.st_uid != os.getuid():
        problem = f"is owned by another user (uid {st.st_uid})"
    elif st.st_mode & 0o022:
        problem = f"is writable by others (mode {stat.S_IMODE(st.st_mode):o})"
    if problem is None:
        return True
    _warn(
        f"not using the cache folder {folder}: it {problem}; remove it, or run "
        f"'chmod go-w' on it if it is yours, or set XDG_CACHE_HOME to a folder of your own",
        once=str(folder),
    )
    return False


def _stat(path: str) -> StatKey | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@dataclass(frozen=True)
class Stamp:
    """What must be unchanged for an entry to be used. ``sources`` holds, per source
    file, the name as the fact file gives it, its real path, and its status (None
    when it was absent)."""

    fact_file: str  # absolute, as named
    fact_real: str
    fact: StatKey
    root: str | None
    sources: tuple[tuple[str, str, StatKey | None], ...]
    read_ns: int = 0  # when it was read (not compared)

    def key(self) -> list[Any]:
        return [_FORMAT, __version__, self.fact_file, self.fact_real, list(self.fact),
                self.root, [[n, r, list(st) if st else None] for n, r, st in self.sources]]  # fmt: skip

    @classmethod
    def of_check(cls, c: Any) -> Stamp:
        """The stamp of what a loader run read (``loader._Checker``)."""
        st = c.fact_stat
        return cls(
            os.path.abspath(c.path),
            os.path.realpath(c.path),
            (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino),
            str(c.root) if c.root is not None else None,
            tuple(c.source_stamps),
            c.read_ns,
        )

    @classmethod
    def now(cls, fact_file: Path, root: Path | None, names: list[str]) -> Stamp | None:
        """The stamp of the files as they are now, for the given source names."""
        fact = _stat(str(fact_file))
        if fact is None:
            return None
        folder = os.path.dirname(os.path.abspath(fact_file))
        sources = []
        for name in names:
            real = os.path.realpath(os.path.join(folder, name))
            sources.append((name, real, _stat(real)))
        return cls(os.path.abspath(fact_file), os.path.realpath(fact_file), fact,
                   str(root) if root is not None else None, tuple(sources))  # fmt: skip

    def racy(self) -> bool:
        """True when a file changed so shortly before it was read that a same-size
        change in the same timestamp tick could go unseen."""
        for st in (self.fact, *(s for _, _, s in self.sources)):
            if st is None:
                continue
            ctime = st[2]  # ctime: set by the kernel on every change, never backdated
            window = RACY_NS if ctime % 1_000_000_000 == 0 else min(RACY_NS, RACY_FINE_NS)
            if ctime > self.read_ns - window:
                return True
        return False


def _encode_header(stamp: Stamp, payload: bytes) -> bytes:
    import json
    import zlib

    text = json.dumps({"stamp": stamp.key(), "size": len(payload), "crc32": zlib.crc32(payload)})
    return _MAGIC + text.encode("ascii") + b"\n"


def _header(data: bytes) -> tuple[list[Any], int, int, int]:
    """(stamp key, payload size, CRC-32, payload offset) from an entry; ValueError
    when the header is not one this version writes."""
    import json

    if not data.startswith(_MAGIC):
        raise ValueError("not a cache entry of this version")
    end = data.find(b"\n", len(_MAGIC), len(_MAGIC) + MAX_HEADER)
    if end < 0:
        raise ValueError("no header")
    head = json.loads(data[len(_MAGIC) : end].decode("ascii"))
    if not isinstance(head, dict):
        raise ValueError("bad header")
    key, size, digest = head.get("stamp"), head.get("size"), head.get("crc32")
    if not isinstance(key, list) or type(size) is not int or type(digest) is not int:
        raise ValueError("bad header")
    return key, size, digest, end + 1


def _source_names(key: list[Any]) -> list[str]:
    if len(key) != 7 or not isinstance(key[6], list):
        raise ValueError("bad stamp")
    names = []
    for item in key[6]:
        if not (isinstance(item, list) and item and isinstance(item[0], str)):
            raise ValueError("bad stamp")
        names.append(item[0])
    return names


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


def _unpack(data: Any) -> FactBase:
    """The fact base from unpacked marshal data, checking shape and types as it goes;
    ValueError (or TypeError) for anything this version would not have written."""
    from datetime import date

    if type(data) is not tuple or len(data) != 6:
        raise ValueError("payload is not a 6-tuple")
    path, sources, themes, facts, warnings, excluded = data
    _expect(type(path) is str and _strs(warnings), "path or warnings")
    _expect(type(sources) is tuple and type(themes) is tuple and type(facts) is tuple, "lists")
    for x in sources:
        _expect(
            type(x) is tuple and len(x) == 7 and _strs(x[:4]) and _strs(x[4]) and _strs(x[5:]),
            "source",
        )
        date.fromisoformat(x[3][:10])  # as Source.published_date reads it
    for x in themes:
        _expect(type(x) is tuple and len(x) == 4 and _strs(x), "theme")
    _expect(type(excluded) is tuple, "exclusions")
    for x in excluded:
        _expect(
            type(x) is tuple and len(x) == 4 and _strs(x[:3]) and type(x[3]) is int, "exclusion"
        )
    from_ordinal = date.fromordinal
    periods: dict[tuple[Any, ...], Period] = {}  # equal values share one frozen object
    figures_seen: dict[tuple[Any, ...], Figure] = {}
    new_fact, new_period, new_figure = build(Fact), build(Period), build(Figure)
    signatures = _FACT_SIGNATURES
    join = "".join  # raises TypeError unless every item is text: a fast check
    built = []
    for t in facts:
        if tuple(map(type, t)) not in signatures:
            raise ValueError("fact of the wrong shape")
        key = t[3]
        period = periods.get(key)
        if period is None:
            _expect(type(key) is tuple and len(key) == 5, "period")
            a, b, sp, ep, form = key
            _expect(type(a) is int and type(b) is int and type(sp) is str and type(ep) is str and form in FORMS, "period")  # fmt: skip
            period = periods[key] = new_period(
                (from_ordinal(a) if a else None, from_ordinal(b) if b else None, sp, ep, form)
            )
        join(t[6])
        join(t[7])
        figures: tuple[Figure, ...] = ()
        if t[12]:
            figures = tuple(
                figures_seen.get(g) or figures_seen.setdefault(g, _figure(new_figure, g))
                for g in t[12]
            )
        built.append(
            new_fact((*t[:3], period, *t[4:12], figures, t[13], t[14], t[15], from_ordinal(t[16]) if t[16] else None, t[17]))
        )  # fmt: skip
    return FactBase(
        path,
        {x[0]: Source(*x) for x in sources},
        tuple(Theme(*x) for x in themes),
        tuple(built),
        warnings,
        tuple(Exclusion(*x) for x in excluded),
    )


def _expect(ok: bool, what: str) -> None:
    if not ok:
        raise ValueError(f"unexpected {what}")


def _strs(items: Any) -> bool:
    return type(items) is tuple and all(type(x) is str for x in items)


def _figure(new: Any, g: Any) -> Figure:
    _expect(type(g) is tuple and len(g) == 5 and _strs(g[:4]) and (g[4] is None or type(g[4]) is str), "figure")  # fmt: skip
    return new(g)  # type: ignore[no-any-return]


def _fact_signatures() -> frozenset[tuple[type, ...]]:
    """The types of a packed fact's fields, position by position (see _pack)."""
    import itertools

    text, opt, num = (str,), (str, type(None)), (int,)
    shape = [text, text, text, (tuple,), opt, opt, (tuple,), (tuple,), text, text, text, text,
             (tuple,), text, text, opt, num, num]  # fmt: skip
    return frozenset(itertools.product(*shape))


_FACT_SIGNATURES = _fact_signatures()


def _read_entry(path_of: Callable[[], Path]) -> tuple[Path, bytes] | None:
    """An entry's bytes, read only from a folder fit for it, without following a
    symlink, from a regular file, bounded; None (with a warning when it is not simply
    absent) otherwise."""
    from .loader import Refused, read_bounded

    try:
        entry = path_of()
    except (OSError, ValueError, RuntimeError):  # a NUL in the path, a symlink loop
        return None
    try:
        if not _usable_folder(entry.parent, create=False):
            return None
        data, _st = read_bounded(entry, MAX_ENTRY, follow=False)
    except FileNotFoundError:
        return None
    except (OSError, Refused) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        _warn(f"ignoring cache entry {entry} ({reason}); remove it, or use --no-cache")
        return None
    return entry, data


def _payload(data: bytes, size: int, digest: int, at: int) -> memoryview:
    """The payload after the header, once its size and CRC-32 match the header's."""
    import zlib

    payload = memoryview(data)[at:]
    if len(payload) != size or zlib.crc32(payload) != digest:
        raise ValueError("payload does not match its checksum")
    return payload


def _outside_gc(make: Callable[[], FactBase]) -> FactBase:
    """Build an unpacked fact base with the cyclic collector off, then freeze it.

    Hundreds of thousands of new objects, none in a cycle: the collector would only
    walk them again and again (a quarter of the time). They live as long as the
    process, so they are frozen out of its sight for good, or its next pass would walk
    them all anyway (0.15 s at 100,000 facts).
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        base = make()
        gc.freeze()
        return base
    finally:
        if enabled:
            gc.enable()


def read(fact_file: Path, root: Path | None = None) -> FactBase | None:
    """The cached fact base for this file, or None when absent, stale or damaged.

    Checks, in order: the folder, the entry file (no symlink, regular, bounded), the
    header, the stamp against the files now, the payload's checksum; only then is the
    payload unpacked, and its shape checked.
    """
    found = _read_entry(lambda: entry_path(fact_file))
    if found is None:
        return None
    entry, data = found
    try:
        key, size, digest, at = _header(data)
        now = Stamp.now(fact_file, root, _source_names(key))
        if now is None or now.key() != key:
            return None  # stale: the fact file, a source file, the root or the program changed
        payload = _payload(data, size, digest, at)
        return _outside_gc(lambda: _unpack(marshal.loads(payload)))
    except Exception as exc:  # any damage at all: rebuild
        _warn(
            f"ignoring corrupt cache entry {entry} ({type(exc).__name__}: {exc}); it will be rebuilt"
        )
        return None


def write(fact_file: Path, base: FactBase, stamp: Stamp) -> bytes | None:
    """Store a fact base with the stamp of the files it was parsed from; return the
    payload written (the packed base, as marshal bytes), or None when nothing was.

    Nothing is written when a file changed too recently before it was read (see
    :meth:`Stamp.racy`) or has changed since.
    """
    if stamp.racy():
        return None
    root = Path(stamp.root) if stamp.root is not None else None
    now = Stamp.now(fact_file, root, [n for n, _, _ in stamp.sources])
    if now is None or now.key() != stamp.key():
        return None  # changed while it was read: the next run parses it again
    return _store(entry_path(fact_file), stamp, lambda: marshal.dumps(_pack(base)))


def _store(entry: Path, stamp: Any, payload_of: Callable[[], bytes]) -> bytes | None:
    """Write an entry (header with ``stamp``, then the payload) through a temporary
    file renamed into place, so a reader never sees half an entry; an unusable folder
    writes nothing, an unwritable one warns. Returns the payload once made."""
    tmp_name = None
    payload = None
    try:
        if not _usable_folder(entry.parent, create=True):
            return None
        import tempfile

        payload = payload_of()
        fd, tmp_name = tempfile.mkstemp(prefix=entry.name + ".", suffix=".tmp", dir=entry.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(_encode_header(stamp, payload))
            f.write(payload)
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
    return payload


# ── A set of fact files ──────────────────────────────────────────────────────
# A fact base of many files (factset) is read from one entry for the whole set:
# reading and checking 1,000 entries costs seconds where one costs a fraction. The
# set's entry is stamped with every file's stamp (as above), so a change to any file,
# any source, the set's membership or order, the root or the program makes it stale;
# the files' own entries then serve every file that did not change. It is read and
# written with every check of a file's entry.


@dataclass(frozen=True)
class SetStamp:
    """The stamps of a set's files, in order."""

    stamps: tuple[Stamp, ...]

    def key(self) -> list[Any]:
        return ["set", *(s.key() for s in self.stamps)]

    def racy(self) -> bool:
        return any(s.racy() for s in self.stamps)

    @classmethod
    def now(
        cls, files: list[Path], root: Path | None, names: list[list[str]], read_ns: int = 0
    ) -> SetStamp | None:
        """The stamp of the files as they are now; ``names``: each file's source names."""
        stamps = []
        for fact_file, file_names in zip(files, names, strict=True):
            stamp = Stamp.now(fact_file, root, file_names)
            if stamp is None:
                return None
            stamps.append(replace(stamp, read_ns=read_ns))
        return cls(tuple(stamps))


def set_entry_path(files: list[Path], root: Path | None) -> Path:
    """One entry per list of files (in order) and source root."""
    import zlib

    text = "\n".join([str(root), *(os.path.abspath(f) for f in files)])
    key = text.encode("utf-8", "surrogateescape")
    return cache_dir() / f"set-{zlib.crc32(key):08x}{zlib.adler32(key):08x}.v{_FORMAT}"


def read_set(files: list[Path], root: Path | None = None) -> FactBase | None:
    """The cached fact base of a set of files, or None when absent, stale or damaged;
    checked as :func:`read` checks one file's entry."""
    found = _read_entry(lambda: set_entry_path(files, root))
    if found is None:
        return None
    entry, data = found
    try:
        key, size, digest, at = _header(data)
        if len(key) != len(files) + 1 or key[0] != "set":
            return None
        now = SetStamp.now(files, root, [_source_names(k) for k in key[1:]])
        if now is None or now.key() != key:
            return None  # stale: a file, a source, the set, the root or the program changed
        payload = _payload(data, size, digest, at)

        def unpack() -> FactBase:
            packed, folders = marshal.loads(payload)
            _expect(type(folders) is tuple and all(type(x) is tuple and len(x) == 2 and _strs(x) for x in folders), "folders")  # fmt: skip
            return replace(_unpack(packed), source_folders=folders)

        return _outside_gc(unpack)
    except Exception as exc:  # any damage at all: rebuild
        _warn(
            f"ignoring corrupt cache entry {entry} ({type(exc).__name__}: {exc}); it will be rebuilt"
        )
        return None


def write_set(
    files: list[Path],
    base: FactBase,
    stamp: SetStamp,
    root: Path | None,
    parts: Sequence[tuple[Any, ...]] | None = None,
) -> None:
    """Store a set's merged fact base with the stamp of its files (see :func:`write`).

    ``parts``, the files' bases as packed (when a pool of workers packed them), saves
    packing 100,000 facts again: the merged base's facts are theirs, in order.
    """
    if stamp.racy():
        return
    names = [[n for n, _, _ in s.sources] for s in stamp.stamps]
    now = SetStamp.now(files, root, names)
    if now is None or now.key() != stamp.key():
        return  # changed while it was read: the next run reads it again
    _store(
        set_entry_path(files, root),
        stamp,
        lambda: marshal.dumps((_pack_merged(base, parts), base.source_folders)),
    )


def _pack_merged(base: FactBase, parts: Sequence[tuple[Any, ...]] | None) -> tuple[Any, ...]:
    """The merged base packed: from the files' packed facts when given and they are the
    merged base's facts (a clean merge keeps every fact, in file order), else anew."""
    if parts is None or len(base.facts) != sum(len(p[3]) for p in parts):
        return _pack(base)
    from itertools import chain

    rest = _pack(replace(base, facts=()))
    # Each file's strings are shared within it; share equal fields across files too
    # (a theme list, a source id, a repeated text), so each is stored once.
    share = dict[Any, Any]().setdefault
    facts = tuple(tuple(map(share, f, f)) for f in chain.from_iterable(p[3] for p in parts))
    return (*rest[:3], facts, *rest[4:])
