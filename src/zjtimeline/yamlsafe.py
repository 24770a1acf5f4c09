"""Read YAML into plain data that remembers where each key stood.

Only the standard YAML types are built (``safe``): any other tag is refused, never
constructed. Duplicate keys in a mapping are refused (PyYAML silently keeps the last).
Aliases are shared, not copied, so an alias bomb costs no more than its text. PyYAML
(with its C parser when available) is imported here and only here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
# Kept as written: dates (the loader reads them as EDTF); a plain "=", which YAML 1.1
# reads as its "value" type (text to a person); and a plain "<<", which the builder then
# refuses as a merge key with its own message.
_AS_TEXT = frozenset(
    {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value", "tag:yaml.org,2002:merge"}
)
_STR = "tag:yaml.org,2002:str"
_NUMBERS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_MAX_NUMBER = 100  # characters: a longer unquoted "number" is kept as text
_MAX_DEPTH = 100
_MAX_ALIASED = 5_000_000
_TOO_DEEP = "nesting too deep for a fact file (a fact needs only a few levels)"


class YamlError(Exception):
    """A problem at a line of the YAML text (1-based; 0 when unknown)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class Map(dict):  # type: ignore[type-arg]
    """A mapping that knows its own line, each key's line and each scalar's raw text."""

    __slots__ = ("line", "lines", "raw")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}
        self.raw: dict[str, str] = {}


class Seq(list):  # type: ignore[type-arg]
    """A sequence that knows its own line and each item's line."""

    __slots__ = ("line", "lines", "raw")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: list[int] = []
        self.raw: list[str | None] = []


Transform = dict[str, Callable[[Any], Any]]


