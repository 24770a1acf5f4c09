"""The model's rules at their edges: spans that touch, open ends, the three relations,
and the small accessors every view relies on."""

from __future__ import annotations

from datetime import date

import pytest

from zjtimeline.model import (
    AT,
    CERTAIN,
    INSIDE,
    OVERLAPS,
    POSSIBLE,
    SEVERAL_YEARS,
    STARTS,
    THROUGHOUT,
    UNDATED,
    WITHIN,
    Fact,
    FactBase,
    Figure,
    Period,
    Source,
    Theme,
    build,
)

D = date
P = Period


def span(a: str | None, b: str | None, form: str = AT) -> Period:
    return P(D.fromisoformat(a) if a else None, D.fromisoformat(b) if b else None, form=form)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (span("2020-01-01", "2020-12-31"), span("2020-12-31", "2021-12-31"), True),  # one day
        (span("2020-01-01", "2020-12-31"), span("2021-01-01", "2021-12-31"), False),  # touching
        (span("2021-01-01", "2021-12-31"), span("2020-01-01", "2020-12-31"), False),
        (span("2021-01-01", "2021-12-31"), span("2020-01-01", "2021-01-01"), True),
        (span("2020-06-01", "2020-06-30"), span("2020-01-01", "2020-12-31"), True),
        (span(None, "2020-12-31"), span("2020-12-31", None), True),
        (span(None, "2020-12-30"), span("2020-12-31", None), False),
        (span("2021-01-01", None), span(None, "2020-12-31"), False),
        (span("2021-01-01", None), span(None, "2021-01-01"), True),
        (span(None, None), span("2020-01-01", "2020-01-01"), True),
        (span("2020-01-01", "2020-01-01"), span(None, None), True),
    ],
)
def test_overlaps_at_the_edges(a: Period, b: Period, expected: bool) -> None:
    assert a.overlaps(b) is expected
    assert b.overlaps(a) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (span("2020-01-01", "2020-12-31"), span("2020-01-01", "2020-12-31"), True),  # equal
        (span("2019-12-31", "2020-12-31"), span("2020-01-01", "2020-12-31"), False),
        (span("2020-01-01", "2021-01-01"), span("2020-01-01", "2020-12-31"), False),
        (span("2020-03-01", "2020-03-31"), span("2020-01-01", "2020-12-31"), True),
        (span(None, "2020-03-31"), span("2020-01-01", "2020-12-31"), False),  # open start
        (span("2020-03-01", None), span("2020-01-01", "2020-12-31"), False),  # open end
        (span(None, "2020-03-31"), span(None, "2020-12-31"), True),
        (span("2020-03-01", None), span("2020-01-01", None), True),
        (span("2020-03-01", "2020-03-31"), span(None, None), True),
        (span(None, None), span(None, None), True),
    ],
)
def test_inside_at_the_edges(a: Period, b: Period, expected: bool) -> None:
    assert a.inside(b) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (span("2020-01-01", "2030-12-31"), span("2020-01-01", "2020-01-01"), True),
        (span("2020-12-31", "2030-12-31"), span("2020-01-01", "2020-12-31"), True),
        (span("2021-01-01", "2030-12-31"), span("2020-01-01", "2020-12-31"), False),
        (span("2019-12-31", "2020-06-30"), span("2020-01-01", "2020-12-31"), False),
        (span(None, "2020-06-30"), span("2020-01-01", "2020-12-31"), False),
        (span(None, "2020-06-30"), span(None, "2020-12-31"), True),  # both unbounded
        (span("2020-06-01", None), span(None, "2020-12-31"), True),
    ],
)
def test_starts_in_at_the_edges(a: Period, b: Period, expected: bool) -> None:
    assert a.starts_in(b) is expected


YEAR_2020 = span("2020-01-01", "2020-12-31")


@pytest.mark.parametrize(
    ("fact", "relation", "expected"),
    [
        (span("2019-06-01", "2020-06-30", THROUGHOUT), OVERLAPS, CERTAIN),
        (span("2019-06-01", "2020-06-30", THROUGHOUT), STARTS, None),
        (span("2019-06-01", "2020-06-30", THROUGHOUT), INSIDE, None),
        (span("2020-06-01", "2021-06-30", THROUGHOUT), STARTS, CERTAIN),
        (span("2020-06-01", "2021-06-30", THROUGHOUT), INSIDE, None),
        (span("2020-06-01", "2020-06-30"), INSIDE, CERTAIN),
        (span("2021-06-01", "2021-06-30"), OVERLAPS, None),
        # A within fact is judged the same way whatever the relation: certain when
        # every day of its range would match, possible when some day would.
        (span("2020-03-01", "2020-04-30", WITHIN), OVERLAPS, CERTAIN),
        (span("2020-03-01", "2020-04-30", WITHIN), STARTS, CERTAIN),
        (span("2019-03-01", "2020-04-30", WITHIN), OVERLAPS, POSSIBLE),
        (span("2019-03-01", "2020-04-30", WITHIN), INSIDE, POSSIBLE),
        (span("2019-03-01", "2019-04-30", WITHIN), OVERLAPS, None),
        (span("2019-03-01", "2019-04-30", WITHIN), STARTS, None),
    ],
)
def test_relate(fact: Period, relation: str, expected: str | None) -> None:
    assert fact.relate(YEAR_2020, relation) == expected


