"""query.py rule by rule: each filter, the order, the search haystack, what users type
for themes, tags and kinds, and the summaries behind `themes` and `stats`."""

from __future__ import annotations

from datetime import date

import pytest

from zjtimeline.errors import UsageError
from zjtimeline.model import (
    CERTAIN,
    INSIDE,
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
)
from zjtimeline.query import (
    Query,
    date_match,
    find,
    haystack,
    match,
    resolve_kind,
    resolve_tag,
    resolve_theme,
    search_words,
    select,
    select_matches,
    sort_key,
    source_summary,
    suggest_id,
    tag_summary,
    theme_summary,
    year_theme_counts,
)

D = date


def fact(fid: str, start: str | None, end: str | None, form: str = THROUGHOUT, **kw) -> Fact:
    values: dict = dict(
        id=fid,
        source="s",
        date="x",
        period=Period(
            D.fromisoformat(start) if start else None,
            D.fromisoformat(end) if end else None,
            form=form,
        ),
        date_text=None,
        date_basis=None,
        themes=("a",),
        tags=(),
        kind="event",
        summary_zh="摘要",
        summary_en="Summary",
        quote="原文",
    )
    values.update(kw)
    return Fact(**values)


def year(y: int) -> Period:
    return Period(D(y, 1, 1), D(y, 12, 31), "year", "year")


THEMES = (
    Theme("political", "政治建设", "Political building"),
    Theme("grassroots", "基层党建", "Grassroots party building"),
    Theme("integrity", "清廉浙江", "Integrity"),
    Theme("covid", "疫情防控", "COVID-19 response"),
)

F2019 = fact("f2019", "2019-03-01", "2019-03-31", themes=("political",), tags=("会议",))
F2020 = fact("f2020", "2020-06-01", "2020-06-30", kind="statistic", themes=("covid", "integrity"))
SPAN = fact("span", "2018-01-01", "2021-12-31", themes=("grassroots",), tags=("党员", "会议"))
ONGOING = fact("ongoing", "2013-07-01", None, known_until=D(2022, 9, 30), themes=("political",))
WITHIN_F = fact("within", "2019-07-01", "2020-06-30", form=WITHIN, themes=("integrity",))
FACTS = (F2020, SPAN, F2019, ONGOING, WITHIN_F)
BASE = FactBase("x.yaml", {}, THEMES, FACTS)


def ids(facts) -> list[str]:
    return [f.id for f in facts]


# ── order ────────────────────────────────────────────────────────────────────


def test_sort_key_start_then_end_with_ongoing_last_then_id() -> None:
    a = fact("b", "2020-01-01", "2020-12-31")
    b = fact("a", "2020-01-01", "2020-12-31")
    c = fact("c", "2020-01-01", None)
    d = fact("d", None, "2019-12-31")
    assert sort_key(c) == (D(2020, 1, 1), D.max, "c")
    assert sort_key(d) == (D.min, D(2019, 12, 31), "d")
    assert ids(sorted([c, a, b, d], key=sort_key)) == ["d", "a", "b", "c"]


def test_select_is_chronological_reversed_and_limited() -> None:
    assert ids(select(FACTS, Query(possible=True))) == [
        "ongoing",
        "span",
        "f2019",
        "within",
        "f2020",
    ]
    assert ids(select(FACTS, Query(reverse=True, possible=True))) == [
        "f2020", "within", "f2019", "span", "ongoing",
    ]  # fmt: skip
    assert ids(select(FACTS, Query(limit=2))) == ["ongoing", "span"]
    assert ids(select(FACTS, Query(limit=0))) == []
    assert ids(select(FACTS, Query(limit=2, reverse=True))) == ["f2020", "within"]


def test_select_matches_says_how_each_matched() -> None:
    q = Query(years=(year(2020),), possible=True)
    assert [(f.id, m) for f, m in select_matches(FACTS, q)] == [
        ("ongoing", CERTAIN), ("span", CERTAIN), ("within", POSSIBLE), ("f2020", CERTAIN),
    ]  # fmt: skip


