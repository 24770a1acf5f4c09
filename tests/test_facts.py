"""Provenance of the bundled fact base: what a researcher relies on when citing it."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import pytest

from zjtimeline.coverage import split_sentences
from zjtimeline.loader import check, load
from zjtimeline.model import THROUGHOUT, WITHIN
from zjtimeline.query import haystack
from zjtimeline.text import fold

from .conftest import FACTS, SOURCE

BASE = load(FACTS)
TEXT = SOURCE.read_text(encoding="utf-8")
SECTION_THEMES = {"overview", "political", "problem-lists", "grassroots", "cadres", "integrity"}
HEADINGS = {
    "导语": "overview",
    "以党的政治建设为统领": "political",
    "以抓实问题清单为关键": "problem-lists",
    "以实施强基工程为载体": "grassroots",
    "以变革重塑机制为牵引": "cadres",
    "以清廉建设为主要抓手": "integrity",
}
IDS = [f.id for f in BASE.facts]


def fact(fid: str):
    return next(f for f in BASE.facts if f.id == fid)


def test_bundled_base_validates_without_problems_or_warnings() -> None:
    base, problems = check(FACTS)
    assert problems == []
    assert base is not None and base.warnings == ()


def test_fact_count_is_in_the_expected_range() -> None:
    assert 45 <= len(BASE.facts) <= 70


def test_source_file_is_the_seed_byte_for_byte() -> None:
    src = BASE.sources["jrzj-2022-18-hongse-genmai"]
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == src.sha256
    assert src.published == "2022-09-30T15:15:00+08:00"
    assert src.authors == ("郏文纲", "马跃明")
    assert "2022年第18期" in src.publication and "特别关注" in src.publication


@pytest.mark.parametrize("fid", IDS)
def test_quote_is_verbatim(fid: str) -> None:
    assert fact(fid).quote in TEXT


@pytest.mark.parametrize("fid", IDS)
def test_every_figure_is_in_its_quote(fid: str) -> None:
    f = fact(fid)
    for g in f.figures:
        assert g.value in f.quote, g


@pytest.mark.parametrize("fid", IDS)
def test_every_arabic_number_in_a_quote_is_a_date_or_a_figure(fid: str) -> None:
    f = fact(fid)
    # Dates like 2013年 / 7月 are dates; everything else numeric must be a figure.
    stripped = re.sub(r"\d{4}年(?:\d{1,2}月)?", "", f.quote)
    numbers = re.findall(r"\d+(?:\.\d+)?", stripped)
    values = {g.value for g in f.figures} | {
        p for g in f.figures for p in re.findall(r"\d+(?:\.\d+)?", g.value)
    }
    missing = [n for n in numbers if n not in values]
    assert not missing, f"{fid}: numbers without a figure: {missing}"


@pytest.mark.parametrize("fid", IDS)
def test_both_summaries_are_present_and_in_their_language(fid: str) -> None:
    f = fact(fid)
    assert re.search(r"[\u4e00-\u9fff]", f.summary_zh)
    # English, though a Chinese term may stand in brackets after its translation.
    assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"\([^)]*\)", "", f.summary_en))
    assert re.search(r"[A-Za-z]{3,}", f.summary_en)
    assert f.summary_en.strip() != f.quote.strip()


@pytest.mark.parametrize("fid", IDS)
def test_first_theme_is_the_section_the_fact_sits_in(fid: str) -> None:
    f = fact(fid)
    heading = f.section.split(" ")[0]
    assert HEADINGS[heading] == f.themes[0]
    if heading != "导语":
        assert heading in TEXT
    if f.subsection:
        assert f.subsection in TEXT


@pytest.mark.parametrize("fid", IDS)
def test_dates_inferred_not_stated_record_their_basis(fid: str) -> None:
    f = fact(fid)
    stated = f.date_text and (re.search(r"\d{4}", f.date_text) and f.date_text in f.quote)
    if not stated:
        assert f.date_basis, f"{fid}: date {f.date} is not stated in the quote; record date_basis"


def test_traps_are_read_correctly() -> None:
    medics = fact("medics-to-hubei")
    assert medics.period.start == date(2020, 1, 1), "2018 is a head count, not a year"
    assert any(g.value == "2018" and g.unit == "名" for g in medics.figures)
    centenary = fact("party-centenary-2021")
    assert centenary.date == "2021" and "1921" in (centenary.date_basis or "")
    plan = fact("selected-graduates-5-years-5000")
    assert {g.value for g in plan.figures} == {"5", "5000"}
    decade = fact("talent-work-party-leadership")
    assert decade.period.start == date(2012, 11, 8) and decade.period.end == date(2022, 9, 30)
    # 十年来 after the …… governs only the result; the acts before it are undated.
    acts, result = fact("zheli-good-cadres-application"), fact("cadre-work-reshaped-over-decade")
    assert acts.form == WITHIN and "十年来" not in acts.quote
    assert result.form == THROUGHOUT and result.quote.startswith("十年来")
    # 十年来 governing the setting up of a mechanism does not make it held all decade.
    assert fact("seven-problem-lists").form == WITHIN


def test_lower_bounds_are_marked() -> None:
    """Figures written with 多 or 余 (more than) carry bound: lower, and only those."""
    for f in BASE.facts:
        for g in f.figures:
            written = re.search(re.escape(g.value) + r"(?:万)?[多余]", f.quote)
            if g.bound == "lower":
                assert written or "多" in g.unit or "余" in g.unit, (f.id, g)
            elif written and g.value[-1].isdigit():
                pytest.fail(f"{f.id}: {g.value}{g.unit} is a lower bound; add bound: lower")


@pytest.mark.parametrize(
    "name", ["八八战略", "七张问题清单", "红色根脉强基工程", "浙里好干部", "1+1+4", "浙里干部之家",
             "第一议题", "后陈经验", "导师帮带制", "三整一全", "双覆盖", "四责协同", "公权力大数据监督",
             "红色网格", "三大指数", "光荣在党50年", "选调生", "担当作为好干部"],
)  # fmt: skip
def test_named_programmes_are_findable(name: str) -> None:
    assert any(fold(name) in haystack(f) for f in BASE.facts), name


def test_every_theme_is_used_and_sections_come_first() -> None:
    slugs = [t.slug for t in BASE.themes]
    assert set(slugs[:6]) == SECTION_THEMES
    used = {t for f in BASE.facts for t in f.themes}
    assert used == set(slugs)


def test_ids_are_unique_readable_slugs() -> None:
    assert len(set(IDS)) == len(IDS)
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in IDS)


# ── Dates as the article knows them (issue 9) ───────────────────────────────

SENTENCES = split_sentences(TEXT)


def sentences_of(quote: str) -> str:
    """The sentences a quote overlaps, joined."""
    at = TEXT.index(quote)
    return "".join(s.text for s in SENTENCES if s.start < at + len(quote) and s.end > at)


@pytest.mark.parametrize("fid", [f.id for f in BASE.facts if f.date_text])
def test_date_text_is_wording_of_the_quoted_sentence(fid: str) -> None:
    f = fact(fid)
    assert f.date_text in sentences_of(f.quote), f"{fid}: {f.date_text!r} is not in its sentence"
    assert f.date_text_en, f"{fid}: date_text without date_text_en"


@pytest.mark.parametrize("fid", IDS)
def test_inferred_dates_name_their_rule(fid: str) -> None:
    """Whatever is not *at* a date the sentence gives says, in date_basis, why."""
    f = fact(fid)
    if f.form == WITHIN:
        assert (f.date_basis or "").startswith("Rule "), fid
    if f.form == THROUGHOUT and f.period.start == date(2012, 11, 8):
        assert f.date_text in ("十年来", "党的十八大以来", "截至2021年底"), fid


def test_only_sentences_that_say_so_hold_throughout_the_decade() -> None:
    decade = [f for f in BASE.facts if f.date == "2012-11-08/2022-09-30"]
    assert all(f.date_text in ("十年来", "党的十八大以来") for f in decade)
    assert all(f.date_text in f.quote for f in decade)
    # Of the article's ten sentences with 十年来 or 党的十八大以来, eight hold a practice, a
    # state or a result through the decade; in two 十年来 governs only the setting up of
    # mechanisms, an act the decade contains (seven-problem-lists, cadre-reshaping-mechanism).
    assert len(decade) == 8
    marked = [s for s in SENTENCES if "十年来" in s.text or "党的十八大以来" in s.text]
    assert len(marked) == 10
    for s in marked:  # each of those sentences has a fact that carries its wording
        assert any(sentences_of(f.quote) == s.text and f.date_text for f in BASE.facts), s.text
    undated = {f.id for f in BASE.facts if f.form == WITHIN and f.date_text == "十年来"}
    assert undated == {
        "seven-problem-lists",
        "cadre-reshaping-mechanism",
        "grassroots-reshaping-mechanism",
    }


def test_since_and_from_are_always_an_open_end() -> None:
    """以来 / 起 in a date_text: ongoing (YYYY/..), known to hold up to the source's date."""
    for f in BASE.facts:
        if f.date_text and re.search(r"\d{4}年.*(?:以来|起)", f.date_text):
            assert f.date.endswith("/.."), (f.id, f.date)


