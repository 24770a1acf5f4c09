"""The three ways a fact sits in time (at, throughout, some time within), and the
queries that respect them: certain and possible matches, three relations, groups."""

from __future__ import annotations

from datetime import date

import pytest

from zjtimeline.edtf import EdtfError, parse_edtf
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
    Period,
)

from .conftest import MINI_YAML

D = date


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("2004", AT),
        ("2013-07", AT),
        ("2020-33", AT),
        ("2021-12-31~", AT),
        ("2012-11-08/2022-09-30", THROUGHOUT),
        ("2013-07/..", THROUGHOUT),
        ("../2020", THROUGHOUT),
        ("[2012-11-08..2022-09-30]", WITHIN),
        ("[2020..2021-06]", WITHIN),
        ("[2020-33..2020-34]", WITHIN),
    ],
)
def test_the_form_of_the_edtf_text_decides_the_form(text: str, form: str) -> None:
    assert parse_edtf(text).form == form


def test_within_spans_from_the_start_of_its_first_end_to_the_end_of_its_last() -> None:
    p = parse_edtf("[2020..2021-06]")
    assert (p.start, p.end, p.start_precision, p.end_precision) == (
        D(2020, 1, 1),
        D(2021, 6, 30),
        "year",
        "month",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[..2020]", "needs both ends"),
        ("[2020..]", "needs both ends"),
        ("[2021..2020]", "starts after it ends"),
        ("[2020,2021]", "is written [A..B]"),
        ("[2020..2021", "is written [A..B]"),
        ("2020..2021]", "is written [A..B]"),
        ("[2020..2021..2022]", "is written [A..B]"),
        ("[2020-13..2021]", "no month 13"),
        ("[٢٠٢٠..2021]", "not an EDTF date"),
    ],
)
def test_within_refuses_open_reversed_or_malformed_ranges(text: str, message: str) -> None:
    with pytest.raises(EdtfError, match=message.replace("[", r"\[").replace(".", r"\.")):
        parse_edtf(text)


Y2013 = Period(D(2013, 1, 1), D(2013, 12, 31))
Y2020 = Period(D(2020, 1, 1), D(2020, 12, 31))
DECADE = "2012-11-08/2022-09-30"
SOMETIME = "[2012-11-08..2022-09-30]"


@pytest.mark.parametrize(
    ("fact", "query", "relation", "expected"),
    [
        # at: its time is known; a test on it is certain either way
        ("2020-33", Y2020, OVERLAPS, CERTAIN),
        ("2020-33", Y2013, OVERLAPS, None),
        ("2020-33", Y2020, STARTS, CERTAIN),
        ("2020-33", Y2020, INSIDE, CERTAIN),
        ("2020-41/2021-40", Y2020, INSIDE, None),
        # throughout: it held every day of its span
        (DECADE, Y2013, OVERLAPS, CERTAIN),
        (DECADE, Y2020, OVERLAPS, CERTAIN),
        (DECADE, Y2013, STARTS, None),
        (DECADE, Period(D(2012, 1, 1), D(2012, 12, 31)), STARTS, CERTAIN),
        (DECADE, Y2020, INSIDE, None),
        (DECADE, Period(D(2012, 1, 1), D(2022, 12, 31)), INSIDE, CERTAIN),
        ("2013-07/2015", Y2013, STARTS, CERTAIN),
        # within: one unknown day of its span — certain only when every day would match
        (SOMETIME, Y2013, OVERLAPS, POSSIBLE),
        (SOMETIME, Y2013, STARTS, POSSIBLE),
        (SOMETIME, Y2013, INSIDE, POSSIBLE),
        (SOMETIME, Period(D(2000, 1, 1), D(2030, 1, 1)), OVERLAPS, CERTAIN),
        (SOMETIME, Period(D(2012, 11, 8), D(2022, 9, 30)), INSIDE, CERTAIN),
        (SOMETIME, Period(D(2023, 1, 1), None), OVERLAPS, None),
        (SOMETIME, Period(None, D(2012, 11, 7)), OVERLAPS, None),
        ("[2020-01..2020-06]", Y2020, OVERLAPS, CERTAIN),
        ("[2020-01..2020-06]", Period(D(2020, 3, 1), D(2020, 12, 31)), STARTS, POSSIBLE),
    ],
)
def test_relate(fact: str, query: Period, relation: str, expected: str | None) -> None:
    assert parse_edtf(fact).relate(query, relation) == expected


def test_open_ended_spans_relate_as_unbounded() -> None:
    ongoing = parse_edtf("2013-07/..")
    assert ongoing.relate(Y2020) == CERTAIN
    assert ongoing.relate(Y2020, INSIDE) is None
    assert ongoing.relate(Period(D(2013, 1, 1), None), INSIDE) == CERTAIN
    assert ongoing.relate(Y2013, STARTS) == CERTAIN
    assert ongoing.relate(Y2020, STARTS) is None
    before = parse_edtf("../2020")
    assert before.relate(Y2013, STARTS) is None
    assert before.relate(Period(None, D(2000, 1, 1)), STARTS) == CERTAIN


# ── Through the CLI, on a small fact base with one fact of each form ─────────