def test_select_does_not_change_its_input() -> None:
    facts = list(FACTS)
    select(facts, Query(reverse=True))
    assert facts == list(FACTS)


# ── filters ──────────────────────────────────────────────────────────────────


def test_no_filter_selects_everything_certain() -> None:
    for f in FACTS:
        assert match(f, Query()) == CERTAIN
        assert date_match(f, Query()) == CERTAIN


def test_dated() -> None:
    assert not Query().dated
    assert Query(years=(year(2020),)).dated
    assert Query(since=D(2020, 1, 1)).dated and Query(until=D(2020, 1, 1)).dated


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (Query(themes=("covid",)), ["f2020"]),
        (Query(themes=("political", "covid")), ["ongoing", "f2019", "f2020"]),
        (Query(themes=("nothing",)), []),
        (Query(tags=("会议",)), ["span", "f2019"]),
        (Query(tags=("会",)), []),  # tags match exactly (the CLI resolves parts first)
        (Query(kinds=("statistic",)), ["f2020"]),
        (Query(kinds=("event", "statistic")), ["ongoing", "span", "f2019", "within", "f2020"]),
        (Query(words=("summary",)), ["ongoing", "span", "f2019", "within", "f2020"]),
        (Query(words=("f2019",)), ["f2019"]),
        (Query(words=("f20", "19")), ["f2019"]),  # every word
        (Query(words=("f2019", "f2020")), []),
        (Query(themes=("political",), kinds=("statistic",)), []),  # every filter
    ],
)
def test_filters(q: Query, expected: list[str]) -> None:
    assert ids(select(FACTS, q)) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # --year: any of them; the ongoing fact holds until its source's date
        (Query(years=(year(2019),)), ["ongoing", "span", "f2019"]),
        (Query(years=(year(2019), year(2020))), ["ongoing", "span", "f2019", "f2020"]),
        (Query(years=(year(2023),)), []),  # past known_until
        (Query(years=(year(2022),)), ["ongoing"]),
        # --since and --until: one span, both ends inclusive
        (Query(since=D(2020, 6, 30)), ["ongoing", "span", "f2020"]),
        (Query(since=D(2020, 7, 1)), ["ongoing", "span"]),
        (Query(until=D(2019, 3, 1)), ["ongoing", "span", "f2019"]),
        (Query(until=D(2019, 2, 28)), ["ongoing", "span"]),
        (Query(since=D(2019, 3, 31), until=D(2019, 3, 31)), ["ongoing", "span", "f2019"]),
        # both kinds: both must hold
        (Query(years=(year(2019),), since=D(2020, 1, 1)), ["ongoing", "span"]),
        (Query(years=(year(2020),), until=D(2019, 12, 31)), ["ongoing", "span"]),
        # relations
        (Query(years=(year(2019),), relation=STARTS), ["f2019"]),
        (Query(years=(year(2020),), relation=INSIDE), ["f2020"]),
        (Query(since=D(2019, 1, 1), relation=INSIDE), ["f2019", "within", "f2020"]),
    ],
)
def test_date_filters(q: Query, expected: list[str]) -> None:
    assert ids(select(FACTS, q)) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (Query(years=(year(2020),)), POSSIBLE),
        (Query(years=(year(2018),)), None),
        (Query(years=(year(2018), year(2020))), POSSIBLE),  # the best of the years
        (Query(years=(year(2020), year(2018))), POSSIBLE),
        (Query(years=(year(2019), year(2020))), POSSIBLE),
        (Query(since=D(2019, 7, 1), until=D(2020, 6, 30)), CERTAIN),
        (Query(since=D(2019, 1, 1)), CERTAIN),
        (Query(since=D(2020, 1, 1)), POSSIBLE),
        (Query(until=D(2019, 6, 30)), None),
        (Query(years=(year(2019), year(2020)), since=D(2019, 1, 1)), POSSIBLE),
        (Query(years=(year(2020),), since=D(2019, 1, 1)), POSSIBLE),  # a possible year stays so
        (Query(years=(year(2020),), since=D(2021, 1, 1)), None),
    ],
)
def test_a_within_fact_matches_certainly_possibly_or_not(q: Query, expected: str | None) -> None:
    assert date_match(WITHIN_F, q) == expected
    assert match(WITHIN_F, Query(**{**_fields(q), "possible": True})) == expected
    assert match(WITHIN_F, q) == (CERTAIN if expected == CERTAIN else None)


