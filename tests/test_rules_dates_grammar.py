"""The date grammar's reading of what users type, each rule at its edge: which end of a
range borrows from the other, which split of a range is read when another is refused,
which marker reads a phrase, the refusals that quote the phrase as typed, and what the
diagnosis of an unreadable phrase names."""

from __future__ import annotations

from datetime import date

import pytest

from zjtimeline.dates import ACCEPTED, parse
from zjtimeline.errors import DateError
from zjtimeline.model import Period

NOW = date(2026, 11, 27)
JUNE = date(2019, 6, 15)  # a "today" whose year differs from NOW's

# A readable phrase of 64 characters, the longest end of a range that is read.
P64 = "the party 18th national congress of the communist party of china"


def refusal(text: str, now: date = NOW) -> str:
    with pytest.raises(DateError) as info:
        parse(text, now=now)
    return str(info.value)


# ── refusals inside a range or a marker quote the phrase as typed ───────────


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # the left end, tried with the right end's year (2021年13月)
        ("13月至2021年", "there is no month 13 (months are 1–12)"),
        # the left end alone, when the right end's year does not help it
        ("上旬至2030年", "which month? (e.g. 2020年3月上旬, 3月上旬)"),
        (
            "第30次全国代表大会至2030年",
            "the dates of that Party congress are not known here (12th–20th)",
        ),
        # a bare number on the left takes the right end's unit (1—9月): 13月
        ("13—9月", "there is no month 13 (months are 1–12)"),
        # 2021年13 on the left is read as 2021年13月
        ("2021年13至2022年", "there is no month 13 (months are 1–12)"),
        # the right end borrows the left's year and month: 2019年12月32日
        ("2019年12月1日至32日", "there is no day 32 in 2019-12 (it has 31 days)"),
        # the right end with its own year
        ("2019年至2021年13月", "there is no month 13 (months are 1–12)"),
        # a range after a word that opens it (从), and a point after one (截至, 以后, 约)
        ("从2021年至2019年", "the range starts after it ends"),
        ("截至2021年13月", "there is no month 13 (months are 1–12)"),
        ("2021年13月以后", "there is no month 13 (months are 1–12)"),
        ("约2021年13月", "there is no month 13 (months are 1–12)"),
    ],
)
def test_a_refusal_inside_a_range_or_a_marker_quotes_the_phrase(text: str, message: str) -> None:
    assert refusal(text) == f"{text!r}: {message}"


# ── the ends of a range ─────────────────────────────────────────────────────


def test_a_left_end_without_a_year_is_read_alone_when_the_right_ends_year_does_not_help() -> None:
    # now is read from today, not left open
    assert parse("now to 2030", now=NOW).period == Period(NOW, date(2030, 12, 31), "day", "year")
    assert parse("现在至2030年", now=JUNE).period == Period(JUNE, date(2030, 12, 31), "day", "year")


def test_only_a_bare_left_number_takes_the_right_ends_unit() -> None:
    # a bare 13 takes its unit from the right end (13—9月); 2019 has none, so it is not 13月
    assert (
        refusal("13 to 2019") == f"'13 to 2019': read '2019' but not '13 to' before it; {ACCEPTED}"
    )


def test_a_right_end_borrows_no_year_from_a_left_end_that_writes_none() -> None:
    # 党的十八大 names 2012 but writes no year: 12月 and june are this year's
    congress = date(2012, 11, 8)
    assert parse("党的十八大至12月", now=JUNE).period == Period(
        congress, date(2019, 12, 31), "day", "month"
    )
    assert parse("the 18th party congress to june", now=JUNE).period == Period(
        congress, date(2019, 6, 30), "day", "month"
    )


def test_a_range_end_after_a_too_long_split_is_still_tried() -> None:
    # the first dash leaves a right end of 73 characters; the split at " to " is read
    assert parse(f"2012-11-08 to {P64}", now=NOW).period == Period(
        date(2012, 11, 8), date(2012, 11, 14), "day", "day"
    )


def test_a_refused_split_of_a_range_does_not_stop_a_later_one() -> None:
    # at the first dash the right end, q1-2019-06, is refused (only a winter runs into
    # the next year); the split 2019-q1 | 2019-06 is read
    assert parse("2019-Q1-2019-06", now=NOW).period == Period(
        date(2019, 1, 1), date(2019, 6, 30), "quarter", "month"
    )


def test_a_year_apart_from_a_range_to_the_present_keeps_today() -> None:
    assert parse("2019 3月至当前", now=JUNE).period == Period(
        date(2019, 3, 1), JUNE, "month", "day"
    )


# ── markers ─────────────────────────────────────────────────────────────────


def test_a_marker_that_leaves_nothing_readable_does_not_stop_the_next() -> None:
    # 至现在 would be the end of a since-phrase, leaving 截; 截至 then reads 现在
    q = parse("截至现在", now=NOW)
    assert (q.period, q.opens, q.approximate) == (Period(None, NOW, "open", "day"), "until", False)


def test_a_marker_whose_side_conflicts_does_not_stop_the_next() -> None:
    # 至今 opens the end but 截至2019年 the start; 截至 then finds a range and refuses it
    assert refusal("截至2019年至今") == (
        "'截至2019年至今': a range with a word that leaves one end open would lose an end; "
        "write the range alone (2019年至2021年) or one open end (2019年以来, 截至2021年)"
    )


def test_an_open_end_keeps_the_roughness_of_its_point() -> None:
    q = parse("2020年初以来", now=NOW)
    assert (q.period, q.opens, q.approximate) == (
        Period(date(2020, 1, 1), None, "quarter", "open"),
        "since",
        True,
    )
    q = parse("截至2020年初", now=NOW)
    assert (q.period, q.opens, q.approximate) == (
        Period(None, date(2020, 3, 31), "open", "quarter"),
        "until",
        True,
    )


# ── the diagnosis of a phrase that cannot be read ──────────────────────────


@pytest.mark.parametrize(
    ("text", "read", "rest", "where"),
    [
        # never cut inside a word: not 'march 2020' out of 'xmarch'
        ("xmarch 2020", "2020", "xmarch", "before"),
        # a cut beside a Chinese numeral, not inside one
        ("foo二〇二〇年", "二〇二〇年", "foo", "before"),
        ("bar一季度", "一季度", "bar", "before"),
        # a part before the cut of more than 64 characters does not stop the part after it
        ("!" * 65 + "2019", "2019", "!" * 65, "before"),
        # a part that is refused (2021年13月) does not stop the part on the other side
        ("2021年13月 2019年3月", "2019年3月", "2021年13月", "before"),
    ],
)
def test_the_diagnosis_names_the_longest_part_it_read(
    text: str, read: str, rest: str, where: str
) -> None:
    assert refusal(text) == f"{text!r}: read {read!r} but not {rest!r} {where} it; {ACCEPTED}"
