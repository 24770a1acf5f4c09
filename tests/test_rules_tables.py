"""The terminal table rule by rule: which columns wrap, how narrow a text column may get,
how list cells wrap between items, the width budget shared by need, the grid (numbers
to the right, a blank line between tall rows), the expanded view, search highlights,
and Markdown's escapes."""

from __future__ import annotations

import pytest

from zjtimeline.formats import Options
from zjtimeline.formats.tables import (
    HIGHLIGHT,
    RESET,
    _min_width,
    _painted,
    _wrap_cell,
    _wraps,
    layout,
    render_markdown,
    render_table,
)

QUICK = "The quick brown fox jumps over the lazy dog again"  # 49 columns, words of 5 at most
GREEK = "alpha, beta, gamma, delta"  # 25 columns, items of 5 at most


def table(rows: list[dict[str, str]], columns: list[str], width: int | None, **kw) -> str:
    return "".join(render_table(rows, columns, Options(width=width, **kw)))


def test_only_text_with_spaces_or_chinese_wraps_and_keys_never() -> None:
    rows = [["a b", "ab", "中文", "a b"], ["x", "cd", "x", "x"]]
    headers = ["summary", "kind", "name", "id"]
    assert [_wraps(h, rows, i) for i, h in enumerate(headers)] == [True, False, True, False]


@pytest.mark.parametrize(
    ("header", "values", "floor"),
    [
        ("summary", ["a b"], 8),  # never under 8
        ("wording_long", ["a b"], 12),  # nor under its header
        ("summary", ["abcdefghijk x"], 11),  # its longest English word
        ("summary", ["abcdefghijklmnopqrst x"], 16),  # up to 16: longer ones break
        ("summary", ["中文中文中文中文中文 abcdefghij"], 10),  # Chinese breaks anywhere
        ("summary", ["中文 中文", ""], 8),  # no English word at all
        ("summary", ["x, abcdefghijk"], 11),
        ("themes", ["abcdefghijklmnopqrs, b"], 19),  # a list: its longest item
        ("themes", ["abcdefghijklmnopqrstuvw, b"], 20),  # up to 20
        ("themes", ["中文中文中文, b"], 12),  # Chinese items too
        ("tags", ["abcdefghij klmn, b"], 15),  # an item is whole even with a space
    ],
)
def test_min_width_of_a_text_column(header: str, values: list[str], floor: int) -> None:
    rows = [["id", v] for v in values]
    assert _min_width(header, rows, 1) == floor


def test_list_cells_wrap_between_items_with_room_for_the_comma() -> None:
    assert _wrap_cell(GREEK, 25, "themes") == [GREEK]
    assert _wrap_cell(GREEK, 9, "themes") == ["alpha,", "beta,", "gamma,", "delta"]
    assert _wrap_cell(GREEK, 11, "themes") == [
        "alpha,",
        "beta,",
        "gamma,",
        "delta",
    ]  # "alpha, beta," is 12
    assert _wrap_cell(GREEK, 12, "themes") == [
        "alpha, beta,",
        "gamma, delta",
    ]  # the last needs no comma
    assert _wrap_cell("abcdefghijkl, b", 8, "tags") == ["abcdef", "ghijkl,", "b"]  # too long: cut
    assert _wrap_cell(GREEK, 9, "summary") == ["alpha,", "beta,", "gamma,", "delta"]
    assert _wrap_cell("a, b, c", 4, "summary") == ["a,", "b, c"]


@pytest.mark.parametrize(
    ("total", "widths"),
    [
        (None, [2, 49, 25]),  # in a pipe: natural
        (80, [2, 49, 25]),  # fits exactly
        (79, [2, 49, 24]),  # the secondary column gives first
        (60, [2, 38, 16]),  # down to 16, then the main one
        (48, [2, 26, 16]),
        (40, [2, 24, 10]),  # the main one down to 24, then the secondary to its floor
        (38, [2, 24, 8]),
        (37, None),  # no room: shown expanded
    ],
)
def test_layout_shares_the_width_by_need(total: int | None, widths: list[int] | None) -> None:
    assert layout([["a1", QUICK, GREEK]], ["id", "summary", "themes"], total) == widths


def test_layout_of_keys_alone_never_cuts_them() -> None:
    assert layout([["abcdefghij", "2020"]], ["id", "date"], 13) is None
    assert layout([["abcdefghij", "2020"]], ["id", "date"], 16) == [10, 4]


def test_layout_lets_a_short_main_column_wrap_to_two_lines() -> None:
    rows = [["abcdefghij", "Alpha Beta Gamma Delta"]]  # 22 columns: half is 11
    assert layout(rows, ["id", "name"], 25) == [10, 13]
    assert layout(rows, ["id", "name"], 23) == [10, 11]
    assert layout(rows, ["id", "name"], 22) is None
    assert table([{"id": "abcdefghij", "name": "Alpha Beta Gamma Delta"}], ["id", "name"], 23) == (
        "id          name\n----------  -----------\nabcdefghij  Alpha Beta\n"
        + " " * 12
        + "Gamma Delta\n"
    )