def test_a_certain_year_beats_a_possible_one() -> None:
    whole = Period(D(2019, 1, 1), D(2020, 12, 31), "year", "year")
    assert date_match(WITHIN_F, Query(years=(year(2020), whole))) == CERTAIN
    assert date_match(WITHIN_F, Query(years=(whole, year(2020)))) == CERTAIN


def _fields(q: Query) -> dict:
    return {name: getattr(q, name) for name in Query.__slots__}  # type: ignore[attr-defined]


# ── search ───────────────────────────────────────────────────────────────────


def test_haystack_holds_every_searchable_field_folded() -> None:
    f = fact(
        "My-Id",
        "2020-01-01",
        "2020-12-31",
        summary_zh="中文摘要",
        summary_en="English Summary",
        quote="原文引语",
        date_text="２０２０年初",
        tags=("标签一", "Tag2"),
        figures=(Figure("1.5", "万名", "党员", "Members"),),
    )
    hay = haystack(f)
    for part in ("my-id", "中文摘要", "english summary", "原文引语", "2020年初", "标签一", "tag2",
                 "1.5万名", "党员", "members"):  # fmt: skip
        assert part in hay, part
    assert "\n" in hay  # fields stay apart: no word spans two of them
    assert "summary\n原文" not in hay or "english summary\n原文引语" in hay
    assert haystack(fact("x", None, None)) == "x\n摘要\nsummary\n原文\n"  # no date text


def test_search_words_fold_and_split_on_any_space() -> None:
    assert search_words("  Ａbc\u3000换届  X ") == ("abc", "换届", "x")
    assert search_words("") == ()


# ── what users type ──────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("covid", "covid"),
        ("COVID", "covid"),
        (" covid ", "covid"),
        ("疫情防控", "covid"),
        ("Integrity", "integrity"),
        ("清廉", "integrity"),  # a part, when only one theme has it
        ("grass", "grassroots"),
        ("building", "political") if False else ("Political building", "political"),
    ],
)
def test_resolve_theme(typed: str, slug: str) -> None:
    assert resolve_theme(THEMES, typed) == slug


def test_an_exact_name_wins_over_parts() -> None:
    themes = (Theme("party", "党建", "Party"), Theme("party-school", "党校", "Party school"))
    assert resolve_theme(themes, "party") == "party"
    assert resolve_theme(themes, "Party") == "party"


def test_resolve_theme_ambiguous_lists_the_candidates() -> None:
    with pytest.raises(UsageError) as info:
        resolve_theme(THEMES, "building")
    assert str(info.value) == (
        "--theme 'building' is ambiguous: it matches political, grassroots; give more of the name"
    )


def test_ambiguous_list_is_cut_at_twelve() -> None:
    themes = tuple(Theme(f"t{i:02d}", f"主题{i}", f"Theme {i}") for i in range(14))
    with pytest.raises(UsageError) as info:
        resolve_theme(themes, "theme", option="--x")
    shown = ", ".join(f"t{i:02d}" for i in range(12))
    assert (
        str(info.value) == f"--x 'theme' is ambiguous: it matches {shown} …; give more of the name"
    )
    with pytest.raises(UsageError) as info:
        resolve_theme(themes[:13], "theme")
    assert str(info.value).endswith(", t11 …; give more of the name")
    with pytest.raises(UsageError) as info:
        resolve_theme(themes[:12], "theme")
    assert "…" not in str(info.value)


def test_resolve_theme_unknown_suggests_and_lists() -> None:
    with pytest.raises(UsageError) as info:
        resolve_theme(THEMES, "covd")
    assert str(info.value) == (
        "--theme: unknown theme 'covd'; did you mean 'covid'? "
        "(choose from: political, grassroots, integrity, covid)"
    )
    with pytest.raises(UsageError) as info:
        resolve_theme(THEMES, "zzzz")
    assert str(info.value) == (
        "--theme: unknown theme 'zzzz' (choose from: political, grassroots, integrity, covid)"
    )


