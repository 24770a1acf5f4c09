"""The terminal charts rule by rule: the year axis (its columns, the step of its labels,
where a label fits), each form's mark, the lanes, labels and legend of the Gantt chart
in both languages and in colour, and the stats bars with their eighths."""

from __future__ import annotations

from datetime import date

import pytest

from zjtimeline.chart import PALETTE, _Axis, render_bars, render_gantt
from zjtimeline.model import (
    AT,
    CERTAIN,
    POSSIBLE,
    THROUGHOUT,
    WITHIN,
    Fact,
    FactBase,
    Period,
    Theme,
)
from zjtimeline.text import width

D = date
BOLD, DIM, RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
BLUE, RED = PALETTE[0], PALETTE[1]


def fact(id: str, start: date | None, end: date | None, form: str, themes: tuple[str, ...],
         zh: str, en: str = "", known_until: date | None = None) -> Fact:  # fmt: skip
    return Fact(
        id=id, source="s", date="", period=Period(start, end, "day", "day", form),
        date_text=None, date_basis=None, themes=themes, tags=(), kind="event",
        summary_zh=zh, summary_en=en or zh, quote="", known_until=known_until,
    )  # fmt: skip


THEMES = (Theme("a", "甲", "Alpha"), Theme("b", "乙", "Beta"), Theme("c", "丙", "Gamma"))
BASE = FactBase(path="", sources={}, themes=THEMES, facts=())

# 2018-2020 over 40 columns: labels 12 wide, an axis of 27 columns of 1096 days;
# 2018-01-01 is column 0, 2019-01-01 column 8, 2020-01-01 column 17.
MEETING = fact(
    "m", D(2019, 7, 1), D(2019, 7, 31), AT, ("a",), "会议召开", "Meeting"
)  # mid 07-16: col 13
YEAR = fact(
    "y", D(2018, 1, 1), D(2018, 12, 31), THROUGHOUT, ("a", "b"), "全年整顿工作持续", "Whole year"
)  # 0..8
SOMETIME = fact("s", D(2019, 1, 1), D(2020, 12, 31), WITHIN, ("b",), "某时", "Some time")  # 8..26
ONGOING = fact(
    "o", D(2020, 1, 1), None, THROUGHOUT, ("a",), "持续中", "Going on", D(2020, 6, 30)
)  # 17..22
EARLIER = fact("e", None, D(2018, 6, 30), THROUGHOUT, ("b",), "早已", "Before")  # open start: 0..4
UNKNOWN = fact("u", D(2018, 3, 1), None, THROUGHOUT, ("a",), "不详", "Unknown")  # no end known
MATCHES = [(MEETING, CERTAIN), (YEAR, CERTAIN), (SOMETIME, POSSIBLE), (ONGOING, CERTAIN),
           (EARLIER, CERTAIN), (UNKNOWN, CERTAIN)]  # fmt: skip


def gantt(
    matches=MATCHES, *, lang: str = "zh", cols: int = 40, color: bool = False, lanes=()
) -> str:
    return "".join(render_gantt(matches, BASE, lang=lang, cols=cols, color=color, lanes=lanes))


# ── The axis ─────────────────────────────────────────────────────────────────


def test_axis_columns_are_days_scaled_to_the_width_and_clamped_inside_it() -> None:
    axis = _Axis(2018, 2020, 27)
    assert [axis.col(d) for d in (D(2018, 1, 1), D(2018, 12, 31), D(2019, 1, 1), D(2020, 1, 1),
                                  D(2020, 6, 30), D(2020, 12, 31))] == [0, 8, 8, 17, 22, 26]  # fmt: skip
    assert axis.col(D(2017, 6, 1)) == 0 and axis.col(D(2022, 1, 1)) == 26
    # the first steps over a column boundary: day 41 of 1096 is 1107/1096, day 1056 is 28512/1096
    assert [
        axis.col(d) for d in (D(2018, 2, 10), D(2018, 2, 11), D(2020, 11, 21), D(2020, 11, 22))
    ] == [0, 1, 25, 26]
    assert _Axis(2018, 2018, 0).cols == 1  # never zero columns


@pytest.mark.parametrize(
    ("first", "last", "cols", "years"),
    [
        (2018, 2020, 27, [2018, 2019, 2020]),  # 9 columns a year: every year
        (2017, 2020, 27, [2017, 2018, 2019, 2020]),  # 6.75 a year: still every year
        (2017, 2020, 24, [2017, 2018, 2019, 2020]),  # exactly 6 a year is enough
        (2016, 2020, 27, [2016, 2018, 2020]),  # 5.4 a year: every 2
        (2000, 2020, 27, [2000, 2005, 2010, 2015, 2020]),
        (1990, 2020, 27, [1990, 2000, 2010, 2020]),
        (1950, 2020, 27, [1960, 1980, 2000, 2020]),
        (1850, 2020, 27, [1850, 1900, 1950, 2000]),
        (1700, 2020, 27, [1700, 1800, 1900, 2000]),  # past every step: each century
    ],
)
def test_axis_labels_every_1_2_5_10_20_50_or_100_years_6_columns_apart(
    first: int, last: int, cols: int, years: list[int]
) -> None:
    assert [y for _, y in _Axis(first, last, cols).ticks()] == years