def test_named_things_do_not_predate_their_first_existence() -> None:
    """A fact naming 习近平总书记, the eight-point rules, Xi Jinping Thought, the Asian Games,
    digital reform or the common-prosperity zone cannot begin before they existed; the date is
    general knowledge, so date_basis names it."""
    floors = {"习近平总书记": "2012-11-15", "八项规定": "2012-12-04",
              "习近平新时代中国特色社会主义思想研究中心": "2017-10-18",
              "习近平新时代中国特色社会主义思想教育培训计划": "2017-10-18",
              "新时代理论宣讲团": "2017-10-18", "乡村振兴": "2017-10-18", "亚运会": "2015-09-16",
              "数字化改革": "2021-02-18", "共同富裕示范区": "2021"}  # fmt: skip
    for f in BASE.facts:
        if f.form != WITHIN:
            continue
        for name, floor in floors.items():
            if name in f.quote:
                assert f.period.start.isoformat() >= floor, (f.id, name)
                assert floor in (f.date_basis or "") and "general knowledge" in (
                    f.date_basis or ""
                ), f.id


def test_covid_facts_do_not_begin_before_2020() -> None:
    for f in BASE.facts:
        if "疫情" in f.quote and "战“疫”、防台、抗洪" not in f.quote:
            assert f.period.start is not None and f.period.start.year >= 2020, f.id


