"""extract.py rule by rule: the EDTF points and English of each kind of date phrase,
the anchor of a span counted back, the figure bounds and what is not a figure, the
headings, captions and sub-headings of an article, the candidate fields, the themes
and kinds guessed, and the exact candidate file."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from zjtimeline.dates import DateQuery, FoundDate, find_dates
from zjtimeline.extract import (
    Article,
    Candidate,
    FactDate,
    FoundFigure,
    Sentence,
    _edtf_point,
    _not_before,
    _setting_up,
    assemble,
    english,
    extract,
    fact_date,
    find_figures,
    guess_kind,
    guess_themes,
    published_date,
    quoted_names,
    read_article,
    split_article,
    to_yaml,
)
from zjtimeline.model import AT, THROUGHOUT, WITHIN, Period, Theme

PUB = date(2022, 9, 30)


def found(phrase: str, now: date = PUB) -> FoundDate:
    (one,) = find_dates(phrase, now=now)
    assert one.text == phrase
    return one


# ── EDTF points ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("month", "precision", "edtf"),
    [
        (1, "quarter", "2020-33"),
        (3, "quarter", "2020-33"),
        (4, "quarter", "2020-34"),
        (6, "quarter", "2020-34"),
        (7, "quarter", "2020-35"),
        (10, "quarter", "2020-36"),
        (12, "quarter", "2020-36"),
        (1, "half", "2020-40"),
        (6, "half", "2020-40"),
        (7, "half", "2020-41"),
        (12, "half", "2020-41"),
        (3, "season", "2020-21"),
        (6, "season", "2020-22"),
        (9, "season", "2020-23"),
        (12, "season", "2020-24"),
        (4, "month", "2020-04"),
        (11, "month", "2020-11"),
        (4, "year", "2020"),
        (4, "day", "2020-04-01"),
    ],
)
def test_edtf_point_of_each_precision(month: int, precision: str, edtf: str) -> None:
    assert _edtf_point(date(2020, month, 1), precision) == edtf


def test_edtf_point_pads_the_year_to_four_digits() -> None:
    assert _edtf_point(date(999, 5, 1), "year") == "0999"
    assert _edtf_point(date(999, 5, 1), "month") == "0999-05"
    assert _edtf_point(date(999, 5, 1), "quarter") == "0999-34"
    assert _edtf_point(date(999, 5, 1), "half") == "0999-40"
    assert _edtf_point(date(999, 6, 1), "season") == "0999-22"


# ── The English of a phrase ─────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("phrase", "english_text"),
    [
        ("2020年", "in 2020"),
        ("2013年7月", "in July 2013"),
        ("2020年1月", "in January 2020"),
        ("2020年底", "in December 2020"),
        ("2020年12月31日", "on 31 December 2020"),
        ("2020年第一季度", "Q1 2020"),
        ("2020年第二季度", "Q2 2020"),
        ("2020年第四季度", "Q4 2020"),
        ("2020年上半年", "the first half of 2020"),
        ("2020年下半年", "the second half of 2020"),
        ("2020年夏", "2020"),  # a season: only its year, and no "in"
        ("2020年冬", "from 2020 to 2021"),
        ("2012年11月至2013年3月", "from November 2012 to March 2013"),
        ("2020年初至2021年底", "from early 2020 to December 2021"),  # vague, but not counted back
        ("2013年7月1日至2014年", "from 1 July 2013 to 2014"),
        ("截至2021年6月", "as of June 2021"),
        ("截至2021年7月1日", "as of 1 July 2021"),
        ("截至2021年末", "as of the end of 2021"),
        ("截至2021年", "as of 2021"),
        ("2020年以前", "as of 2019"),
        ("2021年7月以来", "since July 2021"),
        ("2013年7月1日起", "from 1 July 2013"),
        ("党的十九大以来", "since the 19th Party Congress"),
        ("二十大以来", "since the 20th Party Congress"),
        ("18大以来", "since the 18th Party Congress"),
        ("十八大", "the 18th Party Congress"),
        ("十九大", "the 19th Party Congress"),
        ("党的二十大", "the 20th Party Congress"),
        ("近五年", "over the past 5 years"),
        ("近一年", "over the past year"),  # not "1 years"
        ("一年来", "over the past year"),
        ("近两年", "over the past 2 years"),  # 两 counts, as 二 does
        ("两年来", "over the past 2 years"),
        ("近3个月", "over the past 3 months"),
        ("两个月来", "over the past 2 months"),
        ("近一个月", "over the past month"),
        ("五年来", "over the past 5 years"),
        ("近200年", "over the past 200 years"),  # 73,049 days: years of 365.25 days
        ("183年来", "over the past 183 years"),
        ("近二十年来", "over the past 20 years"),
        ("截至2021年初", "as of early 2021"),  # 初: the first quarter
        ("到2021年初", "as of early 2021"),
        ("截至2021年第一季度", "as of Q1 2021"),
        # an open end whose word names the period next to the day it stops or starts on
        # (fixed: these said "the end of 2021", "early 2020", "early 2021")
        ("截至2021年6月底", "as of 30 June 2021"),
        ("截至2021年12月底", "as of the end of 2021"),
        ("2021年底以前", "as of November 2021"),
        ("2021年初以前", "as of Q4 2020"),
        ("2021年初以后", "from Q2 2021"),
    ],
)
def test_english_of_each_kind_of_phrase(phrase: str, english_text: str) -> None:
    one = found(phrase)
    assert one.text == phrase
    assert english(one) == english_text


def test_months_counted_back_across_new_year() -> None:
    assert english(found("近3个月", date(2022, 2, 15))) == "over the past 3 months"


def open_phrase() -> FoundDate:
    """A phrase the grammar reads with no end at all and no side it opens."""
    return FoundDate(0, 2, DateQuery("某时", Period(None, None, "open", "open")))


def test_english_of_an_open_phrase_is_todo() -> None:
    assert english(open_phrase()) == "TODO"


# ── Fact dates ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("2020年第二季度", FactDate("2020-34", AT, "2020年第二季度", None, "Q2 2020")),
        ("2020年夏", FactDate("2020-22", AT, "2020年夏", None, "2020")),
        (
            "2020年冬",
            FactDate("2020-24/2021-20", THROUGHOUT, "2020年冬", None, "from 2020 to 2021"),
        ),
        (
            "2020年3月至2021年",
            FactDate(
                "2020-03/2021", THROUGHOUT, "2020年3月至2021年", None, "from March 2020 to 2021"
            ),
        ),
        (
            "2013年7月1日至2014年",
            FactDate(
                "2013-07-01/2014",
                THROUGHOUT,
                "2013年7月1日至2014年",
                None,
                "from 1 July 2013 to 2014",
            ),
        ),
        (
            "十九大",  # a span of days ends on its day
            FactDate(
                "2017-10-18/2017-10-24", THROUGHOUT, "十九大", None, "the 19th Party Congress"
            ),
        ),
        ("2013年7月1日", FactDate("2013-07-01", AT, "2013年7月1日", None, "on 1 July 2013")),
        (
            "截至2021年6月",  # a figure as of the last day of the month
            FactDate("2021-06-30", AT, "截至2021年6月", None, "as of June 2021"),
        ),
        (
            "2021年7月以来",
            FactDate("2021-07/2022-09-30", THROUGHOUT, "2021年7月以来", None, "since July 2021"),
        ),
        (
            "2013年7月1日起",
            FactDate(
                "2013-07-01/2022-09-30", THROUGHOUT, "2013年7月1日起", None, "from 1 July 2013"
            ),
        ),
        (
            "近五年",
            FactDate(
                "2017-09-30/2022-09-30",
                THROUGHOUT,
                "近五年",
                "近五年 counted back from 2022-09-30",
                "over the past 5 years",
            ),
        ),
    ],
)
def test_fact_date_whole_record(phrase: str, expected: FactDate) -> None:
    assert fact_date(found(phrase), PUB) == expected


def test_fact_date_of_an_open_phrase_is_the_article_date_marked_todo() -> None:
    assert fact_date(open_phrase(), PUB) == FactDate(
        "2022-09-30", AT, "某时", "TODO: an open phrase; dated by the article", "TODO"
    )


def test_a_span_counted_back_from_another_day_is_not_anchored() -> None:
    """十年来 read against one date but the article published on another is a plain span."""
    ten = found("十年来")
    anchor = found("党的十八大以来")
    assert fact_date(ten, date(2022, 10, 1), [anchor]) == FactDate(
        "2012-09-30/2022-09-30", THROUGHOUT, "十年来", None, "over the past decade"
    )


@pytest.mark.parametrize(
    ("published", "anchored"),
    [
        (date(2021, 11, 8), True),  # 十年来 starts 2011-11-08: 366 days before 2012-11-08
        (date(2021, 11, 7), False),  # 367 days
        (date(2023, 11, 8), True),  # starts 2013-11-08: 365 days after
        (date(2023, 11, 9), True),  # 366 days after
        (date(2023, 11, 10), False),  # 367 days after
    ],
)
def test_a_span_counted_back_snaps_to_an_anchor_within_366_days(
    published: date, anchored: bool
) -> None:
    ten = found("十年来", published)
    anchor = found("党的十八大以来", published)
    pub = published.isoformat()
    got = fact_date(ten, published, [anchor])
    if anchored:
        assert got == FactDate(
            f"2012-11-08/{pub}",
            THROUGHOUT,
            "十年来",
            f"十年来 is read as 党的十八大以来 (from 2012-11-08), which the article names; "
            f"the span runs to its date, {pub}",
            "over the past decade",
        )
    else:
        start = date(published.year - 10, published.month, published.day).isoformat()
        assert got == FactDate(
            f"{start}/{pub}",
            THROUGHOUT,
            "十年来",
            f"十年来 counted back from {pub}",
            "over the past decade",
        )


def test_the_first_anchor_near_enough_wins() -> None:
    ten = found("十年来")
    far, near, later = found("党的十九大以来"), found("党的十八大以来"), found("十八大")
    assert fact_date(ten, PUB, [far, near, later]).edtf == "2012-11-08/2022-09-30"
    assert "党的十八大以来" in (fact_date(ten, PUB, [far, near, later]).basis or "")


# ── Figures ─────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("超过300名", [("300", "名", "lower")]),
        ("逾300名", [("300", "名", "lower")]),
        ("不到300名", [("300", "名", "upper")]),
        ("近300余名", [("300", "余名", "lower")]),  # 余 says more than, whatever 近 says
        ("约300名", [("300", "名", None)]),
        ("3亿", [("3", "亿", None)]),
        ("5‰", [("5", "‰", None)]),
        ("3.5+2", [("3.5+2", "", None)]),
        ("“两个”", [("两", "个", None)]),
        ("三个方面", [("三", "个方面", None)]),
        ("三大项目,", [("三", "大项目", None)]),
        ("百大项目,", []),  # 百 alone with a word that is no classifier
        ("“五水共治”", [("五", "水", None)]),  # a one-character unit inside quotes
        ("五水共治", []),
        ("“百县千镇”", [("百", "县", None), ("千", "镇", None)]),
        ("一二三张", []),  # a run is not read from its middle
        ("第一张", []),  # 一 alone is not a count
    ],
)
def test_find_figures_bounds_and_units(
    text: str, figures: list[tuple[str, str, str | None]]
) -> None:
    assert [(f.value, f.unit, f.bound) for f in find_figures(text)] == figures


def test_figures_are_in_text_order_with_their_spans() -> None:
    assert find_figures("三张清单,超过500多位") == [
        FoundFigure("三", "张", None, 0, 2),
        FoundFigure("500", "多位", "lower", 7, 12),
    ]


def test_a_skipped_span_takes_exactly_its_characters() -> None:
    assert [f.value for f in find_figures("12名34名", [(0, 3)])] == ["34"]
    assert [f.value for f in find_figures("12名34名", [(2, 5)])] == ["12"]
    assert [f.value for f in find_figures("12名34名", [(1, 4)])] == []
    assert [f.value for f in find_figures("七张,八张", [(3, 5)])] == ["七"]
    assert [f.value for f in find_figures("七张,八张", [(0, 3)])] == ["八"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("“红色根脉”和《若干意见》", ["红色根脉", "若干意见"]),
        ("“疫”", []),
        ("“甲。乙”", []),
        ("“甲,乙”", []),
        ("“甲，乙”", []),
        ("“甲;乙”", []),
        ("“甲；乙”", []),
        ("“甲、乙”", ["甲、乙"]),
        ("《" + "书" * 60 + "》", ["书" * 60]),
        ("“" + "名" * 40 + "”", ["名" * 40]),
        ("“" + "名" * 41 + "”", []),
    ],
)
def test_quoted_names(text: str, names: list[str]) -> None:
    assert quoted_names(text) == names


# ── Sections and sentences ──────────────────────────────────────────────────

SPLIT = (
    "当前位置: 首页\n"
    "标题\n"
    "2022-09-30\n"
    "\n"
    "开篇一句。尾巴,\n"
    "图片说明\n"
    "第二段!乙;丙丁？\n"
    "一级标题\n"
    "副题\n"
    "第三段“引语”\n"
    "小节——\n" + "甲" * 40 + "\n"
    "小节二——\n" + "乙" * 41 + "\n"
    "二级标题\n" + "丙" * 41 + "\n"
    "单独一行\n"
    "句中。无尾\n"
    "最后标题\n"
)


def test_split_article_headings_captions_and_paragraphs() -> None:
    got = [(s.text, s.paragraph, s.first, s.section, s.subsection) for s in split_article(SPLIT)]
    assert got == [
        ("开篇一句。", 1, True, "", ""),
        ("尾巴", 1, False, "", ""),  # a trailing comma is not part of it
        ("第二段!", 2, True, "", ""),  # the caption before it is skipped; 乙 is too short
        ("丙丁？", 2, False, "", ""),
        ("第三段“引语”", 3, True, "一级标题 副题", ""),  # a closing quote ends running text
        ("乙" * 41, 4, True, "一级标题 副题", "小节二"),  # 40 甲: a caption, 41 乙: text
        ("丙" * 41, 5, True, "一级标题 副题", "小节二"),  # 二级标题: a caption before long text
        ("句中。", 6, True, "一级标题 副题", "小节二"),  # 单独一行 is a caption; 。 makes text
        ("无尾", 6, False, "一级标题 副题", "小节二"),
    ]
    for s in split_article(SPLIT):
        assert SPLIT[s.start : s.start + len(s.text)] == s.text


def test_a_heading_pair_resets_the_sub_section() -> None:
    text = "甲。\n小节——\n乙。\n一级\n二级\n丙。\n"
    got = [(s.text, s.section, s.subsection) for s in split_article(text)]
    assert got == [("甲。", "", ""), ("乙。", "", "小节"), ("丙。", "一级 二级", "")]


def test_a_pair_of_headings_before_a_sub_heading_is_not_joined() -> None:
    text = "甲。\n一级\n小节——\n乙。\n"
    got = [(s.text, s.section, s.subsection) for s in split_article(text)]
    assert got == [("甲。", "", ""), ("乙。", "", "小节")]


def test_a_heading_at_the_end_is_a_caption() -> None:
    assert [s.section for s in split_article("甲。\n标题\n")] == [""]


@pytest.mark.parametrize("end", ["。", "！", "？", "!", "?", "”", "’", ";", "；"])
def test_running_text_starts_at_a_line_with_end_punctuation(end: str) -> None:
    assert [s.text.rstrip(";；") for s in split_article(f"标题\n正文{end}\n")] == [
        f"正文{end}".rstrip(";；")
    ]


# ── The article's header ────────────────────────────────────────────────────


def write(tmp_path: Path, text: str, name: str = "art.txt", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_read_article_title_date_and_authors(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "当前位置: 首页 > 专题\n> 栏目\n 大标题 \n2022-09-30 15:15\n记者 王五\n"
        "作者: 张三 李四\n\n正文。\n2023-01-01 09:00\n作者: 别人\n",
    )
    art = read_article(path)
    assert art == Article(
        path,
        path.read_text(encoding="utf-8"),
        hashlib.sha256(path.read_bytes()).hexdigest(),
        "大标题",
        "2022-09-30T15:15:00+08:00",
        ("张三", "李四"),
    )


def test_read_article_authors_after_a_full_width_colon(tmp_path: Path) -> None:
    art = read_article(write(tmp_path, "标题\n2022-09-30\n作者：张三 李四\n\n正文。\n"))
    assert art.authors == ("张三", "李四")


def test_theme_terms_split_at_full_width_brackets_and_commas() -> None:
    from zjtimeline.extract import _terms

    half = _terms(Theme("g", "基层党建(强基工程)", "G"))
    assert half == ["基层", "层党", "党建", "强基", "基工", "工程"]
    assert _terms(Theme("g", "基层党建（强基工程）", "G")) == half
    assert _terms(Theme("g", "基层党建，强基工程", "G")) == half


def test_read_article_without_authors_or_time(tmp_path: Path) -> None:
    art = read_article(write(tmp_path, "标题\n发布于 2022-09-30\n\n正文。\n"))
    assert (art.title, art.published, art.authors) == ("标题", "2022-09-30", ())


def test_read_article_time_after_a_t(tmp_path: Path) -> None:
    art = read_article(write(tmp_path, "标题\n2022-09-30T08:05\n\n正文。\n"))
    assert art.published == "2022-09-30T08:05:00+08:00"


def test_read_article_title_falls_back_to_the_file_name(tmp_path: Path) -> None:
    art = read_article(
        write(tmp_path, "当前位置: 首页\n作者: 甲\n2022-09-30\n\n正文。\n", "x-1.txt")
    )
    assert art.title == "x-1"


def test_read_article_published_given_wins_over_the_header(tmp_path: Path) -> None:
    art = read_article(write(tmp_path, "标题\n2022-09-30 15:15\n\n正文。\n"), "2021-01-02")
    assert art.published == "2021-01-02"


def test_read_article_needs_a_date(tmp_path: Path) -> None:
    path = write(tmp_path, "标题\n\n正文。2022-09-30\n")
    with pytest.raises(
        ValueError, match=r"^no date in the article's header; give --published YYYY-MM-DD$"
    ):
        read_article(path)
    assert read_article(path, "2022-09-30").published == "2022-09-30"


def test_read_article_drops_a_bom_but_digests_the_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "标题\n2022-09-30\n\n正文。\n", bom=True)
    art = read_article(path)
    assert art.text == "标题\n2022-09-30\n\n正文。\n"
    assert art.title == "标题"
    assert art.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("published", "day"),
    [
        ("2022-09-30", date(2022, 9, 30)),
        ("2022-09-30T23:30:00Z", date(2022, 9, 30)),
        ("2022-09-30T01:00:00+08:00", date(2022, 9, 30)),
    ],
)
def test_published_date_is_the_day_as_written(published: str, day: date) -> None:
    assert published_date(published) == day


# ── Themes and kinds ────────────────────────────────────────────────────────

THEMES = (
    Theme("party", "基层党建(强基工程)", "Grassroots Party building"),
    Theme("clean", "清廉浙江", "Clean Zhejiang"),
    Theme("overview", "总览", "Overview"),
)


def sentence(text: str, section: str = "") -> Sentence:
    return Sentence(text, 0, 1, True, section)


@pytest.mark.parametrize(
    ("text", "section", "themes", "chosen"),
    [
        ("甲。", "基层党建工作 清廉浙江建设", THEMES, ("party",)),  # a tie: the first listed
        ("甲。", "清廉浙江建设", THEMES, ("clean",)),
        ("推进强基工程和清廉浙江。", "清廉浙江", THEMES, ("clean", "party")),
        ("甲。", "", THEMES, ("overview",)),  # no heading: the overview
        ("甲。", "", THEMES[:2], ()),
        ("甲。", "别的标题", THEMES, ()),  # a heading that names none: not the overview
        ("甲。", "别的标题", (), ()),
        ("甲。", "基层治理", THEMES, ("party",)),  # one two-character term is enough
        ("甲。", "一览表", THEMES, ()),  # one character of a term is not
        ("清廉浙江。", "", THEMES, ("overview", "clean")),
        ("总览。", "别的标题", THEMES, ("overview",)),  # a two-character name in the sentence
        ("党。", "", (Theme("p", "党", "P"),), ()),  # a one-character name is no name
        ("甲。", "党建", (Theme("p", "党", "P"),), ("p",)),  # but a term of the heading
    ],
)
def test_guess_themes(
    text: str, section: str, themes: tuple[Theme, ...], chosen: tuple[str, ...]
) -> None:
    assert guess_themes(sentence(text, section), themes) == chosen


def fig(unit: str) -> FoundFigure:
    return FoundFigure("3", unit, None, 0, 1)


@pytest.mark.parametrize(
    ("text", "units", "form", "kind"),
    [
        *[("甲", [u], AT, "statistic") for u in ("万名", "个", "22%", "3万", "多位", "家")],
        ("甲", ["张"], AT, "event"),
        ("甲", [""], THROUGHOUT, "context"),
        ("甲", [], WITHIN, "context"),
        ("机制", ["名"], AT, "statistic"),
        *[(w, [], AT, "mechanism") for w in ("机制", "制度", "体系")],
        ("工程机制", [], AT, "mechanism"),
        *[(w, [], AT, "programme") for w in ("工程", "计划", "行动", "活动")],
        ("出台计划", [], AT, "programme"),
        *[(w, [], AT, "policy") for w in ("出台", "制定", "意见", "决定", "办法")],
    ],
)
def test_guess_kind(text: str, units: list[str], form: str, kind: str) -> None:
    assert guess_kind(text, [fig(u) for u in units], form) == kind


# ── A span governing a set-up; things with a known first day ────────────────


def set_up(text: str) -> FactDate:
    phrase = find_dates(text, now=PUB)[0]
    return _setting_up(text, phrase, fact_date(phrase, PUB))


@pytest.mark.parametrize(
    "text",
    [
        "十年来,浙江建立健全乙机制。",
        "十年来,全省打造乙应用。",
        "十年来出台乙办法。",
        "十年来,以数字化改革为牵引,成立乙中心。",
        "十年来,浙江以" + "甲" * 15 + "为抓手,制定乙。",
        # most web text writes full-width punctuation
        "十年来，浙江建立健全乙机制。",
        "十年来，以数字化改革为牵引，成立乙中心。",
    ],
)
def test_a_span_governing_a_set_up_is_some_time_within(text: str) -> None:
    assert set_up(text) == FactDate(
        "[2012-09-30..2022-09-30]",
        WITHIN,
        "十年来",
        "TODO check: 十年来 governs setting something up, which happened some time within the "
        "span (2012-09-30/2022-09-30); if it held throughout, write 2012-09-30/2022-09-30",
        "over the past decade",
    )


@pytest.mark.parametrize(
    "text",
    [
        "十年来,浙江推进乙。",
        "十年来,浙江推进并建立乙。",
        "十年来,以" + "甲" * 17 + "为统领,建立乙。",
        "十年来,以甲为口号,建立乙。",
        "2020年,浙江建立乙。",  # a point in time is not a span
    ],
)
def test_other_sentences_keep_their_date(text: str) -> None:
    phrase = find_dates(text, now=PUB)[0]
    assert set_up(text) == fact_date(phrase, PUB)


DECADE = FactDate("[2010-01-01..2022-09-30]", WITHIN, "某时", "why", "sometime")


def test_not_before_raises_the_start_to_the_latest_thing_named() -> None:
    assert _not_before("八项规定和习近平总书记", DECADE) == FactDate(
        "[2012-12-04..2022-09-30]",
        WITHIN,
        "某时",
        "TODO check: the sentence gives no date; the central eight-point rules were adopted on "
        "2012-12-04 (general knowledge, not the article), so some time from then to the "
        "article's date",
        "sometime",
    )


def test_not_before_keeps_the_first_of_things_named_on_one_day() -> None:
    got = _not_before("乡村振兴的新时代", DECADE)
    assert got.edtf == "[2017-10-18..2022-09-30]"
    assert "新时代 (the new era)" in (got.basis or "")


def test_not_before_writes_a_year_as_a_year() -> None:
    assert _not_before("共同富裕示范区", DECADE).edtf == "[2021..2022-09-30]"


@pytest.mark.parametrize(
    ("text", "date_"),
    [
        ("八项规定", FactDate("[2012-12-04..2022-09-30]", WITHIN, "", "b")),  # the same day
        ("八项规定", FactDate("[2013..2022-09-30]", WITHIN, "", "b")),  # later already
        ("没有", DECADE),
        ("八项规定", FactDate("2010/2022-09-30", THROUGHOUT, "", "b")),
        ("八项规定", FactDate("2010", AT, "", "b")),
    ],
)
def test_not_before_leaves_other_dates(text: str, date_: FactDate) -> None:
    assert _not_before(text, date_) == date_


# ── Candidates: every field ─────────────────────────────────────────────────

STORY = (
    "标题\n"
    "2022-09-30\n"
    "\n"
    "2020年初,全省出台《若干意见》。浙江推进“七张问题清单”。治国安邦,重在基础。\n"
    "\n"
    "与此同时,超过300名干部下沉。\n"
    "\n"
    "工作一\n"
    "基层党建\n"
    "\n"
    "浙江实施强基工程。全省开展活动。\n"
    "\n"
    "党员比2012年增长22.3%。\n"
)
NO_DATE = "TODO check: the sentence has no date;"
THE_DECADE = FactDate(
    "[2012-09-30..2022-09-30]",
    WITHIN,
    "",
    f"{NO_DATE} it happened some time within the decade, which the article is about "
    "(2012-09-30/2022-09-30); if it held throughout, write 2012-09-30/2022-09-30",
)


def at(part: str) -> int:
    return STORY.index(part)


STORY_CANDIDATES = [
    Candidate(
        "s-001",
        "2020年初,全省出台《若干意见》。",
        at("2020年初"),
        FactDate("2020-33", AT, "2020年初", None, "early 2020"),
        (),
        ("若干意见",),
        "",
        "",
        ("overview",),
        "policy",
        True,
    ),
    Candidate(
        "s-002",
        "浙江推进“七张问题清单”。",
        at("浙江推进"),
        FactDate(
            "2020-33", AT, "2020年初", f"{NO_DATE} 2020年初 opens its paragraph", "early 2020"
        ),
        (FoundFigure("七", "张", None, 5, 7),),
        ("七张问题清单",),
        "",
        "",
        ("overview",),
        "event",
        False,
    ),
    # 治国安邦,重在基础: no date, figure, name, programme nor action; its number is spent
    Candidate(
        "s-004",
        "与此同时,超过300名干部下沉。",
        at("与此同时"),
        FactDate(
            "2020-33", AT, "2020年初", f"{NO_DATE} 2020年初 opens a paragraph before", "early 2020"
        ),
        (FoundFigure("300", "名", "lower", 7, 11),),
        (),
        "",
        "",
        ("overview",),
        "statistic",
        False,
    ),
    Candidate(
        "s-005",
        "浙江实施强基工程。",
        at("浙江实施"),
        THE_DECADE,  # a new section: the point in time does not carry
        (),
        (),
        "工作一 基层党建",
        "",
        ("party",),
        "programme",
        False,
    ),
    Candidate(
        "s-006",
        "全省开展活动。",
        at("全省开展"),
        THE_DECADE,
        (),
        (),
        "工作一 基层党建",
        "",
        ("party",),
        "programme",
        False,
    ),
    Candidate(
        "s-007",
        "党员比2012年增长22.3%。",
        at("党员比"),
        THE_DECADE,  # 比2012年 is a baseline, not the sentence's date
        (FoundFigure("22.3", "%", None, 10, 15),),
        (),
        "工作一 基层党建",
        "",
        ("party",),
        "statistic",
        False,
    ),
]


def test_assemble_every_field_of_every_candidate() -> None:
    assert assemble(split_article(STORY), STORY, PUB, THEMES, "s") == STORY_CANDIDATES


def test_assemble_ids_default_to_c() -> None:
    got = assemble(split_article(STORY), STORY, PUB)
    assert [c.id for c in got] == ["c-001", "c-002", "c-004", "c-005", "c-006", "c-007"]
    assert [c.themes for c in got] == [()] * 6


@pytest.mark.parametrize(
    ("lead", "point"),
    [("在", True), ("我们", True), ("浙江省", False)],
)
def test_a_point_in_time_dates_what_follows_only_when_it_opens_the_sentence(
    lead: str, point: bool
) -> None:
    text = f"甲。\n\n{lead}2020年初,浙江推进乙。\n\n浙江推进丙。\n\n浙江推进丁。\n"
    got = assemble(split_article(text), text, PUB)
    assert got[0].date.edtf == "2020-33" and got[0].own_date
    if point:
        assert got[1].date.edtf == "2020-33"  # the paragraph after
        assert got[2].date == FactDate(
            "[2020-33..2022-09-30]",
            WITHIN,
            "",
            f"{NO_DATE} it comes after 2020年初 in its section, so some time from then to the "
            "article's date",
        )
    else:
        assert got[1].date == got[2].date == THE_DECADE


def test_a_span_opening_its_paragraph_bounds_the_sentences_after_it() -> None:
    text = "甲。\n\n2016年以来,浙江推进乙。浙江推进丙。\n"
    got = assemble(split_article(text), text, PUB)
    assert got[0].date == FactDate("2016/2022-09-30", THROUGHOUT, "2016年以来", None, "since 2016")
    assert got[1].date == FactDate(
        "[2016..2022-09-30]",
        WITHIN,
        "",
        f"{NO_DATE} it happened some time within 2016年以来, which opens its paragraph "
        "(2016/2022-09-30); if it held throughout, write 2016/2022-09-30",
    )


def test_the_span_an_article_is_about_is_its_anchor_or_its_span_counted_back() -> None:
    text = "甲。\n\n十年来,浙江推进乙。\n\n浙江推进丙。\n"
    got = assemble(split_article(text), text, PUB)
    assert got[1].date.basis == (
        f"{NO_DATE} it happened some time within 十年来, which the article is about "
        "(2012-09-30/2022-09-30); if it held throughout, write 2012-09-30/2022-09-30"
    )
    text = "甲。\n\n2020年,浙江推进乙。2016年以来,浙江推进丁。\n\n党的十八大以来,浙江推进丙。\n"
    got = assemble(split_article(text), text, PUB)
    assert got[1].date.edtf == "2016/2022-09-30"
    assert got[2].date.edtf == "2012-11-08/2022-09-30"


def test_a_point_in_time_carries_one_paragraph_and_on_through_meanwhile() -> None:
    text = (
        "甲。\n\n2020年初,浙江推进乙。\n\n浙江推进丙。\n\n浙江推进丁。\n\n"
        "2021年,浙江推进戊。\n\n浙江推进己。\n\n同时,浙江推进庚。\n\n当时,浙江推进辛。\n"
    )
    got = {c.quote: c.date.edtf for c in assemble(split_article(text), text, PUB)}
    assert got == {
        "2020年初,浙江推进乙。": "2020-33",
        "浙江推进丙。": "2020-33",
        "浙江推进丁。": "[2020-33..2022-09-30]",  # not two paragraphs on
        "2021年,浙江推进戊。": "2021",
        "浙江推进己。": "2021",
        "同时,浙江推进庚。": "2021",
        "当时,浙江推进辛。": "2021",
    }


def test_a_span_does_not_carry_into_the_next_paragraph() -> None:
    text = "甲。\n\n2016年以来,浙江推进乙。\n\n浙江推进丙。\n"
    got = assemble(split_article(text), text, PUB)
    assert got[1].date == THE_DECADE


def test_a_sentence_with_only_a_name_or_a_programme_is_a_candidate() -> None:
    text = "甲。\n\n治国安邦“强基”。\n\n治国安邦的清单。\n\n治国安邦,重在基础。\n"
    assert [c.quote for c in assemble(split_article(text), text, PUB)] == [
        "治国安邦“强基”。",
        "治国安邦的清单。",
    ]


def test_the_date_of_a_sentence_is_its_first_phrase() -> None:
    text = "甲。\n\n乙方面,2019年至2021年,浙江推进2020年的丙。\n"
    (c,) = assemble(split_article(text), text, PUB)
    assert (c.date.edtf, c.own_date) == ("2019/2021", True)
    assert c.figures == ()


# ── The candidate file ──────────────────────────────────────────────────────

STORY_ARTICLE = Article(
    Path("story.txt"), STORY, "ab12", '标题 "引"', "2022-09-30", ("张三", "李四")
)

STORY_YAML = """\
# Candidate facts extracted from sources/story.txt by `zjtimeline extract`.
# Check each one against the article: keep, merge or drop it; write the summaries
# and figure labels (marked TODO); check dates whose basis says TODO.

