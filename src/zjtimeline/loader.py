"""Read a fact file, validate it with file:line messages, and build the model.

``check(path)`` returns the fact base (or None) and every problem found;
``load(path)`` returns the fact base or raises :class:`FactFileError`.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .edtf import EdtfError, parse_edtf
from .errors import FactFileError, Problem
from .model import Exclusion, Fact, FactBase, Figure, Source, Theme

ENV_FACTS = "ZJTIMELINE_FACTS"
ENV_SOURCE_ROOT = "ZJTIMELINE_SOURCE_ROOT"
SOURCE_ROOT_OPTION = f"'zjtimeline --source-root DIR …' (or ${ENV_SOURCE_ROOT})"
STDIN = "-"  # --facts - reads the fact file from standard input
MAX_FACT_BYTES = 256 << 20  # a fact file (about 240,000 facts)
MAX_SOURCE_BYTES = 16 << 20  # a source article
KINDS = ("context", "event", "mechanism", "policy", "programme", "statistic")
BOUNDS = ("lower", "upper")
MAX_TEXT = 20_000  # characters in one text field
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# ISO 8601 calendar date, optionally with a time and an offset; ASCII digits only
# (datetime.fromisoformat alone also takes week dates, 2022-W39, and other forms).
_ISO_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?"
)


def bundled_path() -> Path:
    """The fact base shipped with the package (or the checkout's, in an editable install)."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "facts.yaml"
    if packaged.is_file():
        return packaged
    return here.parent.parent / "facts.yaml"  # src/zjtimeline -> repository root


def resolve_path(path: str | os.PathLike[str] | None) -> Path:
    """An explicit path, else $ZJTIMELINE_FACTS, else the bundled fact base."""
    if path:
        return Path(path)
    env = os.environ.get(ENV_FACTS)
    return Path(env) if env else bundled_path()


# ── Reading files a fact base names, confined ───────────────────────────────


class Refused(Exception):
    """A file that must not be read; the message says why and what allows it."""


def source_root(root: str | os.PathLike[str] | None = None) -> Path | None:
    """The folder sources may come from when wider than the fact file's own:
    an explicit one, else $ZJTIMELINE_SOURCE_ROOT, else None (the fact file's folder)."""
    chosen = root or os.environ.get(ENV_SOURCE_ROOT)
    return Path(os.path.realpath(chosen)) if chosen else None


def confine_source(folder: Path, name: str, root: Path | None = None) -> Path:
    """The real path of the source file ``name`` (relative to ``folder``, the fact
    file's folder), checked to lie inside ``root`` (by default ``folder`` itself)
    after every symlink is resolved; raise :class:`Refused` otherwise.

    Only the path is checked here; :func:`read_confined` checks the file itself.
    """
    if "\x00" in name:
        raise Refused(f"file {name!r} is not a usable file name")
    real = Path(os.path.realpath(folder / name))
    allowed = Path(os.path.realpath(root if root is not None else folder))
    if real != allowed and allowed not in real.parents:
        raise Refused(
            f"file {name!r} resolves to {str(real)!r}, outside {str(allowed)!r}; a source must "
            f"lie inside the fact file's folder — move it there, or allow a wider folder on "
            f"purpose with {SOURCE_ROOT_OPTION}"
        )
    return real


def read_bounded(path: Path, limit: int, *, follow: bool = True) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes (at most ``limit``) and its status, read without
    blocking on a FIFO or a device and without reading past the bound.

    Raises :class:`Refused` for anything but a regular file of at most ``limit``
    bytes whose content matches its size (``/proc`` files report size 0), and
    OSError when it cannot be opened.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused(f"is {_file_kind(st.st_mode)}, not a regular file")
        if st.st_size > limit:
            raise Refused(f"is {st.st_size:,} bytes; at most {limit:,}")
        want = st.st_size + 1  # one more: a file that grows, or a /proc file, shows it
        parts, got = [], 0
        while got < want:
            chunk = os.read(fd, min(want - got, 1 << 30))
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
        if got != st.st_size:
            raise Refused(
                "does not hold what its size says (a file in /proc, or one being written)"
            )
        return (parts[0] if len(parts) == 1 else b"".join(parts)), st
    finally:
        os.close(fd)


def _file_kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"


def read_source(
    folder: Path, name: str, root: Path | None = None
) -> tuple[Path, bytes, os.stat_result]:
    """A source file's real path, bytes and status: confined (:func:`confine_source`),
    a regular file, at most :data:`MAX_SOURCE_BYTES`. Raises :class:`Refused`, or
    OSError (FileNotFoundError when it is absent)."""
    real = confine_source(folder, name, root)
    try:
        data, st = read_bounded(real, MAX_SOURCE_BYTES, follow=False)
    except Refused as exc:
        raise Refused(f"file {name!r} {exc}") from None
    return real, data, st


# ── Field schemas ────────────────────────────────────────────────────────────
# name -> (kind, required). Kinds: "text" (non-empty string), "text?" (string, may
# be empty), "scalar" (a string, number or date, kept as written), "texts" (list of
# strings), "figures" (list of figure mappings).


@dataclass(frozen=True)
class _Field:
    kind: str
    required: bool


_TOP = {
    "sources": _Field("list", True),
    "themes": _Field("list", True),
    "facts": _Field("list", True),
    "excluded": _Field("list", False),
}
_SOURCE = {
    "id": _Field("text", True),
    "title": _Field("text", True),
    "publication": _Field("text", True),
    "published": _Field("scalar", True),
    "authors": _Field("texts", True),
    "file": _Field("text", True),
    "sha256": _Field("text", False),
}
_THEME = {
    "slug": _Field("text", True),
    "name_zh": _Field("text", True),
    "name_en": _Field("text", True),
    "description_en": _Field("text?", False),
}
_FACT = {
    "id": _Field("text", True),
    "source": _Field("text", True),
    "date": _Field("scalar", True),
    "date_text": _Field("text", False),
    "date_text_en": _Field("text", False),
    "date_basis": _Field("text", False),
    "themes": _Field("texts", True),
    "tags": _Field("texts", False),
    "kind": _Field("text", True),
    "summary_zh": _Field("text", True),
    "summary_en": _Field("text", True),
    "quote": _Field("text", True),
    "figures": _Field("figures", False),
    "section": _Field("text?", False),
    "subsection": _Field("text?", False),
}
_EXCLUSION = {
    "source": _Field("text", True),
    "text": _Field("text", True),
    "reason": _Field("text", True),
}
_FIGURE = {
    "value": _Field("scalar", True),
    "unit": _Field("text?", True),
    "label_zh": _Field("text", True),
    "label_en": _Field("text", True),
    "bound": _Field("text", False),
}

_LIST_KINDS = {"texts": "a list of text", "list": "a list", "figures": "a list of figures"}


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing (null)"
    return type(value).__name__


def _did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class _Checker:
    """Collects problems while turning parsed YAML into model objects."""

    def __init__(self, path: Path, root: Path | None = None) -> None:
        self.path = path
        self.name = str(path)
        self.folder = Path.cwd() if str(path) == STDIN else path.parent
        self.root = root
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.source_texts: dict[str, str | None] = {}
        # What each source file was when read, for the cache's stamp: the path as
        # named, its real path, and (size, mtime, ctime, inode), or None when absent.
        self.source_stamps: list[tuple[str, str, tuple[int, int, int, int] | None]] = []
        self.fact_stat: os.stat_result | None = None
        self.read_ns = 0

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.name, line, message))

    def record(self, item: Any, schema: dict[str, _Field], what: str) -> dict[str, Any] | None:
        """Check one mapping against a schema; return clean values, or None."""
        from .yamlsafe import Map

        if not isinstance(item, Map):
            line = getattr(item, "line", None)
            self.problem(line, f"{what} must be a mapping of fields, got {_type_name(item)}")
            return None
        out: dict[str, Any] = {}
        ok = True
        for key, value in item.items():
            line = item.lines[key]
            field = schema.get(key)
            if field is None:
                self.problem(
                    line,
                    f"{what}: unknown field {key!r}{_did_you_mean(key, tuple(schema))} "
                    f"(fields: {', '.join(schema)})",
                )
                ok = False
                continue
            if value is None and not field.required:
                continue  # an optional field left empty (`date_text:`, `tags:`) is absent
            clean = self.value(value, item.raw.get(key), field.kind, f"{what}: field {key!r}", line)
            if clean is None:
                ok = False
                continue
            out[key] = clean
        for key, field in schema.items():
            if field.required and key not in item:
                self.problem(item.line, f"{what}: missing required field {key!r}")
                ok = False
        return out if ok else None

    def value(self, value: Any, raw: str | None, kind: str, what: str, line: int) -> Any:
        if kind in ("text", "text?"):
            if isinstance(value, (int, float)) and not isinstance(value, bool) and raw:
                value = raw  # an unquoted number where text is expected: keep it as written
            if not isinstance(value, str):
                if value is None and kind == "text?":
                    return ""
                self.problem(line, f"{what} must be text, got {_type_name(value)}; quote it")
                return None
            if kind == "text" and not value.strip():
                self.problem(line, f"{what} is empty")
                return None
            if len(value) > MAX_TEXT:
                self.problem(line, f"{what} is {len(value):,} characters; at most {MAX_TEXT:,}")
                return None
            return value
        if kind == "scalar":
            if isinstance(value, (list, dict)) or value is None or isinstance(value, bool):
                self.problem(line, f"{what} must be text or a number, got {_type_name(value)}")
                return None
            text = raw if raw is not None else str(value)
            if len(text) > MAX_TEXT:
                self.problem(line, f"{what} is {len(text):,} characters; at most {MAX_TEXT:,}")
                return None
            return text.strip()
        if kind in _LIST_KINDS and not isinstance(value, list):
            self.problem(line, f"{what} must be {_LIST_KINDS[kind]}, got {_type_name(value)}")
            return None
        if kind == "texts":
            items = []
            for i, item in enumerate(value):
                raw_item = value.raw[i] if hasattr(value, "raw") else None
                if isinstance(item, (int, float)) and not isinstance(item, bool) and raw_item:
                    item = raw_item  # a tag written as a bare number: keep it as written
                if not isinstance(item, str) or not item.strip():
                    item_line = value.lines[i] if hasattr(value, "lines") else line
                    got = "empty text" if isinstance(item, str) else _type_name(item)
                    self.problem(item_line, f"{what}: item {i + 1} must be text, got {got}")
                    return None
                items.append(item)
            return tuple(items)
        if kind == "list":
            return value
        if kind == "figures":
            figures = []
            for i, item in enumerate(value):
                rec = self.record(item, _FIGURE, f"{what}: figure {i + 1}")
                if rec is None:
                    return None
                bound = rec.get("bound")
                if bound is not None and bound not in BOUNDS:
                    self.problem(
                        item.lines.get("bound", line),
                        f"{what}: figure {i + 1}: bound {bound!r} is not one of {', '.join(BOUNDS)}",
                    )
                    return None
                figures.append(
                    Figure(rec["value"], rec["unit"], rec["label_zh"], rec["label_en"], bound)
                )
            return tuple(figures)
        raise AssertionError(kind)


