"""The fast reader of plain block YAML against PyYAML's events, which it must match.

Whatever the fast reader accepts it must build exactly as the event walk does: the same
types, values, key order, each key's and item's line and each scalar's raw text. Anything
else it must leave to the event walk (give way), including every document PyYAML refuses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from zjtimeline import yamlsafe
from zjtimeline.yamlsafe import _GIVE_WAY, Map, Seq, YamlError, _Builder, _fast_load, load

ROOT = Path(__file__).resolve().parent.parent


def events(text: str | bytes, transform: dict[str, Any] | None = None) -> Any:
    """The document as the event walk builds it (PyYAML's parser), or YamlError."""
    parser = yaml.CSafeLoader(text)
    try:
        return _Builder(yaml, transform or {}).run(parser)
    except yaml.YAMLError as exc:
        raise YamlError(0, str(exc)) from None
    finally:
        parser.dispose()


def fast(text: str | bytes, transform: dict[str, Any] | None = None) -> Any:
    return _fast_load(text, _Builder(yaml, transform or {}))


def assert_same(a: Any, b: Any, where: str = "$") -> None:
    """Equal values of the same types, with the same lines and raw texts, all the way down."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, Map):
        assert list(a) == list(b), f"{where}: keys {list(a)} vs {list(b)}"
        assert (a.line, a.lines, a.raw) == (b.line, b.lines, b.raw), f"{where}: lines or raw"
        for key in a:
            assert_same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, Seq):
        assert len(a) == len(b), f"{where}: {len(a)} vs {len(b)} items"
        assert (a.line, a.lines, a.raw) == (b.line, b.lines, b.raw), f"{where}: lines or raw"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{where}[{i}]")
    else:
        assert a == b and repr(a) == repr(b), f"{where}: {a!r} vs {b!r}"


def check_agrees(text: str) -> bool:
    """The fast reader gives way or builds what the event walk builds; True when it read it."""
    result = fast(text)
    try:
        expected = events(text)
    except YamlError:
        assert result is _GIVE_WAY, f"fast reader accepted what PyYAML refuses: {text!r}"
        return False
    if result is _GIVE_WAY:
        return False
    assert_same(result, expected)
    return True


# ── Real fact files: read by the fast reader, built as the event walk builds them ──


def fact_files() -> list[Path]:
    files = [ROOT / "facts.yaml", *sorted((ROOT / "examples").rglob("*.yaml"))]
    assert len(files) >= 2
    return files


@pytest.mark.parametrize("path", fact_files(), ids=lambda p: p.name)
def test_real_fact_files_are_read_fast_and_the_same(path: Path) -> None:
    data = path.read_bytes()
    result = fast(data)
    assert result is not _GIVE_WAY, f"{path.name}: the fast reader gave way"
    assert_same(result, events(data))


def test_a_generated_archive_file_is_read_fast_and_the_same(tmp_path: Path) -> None:
    import subprocess
    import sys

    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate_archive.py"),
            "2",
            "30",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    for path in sorted(tmp_path.glob("*.yaml")):
        data = path.read_bytes()
        result = fast(data)
        assert result is not _GIVE_WAY
        assert_same(result, events(data))


# ── What the fast reader reads: the forms fact files are written in ──

READ_FAST = [
    "a: 1",
    "a: 1.50\nb: -3\nc: 0x1F\nd: 1_000",
    "a: true\nb: No\nc: ~\nd: null\ne:",
    "a: 2020-03-05\nb: 2020-03-05T10:00:00+08:00\nc: 2012-11-08/2022-09-30",
    "a: <<\nb: =",
    "a: text with spaces  # a comment\nb: 'single ''quoted'''\nc: \"double: quoted # not a comment\"",
    "a: [x, 2, '3, 4', \"five\", 1.5]\nb: []\nc: {}",
    "a: \"q\"  # a comment\nb: 'q' # another\nc: endsX # x\nd:\n  - ---",
    "a: {value: 八, unit: 个方面, label_en: it's a 'figure'}",
    'a: {value: "1,000", bound: 多}',
    "a:\n  - x\n  - 2\n  -   y  # c\n",
    "a:\n- x\n- y\nb: 1",
    "items:\n  - id: one\n    n: 1\n  -   id: two\n      n: 2\n  - plain\n  - [a, b]",
    "# a comment first\n\na:\n\n  # inside\n  b:\n    c: d\n  e: f\n# trailing",
    "a: 郏文纲, 马跃明\nb: 浙江:不是映射\nc: http://example.com/x#y",
    "a: '#not a comment'\nb: x#y\nc: -x\nd: ?x\ne: :x\nf: [-x, -1]",
    'a: ""\nb: \'\'\nc: " padded "',
    "top:\n  deep:\n    deeper:\n      - k: v\n        l:\n          - m",
]


@pytest.mark.parametrize("text", READ_FAST)
def test_forms_of_fact_files_are_read_fast_and_the_same(text: str) -> None:
    assert check_agrees(text), f"the fast reader gave way on {text!r}"


# ── What it leaves to PyYAML: everything outside that corner, and every error ──

GIVE_WAY = [
    "a: &x 1\nb: *x",  # anchors and aliases
    "a: !!str 12",  # tags
    "a: |\n  block\n",  # block scalars
    "a: >\n  folded\n",
    "a: plain\n  continued",  # a multi-line plain scalar
    "a:\n  plain on its own line",
    'a: "two\n  lines"',
    'a: "esc\\u00e9"',  # escapes
    "a:\tb",  # tabs
    "a: 1\rb: 2",  # other line breaks
    "a: 1\r\nb: 2\r",
    "a: x\u2028y",
    "\ufeffa: 1",
    "---\na: 1",  # document markers and directives
    "a: 1\n...\n",
    "%YAML 1.1\n---\na: 1",
    "a: 1\na: 2",  # a duplicate key
    "a: {b: 1, b: 2}",
    "? a\n: 1",  # complex keys
    '"a": 1',  # quoted keys
    "A: 1",  # keys outside lower-case words
    "yes: 1",  # keys that are not text
    "a: b: c",  # a mapping value where none may stand
    "a: b:",
    "- a\n- b",  # not a mapping at the top
    "just text",
    "a: [1, [2]]",  # nested flow
    "a: [1,\n  2]",  # flow over lines
    "a: [1, 2, ]",
    "a: [a:b]",
    "a: {b:1}",
    "a: [1] # comment",
    "a: []x",
    'a: "q" X',  # text after a quoted value
    "a: {}x",
    "a:\n  \u3000b: 1",  # an ideographic space is text to YAML, not indentation
    "a: 1\n---\nb: 2",
    "a: 1\n--- # c\n",
    "a:\n  - - x",  # nested sequences on one line
    "a:\n  -\n    b: c",  # an item on the next line
    "a:\n  b: 1\n c: 2",  # bad indentation
    "a:\n  b: 1\n    c: 2",
    "a: 1\n  b: 2",
    "a:\n  - x\n   - y",
    "a: - x",
    "a: @x",
    "a: `x",
    "a: 'open",
    'a: "x" y',
    "a: x\x07y",  # not printable
    "",
    "# only a comment",
    "  a: 1",  # an indented top level
]


@pytest.mark.parametrize("text", GIVE_WAY)
def test_outside_its_corner_it_gives_way(text: str) -> None:
    assert fast(text) is _GIVE_WAY
    check_agrees(text)  # and the public load still answers as PyYAML does


def test_windows_line_ends_are_read_fast_and_the_same() -> None:
    data = (ROOT / "facts.yaml").read_bytes().replace(b"\n", b"\r\n")
    result = fast(data)
    assert result is not _GIVE_WAY
    assert_same(result, events(data))


def test_a_file_over_the_fast_readers_size_streams_through_libyaml(monkeypatch) -> None:
    text = "a: 1\nb: [x, y]\n"
    monkeypatch.setattr(yamlsafe, "FAST_MAX_BYTES", len(text))
    assert fast(text) is not _GIVE_WAY  # a file of exactly the limit is read fast
    monkeypatch.setattr(yamlsafe, "FAST_MAX_BYTES", len(text) - 1)
    assert fast(text) is _GIVE_WAY
    assert load(text) == {"a": 1, "b": ["x", "y"]}


def test_not_utf8_bytes_give_way() -> None:
    assert fast(b"a: \xff") is _GIVE_WAY


def test_deep_nesting_gives_way_before_the_recursion_limit() -> None:
    text = "".join(f"{' ' * (2 * d)}k{d}:\n" for d in range(60)) + " " * 120 + "v: 1\n"
    assert fast(text) is _GIVE_WAY


def test_a_long_key_gives_way() -> None:
    assert fast("k" * 129 + ": 1") is _GIVE_WAY
    assert fast("k" * 128 + ": 1") is not _GIVE_WAY


def test_a_value_that_cannot_be_built_gives_way() -> None:
    # a plain scalar that resolves to a timestamp-like int the constructor refuses
    # is PyYAML's to report; the fast reader never raises
    for text in ("a: 0b2", "a: 0o9", "a: 1e"):
        check_agrees(text)


# ── Random documents from the pieces fact files and mistakes are made of ──

KEYS = st.sampled_from(["a", "id", "date", "facts", "x_1", "yes", "Key", "on", "b-c", "_"])
PLAIN = st.sampled_from(
    [
        "text", "中文 文本", "1", "1.50", "-3", "0x1F", "true", "No", "~", "null", "2020-03-05",
        "2020-03-05T10:00:00Z", "a: b", "a:", "a #c", "a#c", "-x", "- x", "x, y", "[x]", "{x}",
        "'q'", '"q"', "'it''s'", '"a, b"', "'open", "&a x", "*a", "!x", "|", ">", "%", "@",
        "[a, b]", "[a, 'b, c']", "[]", "{}", "{k: v}", "{k: 'v, w'}", "{k:v}", "[a, [b]]",
        "[a, ]", "[?x]", "?x", ":x", "? x", ": x", "'' ", '""', "x  # c", "两个15%", "it's", "=", "<<", "  ", "\t", "x\u2028",
    ]
)  # fmt: skip


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 12))):
        indent = " " * draw(st.sampled_from([0, 0, 0, 1, 2, 2, 2, 4, 4, 6]))
        shape = draw(st.sampled_from(["kv", "kv", "k", "item", "item_kv", "comment", "blank"]))
        key, value = draw(KEYS), draw(PLAIN)
        lines.append(
            {
                "kv": f"{indent}{key}: {value}",
                "k": f"{indent}{key}:",
                "item": f"{indent}- {value}",
                "item_kv": f"{indent}- {key}: {value}",
                "comment": f"{indent}# {value}",
                "blank": "",
            }[shape]
        )
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))


@st.composite
def nested(draw: st.DrawFn) -> str:
    """Well-formed nesting (mostly): maps, lists, compact maps in lists, lists as
    indented as their key, flow values, comments; scalars from PLAIN."""
    lines: list[str] = []

    def block(indent: int, depth: int) -> None:
        as_list = depth > 0 and draw(st.booleans())
        used: set[str] = set()
        for _ in range(draw(st.integers(1, 4))):
            pad = " " * indent
            if draw(st.integers(0, 9)) == 0:
                lines.append(pad + "# " + draw(PLAIN))
            if as_list:
                if depth < 4 and draw(st.booleans()):
                    key = draw(KEYS)
                    lines.append(f"{pad}- {key}: {draw(PLAIN)}")
                    for _ in range(draw(st.integers(0, 2))):
                        other = draw(KEYS)
                        if other != key:
                            lines.append(f"{pad}  {other}: {draw(PLAIN)}")
                            key = other
                else:
                    lines.append(f"{pad}- {draw(PLAIN)}")
                continue
            key = draw(KEYS)
            if key in used and draw(st.integers(0, 4)):
                continue
            used.add(key)
            if depth < 4 and draw(st.integers(0, 2)) == 0:
                lines.append(f"{pad}{key}:")
                block(indent + draw(st.sampled_from([0, 1, 2, 4])), depth + 1)
            else:
                lines.append(f"{pad}{key}: {draw(PLAIN)}")

    block(0, 0)
    return "\n".join(lines) + "\n"


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.one_of(documents(), nested()))
def test_random_documents_agree_or_give_way(text: str) -> None:
    check_agrees(text)


def test_the_random_documents_reach_the_fast_reader() -> None:
    """The property above would be vacuous if every document gave way: most must not."""
    from hypothesis import HealthCheck, find

    read = find(
        nested(),
        lambda t: t.count("\n") >= 6 and check_agrees(t),
        settings=settings(
            derandomize=True,
            database=None,
            deadline=None,
            max_examples=2000,
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert check_agrees(read)


# ── The transform, and giving way part-way ──


def test_transform_items_as_the_event_walk_does() -> None:
    text = "facts:\n  - id: a\n  - id: b\n  - plain\nother:\n  - id: c\n"
    seen_fast: list[Any] = []
    seen_events: list[Any] = []
    got = fast(text, {"facts": lambda item: seen_fast.append(item) or len(seen_fast)})
    want = events(text, {"facts": lambda item: seen_events.append(item) or len(seen_events)})
    assert_same(got, want)
    assert got["facts"] == [1, 2, 3]
    assert got["other"][0] == {"id": "c"}  # only the named top-level list is transformed
    for a, b in zip(seen_fast, seen_events, strict=True):
        assert_same(a, b)


def test_an_item_the_transform_turns_into_none_keeps_the_events_line() -> None:
    text = "facts:\n  - id: a\n    n: 1\n\n# end\n  - id: b\nx: 1\n"
    got = fast(text, {"facts": lambda item: None})
    want = events(text, {"facts": lambda item: None})
    assert_same(got, want)
    assert got["facts"].lines == [6, 7]  # where each mapping ended, as libyaml marks it


def test_a_flow_list_under_a_transformed_key_goes_to_the_event_walk() -> None:
    text = "facts: [a, b]\n"
    assert fast(text, {"facts": str.upper}) is _GIVE_WAY
    assert load(text, {"facts": str.upper}) == {"facts": ["A", "B"]}


def test_giving_way_part_way_starts_the_transform_afresh() -> None:
    """A fact file that leaves the fast corner after some facts (an anchor here): the
    event walk reads it all again with a fresh transform, so no fact is counted twice."""
    text = "facts:\n  - id: a\n  - id: b\n  - id: &x c\n"
    made: list[list[str]] = []

    def fresh() -> dict[str, Any]:
        seen: list[str] = []
        made.append(seen)
        return {"facts": lambda item: seen.append(item["id"]) or item["id"]}

    assert load(text, fresh) == {"facts": ["a", "b", "c"]}
    assert made == [["a", "b"], ["a", "b", "c"]]  # the fast attempt's state is dropped


def test_a_plain_mapping_transform_is_still_accepted() -> None:
    assert load("facts:\n  - 1\n  - 2\n", {"facts": lambda n: n * 10}) == {"facts": [10, 20]}


def test_the_loader_counts_every_fact_once_when_the_fast_reader_gives_way(
    tmp_path: Path,
) -> None:
    """End to end: a fact file with an anchor in its last fact loads with each fact
    checked once (a second check would report every id as a duplicate)."""
    from zjtimeline.loader import load as load_facts

    text = (ROOT / "facts.yaml").read_text(encoding="utf-8")
    text = text.replace("kind: context", "kind: &k context", 1)
    (tmp_path / "facts.yaml").write_text(text, encoding="utf-8")
    import shutil

    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    assert fast(text) is _GIVE_WAY
    base = load_facts(tmp_path / "facts.yaml", use_cache=False)
    assert len(base.facts) == len(load_facts(ROOT / "facts.yaml", use_cache=False).facts)


def test_yamlsafe_imports_no_more_than_before() -> None:
    assert not hasattr(yamlsafe, "yaml")  # PyYAML is imported inside load(), not at import


@pytest.mark.parametrize("word", ["yes", "no", "true", "false", "on", "off", "null"])
def test_keys_that_yaml_reads_as_booleans_or_null_give_way(word: str) -> None:
    """PyYAML turns these keys into True/False/None (then 'True'…); the fast reader leaves
    them to it, in block and flow mappings alike."""
    assert fast(f"{word}: 1") is _GIVE_WAY
    assert fast(f"a: {{{word}: 1}}") is _GIVE_WAY
    check_agrees(f"{word}: 1")


@pytest.mark.parametrize(
    "value",
    ["yes", "Yes", "no", "NO", "true", "True", "false", "FALSE", "on", "Off", "-1", "+1",
     "0", "7", "1.5", ".5", ".inf", "~", "null", "Null", "<<", "=", "0x1F", "2020-03-05"],
)  # fmt: skip
def test_values_a_resolver_reads_are_typed_as_pyyaml_types_them(value: str) -> None:
    """Every first character the implicit resolvers look at sends the value to them."""
    for text in (f"a: {value}", f"a: [{value}]", f"a: {{b: {value}}}", f"a:\n  - {value}"):
        assert check_agrees(text), text


def test_a_last_item_turned_into_none_ends_where_the_stream_ends() -> None:
    text = "facts:\n  - id: a\n  - id: b\n"
    got = fast(text, {"facts": lambda item: None})
    assert_same(got, events(text, {"facts": lambda item: None}))
    assert got["facts"].lines == [3, 4]


def test_a_scalar_item_keeps_its_own_line_whatever_the_transform_returns() -> None:
    text = "facts:\n  - a\n  - 'b'\n"
    got = fast(text, {"facts": lambda item: Seq(99)})
    assert_same(got, events(text, {"facts": lambda item: Seq(99)}))
    assert got["facts"].lines == [2, 3]
