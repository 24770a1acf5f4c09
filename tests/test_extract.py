"""The extractor's steps, each alone, then the command on the bundled article."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from zjtimeline.dates import find_dates
from zjtimeline.extract import (
    assemble,
    english,
    fact_date,
    find_figures,
    quoted_names,
    read_article,
    split_article,
)
from zjtimeline.loader import check

from .conftest import ROOT, SOURCE

PUB = date(2022, 9, 30)


# ── find_dates (dates.py): phrases inside running text ──────────────────────


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("2004年,时任浙江省委书记", ["2004年"]),
        ("党的十八大以来,以习近平同志", ["党的十八大以来"]),
        ("十年来,浙江坚持", ["十年来"]),
        ("近三年,全省", ["近三年"]),
        ("从2013年7月起,连续每季度召开", ["从2013年7月起"]),
        ("2020年起又召开", ["2020年起"]),
        ("2020年初,新冠肺炎疫情", ["2020年初"]),
        ("截至2021年底,全省共有党员426.9万名", ["截至2021年底"]),
        ("党员人数比党的十八大召开时增长22.3%", ["党的十八大召开时"]),
        ("以庆祝建党百年为契机", ["建党百年"]),
        ("2019年至2021年,各地", ["2019年至2021年"]),
        ("二〇一三年七月", ["二〇一三年七月"]),
        # Traps: counts and lengths are not dates.
        ("浙江2018名医护人员逆行出征", []),
        ("实施选调生“5年5000名”计划", []),
        ("颁发“光荣在党50年”纪念章", []),
        ("连续两年制度性交流", []),
        ("以“三年创优、整体跃升”为总抓手", []),
        ("党在浙江百年奋斗的鲜明底色", []),
        ("2020年中国经济", ["2020年"]),
    ],
)
def test_find_dates(text: str, phrases: list[str]) -> None:
    assert [d.text for d in find_dates(text, now=PUB)] == phrases


def _date(phrase: str, anchors: str = "") -> tuple[str, str]:
    found = find_dates(phrase, now=PUB)[0]
    anchor = [d for d in find_dates(anchors, now=PUB) if d.query.opens == "since"]
    got = fact_date(found, PUB, anchor)
    return got.edtf, got.form


@pytest.mark.parametrize(
    ("phrase", "edtf", "form"),
    [
        ("2004年", "2004", "at"),
        ("2020年初", "2020-33", "at"),
        ("2020年", "2020", "at"),
        ("2013年7月", "2013-07", "at"),
        ("建党百年", "2021", "at"),
        ("截至2021年底", "2021-12-31", "at"),
        ("党的十八大以来", "2012-11-08/2022-09-30", "throughout"),
        ("2016年以来", "2016/2022-09-30", "throughout"),
        ("从2013年7月起", "2013-07/2022-09-30", "throughout"),
        ("近三年", "2019-09-30/2022-09-30", "throughout"),
        ("2019年至2021年", "2019/2021", "throughout"),
        ("2020年下半年", "2020-41", "at"),
    ],
)
def test_fact_date(phrase: str, edtf: str, form: str) -> None:
    assert _date(phrase) == (edtf, form)


@pytest.mark.parametrize(
    ("phrase", "english_text"),
    [
        ("2004年", "in 2004"),
        ("2020年初", "early 2020"),
        ("从2013年7月起", "from July 2013"),
        ("2016年以来", "since 2016"),
        ("截至2021年底", "as of the end of 2021"),
        ("党的十八大以来", "since the 18th Party Congress"),
        ("十年来", "over the past decade"),
        ("近三年", "over the past 3 years"),
        ("建党百年", "the Party's centenary"),
        ("2019年至2021年", "from 2019 to 2021"),
        ("2013年7月1日", "on 1 July 2013"),
    ],
)
def test_english(phrase: str, english_text: str) -> None:
    assert english(find_dates(phrase, now=PUB)[0]) == english_text


def test_ten_years_snaps_to_the_anchor_the_article_names() -> None:
    assert _date("十年来", "党的十八大以来") == ("2012-11-08/2022-09-30", "throughout")
    assert _date("十年来") == ("2012-09-30/2022-09-30", "throughout")  # no anchor: counted back
    assert _date("近三年", "党的十八大以来") == ("2019-09-30/2022-09-30", "throughout")  # too far


# ── find_figures ────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        (
            "全省共有党员426.9万名、基层党组织24.6万个",
            [("426.9", "万名", None), ("24.6", "万个", None)],
        ),
        ("守护全省8万余个“红色网格”", [("8", "万余个", "lower")]),
        ("500多位抗疫战士火线入党", [("500", "多位", "lower")]),
        ("4800多家快递物流企业", [("4800", "多家", "lower")]),
        ("增长22.3%", [("22.3", "%", None)]),
        ("浙江2018名医护人员", [("2018", "名", None)]),
        ("实施选调生“5年5000名”计划", [("5", "年", None), ("5000", "名", None)]),
        ("阳光治理“1+1+4”制度体系", [("1+1+4", "", None)]),
        ("以“七张问题清单”为牵引", [("七", "张", None)]),
        ("“三大指数”", [("三", "大指数", None)]),
        ("近2000名", [("2000", "名", "upper")]),
        ("一批大案要案", []),
        ("飞入寻常百姓家", []),
    ],
)
def test_find_figures(text: str, figures: list[tuple[str, str, str | None]]) -> None:
    assert [(f.value, f.unit, f.bound) for f in find_figures(text)] == figures


def test_date_phrases_are_not_figures() -> None:
    text = "2020年初,十年来"
    skip = [(d.start, d.end) for d in find_dates(text, now=PUB)]
    assert find_figures(text, skip) == []


def test_quoted_names() -> None:
    assert quoted_names("以“七张问题清单”为牵引,制定《若干意见》") == ["七张问题清单", "若干意见"]
    assert quoted_names("在战“疫”一线;“办好中国的事情,关键在党。”") == []


# ── split_article ───────────────────────────────────────────────────────────


def test_split_article_sections_and_sentences() -> None:
    text = (
        "当前位置: 首页\n标题\n2022-09-30 15:15\n\n第一句。第二句;第三句。\n\n"
        "以某某为统领\n开辟新境界\n\n十年来,甲。\n\n图片说明一行\n\n小节——\n\n2020年,乙。\n"
    )
    got = [(s.text, s.section, s.subsection, s.first) for s in split_article(text)]
    assert got == [
        ("第一句。", "", "", True),
        ("第二句", "", "", False),
        ("第三句。", "", "", False),
        ("十年来,甲。", "以某某为统领 开辟新境界", "", True),
        ("2020年,乙。", "以某某为统领 开辟新境界", "小节", True),
    ]
    for s in split_article(text):
        assert text[s.start : s.start + len(s.text)] == s.text


def test_read_article_header() -> None:
    art = read_article(SOURCE)
    assert art.title == "勇当 “红色根脉”的筑基者"
    assert art.published == "2022-09-30T15:15:00+08:00"
    assert art.authors == ("郏文纲", "马跃明")


# ── The command ─────────────────────────────────────────────────────────────


def test_extract_writes_a_fact_file_that_validates_next_to_the_article(tmp_path: Path, cli) -> None:
    shutil.copy(SOURCE, tmp_path / SOURCE.name)
    out = tmp_path / "candidates.yaml"
    result = cli("extract", str(tmp_path / SOURCE.name), "-o", str(out))
    assert result.exit_code == 0, result.output
    base, problems = check(out)
    assert problems == [] and base is not None
    assert base.sources[SOURCE.stem].sha256 == read_article(SOURCE).sha256
    by_quote = {f.quote: f for f in base.facts}
    medics = next(f for q, f in by_quote.items() if "2018名医护人员" in q)
    assert medics.date == "2020-33"  # a head count, dated by the paragraph before
    assert [(g.value, g.unit) for g in medics.figures] == [("2018", "名")]
    centenary = next(f for q, f in by_quote.items() if "建党百年" in q)
    assert centenary.date == "2021"
    assert all(f.summary_zh == "TODO" for f in base.facts)


def test_extract_to_stdout_with_options(cli) -> None:
    result = cli("extract", str(SOURCE), "--published", "2022年9月30日", "--source-id", "a1")
    assert result.exit_code == 0, result.output
    assert 'published: "2022-09-30"' in result.stdout
    assert "  - id: a1-" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope.txt"], "cannot read"),
        ([str(SOURCE), "--published", "2022"], "not one day"),
        ([str(SOURCE), "--source-id", "a b"], "an id is"),
    ],
)
def test_extract_errors(cli, args: list[str], message: str) -> None:
    result = cli("extract", *args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stdout == ""


def test_extract_meets_its_targets_on_the_bundled_article() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from extract_eval import evaluate
    finally:
        sys.path.pop(0)
    r = evaluate()
    print(json.dumps({k: v for k, v in r.items() if k != "misses"}))
    assert r["recall"] >= 0.90, r["misses"]
    assert r["figure_agreement"] >= 0.95, r["misses"]
    assert r["date_agreement"] >= 0.85, r["misses"]


ARTICLE = """标题
2022-09-30 15:15