def _read_bytes(path: Path) -> tuple[bytes, os.stat_result | None]:
    """The file's bytes, checked to be UTF-8, an initial BOM dropped; or FactFileError."""

    def fail(reason: str, line: int | None = None) -> FactFileError:
        return FactFileError([Problem(str(path), line, reason)], unreadable=True)

    try:
        if str(path) == STDIN:
            import sys

            data, st = sys.stdin.buffer.read(MAX_FACT_BYTES + 1), None
            if len(data) > MAX_FACT_BYTES:
                raise fail(f"standard input holds more than {MAX_FACT_BYTES:,} bytes")
        else:
            data, st = read_bounded(path, MAX_FACT_BYTES)
    except Refused as exc:
        hint = "give the path of a .yaml file"
        if "folder" not in str(exc):
            hint = "a fact file must be a regular file; to read a pipe use --facts - (stdin)"
        raise fail(f"{exc}; {hint}") from None
    except FileNotFoundError:
        raise fail(f"no such file; check the path, --facts or ${ENV_FACTS}") from None
    except OSError as exc:
        raise fail(
            f"cannot read: {exc.strerror or exc}; check the path and its permissions"
        ) from None
    except (ValueError, AttributeError):  # a NUL character in the path; no stdin
        raise fail("is not a usable file name; check the path") from None
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    data = data[bom:]
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 20
    for at in range(0, len(data) + 1, step):  # in slices: no second copy of a large file
        try:
            decoder.decode(data[at : at + step], final=at + step >= len(data))
        except UnicodeDecodeError as exc:
            bad = at + exc.start - len(decoder.getstate()[0])
            bad = max(bad, 0)
            line = data.count(b"\n", 0, bad) + 1
            raise fail(
                f"not UTF-8 (byte 0x{data[bad]:02x} at offset {bom + bad}); save the file as UTF-8",
                line,
            ) from None
    return data, st