sources:
  - id: "s"
    title: "标题 \\"引\\""
    publication: "TODO"
    published: "2022-09-30"
    authors: ["张三", "李四"]
    file: "sources/story.txt"
    sha256: ab12

themes:
  - slug: "party"
    name_zh: "基层党建(强基工程)"
    name_en: "Grassroots Party building"
  - slug: "overview"
    name_zh: "总览"
    name_en: "Overview"

facts:
  - id: s-001
    source: "s"
    date: "2020-33"  # at
    date_text: "2020年初"
    date_text_en: "early 2020"
    themes: ["overview"]
    tags: ["若干意见"]
    kind: policy
    summary_zh: "TODO"
    summary_en: "TODO"
    quote: "2020年初,全省出台《若干意见》。"
  - id: s-002
    source: "s"
    date: "2020-33"  # at
    date_text: "2020年初"
    date_text_en: "early 2020"
    date_basis: "TODO check: the sentence has no date; 2020年初 opens its paragraph"
    themes: ["overview"]
    tags: ["七张问题清单"]
    kind: event
    summary_zh: "TODO"
    summary_en: "TODO"
    quote: "浙江推进“七张问题清单”。"
    figures:
      - {value: "七", unit: "张", label_zh: TODO, label_en: TODO}
  - id: s-004
    source: "s"
    date: "2020-33"  # at
    date_text: "2020年初"
    date_text_en: "early 2020"
    date_basis: "TODO check: the sentence has no date; 2020年初 opens a paragraph before"
    themes: ["overview"]
    kind: statistic
    summary_zh: "TODO"
    summary_en: "TODO"
    quote: "与此同时,超过300名干部下沉。"
    figures:
      - {value: "300", unit: "名", label_zh: TODO, label_en: TODO, bound: lower}
  - id: s-005
    source: "s"
    date: "[2012-09-30..2022-09-30]"  # within
    date_basis: "TODO check: the sentence has no date; it happened some time within the decade, \
which the article is about (2012-09-30/2022-09-30); if it held throughout, write 2012-09-30/2022-09-30"
    themes: ["party"]
    kind: programme
    summary_zh: "TODO"
    summary_en: "TODO"
    quote: "浙江实施强基工程。"
    section: "工作一 基层党建"
  - id: s-006
    source: "s"
    date: "[2012-09-30..2022-09-30]"  # within
    date_basis: "TODO check: the sentence has no date; it happened some time within the decade, \
which the article is about (2012-09-30/2022-09-30); if it held throughout, write 2012-09-30/2022-09-30"
    themes: ["party"]
    kind: programme
    summary_zh: "TODO"
    summary_en: "TODO"
    quote: "全省开展活动。"
    section: "工作一 基层党建"
  - id: s-007
    source: "s"
    date: "[2012-09-30..2022-09-30]"  # within
    date_basis: "TODO check: the sentence has no date; it happened some time within the decade, \
which the article is about (2012-09-30/2022-09-30); if it held throughout, write 2012-09-30/2022-09-30"
    themes: ["party"]
    kind: statistic
    summary_zh: "TODO"
    summary_en: "TODO"
    quote: "党员比2012年增长22.3%。"
    figures:
      - {value: "22.3", unit: "%", label_zh: TODO, label_en: TODO}
    section: "工作一 基层党建"
