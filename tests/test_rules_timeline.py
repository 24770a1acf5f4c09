"""The terminal views rule by rule: a date at each precision, a fact's span, the
timeline's groups, rules, wording, wrapping and ids, the full view of one fact, the
context of its quote, and the coverage report."""

from __future__ import annotations

from datetime import date

import pytest

from zjtimeline.coverage import Row, Sentence
from zjtimeline.model import (
    CERTAIN,
    POSSIBLE,
    THROUGHOUT,
    WITHIN,
    Fact,
    FactBase,
    Figure,
    Period,
    Source,
    Theme,
)
from zjtimeline.timeline import (
    _context,
    _grouped,
    _lines,
    point_label,
    render_coverage,
    render_detail,
    render_timeline,
    span_label,
)

D = date
BOLD, DIM, CYAN, YELLOW, RESET = "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[33m", "\x1b[0m"


def fact(id: str, period: Period, **kw) -> Fact:
    values: dict = dict(
        id=id, source="s", date="", period=period, date_text=None, date_basis=None,
        themes=("a",), tags=(), kind="event", summary_zh="摘要", summary_en="Summary", quote="",
    )  # fmt: skip
    values.update(kw)
    return Fact(**values)


@pytest.mark.parametrize(
    ("d", "precision", "end", "label"),
    [
        (D(2004, 1, 1), "year", False, "2004"),
        (D(2013, 7, 1), "month", False, "2013-07"),
        (D(2020, 1, 1), "quarter", False, "2020-Q1"),
        (D(2020, 3, 31), "quarter", True, "2020-Q1"),
        (D(2020, 4, 1), "quarter", False, "2020-Q2"),
        (D(2020, 9, 30), "quarter", True, "2020-Q3"),
        (D(2020, 12, 31), "quarter", True, "2020-Q4"),
        (D(2020, 6, 30), "half", True, "2020-H1"),
        (D(2020, 7, 1), "half", False, "2020-H2"),
        (D(2020, 3, 1), "season", False, "2020-spring"),
        (D(2020, 5, 31), "season", True, "2020-spring"),
        (D(2020, 6, 1), "season", False, "2020-summer"),
        (D(2020, 8, 31), "season", True, "2020-summer"),
        (D(2020, 9, 1), "season", False, "2020-autumn"),
        (D(2020, 11, 30), "season", True, "2020-autumn"),
        (D(2020, 12, 1), "season", False, "2020-winter"),
        (D(2021, 2, 28), "season", True, "2020-winter"),  # a winter ends in the next year
        (D(2021, 1, 31), "season", True, "2020-season"),  # no season ends in January
        (D(2021, 3, 31), "season", True, "2021-season"),  # nor in March
        (D(2020, 1, 1), "season", False, "2020-season"),
        (D(2021, 12, 31), "day", False, "2021-12-31"),
        (D(2021, 12, 31), "decade", True, "2021-12-31"),
    ],
)
def test_point_label_at_each_precision(d: date, precision: str, end: bool, label: str) -> None:
    assert point_label(d, precision, end=end) == label


@pytest.mark.parametrize(
    ("period", "known_until", "label"),
    [
        (Period(D(2004, 1, 1), D(2004, 12, 31), "year", "year"), None, "2004"),
        (
            Period(D(2012, 11, 8), D(2022, 9, 30), "day", "day", THROUGHOUT),
            None,
            "2012-11-08 → 2022-09-30",
        ),
        (
            Period(D(2012, 11, 8), D(2022, 9, 30), "day", "day", WITHIN),
            None,
            "2012-11-08 … 2022-09-30",
        ),
        (Period(D(2020, 12, 1), D(2021, 2, 28), "season", "season", WITHIN), None, "2020-winter"),
        (
            Period(D(2013, 7, 1), None, "month", "open", THROUGHOUT),
            D(2022, 9, 30),
            "2013-07 → 2022-09 (ongoing)",
        ),
        (Period(D(2013, 7, 1), None, "month", "open", THROUGHOUT), None, "2013-07 → (ongoing)"),
        (Period(None, D(2019, 6, 30), "open", "month", THROUGHOUT), None, "… → 2019-06"),
        (Period(None, D(2019, 6, 30), "open", "month", WITHIN), None, "… … 2019-06"),
        (Period(None, None, "open", "open"), None, "undated"),
    ],
)
def test_span_label_by_form_and_open_ends(
    period: Period, known_until: date | None, label: str
) -> None:
    assert span_label(fact("f", period, known_until=known_until)) == label