def check(
    path: str | os.PathLike[str] | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    root: str | os.PathLike[str] | None = None,
) -> tuple[FactBase | None, list[Problem]]:
    """Validate a fact file. Raises FactFileError only when it cannot be read or parsed.

    Source files must lie inside the fact file's folder, or inside ``root`` (else
    $ZJTIMELINE_SOURCE_ROOT) when given; see :func:`confine_source`.
    """
    base, problems, _c = _check(resolve_path(path), progress, source_root(root))
    return base, problems


def _check(
    p: Path, progress: Callable[[int], None] | None, root: Path | None
) -> tuple[FactBase | None, list[Problem], _Checker]:
    import time

    from .yamlsafe import Map, YamlError
    from .yamlsafe import load as yaml_load

    c = _Checker(p, root)
    c.read_ns = time.time_ns()  # before anything is read: the cache's "racy" rule
    data, c.fact_stat = _read_bytes(p)
    counter = iter(range(1, 1 << 62))

    def each_fact(item: Any) -> _Pending | None:
        n = next(counter)
        if progress is not None and n % 1000 == 0:
            progress(n)
        return _fact_alone(c, item, n)

    try:
        doc = yaml_load(data, {"facts": each_fact})
    except YamlError as exc:
        raise FactFileError(
            [Problem(str(p), exc.line or None, exc.message)], unreadable=True
        ) from None
    if not isinstance(doc, Map):
        what = "empty" if doc is None else f"{_type_name(doc)} at the top level"
        raise FactFileError(
            [
                Problem(
                    str(p),
                    getattr(doc, "line", None) or 1,
                    f"the file is {what}; a fact file is a mapping with sources:, themes: and facts:",
                )
            ],
            unreadable=True,
        )
    top = c.record(doc, _TOP, "the file")
    if top is None:
        return None, c.problems, c

    sources = _sources(c, top["sources"], p)
    themes = _themes(c, top["themes"])
    facts = _facts(c, top["facts"], sources, {t.slug for t in themes})
    excluded = _exclusions(c, top.get("excluded", []), sources, facts)
    base = FactBase(str(p), sources, tuple(themes), tuple(facts), tuple(c.warnings), excluded)
    c.problems.sort(key=lambda problem: problem.line or 0)
    return base, c.problems, c


