from __future__ import annotations

from datetime import date

import pytest

from zjtimeline.edtf import EdtfError, parse_edtf

D = date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2004", D(2004, 1, 1), D(2004, 12, 31), ("year", "year")),
        ("2013-07", D(2013, 7, 1), D(2013, 7, 31), ("month", "month")),
        ("2020-02", D(2020, 2, 1), D(2020, 2, 29), ("month", "month")),
        ("2021-12-31", D(2021, 12, 31), D(2021, 12, 31), ("day", "day")),
        ("2020-33", D(2020, 1, 1), D(2020, 3, 31), ("quarter", "quarter")),
        ("2020-36", D(2020, 10, 1), D(2020, 12, 31), ("quarter", "quarter")),
        ("2020-21", D(2020, 3, 1), D(2020, 5, 31), ("season", "season")),
        ("2020-24", D(2020, 12, 1), D(2021, 2, 28), ("season", "season")),
        ("2020-40", D(2020, 1, 1), D(2020, 6, 30), ("half", "half")),
        ("2020-41", D(2020, 7, 1), D(2020, 12, 31), ("half", "half")),
        ("201X", D(2010, 1, 1), D(2019, 12, 31), ("year", "year")),
        ("2020~", D(2020, 1, 1), D(2020, 12, 31), ("year", "year")),
        ("2013-07/..", D(2013, 7, 1), None, ("month", "open")),
        ("../2020", None, D(2020, 12, 31), ("open", "year")),
        ("2016/2022-09", D(2016, 1, 1), D(2022, 9, 30), ("year", "month")),
        ("2012-11-08/2022-09-30", D(2012, 11, 8), D(2022, 9, 30), ("day", "day")),
        ("2020/", D(2020, 1, 1), None, ("year", "open")),
    ],
)
def test_edtf_to_period(
    text: str, start: date | None, end: date | None, precision: tuple[str, str]
) -> None:
    p = parse_edtf(text)
    assert (p.start, p.end, (p.start_precision, p.end_precision)) == (start, end, precision)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2021-13", "no month 13"),
        ("2020-02-30", "no day 30"),
        ("2021-00", "no month 0"),
        ("20", "not an EDTF date"),
        ("2022/2016", "starts after it ends"),
        ("../..", "at least one dated end"),
        ("2020/2021/2022", "exactly one '/'"),
        ("0000", "year 0"),
        ("2020-13-01", "no month 13"),
    ],
)
def test_invalid_edtf_says_why(text: str, why: str) -> None:
    with pytest.raises(EdtfError, match=why):
        parse_edtf(text)