def test_axis_ticks_stand_at_the_first_day_of_their_year() -> None:
    assert _Axis(2018, 2020, 27).ticks() == [(0, 2018), (8, 2019), (17, 2020)]
    assert _Axis(2000, 2020, 27).ticks() == [
        (0, 2000),
        (6, 2005),
        (12, 2010),
        (19, 2015),
        (25, 2020),
    ]


def test_axis_header_leaves_out_a_label_that_would_pass_the_right_edge() -> None:
    assert _Axis(2018, 2020, 27).header() == "2018    2019     2020"
    assert _Axis(2000, 2020, 27).header() == "2000  2005  2010   2015"  # 2020 at 25 needs 4


def test_axis_header_keeps_a_blank_column_between_labels() -> None:
    axis = _Axis(2018, 2020, 27)
    axis.ticks = lambda: [(0, 2018), (4, 2019), (9, 2020)]  # type: ignore[method-assign]
    assert axis.header() == "2018     2020"  # 2019 would touch 2018
    axis.ticks = lambda: [(0, 2018), (5, 2019), (9, 2020), (15, 2021)]  # type: ignore[method-assign]
    assert axis.header() == "2018 2019      2021"  # 2020 would touch 2019
    axis.ticks = lambda: [(0, 2018), (23, 2021)]  # type: ignore[method-assign]
    assert axis.header() == "2018" + " " * 19 + "2021"  # ends in the last column


def test_axis_header_keeps_a_blank_column_after_a_label_in_the_first_column() -> None:
    axis = _Axis(2018, 2020, 27)
    axis.ticks = lambda: [(0, 5), (1, 6), (2, 7)]  # type: ignore[method-assign]
    assert axis.header() == "5 7"  # 6 would touch 5, which stands in column 0


# ── The Gantt chart ──────────────────────────────────────────────────────────

ZH_40 = (
    "             2018    2019     2020\n"
    "■ 甲 (4)\n"
    "会议召开     ·       ·    ●   ·\n"
    "全年整顿工…  █████████        ·\n"
    "持续中       ·       ·        █████▶\n"
    "不详         ?       ·        ·\n"
    "■ 乙 (3)\n"
    "全年整顿工…  █████████        ·\n"
    "(可能)某时   ·       ░░░░░░░░░░░░░░░░░░░\n"
    "早已         █████   ·        ·\n"
    "● 时点  █ 持续  ░ 期间某时(不确定)  ▶ …\n"
)


def test_gantt_chart_draws_each_form_in_its_lanes_at_40_columns() -> None:
    """A point at the middle of its time, a bar over the years it held, a light bar over
    the years it happened in, an arrow to the source's date when ongoing, a bar from the
    left edge for an open start, "?" when no end is known; the possible match marked;
    a lane per theme a fact carries (the unused one left out), its count in its heading."""
    assert gantt() == ZH_40


def test_gantt_an_ongoing_fact_within_one_column_is_just_its_arrow() -> None:
    late = fact(
        "l", D(2020, 6, 15), None, THROUGHOUT, ("a",), "刚开始", known_until=D(2020, 6, 30)
    )  # col 22
    assert (
        gantt([(YEAR, CERTAIN), (late, CERTAIN)]).splitlines()[3]
        == "刚开始       ·       ·        ·    ▶"
    )


def test_gantt_chart_is_never_narrower_than_40_columns() -> None:
    assert gantt(cols=20) == gantt(cols=39) == ZH_40


def test_gantt_chart_in_english() -> None:
    assert gantt(lang="en", lanes=("b",)) == (
        "             2018    2019     2020\n"
        "■ Beta (3)\n"
        "Whole year   █████████        ·\n"
        "(possible)…  ·       ░░░░░░░░░░░░░░░░░░░\n"
        "Before       █████   ·        ·\n"
        "● at  █ throughout  ░ some time within …\n"
    )


def test_gantt_chart_shows_only_the_lanes_asked_for_in_the_fact_base_order() -> None:
    out = gantt([(SOMETIME, CERTAIN), (YEAR, CERTAIN)], lanes=("b", "c"))
    assert [line for line in out.splitlines() if line.startswith("■")] == ["■ 乙 (2)"]
    out = gantt([(SOMETIME, CERTAIN), (MEETING, CERTAIN)])
    assert [line for line in out.splitlines() if line.startswith("■")] == ["■ 甲 (1)", "■ 乙 (1)"]