"""


def test_to_yaml_exact_text() -> None:
    assert to_yaml(STORY_ARTICLE, STORY_CANDIDATES, THEMES, "s", "sources/story.txt") == STORY_YAML


def test_to_yaml_without_themes_sub_sections_tags_once_and_english_todo() -> None:
    article = Article(Path("a.txt"), "", "00", "T", "2022-09-30")
    one = Candidate(
        "a-001",
        "“甲乙”和“甲乙”。",
        0,
        FactDate("2020", AT, "2020年", None, ""),
        (FoundFigure("3", "名", "upper", 0, 2),),
        ("甲乙", "丙丁", "甲乙"),
        "",
        "小节",
        (),
        "event",
        True,
    )
    assert to_yaml(article, [one], THEMES, "a", "a.txt") == (
        "# Candidate facts extracted from a.txt by `zjtimeline extract`.\n"
        "# Check each one against the article: keep, merge or drop it; write the summaries\n"
        "# and figure labels (marked TODO); check dates whose basis says TODO.\n"
        "\n"
        "sources:\n"
        '  - id: "a"\n'
        '    title: "T"\n'
        '    publication: "TODO"\n'
        '    published: "2022-09-30"\n'
        "    authors: []\n"
        '    file: "a.txt"\n'
        "    sha256: 00\n"
        "\n"
        "themes:\n"
        "  - slug: todo\n"
        "    name_zh: 待定\n"
        "    name_en: TODO\n"
        "\n"
        "facts:\n"
        "  - id: a-001\n"
        '    source: "a"\n'
        '    date: "2020"  # at\n'
        '    date_text: "2020年"\n'
        '    date_text_en: "TODO"\n'
        '    themes: ["todo"]\n'
        '    tags: ["甲乙", "丙丁"]\n'
        "    kind: event\n"
        '    summary_zh: "TODO"\n'
        '    summary_en: "TODO"\n'
        '    quote: "“甲乙”和“甲乙”。"\n'
        "    figures:\n"
        '      - {value: "3", unit: "名", label_zh: TODO, label_en: TODO, bound: upper}\n'
        '    subsection: "小节"\n'
    )


def test_to_yaml_of_no_candidates() -> None:
    article = Article(Path("a.txt"), "", "00", "T", "2022-09-30", ("甲",))
    text = to_yaml(article, [], THEMES, "a", "a.txt")
    assert '    authors: ["甲"]\n' in text
    assert text.endswith(
        "themes:\n  - slug: todo\n    name_zh: 待定\n    name_en: TODO\n\nfacts:\n"
    )


# ── All the steps ───────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("name", "prefix", "ids"),
    [
        ("000_ab.c.txt", None, "000_ab.c"),
        ("a b!.txt", None, "a-b"),
        ("Ab C.txt", None, "Ab-C"),
        ("新 文章.txt", None, "c"),
        ("a b.txt", "x", "x"),
    ],
)
def test_extract_ids_from_the_file_name(name: str, prefix: str | None, ids: str) -> None:
    text = "标题\n2022-09-30\n\n十年来,浙江推进甲。\n"
    article = Article(Path(name), text, "00", "标题", "2022-09-30T23:30:00+08:00")
    (c,) = extract(article, THEMES, prefix)
    assert c.id == f"{ids}-001"
    assert c.date.edtf == "2012-09-30/2022-09-30"  # counted back from the day it was published
    assert c.themes == ("overview",)


# ── More rules, one by one ──────────────────────────────────────────────────


def test_heading_details() -> None:
    text = "甲。尾巴 ,\n小节 ——\n乙。\n一级\n" + "副" * 40 + "\n丙。\n"
    got = [(s.text, s.section, s.subsection) for s in split_article(text)]
    assert got == [
        ("甲。", "", ""),
        ("尾巴", "", ""),
        ("乙。", "", "小节"),
        ("丙。", "一级 " + "副" * 40, ""),  # a second line of 40 characters still pairs
    ]


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("3张三张,", [("3", "张三张", None)]),  # the Arabic figure's unit is taken
        ("“甲”五水“乙”", []),  # right after a quote is outside it
        ("三大,", [("三", "大", None)]),
        ("万大项目,", []),
        ("千大项目,", []),
        ("万人", [("万", "人", None)]),
        ("三万个", [("三万", "个", None)]),
    ],
)
def test_find_figures_more(text: str, figures: list[tuple[str, str, str | None]]) -> None:
    assert [(f.value, f.unit, f.bound) for f in find_figures(text)] == figures


def test_read_article_first_date_and_last_author_line(tmp_path: Path) -> None:
    art = read_article(
        write(tmp_path, "标题\n2022-09-30\n2021-01-01 10:00\n作者: 甲\n作者: 乙 丙\n\n正文。\n")
    )
    assert (art.published, art.authors) == ("2022-09-30", ("乙", "丙"))


def test_only_a_since_phrase_naming_a_congress_anchors_a_span() -> None:
    for first in ("2012年以来,浙江推进甲。", "十八大后,浙江推进甲。"):
        text = f"甲。\n\n{first}\n\n十年来,浙江推进乙。\n"
        got = assemble(split_article(text), text, PUB)
        assert got[-1].date.edtf == "2012-09-30/2022-09-30"
    text = "甲。\n\n党的十八大以来,浙江推进甲。\n\n十年来,浙江推进乙。\n"
    assert assemble(split_article(text), text, PUB)[-1].date.edtf == "2012-11-08/2022-09-30"


def test_the_span_an_article_is_about_is_its_first_anchor() -> None:
    text = "甲。\n\n2016年以来,浙江推进乙。\n\n浙江推进丁。\n\n党的十八大以来,浙江推进丙。\n"
    got = assemble(split_article(text), text, PUB)
    assert got[1].date == FactDate(
        "[2012-11-08..2022-09-30]",
        WITHIN,
        "",
        f"{NO_DATE} it happened some time within 党的十八大以来, which the article is about "
        "(2012-11-08/2022-09-30); if it held throughout, write 2012-11-08/2022-09-30",
    )
    text = "甲。\n\n2016年以来,浙江推进乙。\n\n浙江推进丁。\n\n十年来,浙江推进丙。党的十八大以来,戊。\n"
    got = assemble(split_article(text), text, PUB)
    assert got[1].date.edtf == "[2012-11-08..2022-09-30]"  # 十年来, read as the anchor
    assert got[1].date.basis is not None and "within 十年来," in got[1].date.basis


def test_a_later_phrase_in_a_paragraph_keeps_its_opener() -> None:
    text = "甲。\n\n2020年初,浙江推进乙。浙江在2021年推进丙。浙江推进丁。\n"
    got = {c.quote: c.date.edtf for c in assemble(split_article(text), text, PUB)}
    assert got == {
        "2020年初,浙江推进乙。": "2020-33",
        "浙江在2021年推进丙。": "2021",
        "浙江推进丁。": "2020-33",
    }


def test_a_carried_point_dates_only_the_first_sentence() -> None:
    text = "甲。\n\n2020年初,浙江推进乙。\n\n浙江推进丙。浙江推进戊。\n"
    got = {c.quote: c.date.edtf for c in assemble(split_article(text), text, PUB)}
    assert got["浙江推进丙。"] == "2020-33"
    assert got["浙江推进戊。"] == "[2020-33..2022-09-30]"


def test_a_point_does_not_carry_over_an_empty_paragraph() -> None:
    text = "甲。\n\n2020年初,浙江推进乙。\n\n。\n\n浙江推进丙。\n"
    got = {c.quote: c.date.edtf for c in assemble(split_article(text), text, PUB)}
    assert got["浙江推进丙。"] == "[2020-33..2022-09-30]"


def test_a_span_opening_a_paragraph_wins_over_an_earlier_point() -> None:
    text = "甲。\n\n2020年初,浙江推进乙。\n\n2016年以来,浙江推进丙。浙江推进丁。\n"
    got = {c.quote: c.date.edtf for c in assemble(split_article(text), text, PUB)}
    assert got["浙江推进丁。"] == "[2016..2022-09-30]"


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("五水“甲”三张", [("三", "张", None)]),  # a one-character unit outside quotes: not one
        ("百大项目,三张", [("三", "张", None)]),
    ],
)
def test_a_figure_left_out_does_not_end_the_search(
    text: str, figures: list[tuple[str, str, str | None]]
) -> None:
    assert [(f.value, f.unit, f.bound) for f in find_figures(text)] == figures


@pytest.mark.parametrize(
    ("phrase", "english_text"),
    [("建党百年", "the Party's centenary"), ("2020年初以来", "since early 2020")],
)
def test_english_centenary_and_a_vague_start(phrase: str, english_text: str) -> None:
    assert english(found(phrase)) == english_text


def test_fact_date_of_a_half_open_phrase_without_a_side_is_the_article_date() -> None:
    half = FoundDate(0, 2, DateQuery("某后", Period(date(2020, 1, 1), None, "year", "open")))
    assert fact_date(half, PUB) == FactDate(
        "2022-09-30", AT, "某后", "TODO: an open phrase; dated by the article", "TODO"
    )
    half = FoundDate(0, 2, DateQuery("某前", Period(None, date(2020, 12, 31), "open", "year")))
    assert fact_date(half, PUB).edtf == "2022-09-30"


def test_to_yaml_lists_every_theme_a_candidate_has() -> None:
    two = replace(STORY_CANDIDATES[0], themes=("clean", "party"))
    text = to_yaml(STORY_ARTICLE, [two], THEMES, "s", "sources/story.txt")
    assert '    themes: ["clean", "party"]\n' in text
    assert text.count("  - slug: ") == 2
    assert text.index('slug: "party"') < text.index('slug: "clean"')  # in the order of the base