THEMES = (Theme("a", "甲", "Alpha"), Theme("b", "乙", "Beta"))
SOURCE = Source("s", "标题", "杂志", "2022-09-30T15:15:00+08:00", ("甲", "乙"), "x.txt", "0" * 64)
BASE = FactBase(path="", sources={"s": SOURCE}, themes=THEMES, facts=())

LONG = fact("long", Period(D(2012, 11, 8), D(2022, 9, 30), "day", "day", THROUGHOUT),
            summary_zh="长期整治", summary_en="Long campaign against graft over ten years",
            date_text="十年来", date_text_en="over ten years")  # fmt: skip
MEET = fact("meet", Period(D(2020, 1, 1), D(2020, 3, 31), "quarter", "quarter"), themes=("b", "zz"),
            summary_zh="会议", summary_en="A meeting", date_text="2020年初")  # fmt: skip
YEAR = fact("y2019", Period(D(2019, 1, 1), D(2019, 12, 31), "year", "year"), themes=("a", "b"),
            summary_zh="当年", summary_en="That year")  # fmt: skip
SOME = fact("some", Period(D(2016, 1, 1), D(2022, 9, 30), "year", "month", WITHIN),
            summary_zh="某时", summary_en="Once")  # fmt: skip
MATCHES = [(MEET, CERTAIN), (SOME, CERTAIN), (LONG, CERTAIN), (YEAR, POSSIBLE)]


def timeline(matches=MATCHES, *, lang: str = "zh", cols: int | None = None, color: bool = False,
             reverse: bool = False) -> str:  # fmt: skip
    return "".join(
        render_timeline(matches, BASE, lang=lang, cols=cols, color=color, reverse=reverse)
    )


def test_groups_several_years_first_then_years_then_undated_each_in_given_order() -> None:
    again = fact("again", YEAR.period)
    pairs = [(MEET, CERTAIN), (YEAR, CERTAIN), (SOME, CERTAIN), (LONG, CERTAIN), (again, CERTAIN)]
    assert [(g, [f.id for f, _ in m]) for g, m in _grouped(pairs, False)] == [
        ("throughout", ["long"]), (2019, ["y2019", "again"]), (2020, ["meet"]), ("within", ["some"]),
    ]  # fmt: skip
    assert [g for g, _ in _grouped(pairs, True)] == ["throughout", 2020, 2019, "within"]
    assert _grouped([(MEET, CERTAIN)], False) == [(2020, [(MEET, CERTAIN)])]


def test_timeline_in_a_pipe_keeps_each_fact_on_its_lines_under_80_column_rules() -> None:
    assert timeline() == (
        "── 跨年持续 " + "─" * 68 + "\n"
        "● 2012-11-08 → 2022-09-30  「十年来」\n"
        "  长期整治\n"
        "  甲  #long\n"
        "\n── 2019 " + "─" * 72 + "\n"
        "○ 2019 (可能)\n"
        "  当年\n"
        "  甲 · 乙  #y2019\n"
        "\n── 2020 " + "─" * 72 + "\n"
        "● 2020-Q1  「2020年初」\n"
        "  会议\n"
        "  乙 · zz  #meet\n"
        "\n── 期间某时(文章未说具体时间) " + "─" * 50 + "\n"
        "● 2016 … 2022-09\n"
        "  某时\n"
        "  甲  #some\n"
    )


def test_timeline_is_oldest_first_unless_reversed() -> None:
    given = "".join(render_timeline(MATCHES, BASE, lang="zh", cols=None, color=False))
    assert given == timeline() != timeline(reverse=True)
    assert timeline(reverse=True).index("── 2020") < timeline(reverse=True).index("── 2019")


