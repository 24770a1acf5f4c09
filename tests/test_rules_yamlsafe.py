"""yamlsafe rule by rule: which types are built, which tags refused, the limits (depth,
aliases, documents), keys, and the lines and raw text it remembers."""

from __future__ import annotations

import pytest

from zjtimeline.yamlsafe import _MAX_DEPTH, Map, Seq, YamlError, load


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: 1", {"a": 1}),
        ("a: 1.5", {"a": 1.5}),
        ("a: 0x1F", {"a": 31}),
        ("a: true", {"a": True}),
        ("a: null", {"a": None}),
        ("a: ~", {"a": None}),
        ("a:", {"a": None}),
        ("a: text", {"a": "text"}),
        ("a: '12'", {"a": "12"}),
        ('a: "true"', {"a": "true"}),
        ("a: !!str 12", {"a": "12"}),
        ("a: !!int '12'", {"a": 12}),
        ("a: !!null ''", {"a": None}),
        ("a: 2020-03-05", {"a": "2020-03-05"}),  # a date stays as written
        ("a: 2020-03-05T10:00:00Z", {"a": "2020-03-05T10:00:00Z"}),
        ("a: !!timestamp 2020-03-05", {"a": "2020-03-05"}),
        ("a: <<", {"a": "<<"}),  # a value "<<" is text
        ("a: =", {"a": "="}),  # so is "=" (YAML 1.1's "value" type)
        ("=: 1", {"=": 1}),
        ("a: ! text", {"a": "text"}),
        ('"<<": 1', {"<<": 1}),  # a quoted key "<<" is not a merge
        ("a: [1, {b: c}]", {"a": [1, {"b": "c"}]}),
        ("a: !!seq [1]", {"a": [1]}),
        ("a: !!map {b: 1}", {"a": {"b": 1}}),
        ("a: ! [1]", {"a": [1]}),
        ("a: &x [1]\nb: *x", {"a": [1], "b": [1]}),
        ("a: &x v\nb: *x", {"a": "v", "b": "v"}),
        ("- 1\n- 2", [1, 2]),
        ("just text", "just text"),
        ("", None),
        ("--- 1\n...", 1),
        (b"a: \xe4\xb8\xad", {"a": "中"}),
    ],
)
def test_plain_data_is_built(text: str | bytes, value: object) -> None:
    assert load(text) == value


def test_aliases_are_shared_not_copied() -> None:
    doc = load("a: &x [1, 2]\nb: *x")
    assert doc["a"] is doc["b"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "a: !!python/name:os.system",
            1,
            "YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed (only plain data)",
        ),
        ("a: 1\nb: !custom [1]", 2, "YAML tag '!custom' is not allowed (only plain data)"),
        ("a: !custom {b: 1}", 1, "YAML tag '!custom' is not allowed (only plain data)"),
        (
            "a: !!binary aGk=",
            1,
            "YAML tag 'tag:yaml.org,2002:binary' is not allowed (only plain data)",
        ),
        ("a: !!set {b: 1}", 1, "YAML tag 'tag:yaml.org,2002:set' is not allowed (only plain data)"),
        ("a: !!merge <<", 1, "YAML tag 'tag:yaml.org,2002:merge' is not allowed (only plain data)"),
        ("a: !!value =", 1, "YAML tag 'tag:yaml.org,2002:value' is not allowed (only plain data)"),
        ("a: 1\nb: 0x_", 2, "cannot read value '0x_': invalid literal for int() with base 16"),
        ("a: !!bool maybe", 1, "cannot read value 'maybe': 'maybe'"),
        (
            "a: !!int 1.5",
            1,
            "cannot read value '1.5': invalid literal for int() with base 10: '1.5'",
        ),
        ("a: !!float " + "x" * 50, 1, "cannot read value '" + "x" * 40 + "': could not convert"),
        ("x: 1\n<<: {a: 1}", 2, "merge keys ('<<') are not supported; write the fields out"),
        (
            "a: &x {b: 1}\nc:\n  <<: *x",
            3,
            "merge keys ('<<') are not supported; write the fields out",
        ),
        ("a: 1\nb: *nope", 2, "unknown alias *nope"),
        ("--- 1\n--- 2", 2, "more than one YAML document; a fact file is one document"),
        ("[a]: 1", 1, "a mapping key must be plain text"),
        ("? {a: 1}\n: 1", 1, "a mapping key must be plain text"),
        ("a: 1\nb: 2\na: 3", 3, "duplicate key 'a' (first at line 1); keep one"),
        ("a:\n  b: 1\n  b: 2", 3, "duplicate key 'b' (first at line 2); keep one"),
        ("a: [1,\n", 2, "invalid YAML: "),
        ("a: 'x\n", 2, "invalid YAML: "),
    ],
)
def test_refused_with_line_and_reason(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlError) as info:
        load(text)
    assert info.value.line == line
    assert info.value.message.startswith(message), info.value.message
    assert str(info.value) == info.value.message


def test_depth_limit() -> None:
    ok = "a: " + "[" * (_MAX_DEPTH - 1) + "]" * (_MAX_DEPTH - 1)
    assert load(ok) is not None
    with pytest.raises(YamlError) as info:
        load("a: " + "[" * _MAX_DEPTH + "]" * _MAX_DEPTH)
    assert info.value.message == "nesting too deep for a fact file (a fact needs only a few levels)"
    assert info.value.line == 1
    deep_lines = "a:\n" + "".join("  " * i + "- \n" for i in range(1, 4))
    assert load(deep_lines) is not None


