"""errors.py and text.py at their edges: exact messages and exit codes, escapes, widths,
cuts and wraps."""

from __future__ import annotations

import pytest

from zjtimeline.errors import (
    DateError,
    ExitCode,
    FactFileError,
    NotFoundError,
    Problem,
    UsageError,
    ZjtError,
)
from zjtimeline.text import fold, pad, safe, say, truncate, tsv_unescape, warn, width, wrap

# ── errors ───────────────────────────────────────────────────────────────────


def test_exit_codes() -> None:
    assert [int(c) for c in ExitCode] == [0, 1, 2, 130]
    assert ZjtError("x").exit_code == UsageError("x").exit_code == DateError("x").exit_code == 2
    assert NotFoundError("x").exit_code == ExitCode.NO_MATCH == 1
    assert FactFileError([]).exit_code == 2


def test_message_is_the_text() -> None:
    e = DateError("'2021年13月': there is no month 13")
    assert e.message == str(e) == "'2021年13月': there is no month 13"
    assert e.args == ("'2021年13月': there is no month 13",)


@pytest.mark.parametrize(
    ("line", "text"),
    [(12, "f.yaml:12: bad"), (1, "f.yaml:1: bad"), (0, "f.yaml: bad"), (None, "f.yaml: bad")],
)
def test_problem_names_file_and_line(line: int | None, text: str) -> None:
    p = Problem("f.yaml", line, "bad")
    assert (p.path, p.line, p.message) == ("f.yaml", line, "bad")
    assert str(p) == text
    assert repr(p) == f"Problem({text!r})"


def test_fact_file_error_names_the_first_problem_and_counts_the_rest() -> None:
    one = FactFileError([Problem("a.yaml", 3, "x")])
    assert str(one) == "a.yaml:3: x" and not one.unreadable
    three = FactFileError(
        [Problem("a.yaml", 3, "x"), Problem("a.yaml", 5, "y"), Problem("a.yaml", 9, "z")],
        unreadable=True,
    )
    assert str(three) == "a.yaml:3: x (and 2 more; run 'zjtimeline validate a.yaml')"
    assert three.unreadable and len(three.problems) == 3
    assert str(FactFileError([])) == "invalid fact file"


# ── text ─────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain 中文", "plain 中文"),
        ("a\nb", "a\\nb"),
        ("a\tb", "a\\tb"),
        ("a\rb", "a\\rb"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("\x00\x1f\x7f", "\\x00\\x1f\\x7f"),
        ("\x9b2J", "\\x9b2J"),  # C1 CSI
        ("\x9f\xa0", "\\x9f\xa0"),  # the last C1 control, then NBSP (kept)
        ("\u202eevil", "\\u202eevil"),
        (
            "\u061c\u200e\u200f\u2066\u2069\u2028\u2029",
            "\\u061c\\u200e\\u200f\\u2066\\u2069\\u2028\\u2029",
        ),
        (" ~", " ~"),
    ],
)
def test_safe_escapes_controls(raw: str, shown: str) -> None:
    assert safe(raw) == shown


def test_fold() -> None:
    assert fold("２０２０ ＡＢＣ，") == "2020 abc,"
    assert fold("Straße") == "strasse"


@pytest.mark.parametrize(
    ("text", "cols"),
    [("abc", 3), ("中文", 4), ("", 0), ("a中", 3), ("é", 1), ("\u0301", 0)],
)
def test_width(text: str, cols: int) -> None:
    assert width(text) == cols


@pytest.mark.parametrize(
    ("text", "cols", "cut"),
    [
        ("abcdef", 6, "abcdef"),
        ("abcdef", 7, "abcdef"),
        ("abcdef", 5, "abcd…"),
        ("abcdef", 2, "a…"),
        ("abcdef", 1, "…"),
        ("abcdef", 0, ""),
        ("中文字符", 8, "中文字符"),
        ("中文字符", 7, "中文字…"),
        ("中文字符", 6, "中文…"),
        ("中文字符", 5, "中文…"),
        ("中文字符", 3, "中…"),
        ("中文字符", 2, "…"),
    ],
)
def test_truncate(text: str, cols: int, cut: str) -> None:
    assert truncate(text, cols) == cut
    assert width(truncate(text, cols)) <= max(cols, 0)