def test_unknown_list_is_cut_at_twenty() -> None:
    themes = tuple(Theme(f"t{i:02d}", f"主题{i}", f"Theme {i}") for i in range(21))
    with pytest.raises(UsageError) as info:
        resolve_theme(themes, "zzzz")
    shown = ", ".join(f"t{i:02d}" for i in range(20))
    assert str(info.value) == f"--theme: unknown theme 'zzzz' (choose from: {shown} …)"
    with pytest.raises(UsageError) as info:
        resolve_theme(themes[:20], "zzzz")
    assert "…" not in str(info.value)


@pytest.mark.parametrize("typed", ["", "   "])
def test_empty_value(typed: str) -> None:
    with pytest.raises(UsageError) as info:
        resolve_theme(THEMES, typed)
    assert (
        str(info.value)
        == "--theme: empty theme; choose one of: political, grassroots, integrity, covid"
    )


def test_resolve_tag_and_kind() -> None:
    assert resolve_tag(BASE, "会议") == "会议"
    assert resolve_tag(BASE, "党") == "党员"
    with pytest.raises(UsageError, match=r"^--tag: unknown tag 'zz' \(choose from: 党员, 会议\)$"):
        resolve_tag(BASE, "zz")
    assert resolve_kind(BASE, "STAT") == "statistic"
    assert resolve_kind(BASE, "event") == "event"
    with pytest.raises(UsageError, match=r"^-k 'p' is ambiguous: it matches policy, programme"):
        resolve_kind(BASE, "p", option="-k")


def test_find_and_suggest_id() -> None:
    assert find(BASE, "span") is SPAN
    assert find(BASE, "spa") is None
    assert suggest_id(BASE, "f2091") == "; did you mean 'f2019'?"
    assert suggest_id(BASE, "GOING") == "; did you mean 'ongoing'?"  # a part, folded
    assert suggest_id(BASE, "zzzzzzzz") == "; 'zjtimeline list --fields id' lists them"


# ── themes and stats ─────────────────────────────────────────────────────────


def test_theme_summary_counts_and_spans() -> None:
    rows = theme_summary(BASE)
    assert rows == [
        {"slug": "political", "name_zh": "政治建设", "name_en": "Political building",
         "count": 2, "start": "2013-07-01", "end": "2022-09-30"},
        {"slug": "grassroots", "name_zh": "基层党建", "name_en": "Grassroots party building",
         "count": 1, "start": "2018-01-01", "end": "2021-12-31"},
        {"slug": "integrity", "name_zh": "清廉浙江", "name_en": "Integrity",
         "count": 2, "start": "2019-07-01", "end": "2020-06-30"},
        {"slug": "covid", "name_zh": "疫情防控", "name_en": "COVID-19 response",
         "count": 1, "start": "2020-06-01", "end": "2020-06-30"},
    ]  # fmt: skip


def test_theme_summary_of_an_unused_theme_and_open_ends() -> None:
    base = FactBase(
        "x.yaml",
        {},
        (Theme("a", "甲", "A"), Theme("b", "乙", "B")),
        (fact("open", None, "2020-12-31"), fact("later", "2021-01-01", None)),
    )
    a, b = theme_summary(base)
    assert (a["count"], a["start"], a["end"]) == (2, "2021-01-01", "2020-12-31")
    assert (b["count"], b["start"], b["end"]) == (0, None, None)


def test_year_theme_counts() -> None:
    columns, rows = year_theme_counts(FACTS, THEMES)
    assert columns == ["year", "total", "political", "grassroots", "integrity", "covid"]
    assert rows == [
        {"year": "2019", "total": 1, "political": 1, "grassroots": 0, "integrity": 0, "covid": 0},
        {"year": "2020", "total": 1, "political": 0, "grassroots": 0, "integrity": 1, "covid": 1},
        {"year": SEVERAL_YEARS, "total": 2, "political": 1, "grassroots": 1, "integrity": 0,
         "covid": 0},
        {"year": UNDATED, "total": 1, "political": 0, "grassroots": 0, "integrity": 1, "covid": 0},
        {"year": "total", "total": 5, "political": 2, "grassroots": 1, "integrity": 2, "covid": 1},
    ]  # fmt: skip