def test_year_2013_gives_the_quarterly_meetings_and_the_decade_only(cli) -> None:
    recs = cli("list", "--year", "2013", "--format", "json").json()
    ids = {r["id"] for r in recs}
    decade = {f.id for f in BASE.facts if f.date == "2012-11-08/2022-09-30"}
    assert ids == decade | {
        "county-secretaries-quarterly-meetings",
        "party-membership-growth-since-18th-congress",
    }
    assert all(r["form"] != WITHIN for r in recs)
    possible = cli("list", "--year", "2013", "--possible", "--format", "json").json()
    added = {r["id"] for r in possible if r["match"] == "possible"}
    assert added == {f.id for f in BASE.facts if f.form == WITHIN and f.period.start.year <= 2013}


def test_year_2020_gives_at_most_half_and_every_2020_event(cli) -> None:
    recs = cli("list", "--year", "2020", "--format", "json").json()
    ids = {r["id"] for r in recs}
    assert len(ids) <= len(BASE.facts) // 2
    in_2020 = {f.id for f in BASE.facts if f.group == 2020}
    assert in_2020 == {
        "covid-outbreak-party-mobilised",
        "medics-to-hubei",
        "cadres-sent-to-red-grids",
        "village-elections-2020",
    }
    assert in_2020 <= ids


def test_the_timeline_has_no_2012_section(cli) -> None:
    out = cli("timeline", "--lang", "en").stdout
    headings = [line for line in out.splitlines() if line.startswith("── ")]
    assert [h.split()[1] for h in headings] == ["Held", "2004", "2020", "2021", "Some"]