def test_layout_shrinks_the_wider_secondary_column_first() -> None:
    rows = [
        [
            "x",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z",
            "h i j k l m n o p q",
            "a b c d e f g h i",
        ]
    ]
    headers = ["id", "summary", "wording", "basis"]  # natural 2, 51, 19 and 17: 95 with gaps
    assert layout(rows, headers, 93) == [2, 51, 17, 17]
    assert layout(rows, headers, 89) == [2, 49, 16, 16]


ROWS = [
    {"id": "a1", "n": "7", "summary": QUICK, "themes": GREEK},
    {"id": "b22", "n": "12", "summary": "Short one", "themes": "beta"},
]


def test_table_fitted_to_45_columns_wraps_text_and_sets_numbers_right() -> None:
    assert (
        table(ROWS, ["id", "n", "summary", "themes"], 45)
        == (
            "id    n  summary" + " " * 19 + "themes\n"
            "---  --  " + "-" * 24 + "  " + "-" * 10 + "\n"
            "a1    7  The quick brown fox"
            + " " * 7
            + "alpha,\n"
            + " " * 9
            + "jumps over the lazy dog"
            + " " * 3
            + "beta,\n"
            + " " * 9
            + "again"
            + " " * 21
            + "gamma,\n"
            + " " * 35
            + "delta\n"
            "\n"  # rows of several lines are told apart by a blank line
            "b22  12  Short one" + " " * 17 + "beta\n"
        )
    )


def test_table_of_one_line_rows_has_no_blank_lines_and_empty_numbers_are_numbers() -> None:
    rows = [{"id": "a", "n": "", "s": "x y"}, {"id": "bb", "n": "10", "s": "中文"}]
    assert (
        table(rows, ["id", "n", "s"], 80) == "id   n  s\n--  --  ----\na       x y\nbb  10  中文\n"
    )
    assert table([{"n": ""}], ["n"], 80) == "n\n-\n\n"  # all empty: nothing to set right


def test_table_too_narrow_shows_each_record_expanded() -> None:
    rows = [{"id": "abcdefghijklmnopqrstuvwxyz0123", "summary": "one two three four five six seven"},
            {"id": "b", "summary": ""}]  # fmt: skip
    assert table(rows, ["id", "summary"], 40) == (
        "id       abcdefghijklmnopqrstuvwxyz0123\n"
        "summary  one two three four five six\n"
        "         seven\n"
        "\n"
        "id       b\n"
        "summary\n"
    )
    # at least 16 columns of text beside the labels
    assert table(rows[:1], ["id", "summary"], 20).splitlines()[1:3] == [
        "summary  one two three",
        "         four five six",
    ]


def test_expanded_text_takes_the_width_left_beside_the_labels() -> None:
    rows = [{"id": "abcdefghijklmnopqrstuvwxyz0123", "summary": "abcdefghij abcdefghij abcdefghi x"},
            {"id": "b", "summary": "abcdefghij abcdefghij abcdefghij"}]  # fmt: skip
    # 40 columns less "summary  ": 31 for the text
    assert table(rows, ["id", "summary"], 40).splitlines()[1:7] == [
        "summary  abcdefghij abcdefghij abcdefghi",
        "         x",
        "",
        "id       b",
        "summary  abcdefghij abcdefghij",
        "         abcdefghij",
    ]


def test_table_highlights_search_words_in_colour_only() -> None:
    plain = table(ROWS[:1], ["id", "summary"], 40)
    assert table(ROWS[:1], ["id", "summary"], 40, highlight=("fox",)) == plain
    painted = table(ROWS[:1], ["id", "summary"], 40, color=True, highlight=("fox", "lazy dog"))
    assert painted.splitlines()[2:] == [
        f"a1  The quick brown {HIGHLIGHT}fox{RESET} jumps over the",
        f"    {HIGHLIGHT}lazy dog{RESET} again",
    ]
    expanded = table(ROWS[:1], ["id", "summary"], 20, color=True, highlight=("lazy",))
    assert f"{HIGHLIGHT}lazy{RESET}" in expanded


def test_highlight_marks_every_occurrence_even_across_lines() -> None:
    assert _painted(["ab cd", "ab cd", "ab"], "ab cd ab cd ab", ["cd ab"]) == [
        f"ab {HIGHLIGHT}cd{RESET}",
        f"{HIGHLIGHT}ab{RESET} {HIGHLIGHT}cd{RESET}",
        f"{HIGHLIGHT}ab{RESET}",
    ]
    assert _painted(["Ab ab"], "Ab ab", ["ab"]) == [f"{HIGHLIGHT}Ab{RESET} {HIGHLIGHT}ab{RESET}"]
    assert _painted(["ab", "", "cd"], "abcd", ["x", ""]) == ["ab", "", "cd"]  # nothing found
    assert _painted(["ab", "", "xy"], "abcd", ["b"]) == [f"a{HIGHLIGHT}b{RESET}", "", "xy"]


