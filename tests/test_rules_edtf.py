"""Every EDTF form the fact files may use, accepted, and every form refused, with why.

Each row is a rule of ``edtf.py`` that would go unnoticed if its check were deleted or
shifted by one (the mutation test, ``python scripts/mutation.py edtf``, holds us to it).
"""

from __future__ import annotations

from datetime import date

import pytest

from zjtimeline.edtf import EXAMPLES, EdtfError, month_end, parse_edtf
from zjtimeline.model import AT, THROUGHOUT, WITHIN

D = date


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [
        (2021, 1, D(2021, 1, 31)),
        (2021, 2, D(2021, 2, 28)),
        (2020, 2, D(2020, 2, 29)),
        (2021, 11, D(2021, 11, 30)),
        (2021, 12, D(2021, 12, 31)),
        (2021, 13, D(2022, 1, 31)),  # months past 12 roll into the next year
        (2020, 14, D(2021, 2, 28)),  # winter 2020 ends in February 2021
        (2023, 14, D(2024, 2, 29)),
        (2021, 24, D(2022, 12, 31)),
        (2021, 25, D(2023, 1, 31)),
    ],
)
def test_month_end(year: int, month: int, last: date) -> None:
    assert month_end(year, month) == last


@pytest.mark.parametrize(
    ("text", "start", "end", "precisions", "form"),
    [
        ("2004", D(2004, 1, 1), D(2004, 12, 31), ("year", "year"), AT),
        ("0001", D(1, 1, 1), D(1, 12, 31), ("year", "year"), AT),  # the first year there is
        ("9999", D(9999, 1, 1), D(9999, 12, 31), ("year", "year"), AT),
        ("2021-01", D(2021, 1, 1), D(2021, 1, 31), ("month", "month"), AT),
        ("2021-12", D(2021, 12, 1), D(2021, 12, 31), ("month", "month"), AT),  # December
        ("2021-01-01", D(2021, 1, 1), D(2021, 1, 1), ("day", "day"), AT),
        ("2021-03-01", D(2021, 3, 1), D(2021, 3, 1), ("day", "day"), AT),
        ("2021-12-31", D(2021, 12, 31), D(2021, 12, 31), ("day", "day"), AT),
        ("2020-02-29", D(2020, 2, 29), D(2020, 2, 29), ("day", "day"), AT),
        ("2020-21", D(2020, 3, 1), D(2020, 5, 31), ("season", "season"), AT),
        ("2020-22", D(2020, 6, 1), D(2020, 8, 31), ("season", "season"), AT),
        ("2020-23", D(2020, 9, 1), D(2020, 11, 30), ("season", "season"), AT),
        ("2020-24", D(2020, 12, 1), D(2021, 2, 28), ("season", "season"), AT),
        ("2020-33", D(2020, 1, 1), D(2020, 3, 31), ("quarter", "quarter"), AT),
        ("2020-34", D(2020, 4, 1), D(2020, 6, 30), ("quarter", "quarter"), AT),
        ("2020-35", D(2020, 7, 1), D(2020, 9, 30), ("quarter", "quarter"), AT),
        ("2020-36", D(2020, 10, 1), D(2020, 12, 31), ("quarter", "quarter"), AT),
        ("2020-40", D(2020, 1, 1), D(2020, 6, 30), ("half", "half"), AT),
        ("2020-41", D(2020, 7, 1), D(2020, 12, 31), ("half", "half"), AT),
        ("201X", D(2010, 1, 1), D(2019, 12, 31), ("year", "year"), AT),
        ("20XX", D(2000, 1, 1), D(2099, 12, 31), ("year", "year"), AT),
        ("000X", D(1, 1, 1), D(9, 12, 31), ("year", "year"), AT),  # year 0 does not exist
        ("00XX", D(1, 1, 1), D(99, 12, 31), ("year", "year"), AT),
        ("2020~", D(2020, 1, 1), D(2020, 12, 31), ("year", "year"), AT),
        ("2020?", D(2020, 1, 1), D(2020, 12, 31), ("year", "year"), AT),
        ("2020-05%", D(2020, 5, 1), D(2020, 5, 31), ("month", "month"), AT),
        (" 2020 ", D(2020, 1, 1), D(2020, 12, 31), ("year", "year"), AT),
        ("2016/2022-09", D(2016, 1, 1), D(2022, 9, 30), ("year", "month"), THROUGHOUT),
        ("2020-05-05/2020-05-05", D(2020, 5, 5), D(2020, 5, 5), ("day", "day"), THROUGHOUT),
        ("2013-07/..", D(2013, 7, 1), None, ("month", "open"), THROUGHOUT),
        ("2013-07/", D(2013, 7, 1), None, ("month", "open"), THROUGHOUT),
        ("../2020", None, D(2020, 12, 31), ("open", "year"), THROUGHOUT),
        ("/2020", None, D(2020, 12, 31), ("open", "year"), THROUGHOUT),
        ("[2012-11-08..2022-09-30]", D(2012, 11, 8), D(2022, 9, 30), ("day", "day"), WITHIN),
        ("[2020..2021-06]", D(2020, 1, 1), D(2021, 6, 30), ("year", "month"), WITHIN),
        ("[2020-05-05..2020-05-05]", D(2020, 5, 5), D(2020, 5, 5), ("day", "day"), WITHIN),
    ],
)
def test_accepted(
    text: str, start: date | None, end: date | None, precisions: tuple[str, str], form: str
) -> None:
    p = parse_edtf(text)
    assert (p.start, p.end, (p.start_precision, p.end_precision), p.form) == (
        start,
        end,
        precisions,
        form,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("201X-07", "'201X-07': a month cannot follow an unspecified year"),
        ("20XX-07-01", "'20XX-07-01': a month cannot follow an unspecified year"),
        ("0000", "'0000': year 0 is outside the supported range 1–9999"),
        (
            "2021-00",
            "'2021-00': no month 0 (months are 01–12; 21–24 seasons, 33–36 quarters, 40–41 halves)",
        ),
        (
            "2021-13",
            "'2021-13': no month 13 (months are 01–12; 21–24 seasons, 33–36 quarters, 40–41 halves)",
        ),
        ("2021-25", "'2021-25': no month 25"),
        ("2021-37", "'2021-37': no month 37"),
        ("2021-42", "'2021-42': no month 42"),
        ("2020-00-10", "'2020-00-10': no month 0 (months are 01–12)"),
        ("2020-13-01", "'2020-13-01': no month 13 (months are 01–12)"),
        ("2020-33-01", "'2020-33-01': no month 33 (months are 01–12)"),
        ("2021-01-00", "'2021-01-00': no day 0 in 2021-01 (it has 31 days)"),
        ("2021-02-29", "'2021-02-29': no day 29 in 2021-02 (it has 28 days)"),
        ("2021-04-31", "'2021-04-31': no day 31 in 2021-04 (it has 30 days)"),
        ("2021-12-32", "'2021-12-32': no day 32 in 2021-12 (it has 31 days)"),
        ("20", "'20' is not an EDTF date (expected e.g. " + EXAMPLES + ")"),
        ("2020-1", "is not an EDTF date"),
        ("2020-001", "is not an EDTF date"),
        ("2020-01-1", "is not an EDTF date"),
        ("20200", "is not an EDTF date"),
        ("2X20", "is not an EDTF date"),
        ("2020??", "is not an EDTF date"),
        ("٢٠٢٠", "is not an EDTF date"),  # Arabic-Indic digits
        ("２０２１", "is not an EDTF date"),  # full-width digits
        ("", "is not an EDTF date"),
        ("2022/2016", "'2022/2016': the interval starts after it ends"),
        ("2020-05-06/2020-05-05", "the interval starts after it ends"),
        ("/", "'/': an interval needs at least one dated end"),
        ("../..", "'../..': an interval needs at least one dated end"),
        ("../", "'../': an interval needs at least one dated end"),
        ("/..", "'/..': an interval needs at least one dated end"),
        ("2020/2021/2022", "'2020/2021/2022': an interval has exactly one '/' (e.g. 2016/2022-09)"),
        ("2020/2021-13", "no month 13"),
        ("2020-13/2021", "no month 13"),
        (
            "[2020..2021",
            "'[2020..2021': 'some time within' is written [A..B] with both ends, "
            "e.g. [2012-11-08..2022-09-30]",
        ),
        ("2020..2021]", "'some time within' is written [A..B] with both ends"),
        ("[2020/2021]", "'some time within' is written [A..B] with both ends"),
        ("[2020..2021..2022]", "'some time within' is written [A..B] with both ends"),
        (
            "[..2020]",
            "'[..2020]': 'some time within' needs both ends (an open range says nothing); "
            "e.g. [2012-11-08..2022-09-30]",
        ),
        ("[2020..]", "'some time within' needs both ends"),
        ("[2021..2020]", "'[2021..2020]': the range starts after it ends"),
        ("[2020-05-06..2020-05-05]", "the range starts after it ends"),
        ("[2020-13..2021]", "no month 13"),
        ("[2020..2021-02-30]", "no day 30"),
    ],
)
def test_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(EdtfError) as info:
        parse_edtf(text)
    assert message in str(info.value)


def test_error_is_a_value_error_for_callers_that_catch_those() -> None:
    assert issubclass(EdtfError, ValueError)