def load(
    path: str | os.PathLike[str] | None = None,
    *,
    use_cache: bool = True,
    progress: Callable[[int], None] | None = None,
    root: str | os.PathLike[str] | None = None,
) -> FactBase:
    """Load and validate a fact file; raise FactFileError listing every problem.

    With ``use_cache`` a parsed copy is kept in the user's cache folder and used while
    neither the file nor its sources change. ``root`` widens where sources may lie
    (see :func:`check`).
    """
    base, _payload = _load(resolve_path(path), use_cache, progress, source_root(root))
    from .text import warn

    for warning in base.warnings:
        warn(warning)
    return base


def load_packed(
    path: str | os.PathLike[str],
    *,
    use_cache: bool = True,
    root: str | os.PathLike[str] | None = None,
) -> tuple[FactBase, bytes]:
    """Load a fact file as :func:`load` does (warnings not shown) and return it with its
    packed form (:func:`cache._pack` as marshal bytes), packed once: the payload the
    cache wrote is reused. A pool worker sends that to the main process."""
    import marshal

    from . import cache

    base, payload = _load(resolve_path(path), use_cache, None, source_root(root))
    return base, payload if payload is not None else marshal.dumps(cache._pack(base))


def _load(
    p: Path, use_cache: bool, progress: Callable[[int], None] | None, allowed: Path | None
) -> tuple[FactBase, bytes | None]:
    """The fact base (from the cache when fresh) and the payload written to the cache."""
    use_cache = use_cache and str(p) != STDIN
    if use_cache:
        from . import cache

        base = cache.read(p, allowed)
        if base is not None:
            return base, None
    base, problems, c = _check(p, progress, allowed)
    if problems or base is None:
        raise FactFileError(problems)
    if use_cache and c.fact_stat is not None:
        return base, cache.write(p, base, cache.Stamp.of_check(c))
    return base, None


