"""The date grammar: expression → inclusive period, with "now" frozen."""

from __future__ import annotations

import calendar
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjtimeline.dates import (
    chinese_numeral,
    normalise,
    parse,
    since_bound,
    until_bound,
    year_period,
)
from zjtimeline.errors import DateError
from zjtimeline.loader import load

from .conftest import FACTS

NOW = date(2026, 11, 27)

TABLE = [
    # years
    ("2004", "2004-01-01", "2004-12-31"),
    ("2004年", "2004-01-01", "2004-12-31"),
    ("2004年度", "2004-01-01", "2004-12-31"),
    ("二〇〇四年", "2004-01-01", "2004-12-31"),
    ("二○○四年", "2004-01-01", "2004-12-31"),
    ("２００４年", "2004-01-01", "2004-12-31"),
    ("２００４", "2004-01-01", "2004-12-31"),
    (" 2021年 ", "2021-01-01", "2021-12-31"),
    ("2021 年", "2021-01-01", "2021-12-31"),
    # months
    ("2013-07", "2013-07-01", "2013-07-31"),
    ("2013-7", "2013-07-01", "2013-07-31"),
    ("2013/07", "2013-07-01", "2013-07-31"),
    ("2013.07", "2013-07-01", "2013-07-31"),
    ("2013年7月", "2013-07-01", "2013-07-31"),
    ("2013 年 6 月", "2013-06-01", "2013-06-30"),
    ("2013年07月份", "2013-07-01", "2013-07-31"),
    ("二〇一三年七月", "2013-07-01", "2013-07-31"),
    ("二〇二〇年十二月", "2020-12-01", "2020-12-31"),
    ("２０２０年２月", "2020-02-01", "2020-02-29"),
    ("March 2020", "2020-03-01", "2020-03-31"),
    ("mar 2020", "2020-03-01", "2020-03-31"),
    ("2020 March", "2020-03-01", "2020-03-31"),
    ("Sept. 2021", "2021-09-01", "2021-09-30"),
    ("7月", "2026-07-01", "2026-07-31"),
    # days
    ("2021-12-31", "2021-12-31", "2021-12-31"),
    ("2021/12/31", "2021-12-31", "2021-12-31"),
    ("2021.12.31", "2021-12-31", "2021-12-31"),
    ("20211231", "2021-12-31", "2021-12-31"),
    ("2013年7月1日", "2013-07-01", "2013-07-01"),
    ("2013年7月1号", "2013-07-01", "2013-07-01"),
    ("二〇一三年七月一日", "2013-07-01", "2013-07-01"),
    ("二〇二一年十二月三十一日", "2021-12-31", "2021-12-31"),
    ("２０２１年１２月３１日", "2021-12-31", "2021-12-31"),
    ("5 March 2020", "2020-03-05", "2020-03-05"),
    ("March 5, 2020", "2020-03-05", "2020-03-05"),
    ("march 5th 2020", "2020-03-05", "2020-03-05"),
    ("3月5日", "2026-03-05", "2026-03-05"),
    ("2024-02-29", "2024-02-29", "2024-02-29"),
    # parts of a year
    ("2020年初", "2020-01-01", "2020-03-31"),
    ("2020初", "2020-01-01", "2020-03-31"),
    ("2020年底", "2020-12-01", "2020-12-31"),
    ("2020年末", "2020-12-01", "2020-12-31"),
    ("2020年中", "2020-05-01", "2020-08-31"),
    ("2020年上半年", "2020-01-01", "2020-06-30"),
    ("2020年下半年", "2020-07-01", "2020-12-31"),
    ("2020年第一季度", "2020-01-01", "2020-03-31"),
    ("2020年一季度", "2020-01-01", "2020-03-31"),
    ("2020年第四季度", "2020-10-01", "2020-12-31"),
    ("2020年第３季度", "2020-07-01", "2020-09-30"),
    ("上半年", "2026-01-01", "2026-06-30"),
    ("下半年", "2026-07-01", "2026-12-31"),
    ("第一季度", "2026-01-01", "2026-03-31"),
    ("第二季度", "2026-04-01", "2026-06-30"),
    ("Q1 2020", "2020-01-01", "2020-03-31"),
    ("2020 Q3", "2020-07-01", "2020-09-30"),
    ("2020-Q4", "2020-10-01", "2020-12-31"),
    ("H2 2020", "2020-07-01", "2020-12-31"),
    ("early 2020", "2020-01-01", "2020-03-31"),
    ("the beginning of 2020", "2020-01-01", "2020-03-31"),
    ("mid 2020", "2020-05-01", "2020-08-31"),
    ("mid-2020", "2020-05-01", "2020-08-31"),
    ("late 2020", "2020-10-01", "2020-12-31"),
    ("end of 2021", "2021-12-01", "2021-12-31"),
    ("the end of 2021", "2021-12-01", "2021-12-31"),
    ("first half of 2021", "2021-01-01", "2021-06-30"),
    ("second quarter of 2021", "2021-04-01", "2021-06-30"),
    ("summer 2020", "2020-06-01", "2020-08-31"),
    ("2020年冬", "2020-12-01", "2021-02-28"),
    ("2020-33", "2020-01-01", "2020-03-31"),
    ("2020-21", "2020-03-01", "2020-05-31"),
    # open intervals
    ("2016年以来", "2016-01-01", None),
    ("2019年起", "2019-01-01", None),
    ("从2013年7月起", "2013-07-01", None),
    ("自2019年以来", "2019-01-01", None),
    ("自二〇一九年起", "2019-01-01", None),
    ("2020年开始", "2020-01-01", None),
    ("since 2019", "2019-01-01", None),
    ("since March 2020", "2020-03-01", None),
    ("from 2019", "2019-01-01", None),
    ("after 2019", "2020-01-01", None),
    ("2019年以后", "2020-01-01", None),
    ("2013-07/..", "2013-07-01", None),
    ("截至2021年底", None, "2021-12-31"),
    ("截止2021年", None, "2021-12-31"),
    ("到2020年为止", None, "2020-12-31"),
    ("until 2021", None, "2021-12-31"),
    ("by end of 2021", None, "2021-12-31"),
    ("through March 2020", None, "2020-03-31"),
    ("2020年以前", None, "2019-12-31"),
    ("2020年之前", None, "2019-12-31"),
    ("before 2020", None, "2019-12-31"),
    ("before March 2020", None, "2020-02-29"),
    ("../2020", None, "2020-12-31"),
    # ranges
    ("2019年至2021年", "2019-01-01", "2021-12-31"),
    ("2019年到2021年", "2019-01-01", "2021-12-31"),
    ("2019—2021年", "2019-01-01", "2021-12-31"),
    ("2019–2021", "2019-01-01", "2021-12-31"),
    ("2019-2021", "2019-01-01", "2021-12-31"),
    ("2019~2021", "2019-01-01", "2021-12-31"),
    ("2019年3月至6月", "2019-03-01", "2019-06-30"),
    ("2019年3月至2020年6月", "2019-03-01", "2020-06-30"),
    ("从2019年到2021年", "2019-01-01", "2021-12-31"),
    ("between 2019 and 2021", "2019-01-01", "2021-12-31"),
    ("from 2019 to 2021", "2019-01-01", "2021-12-31"),
    ("March 2020 to June 2020", "2020-03-01", "2020-06-30"),
    ("2016/2022-09", "2016-01-01", "2022-09-30"),
    ("二〇一九年至二〇二一年", "2019-01-01", "2021-12-31"),
    # relative to now (2026-11-27)
    ("今年", "2026-01-01", "2026-12-31"),
    ("去年", "2025-01-01", "2025-12-31"),
    ("前年", "2024-01-01", "2024-12-31"),
    ("明年", "2027-01-01", "2027-12-31"),
    ("三年前", "2023-01-01", "2023-12-31"),
    ("3年前", "2023-01-01", "2023-12-31"),
    ("2 years ago", "2024-01-01", "2024-12-31"),
    ("last year", "2025-01-01", "2025-12-31"),
    ("this year", "2026-01-01", "2026-12-31"),
    ("上个月", "2026-10-01", "2026-10-31"),
    ("last month", "2026-10-01", "2026-10-31"),
    ("3个月前", "2026-08-01", "2026-08-31"),
    ("今天", "2026-11-27", "2026-11-27"),
    ("yesterday", "2026-11-26", "2026-11-26"),
    ("近3年", "2023-11-27", "2026-11-27"),
    ("近三年", "2023-11-27", "2026-11-27"),
    ("十年来", "2016-11-27", "2026-11-27"),
    ("past 5 years", "2021-11-27", "2026-11-27"),
    ("去年以来", "2025-01-01", None),
    # this domain's anchors
    ("党的十八大以来", "2012-11-08", None),
    ("十八大以来", "2012-11-08", None),
    ("党的十八大", "2012-11-08", "2012-11-14"),
    ("党的十八大召开时", "2012-11-08", "2012-11-14"),
    ("十九大", "2017-10-18", "2017-10-24"),
    ("建党百年", "2021-01-01", "2021-12-31"),
    ("建党100周年", "2021-01-01", "2021-12-31"),
]


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@pytest.mark.parametrize(("text", "start", "end"), TABLE)
def test_expression_to_period(text: str, start: str | None, end: str | None) -> None:
    p = parse(text, now=NOW).period
    assert (iso(p.start), iso(p.end)) == (start, end)