def test_timeline_on_a_narrow_terminal_wraps_and_moves_the_wording_down() -> None:
    assert (
        timeline([(LONG, CERTAIN), (YEAR, POSSIBLE), (SOME, CERTAIN)], lang="en", cols=30)
        == (
            "── Held throughout several years ──\n"  # the rule never shorter than 2
            "● 2012-11-08 → 2022-09-30\n"
            "  「over ten years」\n"
            "  Long campaign against graft\n"
            "  over ten years\n"
            "  Alpha  #long\n"
            "\n── 2019 " + "─" * 22 + "\n"
            "○ 2019 (possible)\n"
            "  That year\n"
            "  Alpha · Beta  #y2019\n"
            "\n── Some time within (the article does not say when) ──\n"
            "● 2016 … 2022-09\n"
            "  Once\n"
            "  Alpha  #some\n"
        )
    )


def test_timeline_wording_stays_on_the_line_when_it_fits_exactly() -> None:
    # "● 2020-Q1  「2020年初」" is 23 columns
    assert timeline([(MEET, CERTAIN)], cols=23).splitlines()[1] == "● 2020-Q1  「2020年初」"
    assert timeline([(MEET, CERTAIN)], cols=22).splitlines()[1:3] == ["● 2020-Q1", "  「2020年初」"]


def test_timeline_wording_of_a_possible_match_fits_with_its_mark_counted() -> None:
    # "○ 2020-Q1 (可能)  「2020年初」" is 30 columns
    assert timeline([(MEET, POSSIBLE)], cols=30).splitlines()[1] == "○ 2020-Q1 (可能)  「2020年初」"
    assert timeline([(MEET, POSSIBLE)], cols=29).splitlines()[1:3] == [
        "○ 2020-Q1 (可能)",
        "  「2020年初」",
    ]


def test_timeline_rules_are_at_least_20_columns_wide() -> None:
    assert timeline([(YEAR, CERTAIN)], cols=5).splitlines()[0] == "── 2019 " + "─" * 12


def test_timeline_in_colour() -> None:
    assert timeline([(MEET, CERTAIN), (YEAR, POSSIBLE)], color=True, reverse=True) == (
        f"{BOLD}── 2020 {'─' * 72}{RESET}\n"
        f"● {CYAN}2020-Q1{RESET}  {YELLOW}「2020年初」{RESET}\n"
        "  会议\n"
        f"  {DIM}乙 · zz  #meet{RESET}\n"
        f"\n{BOLD}── 2019 {'─' * 72}{RESET}\n"
        f"○ {CYAN}2019{RESET} (可能)\n"
        "  当年\n"
        f"  {DIM}甲 · 乙  #y2019{RESET}\n"
    )


def test_lines_put_the_id_after_the_text_when_it_fits_else_on_its_own_line() -> None:
    assert _lines("Alpha · Beta", None, tail="#abc") == ["Alpha · Beta  #abc"]
    assert _lines("Alpha · Beta", None) == ["Alpha · Beta"]
    assert _lines("Alpha · Beta", 20, tail="#abc") == ["Alpha · Beta  #abc"]  # 18 of 18
    assert _lines("Alpha · Beta", 20, tail="#abcd") == ["Alpha · Beta", "#abcd"]
    assert _lines("Alpha · Beta", 5, tail="#abcd") == ["Alpha · Beta", "#abcd"]  # 20 at least
    assert _lines("one two three four five six", 20) == ["one two three four", "five six"]


@pytest.mark.parametrize(
    ("text", "quote", "context"),
    [
        ("前言。2020年初,召开会议,共1.5万人。后记", "召开会议", "2020年初,召开会议,共1.5万人。"),
        ("。甲。乙丙丁", "丁", "乙丙丁"),
        ("甲乙丙丁", "丙", "甲乙丙丁"),
        ("一句。\n标题\n再一句。", "标题", "标题"),  # a line break ends it, and is left out
        ("前。中句。后。", "中句。", "中句。"),  # the quote ends the sentence
        ("问?答;又!完", "答", "答;"),
        ("甲。乙一。乙二。", "乙", "乙一。"),  # the first place it stands
        ("甲乙。丙。", "", "甲乙。"),
        ("甲乙。", "丙", ""),
        ("。后文", "。", "。"),  # a quote that is a stop ends where it ends
        ("  甲乙  。", "乙", "甲乙  。"),
        ("前言。2020年X光机采购完成。后记", "采购", "2020年X光机采购完成。"),  # a letter is no stop
        ("前。采购X光机。后", "采购", "采购X光机。"),
    ],
)
def test_context_is_the_sentence_around_the_quote(text: str, quote: str, context: str) -> None:
    assert _context(text, quote) == context


