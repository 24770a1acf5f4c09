"""yamlsafe's fast reader on one-line flow collections, rule by rule: where the comma
split reads them, where the character loop (a quoted item) reads them, and where both
give way to PyYAML, whose answer the public load() then gives."""

from __future__ import annotations

import pytest

from zjtimeline.yamlsafe import _GIVE_WAY, YamlError, load

from .test_yaml_fast import assert_same, events, fast


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the comma split (no quoted item)
        ("a: [\u3000]", ["\u3000"]),  # an ideographic space is text to YAML, not blank
        ("a: [X]", ["X"]),
        ("a: [x, y\u3000]", ["x", "y\u3000"]),  # only spaces are trimmed from an item
        ("a: [\u3000y, x]", ["\u3000y", "x"]),
        ("a: [aX, Xb]", ["aX", "Xb"]),
        ("a: {a: 1,  b: 2}", {"a": 1, "b": 2}),  # more spaces after the comma than the colon
        ("a: {a: 1,   b:  2}", {"a": 1, "b": 2}),
        # the character loop (a quoted item)
        ("a: ['q', x ]", ["q", "x"]),
        ("a: ['q', x\u3000]", ["q", "x\u3000"]),
        ("a: ['q', aX]", ["q", "aX"]),
        ("a: ['a' , b]", ["a", "b"]),  # spaces between a quoted item and its comma
        ("a: ['a'  , b ,c]", ["a", "b", "c"]),
        ("a: [ 'a' ]", ["a"]),
        ("a: ['a',bc]", ["a", "bc"]),  # no space after the comma
        ("a: ['a',bc,'d',ef]", ["a", "bc", "d", "ef"]),
        ("a: {k: 'v' , l: w}", {"k": "v", "l": "w"}),
    ],
)
def test_flow_collections_are_read_fast_and_as_pyyaml_reads_them(text: str, value: object) -> None:
    got = fast(text)
    assert got is not _GIVE_WAY, f"the fast reader gave way on {text!r}"
    assert_same(got, events(text))
    assert got == {"a": value}
    assert load(text) == {"a": value}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: {\u3000k: v}", {"\u3000k": "v"}),  # a key starting with an ideographic space
        ("a: {Xk: v}", {"Xk": "v"}),  # a key outside lower-case words
        ("a: {k: 'v', yes: 1}", {"k": "v", "True": 1}),  # a key YAML reads as a boolean
        ("a: {k: 'v', 'q': 1}", {"k": "v", "q": 1}),  # a quoted key after a quoted value
        ("a: ['1', 2, ]", ["1", 2]),  # a trailing comma, quoted item or not
        ("a: [1, 2, ]", [1, 2]),
        ("a: {k: 'v', }", {"k": "v"}),
    ],
)
def test_flow_collections_outside_the_corner_give_way_and_load_as_pyyaml(
    text: str, value: object
) -> None:
    assert fast(text) is _GIVE_WAY
    assert load(text) == {"a": value}


@pytest.mark.parametrize(
    "text",
    [
        "a: ['a']X",  # one character after the closing bracket
        "a: ['a']\u3000",  # an ideographic space after it
        "a: [a]\u3000",
        "a: {K: 1}x",  # text after a flow mapping whose key the fast reader refuses
        "a: {k: 'v', b:",  # a key at the very end of the line
        "a: {k: 'v', k: 'w'}",  # a duplicate key after a quoted value
    ],
)
def test_flow_collections_pyyaml_refuses_give_way_and_load_refuses(text: str) -> None:
    assert fast(text) is _GIVE_WAY
    with pytest.raises(YamlError):
        load(text)