def test_relate_overlaps_by_default() -> None:
    assert span("2019-06-01", "2020-06-30").relate(YEAR_2020) == CERTAIN


def test_period_defaults_are_days_and_at() -> None:
    p = P(D(2020, 1, 1), D(2020, 1, 2))
    assert (p.start_precision, p.end_precision, p.form) == ("day", "day", AT)


def _fact(**changes: object) -> Fact:
    values: dict[str, object] = dict(
        id="f",
        source="s",
        date="2020",
        period=span("2020-01-01", "2020-12-31"),
        date_text="2020年",
        date_basis=None,
        themes=("t",),
        tags=(),
        kind="event",
        summary_zh="中文",
        summary_en="English",
        quote="q",
    )
    values.update(changes)
    return Fact(**values)  # type: ignore[arg-type]


def test_summary_and_wording_by_language() -> None:
    f = _fact(date_text_en="in 2020")
    assert (f.summary("zh"), f.summary("en"), f.summary("fr")) == ("中文", "English", "中文")
    assert (f.date_wording("zh"), f.date_wording("en")) == ("2020年", "in 2020")


def test_fact_defaults() -> None:
    f = _fact()
    assert (f.figures, f.section, f.subsection, f.date_text_en, f.known_until, f.line) == (
        (),
        "",
        "",
        None,
        None,
        0,
    )


@pytest.mark.parametrize(
    ("period", "known_until", "ongoing", "effective_end", "group"),
    [
        (span("2020-03-01", "2020-03-31"), None, False, D(2020, 3, 31), 2020),
        (span("2020-03-01", None, THROUGHOUT), D(2020, 9, 30), True, D(2020, 9, 30), 2020),
        (span("2013-07-01", None, THROUGHOUT), D(2022, 9, 30), True, D(2022, 9, 30), SEVERAL_YEARS),
        (span("2013-07-01", None, THROUGHOUT), None, True, None, SEVERAL_YEARS),
        (
            span(None, "2020-12-31", THROUGHOUT),
            D(2022, 9, 30),
            False,
            D(2020, 12, 31),
            SEVERAL_YEARS,
        ),
        (span("2019-01-01", "2020-12-31", WITHIN), None, False, D(2020, 12, 31), UNDATED),
        (span("2020-01-01", "2020-12-31", WITHIN), None, False, D(2020, 12, 31), 2020),
    ],
)
def test_ongoing_effective_and_group(
    period: Period, known_until: date | None, ongoing: bool, effective_end: date | None, group
) -> None:
    f = _fact(period=period, known_until=known_until)
    assert f.ongoing is ongoing
    assert f.form == period.form
    eff = f.effective
    assert (eff.start, eff.end, eff.form) == (period.start, effective_end, period.form)
    assert eff.start_precision == period.start_precision
    assert f.group == group


def test_fact_base_finds_a_theme_by_slug() -> None:
    a, b = Theme("a", "甲", "A"), Theme("b", "乙", "B", "desc")
    base = FactBase("x.yaml", {}, (a, b), ())
    assert base.theme("b") is b and base.theme("a") is a
    assert base.theme("c") is None
    assert base.warnings == ()
    assert b.description_en == "desc" and a.description_en == ""


def test_source_published_date() -> None:
    s = Source("s", "t", "p", "2022-09-30T15:15:00+08:00", ("a",), "f.txt", "")
    assert s.published_date == D(2022, 9, 30)


def test_build_sets_every_field_in_order() -> None:
    make = build(Figure)
    g = make(("426.9", "万名", "党员", "members", "lower"))
    assert g == Figure("426.9", "万名", "党员", "members", "lower")
    p = build(Period)((D(2020, 1, 1), None, "month", "open", THROUGHOUT))
    assert p == P(D(2020, 1, 1), None, "month", "open", THROUGHOUT)