FULL = fact(
    "meet", Period(D(2020, 1, 1), D(2020, 3, 31), "quarter", "quarter"), date="2020-21",
    date_text="2020年初", date_text_en="early 2020", date_basis="文中", themes=("a", "zz"),
    tags=("会议", "党员"), summary_zh="会议召开。", summary_en="A meeting.", quote="召开会议",
    figures=(Figure("1.5", "万名", "党员", "members", "lower"), Figure("3", "次", "会议", "meetings", "upper"),
             Figure("8", "个", "方面", "aspects")),
    section="一", subsection="二",
)  # fmt: skip
TEXT = "前言。2020年初,召开会议,共1.5万人。后记"


def detail(
    f: Fact = FULL, text: str | None = TEXT, *, cols: int | None = None, color: bool = False
) -> str:
    return "".join(render_detail(f, BASE, text, lang="zh", cols=cols, color=color))


def test_detail_shows_every_field_labelled() -> None:
    assert detail() == (
        "meet\n"
        "date        2020-Q1  (2020-21, quarter)\n"
        "when        发生于该时间(按文章所给精度)\n"
        "wording     2020年初\n"
        "wording_en  early 2020\n"
        "basis       文中\n"
        "themes      a (甲 / Alpha), zz\n"
        "tags        会议, 党员\n"
        "kind        event\n"
        "summary_zh  会议召开。\n"
        "summary_en  A meeting.\n"
        "figures     1.5 万名 (at least) — 党员 / members\n"
        "            3 次 (at most) — 会议 / meetings\n"
        "            8 个 — 方面 / aspects\n"
        "quote       “召开会议”\n"
        "context     2020年初,召开会议,共1.5万人。\n"
        "section     一 › 二\n"
        "source      标题 — 杂志, 2022-09-30 15:15, 甲、乙\n"
    )


def test_detail_leaves_out_what_a_fact_lacks() -> None:
    bare = fact("bare", Period(D(2013, 7, 1), D(2014, 12, 31), "month", "year", WITHIN), source="gone",
                themes=(), kind="", summary_en="", quote="会议。", section="")  # fmt: skip
    assert detail(bare, "前言。会议。后记") == (
        "bare\n"
        "date        2013-07 … 2014  (, month → year)\n"
        "when        期间某时(文章未说具体时间)\n"
        "themes      \n"
        "kind        \n"
        "summary_zh  摘要\n"
        "summary_en  \n"
        "quote       “会议。”\n"  # its context is itself: not repeated
    )
    assert detail(bare, None) == detail(bare, "前言。会议。后记")
    assert "section      › 二\n" in detail(fact("sub", bare.period, subsection="二"))


def test_detail_wraps_to_the_terminal_with_at_least_20_columns_of_text() -> None:
    f = fact(
        "w",
        Period(D(2020, 1, 1), D(2020, 1, 1)),
        summary_en="A meeting of all the members held in spring",
    )
    wanted = "summary_en  A meeting of all the\n            members held in\n            spring\n"
    assert wanted in detail(f, cols=32) and wanted in detail(f, cols=20)
    assert "summary_en  A meeting of all the members held in spring\n" in detail(f, cols=None)
    g = fact("w", f.period, summary_en="A meeting of all them now")  # "A meeting of all them" is 21
    assert "summary_en  A meeting of all\n            them now\n" in detail(g, cols=32)
    assert "summary_en  A meeting of all them\n            now\n" in detail(g, cols=33)


def test_detail_without_a_width_wraps_nothing_however_long() -> None:
    words = " ".join(f"word{i}" for i in range(40))  # 279 columns
    chinese = "长" * 100  # 200 columns
    f = fact("p", Period(D(2020, 1, 1), D(2020, 1, 1)), summary_en=words, summary_zh=chinese)
    out = detail(f, None, cols=None)
    assert f"summary_zh  {chinese}\nsummary_en  {words}\nquote" in out