def load(data: str | bytes, transform: Transform | Callable[[], Transform] | None = None) -> Any:
    """Parse one YAML document into Map/Seq/scalars; raise :class:`YamlError`.

    Built straight from the text, never holding a node tree, so memory stays close to
    the size of the result. ``transform`` maps a top-level key to a function applied to
    each item of its list as soon as the item is complete (the loader turns each fact
    into a model object there, so raw mappings do not pile up).

    Plain block YAML, what fact files are written in, is read by a fast reader of its
    own; anything else (or anything it doubts) by PyYAML's parser, events walked one by
    one. When the fast reader gives way part-way, the transform functions will have
    seen some items already: pass ``transform`` as a function returning the mapping,
    and it is called again for a fresh one (its functions may keep state).
    """
    import yaml

    fresh = transform if callable(transform) else (lambda: transform or {})
    builder = _Builder(yaml, fresh())
    result = _fast_load(data, builder)
    if result is not _GIVE_WAY:
        return result
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    parser = loader_cls(data)
    try:
        return _Builder(yaml, fresh()).run(parser)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        began = exc.context_mark.line + 1 if exc.context_mark and exc.problem_mark else 0
        if began and exc.context:  # where the unfinished construct began, too
            problem += f", {exc.context} that began at line {began}"
        raise YamlError(line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlError(0, f"invalid YAML: {exc}") from None
    finally:
        parser.dispose()


_NO_KEY = object()


class _Builder:
    """Turns a stream of parser events into Map/Seq/scalars."""

    def __init__(self, yaml: Any, transform: dict[str, Callable[[Any], Any]]) -> None:
        self.yaml = yaml
        self.transform = transform
        self.resolver = yaml.resolver.Resolver()
        self.plain_tags: dict[str, str] = {}  # resolved tags of short plain scalars (keys)
        self.constructor = yaml.constructor.SafeConstructor()
        self.anchors: dict[str, Any] = {}
        self.sizes: dict[str, int] = {}  # values an anchor stands for, counted expanded
        self.aliased = 0  # values reached through aliases so far, counted expanded

    def run(self, parser: Any) -> Any:
        ev = self.yaml.events
        Scalar, Alias = ev.ScalarEvent, ev.AliasEvent
        SeqStart, MapStart = ev.SequenceStartEvent, ev.MappingStartEvent
        SeqEnd, MapEnd = ev.SequenceEndEvent, ev.MappingEndEvent
        DocStart, DocEnd = ev.DocumentStartEvent, ev.DocumentEndEvent
        # A frame: [container, pending key (maps), key line, transform for items,
        #           expanded size so far, anchor]
        stack: list[list[Any]] = []
        root: Any = None
        documents = 0
        get_event = parser.get_event
        while True:
            event = get_event()
            if event is None:
                break
            cls = type(event)
            line = event.start_mark.line + 1 if event.start_mark else 0
            if cls is Scalar:
                value, raw, size = self._scalar(event, line), event.value, 1
            elif cls is MapStart or cls is SeqStart:
                self._check_tag(event.tag, line)
                container: Any = Map(line) if cls is MapStart else Seq(line)
                if event.anchor:
                    self.anchors[event.anchor] = container
                fn = None
                if cls is SeqStart and len(stack) == 1 and stack[0][1] is not _NO_KEY:
                    fn = self.transform.get(str(stack[0][1]))
                stack.append([container, _NO_KEY, 0, fn, 0, event.anchor])
                if len(stack) > _MAX_DEPTH:
                    raise YamlError(line, _TOO_DEEP)
                continue
            elif cls is MapEnd or cls is SeqEnd:
                done = stack.pop()
                value, raw, size = done[0], None, done[4] + 1
                if done[5]:
                    self.sizes[done[5]] = size
            elif cls is Alias:
                if event.anchor not in self.anchors:
                    raise YamlError(line, f"unknown alias *{event.anchor}")
                value, raw = self.anchors[event.anchor], None
                size = self.sizes.get(event.anchor, 1)
                self.aliased += size
                if self.aliased > _MAX_ALIASED:
                    raise YamlError(
                        line,
                        f"aliases expand to more than {_MAX_ALIASED:,} values (an alias bomb?); "
                        "write the values out instead of nesting aliases",
                    )
            elif cls is DocStart:
                documents += 1
                if documents > 1:
                    raise YamlError(
                        line, "more than one YAML document; a fact file is one document"
                    )
                continue
            elif cls is DocEnd:
                continue
            else:  # stream start and end
                continue
            if not stack:
                root = value
                continue
            frame = stack[-1]
            frame[4] += size
            parent = frame[0]
            if type(parent) is Seq:
                if frame[3] is not None:
                    value = frame[3](value)
                parent.append(value)
                parent.lines.append(line if raw is not None else getattr(value, "line", line))
                parent.raw.append(raw)
            elif frame[1] is _NO_KEY:  # a key
                if raw is None:
                    raise YamlError(line, "a mapping key must be plain text")
                if raw == "<<" and event.tag is None and event.implicit[0]:
                    raise YamlError(
                        line, "merge keys ('<<') are not supported; write the fields out"
                    )
                key = str(value)
                if key in parent:
                    raise YamlError(
                        line, f"duplicate key {key!r} (first at line {parent.lines[key]}); keep one"
                    )
                frame[1], frame[2] = key, line
            else:  # a value
                key = frame[1]
                parent[key] = value
                parent.lines[key] = frame[2]
                if raw is not None:
                    parent.raw[key] = raw
                frame[1] = _NO_KEY
        return root

    def _check_tag(self, tag: str | None, line: int) -> None:
        if tag is not None and tag != "!" and tag not in _STANDARD_TAGS:
            raise YamlError(line, f"YAML tag {tag!r} is not allowed (only plain data)")

    def _scalar(self, event: Any, line: int) -> Any:
        value: str = event.value
        if event.anchor:
            pass  # registered below, once built
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:  # quoted: always text
                result: Any = value
            else:
                result = self._plain(value, line)
        else:
            self._check_tag(tag, line)
            result = value if tag == _STR else self._construct(tag, value, line)
        if event.anchor:
            self.anchors[event.anchor] = result
        return result

    def _plain(self, value: str, line: int) -> Any:
        """A plain (unquoted, untagged) scalar: its type as YAML 1.1 resolves it."""
        tag = self.plain_tags.get(value)
        if tag is None:  # resolution is a function of the text: keys resolve once
            tag = self.resolver.resolve(self.yaml.ScalarNode, value, (True, False))
            if len(value) <= 32:
                self.plain_tags[value] = tag
        return value if tag == _STR else self._construct(tag, value, line)

    def _construct(self, tag: str, value: str, line: int) -> Any:
        if tag in _AS_TEXT:  # dates stay as written: the loader reads them as EDTF
            return value
        if tag in _NUMBERS and (":" in value or len(value) > _MAX_NUMBER):
            # YAML 1.1 base 60 (1:59:59, gone from YAML 1.2) and huge numbers cost
            # quadratic time to build: kept as text, as written, for the loader to judge.
            return value
        if tag not in _STANDARD_TAGS:
            raise YamlError(line, f"YAML tag {tag!r} is not allowed (only plain data)")
        try:
            return self.constructor.construct_object(self.yaml.ScalarNode(tag, value), deep=True)
        except (ValueError, KeyError, self.yaml.YAMLError) as exc:  # KeyError: !!bool maybe
            raise YamlError(line, f"cannot read value {value[:40]!r}: {exc}") from None


# ----------------------------------------------------------------------------------------
# The fast reader: the plain block YAML that fact files are written in.
#
# libyaml's events cost most of a first run at archive scale (7 s of CPU per 100,000
# facts before a single fact is checked). Fact files use a small corner of YAML: block
# mappings and sequences, one-line plain or quoted scalars, one-line flow lists and
# mappings of those, and comments. This reader handles exactly that corner, builds the
# same Map/Seq/scalars the event walk builds (lines and raw text included), and gives
# way — returns _GIVE_WAY — at the first thing outside it (anchors, tags, block
# scalars, multi-line scalars, escapes, tabs, duplicate keys, any error), so the full
# parser has the last word on everything unusual. It never raises.
# ----------------------------------------------------------------------------------------

_GIVE_WAY = object()
# Characters the fast reader leaves to libyaml: tabs and other line breaks (YAML's
# indentation and line rules differ around them), a byte-order mark, and anything
# libyaml refuses as non-printable.
# (A class of what to find, not of what to allow: searching for a few characters is
# six times faster than checking every character against the printable ranges.)
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff\ufffe\uffff]")
# A key the fast reader accepts: lower-case words that resolve to text (not yes/no/null…).
_KEY = re.compile(r"([a-z_][a-z0-9_]*):(?: +|$)")
_KEY_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null"})
# First characters PyYAML's implicit resolvers look at (bool, int, float, null,
# timestamp, merge, value); any other first character makes a plain scalar text.
_RESOLVABLE = frozenset("yYnNtTfFoO-+0123456789.~<=")
# Plain scalars may not start with an indicator, but for a '-', '?' or ':' followed by
# a character that is not a space (-3, -x); see _plain_start.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# First characters after which a value is not simply text: indicators, quotes,
# brackets, and those the implicit resolvers look at.
_NOT_TEXT = _INDICATORS | _RESOLVABLE
_FLOW_BAD = re.compile("[][{}#:]")  # inside a flow scalar (the first character: _INDICATORS)
_QUOTED = object()
_MAX_FAST_DEPTH = 40