def bomb(levels: int, width: int = 10) -> str:
    lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_at_once() -> None:
    with pytest.raises(YamlError) as info:
        load(bomb(9))
    assert info.value.message == (
        "aliases expand to more than 5,000,000 values (an alias bomb?); write the values out "
        "instead of nesting aliases"
    )
    assert info.value.line == 7  # the level whose aliases pass the limit


def test_aliases_below_the_limit_are_fine() -> None:
    doc = load(bomb(6))  # 10**6 leaves, expanded: under the limit
    assert len(doc["a5"]) == 10 and doc["a5"][0] is doc["a4"]


def test_sizes_count_every_value_containers_too() -> None:
    # 21 levels of two aliases: 4,194,300 scalars through aliases, 8,388,560 values
    # when the lists themselves count, as they must (each costs memory when expanded)
    with pytest.raises(YamlError, match="alias bomb"):
        load(bomb(21, 2))
    assert load(bomb(20, 2)) is not None


def test_lines_and_raw_text_are_remembered() -> None:
    doc = load("a: 1.50\nb:\n  - x\n  - 2.0\n  - {c: 1}\nd: 'q'\n")
    assert isinstance(doc, Map) and doc.line == 1
    assert doc.lines == {"a": 1, "b": 2, "d": 6}
    assert doc.raw == {"a": "1.50", "d": "q"}
    seq = doc["b"]
    assert isinstance(seq, Seq) and seq.line == 3
    assert seq.lines == [3, 4, 5]
    assert seq.raw == ["x", "2.0", None]
    assert doc["b"][2].line == 5


def test_transform_applies_to_items_of_top_level_lists_only() -> None:
    seen = []

    def each(item):
        seen.append(item)
        return ("done", item)

    doc = load(
        "facts:\n  - 1\n  - [2]\nother:\n  - 3\nnested:\n  facts:\n    - 4\n", {"facts": each}
    )
    assert doc["facts"] == [("done", 1), ("done", [2])]
    assert doc["other"] == [3] and doc["nested"] == {"facts": [4]}
    assert seen == [1, [2]]


def test_transform_not_applied_to_a_top_level_sequence() -> None:
    assert load("- 1\n- 2", {"facts": lambda x: 0}) == [1, 2]


def test_error_carries_line_and_message() -> None:
    e = YamlError(3, "bad")
    assert (e.line, e.message, str(e)) == (3, "bad", "bad")


@pytest.mark.parametrize("text", ["a: 1:20", "a: -1:20:30", "a: 190:20:30.5", "a: [1:20]"])
def test_yaml_11_base_60_numbers_are_kept_as_written(text: str) -> None:
    """YAML 1.1 reads 1:20 as 80 (base 60, gone from YAML 1.2): surprising in a fact file
    and slow to build when long, so it is kept as the text it is."""
    got = load(text)["a"]
    assert (got[0] if isinstance(got, list) else got) == text.split(": ", 1)[1].strip("[]")


def test_aliases_may_expand_to_exactly_the_limit_and_not_one_more(monkeypatch) -> None:
    from zjtimeline import yamlsafe

    monkeypatch.setattr(yamlsafe, "_MAX_ALIASED", 6)
    anchored = "a: &x [1, 2]\n"  # three values: the list and its two items
    assert load(anchored + "b: *x\nc: *x\n")["c"] == [1, 2]  # 6 values through aliases
    with pytest.raises(YamlError, match="aliases expand to more than 6 values") as info:
        load(anchored + "b: *x\nc: *x\nd: *x\n")
    assert info.value.line == 4


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        # a problem alone (no context): the problem is the message
        ("a: b: c", 1, "invalid YAML: mapping values are not allowed in this context"),
        ("a: -", 1, "invalid YAML: block sequence entries are not allowed in this context"),
        # a problem in a context: the problem, then where the context began
        (
            "a: 1\n}",
            2,
            "invalid YAML: did not find expected key, while parsing a block mapping"
            " that began at line 1",
        ),
    ],
)
def test_parser_errors_give_the_problem_then_its_context(
    text: str, line: int, message: str
) -> None:
    with pytest.raises(YamlError) as info:
        load(text)
    assert (info.value.line, info.value.message) == (line, message)


@pytest.mark.parametrize(
    ("text", "value"),
    [("a: [-]", {"a": ["-"]}), ("a: {b: -}", {"a": {"b": "-"}}), ("a: [x, -]", {"a": ["x", "-"]})],
)
def test_a_lone_dash_in_a_flow_collection_is_text(text: str, value: object) -> None:
    # '-' before nothing may not start a plain scalar for the fast reader: it gives way
    assert load(text) == value


def test_an_alias_to_a_scalar_counts_one_value(monkeypatch) -> None:
    from zjtimeline import yamlsafe

    monkeypatch.setattr(yamlsafe, "_MAX_ALIASED", 2)
    anchored = "a: &x v\nb: *x\nc: *x\n"  # two values through aliases: the limit
    assert load(anchored) == {"a": "v", "b": "v", "c": "v"}
    with pytest.raises(YamlError, match="aliases expand to more than 2 values") as info:
        load(anchored + "d: *x\n")
    assert info.value.line == 4


def test_a_block_sequence_ends_at_a_line_that_is_no_item() -> None:
    # a key with a space, as indented as the dashes before it: the sequence has ended
    assert load("a:\n- x\nb c: 1") == {"a": ["x"], "b c": 1}
    # '-x' is a plain scalar, not an item: a key without its ':'
    with pytest.raises(YamlError) as info:
        load("a:\n  - x\n  -x\n")
    assert (info.value.line, info.value.message) == (
        4,
        "invalid YAML: could not find expected ':', while scanning a simple key"
        " that began at line 3",
    )
