"""A strict subset of EDTF (ISO 8601-2) for fact dates, to inclusive periods.

Accepted, each optionally followed by one qualifier ``?`` ``~`` or ``%``::

    2004            a year                    2013-07      a month
    2021-12-31      a day                     2020-33      a quarter (33–36)
    2020-21         a season (21–24)          2020-40      a half year (40, 41)
    201X            a decade (X digits)       A/B  A/..  ../B  A/  /B   intervals

``..`` is an open end (ongoing); an empty end is unknown, read as open too.

The form of the text says how a fact sits in time (see :mod:`zjtimeline.model`):

    2013-07                   *at*: it happened then, to that precision
    2012-11-08/2022-09-30     *throughout*: it held over the whole interval
    [2012-11-08..2022-09-30]  *some time within*: once, on a day the source does not
                              give, in that range (EDTF level 2 "one of a set")

Digits are ASCII only: ``٢٠٢٠`` or ``２０２１`` are not EDTF.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .model import AT, THROUGHOUT, WITHIN, Period

_POINT = re.compile(
    r"(?P<y>[0-9]{3}[0-9X]|[0-9]{2}XX)(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?)?[?~%]?"
)

# Sub-year divisions (EDTF level 1 seasons, level 2 quarters and semesters):
# code -> (precision, first month, last month). Winter runs into the next year.
_DIVISIONS: dict[int, tuple[str, int, int]] = {
    21: ("season", 3, 5),
    22: ("season", 6, 8),
    23: ("season", 9, 11),
    24: ("season", 12, 14),
    33: ("quarter", 1, 3),
    34: ("quarter", 4, 6),
    35: ("quarter", 7, 9),
    36: ("quarter", 10, 12),
    40: ("half", 1, 6),
    41: ("half", 7, 12),
}

EXAMPLES = (
    "2004, 2013-07, 2021-12-31, 2020-33 (Q1), 2013-07/.., 2016/2022-09, [2012-11-08..2022-09-30]"
)


class EdtfError(ValueError):
    """Not a date in the supported EDTF subset; the message says why."""


def month_end(year: int, month: int) -> date:
    """The last day of a month; months past 12 roll into the next year."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _point(text: str) -> tuple[date, date, str]:
    """One EDTF date to (first day, last day, precision)."""
    m = _POINT.fullmatch(text)
    if not m:
        raise EdtfError(f"{text!r} is not an EDTF date (expected e.g. {EXAMPLES})")
    ys, ms, ds = m.group("y"), m.group("m"), m.group("d")
    if "X" in ys:
        if ms:
            raise EdtfError(f"{text!r}: a month cannot follow an unspecified year")
        lo, hi = int(ys.replace("X", "0")), int(ys.replace("X", "9"))
        return date(max(lo, 1), 1, 1), date(hi, 12, 31), "year"
    year = int(ys)
    if year < 1:
        raise EdtfError(f"{text!r}: year 0 is outside the supported range 1–9999")
    if ms is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    mm = int(ms)
    if ds is None:
        if 1 <= mm <= 12:
            return date(year, mm, 1), month_end(year, mm), "month"
        if mm in _DIVISIONS:
            precision, first, last = _DIVISIONS[mm]
            return date(year, first, 1), month_end(year, last), precision
        raise EdtfError(
            f"{text!r}: no month {mm} (months are 01–12; 21–24 seasons, 33–36 quarters, "
            "40–41 halves)"
        )
    if not 1 <= mm <= 12:
        raise EdtfError(f"{text!r}: no month {mm} (months are 01–12)")
    dd = int(ds)
    last = calendar.monthrange(year, mm)[1]
    if not 1 <= dd <= last:
        raise EdtfError(f"{text!r}: no day {dd} in {year}-{mm:02d} (it has {last} days)")
    day = date(year, mm, dd)
    return day, day, "day"


def parse_edtf(text: str) -> Period:
    """Parse an EDTF date or interval into an inclusive :class:`Period`."""
    text = text.strip()
    if text.startswith("[") or text.endswith("]"):
        return _one_of(text)
    if "/" not in text:
        first, last, precision = _point(text)
        return Period(first, last, precision, precision, AT)
    if text.count("/") > 1:
        raise EdtfError(f"{text!r}: an interval has exactly one '/' (e.g. 2016/2022-09)")
    left, right = text.split("/")
    if left in ("", "..") and right in ("", ".."):
        raise EdtfError(f"{text!r}: an interval needs at least one dated end")
    start: date | None = None
    end: date | None = None
    start_p = end_p = None
    if left not in ("", ".."):
        start, _, start_p = _point(left)
    if right not in ("", ".."):
        _, end, end_p = _point(right)
    if start is not None and end is not None and start > end:
        raise EdtfError(f"{text!r}: the interval starts after it ends")
    return Period(start, end, start_p or "open", end_p or "open", THROUGHOUT)


def _one_of(text: str) -> Period:
    """``[A..B]``: one day, not known which, from the start of A to the end of B."""
    if not (text.startswith("[") and text.endswith("]")) or text.count("..") != 1:
        raise EdtfError(
            f"{text!r}: 'some time within' is written [A..B] with both ends, "
            "e.g. [2012-11-08..2022-09-30]"
        )
    left, right = text[1:-1].split("..")
    if not left or not right:
        raise EdtfError(
            f"{text!r}: 'some time within' needs both ends (an open range says nothing); "
            "e.g. [2012-11-08..2022-09-30]"
        )
    start, _, start_p = _point(left)
    _, end, end_p = _point(right)
    if start > end:
        raise EdtfError(f"{text!r}: the range starts after it ends")
    return Period(start, end, start_p, end_p, WITHIN)
