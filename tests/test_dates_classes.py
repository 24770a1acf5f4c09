"""The date grammar, class by class (issue 11): each class in Arabic digits, Chinese
numerals and full-width digits, with the open-end words where they fit; no silent
guess from the fallback; no date input ends in an internal error."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjtimeline.dates import normalise, parse, since_bound, until_bound, year_period
from zjtimeline.errors import DateError

NOW = date(2026, 11, 27)  # a Friday in ISO week 48 of 2026, in its fourth quarter

# (expression, first day, last day); None is an open end.
TABLE: list[tuple[str, str | None, str | None]] = [
    # ── ten-day periods and the edges of a month ────────────────────────────
    ("2020年3月上旬", "2020-03-01", "2020-03-10"),
    ("2020年3月中旬", "2020-03-11", "2020-03-20"),
    ("2020年3月下旬", "2020-03-21", "2020-03-31"),
    ("2020年2月下旬", "2020-02-21", "2020-02-29"),
    ("2021年2月下旬", "2021-02-21", "2021-02-28"),
    ("2020年3月份上旬", "2020-03-01", "2020-03-10"),
    ("2020年3月中下旬", "2020-03-11", "2020-03-31"),
    ("3月上旬", "2026-03-01", "2026-03-10"),
    ("2020年3月初", "2020-03-01", "2020-03-10"),
    ("2020年3月中", "2020-03-11", "2020-03-20"),
    ("2020年3月底", "2020-03-21", "2020-03-31"),
    ("2020年3月末", "2020-03-21", "2020-03-31"),
    ("2020年年初", "2020-01-01", "2020-03-31"),
    ("2020年年中", "2020-05-01", "2020-08-31"),
    ("2020年年末", "2020-12-01", "2020-12-31"),
    ("2020年年底", "2020-12-01", "2020-12-31"),
    ("2020年3月上旬以来", "2020-03-01", None),
    ("从2020年3月中旬起", "2020-03-11", None),
    ("截至2020年3月底", None, "2020-03-31"),
    ("2020年3月下旬以前", None, "2020-03-20"),
    ("2020年3月上旬至4月中旬", "2020-03-01", "2020-04-20"),
    ("2020年3月上旬至下旬", "2020-03-01", "2020-03-31"),
    ("2020年上半年至下半年", "2020-01-01", "2020-12-31"),
    ("2020年3月至年底", "2020-03-01", "2020-12-31"),
    ("月初", "2026-11-01", "2026-11-10"),
    ("月底", "2026-11-21", "2026-11-30"),
    ("本月底", "2026-11-21", "2026-11-30"),
    ("上月初", "2026-10-01", "2026-10-10"),
    ("early April 2020", "2020-04-01", "2020-04-10"),
    ("mid-March 2020", "2020-03-11", "2020-03-20"),
    ("mid March 2020", "2020-03-11", "2020-03-20"),
    ("late February 2020", "2020-02-21", "2020-02-29"),
    ("end of March 2020", "2020-03-21", "2020-03-31"),
    ("the beginning of May 2021", "2021-05-01", "2021-05-10"),
    ("since mid-March 2020", "2020-03-11", None),
    ("before late April 2020", None, "2020-04-20"),
    # ── statistical periods ──────────────────────────────────────────────────
    ("2020年一季度末", "2020-03-01", "2020-03-31"),
    ("2020年第一季度末", "2020-03-01", "2020-03-31"),
    ("2020年3季度末", "2020-09-01", "2020-09-30"),
    ("2020年第二季度初", "2020-04-01", "2020-04-30"),
    ("2020年第4季", "2020-10-01", "2020-12-31"),
    ("2020年前3季度", "2020-01-01", "2020-09-30"),
    ("2020年前两季度", "2020-01-01", "2020-06-30"),
    ("2020年前3个季度", "2020-01-01", "2020-09-30"),
    ("前三季度", "2026-01-01", "2026-09-30"),
    ("2020年上半年末", "2020-06-01", "2020-06-30"),
    ("2020年下半年初", "2020-07-01", "2020-07-31"),
    ("2020年全年", "2020-01-01", "2020-12-31"),
    ("全年", "2026-01-01", "2026-12-31"),
    ("2020年Q2", "2020-04-01", "2020-06-30"),
    ("2020年q4", "2020-10-01", "2020-12-31"),
    ("2020年H1", "2020-01-01", "2020-06-30"),
    ("2021年1—9月", "2021-01-01", "2021-09-30"),
    ("2021年1-9月", "2021-01-01", "2021-09-30"),
    ("2021年1至9月", "2021-01-01", "2021-09-30"),
    ("2021年1～9月", "2021-01-01", "2021-09-30"),
    ("1—9月", "2026-01-01", "2026-09-30"),
    ("2021年前9个月", "2021-01-01", "2021-09-30"),
    ("前两个月", "2026-01-01", "2026-02-28"),
    ("12月1日至31日", "2026-12-01", "2026-12-31"),
    ("2021年12月1日至31日", "2021-12-01", "2021-12-31"),
    ("2021年12月1日—2022年1月15日", "2021-12-01", "2022-01-15"),
    ("2020年一季度至三季度", "2020-01-01", "2020-09-30"),
    ("截至2020年三季度末", None, "2020-09-30"),
    ("2020年一季度以来", "2020-01-01", None),
    # ── five-year plans (一五 1953–57, 二五 1958–62; from 三五, 1966–70, back to back)
    ("十二五", "2011-01-01", "2015-12-31"),
    ("十三五", "2016-01-01", "2020-12-31"),
    ("十四五", "2021-01-01", "2025-12-31"),
    ("十一五", "2006-01-01", "2010-12-31"),
    ("十五", "2001-01-01", "2005-12-31"),
    ("九五", "1996-01-01", "2000-12-31"),
    ("三五", "1966-01-01", "1970-12-31"),
    ("二五", "1958-01-01", "1962-12-31"),
    ("一五", "1953-01-01", "1957-12-31"),
    ("“十三五”时期", "2016-01-01", "2020-12-31"),
    ('"十三五"规划', "2016-01-01", "2020-12-31"),
    ("「十三五」", "2016-01-01", "2020-12-31"),
    ("十三五期间", "2016-01-01", "2020-12-31"),
    ("十四五以来", "2021-01-01", None),
    ("“十三五”以来", "2016-01-01", None),
    ("十三五末", "2020-01-01", "2020-12-31"),
    ("十三五期末", "2020-01-01", "2020-12-31"),
    ("十四五开局之年", "2021-01-01", "2021-12-31"),
    ("十三五收官之年", "2020-01-01", "2020-12-31"),
    ("截至十三五末", None, "2020-12-31"),
    ("十三五以前", None, "2015-12-31"),
    ("第13个五年规划", "2016-01-01", "2020-12-31"),
    ("第14个五年规划时期", "2021-01-01", "2025-12-31"),
    ("the 13th Five-Year Plan", "2016-01-01", "2020-12-31"),
    ("the 14th five-year plan period", "2021-01-01", "2025-12-31"),
    ("since the 14th Five-Year Plan", "2021-01-01", None),
    # ── decades and centuries ─────────────────────────────────────────────────
    ("2010年代", "2010-01-01", "2019-12-31"),
    ("1990年代", "1990-01-01", "1999-12-31"),
    ("上世纪90年代", "1990-01-01", "1999-12-31"),
    ("上世纪八十年代", "1980-01-01", "1989-12-31"),
    ("20世纪90年代", "1990-01-01", "1999-12-31"),
    ("本世纪10年代", "2010-01-01", "2019-12-31"),
    ("90年代", "1990-01-01", "1999-12-31"),
    ("90年代初", "1990-01-01", "1993-12-31"),
    ("2010年代末", "2017-01-01", "2019-12-31"),
    ("2010年代中期", "2014-01-01", "2016-12-31"),
    ("2010年代以来", "2010-01-01", None),
    ("the 2010s", "2010-01-01", "2019-12-31"),
    ("2010s", "2010-01-01", "2019-12-31"),
    ("the early 2010s", "2010-01-01", "2013-12-31"),
    ("the mid-2010s", "2014-01-01", "2016-12-31"),
    ("the late 2010s", "2017-01-01", "2019-12-31"),
    ("the '90s", "1990-01-01", "1999-12-31"),
    ("the ’90s", "1990-01-01", "1999-12-31"),
    ("the 90s", "1990-01-01", "1999-12-31"),
    ("the 1990's", "1990-01-01", "1999-12-31"),
    ("since the 2010s", "2010-01-01", None),
    ("before the 1990s", None, "1989-12-31"),
    ("21世纪", "2001-01-01", "2100-12-31"),
    ("the 21st century", "2001-01-01", "2100-12-31"),
    ("上世纪", "1901-01-01", "2000-12-31"),
    # ── open ends ─────────────────────────────────────────────────────────────
    ("2021年至今", "2021-01-01", None),
    ("2021年以来至今", "2021-01-01", None),
    ("自2021年起至今", "2021-01-01", None),
    ("2021年来", "2021-01-01", None),
    ("2021年3月来", "2021-03-01", None),
    ("截至目前", None, "2026-11-27"),
    ("截止目前", None, "2026-11-27"),
    ("到目前为止", None, "2026-11-27"),
    ("迄今", None, "2026-11-27"),
    ("至今", None, "2026-11-27"),
    ("so far", None, "2026-11-27"),
    ("to date", None, "2026-11-27"),
    ("until now", None, "2026-11-27"),
    ("截至当前", None, "2026-11-27"),
    ("到现在为止", None, "2026-11-27"),
    ("2021年以后", "2022-01-01", None),
    ("2021年之后", "2022-01-01", None),
    ("2021年后", "2022-01-01", None),
    ("2021年3月后", "2021-04-01", None),
    ("2021年及以后", "2021-01-01", None),
    ("2021年以前", None, "2020-12-31"),
    ("2021年之前", None, "2020-12-31"),
    ("2021年前", None, "2020-12-31"),
    ("2021年3月前", None, "2021-02-28"),
    ("2021年及以前", None, "2021-12-31"),
    ("2021年及之前", None, "2021-12-31"),
    ("2019 and later", "2019-01-01", None),
    ("2019 or earlier", None, "2019-12-31"),
    ("2019 onwards", "2019-01-01", None),
    ("2020年前后", "2020-01-01", "2020-12-31"),
    ("around 2020", "2020-01-01", "2020-12-31"),
    ("在2020年", "2020-01-01", "2020-12-31"),
    ("during 2019", "2019-01-01", "2019-12-31"),
    ("2021年内", "2021-01-01", "2021-12-31"),
    # ── anchors, in Chinese and in English ───────────────────────────────────
    ("十八大以来", "2012-11-08", None),
    ("十八大后", "2012-11-15", None),
    ("十八大前", None, "2012-11-07"),
    ("中共十九大", "2017-10-18", "2017-10-24"),
    ("党的第18次全国代表大会", "2012-11-08", "2012-11-14"),
    ("二十大以来", "2022-10-16", None),
    ("十六大", "2002-11-08", "2002-11-14"),
    ("建党95周年", "2016-01-01", "2016-12-31"),
    ("since the 18th Party Congress", "2012-11-08", None),
    ("the 18th Party Congress", "2012-11-08", "2012-11-14"),
    ("the 19th National Congress of the CPC", "2017-10-18", "2017-10-24"),
    ("the CPC's 20th National Congress", "2022-10-16", "2022-10-22"),
    ("before the 19th Party Congress", None, "2017-10-17"),
    ("since the Party's centenary", "2021-01-01", None),
    ("the centenary of the Party", "2021-01-01", "2021-12-31"),
    ("the Party's 100th anniversary", "2021-01-01", "2021-12-31"),
    # ── English shapes ───────────────────────────────────────────────────────
    ("FY2020", "2020-01-01", "2020-12-31"),
    ("FY 2020", "2020-01-01", "2020-12-31"),
    ("fiscal year 2020", "2020-01-01", "2020-12-31"),
    ("FY20", "2020-01-01", "2020-12-31"),
    ("2020财年", "2020-01-01", "2020-12-31"),
    ("2020财政年度", "2020-01-01", "2020-12-31"),
    ("2020-W14", "2020-03-30", "2020-04-05"),
    ("2020W14", "2020-03-30", "2020-04-05"),
    ("2020-W14-3", "2020-04-01", "2020-04-01"),
    ("2020-W01", "2019-12-30", "2020-01-05"),
    ("2020-W53", "2020-12-28", "2021-01-03"),
    ("week 14 of 2020", "2020-03-30", "2020-04-05"),
    ("2020年第14周", "2020-03-30", "2020-04-05"),
    ("since 2020-W14", "2020-03-30", None),
    ("2021–present", "2021-01-01", None),
    ("2021-present", "2021-01-01", None),
    ("2021 to present", "2021-01-01", None),
    ("2021 to date", "2021-01-01", None),
    ("pre-2013", None, "2012-12-31"),
    ("pre 2013", None, "2012-12-31"),
    ("post-2020", "2021-01-01", None),
    ("prior to July 2013", None, "2013-06-30"),
    ("earlier than 2013", None, "2012-12-31"),
    ("after March 2020", "2020-04-01", None),
    ("Apr–Dec 2020", "2020-04-01", "2020-12-31"),
    ("Apr-Dec 2020", "2020-04-01", "2020-12-31"),
    ("April to June 2020", "2020-04-01", "2020-06-30"),
    ("January through March 2021", "2021-01-01", "2021-03-31"),
    ("between March and June 2020", "2020-03-01", "2020-06-30"),
    ("March 5–10, 2020", "2020-03-05", "2020-03-10"),
    ("5-10 March 2020", "2020-03-05", "2020-03-10"),
    ("the summer of 2013", "2013-06-01", "2013-08-31"),
    ("summer of 2013", "2013-06-01", "2013-08-31"),
    ("the winter of 2020", "2020-12-01", "2021-02-28"),
    ("Q1 of 2020", "2020-01-01", "2020-03-31"),
    ("the fourth quarter of 2020", "2020-10-01", "2020-12-31"),
    ("the last quarter of 2020", "2020-10-01", "2020-12-31"),
    ("the first 9 months of 2021", "2021-01-01", "2021-09-30"),
    ("year-end 2021", "2021-12-01", "2021-12-31"),
    ("year end 2021", "2021-12-01", "2021-12-31"),
    ("2021 year-end", "2021-12-01", "2021-12-31"),
    ("end-2021", "2021-12-01", "2021-12-31"),
    ("beginning of 2016", "2016-01-01", "2016-03-31"),
    ("start of 2016", "2016-01-01", "2016-03-31"),
    ("3/2020", "2020-03-01", "2020-03-31"),
    ("03/2020", "2020-03-01", "2020-03-31"),
    ("12.2020", "2020-12-01", "2020-12-31"),
    ("15.04.2020", "2020-04-15", "2020-04-15"),
    ("15/04/2020", "2020-04-15", "2020-04-15"),
    ("04/15/2020", "2020-04-15", "2020-04-15"),
    ("4/4/2020", "2020-04-04", "2020-04-04"),
    ("31.12.2021", "2021-12-31", "2021-12-31"),
    ("in 2020", "2020-01-01", "2020-12-31"),
    # ── relative, from 2026-11-27 ─────────────────────────────────────────────
    ("大前年", "2023-01-01", "2023-12-31"),
    ("后年", "2028-01-01", "2028-12-31"),
    ("去年年底", "2025-12-01", "2025-12-31"),
    ("去年底", "2025-12-01", "2025-12-31"),
    ("去年12月", "2025-12-01", "2025-12-31"),
    ("去年三季度", "2025-07-01", "2025-09-30"),
    ("今年上半年", "2026-01-01", "2026-06-30"),
    ("今年年初", "2026-01-01", "2026-03-31"),
    ("明年初", "2027-01-01", "2027-03-31"),
    ("半年前", "2026-05-01", "2026-05-31"),
    ("半个月前", "2026-11-12", "2026-11-12"),
    ("两年前", "2024-01-01", "2024-12-31"),
    ("上季度", "2026-07-01", "2026-09-30"),
    ("上个季度", "2026-07-01", "2026-09-30"),
    ("本季度", "2026-10-01", "2026-12-31"),
    ("上季度末", "2026-09-01", "2026-09-30"),
    ("上个月底", "2026-10-21", "2026-10-31"),
    ("上周", "2026-11-16", "2026-11-22"),
    ("本周", "2026-11-23", "2026-11-29"),
    ("前天", "2026-11-25", "2026-11-25"),
    ("近半年", "2026-05-27", "2026-11-27"),
    ("近两年", "2024-11-27", "2026-11-27"),
    ("去年以来", "2025-01-01", None),
    ("去年3月以来", "2025-03-01", None),
    ("截至去年底", None, "2025-12-31"),
    ("end of last year", "2025-12-01", "2025-12-31"),
    ("the first half of last year", "2025-01-01", "2025-06-30"),
    ("last quarter", "2026-07-01", "2026-09-30"),
    ("this quarter", "2026-10-01", "2026-12-31"),
    ("since last month", "2026-10-01", None),
    ("last week", "2026-11-16", "2026-11-22"),
    ("the past 3 months", "2026-08-27", "2026-11-27"),
    ("大后年", "2029-01-01", "2029-12-31"),
    ("two years ago", "2024-01-01", "2024-12-31"),
    ("a year ago", "2025-01-01", "2025-12-31"),
    ("the past two years", "2024-11-27", "2026-11-27"),
    ("这十年", "2016-11-27", "2026-11-27"),
    ("over the past decade", "2016-11-27", "2026-11-27"),
    ("the past two decades", "2006-11-27", "2026-11-27"),
    ("year to date", "2026-01-01", None),
    ("YTD", "2026-01-01", None),
    ("年初至今", "2026-01-01", None),
    ("2021年上半年前", None, "2020-12-31"),
    ("2021年下半年后", "2022-01-01", None),
    # ── more English shapes of the same classes ─────────────────────────────
    ("2Q 2021", "2021-04-01", "2021-06-30"),
    ("2Q21", "2021-04-01", "2021-06-30"),
    ("Q2'21", "2021-04-01", "2021-06-30"),
    ("1H21", "2021-01-01", "2021-06-30"),
    ("the first quarter", "2026-01-01", "2026-03-31"),
    ("March", "2026-03-01", "2026-03-31"),
    ("summer", "2026-06-01", "2026-08-31"),
    ("third quarter 2021", "2021-07-01", "2021-09-30"),
    ("2021 third quarter", "2021-07-01", "2021-09-30"),
    ("ISO week 14 2020", "2020-03-30", "2020-04-05"),
    ("W14 2020", "2020-03-30", "2020-04-05"),
    ("early in 2020", "2020-01-01", "2020-03-31"),
    ("end-March 2020", "2020-03-21", "2020-03-31"),
    ("winter 2020/21", "2020-12-01", "2021-02-28"),
    ("新世纪以来", "2001-01-01", None),
    ("本世纪初", "2001-01-01", "2010-12-31"),
    ("上世纪末", "1991-01-01", "2000-12-31"),
]

CN = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN[ones]
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def chinese_numerals(text: str) -> str:
    """2021 → 二〇二一 (digit by digit), 12 → 十二 (positional), as Chinese texts write them."""
    return re.sub(
        r"\d+",
        lambda m: "".join(CN[int(d)] for d in m[0]) if len(m[0]) == 4 else cn_number(int(m[0])),
        text,
    )


def full_width(text: str) -> str:
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})


def _cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


# Every Chinese row with digits again in Chinese numerals and in full-width digits.
ROWS = [pytest.param(t, a, b, id=t) for t, a, b in TABLE] + [
    pytest.param(form(t), a, b, id=form(t))
    for form in (chinese_numerals, full_width)
    for t, a, b in TABLE
    if _cjk(t) and re.search(r"\d", t)
]


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@pytest.mark.parametrize(("text", "start", "end"), ROWS)
def test_class_expression_to_period(text: str, start: str | None, end: str | None) -> None:
    q = parse(text, now=NOW)
    assert (iso(q.period.start), iso(q.period.end)) == (start, end)
    assert q.opens == ("since" if end is None else "until" if start is None else None)


def test_table_covers_every_class_many_times() -> None:
    assert len(ROWS) >= 250
    chinese = [t for t, _, _ in TABLE if _cjk(t) and re.search(r"\d", t)]
    assert len(chinese) >= 60


@pytest.mark.parametrize(
    ("text", "approximate"),
    [("2020年3月初", True), ("2020年3月上旬", False), ("early April 2020", True),
     ("the early 2010s", True), ("2010年代", False), ("2020年前后", True), ("近两年", True),
     ("2020年一季度末", False), ("2020年3月初至4月上旬", True), ("2019年至2021年", False)],
)  # fmt: skip
def test_vague_edges_are_marked_approximate(text: str, approximate: bool) -> None:
    assert parse(text, now=NOW).approximate is approximate


@pytest.mark.parametrize("text", ["FY2020", "2020年全年", "十四五开局之年", "建党95周年", "去年"])
def test_year_takes_the_new_one_year_forms(text: str) -> None:
    p = year_period(text, now=NOW)
    assert p.start is not None and p.end is not None
    assert (p.start.month, p.start.day, p.end.month, p.end.day) == (1, 1, 12, 31)


@pytest.mark.parametrize("text", ["2010年代", "十三五", "2020-W14", "the 2010s"])
def test_year_refuses_spans_of_other_lengths(text: str) -> None:
    with pytest.raises(DateError, match="not a single year"):
        year_period(text, now=NOW)


# ── errors that help ─────────────────────────────────────────────────────────

ERRORS = [
    ("03/04/2020", "ambiguous: day-month \\(2020-04-03\\) or month-day \\(2020-03-04\\)"),
    ("04.03.2020", "ambiguous"),
    ("13/14/2020", "neither 13 nor 14 can be a month"),
    ("20年代", "ambiguous: write 1920年代 or 2020年代"),
    ("the '20s", "ambiguous: write the 1920s or the 2020s"),
    ("2021-W53", "2021 has ISO weeks 1–52, not 53"),
    ("21大", "dates of that Party congress are not known"),
    ("下旬", "which month\\?"),
    ("2021年1", "write the month with 月 \\(e.g. 2021年1月\\)"),
    ("2021年后x", "read '2021年后' but not 'x' after it"),
    ("x2021年以来", "read '2021年以来' but not 'x' before it"),
    ("the last week of 2021", "does not account for '2021'; not guessing"),
    ("9999-24", "'9999-24' reaches outside the calendar"),
    ("2021年13月上旬", "no month 13"),
    ("2021年2月30日至31日", "no day 30 in 2021-02"),
    ("2022年至2019年", "starts after it ends"),
    ("March 10–5, 2020", "starts after it ends"),
    ("summer 2020/21", "only a winter runs into the next year"),
    ("上周2637", "does not account for '2637'"),  # a year next to a weekday is still a year
    ("上周8", "does not account for '8'"),  # weekdays are 1–7
    ("2019—21", "read '2019' but not '—21' after it"),  # not 2019-01-01 – 2019-01-21
    # both as typed, not as normalised (十三五 is 'fyp13' inside, 建党百年 '建党100年')
    ("2021 十三五", "^'2021 十三五': read '2021' but not '十三五' after it;"),
    ("建党百年 x", "^'建党百年 x': read '建党百年' but not 'x' after it;"),
    ("二〇二〇年 foo", "read '二〇二〇年' but not 'foo' after it"),
    # a word that opens one end, with a range: an end would be lost, so refused
    (
        "截至2019年至2021年",
        r"^'截至2019年至2021年': a range with a word that leaves one end "
        r"open would lose an end; write the range alone \(2019年至2021年\) or one open end "
        r"\(2019年以来, 截至2021年\)$",
    ),
    ("until 2019 to 2021", "range with a word that leaves one end open"),
    ("2019年至2021年以来", "range with a word that leaves one end open"),
    ("2019年至2021年及以后", "range with a word that leaves one end open"),
    ("3月至6月为止", "range with a word that leaves one end open"),
    ("2019 and 2021", "read '2019' but not 'and 2021'"),  # two years, not 2019–2021
]


@pytest.mark.parametrize(("text", "why"), ERRORS)
def test_errors_say_what_was_not_understood(text: str, why: str) -> None:
    with pytest.raises(DateError, match=why) as info:
        parse(text, now=NOW)
    assert "\n" not in str(info.value)


def test_beginning_of_is_a_part_of_the_year_not_an_open_end() -> None:
    assert since_bound("beginning of 2016", now=NOW) == date(2016, 1, 1)
    assert until_bound("beginning of 2016", now=NOW) == date(2016, 3, 31)
    assert since_bound("beginning 2016", now=NOW) == date(2016, 1, 1)  # "from 2016 on"
    assert parse("beginning 2016", now=NOW).opens == "since"


@pytest.mark.parametrize("text", ["the 2010s", "the last week of 2021", "the '90s"])
def test_fallback_never_reads_a_decade_or_a_past_week_as_today(text: str) -> None:
    try:
        p = parse(text, now=NOW).period
    except DateError:
        return
    assert p.start is not None and p.start.year < 2026


@pytest.mark.parametrize(
    ("now", "text"),
    [(date(1, 1, 1), "去年"), (date(1, 1, 1), "3 weeks ago"), (date(1, 1, 1), "上季度"),
     (date(1, 1, 1), "近3年"), (date(1, 1, 1), "yesterday"), (date(9999, 12, 31), "明年"),
     (date(9999, 12, 31), "tomorrow"), (date(9999, 12, 31), "下个月"),
     (date(9999, 12, 31), "2021年后"), (date(1, 1, 1), "before 1000")],
)  # fmt: skip
def test_today_at_the_ends_of_the_calendar(now: date, text: str) -> None:
    try:
        parse(text, now=now)  # a reading, or a DateError: never ValueError or OverflowError
    except DateError as exc:
        assert "\n" not in str(exc)


# ── no silent guess: a year in the text is in the answer, or the answer is an error ──

DATE_WORDS = [
    "年", "月", "日", "以来", "以前", "以后", "前", "后", "至", "到", "至今", "截至", "初", "底",
    "上半年", "季度", "上旬", "年代", "the ", " ", "-", "/", ".", "'", "s", "q", "w", "fy",
    "early ", "late ", "mid-", "since ", "before ", "after ", "until ", "of ", "last ", "week",
    "weeks", "ago", "year", "month", "day", "monday", "march ", "去年", "上周", "十三五", "3",
    "12", "x", "?", "~", "..",
]  # fmt: skip


def _digit_like(ch: str) -> bool:
    folded = unicodedata.normalize("NFKC", ch)
    return any(c.isdigit() or c in "〇○零一二两三四五六七八九十百千" for c in folded)


@st.composite
def text_with_a_year(draw: st.DrawFn) -> tuple[str, int]:
    year = draw(st.integers(1000, 2999))
    pieces = st.lists(st.one_of(st.sampled_from(DATE_WORDS), st.text(max_size=3)), max_size=4).map(
        "".join
    )
    return f"{draw(pieces)}{year}{draw(pieces)}", year


@settings(max_examples=600, deadline=None)
@given(text_with_a_year())
def test_a_year_in_the_text_is_in_the_answer_or_it_is_an_error(case: tuple[str, int]) -> None:
    text, year = case
    s = normalise(text)
    if not re.search(rf"(?<!\d){year}(?!\d)", s):
        return  # the year ran into a neighbouring numeral: it is not in the text any more
    try:
        q = parse(text, now=NOW)
    except DateError:
        return
    p = q.period
    # "after 2019" starts the day after 2019 ends, "before 2020" ends the day before.
    first, last = date(year, 1, 1), date(year, 12, 31)
    assert p.start is None or p.start.toordinal() <= last.toordinal() + 1, (text, p)
    assert p.end is None or p.end.toordinal() >= first.toordinal() - 1, (text, p)


# ── no date input ends in an internal error (exit 70), through the CLI ──────


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    st.sampled_from(["--since", "--until", "--year"]),
    st.one_of(
        st.text(max_size=300),
        st.from_regex(r"[0-9]{1,5}[-/.年]?[0-9]{0,3}[-/.月]?[0-9]{0,3}[日号]?", fullmatch=True),
        st.builds("".join, st.lists(st.sampled_from([*DATE_WORDS, "9999", "0001", "24"]))),
    ),
)
def test_no_date_input_is_an_internal_error(cli, option: str, value: str) -> None:
    if value.startswith("-") or "\x00" in value:
        return  # an option name, or what no command line can carry
    for today in ("2026-11-27", "0001-01-01", "9999-12-31"):
        r = cli("list", option, value, "--format", "json", env={"ZJTIMELINE_TODAY": today})
        assert r.exit_code in (0, 1, 2), (value, today, r.exit_code, r.stderr)
        if r.exit_code == 2:
            assert r.stdout == "" and r.stderr.startswith("zjtimeline: ")


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize(
    "args",
    [["--since", "9999-24"], ["--since", "去年"], ["--until", "明年"], ["--year", "今年"],
     ["--since", "3 weeks ago"], ["--since", "上季度"], ["--until", "next month"]],
)  # fmt: skip
def test_cli_at_the_ends_of_the_calendar_exits_2_with_a_message(cli, today, args) -> None:
    r = cli("list", *args, "--format", "json", env={"ZJTIMELINE_TODAY": today})
    assert r.exit_code in (0, 1, 2), r.stderr
    assert "internal error" not in r.stderr
    if r.exit_code == 2:
        assert r.stderr.count("\n") == 1 and r.stdout == ""


def test_fallback_counts_off_the_calendar_say_so(cli) -> None:
    r = cli("list", "--since", "3 weeks ago", env={"ZJTIMELINE_TODAY": "0001-01-01"})
    assert r.exit_code == 2
    assert "counted from today (0001-01-01) that is outside the calendar" in r.stderr


def test_cli_since_9999_24(cli) -> None:
    r = cli("list", "--since", "9999-24")
    assert r.exit_code == 2
    assert (
        r.stderr == "zjtimeline: --since: '9999-24' reaches outside the calendar (years 1–9999)\n"
    )


# ── the grammar never loads dateparser for a form it reads ──────────────────


def test_no_form_of_the_table_imports_dateparser() -> None:
    texts = [row.values[0] for row in ROWS]  # the table, in numerals and full width too
    texts += [t.format(b) for t in ZH_TEMPLATES for b in ZH_BASES]
    texts += [t.format(b) for t in EN_TEMPLATES for b in EN_BASES]
    code = (
        "import json, sys\n"
        "from datetime import date\n"
        "from zjtimeline.dates import parse\n"
        "for t in json.loads(sys.stdin.read()):\n"
        "    parse(t, now=date(2026, 11, 27))\n"
        "    assert 'dateparser' not in sys.modules, t\n"
        "print('ok')\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.stdout.strip() == "ok", r.stderr


def test_refusals_before_the_fallback_do_not_import_dateparser() -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from zjtimeline.dates import parse\n"
        "for t in ('someday', 'the 2021 thing', '2021年后x', 'xyz'):\n"
        "    try:\n"
        "        parse(t, now=date(2026, 11, 27))\n"
        "    except Exception:\n"
        "        pass\n"
        "print('dateparser' in sys.modules)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.stdout.strip() == "False", r.stderr


# ── a date past the fact base explains itself ───────────────────────────────


@pytest.mark.parametrize(
    ("args", "says"),
    [(["list", "--since", "last year"], "--since reads as 2025-01-01, after the last date"),
     (["timeline", "--since", "去年"], "--since reads as 2025-01-01, after the last date"),
     (["stats", "--until", "上世纪90年代"], "--until reads as 1999-12-31, before the first date"),
     (["list", "--year", "今年", "--year", "明年"], "--year reads as 2026, 2027, outside the dates")],
)  # fmt: skip
def test_no_match_says_what_the_date_read_as_and_what_the_base_covers(cli, args, says) -> None:
    r = cli(*args)
    assert r.exit_code == 1 and r.stdout == ""
    assert says in r.stderr
    assert "the fact base covers 2004-01-01 to 2022-09-30" in r.stderr


def test_no_match_inside_the_span_keeps_the_plain_hint(cli) -> None:
    r = cli("list", "--since", "2020", "--search", "zzqqxx")
    assert r.exit_code == 1
    assert (
        r.stderr
        == "zjtimeline: no facts match; loosen the filters ('zjtimeline themes' lists themes)\n"
    )


# ── the open-end words fit every class ───────────────────────────────────────

ZH_BASES = [
    "2020年", "2020年3月", "2020年3月5日", "2020年3月上旬", "2020年3月底", "2020年一季度",
    "2020年一季度末", "2020年前三季度", "2020年上半年", "2020年上半年末", "2020年全年", "2020年Q2",
    "2020年冬", "十三五", "第十四个五年规划", "2010年代", "上世纪90年代", "十八大", "建党百年",
    "2020年第14周", "去年", "去年年底", "上季度", "今年上半年", "二〇二〇年三月下旬", "２０２０年１月",
]  # fmt: skip
EN_BASES = [
    "2020", "March 2020", "mid-March 2020", "Q1 2020", "the summer of 2013", "the 2010s",
    "2020-W14", "FY2020", "the 13th Five-Year Plan", "the 18th Party Congress", "year-end 2021",
    "3/2020", "15.04.2020", "the early 2010s", "last year", "the Party's centenary",
]  # fmt: skip
# template → (which end is open, which day of the base period it keeps, shifted by days)
ZH_TEMPLATES = {
    "{}以来": ("since", "start", 0), "自{}起": ("since", "start", 0), "从{}开始": ("since", "start", 0),
    "{}至今": ("since", "start", 0), "{}及以后": ("since", "start", 0), "{}以后": ("since", "end", 1),
    "{}后": ("since", "end", 1), "截至{}": ("until", "end", 0), "到{}为止": ("until", "end", 0),
    "{}及以前": ("until", "end", 0), "{}以前": ("until", "start", -1), "{}前": ("until", "start", -1),
}  # fmt: skip
EN_TEMPLATES = {
    "since {}": ("since", "start", 0), "from {}": ("since", "start", 0),
    "{} onwards": ("since", "start", 0), "after {}": ("since", "end", 1),
    "post-{}": ("since", "end", 1), "until {}": ("until", "end", 0), "by {}": ("until", "end", 0),
    "before {}": ("until", "start", -1), "prior to {}": ("until", "start", -1),
    "pre-{}": ("until", "start", -1),
}  # fmt: skip


@pytest.mark.parametrize(
    ("template", "base"),
    [(t, form(b)) for t in ZH_TEMPLATES for b in ZH_BASES
     for form in (str, chinese_numerals, full_width) if form is str or re.search(r"\d", b)]
    + [(t, b) for t in EN_TEMPLATES for b in EN_BASES],
)  # fmt: skip
def test_open_end_words_fit_every_class(template: str, base: str) -> None:
    from datetime import timedelta

    opens, keep, shift = {**ZH_TEMPLATES, **EN_TEMPLATES}[template]
    p = parse(base, now=NOW).period
    day = getattr(p, keep) + timedelta(days=shift)
    q = parse(template.format(base), now=NOW)
    assert q.opens == opens
    assert (q.period.start, q.period.end) == ((day, None) if opens == "since" else (None, day))