ERRORS = [
    ("2021年13月", "no month 13"),
    ("2021-13", "no month 13"),
    ("2020-02-30", "no day 30 in 2020-02"),
    ("2021年2月29日", "no day 29 in 2021-02"),
    ("二〇二一年十三月", "no month 13"),
    ("0999", "year 999 is out of range"),
    ("", "empty date"),
    ("   ", "empty date"),
    ("xyz", "cannot read 'xyz' as a date"),
    ("初", "which year?"),
    ("2022年至2019年", "starts after it ends"),
    ("x" * 300, "too long"),
    ("12345", "cannot read"),
]


@pytest.mark.parametrize(("text", "why"), ERRORS)
def test_invalid_dates_say_why(text: str, why: str) -> None:
    with pytest.raises(DateError, match=why):
        parse(text, now=NOW)


def test_error_shows_accepted_forms() -> None:
    with pytest.raises(DateError, match="accepted: 2020, 2020年"):
        parse("someday", now=NOW)


def test_dateparser_covers_what_the_grammar_does_not() -> None:
    p = parse("3 weeks ago", now=NOW).period
    assert (iso(p.start), iso(p.end)) == ("2026-11-02", "2026-11-08")


# ── the options ──────────────────────────────────────────────────────────────


def test_since_takes_the_start_and_until_the_end() -> None:
    assert since_bound("2020", now=NOW) == date(2020, 1, 1)
    assert until_bound("2020", now=NOW) == date(2020, 12, 31)
    assert since_bound("2016年以来", now=NOW) == date(2016, 1, 1)
    assert until_bound("截至2021年底", now=NOW) == date(2021, 12, 31)
    assert since_bound("2019年至2021年", now=NOW) == date(2019, 1, 1)
    assert until_bound("2019年至2021年", now=NOW) == date(2021, 12, 31)


