"""Coverage: the sentence splitter, which facts quote which sentence, exclusions, and
`zjtimeline coverage` — with the bundled fact base kept at 100%."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from itertools import pairwise

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from zjtimeline.coverage import (
    COLUMNS,
    EXCLUDED,
    MISSING,
    QUOTED,
    Row,
    coverage,
    excluding,
    quote_spans,
    row_to_record,
    split_sentences,
    summary,
)
from zjtimeline.loader import check, load
from zjtimeline.model import Exclusion

from .conftest import FACTS, MINI_YAML, SOURCE


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "甲。乙!丙?丁;戊",
            ["甲。", "乙!", "丙?", "丁;", "戊"],
        ),  # ASCII ! ? ; as web pages write them
        ("甲。乙！丙？丁；戊", ["甲。", "乙！", "丙？", "丁；", "戊"]),
        ("他说:“好。”然后走了。", ["他说:“好。”", "然后走了。"]),  # closing quote stays
        ("“办好中国的事情,关键在党。”\n", ["“办好中国的事情,关键在党。”"]),
        ("共有党员426.9万名、基层党组织24.6万个。", ["共有党员426.9万名、基层党组织24.6万个。"]),
        ("首先,其次,最后。", ["首先,其次,最后。"]),  # ASCII commas never split
        ("战“疫”、防台、抗洪……每当危急时。", ["战“疫”、防台、抗洪……每当危急时。"]),
        ("好!!真好?!", ["好!!", "真好?!"]),  # runs of enders end one sentence
        ("见 http://x.cn/a?b=1;c 页。", ["见 http://x.cn/a?b=1;c 页。"]),  # not before a letter
        ("标题\n\n  正文一。正文二。 \n", ["标题", "正文一。", "正文二。"]),
        ("\xa0 \u3000\n", []),
        ("", []),
        ("无标点的一行\n最后一行无换行", ["无标点的一行", "最后一行无换行"]),
        ("\ufeff标题\n\ufeff正文。", ["标题", "正文。"]),  # a byte order mark is blank
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_offsets_lines_and_headings() -> None:
    text = "以党的政治建设为统领\n\n  十年来,浙江坚持。建立机制;完善机制。\n图片说明\n建立健全制度体系——\n"
    got = split_sentences(text)
    assert [(s.text, s.line, s.heading) for s in got] == [
        ("以党的政治建设为统领", 1, True),
        ("十年来,浙江坚持。", 3, False),
        ("建立机制;", 3, False),
        ("完善机制。", 3, False),
        ("图片说明", 4, True),
        ("建立健全制度体系——", 5, True),
    ]
    assert all(text[s.start : s.end] == s.text for s in got)


@given(st.text(alphabet="甲乙 ,.。;;!?！？“”\n\xa0…a1", max_size=60))
def test_splitting_loses_nothing_and_keeps_order(text: str) -> None:
    got = split_sentences(text)
    assert all(text[s.start : s.end] == s.text and s.text.strip() for s in got)
    assert all(a.end <= b.start for a, b in pairwise(got))
    blank = " \t\r\u3000\xa0\ufeff\n"
    assert "".join(s.text for s in got).translate({ord(c): None for c in blank}) == (
        text.translate({ord(c): None for c in blank})
    )


def test_the_article_splits_fast_enough_to_run_on_every_load() -> None:
    import time

    text = SOURCE.read_text(encoding="utf-8")
    started = time.perf_counter()
    for _ in range(20):
        got = split_sentences(text)
    assert (time.perf_counter() - started) / 20 < 0.05
    assert len(got) == 91


# ── Which facts quote which sentence ─────────────────────────────────────────


def test_quoted_excluded_missing(mini) -> None:
    base = load(mini())
    text = (mini().parent / "mini.txt").read_text(encoding="utf-8")
    excl = [Exclusion("mini", "2016年以来", "test")]
    rows = coverage("mini", text, base.facts, excl)
    assert [(r.sentence.text, r.status, r.facts, r.reason) for r in rows] == [
        ("第一段。", QUOTED, ("ongoing-thing",), ""),
        ("2020年初,某地召开会议,共有1.5万名党员参加。", QUOTED, ("meeting-2020",), ""),
        ("2016年以来,投诉下降60%。", QUOTED, ("complaints",), ""),
    ]
    rows = coverage("mini", text, [f for f in base.facts if f.id != "complaints"], excl)
    assert (rows[2].status, rows[2].reason, rows[2].index) == (EXCLUDED, "test", 3)
    rows = coverage("mini", text, base.facts[:1], [])
    assert [r.status for r in rows] == [MISSING, QUOTED, MISSING]
    assert rows[2].index == 3 and rows[2].sentence.line == 2


def test_a_quote_across_sentences_covers_each_and_only_its_own_source(mini) -> None:
    path = mini(
        MINI_YAML.replace('quote: "第一段。"', 'quote: "第一段。2020年初"'),
    )
    base = load(path)
    text = (path.parent / "mini.txt").read_text(encoding="utf-8")
    rows = coverage("mini", text, base.facts, [])
    assert "ongoing-thing" in rows[1].facts
    assert coverage("other", text, base.facts, []) == [
        Row("other", r.index, r.sentence, MISSING) for r in rows
    ]


def test_summary_line() -> None:
    s = split_sentences("甲。乙。丙。")
    rows = [
        Row("x", 1, s[0], QUOTED, ("a",)),
        Row("x", 2, s[1], EXCLUDED, reason="r"),
        Row("x", 3, s[2], MISSING),
    ]
    assert summary(rows) == "3 sentences: 1 quoted, 1 excluded, 1 missing — 66%"
    assert summary(rows[:2]).endswith("0 missing — 100%")


# ── The loader's rules for exclusions and date_text_en ───────────────────────

EXCLUDED_YAML = "excluded:\n  - {source: mini, text: %s, reason: %s}\n"


def problems_with(mini, extra: str, source: str | None = None) -> list[str]:
    text = MINI_YAML + extra
    path = mini(text) if source is None else mini(text, source)
    _, problems = check(path)
    return [p.message for p in problems]


def test_a_valid_exclusion_is_loaded_and_cached(mini) -> None:
    source = (
        "第一段。2020年初,某地召开会议,共有1.5万名党员参加。\n2016年以来,投诉下降60%。\n页脚文字\n"
    )
    path = mini(MINI_YAML + EXCLUDED_YAML % ("页脚", '"page chrome"'), source)
    first = load(path)
    assert first.excluded == (Exclusion("mini", "页脚", "page chrome", first.excluded[0].line),)
    assert first.excluded[0].line > 0
    assert load(path) == first  # through the cache


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{source: nope, text: 第一段。, reason: x}", "unknown source 'nope'"),
        ("{source: mini, text: 第二段。, reason: x}", "text is not verbatim in mini.txt"),
        ("{source: mini, text: 某地召开会议, reason: x}", "matches no sentence of 'mini'"),
        (
            "{source: mini, text: 第一段。, reason: x}",
            "quoted by ongoing-thing; drop the exclusion",
        ),
        ("{source: mini, text: 第一段。}", "missing required field 'reason'"),
        ("{source: mini, text: 第一段。, reason: x, why: y}", "unknown field 'why'"),
        ("{source: mini, text: '', reason: x}", "field 'text' is empty"),
    ],
)
def test_exclusion_problems(mini, entry: str, message: str) -> None:
    found = problems_with(mini, f"excluded:\n  - {entry}\n")
    assert len(found) == 1 and message in found[0], found


def test_excluded_must_be_a_list(mini) -> None:
    found = problems_with(mini, "excluded: {source: mini}\n")
    assert any("'excluded' must be a list" in m for m in found), found


def test_date_text_without_date_text_en_is_a_problem(mini) -> None:
    path = mini(MINI_YAML.replace("    date_text_en: early 2020\n", ""))
    _, problems = check(path)
    assert [p.line for p in problems] == [19]
    assert "date_text '2020年初' has no date_text_en" in problems[0].message


# ── `zjtimeline coverage` ────────────────────────────────────────────────────


def test_the_bundled_fact_base_accounts_for_every_sentence(cli) -> None:
    r = cli("coverage", env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.stdout[-2000:]
    assert r.stdout.splitlines()[-1] == "91 sentences: 55 quoted, 36 excluded, 0 missing — 100%"
    assert "✗" not in r.stdout
    recs = cli("coverage", "--format", "json").json()
    assert {rec["status"] for rec in recs} == {QUOTED, EXCLUDED}
    assert all(rec["reason"] for rec in recs if rec["status"] == EXCLUDED)


def test_every_heading_and_caption_is_excluded_not_quoted() -> None:
    base = load(FACTS)
    rows = coverage(
        "jrzj-2022-18-hongse-genmai", SOURCE.read_text(encoding="utf-8"), base.facts, base.excluded
    )
    assert all(r.status == EXCLUDED for r in rows if r.sentence.heading)


def test_coverage_exits_1_while_a_sentence_is_missing(cli, mini) -> None:
    path = str(mini(MINI_YAML.replace('quote: "第一段。"', 'quote: "2016年以来"')))
    r = cli("coverage", "--facts", path, env={"COLUMNS": "80"})
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert lines[0] == "mini — 测试文章"
    assert lines[1] == "  1 ✗ 第一段。"
    assert lines[2].strip() == "missing: no fact quotes it, no exclusion lists it"
    assert lines[-1] == "3 sentences: 2 quoted, 0 excluded, 1 missing — 66%"
    clash = str(mini(MINI_YAML + EXCLUDED_YAML % ("第一段。", "rhetoric")))
    r = cli("coverage", "--facts", clash)  # excluded yet quoted: an invalid fact file
    assert r.exit_code == 2 and "quoted by ongoing-thing; drop the exclusion" in r.stderr


@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml", "csv", "tsv"])
def test_coverage_machine_formats(cli, mini, fmt: str) -> None:
    path = str(mini(MINI_YAML.replace('quote: "第一段。"', 'quote: "2016年以来"')))
    r = cli("coverage", "--facts", path, "--format", fmt)
    assert r.exit_code == 1
    assert r.stderr == "zjtimeline: 3 sentences: 2 quoted, 0 excluded, 1 missing — 66%\n"
    if fmt == "json":
        recs = json.loads(r.stdout)
    elif fmt == "jsonl":
        recs = [json.loads(line) for line in r.stdout.splitlines()]
    elif fmt == "yaml":
        recs = yaml.safe_load(r.stdout)
    else:
        recs = list(csv.DictReader(io.StringIO(r.stdout), delimiter="," if fmt == "csv" else "\t"))
    first = recs[0]
    assert first["status"] == MISSING and first["text"] == "第一段。"
    assert str(first["start"]) == "0" and str(first["end"]) == "4" and str(first["line"]) == "1"
    assert recs[2]["status"] == QUOTED
    assert recs[2]["facts"] in (["complaints", "ongoing-thing"], "complaints,ongoing-thing")


def test_coverage_source_option(cli, mini) -> None:
    path = str(mini())
    assert cli("coverage", "--facts", path, "--source", "mini").exit_code == 0
    r = cli("coverage", "--facts", path, "--source", "nope")
    assert r.exit_code == 2 and "unknown source 'nope' (sources: mini)" in r.stderr
    assert r.stdout == ""


def test_coverage_needs_the_source_text(cli, mini) -> None:
    r = cli("coverage", "--facts", str(mini(source=None)))
    assert r.exit_code == 2 and "coverage needs the source text" in r.stderr


# ── Rules of the pure functions, one at a time ───────────────────────────────


def test_quote_spans_finds_every_place_even_overlapping() -> None:
    assert quote_spans("甲乙甲乙甲", "甲") == [(0, 1), (2, 3), (4, 5)]
    assert quote_spans("aaa", "aa") == [(0, 2), (1, 3)]
    assert quote_spans("abc", "") == [] and quote_spans("abc", "x") == []


def test_a_quote_found_in_several_places_covers_each(mini) -> None:
    fact = dataclasses.replace(load(mini()).facts[0], quote="甲。")
    rows = coverage("mini", "甲。乙。甲。丙。甲。", [fact], [])
    assert [r.status for r in rows] == [QUOTED, MISSING, QUOTED, MISSING, QUOTED]


def test_a_quote_starting_after_a_space_covers_only_what_follows(mini) -> None:
    fact = dataclasses.replace(load(mini()).facts[0], quote=" 第二段")
    rows = coverage("mini", "第一段。 第二段。", [fact], [])
    assert [(r.sentence.text, r.status) for r in rows] == [
        ("第一段。", MISSING),
        ("第二段。", QUOTED),
    ]


def test_a_byte_order_mark_is_blank_to_sentences_and_exclusions() -> None:
    sentences = split_sentences("第一段。\n\ufeff页脚\n")
    assert [s.text for s in sentences] == ["第一段。", "页脚"]
    assert excluding(sentences, [Exclusion("s", "\ufeff页脚", "r")]) == [[1]]


def test_row_to_record_is_the_one_output_shape() -> None:
    s = split_sentences("甲。乙。")[1]
    record = row_to_record(Row("x", 2, s, EXCLUDED, reason="r"))
    assert record == {
        "source": "x", "index": 2, "line": 1, "start": 2, "end": 4, "status": EXCLUDED,
        "facts": [], "reason": "r", "text": "乙。",
    }  # fmt: skip
    assert tuple(record) == COLUMNS
    quoted = row_to_record(Row("x", 2, s, QUOTED, ("a", "b")))
    assert (quoted["facts"], quoted["reason"]) == (["a", "b"], None)


def test_summary_of_no_sentences_is_complete() -> None:
    assert summary([]) == "0 sentences: 0 quoted, 0 excluded, 0 missing — 100%"