FORMS_YAML = (
    MINI_YAML
    + """\
  - id: sometime-in-decade
    source: mini
    date: "[2012-11-08..2022-09-30]"
    date_basis: "The article does not say when; inside the decade it reviews."
    themes: [alpha]
    kind: mechanism
    summary_zh: 某时建立某机制。
    summary_en: A mechanism was set up at some point.
    quote: "第一段。"
  - id: sometime-in-2016
    source: mini
    date: "[2016-01..2016-06]"
    themes: [beta]
    kind: event
    summary_zh: 2016年上半年某时。
    summary_en: Some time in the first half of 2016.
    quote: "第一段。"
"""
)


@pytest.fixture
def forms(mini):
    return str(mini(FORMS_YAML))


def _ids(r) -> list[str]:
    assert r.exit_code == 0, r.stderr
    return [rec["id"] for rec in r.json()]


def test_year_gives_certain_matches_only_by_default(cli, forms) -> None:
    r = cli("list", "--facts", forms, "--year", "2020", "--format", "json")
    assert _ids(r) == ["ongoing-thing", "complaints", "meeting-2020"]
    assert {rec["match"] for rec in r.json()} == {CERTAIN}


def test_possible_adds_within_facts_marked_in_every_machine_format(cli, forms) -> None:
    r = cli("list", "--facts", forms, "--year", "2020", "--possible", "--format", "json")
    recs = {rec["id"]: rec for rec in r.json()}
    assert recs["sometime-in-decade"]["match"] == POSSIBLE
    assert recs["sometime-in-decade"]["form"] == WITHIN
    assert recs["meeting-2020"]["match"] == CERTAIN
    assert "sometime-in-2016" not in recs
    for fmt in ("csv", "tsv"):
        out = cli("list", "--facts", forms, "-y", "2020", "--possible", "-f", fmt).stdout
        header, *rows = out.splitlines()
        assert "match" in header.replace("\t", ",").split(",")
        assert sum(row.endswith("possible") for row in rows) == 1
    jsonl = cli("list", "--facts", forms, "-y", "2020", "--possible", "-f", "jsonl").stdout
    assert '"match": "possible"' in jsonl
    yaml_out = cli("list", "--facts", forms, "-y", "2020", "--possible", "-f", "yaml").stdout
    assert "match: possible" in yaml_out


def test_a_within_fact_inside_the_filter_is_certain(cli, forms) -> None:
    r = cli("list", "--facts", forms, "--year", "2016", "--format", "json")
    assert "sometime-in-2016" in _ids(r)
    r = cli("list", "--facts", forms, "--since", "2012", "--format", "json")
    assert "sometime-in-decade" in _ids(r)


def test_relation_starts_and_within(cli, forms) -> None:
    base = ("list", "--facts", forms, "--format", "json")
    assert _ids(cli(*base, "-y", "2016", "--relation", "starts")) == [
        "sometime-in-2016",
        "complaints",
    ]
    assert _ids(cli(*base, "-y", "2020", "--relation", "within")) == ["meeting-2020"]
    assert _ids(cli(*base, "--since", "2013", "--relation", "within")) == [
        "ongoing-thing",
        "sometime-in-2016",
        "complaints",
        "meeting-2020",
    ]
    r = cli(*base, "-y", "2020", "--relation", "sideways")
    assert r.exit_code == 2 and "--relation" in r.stderr


def test_human_views_mark_possible_matches(cli, forms) -> None:
    table = cli("list", "--facts", forms, "-y", "2020", "--possible", "-f", "plain").stdout
    line = next(x for x in table.splitlines() if x.startswith("sometime-in-decade"))
    assert line.rstrip().endswith("possible")
    tl = cli("timeline", "--facts", forms, "-y", "2020", "--possible", "--lang", "en").stdout
    assert "○ 2012-11-08 … 2022-09-30 (possible)" in tl
    assert "● 2020-Q1" in tl


def test_timeline_groups_years_apart_from_spans_and_undated(cli, forms) -> None:
    tl = cli("timeline", "--facts", forms, "--lang", "en").stdout
    headings = [x.split(" ")[1:-1] for x in tl.splitlines() if x.startswith("── ")]
    assert [" ".join(h) for h in headings] == [
        "Held throughout several years",
        "2016",
        "2020",
        "Some time within (the article does not say when)",
    ]
    zh = cli("timeline", "--facts", forms).stdout
    assert "── 跨年持续 " in zh and "── 期间某时(文章未说具体时间) " in zh
    rev = cli("timeline", "--facts", forms, "--reverse", "--lang", "en").stdout
    assert rev.index("── 2020") < rev.index("── 2016")


def test_stats_counts_by_the_same_groups(cli, forms) -> None:
    recs = cli("stats", "--facts", forms, "--format", "json").json()
    assert [(r["year"], r["total"]) for r in recs] == [
        ("2016", 1),
        ("2020", 1),
        (SEVERAL_YEARS, 2),
        (UNDATED, 1),
        ("total", 5),
    ]


def test_show_says_how_the_fact_sits_in_time(cli, forms) -> None:
    en = cli("show", "sometime-in-decade", "meeting-2020", "--facts", forms, "--lang", "en").stdout
    assert "once, some time within the span (the article does not say when)" in en
    assert "at that time, to the article's precision" in en
    zh = cli("show", "complaints", "--facts", forms).stdout
    assert "贯穿整个时段" in zh