class _Fast:
    """One pass over the lines of a document in the plain block subset."""

    def __init__(self, text: str, builder: _Builder) -> None:
        self.builder = builder
        self.transform = builder.transform
        # (line number, indent, text) of every line that is not blank or a comment
        rows: list[list[Any]] = []
        add = rows.append
        for n, line in enumerate(text.split("\n"), 1):
            body = line.lstrip(" ")
            if body and body[0] != "#":
                add([n, len(line) - len(body), body.rstrip(" ")])
        self.rows = rows
        self.end_line = text.count("\n") + 1  # where the stream ends, as libyaml marks it

    def document(self) -> Any:
        rows = self.rows
        if not rows or rows[0][1] != 0:
            return _GIVE_WAY
        # (Document markers and directives need no check of their own: '---', '...' and
        # '%...' are no key, and no value may start with '%'.)
        value, i = self.block_map(0, 0, 1, top=True)
        if value is _GIVE_WAY or i != len(rows):
            return _GIVE_WAY
        return value

    def next_line(self, i: int) -> int:
        """The line of the token after row i-1 (libyaml's mark for a block's end)."""
        return self.rows[i][0] if i < len(self.rows) else self.end_line

    def block(self, i: int, col: int, depth: int, fn: Any = None) -> tuple[Any, int]:
        body = self.rows[i][2]
        if body[0] == "-" and (len(body) == 1 or body[1] == " "):
            return self.block_seq(i, col, depth, fn)
        return self.block_map(i, col, depth)

    def block_map(self, i: int, col: int, depth: int, top: bool = False) -> tuple[Any, int]:
        if depth > _MAX_FAST_DEPTH:
            return _GIVE_WAY, i
        rows = self.rows
        n = len(rows)
        m = Map(rows[i][0])
        lines, raws = m.lines, m.raw
        while i < n:
            row = rows[i]
            if row[1] != col:
                if row[1] > col:
                    return _GIVE_WAY, i  # a continuation line, or bad indentation
                break
            line, body = row[0], row[2]
            match = _KEY.match(body)
            if match is None:
                return _GIVE_WAY, i
            key = match.group(1)
            if key in m or key in _KEY_WORDS or len(key) > 128:
                return _GIVE_WAY, i  # (libyaml: a duplicate; not text; too long a key)
            rest = body[match.end() :]
            if rest and rest[0] not in _NOT_TEXT:  # plain text (most values): inline()'s rules
                cut = rest.find(" #")
                if cut >= 0:
                    rest = rest[:cut].rstrip(" ")
                if ": " in rest or rest[-1] == ":":
                    return _GIVE_WAY, i
                m[key] = raws[key] = rest
                lines[key] = line
                i += 1
                continue
            if not rest or rest[0] == "#":
                i += 1
                if i < n and rows[i][1] > col:
                    fn = self.transform.get(key) if top else None
                    value, i = self.block(i, rows[i][1], depth + 1, fn)
                elif (
                    i < n
                    and rows[i][1] == col
                    and rows[i][2][0] == "-"
                    and (len(rows[i][2]) == 1 or rows[i][2][1] == " ")
                ):  # a sequence as indented as its key
                    fn = self.transform.get(key) if top else None
                    value, i = self.block_seq(i, col, depth + 1, fn)
                else:
                    value = self.plain("", line)
                    raws[key] = ""
                if value is _GIVE_WAY:
                    return _GIVE_WAY, i
            else:
                if top and key in self.transform and rest[0] in "[{":
                    return _GIVE_WAY, i  # a flow list whose items the transform must see
                value, raw = self.inline(rest, line)
                if value is _GIVE_WAY:
                    return _GIVE_WAY, i
                if raw is not None:
                    raws[key] = raw
                i += 1
            m[key] = value
            lines[key] = line
        return m, i

    def block_seq(self, i: int, col: int, depth: int, fn: Any) -> tuple[Any, int]:
        if depth > _MAX_FAST_DEPTH:
            return _GIVE_WAY, i
        rows = self.rows
        n = len(rows)
        s = Seq(rows[i][0])
        while i < n:
            row = rows[i]
            line, indent, body = row
            if indent != col or body[0] != "-" or (len(body) > 1 and body[1] != " "):
                if indent > col:
                    return _GIVE_WAY, i
                break
            rest = body[1:].lstrip(" ")
            if not rest or rest[0] == "#" or rest == "-" or rest[:2] == "- ":
                return _GIVE_WAY, i  # a block on the next line, or a nested sequence
            if _KEY.match(rest):  # a mapping that starts on the dash's line
                row[1], row[2] = col + len(body) - len(rest), rest
                value, i = self.block_map(i, row[1], depth + 1)
                if value is _GIVE_WAY:
                    return _GIVE_WAY, i
                raw = None
                end = self.next_line(i)
            else:
                value, raw = self.inline(rest, line)
                if value is _GIVE_WAY:
                    return _GIVE_WAY, i
                i += 1
                if i < n and rows[i][1] > col:
                    return _GIVE_WAY, i  # a continuation line
                end = line
            if fn is not None:
                value = fn(value)
            s.append(value)
            s.lines.append(line if raw is not None else getattr(value, "line", end))
            s.raw.append(raw)
        return s, i

    def inline(self, text: str, line: int) -> tuple[Any, str | None]:
        """A value written on its key's (or dash's) line: (value, raw text or None)."""
        first = text[0]
        if first == '"' or first == "'":
            value, end = self.quoted(text, 0)
            if value is None:
                return _GIVE_WAY, None
            after = text[end:]
            if after and not (after[0] == " " and after.lstrip(" ")[:1] in ("", "#")):
                return _GIVE_WAY, None
            return value, value
        if first == "[" or first == "{":
            return self.flow(text, line), None
        if first in _INDICATORS and not _plain_start(text):
            return _GIVE_WAY, None
        cut = text.find(" #")
        if cut >= 0:
            text = text[:cut].rstrip(" ")
        if ": " in text or text[-1] == ":":
            return _GIVE_WAY, None
        return self.plain(text, line), text

    @staticmethod
    def quoted(text: str, start: int) -> tuple[str | None, int]:
        """A one-line quoted scalar at text[start]: (its text, the index after it)."""
        quote = text[start]
        if quote == '"':
            end = text.find('"', start + 1)
            if end < 0 or "\\" in text[start + 1 : end]:
                return None, 0  # escapes, or a scalar that goes on: libyaml's
            return text[start + 1 : end], end + 1
        parts = []
        j = start + 1
        while True:
            end = text.find("'", j)
            if end < 0:
                return None, 0
            parts.append(text[j:end])
            if text[end + 1 : end + 2] != "'":
                return "'".join(parts), end + 1
            j = end + 2

    def flow(self, text: str, line: int) -> Any:
        """A one-line flow sequence of scalars, or flow mapping of key: scalar."""
        close = "]" if text[0] == "[" else "}"
        container: Any = Seq(line) if close == "]" else Map(line)
        if text[-1] == close:
            found = self.flow_plain(text[1:-1], container, line)
            if found is not _QUOTED:
                return found
            container = Seq(line) if close == "]" else Map(line)
        i, n = 1, len(text)
        while True:
            while i < n and text[i] == " ":
                i += 1
            if i >= n:
                return _GIVE_WAY
            if text[i] == close and not container:
                i += 1
                break
            key = None
            if close == "}":
                match = _KEY.match(text, i)
                if match is None or match.end() == match.start() + len(match.group(1)) + 1:
                    return _GIVE_WAY  # no space after the colon
                key = match.group(1)
                if key in container or key in _KEY_WORDS:
                    return _GIVE_WAY
                i = match.end()
            if i >= n:
                return _GIVE_WAY
            if text[i] == '"' or text[i] == "'":
                value, i = self.quoted(text, i)
                if value is None:
                    return _GIVE_WAY
                raw: str = value
                result: Any = value
            else:
                j = i
                while j < n and text[j] != "," and text[j] != close:
                    j += 1
                raw = text[i:j].rstrip(" ")
                result = self.flow_scalar(raw, line)
                if result is _GIVE_WAY:
                    return _GIVE_WAY
                i = j
            while i < n and text[i] == " ":
                i += 1
            _add(container, key, result, raw, line)
            if i < n and text[i] == ",":
                i += 1
                continue
            if i < n and text[i] == close:
                i += 1
                break
            return _GIVE_WAY
        if text[i:].strip(" "):
            return _GIVE_WAY  # anything after the closing bracket (a comment included)
        return container

    def flow_plain(self, inner: str, container: Any, line: int) -> Any:
        """The inside of a one-line flow collection, split on commas; _QUOTED when an
        item is quoted (a comma may stand inside it)."""
        if not inner.strip(" "):
            return container
        is_map = type(container) is Map
        for part in inner.split(","):
            key = None
            if is_map:
                match = _KEY.match(part.lstrip(" "))
                if match is None or not match.group(0).endswith(" "):
                    return _GIVE_WAY  # no space after the colon
                key = match.group(1)
                if key in container or key in _KEY_WORDS:
                    return _GIVE_WAY
                part = part.lstrip(" ")[match.end() :]
            raw = part.strip(" ")
            if raw[:1] in ("'", '"'):
                return _QUOTED
            value = self.flow_scalar(raw, line)
            if value is _GIVE_WAY:
                return _GIVE_WAY
            _add(container, key, value, raw, line)
        return container

    def flow_scalar(self, raw: str, line: int) -> Any:
        """An unquoted item of a flow collection, or _GIVE_WAY when not plain text there."""
        if (
            not raw
            or (raw[0] in _INDICATORS and not _plain_start(raw, flow=True))
            or _FLOW_BAD.search(raw) is not None
        ):
            return _GIVE_WAY
        return self.plain(raw, line)

    def plain(self, text: str, line: int) -> Any:
        if not text or text[0] in _RESOLVABLE:
            try:
                return self.builder._plain(text, line)
            except YamlError:
                return _GIVE_WAY
        return text