def _sources(c: _Checker, items: list[Any], path: Path) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for i, item in enumerate(items):
        rec = c.record(item, _SOURCE, f"source {i + 1}")
        if rec is None:
            continue
        sid = rec["id"]
        if sid in sources:
            c.problem(item.lines["id"], f"source {sid!r}: duplicate id; source ids must be unique")
            continue
        published = rec["published"]
        try:
            if not _ISO_DATETIME.fullmatch(published):
                raise ValueError(published)
            datetime.fromisoformat(published.replace("Z", "+00:00").replace(" ", "T"))
        except ValueError:
            c.problem(
                item.lines["published"],
                f"source {sid!r}: published {published!r} is not an ISO 8601 date or date-time "
                "(e.g. 2022-09-30T15:15:00+08:00)",
            )
            continue
        sha = rec.get("sha256", "")
        if sha and not _SHA256.fullmatch(sha):
            c.problem(
                item.lines["sha256"], f"source {sid!r}: sha256 must be 64 lower-case hex digits"
            )
            continue
        src = Source(
            sid, rec["title"], rec["publication"], published, rec["authors"], rec["file"], sha
        )
        sources[sid] = src
        c.source_texts[sid] = _source_text(c, src, path, item)
    return sources


def _source_text(c: _Checker, src: Source, path: Path, item: Any) -> str | None:
    """The text of a source, read confined; None (and a problem or a warning) when it
    cannot be used. Nothing of a file that fails a check reaches a message."""
    line = item.lines["file"]
    try:
        real, data, st = read_source(c.folder, src.file, c.root)
    except Refused as exc:
        c.problem(line, f"source {src.id!r}: {exc}")
        return None
    except FileNotFoundError:
        real = Path(os.path.realpath(c.folder / src.file))
        c.source_stamps.append((src.file, str(real), None))
        c.warnings.append(
            f"{path}:{line}: source {src.id!r}: file {src.file!r} not found "
            f"next to the fact file; its quotes are not verified"
        )
        return None
    except OSError as exc:
        c.problem(
            line, f"source {src.id!r}: file {src.file!r} cannot be read: {exc.strerror or exc}"
        )
        return None
    c.source_stamps.append((src.file, str(real), _stat_key(st)))
    return _checked_text(c, src, data, item)


def _checked_text(c: _Checker | None, src: Source, data: bytes, item: Any = None) -> str | None:
    """The text of a source's bytes, when they match its sha256 (if recorded) and are
    UTF-8; else None, and a problem when ``c`` is given."""
    if src.sha256:
        import hashlib

        digest = hashlib.sha256(data).hexdigest()
        if digest != src.sha256:
            if c is not None:
                c.problem(
                    item.lines["sha256"],
                    f"source {src.id!r}: {src.file} has sha256 {digest}, not the recorded one; "
                    "restore the original file or record the new digest",
                )
            return None  # its quotes are not checked against it: no oracle
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if c is not None:
            c.problem(item.lines["file"], f"source {src.id!r}: {src.file} is not UTF-8 text")
        return None


