"""Dates as people type them → inclusive periods.

One grammar of our own covers the forms this domain writes, as classes rather than
examples: years, months, days (2004年, 二〇一三年七月, 15.04.2020), parts of a year and of a
month (2020年初, 一季度末, 前三季度, 3月上旬, mid-March 2020), decades (2010年代, the '90s),
five-year plans (十三五, 第十四个五年规划), ISO weeks (2020-W14), anchors of this domain
(党的十八大以来, since the Party's centenary), relative forms (去年年底, 上季度, 3 years ago),
open ends (2016年以来, 2021年后, 截至目前, pre-2013) and ranges (2021年1—9月, Apr–Dec 2020).

Anything else may go to dateparser (imported here, and only then), whose answer is kept
only when it accounts for every number and date word of the phrase: a date tool may
refuse, it never guesses silently. "Now" is always a parameter, so results are
reproducible. :func:`read` finds one phrase's :class:`DateQuery` (also for an extractor
that finds phrases inside sentences); :func:`parse` adds the fallback and the errors.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .edtf import EdtfError, month_end, parse_edtf
from .errors import DateError
from .model import Period

ACCEPTED = (
    "accepted: 2020, 2020年, 二〇二〇年, 2020-03, 2020年3月, 2020-03-05, 2020年初, "
    "2020年底, 上半年, 第一季度, 3月上旬, 十三五, 2010年代, 2016年以来, 2021年后, 截至2021年底, "
    "2019年至2021年, March 2020, early 2020, Q1 2020, the 2010s, since 2019, until 2021, "
    "2 years ago, 党的十八大以来, 建党百年"
)
MIN_YEAR, MAX_YEAR = 1000, 2999  # what the grammar reads as a year
SANE_YEARS = (1800, 2200)  # what we accept from dateparser


@dataclass(frozen=True, slots=True)
class DateQuery:
    """A parsed date phrase: its period, and which end the phrase itself left open."""

    text: str
    period: Period
    opens: str | None = None  # "since" (open end) | "until" (open start) | None
    approximate: bool = False  # "十年来", "月初", "early 2010s": edges the phrase leaves vague


class _Lazy:
    """A regular expression compiled on first use: importing this module stays cheap
    (zjtimeline starts in pipes and loops), and a query compiles only the rules it tries."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def get(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled

    def fullmatch(self, s: str) -> re.Match[str] | None:
        return self.get().fullmatch(s)

    def match(self, s: str, pos: int = 0) -> re.Match[str] | None:
        return self.get().match(s, pos)

    def search(self, s: str) -> re.Match[str] | None:
        return self.get().search(s)

    def sub(self, repl: Any, s: str, count: int = 0) -> str:
        return self.get().sub(repl, s, count)


# ── Normalisation ────────────────────────────────────────────────────────────

_CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_RUN = _Lazy("[〇○零一二两三四五六七八九十百千]+")
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_NEAR_CJK = _Lazy(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")
# 十三五 is the 13th five-year plan, not 135 or 15: read before the numerals are folded.
# Not after a numeral, 月 or 初 (3月十五, 初五), not before 年/月/日/个 (十五年, 二〇一五年).
_FIVE_YEAR_ZH = _Lazy(
    r"(?<![〇○零一二两三四五六七八九十百千0-9月初])第?([一二三四五六七八九]?十[一二三四六七八九]?|[一二三四五六七八九])五"
    r"(?=$|时期|期间|期|规划|计划|以来|来|末|初|开局|收官|首年|最后|以前|之前|前|以后|之后|后|及|起|至|到"
    r"|开始|伊始|为止|止|结束|当中|中|内|间|的|–|-|\s|,|，|、)"
)
_DASHES = str.maketrans({c: "–" for c in "—―‒−〜~～"})  # every range dash → one en dash
_QUOTES = str.maketrans({"“": None, "”": None, '"': None, "「": None, "」": None, "『": None,
                         "』": None, "《": None, "》": None, "‘": "'", "’": "'"})  # fmt: skip


_EN_NUMBERS = dict(
    zip(("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve"), range(13), strict=True)
)  # fmt: skip
_EN_NUMBERS.update(a=1, an=1, fifteen=15, twenty=20, thirty=30, fifty=50, hundred=100)
_EN_COUNT = _Lazy(
    rf"\b({'|'.join(_EN_NUMBERS)})(?= (?:years?|months?|quarters?|weeks?|days?|decades?)\b)"
)


def chinese_numeral(run: str) -> int:
    """二〇一三 → 2013 (digit by digit); 二十一 → 21, 十二 → 12, 百 → 100 (positional)."""
    if not any(ch in _CN_UNITS for ch in run):
        return int("".join(str(_CN_DIGITS[ch]) for ch in run))
    total = current = 0
    for ch in run:
        if ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            current = _CN_DIGITS[ch]
    return total + current


def normalise(text: str) -> str:
    """Fold full-width forms, Chinese numerals, dashes, quotes, case and spacing."""
    s = unicodedata.normalize("NFKC", text).casefold().strip()
    if not s.isascii():  # ASCII input (2019, March 2020) skips the Chinese passes
        s = s.translate(_QUOTES).translate(_DASHES)
        if "五" in s:
            s = _FIVE_YEAR_ZH.sub(lambda m: f"fyp{chinese_numeral(m[1])}", s)
        s = _CN_RUN.sub(lambda m: str(chinese_numeral(m.group())), s)
        if any(c.isspace() for c in s):
            s = _SPACE_NEAR_CJK.sub("", s)
    elif '"' in s or "~" in s:
        s = s.translate(_QUOTES).translate(_DASHES)
    s = " ".join(s.split())
    if " " in s and _EN_COUNT.search(s):  # two years ago → 2 years ago
        s = _EN_COUNT.sub(lambda m: str(_EN_NUMBERS[m[1]]), s)
    return s.strip(" 。.,，")


# ── Small helpers ────────────────────────────────────────────────────────────


def _year(text: str | int, raw: str) -> int:
    y = int(text)
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise DateError(f"{raw!r}: year {y} is out of range ({MIN_YEAR}–{MAX_YEAR})")
    return y


def _check_month(m: int, raw: str) -> int:
    if not 1 <= m <= 12:
        raise DateError(f"{raw!r}: there is no month {m} (months are 1–12)")
    return m


def _month(y: int, m: int, raw: str) -> Period:
    _check_month(m, raw)
    return Period(date(y, m, 1), month_end(y, m), "month", "month")


def _day(y: int, m: int, d: int, raw: str) -> Period:
    _check_month(m, raw)
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        raise DateError(f"{raw!r}: there is no day {d} in {y}-{m:02d} (it has {last} days)")
    day = date(y, m, d)
    return Period(day, day, "day", "day")


def _days(first: date, last: date) -> Period:
    return Period(first, last, "day", "day")


def _months(y: int, first: int, last: int, precision: str) -> Period:
    return Period(date(y, first, 1), month_end(y, last), precision, precision)


def _whole_year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), "year", "year")


def _years(first: int, last: int) -> Period:
    return Period(date(first, 1, 1), date(last, 12, 31), "year", "year")


def _years_back(now: date, n: int) -> date:
    try:
        return now.replace(year=now.year - n)
    except ValueError:  # 29 February
        return now.replace(year=now.year - n, day=28)


def _months_back(now: date, n: int) -> tuple[int, int]:
    total = now.year * 12 + now.month - 1 - n
    return total // 12, total % 12 + 1


# Parts of a year: the words → (first month, last month, precision). Words for the
# quarters, halves and "the first N months" are generated, so every numeral form works.
_PARTS: dict[str, tuple[int, int, str]] = {}
_ROUGH_PARTS = {"初", "年初", "中", "年中", "early", "mid", "middle of", "late", "beginning of",
                "start of"}  # fmt: skip