def test_detail_in_colour_bolds_the_id_and_labels() -> None:
    out = detail(fact("c", Period(D(2020, 1, 1), D(2020, 1, 1)), themes=()), None, color=True)
    assert out.startswith(f"{BOLD}c{RESET}\n{BOLD}date        {RESET}2020-01-01  (, day)\n")
    assert f"{BOLD}themes      {RESET}\n" in out


def sentence(text: str) -> Sentence:
    return Sentence(0, len(text), text, 1)


ROWS = [
    Row("s1", 1, sentence("甲句。"), "quoted", ("f1", "f2")),
    Row("s1", 2, sentence("乙句。"), "excluded", reason="标题"),
    Row("s1", 3, sentence("丙句。"), "missing"),
    Row("s2", 123, sentence("丁" * 60 + "。"), "missing"),
]


def test_coverage_lists_each_sentence_under_its_source_with_what_accounts_for_it() -> None:
    out = "".join(render_coverage(ROWS, {"s1": "文章一", "s2": ""}, cols=None, color=False))
    assert (
        out
        == (
            "s1 — 文章一\n"
            "  1 ✓ 甲句。\n"
            "      f1, f2\n"
            "  2 – 乙句。\n"
            "      excluded: 标题\n"
            "  3 ✗ 丙句。\n"
            "      missing: no fact quotes it, no exclusion lists it\n"
            "\ns2\n"
            "123 ✗ " + "丁" * 60 + "。\n"  # in a pipe nothing is cut
            "      missing: no fact quotes it, no exclusion lists it\n"
            "4 sentences: 1 quoted, 1 excluded, 2 missing — 50%\n"
        )
    )


def test_coverage_on_a_terminal_cuts_sentences_and_wraps_notes_whole_words() -> None:
    out = "".join(render_coverage(ROWS[2:], {}, cols=30, color=False))  # 24 columns of text
    assert out == (
        "s1\n"
        "  3 ✗ 丙句。\n"
        "      missing: no fact quotes\n"
        "      it, no exclusion lists\n"
        "      it\n"
        "\ns2\n"
        "123 ✗ " + "丁" * 11 + "…\n"
        "      missing: no fact quotes\n"
        "      it, no exclusion lists\n"
        "      it\n"
        "2 sentences: 0 quoted, 0 excluded, 2 missing — 0%\n"
    )
    assert "".join(render_coverage(ROWS[3:], {}, cols=5, color=False)).splitlines()[1] == "123 ✗ " + "丁" * 6 + "…"  # fmt: skip
    long_id = [Row("s", 7, sentence("句。"), "quoted", ("a-very-long-fact-identifier-2020", "b"))]
    assert "".join(render_coverage(long_id, {}, cols=30, color=False)).splitlines()[2:4] == [
        "      a-very-long-fact-identifier-2020,",  # an id is never cut
        "      b",
    ]
    latin = [Row("s", 1, sentence("abcdefghij" * 3), "excluded", reason="x")]
    assert (
        "".join(render_coverage(latin, {}, cols=30, color=False)).splitlines()[1]
        == "  1 – " + "abcdefghij" * 2 + "abc…"
    )
    assert (
        "".join(render_coverage(latin, {}, cols=None, color=False)).splitlines()[1]
        == "  1 – " + "abcdefghij" * 3
    )


def test_coverage_in_colour_marks_what_is_missing_in_yellow() -> None:
    out = "".join(render_coverage(ROWS[:3], {"s1": "文章一"}, cols=None, color=True))
    assert out.splitlines()[:-1] == [
        f"{BOLD}s1 — 文章一{RESET}",
        "  1 ✓ 甲句。",
        f"      {DIM}f1, f2{RESET}",
        "  2 – 乙句。",
        f"      {DIM}excluded: 标题{RESET}",
        f"  3 {YELLOW}✗{RESET} 丙句。",
        f"      {YELLOW}missing: no fact quotes it, no exclusion lists it{RESET}",
    ]