@pytest.mark.parametrize(
    ("cols", "label_w"), [(40, 12), (43, 12), (50, 15), (100, 30), (133, 39), (134, 40), (200, 40)]
)
def test_gantt_labels_take_three_tenths_of_the_width_between_12_and_40(cols: int, label_w: int) -> None:  # fmt: skip
    lines = gantt(cols=cols).splitlines()
    assert len(lines[0]) - len(lines[0].lstrip()) == label_w + 1
    assert all(width(line) <= cols for line in lines)
    year = [line for line in lines if line.startswith("全年")]  # its bar starts at column 0
    assert {width(line[: line.index("█")]) for line in year} == {label_w + 1}


def test_gantt_chart_without_dates_stands_on_2012() -> None:
    assert gantt([]) == "             2012\n● 时点  █ 持续  ░ 期间某时(不确定)  ▶ …\n"
    assert gantt([(UNKNOWN, CERTAIN)]).startswith("             2018\n")


def test_gantt_chart_in_colour_paints_axis_headings_marks_and_ticks() -> None:
    out = gantt(color=True, lanes=("b",)).splitlines()
    assert out == [
        " " * 13 + f"{BOLD}2018    2019     2020{RESET}",
        f"{BOLD}{RED}■ 乙 (3){RESET}",
        f"全年整顿工…  {RED}█████████{RESET}{DIM}        ·{RESET}",
        f"(可能)某时   {DIM}·       {RESET}{RED}░░░░░░░░░░░░░░░░░░░{RESET}",
        f"早已         {RED}█████{RESET}{DIM}   ·        ·{RESET}",
        f"{DIM}● 时点  █ 持续  ░ 期间某时(不确定)  ▶ …{RESET}",
    ]
    assert f"{BLUE}█████▶" in gantt(color=True)


def test_gantt_colours_cycle_through_the_palette_by_the_themes_place() -> None:
    themes = tuple(Theme(f"t{i}", f"主题{i}", f"T{i}") for i in range(14))
    base = FactBase(path="", sources={}, themes=themes, facts=())
    last = fact("x", D(2018, 1, 1), D(2018, 12, 31), THROUGHOUT, ("t13",), "末")
    out = "".join(render_gantt([(last, CERTAIN)], base, lang="zh", cols=40, color=True))
    assert f"{BOLD}{PALETTE[1]}■ 主题13 (1){RESET}" in out


# ── The stats bars ───────────────────────────────────────────────────────────


def bars(records, *, lang: str = "zh", cols: int = 40, color: bool = False) -> str:
    return "".join(render_bars(records, lang=lang, cols=cols, color=color))


def test_stats_bars_scale_to_the_largest_in_eighths_without_the_total_row() -> None:
    records = [{"year": 2019, "total": 8}, {"year": "throughout", "total": 3},
               {"year": 2020, "total": 0}, {"year": "total", "total": 11}]  # fmt: skip
    # labels 8 wide, 1 digit: 28 columns for the largest
    assert bars(records) == (
        "2019     ████████████████████████████ 8\n跨年持续 ██████████▌ 3\n2020      0\n"
    )


def test_stats_bars_show_any_count_at_least_as_a_sliver() -> None:
    records = [
        {"year": 2018, "total": 1000},
        {"year": 2021, "total": 1},
        {"year": 2022, "total": 7},
    ]
    # labels 4 wide, 4 digits: 29 columns; 7 of 1000 are 1.6 eighths
    assert bars(records, lang="en") == (
        "2018 █████████████████████████████ 1000\n2021 ▏ 1\n2022 ▏ 7\n"
    )
    assert bars([{"year": 2018, "total": 16}, {"year": 2019, "total": 1}], cols=24) == (
        "2018 ███████████████ 16\n"  # 24 - 4 - 2 - 3 = 15 columns
        "2019 ▉ 1\n"  # 15 * 8 // 16 = 7 eighths
    )


def test_stats_bars_labels_cut_at_a_third_of_the_width() -> None:
    assert bars([{"year": "within", "total": 2}], lang="en") == "Some time wi… " + "█" * 23 + " 2\n"
    assert bars([{"year": "within", "total": 2}]) == "期间某时(文…  " + "█" * 23 + " 2\n"


def test_stats_bars_keep_at_least_one_column_and_zero_totals_draw_nothing() -> None:
    assert bars([{"year": 2019, "total": 1}], cols=6) == "2… █ 1\n"  # 6 - 2 - 1 - 3 leaves 0
    assert bars([{"year": 2019, "total": 0}, {"year": 2020, "total": 0}]) == "2019  0\n2020  0\n"
    assert bars([]) == ""


def test_stats_bars_in_colour() -> None:
    records = [{"year": 2019, "total": 2}, {"year": 2020, "total": 0}]
    assert bars(records, cols=12, color=True) == f"2019 {PALETTE[5]}████{RESET} 2\n2020  0\n"