def test_operator_contradicting_the_flag_is_an_error() -> None:
    with pytest.raises(DateError, match="means 'up to'; use --until"):
        since_bound("截至2021年底", now=NOW)
    with pytest.raises(DateError, match="means 'from … on'; use --since"):
        until_bound("2016年以来", now=NOW)


@pytest.mark.parametrize("text", ["2020", "2020年", "二〇二〇年", "２０２０", "2020年度"])
def test_year_accepts_year_forms(text: str) -> None:
    assert year_period(text, now=NOW).start == date(2020, 1, 1)


def test_year_relative_and_anchor() -> None:
    assert year_period("去年", now=NOW).start == date(2025, 1, 1)
    assert year_period("建党百年", now=NOW).start == date(2021, 1, 1)


@pytest.mark.parametrize("text", ["2020年3月", "2019-2021", "2016年以来", "2020年初"])
def test_year_refuses_other_periods(text: str) -> None:
    with pytest.raises(DateError, match="not a single year"):
        year_period(text, now=NOW)


def test_cli_reports_date_errors_with_the_option(cli) -> None:
    r = cli("list", "--since", "2021年13月")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == "zjtimeline: --since: '2021年13月': there is no month 13 (months are 1–12)\n"
    r = cli("list", "--until", "2016年以来")
    assert r.exit_code == 2 and "use --since instead" in r.stderr


def test_cli_relative_dates_use_frozen_now(cli) -> None:
    a = cli("list", "--year", "前年", "--format", "json", env={"ZJTIMELINE_TODAY": "2022-06-01"})
    b = cli("list", "--year", "2020", "--format", "json")
    assert a.exit_code == 0 and a.stdout == b.stdout


# ── numerals and normalisation ───────────────────────────────────────────────


@pytest.mark.parametrize(
    ("run", "value"),
    [("二〇一三", 2013), ("十", 10), ("十二", 12), ("二十", 20), ("二十一", 21), ("三十一", 31),
     ("一百", 100), ("百", 100), ("两", 2), ("九", 9), ("一千零五", 1005)],
)  # fmt: skip
def test_chinese_numerals(run: str, value: int) -> None:
    assert chinese_numeral(run) == value


def test_normalise_folds_width_case_and_spacing() -> None:
    assert normalise("２０２０ 年 ３ 月") == "2020年3月"
    assert normalise("  Since  March 2020 ") == "since march 2020"


