"""The date grammar's small parts, each at its edge: positional Chinese numerals, the
phrase quoted in a year's refusal, English relative words kept English, the languages
dateparser may read, what it says when today is at the end of the calendar, and the
machinery the rules are built from (lazy patterns, rules, markers), built afresh."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from zjtimeline import dates
from zjtimeline.dates import (
    ACCEPTED,
    MAX_YEAR,
    MIN_YEAR,
    _days,
    _Lazy,
    _Marker,
    _point,
    _rule,
    chinese_numeral,
    parse,
)
from zjtimeline.errors import DateError
from zjtimeline.model import Period

NOW = date(2026, 11, 27)  # a Friday


def refusal(text: str, now: date = NOW) -> str:
    with pytest.raises(DateError) as info:
        parse(text, now=now)
    return str(info.value)


def span(text: str, now: date = NOW) -> tuple[date | None, date | None]:
    p = parse(text, now=now).period
    return p.start, p.end


# ── Chinese numerals with more than one unit ────────────────────────────────


@pytest.mark.parametrize(
    ("run", "value"),
    [("一百二十", 120), ("一百二十三", 123), ("三百五十", 350), ("一千九百九十", 1990),
     ("两千零二十", 2020), ("九百九十九", 999)],
)  # fmt: skip
def test_every_unit_of_a_chinese_numeral_adds_to_it(run: str, value: int) -> None:
    assert chinese_numeral(run) == value


def test_a_count_with_hundreds_and_tens_reads_whole() -> None:
    assert span("建党一百二十周年") == (date(2041, 1, 1), date(2041, 12, 31))
    assert span("过去一百二十天") == (NOW - timedelta(days=120), NOW)


# ── a year out of range quotes the phrase that named it ─────────────────────


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("9990年代", 9990),  # a decade's first year
        ("0990年代", 990),
        ("the 210th five-year plan", 3001),  # a plan's first year
        ("the 209th five-year plan", 3000),  # its first year 2996 is in range, its last not
        ("第209个五年规划", 3000),
    ],
)
def test_a_decade_or_plan_out_of_range_quotes_the_phrase(text: str, year: int) -> None:
    assert refusal(text) == f"{text!r}: year {year} is out of range ({MIN_YEAR}–{MAX_YEAR})"


# ── English relative words are replaced by English text ─────────────────────
# A bare number before a range borrows the unit of a Chinese right end (1至上季度 is
# 2026年1季度至2026年第3季度); an English relative word names no such unit, so the
# English phrase is not read that way.


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("1 to last quarter", "last quarter"),
        ("1 to 2 quarters ago", "2 quarters ago"),
        ("1 to yesterday", "yesterday"),
        ("1 to today", "today"),
    ],
)
def test_a_bare_number_borrows_no_unit_from_an_english_relative_word(text: str, word: str) -> None:
    assert refusal(text) == f"{text!r}: read {word!r} but not '1 to' before it; {ACCEPTED}"


def test_the_same_ranges_written_in_full_are_read() -> None:
    assert span("q1 to last quarter") == (date(2026, 1, 1), date(2026, 9, 30))
    assert span("q1 to 2 quarters ago") == (date(2026, 1, 1), date(2026, 6, 30))
    assert span("1至上季度") == (date(2026, 1, 1), date(2026, 9, 30))
    assert span("january 1 to yesterday") == (date(2026, 1, 1), date(2026, 11, 26))


# ── dateparser reads English and Chinese only ───────────────────────────────
# In Spanish "ago" is August, and "on" reads as a day in Norwegian: words that, in the
# two languages asked, name no date.


@pytest.mark.parametrize("text", ["ago", "on", "15 ago"])
def test_dateparser_reads_no_other_language(text: str) -> None:
    assert refusal(text) == f"cannot read {text!r} as a date; {ACCEPTED}"


# ── dateparser at the ends of the calendar ──────────────────────────────────


@pytest.mark.parametrize(
    ("text", "today"),
    [
        ("in 3 days", date(9999, 12, 30)),  # dateparser finds nothing past 9999
        ("3 days ago", date(1, 1, 2)),
        ("next monday", date(9999, 12, 31)),  # dateparser raises OverflowError
        ("last monday", date(1, 1, 1)),
    ],
)
def test_dateparser_counting_off_the_calendar_says_so(text: str, today: date) -> None:
    assert refusal(text, now=today) == (
        f"{text!r}: counted from today ({today}) that is outside the calendar"
    )


@pytest.mark.parametrize("today", [date(2, 1, 1), date(9998, 12, 31)])
def test_a_phrase_dateparser_cannot_read_is_not_blamed_on_the_calendar(today: date) -> None:
    assert refusal("ago", now=today) == f"cannot read 'ago' as a date; {ACCEPTED}"


# ── the machinery, built afresh (the module's own were built at import) ─────


def test_a_lazy_pattern_compiles_once_on_first_use() -> None:
    lazy = _Lazy(r"(\d+)年")
    assert (lazy.pattern, lazy._compiled) == (r"(\d+)年", None)
    compiled = lazy.get()
    assert compiled is lazy.get()
    assert compiled.pattern == r"(\d+)年"
    m = lazy.fullmatch("2020年")
    assert m is not None and m[1] == "2020"
    assert lazy.fullmatch("2020") is None
    m = lazy.match("约2020年", 1)
    assert m is not None and m[0] == "2020年"
    m = lazy.search("约2020年")
    assert m is not None and m.start() == 1


def test_a_lazy_pattern_substitutes_as_often_as_asked() -> None:
    lazy = _Lazy(r"\d")
    assert lazy.sub("#", "1 2 3", 1) == "# 2 3"
    assert lazy.sub("#", "1 2 3", 2) == "# # 3"
    assert lazy.sub("#", "1 2 3") == "# # #"
    assert lazy.sub(lambda m: str(int(m[0]) + 1), "1 2 3") == "2 3 4"


def test_a_rule_reads_the_whole_phrase_with_its_pattern(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dates, "_POINT_RULES", [])

    def reader(m: re.Match[str], now: date, raw: str) -> Period:
        return _days(now - timedelta(days=int(m[1])), now)

    assert _rule(r"day (\d+)", about=lambda m: m[1] == "7", script="en")(reader) is reader
    assert _point("day 3", NOW, "day 3") == (_days(date(2026, 11, 24), NOW), False)
    assert _point("day 7", NOW, "day 7") == (_days(date(2026, 11, 20), NOW), True)
    assert _point("day 3 x", NOW, "day 3 x") is None  # the whole phrase, or nothing
    assert _point("3", NOW, "3") is None  # no letter: the English rule is not tried


def test_a_marker_is_inclusive_and_exact_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    marker = _Marker(_Lazy(r"^starting "), _Lazy(r" onward$"), "since")
    monkeypatch.setattr(dates, "_MARKERS", (marker,))
    q = parse("starting 2019", now=NOW)
    assert (q.period.start, q.period.end, q.opens, q.approximate) == (
        date(2019, 1, 1),
        None,
        "since",
        False,
    )
    q = parse("2019 onward", now=NOW)
    assert (q.period.start, q.opens, q.approximate) == (date(2019, 1, 1), "since", False)
    exclusive = _Marker(_Lazy(r"^after "), None, "since", exclusive=True)
    monkeypatch.setattr(dates, "_MARKERS", (exclusive,))
    q = parse("after 2019", now=NOW)
    assert (q.period.start, q.opens, q.approximate) == (date(2020, 1, 1), "since", False)
    rough = _Marker(_Lazy(r"^around "), None, None, about=True)
    monkeypatch.setattr(dates, "_MARKERS", (rough,))
    q = parse("around 2019", now=NOW)
    assert (q.period.start, q.period.end, q.opens, q.approximate) == (
        date(2019, 1, 1),
        date(2019, 12, 31),
        None,
        True,
    )