def source_text(
    base: FactBase, source_id: str, root: str | os.PathLike[str] | None = None
) -> str | None:
    """The text of a fact base's source for display (``show``'s context), read as the
    loader reads it: confined, bounded, its sha256 checked. None when it cannot be."""
    src = base.sources.get(source_id)
    if src is None or base.path == STDIN:
        return None
    try:
        folder = Path(base.source_folder(source_id))  # its fact file's, in a set of files
        _real, data, _st = read_source(folder, src.file, source_root(root))
    except (Refused, OSError):
        return None
    return _checked_text(None, src, data)


def _stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _themes(c: _Checker, items: list[Any]) -> list[Theme]:
    themes: list[Theme] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        rec = c.record(item, _THEME, f"theme {i + 1}")
        if rec is None:
            continue
        slug = rec["slug"]
        if not _ID.fullmatch(slug):
            c.problem(
                item.lines["slug"], f"theme {slug!r}: a slug is letters, digits, '-', '_' or '.'"
            )
            continue
        if slug in seen:
            c.problem(
                item.lines["slug"], f"theme {slug!r}: duplicate slug (first at line {seen[slug]})"
            )
            continue
        seen[slug] = item.lines["slug"]
        themes.append(Theme(slug, rec["name_zh"], rec["name_en"], rec.get("description_en", "")))
    return themes


class _Pending:
    """A fact checked on its own, waiting for the checks that need the whole file."""

    __slots__ = ("line", "lines", "ok", "period", "rec", "what")

    def __init__(
        self,
        rec: dict[str, Any],
        period: Any,
        lines: dict[str, int],
        line: int,
        what: str,
        ok: bool,
    ) -> None:
        self.rec, self.period, self.lines, self.line, self.what = rec, period, lines, line, what
        self.ok = ok  # False: it has problems already; checked further, never built


def _fact_alone(c: _Checker, item: Any, index: int) -> _Pending | None:
    """Everything that can be checked in one fact by itself (run while parsing)."""
    fid = item.get("id") if isinstance(item, dict) else None
    what = f"fact {fid!r}" if isinstance(fid, str) and fid else f"fact {index}"
    rec = c.record(item, _FACT, what)
    if rec is None:
        return None
    lines = item.lines
    n_before = len(c.problems)
    if not _ID.fullmatch(rec["id"]):
        c.problem(
            lines["id"], f"{what}: an id is letters, digits, '-', '_' or '.' (a readable slug)"
        )
    try:
        period = parse_edtf(rec["date"])
    except EdtfError as exc:
        c.problem(lines["date"], f"{what}: field 'date': {exc}")
        period = None
    if not rec["themes"]:
        c.problem(lines["themes"], f"{what}: field 'themes' needs at least one theme")
    if "date_text" in rec and "date_text_en" not in rec:
        c.problem(
            lines["date_text"],
            f"{what}: date_text {rec['date_text']!r} has no date_text_en; add its English "
            "(e.g. 十年来 -> over the past decade), shown with --lang en",
        )
    if rec["kind"] not in KINDS:
        c.problem(
            lines["kind"],
            f"{what}: kind {rec['kind']!r} is not one of {', '.join(KINDS)}"
            f"{_did_you_mean(rec['kind'], KINDS)}",
        )
    for n, fig in enumerate(rec.get("figures", ()), 1):
        if fig.value not in rec["quote"]:
            c.problem(
                lines["figures"],
                f"{what}: figure {n} value {fig.value!r} does not occur in the quote; "
                "write the number exactly as the quote does",
            )
    ok = len(c.problems) == n_before and period is not None
    return _Pending(rec, period, dict(lines), item.line, what, ok)


