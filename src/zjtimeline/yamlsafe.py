"""Read YAML into plain data that remembers where each key stood.

Only the standard YAML types are built (``safe``): any other tag is refused, never
constructed. Duplicate keys in a mapping are refused (PyYAML silently keeps the last).
Aliases are shared, not copied, so an alias bomb costs no more than its text. PyYAML
(with its C parser when available) is imported here and only here.
"""

from __future__ import annotations

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


def load(data: str | bytes, transform: dict[str, Callable[[Any], Any]] | None = None) -> Any:
    """Parse one YAML document into Map/Seq/scalars; raise :class:`YamlError`.

    Built straight from parser events, never holding a node tree, so memory stays
    close to the size of the result. ``transform`` maps a top-level key to a function
    applied to each item of its list as soon as the item is complete (the loader
    turns each fact into a model object there, so raw mappings do not pile up).
    """
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    parser = loader_cls(data)
    try:
        return _Builder(yaml, transform or {}).run(parser)
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
                tag = self.plain_tags.get(value)
                if tag is None:  # resolution is a function of the text: keys resolve once
                    tag = self.resolver.resolve(self.yaml.ScalarNode, value, (True, False))
                    if len(value) <= 32:
                        self.plain_tags[value] = tag
                result = value if tag == _STR else self._construct(tag, value, line)
        else:
            self._check_tag(tag, line)
            result = value if tag == _STR else self._construct(tag, value, line)
        if event.anchor:
            self.anchors[event.anchor] = result
        return result

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