def test_year_theme_counts_only_columns_that_occur_and_years_in_order() -> None:
    facts = (
        fact("b", "2021-02-01", "2021-02-02", themes=("covid",)),
        fact("a", "2004-02-01", "2004-02-02", themes=("covid",)),
    )
    columns, rows = year_theme_counts(facts, THEMES)
    assert columns == ["year", "total", "covid"]
    assert [r["year"] for r in rows] == ["2004", "2021", "total"]
    assert year_theme_counts((), THEMES) == (["year", "total"], [{"year": "total", "total": 0}])


def test_a_suggestion_needs_half_the_characters_in_common() -> None:
    themes = (Theme("abcd", "甲", "A"),)
    with pytest.raises(UsageError, match=r"unknown theme 'abxy'; did you mean 'abcd'\?"):
        resolve_theme(themes, "abxy")  # similarity 0.5
    with pytest.raises(UsageError, match=r"unknown theme 'axyz' \(choose from: abcd\)$"):
        resolve_theme(themes, "axyz")
    base = FactBase("x.yaml", {}, (), (fact("abcd", None, None),))
    assert suggest_id(base, "abxy") == "; did you mean 'abcd'?"
    assert suggest_id(base, "axyz") == "; 'zjtimeline list --fields id' lists them"


def test_resolve_kind_messages_name_the_option_and_kinds() -> None:
    with pytest.raises(UsageError) as info:
        resolve_kind(BASE, "zzz")
    assert str(info.value) == (
        "--kind: unknown kind 'zzz' (choose from: context, event, mechanism, policy, "
        "programme, statistic)"
    )


# ── tags and sources ─────────────────────────────────────────────────────────


def test_tag_summary_of_open_ends_is_none_not_a_crash() -> None:
    base = FactBase(
        "x.yaml",
        {},
        THEMES,
        (
            fact("early", None, "2020-12-31", themes=("covid",), tags=("开端",)),
            fact("late", "2021-01-01", None, themes=("political",), tags=("后续",)),
        ),
    )
    assert tag_summary(base) == [
        {"tag": "后续", "count": 1, "themes": ["political"], "start": "2021-01-01", "end": None},
        {"tag": "开端", "count": 1, "themes": ["covid"], "start": None, "end": "2020-12-31"},
    ]  # fmt: skip


def test_tag_summary_lists_themes_the_base_does_not_declare_after_its_own() -> None:
    base = FactBase(
        "x.yaml",
        {},
        THEMES,
        (
            fact(
                "f",
                "2020-01-01",
                "2020-01-31",
                themes=("zz", "covid", "aa", "political"),
                tags=("t",),
            ),
        ),
    )
    (row,) = tag_summary(base)
    assert row["themes"] == ["political", "covid", "aa", "zz"]


def _source(sid: str) -> Source:
    return Source(
        sid, f"Title {sid}", "Zhejiang Daily", "2022-10-01T08:00:00+08:00", ("A",), f"{sid}.txt", ""
    )


def test_source_summary_of_open_ends_and_of_a_source_no_fact_cites() -> None:
    base = FactBase(
        "x.yaml",
        {"early": _source("early"), "late": _source("late"), "unused": _source("unused")},
        THEMES,
        (
            fact("e", None, "2020-12-31", source="early"),
            fact("l", "2021-01-01", None, source="late"),
        ),
    )
    spans = [(r["id"], r["count"], r["start"], r["end"]) for r in source_summary(base)]
    assert spans == [
        ("early", 1, None, "2020-12-31"),
        ("late", 1, "2021-01-01", None),
        ("unused", 0, None, None),
    ]
    assert source_summary(base)[2] == {
        "id": "unused", "title": "Title unused", "publication": "Zhejiang Daily",
        "published": "2022-10-01T08:00:00+08:00", "authors": ["A"], "file": "unused.txt",
        "sha256": None, "count": 0, "start": None, "end": None,
    }  # fmt: skip