@pytest.mark.parametrize(
    ("text", "cols", "lines"),
    [
        ("one two three four", 9, ["one two", "three", "four"]),
        ("one two three four", 8, ["one two", "three", "four"]),
        ("one two three four", 7, ["one two", "three", "four"]),
        ("one two", 3, ["one", "two"]),  # narrower than 4 is read as 4
        ("abcdefghij", 4, ["abc", "def", "ghij"]),  # a word longer than the line
        ("一二三四五六七八", 8, ["一二三四", "五六七八"]),
        ("一二三四五六七八", 7, ["一二三", "四五六", "七八"]),
        ("一二三,四五六", 6, ["一二", "三,四", "五六"]),  # no line starts with ,
        ("一二三。」四五", 6, ["一二", "三。」", "四五"]),  # nor with 。 or 」
        ("", 10, [""]),
        ("   ", 10, [""]),
        ("a  ", 10, ["a"]),
        ("  a", 10, ["  a"]),
    ],
)
def test_wrap(text: str, cols: int, lines: list[str]) -> None:
    assert wrap(text, cols) == lines


def test_wrap_never_exceeds_the_width() -> None:
    text = "2020年初,全省各级党组织和党员闻令而动、主动请战。In early 2020 every Party organisation mobilised."
    for cols in range(4, 40):
        assert all(width(line) <= cols for line in wrap(text, cols)), cols


@pytest.mark.parametrize(
    ("text", "cols", "padded"),
    [
        ("ab", 4, "ab  "),
        ("中", 4, "中  "),
        ("abcd", 4, "abcd"),
        ("abcde", 4, "abcde"),
        ("", 1, " "),
    ],
)
def test_pad(text: str, cols: int, padded: str) -> None:
    assert pad(text, cols) == padded


@pytest.mark.parametrize(
    ("text", "cols", "lines"),
    [
        # closing punctuation never starts a line: the character before it comes along
        ("一二，", 4, ["一", "二，"]),
        ("一二三，，，", 10, ["一二", "三，，，"]),
        ("一二三，，，，", 12, ["一二", "三，，，，"]),
        ("一二三 ，", 7, ["一二", "三，"]),  # a space before the break is dropped
        ("一，，，", 6, ["一，，", "，"]),  # nothing but punctuation to take along: break
        ("，，，", 4, ["，，", "，"]),
        ("基层党建(强基工程)  #party", 18, ["基层党建(强基工程)", "#party"]),  # ")" too
        ("一二。」，", 8, ["一", "二。」，"]),  # two different marks come along in their order
        ("一二《「三", 8, ["一二", "《「三"]),  # opening marks go down, in their order
    ],
)
def test_wrap_keeps_closing_punctuation_off_the_line_start(
    text: str, cols: int, lines: list[str]
) -> None:
    assert wrap(text, cols) == lines


def test_fact_file_error_names_the_file_of_the_first_problem() -> None:
    e = FactFileError([Problem("a.yaml", 1, "x"), Problem("b.yaml", 2, "y")])
    assert str(e) == "a.yaml:1: x (and 1 more; run 'zjtimeline validate a.yaml')"


def test_truncate_to_one_column_is_the_mark_alone_even_after_a_zero_width_character() -> None:
    assert truncate("\u0301abc", 1) == "…"


# ── say and TSV ──────────────────────────────────────────────────────────────


def test_say_escapes_line_breaks_unless_told_to_keep_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    say("a\tb\nc")
    warn("x\ny")
    assert capsys.readouterr().err == "a\\tb\\nc\nzjtimeline: warning: x\\ny\n"
    say("usage:\x1b[2J\n  one\n\ntwo\r", raw_newlines=True)
    assert capsys.readouterr().err == "usage:\\x1b[2J\n  one\n\ntwo\\r\n"


@pytest.mark.parametrize(
    ("field", "text"),
    [("a\\tb", "a\tb"), ("\\x1b\\u200b\\U000e0041", "\x1b\u200b\U000e0041"), ("\\\\,", "\\,")],
)
def test_tsv_unescape(field: str, text: str) -> None:
    assert tsv_unescape(field) == text


@pytest.mark.parametrize(("field", "esc"), [("a\\qb", "\\q"), ("\\x4", "\\x"), ("\\u12", "\\u")])
def test_tsv_unescape_names_an_unknown_escape(field: str, esc: str) -> None:
    with pytest.raises(ValueError) as info:
        tsv_unescape(field)
    assert str(info.value) == f"unknown escape {esc!r}"
