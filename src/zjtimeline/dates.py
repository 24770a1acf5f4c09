"""Dates as people type them → inclusive periods.

A grammar of our own covers the forms this domain writes (2004年, 二〇一三年七月,
2020年初, 截至2021年底, 2016年以来, 党的十八大以来, March 2020, since 2019, Q1 2020,
2 years ago …). Anything it does not cover goes to dateparser, imported here and
only when needed. "Now" is always a parameter, so results are reproducible.
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
    "2020年底, 上半年, 第一季度, 2016年以来, 截至2021年底, 2019年至2021年, March 2020, "
    "early 2020, Q1 2020, since 2019, until 2021, 2 years ago, 党的十八大以来, 建党百年"
)
MIN_YEAR, MAX_YEAR = 1000, 2999  # what the grammar reads as a year
SANE_YEARS = (1800, 2200)  # what we accept from dateparser


@dataclass(frozen=True, slots=True)
class DateQuery:
    """A parsed date phrase: its period, and which end the phrase itself left open."""

    text: str
    period: Period
    opens: str | None = None  # "since" (open end) | "until" (open start) | None
    approximate: bool = False  # "十年来", "近3年": a span counted back from now


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

    def match(self, s: str) -> re.Match[str] | None:
        return self.get().match(s)

    def search(self, s: str) -> re.Match[str] | None:
        return self.get().search(s)

    def sub(self, repl: Any, s: str) -> str:
        return self.get().sub(repl, s)


# ── Normalisation ────────────────────────────────────────────────────────────

_CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_RUN = _Lazy("[〇○零一二两三四五六七八九十百千]+")
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_NEAR_CJK = _Lazy(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")


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
    """Fold full-width forms, Chinese numerals, case and spacing."""
    s = unicodedata.normalize("NFKC", text).casefold().strip()
    if not s.isascii():  # ASCII input (2019, March 2020) skips the Chinese passes
        s = _CN_RUN.sub(lambda m: str(chinese_numeral(m.group())), s)
        s = _SPACE_NEAR_CJK.sub("", s)
    s = " ".join(s.split())
    return s.strip(" 。.,，")


# ── Small helpers ────────────────────────────────────────────────────────────


def _year(text: str, raw: str) -> int:
    y = int(text)
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise DateError(f"{raw!r}: year {y} is out of range ({MIN_YEAR}–{MAX_YEAR})")
    return y


def _month(y: int, m: int, raw: str) -> Period:
    if not 1 <= m <= 12:
        raise DateError(f"{raw!r}: there is no month {m} (months are 1–12)")
    return Period(date(y, m, 1), month_end(y, m), "month", "month")


def _day(y: int, m: int, d: int, raw: str) -> Period:
    if not 1 <= m <= 12:
        raise DateError(f"{raw!r}: there is no month {m} (months are 1–12)")
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        raise DateError(f"{raw!r}: there is no day {d} in {y}-{m:02d} (it has {last} days)")
    day = date(y, m, d)
    return Period(day, day, "day", "day")


def _months(y: int, first: int, last: int, precision: str) -> Period:
    return Period(date(y, first, 1), month_end(y, last), precision, precision)


def _whole_year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), "year", "year")


def _years_back(now: date, n: int) -> date:
    try:
        return now.replace(year=now.year - n)
    except ValueError:  # 29 February
        return now.replace(year=now.year - n, day=28)


def _months_back(now: date, n: int) -> tuple[int, int]:
    total = now.year * 12 + now.month - 1 - n
    return total // 12, total % 12 + 1


# Parts of a year: the words → (first month, last month, precision).
_PARTS: dict[str, tuple[int, int, str]] = {}
for _words, _span in (
    (("初", "年初", "early", "beginning of", "the beginning of", "start of", "the start of"),
     (1, 3, "quarter")),
    (("中", "年中", "mid", "mid-", "middle of", "the middle of"), (5, 8, "month")),
    (("late",), (10, 12, "quarter")),
    (("底", "年底", "末", "年末", "end of", "the end of"), (12, 12, "month")),
    (("上半年", "前半年", "first half of", "the first half of", "1st half of", "h1"),
     (1, 6, "half")),
    (("下半年", "后半年", "second half of", "the second half of", "2nd half of", "h2"),
     (7, 12, "half")),
    (("1季度", "第1季度", "q1", "first quarter of", "the first quarter of"), (1, 3, "quarter")),
    (("2季度", "第2季度", "q2", "second quarter of", "the second quarter of"), (4, 6, "quarter")),
    (("3季度", "第3季度", "q3", "third quarter of", "the third quarter of"), (7, 9, "quarter")),
    (("4季度", "第4季度", "q4", "fourth quarter of", "the fourth quarter of"),
     (10, 12, "quarter")),
    (("春", "春季", "春天", "spring"), (3, 5, "season")),
    (("夏", "夏季", "夏天", "summer"), (6, 8, "season")),
    (("秋", "秋季", "秋天", "autumn", "fall"), (9, 11, "season")),
    (("冬", "冬季", "冬天", "winter"), (12, 14, "season")),
):  # fmt: skip
    for _w in _words:
        _PARTS[_w] = _span
_ZH_PARTS = "|".join(
    sorted((re.escape(w) for w in _PARTS if not w.isascii()), key=len, reverse=True)
)
_EN_PARTS = "|".join(sorted((re.escape(w) for w in _PARTS if w.isascii()), key=len, reverse=True))

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


def _part(y: int, word: str) -> Period:
    first, last, precision = _PARTS[word]
    if last > 12:  # winter runs into the next year
        return Period(date(y, first, 1), month_end(y, last), precision, precision)
    return _months(y, first, last, precision)


# ── Points: one day, month, part of a year, or year ─────────────────────────

_PointRule = tuple[_Lazy, Callable[[re.Match[str], date, str], Period]]

_POINT_RULES: list[_PointRule] = []


def _rule(pattern: str) -> Callable[[Callable[[re.Match[str], date, str], Period]], None]:
    def add(fn: Callable[[re.Match[str], date, str], Period]) -> None:
        _POINT_RULES.append((_Lazy(pattern), fn))

    return add


@_rule(r"(\d{4})(?:年度?)?")
def _r_year(m: re.Match[str], now: date, raw: str) -> Period:
    return _whole_year(_year(m[1], raw))


@_rule(r"(\d{4})(?:年|[-/.])(\d{1,2})(?:月份?)?")
def _r_month(m: re.Match[str], now: date, raw: str) -> Period:
    if "年" in m[0] and not m[0].endswith(("月", "月份")):
        raise DateError(f"{raw!r}: write the month with 月 (e.g. 2020年3月)")
    if "-" in m[0] and len(m[2]) == 2 and int(m[2]) > 12:
        try:  # EDTF seasons, quarters and halves: 2020-21, 2020-33, 2020-40
            return parse_edtf(m[0])
        except EdtfError:
            pass
    return _month(_year(m[1], raw), int(m[2]), raw)


@_rule(
    r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?|(\d{4})([-/.])(\d{1,2})\5(\d{1,2})|(\d{4})(\d\d)(\d\d)"
)
def _r_day(m: re.Match[str], now: date, raw: str) -> Period:
    y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[6], m[7]) if m[4] else (m[8], m[9], m[10])
    return _day(_year(y, raw), int(mo), int(d), raw)


@_rule(rf"(\d{{4}})年?({_ZH_PARTS})")
def _r_zh_part(m: re.Match[str], now: date, raw: str) -> Period:
    return _part(_year(m[1], raw), m[2])


@_rule(rf"({_ZH_PARTS})")
def _r_zh_part_this_year(m: re.Match[str], now: date, raw: str) -> Period:
    if m[1] in ("初", "中", "底", "末", "春", "夏", "秋", "冬"):
        raise DateError(f"{raw!r}: which year? (e.g. 2020年{m[1]})")
    return _part(now.year, m[1])


@_rule(rf"(?:the )?({_EN_PARTS})[ -]?(\d{{4}})|(\d{{4}})[ -]?(q[1-4]|h[12])")
def _r_en_part(m: re.Match[str], now: date, raw: str) -> Period:
    word, y = (m[1], m[2]) if m[1] else (m[4], m[3])
    return _part(_year(y, raw), word.rstrip("-"))


@_rule(rf"({_MON})\.? (\d{{4}})|(\d{{4}}) ({_MON})")
def _r_en_month(m: re.Match[str], now: date, raw: str) -> Period:
    name, y = (m[1], m[2]) if m[1] else (m[4], m[3])
    return _month(_year(y, raw), _MONTHS[name], raw)


@_rule(
    rf"(\d{{1,2}})(?:st|nd|rd|th)? ({_MON})\.?,? (\d{{4}})|({_MON})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})"
)
def _r_en_day(m: re.Match[str], now: date, raw: str) -> Period:
    d, name, y = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
    return _day(_year(y, raw), _MONTHS[name], int(d), raw)


@_rule(r"(\d{1,2})月份?")
def _r_zh_month_this_year(m: re.Match[str], now: date, raw: str) -> Period:
    return _month(now.year, int(m[1]), raw)


@_rule(r"(\d{1,2})月(\d{1,2})[日号]")
def _r_zh_day_this_year(m: re.Match[str], now: date, raw: str) -> Period:
    return _day(now.year, int(m[1]), int(m[2]), raw)


_RELATIVE_YEARS = {
    "今年": 0, "本年": 0, "this year": 0, "去年": 1, "上年": 1, "last year": 1,
    "前年": 2, "the year before last": 2, "明年": -1, "next year": -1,
}  # fmt: skip


@_rule("|".join(re.escape(w) for w in _RELATIVE_YEARS))
def _r_relative_year(m: re.Match[str], now: date, raw: str) -> Period:
    return _whole_year(now.year - _RELATIVE_YEARS[m[0]])


@_rule(r"(\d{1,3})年前|(\d{1,3}) years? ago")
def _r_years_ago(m: re.Match[str], now: date, raw: str) -> Period:
    return _whole_year(now.year - int(m[1] or m[2]))


@_rule(r"本月|这个月|this month|上月|上个月|last month|(\d{1,3})个月前|(\d{1,3}) months? ago")
def _r_months_ago(m: re.Match[str], now: date, raw: str) -> Period:
    n = int(m[1] or m[2] or 0)
    if m[0] in ("上月", "上个月", "last month"):
        n = 1
    y, mo = _months_back(now, n)
    return _month(y, mo, raw)


@_rule(r"今天|今日|today|昨天|昨日|yesterday")
def _r_day_relative(m: re.Match[str], now: date, raw: str) -> Period:
    day = now - timedelta(days=1) if m[0] in ("昨天", "昨日", "yesterday") else now
    return Period(day, day, "day", "day")


# Anchors of this domain. The congress dates are those of the opening and closing
# sessions; the Party was founded in 1921, so its centenary (建党百年) is 2021.
_ANCHORS: dict[str, Period] = {
    "18大": Period(date(2012, 11, 8), date(2012, 11, 14), "day", "day"),
    "19大": Period(date(2017, 10, 18), date(2017, 10, 24), "day", "day"),
    "20大": Period(date(2022, 10, 16), date(2022, 10, 22), "day", "day"),
    "建党100年": _whole_year(2021),
    "建党100周年": _whole_year(2021),
}


def _point(s: str, now: date, raw: str) -> Period | None:
    if "大" in s or "建党" in s:
        anchor = re.fullmatch(r"(?:党的|中共)?(18大|19大|20大)(?:召开时?)?|(建党100周?年)", s)
        if anchor:
            return _ANCHORS[anchor[1] or anchor[2]]
    for pattern, fn in _POINT_RULES:
        m = pattern.fullmatch(s)
        if m:
            return fn(m, now, raw)
    return None


# ── Spans back from now, ranges and open intervals ──────────────────────────

_SPAN_BACK = _Lazy(
    r"(?:近|最近|过去)(\d{1,3})年(?:来|以来)?|(\d{1,3})(?:多)?年(?:来|以来)"
    r"|(?:the )?(?:last|past) (\d{1,3}) years"
)
_SINCE_PREFIX = _Lazy(r"^(?:自从|自|从|since |from |starting |beginning )")
_AFTER_PREFIX = _Lazy(r"^(?:after )")
_SINCE_SUFFIX = _Lazy(r"(?:以来|起至今|至今|开始|起)$")
_AFTER_SUFFIX = _Lazy(r"(?:以后|之后| onwards| onward| and later)$")
_UNTIL_PREFIX = _Lazy(
    r"^(?:截至到|截止到|截至|截止|直到|到|至|until |till |through |by |up to |as of )"
)
_UNTIL_SUFFIX = _Lazy(r"(?:为止|止)$")
_BEFORE_PREFIX = _Lazy(r"^(?:before )")
_BEFORE_SUFFIX = _Lazy(r"(?:以前|之前| and earlier)$")
# Words that open one end of a phrase: (prefix, suffix, the end it opens, whether the
# named period itself is excluded — "after 2019" starts in 2020, "before 2020" ends in 2019).
_MARKERS = (
    (_SINCE_PREFIX, _SINCE_SUFFIX, "since", False),
    (_AFTER_PREFIX, _AFTER_SUFFIX, "since", True),
    (_UNTIL_PREFIX, _UNTIL_SUFFIX, "until", False),
    (_BEFORE_PREFIX, _BEFORE_SUFFIX, "until", True),
)
_RANGE = _Lazy(r"^(?:between )?(.+?)(?: and | to | - | – | — |至|到|—|–|~| ~ )(.+)$")
_YEAR_RANGE = _Lazy(r"^(\d{4})年?-(\d{4})年?$")


def _closed(s: str, now: date, raw: str) -> Period | None:
    """A point, or a range of two points."""
    point = _point(s, now, raw)
    if point is not None:
        return point
    m = _YEAR_RANGE.match(s) or _RANGE.match(s)
    if not m:
        return None
    left, right = m[1], m[2]
    first = _point(left, now, raw)
    if first is None and right.endswith("年") and re.fullmatch(r"\d{4}", left):
        first = _point(left + "年", now, raw)  # 2019—2021年
    if first is None:
        return None
    if first.start is not None and re.fullmatch(r"\d{1,2}月.*", right):
        second = _point(f"{first.start.year}年{right}", now, raw)  # 2019年3月至6月
    else:
        second = _point(right, now, raw)
    if second is None:
        return None
    if first.start and second.end and first.start > second.end:
        raise DateError(f"{raw!r}: the range starts after it ends")
    return Period(first.start, second.end, first.start_precision, second.end_precision)


def parse(text: str, *, now: date) -> DateQuery:
    """Parse a date phrase relative to ``now``; raise DateError when it cannot."""
    raw = text
    if not text or not text.strip():
        raise DateError(f"empty date; {ACCEPTED}")
    if len(text) > 200:
        raise DateError(f"date of {len(text)} characters is too long to be a date; {ACCEPTED}")
    s = normalise(text)
    if s.isdigit() or (s[:1].isdigit() and s.replace("-", "").isdigit()):
        point = _point(s, now, raw)  # the common case, 2019 or 2019-07: no other rule needed
        if point is not None:
            return DateQuery(raw, point)

    m = re.fullmatch(r"(?:党的|中共)?(?:18大|19大|20大)(?:召开)?以来", s)
    if m:
        anchor = _point(s[: -len("以来")], now, raw)
        assert anchor is not None
        return DateQuery(raw, Period(anchor.start, None, anchor.start_precision, "open"), "since")
    m = _SPAN_BACK.fullmatch(s)
    if m:
        start = _years_back(now, int(m[1] or m[2] or m[3]))
        return DateQuery(raw, Period(start, now, "day", "day"), None, approximate=True)

    inner, opens, shift = s, None, False
    for prefix, suffix, side, shifted in _MARKERS:
        if prefix.search(s) or suffix.search(s):
            inner = suffix.sub("", prefix.sub("", s)).strip()
            opens, shift = side, shifted
            break

    if opens is not None and inner:
        period = _closed(inner, now, raw)
        if (
            period is not None
            and opens == "since"
            and inner != s
            and _RANGE.match(inner)
            and _point(inner, now, raw) is None
        ):
            return DateQuery(raw, period)  # 从2019年到2021年: a closed range
        if period is None:
            found = _fallback(inner, now, raw)
            period = found.period if found else None
        if period is not None:
            if opens == "since":
                first = period.end + timedelta(days=1) if shift and period.end else period.start
                return DateQuery(raw, Period(first, None, period.start_precision, "open"), "since")
            last = period.start - timedelta(days=1) if shift and period.start else period.end
            return DateQuery(raw, Period(None, last, "open", period.end_precision), "until")

    period = _closed(s, now, raw)
    if period is not None:
        return DateQuery(raw, period)
    found = _fallback(s, now, raw)
    if found is not None:
        return found
    raise DateError(f"cannot read {raw!r} as a date; {ACCEPTED}")


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
    if not re.search(r"[a-z\u3400-\u9fff]", s):
        return None  # digits and punctuation only: dateparser would guess
    return _dateparser(s, now, raw)


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
    data = parser.get_date_data(s)
    if data is None or data.date_obj is None:
        return None
    found = data.date_obj.date()
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
        return DateQuery(raw, Period(monday, monday + timedelta(days=6), "day", "day"))
    return DateQuery(raw, Period(found, found, "day", "day"))


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
        or p.start.year != p.end.year
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