for _words, _span in (
    (("初", "年初", "开年", "年头", "early", "beginning of", "start of", "start-of-year",
      "beginning-of-year"), (1, 3, "quarter")),
    (("中", "年中", "mid", "middle of"), (5, 8, "month")),
    (("late",), (10, 12, "quarter")),
    (("底", "年底", "末", "年末", "年终", "岁末", "年尾", "end of", "end", "year-end", "year end",
      "yearend", "end-of-year", "end of year", "end of the year"), (12, 12, "month")),
    (("全年", "全年度", "整年", "full year", "full-year", "whole year", "all of",
      "the whole of", "the full year"), (1, 12, "year")),
    (("上半年", "前半年", "first half of", "1st half of", "h1", "h1 of", "1h", "first half"),
     (1, 6, "half")),
    (("下半年", "后半年", "second half of", "2nd half of", "h2", "h2 of", "2h", "second half"),
     (7, 12, "half")),
    (("上半年末", "上半年底"), (6, 6, "month")),
    (("下半年初",), (7, 7, "month")),
    (("春", "春季", "春天", "spring"), (3, 5, "season")),
    (("夏", "夏季", "夏天", "summer"), (6, 8, "season")),
    (("秋", "秋季", "秋天", "autumn", "fall"), (9, 11, "season")),
    (("冬", "冬季", "冬天", "winter"), (12, 14, "season")),
):  # fmt: skip
    for _w in _words:
        _PARTS.setdefault(_w, _span)
_ORDINALS = ("first", "second", "third", "fourth")
for _q in range(1, 5):
    _first, _last = 3 * _q - 2, 3 * _q
    _nth = f"{_q}{('st', 'nd', 'rd', 'th')[_q - 1]}"
    for _w in (f"{_q}季度", f"第{_q}季度", f"{_q}季", f"第{_q}季", f"q{_q}", f"q{_q} of", f"{_q}q",
               f"{_ORDINALS[_q - 1]} quarter of", f"{_ORDINALS[_q - 1]} quarter",
               f"{_nth} quarter of", f"{_nth} quarter"):  # fmt: skip
        _PARTS[_w] = (_first, _last, "quarter")
        if not _w.isascii():
            for _end in ("末", "底"):
                _PARTS[_w + _end] = (_last, _last, "month")
            _PARTS[_w + "初"] = (_first, _first, "month")
            _PARTS[f"前{_w.lstrip('第')}"] = (1, _last, "quarter")  # 前三季度
            _PARTS[f"前{_q}个季度"] = (1, _last, "quarter")
_PARTS["last quarter of"] = _PARTS["q4"]
for _n in range(1, 13):
    _PARTS[f"前{_n}个月"] = _PARTS[f"前{_n}月"] = (1, _n, "month")
    _PARTS[f"first {_n} months of"] = (1, _n, "month")
_ZH_PARTS = "|".join(
    sorted((re.escape(w) for w in _PARTS if not w.isascii()), key=len, reverse=True)
)
_EN_PARTS = "|".join(sorted((re.escape(w) for w in _PARTS if w.isascii()), key=len, reverse=True))
_EN_SUFFIX_PARTS = (
    "q[1-4]|h[12]|year-end|year end|yearend|spring|summer|autumn|fall|winter"
    "|(?:first|second|third|fourth|1st|2nd|3rd|4th) quarter"
)
# Parts that name a span without a year mean this year's: the first quarter, h2, summer.
_EN_PARTS_THIS_YEAR = (
    "(?:first|second|third|fourth|1st|2nd|3rd|4th) quarter|q[1-4]|h[12]"
    "|(?:first|second|1st|2nd) half|spring|summer|autumn|fall|winter"
)

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")  # fmt: skip

# Parts of a month: ten-day periods (旬) exactly; 月初/月底 and early/late by the same days.
_MONTH_PARTS = {
    "上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31), "上中旬": (1, 20), "中下旬": (11, 31),
    "初": (1, 10), "中": (11, 20), "底": (21, 31), "末": (21, 31),
    "early": (1, 10), "beginning of": (1, 10), "start of": (1, 10), "mid": (11, 20),
    "middle of": (11, 20), "late": (21, 31), "end of": (21, 31), "end": (21, 31),
}  # fmt: skip
_EXACT_MONTH_PARTS = {"上旬", "中旬", "下旬", "上中旬", "中下旬"}


def _part(y: int, word: str) -> Period:
    first, last, precision = _PARTS[word]
    if last > 12:  # winter runs into the next year
        return Period(date(y, first, 1), month_end(y, last), precision, precision)
    return _months(y, first, last, precision)


def _month_part(y: int, m: int, word: str, raw: str) -> Period:
    _check_month(m, raw)
    first, last = _MONTH_PARTS[word]
    end = min(last, calendar.monthrange(y, m)[1])
    return _days(date(y, m, first), date(y, m, end))


# ── Points: one day, week, month, part of a year, year, decade, plan ────────

_Rule = Callable[[re.Match[str], date, str], Period]
# (pattern, reader, whether the reading is approximate for a match, the script it needs)
_POINT_RULES: list[tuple[_Lazy, _Rule, Callable[[re.Match[str]], bool] | None, str | None]] = []


def _rule(
    pattern: str,
    about: Callable[[re.Match[str]], bool] | None = None,
    script: str | None = None,  # "zh": only for text with Chinese, "en": with Latin letters
) -> Callable[[_Rule], _Rule]:
    """Add a rule; a phrase without the rule's script never compiles its pattern."""

    def add(fn: _Rule) -> _Rule:
        _POINT_RULES.append((_Lazy(pattern), fn, about, script))
        return fn

    return add


@_rule(r"(\d{4})(?:年度?)?")
def _r_year(m: re.Match[str], now: date, raw: str) -> Period:
    return _whole_year(_year(m[1], raw))


@_rule(r"(\d{4})年(\d{1,2})月份?|(\d{4})[-/.](\d{1,2})")
def _r_month(m: re.Match[str], now: date, raw: str) -> Period:
    if m[3] and m[0][4] == "-" and len(m[4]) == 2 and int(m[4]) > 12:
        try:  # EDTF seasons, quarters and halves: 2020-21, 2020-33, 2020-40
            division = parse_edtf(m[0])
        except EdtfError:
            pass
        else:
            _year(m[3], raw)  # the grammar's year range holds for them too
            return division
    y, mo = (m[1], m[2]) if m[1] else (m[3], m[4])
    return _month(_year(y, raw), int(mo), raw)


@_rule(r"(\d{1,2})[-/.](\d{4})")
def _r_month_first(m: re.Match[str], now: date, raw: str) -> Period:
    """3/2020, 03.2020: a month and a year (a four-digit number is always the year)."""
    return _month(_year(m[2], raw), int(m[1]), raw)


@_rule(
    r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?|(\d{4})([-/.])(\d{1,2})\5(\d{1,2})|(\d{4})(\d\d)(\d\d)"
)
def _r_day(m: re.Match[str], now: date, raw: str) -> Period:
    y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[6], m[7]) if m[4] else (m[8], m[9], m[10])
    return _day(_year(y, raw), int(mo), int(d), raw)