党的十八大以来,甲乙丙。

以某某为统领
开辟新境界

十年来,浙江推进甲。浙江完善乙。

浙江成立丙中心。

浙江整治违反八项规定问题。

十年来,浙江建立健全乙机制。

2020年初,疫情突如其来。

浙江2018名医护人员驰援湖北。全省500多位战士入党。

与此同时,38.7万名干部下沉。

建立三大指数。

小节——

浙江深化丁。
"""


def test_assemble_dates_sentences_by_where_they_stand() -> None:
    sentences = split_article(ARTICLE)
    got = {c.quote: (c.date.edtf, c.date.form) for c in assemble(sentences, ARTICLE, PUB)}
    decade = ("[2012-11-08..2022-09-30]", "within")
    assert got == {
        "党的十八大以来,甲乙丙。": ("2012-11-08/2022-09-30", "throughout"),
        "十年来,浙江推进甲。": ("2012-11-08/2022-09-30", "throughout"),  # the anchor's start
        "浙江完善乙。": decade,  # within the span its paragraph opens with
        "浙江成立丙中心。": decade,  # within the span the article is about
        "浙江整治违反八项规定问题。": ("[2012-12-04..2022-09-30]", "within"),  # not before
        "十年来,浙江建立健全乙机制。": decade,  # 十年来 governs setting something up
        "2020年初,疫情突如其来。": ("2020-33", "at"),
        "浙江2018名医护人员驰援湖北。": ("2020-33", "at"),  # carried into the next paragraph
        "全省500多位战士入党。": ("[2020-33..2022-09-30]", "within"),  # later: since then
        "与此同时,38.7万名干部下沉。": ("2020-33", "at"),
        "建立三大指数。": ("[2020-33..2022-09-30]", "within"),
        "浙江深化丁。": decade,  # a new sub-section starts afresh
    }