def _facts(
    c: _Checker, items: list[Any], sources: dict[str, Source], themes: set[str]
) -> list[Fact]:
    """The checks that need the whole file: ids, themes, sources, quotes."""
    facts: list[Fact] = []
    seen: dict[str, int] = {}
    texts = c.source_texts
    verified: set[tuple[str, str]] = set()  # (source, quote) pairs already found verbatim
    for pending in items:
        if not isinstance(pending, _Pending):
            continue
        rec, lines, what = pending.rec, pending.lines, pending.what
        n_before = len(c.problems)
        fid = rec["id"]
        if fid in seen:
            c.problem(
                lines["id"], f"{what}: duplicate id (first at line {seen[fid]}); ids must be unique"
            )
        else:
            seen[fid] = lines["id"]
        for t in rec["themes"]:
            if t not in themes:
                c.problem(
                    lines["themes"],
                    f"{what}: unknown theme {t!r}{_did_you_mean(t, sorted(themes))} "
                    f"(themes: {', '.join(sorted(themes))})",
                )
        src = sources.get(rec["source"])
        if src is None:
            c.problem(
                lines["source"],
                f"{what}: unknown source {rec['source']!r} (sources: {', '.join(sources) or 'none'})",
            )
        else:
            text = texts.get(src.id)
            key = (src.id, rec["quote"])
            if text is not None and key not in verified:
                if rec["quote"] in text:
                    verified.add(key)
                else:
                    c.problem(
                        lines["quote"],
                        f"{what}: quote is not verbatim in {src.file}: {_first_difference(rec['quote'], text)}",
                    )
        if len(c.problems) > n_before or not pending.ok:
            continue
        facts.append(
            Fact(
                id=fid,
                source=rec["source"],
                date=rec["date"],
                period=pending.period,
                date_text=rec.get("date_text"),
                date_basis=rec.get("date_basis"),
                themes=rec["themes"],
                tags=rec.get("tags", ()),
                kind=rec["kind"],
                summary_zh=rec["summary_zh"],
                summary_en=rec["summary_en"],
                quote=rec["quote"],
                figures=rec.get("figures", ()),
                section=rec.get("section", ""),
                subsection=rec.get("subsection", ""),
                date_text_en=rec.get("date_text_en"),
                known_until=src.published_date if src else None,
                line=pending.line,
            )
        )
    return facts


def _exclusions(
    c: _Checker, items: list[Any], sources: dict[str, Source], facts: list[Fact]
) -> tuple[Exclusion, ...]:
    """Sentences left out on purpose: each must be verbatim in a known source, leave
    out at least one sentence, and none that a fact quotes."""
    from .coverage import excluding, quoting, split_sentences

    out: list[Exclusion] = []
    for i, item in enumerate(items):
        rec = c.record(item, _EXCLUSION, f"exclusion {i + 1}")
        if rec is None:
            continue
        lines = item.lines
        what = f"exclusion {i + 1} ({rec['text'][:20]!r}…)"
        src = sources.get(rec["source"])
        if src is None:
            c.problem(
                lines["source"],
                f"{what}: unknown source {rec['source']!r} (sources: {', '.join(sources) or 'none'})",
            )
            continue
        text = c.source_texts.get(src.id)
        if text is not None and rec["text"] not in text:
            c.problem(
                lines["text"],
                f"{what}: text is not verbatim in {src.file}: {_first_difference(rec['text'], text)}",
            )
            continue
        out.append(Exclusion(src.id, rec["text"], rec["reason"], item.line))
    for sid in dict.fromkeys(e.source for e in out):  # in file order: messages come in order
        text = c.source_texts.get(sid)
        if text is None:
            continue  # the source file is missing: warned about already
        sentences = split_sentences(text)
        quoted = quoting(sentences, text, [f for f in facts if f.source == sid])
        mine = [e for e in out if e.source == sid]
        for e, hits in zip(mine, excluding(sentences, mine), strict=True):
            if not hits:
                c.problem(
                    e.line,
                    f"exclusion {e.text[:20]!r}…: matches no sentence of {sid!r}; its text must be "
                    "a whole sentence or the start of one ('zjtimeline coverage' lists them)",
                )
            for n in hits:
                if quoted[n]:
                    c.problem(
                        e.line,
                        f"exclusion {e.text[:20]!r}…: the sentence is quoted by "
                        f"{', '.join(quoted[n])}; drop the exclusion",
                    )
    return tuple(out)


def _first_difference(quote: str, text: str) -> str:
    """Where a quote stops matching the source, for a helpful message."""
    lo, hi = 0, len(quote)
    while lo < hi:  # longest prefix of the quote that occurs in the text
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return "its first character does not occur; copy the quote from the source"
    tail = quote[max(0, lo - 8) : lo]
    return f"it matches up to …{tail!r}, then differs at character {lo + 1} ({quote[lo]!r}); copy it from the source"
