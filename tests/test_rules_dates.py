"""The guards of the date grammar, each at its edge, and the README's promise that every
form it lists can be typed."""

from __future__ import annotations

import re
from datetime import date

import pytest

from zjtimeline.dates import MAX_YEAR, MIN_YEAR, SANE_YEARS, parse
from zjtimeline.errors import DateError

from .conftest import ROOT

NOW = date(2026, 11, 27)


# ── the year range of the grammar (1000–2999) ───────────────────────────────


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1000", date(1000, 1, 1), date(1000, 12, 31)),
        ("1000-01", date(1000, 1, 1), date(1000, 1, 31)),
        ("1000年", date(1000, 1, 1), date(1000, 12, 31)),
        ("2999", date(2999, 1, 1), date(2999, 12, 31)),
        ("2999-12", date(2999, 12, 1), date(2999, 12, 31)),
        ("2999年3月", date(2999, 3, 1), date(2999, 3, 31)),
    ],
)
def test_years_at_the_edges_of_the_grammar_are_read(text: str, start: date, end: date) -> None:
    p = parse(text, now=NOW).period
    assert (p.start, p.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "year"),
    [("0999", 999), ("0999-05", 999), ("0999年5月", 999), ("0999-05-01", 999), ("3000", 3000),
     ("3000-05", 3000), ("3000年", 3000), ("May 3000", 3000), ("early 0999", 999)],
)  # fmt: skip
def test_years_outside_the_grammar_are_refused(text: str, year: int) -> None:
    with pytest.raises(DateError) as info:
        parse(text, now=NOW)
    assert str(info.value) == f"{text!r}: year {year} is out of range ({MIN_YEAR}–{MAX_YEAR})"


@pytest.mark.parametrize("text", ["0999-21", "0999-33", "0999-40", "3000-21"])
def test_edtf_divisions_outside_the_grammar_years_are_refused(text: str) -> None:
    with pytest.raises(DateError, match="out of range"):
        parse(text, now=NOW)


# ── the sanity guard on what dateparser returns (1800–2200) ─────────────────
# "Today" is a parameter: counted from a day near the edges, a count lands just inside
# or just outside the range the guard accepts.


@pytest.mark.parametrize(
    ("text", "today", "day"),
    [
        ("2 days ago", date(1800, 1, 3), date(1800, 1, 1)),
        ("in 2 days", date(2200, 12, 29), date(2200, 12, 31)),
    ],
)
def test_fallback_dates_at_the_edges_of_the_sane_range_are_read(
    text: str, today: date, day: date
) -> None:
    p = parse(text, now=today).period
    assert (p.start, p.end) == (day, day)
    assert SANE_YEARS == (1800, 2200)


@pytest.mark.parametrize(
    ("text", "today", "found"),
    [
        ("2 days ago", date(1800, 1, 2), "1799-12-31"),
        ("in 2 days", date(2200, 12, 30), "2201-01-01"),
        ("3 weeks ago", date(1800, 1, 10), "1799-12-20"),
    ],
)
def test_fallback_dates_outside_the_sane_range_are_refused(
    text: str, today: date, found: str
) -> None:
    with pytest.raises(DateError) as info:
        parse(text, now=today)
    assert str(info.value) == f"{text!r} reads as {found}, outside 1800–2200"


# ── the README's table of forms ─────────────────────────────────────────────


def readme_date_examples() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Dates you can type", 1)[1].split("\n## ", 1)[0]
    rows = [ln for ln in section.splitlines() if ln.startswith("| ") and "`" in ln]
    examples: list[str] = []
    for row in rows:
        cells = row.split(" | ")
        for pair in re.findall(r"`[^`]+`(?:/`[^`]+`)*", cells[1] if len(cells) > 1 else row):
            first, *others = re.findall(r"`([^`]+)`", pair)
            examples.append(first)
            # `2020年以前`/`之前`: the second is the first with another ending
            examples += [o if re.search(r"\d", o) else first[: -len(o)] + o for o in others]
    return examples


def test_the_readme_lists_examples() -> None:
    examples = readme_date_examples()
    assert "2004年" in examples and "2016年以来" in examples and "2019-2021" in examples


# Forms with a number in them; the table also shows bare endings (`中旬`, `late`, `末`)
# that stand for the example before them, and words that need one (`收官之年`).
NUMBERED = [t for t in readme_date_examples() if re.search("[0-9０-９〇一二三四五六七八九十]", t)]


@pytest.mark.parametrize("text", NUMBERED)
def test_every_form_the_readme_lists_can_be_typed(text: str) -> None:
    q = parse(text, now=NOW)
    assert q.period.start is not None or q.period.end is not None
