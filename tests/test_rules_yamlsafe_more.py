"""yamlsafe, more rules: the fast reader's edges (depth, whitespace that is not YAML's,
comments, escapes) and the line a reader error is reported at."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from zjtimeline.yamlsafe import (
    _GIVE_WAY,
    _MAX_DEPTH,
    _TOO_DEEP,
    YamlError,
    _Builder,
    _fast_load,
    load,
)


def fast(text: str, transform: dict[str, Any] | None = None) -> Any:
    return _fast_load(text, _Builder(yaml, transform or {}))


def nested_lists_of_maps(levels: int) -> str:
    """'k:' holding a list whose one item is a mapping holding a list…, `levels` lists deep;
    the innermost list holds 'v'."""
    rows = ["k:"]
    for k in range(levels - 1):
        rows.append(f"{' ' * (2 * k)}- a{k}:")
    rows.append(f"{' ' * (2 * (levels - 1))}- v")
    return "\n".join(rows) + "\n"


def unwrap(value: Any, levels: int) -> Any:
    value = value["k"]
    for k in range(levels - 1):
        value = value[0][f"a{k}"]
    return value


def test_lists_of_maps_forty_deep_are_read_fast() -> None:
    """The fast reader's depth limit is 40: the twentieth list, inside nineteen item
    mappings, stands at depth 40 and is still read fast, each mapping one level deeper."""
    text = nested_lists_of_maps(20)
    got = fast(text)
    assert got is not _GIVE_WAY
    assert unwrap(got, 20) == ["v"]
    assert got == load(text)
    assert fast(nested_lists_of_maps(21)) is _GIVE_WAY  # one list more: depth 42


def test_lists_of_maps_nested_too_deep_are_refused() -> None:
    """A mapping inside a list item counts a level of nesting, so a deep list-of-maps
    chain reaches the event walk's limit instead of being read fast."""
    levels = _MAX_DEPTH // 2 + 10
    with pytest.raises(YamlError) as err:
        load(nested_lists_of_maps(levels))
    assert err.value.message == _TOO_DEEP


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("k:\n- \xa0x\n", {"k": ["\xa0x"]}),  # a no-break space is text, not YAML space
        ("k:\n- Xmas\n", {"k": ["Xmas"]}),
        ("k:\n- a\xa0 # c\n", {"k": ["a\xa0"]}),
        ("k:\n- a # one # two\n", {"k": ["a"]}),  # the comment starts at the first ' #'
        ("k:\n- 1 # one # two\n", {"k": [1]}),
        ("k: 1 # one # two\n", {"k": 1}),
        ('k: "\\tx"\n', {"k": "\tx"}),  # an escape right after the quote
        ('k:\n- "\\u0041"\n', {"k": ["A"]}),
    ],
)
def test_fast_reader_edges_read_as_pyyaml_reads_them(text: str, value: Any) -> None:
    assert load(text) == value


def test_a_no_break_space_after_a_quoted_value_is_refused() -> None:
    """YAML's spaces are ' ' and tab only: text after a quoted value is an error."""
    with pytest.raises(YamlError) as err:
        load('k: "x" \xa0\n')
    assert err.value.line == 1
    assert err.value.message.startswith("invalid YAML: did not find expected key")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a: \xff\n", "invalid leading UTF-8 octet"),
        ("a: \x01\n", "control characters are not allowed"),
    ],
)
def test_a_reader_error_has_no_line(data: str | bytes, message: str) -> None:
    """libyaml's reader errors carry an offset, not a line: reported at line 0 (unknown)."""
    with pytest.raises(YamlError) as err:
        load(data)
    assert err.value.line == 0
    assert err.value.message.startswith("invalid YAML: unacceptable character")
    assert message in err.value.message


def test_a_hundred_digit_number_is_still_a_number() -> None:
    assert load("a: " + "1" * 100) == {"a": int("1" * 100)}
    assert load("a: " + "1" * 101) == {"a": "1" * 101}  # longer: kept as text


def test_a_flow_item_turned_into_text_keeps_its_line() -> None:
    got = load("k:\n- {a: b}\n- [c]\n", {"k": lambda item: "x"})
    assert got == {"k": ["x", "x"]}
    assert got["k"].lines == [2, 3]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("k: a # one # two\n", {"k": "a"}),  # a mapping's plain text: the first ' #'
        ("k: a\xa0 # c\n", {"k": "a\xa0"}),  # a no-break space before the comment stays
        ("k: a  # c\n", {"k": "a"}),  # spaces before the comment go, from the right
        ("k:\n- aX # c\n", {"k": ["aX"]}),  # only spaces go before a comment, not 'X'
        ("k:\n- A:\n", {"k": [{"A": None}]}),  # a trailing colon makes a mapping
        ("k:\n-\n", {"k": [None]}),  # a lone dash as indented as its key: an empty item
        ("k:\n-\nj: 1\n", {"k": [None], "j": 1}),
    ],
)
def test_block_values_read_as_pyyaml_reads_them(text: str, value: Any) -> None:
    got = load(text)
    assert got == value
    assert repr(got) == repr(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("k: # c\n", {"k": None}),
        ("k: # c\n  a: 1\n", {"k": {"a": 1}}),
        ("k: # c\n- a\n", {"k": ["a"]}),
    ],
)
def test_a_comment_after_a_key_is_read_fast(text: str, value: Any) -> None:
    got = fast(text)
    assert got is not _GIVE_WAY
    assert got == value
    assert got == load(text)


def nested_maps(levels: int) -> str:
    """`levels` mappings, each the value of the one before's only key; the last holds v: 1."""
    rows = [f"{' ' * (2 * k)}a{k}:" for k in range(levels - 1)]
    rows.append(f"{' ' * (2 * (levels - 1))}v: 1")
    return "\n".join(rows) + "\n"


def test_maps_forty_deep_are_read_fast() -> None:
    """Each mapping under a key is one level deeper: forty are read fast, not forty-one."""
    got = fast(nested_maps(40))
    assert got is not _GIVE_WAY
    value = got
    for k in range(39):
        value = value[f"a{k}"]
    assert value == {"v": 1}
    assert got == load(nested_maps(40))
    assert fast(nested_maps(41)) is _GIVE_WAY


def test_a_transform_sees_only_the_top_lists_items() -> None:
    """A key named like a transformed list, but nested, is left as it is, even when its
    list stands as indented as the key."""
    text = "x:\n  k:\n  - a\nk:\n- b\n"
    got = load(text, {"k": str.upper})
    assert got == {"x": {"k": ["a"]}, "k": ["B"]}
    assert fast(text, {"k": str.upper}) == got


def test_a_nested_key_starting_with_x_keeps_its_x() -> None:
    # the fast reader measures indentation by spaces alone (a mutant stripping other
    # characters read this as {"b": {"y": 1}})
    assert load("b:\n  Xy: 1\n") == {"b": {"Xy": 1}}


def test_spaces_after_a_value_are_not_part_of_it() -> None:
    assert load("a: a \nb: c   \n") == {"a": "a", "b": "c"}