@_rule(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
def _r_day_last(m: re.Match[str], now: date, raw: str) -> Period:
    """15.04.2020, 04/15/2020: the number over 12 is the day; if both could be the month
    and they differ (03/04/2020), the order is a convention we cannot know: refuse."""
    a, b, y = int(m[1]), int(m[3]), _year(m[4], raw)
    if a > 12 >= b:
        return _day(y, b, a, raw)
    if b > 12 >= a or a == b:
        return _day(y, a, b, raw)
    if a > 12 and b > 12:
        raise DateError(f"{raw!r}: neither {a} nor {b} can be a month")
    raise DateError(
        f"{raw!r} is ambiguous: day-month ({y}-{b:02d}-{a:02d}) or month-day "
        f"({y}-{a:02d}-{b:02d})? Write it as {y}-{b:02d}-{a:02d} or {y}-{a:02d}-{b:02d}"
    )


@_rule(
    rf"(?:(\d{{4}})年)?(\d{{1,2}})月份?({'|'.join(w for w in _MONTH_PARTS if not w.isascii())})",
    about=lambda m: m[3] not in _EXACT_MONTH_PARTS,
    script="zh",
)
def _r_zh_month_part(m: re.Match[str], now: date, raw: str) -> Period:
    y = _year(m[1], raw) if m[1] else now.year
    return _month_part(y, int(m[2]), m[3], raw)


@_rule(r"月初|月中|月底|月末", about=lambda m: True, script="zh")
def _r_this_month_part(m: re.Match[str], now: date, raw: str) -> Period:
    return _month_part(now.year, now.month, m[0][1], raw)


@_rule(
    r"(?:the )?(early|mid|late|beginning of|start of|middle of|end of|end)[ -]?"
    rf"({_MON})\.?(?:,? (?:of )?(\d{{4}}))?",
    about=lambda m: True,
    script="en",
)
def _r_en_month_part(m: re.Match[str], now: date, raw: str) -> Period:
    y = _year(m[3], raw) if m[3] else now.year
    return _month_part(y, _MONTHS[m[2]], m[1], raw)


@_rule(rf"(\d{{4}})年?({_ZH_PARTS})", about=lambda m: m[2] in _ROUGH_PARTS, script="zh")
def _r_zh_part(m: re.Match[str], now: date, raw: str) -> Period:
    return _part(_year(m[1], raw), m[2])


@_rule(r"(\d{4})年(q[1-4]|h[12])", script="zh")
def _r_zh_q(m: re.Match[str], now: date, raw: str) -> Period:
    return _part(_year(m[1], raw), m[2])


@_rule(rf"({_ZH_PARTS})", script="zh")
def _r_zh_part_this_year(m: re.Match[str], now: date, raw: str) -> Period:
    if m[1] in ("初", "中", "底", "末", "全", "春", "夏", "秋", "冬"):
        raise DateError(f"{raw!r}: which year? (e.g. 2020年{m[1]})")
    return _part(now.year, m[1])


@_rule(
    rf"(?:the )?({_EN_PARTS})(?: of| in)?[ ,-]*(\d{{4}})(?:[/-](\d\d|\d{{4}}))?"
    rf"|(\d{{4}})(?:'s)?[ -]?({_EN_SUFFIX_PARTS})",
    about=lambda m: (m[1] or "") in _ROUGH_PARTS,
    script="en",
)
def _r_en_part(m: re.Match[str], now: date, raw: str) -> Period:
    word, y = (m[1], m[2]) if m[1] else (m[5], m[4])
    year = _year(y, raw)
    # winter 2020/21: a season that runs into the next year, named by both
    if m[3] and (_PARTS[word][1] <= 12 or int(m[3]) % 100 != (year + 1) % 100):
        raise DateError(f"{raw!r}: only a winter runs into the next year (e.g. winter 2020/21)")
    return _part(year, {"year end": "year-end"}.get(word, word))


@_rule(rf"(?:the )?({_EN_PARTS_THIS_YEAR})", script="en")
def _r_en_part_this_year(m: re.Match[str], now: date, raw: str) -> Period:
    return _part(now.year, m[1])


@_rule(r"(?:q([1-4])|([1-4])q|h([12])|([12])h)[ -]?'?(\d\d)", script="en")
def _r_short_quarter(m: re.Match[str], now: date, raw: str) -> Period:
    """Q2'21, 2Q21, 1H21: a quarter or a half of a two-digit year, read as 20xx."""
    word = f"q{m[1] or m[2]}" if (m[1] or m[2]) else f"h{m[3] or m[4]}"
    return _part(_year(2000 + int(m[5]), raw), word)


@_rule(rf"({_MON})\.?,? (?:of )?(\d{{4}})|(\d{{4}}) ({_MON})", script="en")
def _r_en_month(m: re.Match[str], now: date, raw: str) -> Period:
    name, y = (m[1], m[2]) if m[1] else (m[4], m[3])
    return _month(_year(y, raw), _MONTHS[name], raw)


@_rule(
    rf"(?:the )?(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MON})\.?,? (\d{{4}})"
    rf"|({_MON})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})",
    script="en",
)
def _r_en_day(m: re.Match[str], now: date, raw: str) -> Period:
    d, name, y = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
    return _day(_year(y, raw), _MONTHS[name], int(d), raw)


@_rule(rf"({_MON})", script="en")
def _r_en_month_this_year(m: re.Match[str], now: date, raw: str) -> Period:
    return _month(now.year, _MONTHS[m[1]], raw)


@_rule(r"(\d{1,2})月份?", script="zh")
def _r_zh_month_this_year(m: re.Match[str], now: date, raw: str) -> Period:
    return _month(now.year, int(m[1]), raw)


@_rule(r"(\d{1,2})月(\d{1,2})[日号]?", script="zh")
def _r_zh_day_this_year(m: re.Match[str], now: date, raw: str) -> Period:
    return _day(now.year, int(m[1]), int(m[2]), raw)


@_rule(r"上中旬|中下旬|上旬|中旬|下旬", script="zh")
def _r_ten_days_alone(m: re.Match[str], now: date, raw: str) -> Period:
    raise DateError(f"{raw!r}: which month? (e.g. 2020年3月{m[0]}, 3月{m[0]})")


@_rule(
    rf"({_MON})\.? (\d{{1,2}})(?:st|nd|rd|th)? ?[–-] ?(\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})"
    rf"|(\d{{1,2}})(?:st|nd|rd|th)? ?[–-] ?(\d{{1,2}})(?:st|nd|rd|th)? ({_MON})\.?,? (\d{{4}})",
    script="en",
)
def _r_en_days(m: re.Match[str], now: date, raw: str) -> Period:
    """March 5–10, 2020 and 5–10 March 2020: days of one month."""
    name, a, b, y = (m[1], m[2], m[3], m[4]) if m[1] else (m[7], m[5], m[6], m[8])
    year, month = _year(y, raw), _MONTHS[name]
    first, last = (_day(year, month, int(d), raw).end for d in (a, b))  # both must exist
    assert first is not None and last is not None
    if first > last:
        raise DateError(f"{raw!r}: the range starts after it ends")
    return _days(first, last)


@_rule(
    r"(\d{4})-?w(\d{1,2})(?:-?([1-7]))?|(?:iso )?(?:week |w)(\d{1,2}),? (?:of )?(\d{4})"
    r"|(\d{4})年第(\d{1,2})周"
)
def _r_iso_week(m: re.Match[str], now: date, raw: str) -> Period:
    """ISO 8601 weeks, Monday to Sunday: 2020-W14, 2020-W14-3 (its Wednesday)."""
    y, w = (m[1], m[2]) if m[1] else (m[5], m[4]) if m[4] else (m[6], m[7])
    year, week = _year(y, raw), int(w)
    weeks = date(year, 12, 28).isocalendar()[1]
    if not 1 <= week <= weeks:
        raise DateError(f"{raw!r}: {year} has ISO weeks 1–{weeks}, not {week}")
    monday = date.fromisocalendar(year, week, 1)
    if m[3]:
        day = monday + timedelta(days=int(m[3]) - 1)
        return _days(day, day)
    return _days(monday, monday + timedelta(days=6))


@_rule(r"fy ?(\d{4}|\d\d)|(\d{4}) ?fy|fiscal (?:year )?(\d{4})|(\d{4}) fiscal year|(\d{4})财年|(\d{4})财政年度?|财年(\d{4})")  # fmt: skip
def _r_fiscal_year(m: re.Match[str], now: date, raw: str) -> Period:
    """China's fiscal year is the calendar year (预算法 art. 18): FY2020 = 2020; FY20 = 2020."""
    y = next(g for g in m.groups() if g)
    return _whole_year(_year(int(y) + 2000 if len(y) == 2 else y, raw))


_DECADE_PARTS = {
    "初": (0, 3), "初期": (0, 3), "前期": (0, 3), "early": (0, 3),
    "中期": (4, 6), "中": (4, 6), "mid": (4, 6), "mid-": (4, 6), "middle": (4, 6),
    "末": (7, 9), "末期": (7, 9), "后期": (7, 9), "late": (7, 9), "end of the": (7, 9),
}  # fmt: skip


def _decade(first: int, part: str | None, raw: str) -> Period:
    _year(first, raw)
    lo, hi = _DECADE_PARTS[part] if part else (0, 9)
    return _years(first + lo, first + hi)


@_rule(
    r"(?:(上|本)世纪|(\d\d)世纪)?(\d{1,3})0年代(初期|初|前期|中期|中|末期|末|后期)?",
    about=lambda m: bool(m[4]),
    script="zh",
)
def _r_zh_decade(m: re.Match[str], now: date, raw: str) -> Period:
    """2010年代; 90年代 and 上世纪90年代 are the 1990s, 本世纪10年代 the 2010s."""
    digits = m[3]
    if len(digits) == 3:
        if m[1] or m[2]:
            raise DateError(f"{raw!r}: a century and a four-digit decade (write 2010年代)")
        return _decade(int(digits) * 10, m[4], raw)
    if len(digits) != 1:
        raise DateError(f"{raw!r}: write a decade as 2010年代 or 90年代")
    if not (m[1] or m[2]) and digits in "012":  # 20年代: the 1920s or the 2020s?
        raise DateError(f"{raw!r} is ambiguous: write 19{digits}0年代 or 20{digits}0年代")
    century = {"上": 20, "本": 21}.get(m[1] or "", int(m[2] or 20))
    return _decade((century - 1) * 100 + int(digits) * 10, m[4], raw)


@_rule(
    r"(?:the )?(?:(early|mid-|mid|middle|late|end of the) ?)?(?:(\d{3})0|'?(\d)0)'?s",
    about=lambda m: bool(m[1]),
    script="en",
)
def _r_en_decade(m: re.Match[str], now: date, raw: str) -> Period:
    """the 2010s, the early 2010s; the '90s and the 90s are the 1990s."""
    if m[3] and m[3] in "012":  # the '20s: the 1920s or the 2020s?
        raise DateError(f"{raw!r} is ambiguous: write the 19{m[3]}0s or the 20{m[3]}0s")
    first = int(m[2]) * 10 if m[2] else 1900 + int(m[3]) * 10
    return _decade(first, m[1], raw)


@_rule(
    r"(?:(\d{1,2})世纪|(上|本|新)世纪)(初期|初|末期|末)?|the (\d{1,2})(?:st|nd|rd|th) century",
    about=lambda m: bool(m[3]),
)
def _r_century(m: re.Match[str], now: date, raw: str) -> Period:
    """21世纪 and the 21st century: 2001–2100; 上世纪 the 20th, 本世纪 and 新世纪 the 21st;
    世纪初 its first ten years, 世纪末 its last ten."""
    n = int(m[1] or m[4]) if (m[1] or m[4]) else {"上": 20, "本": 21, "新": 21}[m[2]]
    first, last = _year((n - 1) * 100 + 1, raw), _year(n * 100, raw)
    if m[3]:
        first, last = (first, first + 9) if m[3].startswith("初") else (last - 9, last)
    return _years(first, last)


# Five-year plans: the 1st ran 1953–57, the 2nd 1958–62; after the 1963–65 adjustment
# years the 3rd ran 1966–70, and each since has followed the last: the Nth from 1951+5N.
def _plan_years(n: int, raw: str) -> tuple[int, int]:
    if n < 1:
        raise DateError(f"{raw!r}: five-year plans are numbered from 1 (一五, 1953–1957)")
    first = 1953 + 5 * (n - 1) if n <= 2 else 1951 + 5 * n
    return _year(first, raw), _year(first + 4, raw)


_PLAN_EDGES = {"初": 0, "初期": 0, "开局之年": 0, "开局": 0, "首年": 0, "第1年": 0,
               "末": 4, "期末": 4, "末期": 4, "收官之年": 4, "收官": 4, "最后1年": 4}  # fmt: skip


@_rule(
    r"(?:fyp(\d{1,3})|第(\d{1,3})个5年(?:规划|计划))(?:规划|计划)?(?:时期|期间|期)?"
    rf"({'|'.join(sorted(_PLAN_EDGES, key=len, reverse=True))})?"
    r"|(?:the )?(\d{1,3})(?:st|nd|rd|th)? five[- ]year plan(?: period)?"
)
def _r_five_year_plan(m: re.Match[str], now: date, raw: str) -> Period:
    first, last = _plan_years(int(m[1] or m[2] or m[4]), raw)
    if m[3]:
        return _whole_year(first + _PLAN_EDGES[m[3]])
    return _years(first, last)


@_rule(r"目前|现在|当前|此时|今|now|present|the present|the present day")
def _r_now(m: re.Match[str], now: date, raw: str) -> Period:
    return _days(now, now)


# Anchors of this domain. The congress dates are those of the opening and closing
# sessions; the Party was founded in 1921, so its centenary (建党百年) is 2021.
_CONGRESSES = {
    12: (date(1982, 9, 1), date(1982, 9, 11)),
    13: (date(1987, 10, 25), date(1987, 11, 1)),
    14: (date(1992, 10, 12), date(1992, 10, 18)),
    15: (date(1997, 9, 12), date(1997, 9, 18)),
    16: (date(2002, 11, 8), date(2002, 11, 14)),
    17: (date(2007, 10, 15), date(2007, 10, 21)),
    18: (date(2012, 11, 8), date(2012, 11, 14)),
    19: (date(2017, 10, 18), date(2017, 10, 24)),
    20: (date(2022, 10, 16), date(2022, 10, 22)),
}
_PARTY = (
    r"(?:(?:the )?(?:party|cpc|ccp|communist party(?: of china)?|chinese communist party)(?:'s)? )"
)


@_rule(
    r"(?:党的|中共|中国共产党)?(?:第(\d{1,2})次全国代表大会|(\d{1,2})大)(?:召开时?|开幕时?|期间)?"
    rf"|(?:the )?{_PARTY}?(\d{{1,2}})(?:st|nd|rd|th) {_PARTY}?(?:national )?congress"
    rf"(?: of the (?:party|cpc|ccp|communist party of china))?"
)
def _r_congress(m: re.Match[str], now: date, raw: str) -> Period:
    n = int(m[1] or m[2] or m[3])
    if n not in _CONGRESSES:
        known = f"{min(_CONGRESSES)}th–{max(_CONGRESSES)}th"
        raise DateError(f"{raw!r}: the dates of that Party congress are not known here ({known})")
    return _days(*_CONGRESSES[n])


@_rule(
    r"建党(\d{1,3})周?年|建党百年|(?:the )?(?:party|cpc|ccp)(?:'s)? centenary"
    r"|(?:the )?centenary of the (?:party|cpc|ccp|communist party of china)"
    rf"|(?:the )?{_PARTY}?(\d{{1,3}})(?:st|nd|rd|th) anniversary(?: of the (?:party|cpc|ccp|founding of the (?:party|cpc|ccp)))?"
)
def _r_party_anniversary(m: re.Match[str], now: date, raw: str) -> Period:
    n = int(m[1] or m[2] or 100)
    return _whole_year(_year(1921 + n, raw))


def _point(s: str, now: date, raw: str) -> tuple[Period, bool] | None:
    """One rule's reading of the whole of ``s``: (period, approximate), or None."""
    zh, en = not s.isascii(), any("a" <= c <= "z" for c in s)
    for pattern, fn, about, script in _POINT_RULES:
        if (script == "zh" and not zh) or (script == "en" and not en):
            continue
        m = pattern.fullmatch(s)
        if m:
            return fn(m, now, raw), bool(about and about(m))
    return None


# ── Relative words, replaced by what they name before the grammar reads ─────


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-w{w}"


def _relative(s: str, now: date, raw: str) -> str:
    """去年年底 → 2025年年底, last month → october 2026, 上季度末 → 2026年第3季度末."""

    def year(n: int, zh: bool) -> str:
        y = now.year - n
        if not 1 <= y <= 9999:
            raise DateError(f"{raw!r}: counted from today ({now}) that is outside the calendar")
        return f"{y:04d}年" if zh else f"{y:04d}"

    def month(n: int, zh: bool) -> str:
        y, mo = _months_back(now, n)
        if not 1 <= y <= 9999:
            raise DateError(f"{raw!r}: counted from today ({now}) that is outside the calendar")
        return f"{y:04d}年{mo}月" if zh else f"{_MONTH_NAMES[mo - 1]} {y:04d}"

    def quarter(n: int, zh: bool) -> str:
        y, mo = _months_back(now, 3 * n)
        q = (mo - 1) // 3 + 1
        if not 1 <= y <= 9999:
            raise DateError(f"{raw!r}: counted from today ({now}) that is outside the calendar")
        return f"{y:04d}年第{q}季度" if zh else f"q{q} {y:04d}"

    def day(n: int, zh: bool) -> str:
        try:
            d = now - timedelta(days=n)
        except OverflowError:
            raise DateError(
                f"{raw!r}: counted from today ({now}) that is outside the calendar"
            ) from None
        return f"{d.year:04d}年{d.month}月{d.day}日" if zh else d.isoformat()

    def week(n: int, zh: bool) -> str:
        try:
            return _iso_week(now - timedelta(weeks=n))
        except OverflowError:
            raise DateError(
                f"{raw!r}: counted from today ({now}) that is outside the calendar"
            ) from None

    def replace(m: re.Match[str]) -> str:
        word = m[0]
        if m["n_years"]:
            n = int(m["n_years"])
            return year(-n if m["years_dir"] in ("后", "以后", "之后") else n, True)
        if m["n_months"]:
            sign = -1 if m["months_dir"] in ("后", "以后", "之后") else 1
            if m["n_months"] == "半":  # 半个月前: half a month, some fifteen days
                return day(15 * sign, True)
            return month(int(m["n_months"]) * sign, True)
        if m["half_dir"]:  # 半年前: six months
            return month(-6 if m["half_dir"] == "后" else 6, True)
        if m["en_n"]:
            n = 1 if m["en_n"] in ("a", "one") else int(m["en_n"])
            unit = m["en_unit"]
            if unit == "year":
                return year(n, False)
            if unit == "month":
                return month(n, False)
            if unit == "quarter":
                return quarter(n, False)
            return word  # weeks, days: dateparser's
        kind, n = _RELATIVE_WORDS[word]
        zh = not word.isascii()
        return {"y": year, "m": month, "q": quarter, "d": day, "w": week}[kind](n, zh)

    return _RELATIVE.sub(replace, s)


_RELATIVE_WORDS: dict[str, tuple[str, int]] = {
    "大前年": ("y", 3), "前年": ("y", 2), "去年": ("y", 1), "上年": ("y", 1), "上一年": ("y", 1),
    "今年": ("y", 0), "本年": ("y", 0), "明年": ("y", -1), "下一年": ("y", -1), "后年": ("y", -2),
    "大后年": ("y", -3),
    "the year before last": ("y", 2), "last year": ("y", 1), "this year": ("y", 0),
    "next year": ("y", -1), "previous year": ("y", 1), "the previous year": ("y", 1),
    "本月": ("m", 0), "这个月": ("m", 0), "当月": ("m", 0), "上月": ("m", 1), "上个月": ("m", 1),
    "上一个月": ("m", 1), "下月": ("m", -1), "下个月": ("m", -1),
    "this month": ("m", 0), "last month": ("m", 1), "next month": ("m", -1),
    "本季度": ("q", 0), "本季": ("q", 0), "这个季度": ("q", 0), "当季": ("q", 0),
    "上季度": ("q", 1), "上个季度": ("q", 1), "上一季度": ("q", 1), "上一个季度": ("q", 1),
    "上季": ("q", 1), "下季度": ("q", -1), "下个季度": ("q", -1),
    "this quarter": ("q", 0), "last quarter": ("q", 1), "next quarter": ("q", -1),
    "今天": ("d", 0), "今日": ("d", 0), "昨天": ("d", 1), "昨日": ("d", 1), "前天": ("d", 2),
    "明天": ("d", -1), "明日": ("d", -1), "today": ("d", 0), "yesterday": ("d", 1),
    "tomorrow": ("d", -1),
    "本周": ("w", 0), "这周": ("w", 0), "这个星期": ("w", 0), "上周": ("w", 1), "上个星期": ("w", 1),
    "上星期": ("w", 1), "下周": ("w", -1), "this week": ("w", 0), "last week": ("w", 1),
    "next week": ("w", -1),
}  # fmt: skip
_RELATIVE = _Lazy(
    r"(?:^|(?<=[从自至到止约在于 ]))(?P<n_years>\d{1,3})年(?P<years_dir>以前|之前|以后|之后|前|后)"
    r"|(?:^|(?<=[从自至到止约在于 ]))(?P<n_months>\d{1,3}|半)个月(?P<months_dir>以前|之前|以后|之后|前|后)"
    r"|(?<![\d上下前后])半年(?P<half_dir>前|后)"
    r"|\b(?P<en_n>\d{1,3}|a|one) (?P<en_unit>year|month|quarter|week|day)s? ago\b"
    r"|(?<![\d年])(?:"
    + "|".join(
        sorted((re.escape(w) for w in _RELATIVE_WORDS if not w.isascii()), key=len, reverse=True)
    )
    + r")|(?<!the )\b(?:"
    + "|".join(
        sorted((re.escape(w) for w in _RELATIVE_WORDS if w.isascii()), key=len, reverse=True)
    )
    + r")\b"
)
_HAS_RELATIVE = _Lazy(
    r"[去今本明前后上下这当昨大半]|year|month|quarter|week|today|yesterday|tomorrow"
)


# ── Spans back from now, open ends, ranges ──────────────────────────────────

_SPAN_BACK = _Lazy(
    r"(?:近|最近|过去|这)(?P<a>\d{1,3}|半)(?P<au>年|个月|周|天)(?:来|以来|内|间)?"
    r"|(?P<b>\d{1,3}|半)多?(?P<bu>年|个月)(?:来|以来)"
    r"|(?:in |over |during )?(?:the )?(?:last|past|previous) (?:(?P<c>\d{1,3}) )?"
    r"(?P<cu>decade|year|month|week|day)s?"
)
_YEAR_TO_DATE = {"year to date", "year-to-date", "ytd"}  # as 今年以来, 年初至今
_UNTIL_NOW = {"截至目前", "截止目前", "到目前为止", "迄今", "迄今为止", "至今", "至今为止",
              "到现在", "so far", "to date", "until now", "up to now", "till now", "as of now",
              "until the present", "up to the present"}  # fmt: skip


class _Marker:
    """Words that open one end of a phrase (or neither: 在2020年, during 2020)."""

    __slots__ = ("about", "exclusive", "prefix", "side", "suffix")

    def __init__(
        self,
        prefix: _Lazy | None,
        suffix: _Lazy | None,
        side: str | None,  # "since", "until", or None (a neutral word)
        exclusive: bool = False,  # "after 2019" starts in 2020, "before 2020" ends in 2019
        about: bool = False,  # "2020年前后", "around 2020"
    ) -> None:
        self.prefix, self.suffix, self.side = prefix, suffix, side
        self.exclusive, self.about = exclusive, about


_NOW_END = (
    r"(?:–|-| - | to | until | till |至|到)(?:present|now|today|date|the present|目前|现在|今)"
)
_MARKERS = (
    _Marker(_Lazy(r"^(?:around|circa|about|approximately|roughly|c\.|ca\.|约|大约|大概) ?"),
            _Lazy(r"(?:前后|左右| or so)$"), None, about=True),
    _Marker(None, _Lazy(r"(?:及以后|及之后|以及以后|或以后| and later| or later| and after"
                        r"| or after| and beyond| onwards| onward| on)$"), "since"),
    _Marker(None, _Lazy(r"(?:及以前|及之前|以及以前|或以前| and earlier| or earlier| and before"
                        r"| or before)$"), "until"),
    _Marker(_Lazy(r"^(?:自从|自打|打从|始于|自|从|由|since |from |starting (?:from |in |on )?"
                  r"|beginning (?!of)(?:in |on )?|as from |effective |commencing )"),
            _Lazy(rf"(?:以来至今|起至今|以来|(?<=[年月日大代期])来|至今|开始|起|伊始|{_NOW_END})$"),
            "since"),
    _Marker(_Lazy(r"^(?:after |post-|post |later than |subsequent to |following )"),
            _Lazy(r"(?:以后|之后|往后|后)$"), "since", exclusive=True),
    _Marker(_Lazy(r"^(?:截至到|截止到|截至|截止|直到|直至|到|至|迄|until |till |til |through "
                  r"|thru |by |up to |up until |as of |as at |no later than |not later than )"),
            _Lazy(r"(?:为止|止)$"), "until"),
    _Marker(_Lazy(r"^(?:before |prior to |pre-|pre |earlier than |ahead of |preceding )"),
            _Lazy(r"(?:以前|之前|前)$"), "until", exclusive=True),
    _Marker(_Lazy(r"^(?:在|于|in |during |on |at |within |throughout |for )"),
            _Lazy(r"(?:期间|时期|年间|间|内|当中|之内)$"), None),
)  # fmt: skip
_SEPARATOR = _Lazy(r" to | through | thru | until | till |(?:起|以来)?(?:至|到)| ?– ?| - |-")
_AND = _Lazy(" and ")
_FOUR_DIGITS = _Lazy(r"(?<!\d)\d{4}(?!\d)")
# a Chinese month or part of a year with its year apart: 1—9月 2021, 2021 3月上旬
_YEAR_LAST = _Lazy(r"(?P<rest>.*[^\x00-\x7f]) ?(?P<year>\d{4})年?")
_YEAR_FIRST = _Lazy(r"(?P<year>\d{4}) (?P<rest>.*[^\x00-\x7f].*)")


def _range(s: str, now: date, raw: str) -> tuple[Period, bool] | None:
    """Two points joined by a range word or dash; the second may borrow the first's year
    and month (2019年3月至6月, 12月1日至31日), the first the second's (Apr–Dec 2020, 1—9月)."""
    between = s.startswith("between ")
    body = s[len("between ") :] if between else s
    separators = _AND if between else _SEPARATOR  # 2019 and 2021: two years, not a range
    error: DateError | None = None
    for sep in separators.get().finditer(body):
        left, right = body[: sep.start()].strip(), body[sep.end() :].strip()
        if not left or not right or len(left) > 64 or len(right) > 64:
            continue  # (no end of a range is longer than 64 characters)
        try:
            found = _pair(left, right, now, raw)
        except DateError as exc:
            error = error or exc
            continue
        if found is not None:
            (first, rough_first), (second, rough_second) = found
            if first.start and second.end and first.start > second.end:
                raise DateError(f"{raw!r}: the range starts after it ends")
            period = Period(first.start, second.end, first.start_precision, second.end_precision)
            return period, rough_first or rough_second
    if error is not None:
        raise error
    return None


def _pair(
    left: str, right: str, now: date, raw: str
) -> tuple[tuple[Period, bool], tuple[Period, bool]] | None:
    right_has_year = _FOUR_DIGITS.search(right) is not None
    left_has_year = _FOUR_DIGITS.search(left) is not None
    first = _point(left, now, raw) if left_has_year or not right_has_year else None
    if first is None and right_has_year:  # Apr–Dec 2020, 1—9月 2021
        year = list(_FOUR_DIGITS.get().finditer(right))[-1][0]
        unit = re.search(r"\d(月|日|号|季度)", right)
        for candidate in (f"{left} {year}", f"{year}年{left}",
                          f"{year}年{left}{unit[1] if unit else ''}"):  # fmt: skip
            first = _point(candidate, now, raw)
            if first:
                break
        if first is None:  # 党的十八大至2021年: a left end that names its own year
            first = _point(left, now, raw)
    if first is None and left.isdigit():  # 1—9月, 2021年1—9月
        unit = re.search(r"\d(月|日|号|季度)", right)
        if unit:
            first = _point(left + unit[1], now, raw)
    if first is None and re.fullmatch(r"\d{4}年\d{1,2}", left):
        first = _point(left + "月", now, raw)
    if first is None:
        return None
    start = first[0].start
    second = None
    if start is not None and not right_has_year:  # the right end borrows the left's context
        y, mo = start.year, start.month
        if re.fullmatch(r"\d{1,2}[日号]", right):  # 12月1日至31日
            candidates = [f"{y}年{mo}月{right}"]
        elif right[0].isdigit() and not right.isdigit():  # 2019年3月至6月, 一季度至三季度
            candidates = [f"{y}年{right}"] if left_has_year else []
        elif not right.isascii():  # 2020年3月上旬至下旬, 2020年上半年至下半年
            candidates = [f"{y}年{mo}月{right}", f"{y}年{right}"]  # (3月上旬至下旬 too)
            if right.startswith("月"):  # 2019年3月至月底: the end of that month, not this one
                candidates.insert(0, f"{y}年{mo}{right}")
        else:  # March 2020 to June
            candidates = [f"{right} {y}"] if left_has_year else []
        for candidate in candidates:
            second = _point(candidate, now, raw)
            if second is not None:
                break
    if second is None:
        second = _point(right, now, raw)
    if second is None:
        return None
    return first, second


def read(text: str, *, now: date) -> DateQuery | None:
    """The grammar's reading of one whole phrase, or None when it has no rule for it.

    Raises DateError for a phrase it recognises but that names no real date (2021年13月).
    """
    return _read(normalise(text), now, text)


def _read(s: str, now: date, raw: str) -> DateQuery | None:
    if _HAS_RELATIVE.search(s):  # before the big pattern: most phrases have no relative word
        s = _relative(s, now, raw)
    if s in _UNTIL_NOW:
        return DateQuery(raw, Period(None, now, "open", "day"), "until")
    if s in _YEAR_TO_DATE:
        return DateQuery(raw, Period(date(now.year, 1, 1), None, "year", "open"), "since")
    m = _SPAN_BACK.fullmatch(s)
    if m:
        n_text = m["a"] or m["b"] or m["c"] or "1"
        unit = m["au"] or m["bu"] or m["cu"]
        if n_text == "半":
            n_text, unit = ("6", "个月") if unit == "年" else ("15", "天")
        n = int(n_text)
        if unit == "decade":
            n, unit = 10 * n, "year"
        try:
            if unit in ("年", "year"):
                start = _years_back(now, n)
            elif unit in ("个月", "month"):
                y, mo = _months_back(now, n)
                start = date(y, mo, min(now.day, calendar.monthrange(y, mo)[1]))
            else:
                start = now - timedelta(days=n * (7 if unit in ("周", "week") else 1))
        except (ValueError, OverflowError):
            raise DateError(
                f"{raw!r}: counted from today ({now}) that is outside the calendar"
            ) from None
        return DateQuery(raw, _days(start, now), None, approximate=True)

    for marker in _MARKERS:
        inner = s
        if marker.prefix is not None:
            inner = marker.prefix.sub("", inner, 1) if marker.prefix.match(inner) else inner
        had_prefix = inner != s
        if marker.suffix is not None:
            inner = marker.suffix.sub("", inner, 1)
        inner = inner.strip()
        if inner == s or not inner:
            continue
        if marker.side is not None and not marker.exclusive:
            ranged = _range(inner, now, raw) if _point(inner, now, raw) is None else None
            if ranged is not None:
                if marker.side == "since" and had_prefix:  # 从2019年到2021年, since 2019 to
                    return DateQuery(raw, ranged[0], None, ranged[1])  # 2021: a closed range
                raise DateError(  # 截至2019年至2021年: one end would be dropped unsaid
                    f"{raw!r}: a range with a word that leaves one end open would lose an "
                    f"end; write the range alone (2019年至2021年) or one open end "
                    f"(2019年以来, 截至2021年)"
                )
        found = _read(inner, now, raw)
        if found is None:
            continue
        p, about = found.period, found.approximate or marker.about
        if marker.side is None or found.opens is not None:
            if marker.side not in (None, found.opens):
                continue
            return DateQuery(raw, p, found.opens, about)
        if marker.side == "since":
            first = p.start
            if marker.exclusive and p.end is not None:
                first = p.end + timedelta(days=1)
            return DateQuery(raw, Period(first, None, p.start_precision, "open"), "since", about)
        last = p.end
        if marker.exclusive and p.start is not None:
            last = p.start - timedelta(days=1)
        return DateQuery(raw, Period(None, last, "open", p.end_precision), "until", about)

    point = _point(s, now, raw)
    if point is not None:
        return DateQuery(raw, point[0], None, point[1])
    ranged = _range(s, now, raw)
    if ranged is not None:
        return DateQuery(raw, ranged[0], None, ranged[1])
    apart = _YEAR_LAST.fullmatch(s) or _YEAR_FIRST.fullmatch(s)
    if apart and not _FOUR_DIGITS.search(apart["rest"]):  # 1—9月 2021, 2021 3月上旬
        return _read(f"{apart['year']}年{apart['rest']}", now, raw)
    return None


def parse(text: str, *, now: date) -> DateQuery:
    """Parse a date phrase relative to ``now``; raise DateError when it cannot."""
    raw = text
    if not text or not text.strip():
        raise DateError(f"empty date; {ACCEPTED}")
    if len(text) > 200:
        raise DateError(f"date of {len(text)} characters is too long to be a date; {ACCEPTED}")
    try:
        s = normalise(text)
        if s.isdigit() and len(s) == 4:  # the common case, 2019: no other rule needed
            return DateQuery(raw, _whole_year(_year(s, raw)))
        found = _read(s, now, raw)
        if found is not None:
            return found
        if re.fullmatch(r"\d{4}年\d{1,2}", s):
            raise DateError(f"{raw!r}: write the month with 月 (e.g. {s}月)")
        found = _fallback(s, now, raw)
        if found is not None:
            return found
    except (ValueError, OverflowError):  # a date past year 9999 or before year 1
        raise DateError(f"{raw!r} reaches outside the calendar (years 1–9999)") from None
    raise DateError(_diagnose(now, raw))


def _diagnose(now: date, raw: str) -> str:
    """Why a phrase cannot be read: the longest part the grammar understood, and the rest,
    both as the user wrote them (not as normalised: 十三五, not its internal token)."""
    best: tuple[int, str] | None = None
    s = raw.strip()
    numeral = _CN_RUN.get()
    for cut in range(1, len(s)):
        a, b = s[cut - 1], s[cut]
        if (
            (a.isdigit() and b.isdigit())
            or (a.isascii() and b.isascii() and a.isalpha() and b.isalpha())
            or (numeral.fullmatch(a) and numeral.fullmatch(b))
        ):
            continue  # never inside a number, a Chinese numeral or a word
        for part, rest, where in ((s[:cut], s[cut:], "after"), (s[cut:], s[:cut], "before")):
            part, rest = part.strip(), rest.strip()
            if not rest or not part or len(part) > 64 or (best and len(part) <= best[0]):
                continue  # (no date phrase is longer than 64 characters)
            try:
                found = _read(normalise(part), now, raw)
            except (DateError, ValueError, OverflowError):
                continue
            if found is not None:
                best = (
                    len(part),
                    f"{raw!r}: read {part!r} but not {rest!r} {where} it; {ACCEPTED}",
                )
    if best is not None:
        return best[1]
    return f"cannot read {raw!r} as a date; {ACCEPTED}"


# ── The fallback: EDTF as in fact files, then dateparser, checked ───────────


def _fallback(s: str, now: date, raw: str) -> DateQuery | None:
    """EDTF as written in fact files, then dateparser for what the grammar lacks."""
    if re.fullmatch(r"[\dx./-]+[?~%]?", s) or "/" in s:
        try:
            p = parse_edtf(s.upper())
            opens = "since" if p.end is None else "until" if p.start is None else None
            return DateQuery(raw, p, opens)
        except EdtfError as exc:
            if re.fullmatch(r"\d{4}-\d\d(-\d\d)?", s):
                raise DateError(str(exc)) from None
    if _unaccounted(s, None) is not None:
        return None  # words dateparser would skip or guess at: refuse without asking it
    return _dateparser(s, now, raw)


# What dateparser may be trusted with: counts of units back or forward from now, named
# weekdays, and the words that join them. Any other word, and any number it does not
# reproduce, means it would be guessing (it reads "the 2010s" as today).
_FALLBACK_WORDS = frozenset(
    [
        "ago",
        "in",
        "last",
        "next",
        "this",
        "past",
        "previous",
        "coming",
        "the",
        "a",
        "an",
        "on",
        "of",
        "and",
        "one",
        "day",
        "days",
        "week",
        "weeks",
        "fortnight",
        "fortnights",
        "month",
        "months",
        "year",
        "years",
        "hour",
        "hours",
        "minute",
        "minutes",
        "now",
    ]
)
_WEEKDAYS = {
    name: i
    for i, names in enumerate(
        (("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
         ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"),
         ("sunday", "sun")),
        start=1,
    )
    for name in names
}  # fmt: skip
_FALLBACK_ZH = frozenset("天日周星期礼拜个月年前后上下本这今昨明小时分钟秒半")
_UNIT_AFTER = _Lazy(r"\s*(?:days?|weeks?|fortnights?|months?|years?|hours?|minutes?|天|周|星期|礼拜|个|小时|分钟|秒)")  # fmt: skip
_TOKEN = _Lazy(r"\d+|[a-z]+|[\u3400-\u9fff]|[\s,.'-]+|.")


def _unaccounted(s: str, found: date | None) -> str | None:
    """The first part of ``s`` that a fallback reading ``found`` does not account for
    (every part, before there is a reading, that no reading could account for)."""
    for m in _TOKEN.get().finditer(s):
        tok = m[0]
        if tok.isdigit():
            if len(tok) <= 3 and _UNIT_AFTER.match(s, m.end()):
                continue  # a count: 3 weeks ago, 3天前 (four digits are always a year)
            if found is None:
                continue
            if len(tok) >= 4:  # a year, whatever stands around it
                if int(tok) == found.year:
                    continue
                return tok
            if s[: m.start()].rstrip().endswith(("周", "星期", "礼拜")):  # 上周1: a weekday
                if len(tok) == 1 and found.isoweekday() == int(tok):
                    continue
                return tok
            unit = s[m.end() : m.end() + 1]
            n = int(tok)
            if (unit == "月" and n == found.month) or (unit in ("日", "号") and n == found.day):
                continue  # 3月15日: the month and the day it read
            if len(tok) <= 2 and n == found.day:
                continue
            return tok
        if tok[0].isalpha() and tok.isascii():
            if tok in _FALLBACK_WORDS:
                continue
            if tok in _WEEKDAYS:
                if found is None or found.isoweekday() == _WEEKDAYS[tok]:
                    continue
                return tok
            if tok in _MONTHS:
                if found is None or found.month == _MONTHS[tok]:
                    continue
                return tok
            return tok
        if tok.strip(" ,.'-") == "":
            continue
        if tok in _FALLBACK_ZH:
            continue
        return tok
    return None


def _dateparser(s: str, now: date, raw: str) -> DateQuery | None:
    from datetime import datetime

    import dateparser  # slow import: only for phrases the grammar does not cover

    parser = dateparser.date.DateDataParser(
        languages=["zh", "en"],
        settings={
            "RELATIVE_BASE": datetime(now.year, now.month, now.day),
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": False,
        },
    )
    try:
        data = parser.get_date_data(s)
    except (ValueError, OverflowError, LookupError):
        data = None
    if data is None or data.date_obj is None:
        if not 1 < now.year < 9999:  # its counts ran off the calendar (it says nothing)
            raise DateError(f"{raw!r}: counted from today ({now}) that is outside the calendar")
        return None
    found = data.date_obj.date()
    missing = _unaccounted(s, found)
    if missing is not None:
        raise DateError(
            f"{raw!r}: the only reading found, {found.isoformat()}, does not account for "
            f"{missing!r}; not guessing (write e.g. 2021-12, 2021年12月)"
        )
    if not SANE_YEARS[0] <= found.year <= SANE_YEARS[1]:
        raise DateError(
            f"{raw!r} reads as {found.isoformat()}, outside {SANE_YEARS[0]}–{SANE_YEARS[1]}"
        )
    kind = data.period or "day"
    if kind == "year":
        return DateQuery(raw, _whole_year(found.year))
    if kind == "month":
        return DateQuery(raw, _month(found.year, found.month, raw))
    if kind == "week":
        monday = found - timedelta(days=found.weekday())
        return DateQuery(raw, _days(monday, monday + timedelta(days=6)))
    return DateQuery(raw, _days(found, found))


# ── What the options make of a phrase ────────────────────────────────────────


def since_bound(text: str, *, now: date, option: str = "--since") -> date:
    """The first day a ``--since`` value admits."""
    return _bound(text, now, option, end=False)


def until_bound(text: str, *, now: date, option: str = "--until") -> date:
    """The last day an ``--until`` value admits (the whole period: --until 2020 = 2020-12-31)."""
    return _bound(text, now, option, end=True)


def _bound(text: str, now: date, option: str, *, end: bool) -> date:
    q = _parse_option(text, now, option)
    if q.opens == ("since" if end else "until"):  # the phrase's own operator contradicts the flag
        meaning, other = ("'from … on'", "--since") if end else ("'up to'", "--until")
        raise DateError(f"{option} {text!r}: this phrase means {meaning}; use {other} instead")
    day = q.period.end if end else q.period.start
    if day is None:
        raise DateError(f"{option} {text!r} has no {'end' if end else 'start'}")
    return day


def year_period(text: str, *, now: date, option: str = "--year") -> Period:
    """A ``--year`` value: any phrase that names exactly one calendar year."""
    q = _parse_option(text, now, option)
    p = q.period
    if (
        q.opens
        or p.start is None
        or p.end is None
        or p.start_precision != "year"
        or p.start != date(p.start.year, 1, 1)
        or p.end != date(p.start.year, 12, 31)
    ):
        raise DateError(
            f"{option} {text!r} is not a single year (e.g. 2020, 2020年, 二〇二〇年, 去年)"
        )
    return p


def _parse_option(text: str, now: date, option: str) -> DateQuery:
    try:
        return parse(text, now=now)
    except DateError as exc:
        raise DateError(f"{option}: {exc}") from None


# ── Finding date phrases inside running text (for the extractor) ─────────────
# The pattern below only *proposes* spans shaped like a date phrase; ``parse`` — the
# one grammar — decides what each means, and a span it cannot read is dropped. Four
# ASCII or Chinese digits followed by 年 make a year; "2018名" (a head count) and
# "5年" (a length) are not proposed.

_D = "0-9０-９"
_CN = "〇○零一二三四五六七八九"
_Y = rf"(?<![{_D}])(?:[{_D}]{{4}}|[{_CN}]{{4}})年"
_MD = rf"(?:[{_D}{_CN}十]{{1,3}}月(?:[{_D}{_CN}十]{{1,3}}[日号])?)?"
_YPART = r"(?:初|中(?![国央共华心])|底|末|上半年|下半年|第?[一二三四1-4]季度|[春夏秋冬]季?)?"
_PHRASE = _Lazy(
    r"(?:自从|自|从|截至到|截止到|截至|截止|直到|到)?"
    r"(?:"
    rf"{_Y}{_MD}{_YPART}(?:(?:至|到|—|–|-)(?:{_Y}{_MD}{_YPART}|[{_D}{_CN}十]{{1,3}}月))?"
    r"|(?:党的|中共)?(?:十八|十九|二十|18|19|20)大(?:召开时?)?"
    r"|建党(?:一百|百|100)周?年"
    rf"|(?:近|最近|过去)[{_D}{_CN}十两]{{1,3}}(?:年|个月)(?:来|以来)?"
    rf"|(?<![{_D}{_CN}十两])[{_D}{_CN}十两]{{1,3}}多?(?:年|个月)(?:来|以来)"
    r")"
    r"(?:以来|起至今|至今|开始|起|以后|之后|以前|之前|为止)?"
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date phrase found in a text: where it is, and what the grammar makes of it."""

    start: int
    end: int
    query: DateQuery

    @property
    def text(self) -> str:
        return self.query.text


def find_dates(text: str, *, now: date) -> list[FoundDate]:
    """Every date phrase in ``text``, in order, read by :func:`parse` relative to ``now``
    (for an article: its publication date)."""
    found = []
    for m in _PHRASE.get().finditer(text):
        try:
            q = parse(m[0], now=now)
        except DateError:
            continue
        found.append(FoundDate(m.start(), m.end(), q))
    return found