def test_markdown_cells_escape_html_and_keep_chinese() -> None:
    rows = [{"a": "<b>&中文</b>", "b": ""}]
    assert "".join(render_markdown(rows, ["a", "b"], Options())) == (
        "| a | b |\n|---|---|\n| &lt;b&gt;&amp;中文&lt;/b&gt; |  |\n"
    )


# ── Edges: the boundaries of wrapping, shrinking and highlighting ────────────

LONG_ID = "abcdefghijklmnopqrstuvwxyz0123"  # a key too wide for the table to fit


def test_any_space_parts_english_words_as_wrapping_does() -> None:
    """An ideographic or no-break space parts words as a plain one does: wrapping
    breaks there, so the word after it is kept whole too."""
    assert _min_width("summary", [["中文\u3000abcdefghijk"]], 0) == 11
    assert _min_width("summary", [["abcdefghijk\xa0x"]], 0) == 11
    # the word cannot keep its 12 columns beside a 24-column summary in 40: expanded
    rows = [{"id": "x", "summary": QUICK, "wording": "abcdefghijkl\u3000中文"}]
    assert table(rows, ["id", "summary", "wording"], 40) == (
        "id       x\nsummary  The quick brown fox jumps over\n         the lazy dog again\n"
        "wording  abcdefghijkl\u3000中文\n"
    )


def test_a_cell_that_fits_exactly_is_shown_as_it_is() -> None:
    assert _wrap_cell("a , b", 5, "themes") == ["a , b"]
    assert table([{"id": "a", "tags": "a , b"}], ["id", "tags"], None) == (
        "id  tags\n--  -----\na   a , b\n"
    )


def test_layout_shrinks_the_wider_secondary_column_first_wherever_it_stands() -> None:
    rows = [["x", "a b c d e f g h i j k l m n o p q r s t u v w x y z", "a b c d e f g h i",
             "h i j k l m n o p q"]]  # fmt: skip
    headers = ["id", "summary", "basis", "wording"]  # natural 2, 51, 17 and 19: 95 with gaps
    assert layout(rows, headers, 93) == [2, 51, 17, 17]


def test_rows_of_two_lines_are_told_apart_by_a_blank_line() -> None:
    rows = [{"id": "abcdefghij", "name": "Alpha Beta Gamma Delta"}, {"id": "b", "name": "Eta"}]
    assert table(rows, ["id", "name"], 23) == (
        "id          name\n----------  -----------\nabcdefghij  Alpha Beta\n"
        + " " * 12
        + "Gamma Delta\n\nb           Eta\n"
    )


def test_expanded_view_at_the_narrowest_keeps_16_columns_of_text() -> None:
    # 20 columns less "summary  " leave 11: the text still gets 16, not 17
    assert table([{"id": LONG_ID, "summary": "abcdefgh abcdefgh x"}], ["id", "summary"], 20) == (
        f"id       {LONG_ID}\nsummary  abcdefgh\n         abcdefgh x\n"
    )


def test_expanded_view_wraps_a_list_between_its_items() -> None:
    # 25 columns less "themes  " leave 17; an item is kept whole where it fits
    rows = [{"id": LONG_ID, "themes": "ab, cdefghijklmn opq"}]
    assert table(rows, ["id", "themes"], 25) == (
        f"id      {LONG_ID}\nthemes  ab,\n        cdefghijklmn opq\n"
    )


def test_expanded_view_highlights_in_colour_only() -> None:
    rows = [{"id": LONG_ID, "summary": "the lazy dog"}]
    plain = f"id       {LONG_ID}\nsummary  the lazy dog\n"
    assert table(rows, ["id", "summary"], 20, highlight=("lazy",)) == plain
    assert table(rows, ["id", "summary"], 20, color=True, highlight=("lazy",)) == (
        f"id       {LONG_ID}\nsummary  the {HIGHLIGHT}lazy{RESET} dog\n"
    )


def test_a_width_of_zero_shows_records_expanded_at_80_columns() -> None:
    text = "a" * 36 + " " + "b" * 35  # 72 columns: 80 less "summary  " leave 71
    assert table([{"id": "x", "summary": text}], ["id", "summary"], 0) == (
        f"id       x\nsummary  {'a' * 36}\n         {'b' * 35}\n"
    )


def test_highlight_marks_every_occurrence_of_a_word_however_many() -> None:
    assert _painted(["ab ab ab"], "ab ab ab", ["ab"]) == [
        f"{HIGHLIGHT}ab{RESET} {HIGHLIGHT}ab{RESET} {HIGHLIGHT}ab{RESET}"
    ]


def test_highlight_leaves_a_line_not_found_in_the_text_as_it_is() -> None:
    assert _painted(["ab", "xy"], "abcd", ["d"]) == ["ab", "xy"]