# ── property: every form of a valid date reads as the same period ───────────

CN = "〇一二三四五六七八九"


def cn_digits(n: int) -> str:
    return "".join(CN[int(d)] for d in str(n))


def cn_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN[ones]
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def full_width(s: str) -> str:
    return s.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)))
def test_day_forms_agree(d: date) -> None:
    forms = [
        d.isoformat(),
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}年{d.month}月{d.day}日",
        f"{cn_digits(d.year)}年{cn_number(d.month)}月{cn_number(d.day)}日",
        full_width(f"{d.year}年{d.month}月{d.day}日"),
    ]
    periods = {parse(f, now=NOW).period for f in forms}
    assert len(periods) == 1, forms
    (p,) = periods
    assert p.start == p.end == d


@given(st.integers(1000, 2999), st.integers(1, 12))
def test_month_forms_agree(year: int, month: int) -> None:
    forms = [
        f"{year}-{month:02d}",
        f"{year}年{month}月",
        f"{cn_digits(year)}年{cn_number(month)}月",
        full_width(f"{year}年{month}月"),
    ]
    periods = {parse(f, now=NOW).period for f in forms}
    assert len(periods) == 1, forms
    (p,) = periods
    assert (p.start.year, p.start.month, p.start.day) == (year, month, 1)
    assert p.end == date(year, month, calendar.monthrange(year, month)[1])


@given(st.integers(1000, 2999))
def test_year_forms_agree(year: int) -> None:
    forms = [str(year), f"{year}年", f"{cn_digits(year)}年", full_width(f"{year}年"), f"{year}年度"]
    periods = {parse(f, now=NOW).period for f in forms}
    assert periods == {year_period(str(year), now=NOW)}


# ── the fact base's own wording agrees with its EDTF dates ───────────────────


# Wording that names no date but points at one told nearby (its date_basis says which).
RELATIVE_WORDING = {"与此同时"}


@pytest.mark.parametrize(
    "fact",
    [f for f in load(FACTS).facts if f.date_text and f.date_text not in RELATIVE_WORDING],
    ids=lambda f: f.id,
)
def test_date_text_agrees_with_edtf(fact) -> None:
    src_date = date(2022, 9, 30)
    q = parse(fact.date_text, now=src_date)
    g, p = q.period, fact.period
    if q.approximate:  # "十年来": a decade counted back from the article, within a year
        assert abs((g.start - p.start).days) <= 366 and g.end == p.end
        return
    if g.start is not None:
        assert g.start == p.start, (g, p)
    if g.end is not None:
        assert g.end == p.end, (g, p)
    else:  # "since …": open, or held until the article's date
        assert p.end is None or p.end >= src_date.replace(day=1)
    if g.start is None:  # "截至 …": as of a date; the fact may start at any time before
        assert p.start is None or p.start <= g.end


def test_grammar_queries_never_import_dateparser() -> None:
    code = (
        "import sys, os\n"
        "os.environ['ZJTIMELINE_TODAY'] = '2026-11-27'\n"
        "from zjtimeline.cli import app\n"
        "for args in (['list','--since','2019年初','--until','截至2021年底','--format','json'],\n"
        "             ['list','--year','二〇二〇年','--format','jsonl'], ['timeline','--since','since March 2020'],\n"
        "             ['list','--since','党的十八大以来','--format','csv'], ['stats','--year','去年'],\n"
        "             ['list','--since','十四五以来','--until','截至目前'], ['list','--year','FY2020'],\n"
        "             ['list','--since','二〇二一年一—九月','--until','２０２１年１２月下旬'],\n"
        "             ['list','--since','the early 2010s','--until','pre-2013'], ['list','--since','2020-W14'],\n"
        "             ['list','--since','去年年底','--until','本季度'], ['list','--since','mid-March 2020'],\n"
        "             ['list','--since','since the 18th Party Congress'], ['list','--year','二〇一九年度'],\n"
        "             ['list','--since','上世纪90年代','--until','15.04.2020'], ['list','--until','2021年及以前']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit as e:\n"
        "        assert e.code in (0, 1), (args, e.code)\n"
        "print('dateparser' in sys.modules, file=sys.stderr)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.stderr.strip().splitlines()[-1] == "False", r.stderr


def test_dateparser_is_imported_only_when_needed() -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from zjtimeline.dates import parse\n"
        "parse('3 weeks ago', now=date(2026, 11, 27))\n"
        "print('dateparser' in sys.modules)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.stdout.strip() == "True"