def _add(container: Any, key: str | None, value: Any, raw: str, line: int) -> None:
    """An item of a flow collection, with its line and raw text."""
    if key is None:
        container.append(value)
        container.lines.append(line)
        container.raw.append(raw)
    else:
        container[key] = value
        container.lines[key] = line
        container.raw[key] = raw


def _plain_start(text: str, flow: bool = False) -> bool:
    """An indicator that may begin a plain scalar: '-' (and outside flow collections,
    '?' or ':') before a character that is not a space."""
    return text[0] in ("-" if flow else "-?:") and len(text) > 1 and text[1] != " "


#: The fast reader holds a document's lines at once (about five times the file's size);
#: a larger file streams through libyaml's events, as it did before (a 100,000-fact
#: file of 105 MB peaks at 0.7 GiB that way, 1.2 GiB the fast way).
FAST_MAX_BYTES = 16 << 20


def _fast_load(data: str | bytes, builder: _Builder) -> Any:
    """The document read by the fast reader, or _GIVE_WAY."""
    if len(data) > FAST_MAX_BYTES:
        return _GIVE_WAY
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return _GIVE_WAY
    else:
        text = data
    if "\r" in text:  # Windows line ends read as YAML reads them; a lone CR gives way
        text = text.replace("\r\n", "\n")
    if _UNUSUAL.search(text):
        return _GIVE_WAY
    try:
        return _Fast(text, builder).document()
    except RecursionError:
        return _GIVE_WAY
