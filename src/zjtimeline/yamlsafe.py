"""Read YAML into plain data that remembers where each key stood.

Only the standard YAML types are built (``safe``): any other tag is refused, never
constructed. Duplicate keys in a mapping are refused (PyYAML silently keeps the last).
Aliases are shared, not copied, so an alias bomb costs no more than its text. PyYAML
(with its C parser when available) is imported here and only here.
"""

from __future__ import annotations

from typing import Any

_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_AS_TEXT = frozenset({"tag:yaml.org,2002:timestamp"})
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


def load(text: str) -> Any:
    """Parse one YAML document into Map/Seq/scalars; raise :class:`YamlError`."""
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader_cls)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlError(0, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlError(0, _TOO_DEEP) from None
    if node is None:
        return None
    constructor = yaml.constructor.SafeConstructor()
    memo: dict[int, Any] = {}
    try:
        return _build(node, constructor, memo, yaml)
    except RecursionError:
        raise YamlError(node.start_mark.line + 1, _TOO_DEEP) from None


def _build(node: Any, constructor: Any, memo: dict[int, Any], yaml: Any) -> Any:
    key = id(node)
    if key in memo:
        return memo[key]
    line = node.start_mark.line + 1
    if node.tag not in _STANDARD_TAGS:
        raise YamlError(line, f"YAML tag {node.tag!r} is not allowed (only plain data)")
    if isinstance(node, yaml.ScalarNode):
        if node.tag in _AS_TEXT:  # dates stay as written: the loader reads them as EDTF
            value = node.value
        else:
            try:
                value = constructor.construct_object(node, deep=True)
            except (ValueError, yaml.YAMLError) as exc:
                raise YamlError(line, f"cannot read value {node.value[:40]!r}: {exc}") from None
        memo[key] = value
        return value
    if isinstance(node, yaml.SequenceNode):
        seq = Seq(line)
        memo[key] = seq
        for item in node.value:
            seq.append(_build(item, constructor, memo, yaml))
            seq.lines.append(item.start_mark.line + 1)
            seq.raw.append(item.value if isinstance(item, yaml.ScalarNode) else None)
        return seq
    mapping = Map(line)
    memo[key] = mapping
    for knode, vnode in node.value:
        kline = knode.start_mark.line + 1
        if not isinstance(knode, yaml.ScalarNode):
            raise YamlError(kline, "a mapping key must be plain text")
        if knode.tag == "tag:yaml.org,2002:merge" or knode.value == "<<":
            raise YamlError(kline, "merge keys ('<<') are not supported; write the fields out")
        k = str(_build(knode, constructor, memo, yaml))
        if k in mapping:
            raise YamlError(
                kline, f"duplicate key {k!r} (first at line {mapping.lines[k]}); keep one"
            )
        mapping[k] = _build(vnode, constructor, memo, yaml)
        mapping.lines[k] = kline
        if isinstance(vnode, yaml.ScalarNode):
            mapping.raw[k] = vnode.value
    return mapping
