"""The picture formats rule by rule: a fact's time in words, citations, lanes, the HTML
page's data, exact TimelineJS JSON (dates at each precision, escapes, groups, the era)
and exact Mermaid text (sections, periods, repeated periods, entities)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
from datetime import date

import pytest

from zjtimeline.formats import Options, fact_to_record
from zjtimeline.formats.visual import (
    UI,
    _asset,
    _lane_of,
    _lanes,
    citation,
    html_data,
    json_for_script,
    mermaid_text,
    render_html,
    render_mermaid,
    render_timelinejs,
    span,
)
from zjtimeline.model import (
    AT,
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

D = date
LONG_NAME = "乙主题名称很长很长很长很长很长"  # 30 columns: longer than a Mermaid line
THEMES = (Theme("a", "甲", "Alpha"), Theme("b", LONG_NAME, "Beta"), Theme("c", "丙", "Gamma"))
SOURCE = Source(
    "s", "标题<x>", "杂志", "2022-09-30T15:15:00+08:00", ("甲", "乙"), "x.txt", "0" * 64
)
OTHER = Source("t", "另一篇", "刊物", "2021-01-02T08:00:00+08:00", ("丙",), "y.txt", "0" * 64)
BASE = FactBase(path="", sources={"s": SOURCE}, themes=THEMES, facts=())
CITED = "甲、乙:《标题<x>》,杂志,2022-09-30 15:15"


def fact(id: str, period: Period, **kw) -> Fact:
    values: dict = dict(
        id=id, source="s", date="", period=period, date_text=None, date_basis=None, themes=("a",),
        tags=(), kind="event", summary_zh="摘要", summary_en="Summary", quote="引文",
    )  # fmt: skip
    values.update(kw)
    return Fact(**values)


MEET = fact(
    "meet", Period(D(2020, 1, 1), D(2020, 3, 31), "quarter", "quarter", AT), date="2020-21",
    date_text="2020年初", date_text_en="early 2020", date_basis="文中", themes=("b", "a"), tags=("会议",),
    summary_zh="会议<b>&", summary_en="A meeting: <b>", quote="召开'会议'",
    figures=(Figure("1.5", "万名", "党员", "members", "lower"),),
)  # fmt: skip
DECADE = fact(
    "decade", Period(D(2012, 11, 8), D(2022, 9, 30), "day", "day", THROUGHOUT), summary_zh="十年"
)
SOME = fact(
    "some", Period(D(2016, 1, 1), D(2018, 12, 31), "year", "year", WITHIN), summary_zh="某时"
)
SOME2 = fact("some2", SOME.period, summary_zh="又一时")
GOING = fact("going", Period(D(2013, 7, 1), None, "month", "open", THROUGHOUT), themes=("zz",),
             summary_zh="持续", summary_en="Going on")  # fmt: skip
BEFORE = fact("before", Period(None, D(2019, 6, 30), "open", "month", THROUGHOUT), themes=("b",),
              summary_zh="早前", summary_en="Earlier")  # fmt: skip
UNDATED = fact("undated", Period(None, None, "open", "open", THROUGHOUT))


def rec(f: Fact, match: str = "certain") -> dict:
    return fact_to_record(f, match)


def opts(lang: str = "zh", base: FactBase | None = BASE, lanes: tuple[str, ...] = ()) -> Options:
    return Options(lang=lang, base=base, lanes=lanes)


# ── Dates, citations, lanes ──────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("f", "lang", "base", "words"),
    [
        (MEET, "zh", BASE, "2020-Q1"),  # one point at its precision
        (DECADE, "en", BASE, "2012-11-08 → 2022-09-30"),
        (SOME, "zh", BASE, "2016 至 2018 间某时"),
        (SOME, "en", BASE, "some time 2016 … 2018"),
        (GOING, "zh", BASE, "2013-07 起,持续(已知至 2022-09-30)"),
        (GOING, "en", BASE, "2013-07 → ongoing (known to 2022-09-30)"),
        (GOING, "en", None, "2013-07 → ongoing (known to ?)"),
        (BEFORE, "zh", BASE, "2019-06 之前(起点不详)"),
        (BEFORE, "en", BASE, "… → 2019-06 (start unknown)"),
        (UNDATED, "zh", BASE, "?"),
        (
            fact("w", Period(D(2020, 12, 1), D(2021, 2, 28), "season", "season", WITHIN)),
            "zh",
            BASE,
            "2020-winter",
        ),
        (
            fact("w", Period(D(2020, 3, 1), D(2021, 2, 28), "season", "season", WITHIN)),
            "zh",
            BASE,
            "2020-spring 至 2020-winter 间某时",
        ),
        (
            fact("s", Period(None, D(2020, 5, 31), "open", "season")),
            "zh",
            BASE,
            "2020-spring 之前(起点不详)",
        ),
        (
            fact("elsewhere", GOING.period, source="gone"),
            "en",
            BASE,
            "2013-07 → ongoing (known to ?)",
        ),
    ],
)
def test_span_words_each_form_and_open_end(
    f: Fact, lang: str, base: FactBase | None, words: str
) -> None:
    assert span(rec(f), lang, base) == words


def test_json_for_script_can_neither_close_the_element_nor_open_a_comment() -> None:
    assert json_for_script({"a": "</script><!--&\u2028\u2029中文 x=1", "b": [1]}) == (
        '{"a":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029中文 x=1","b":[1]}'
    )


@pytest.mark.parametrize(
    ("text", "cols", "expected"),
    [
        ("a\n  b\tc ", 0, "a b c"),  # one line, single spaces
        ("x" * 20 + " section y", 22, "x" * 20 + "<br>#115;ection y"),  # a keyword on any line
        ("SECTION y", 22, "#83;ECTION y"),
        (
            "全省遴选十大强基先锋百名兴村",
            22,
            "全省遴选十大强基先锋百<br>名兴村",
        ),  # 11 characters a line
        ("全省遴选十大强基先锋百名兴村", 0, "全省遴选十大强基先锋百名兴村"),
        ("a:b", 22, "a#58;b"),
        ('"\\', 0, "#quot;#92;"),
    ],
)
def test_mermaid_text_lines(text: str, cols: int, expected: str) -> None:
    assert mermaid_text(text, cols) == expected
    if cols == 22:
        assert mermaid_text(text) == expected


def test_citation_names_authors_title_publication_and_time() -> None:
    assert citation(SOURCE) == CITED
    assert citation(None) == ""


def test_lanes_follow_the_fact_base_then_unknown_themes_alphabetically() -> None:
    recs = [rec(GOING), rec(MEET), rec(fact("x", SOME.period, themes=("aa", "a")))]
    assert _lanes(recs, opts()) == [("a", "甲"), ("b", LONG_NAME), ("aa", "aa"), ("zz", "zz")]
    assert _lanes(recs, opts("en")) == [("a", "Alpha"), ("b", "Beta"), ("aa", "aa"), ("zz", "zz")]
    assert _lanes(recs, opts(lanes=("b", "c", "zz"))) == [("b", LONG_NAME), ("zz", "zz")]
    assert _lanes(recs, opts(base=None)) == [("a", "a"), ("aa", "aa"), ("b", "b"), ("zz", "zz")]


def test_a_fact_is_filed_under_its_first_theme_drawn() -> None:
    lanes = [("a", "甲"), ("b", "乙")]
    assert _lane_of(rec(MEET), lanes) == "b"
    assert _lane_of(rec(MEET), [("a", "甲")]) == "a"
    assert _lane_of(rec(GOING), lanes) == "zz"  # none drawn: its first theme


# ── HTML ─────────────────────────────────────────────────────────────────────


def test_html_data_is_every_field_the_page_draws() -> None:
    data = html_data([rec(MEET, POSSIBLE), rec(GOING)], opts())
    assert data == {
        "lang": "zh",
        "title": "标题<x>",  # the one source's title
        "ui": UI["zh"],
        "lanes": [
            {"slug": "a", "name": "甲", "i": 0},
            {"slug": "b", "name": LONG_NAME, "i": 1},
            {"slug": "zz", "name": "zz", "i": 3},  # not in the fact base: after its themes
        ],
        "sources": {"s": CITED},
        "facts": [
            {
                "id": "meet", "form": "at", "how": "发生于该时间(按文章所给精度)", "ongoing": False,
                "start": "2020-01-01", "end": "2020-03-31", "span": "2020-Q1", "edtf": "2020-21",
                "wording_zh": "2020年初", "wording_en": "early 2020", "basis": "文中", "themes": ["b", "a"],
                "tags": ["会议"], "kind": "event", "summary_zh": "会议<b>&", "summary_en": "A meeting: <b>",
                "quote": "召开'会议'", "figures": ["1.5万名 — 党员"], "source": "s", "possible": True,
            },
            {
                "id": "going", "form": "throughout", "how": "贯穿整个时段", "ongoing": True,
                "start": "2013-07-01", "end": "2022-09-30",  # drawn to its source's date
                "span": "2013-07 起,持续(已知至 2022-09-30)", "edtf": "", "wording_zh": None,
                "wording_en": None, "basis": None, "themes": ["zz"], "tags": [], "kind": "event",
                "summary_zh": "持续", "summary_en": "Going on", "quote": "引文", "figures": [],
                "source": "s", "possible": False,
            },
        ],
    }  # fmt: skip


def test_html_data_without_a_fact_base_or_with_several_sources() -> None:
    data = html_data([rec(GOING), rec(MEET)], opts("en", base=None, lanes=("a", "zz")))
    assert data["title"] == "zjtimeline" and data["sources"] == {} and data["ui"] == UI["en"]
    assert data["lanes"] == [
        {"slug": "a", "name": "a", "i": 0},
        {"slug": "zz", "name": "zz", "i": 0},
    ]
    going, meet = data["facts"]
    assert going["end"] == "2013-07-01"  # no source date: drawn at its start
    assert meet["themes"] == ["a"] and meet["figures"] == ["1.5万名 — members"]
    assert meet["how"] == "at that time, to the article's precision"
    two = FactBase(path="", sources={"s": SOURCE, "t": OTHER}, themes=THEMES, facts=())
    assert html_data([rec(MEET)], opts(base=two))["title"] == "zjtimeline"


def test_html_page_pins_its_inline_code_by_hash_and_carries_the_data() -> None:
    page = "".join(render_html([rec(MEET)], [], opts("en")))
    style, script = _asset("timeline.css"), _asset("timeline.js")

    def pin(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    assert (
        f"content=\"default-src 'none'; script-src {pin(script)}; style-src {pin(style)}; "
        "img-src data:; base-uri 'none'; form-action 'none'\">" in page
    )
    assert "<title>标题&lt;x&gt;</title>" in page
    assert f"<style>{style}</style>" in page and page.endswith(
        f"<script>{script}</script>\n</body>\n</html>\n"
    )
    assert "<noscript>This page needs JavaScript to draw the timeline.</noscript>" in page
    marker = '<script type="application/json" id="zjt-data">'
    start = page.index(marker) + len(marker)
    assert json.loads(page[start : page.index("</script>", start)]) == html_data(
        [rec(MEET)], opts("en")
    )
    assert '<html lang="zh-Hans">' in "".join(render_html([rec(MEET)], [], opts()))
    csp = (
        f"default-src 'none'; script-src {pin(script)}; style-src {pin(style)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    assert page == (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="zjtimeline">\n'
        f"<title>标题&lt;x&gt;</title>\n<style>{style}</style>\n</head>\n<body>\n"
        "<noscript>This page needs JavaScript to draw the timeline.</noscript>\n"
        f'<script type="application/json" id="zjt-data">{json_for_script(html_data([rec(MEET)], opts("en")))}</script>\n'
        f"<script>{script}</script>\n</body>\n</html>\n"
    )


def test_html_page_is_made_in_a_c_locale_too() -> None:
    """The page's code is UTF-8 whatever the locale says (LANG=C in a container)."""
    code = (
        "from zjtimeline.formats.visual import render_html\n"
        "from zjtimeline.formats import Options\n"
        "import sys\n"
        "page = ''.join(render_html([], [], Options()))\n"
        "sys.stdout.buffer.write(str(len(page)).encode())\n"
    )
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    assert int(run.stdout) == len("".join(render_html([], [], Options())))


# ── TimelineJS ───────────────────────────────────────────────────────────────

MEET_TEXT = (
    "<p>A meeting: &lt;b&gt;</p><blockquote>“召开&#x27;会议&#x27;”</blockquote>"
    "<p><small>2020-Q1 · 发生于该时间(按文章所给精度)</small></p>"
    "<p><cite>甲、乙:《标题&lt;x&gt;》,杂志,2022-09-30 15:15</cite></p>"
)


def timelinejs(records: list[dict], o: Options) -> dict:
    text = "".join(render_timelinejs(records, [], o))
    assert text.endswith("}\n")
    return json.loads(text)


def test_timelinejs_exact_document() -> None:
    text = "".join(
        render_timelinejs([rec(MEET), rec(GOING), rec(BEFORE), rec(UNDATED)], [], opts())
    )
    assert text.startswith(
        '{\n "title": {\n  "text": {\n   "headline": "标题&lt;x&gt;",'
    )  # Chinese kept
    assert json.loads(text) == {
        "title": {"text": {"headline": "标题&lt;x&gt;", "text": "<p>甲、乙:《标题&lt;x&gt;》,杂志,2022-09-30 15:15</p>"}},
        "events": [
            {
                "start_date": {"year": 2020, "month": 1},
                "end_date": {"year": 2020, "month": 3},  # a quarter is its months
                "display_date": "2020年初",
                "text": {"headline": "会议&lt;b&gt;&amp;", "text": MEET_TEXT},
                "group": LONG_NAME,
                "unique_id": "meet",
            },
            {
                "start_date": {"year": 2013, "month": 7},
                "end_date": {"year": 2022, "month": 9, "day": 30},  # ongoing: to its source's date
                "display_date": "2013-07 起,持续(已知至 2022-09-30)",
                "text": {
                    "headline": "持续",
                    "text": "<p>Going on</p><blockquote>“引文”</blockquote>"
                    "<p><small>2013-07 起,持续(已知至 2022-09-30) · 贯穿整个时段</small></p>"
                    f"<p><cite>{CITED.replace('<', '&lt;').replace('>', '&gt;')}</cite></p>",
                },
                "group": "zz",
                "unique_id": "going",
            },
            {
                "start_date": {"year": 2019, "month": 6},  # an open start: shown at its end
                "display_date": "2019-06 之前(起点不详)",
                "text": {
                    "headline": "早前",
                    "text": "<p>Earlier</p><blockquote>“引文”</blockquote>"
                    "<p><small>2019-06 之前(起点不详) · 贯穿整个时段</small></p>"
                    f"<p><cite>{CITED.replace('<', '&lt;').replace('>', '&gt;')}</cite></p>",
                },
                "group": LONG_NAME,
                "unique_id": "before",
            },
        ],  # the undated fact has no place on a timeline
        "eras": [
            {
                "start_date": {"year": 2012, "month": 11, "day": 8},
                "end_date": {"year": 2022, "month": 9, "day": 30},
                "text": {"headline": "党的十八大以来"},
            }
        ],
    }  # fmt: skip


def test_timelinejs_in_english_without_a_fact_base() -> None:
    doc = timelinejs([rec(MEET), rec(GOING)], opts("en", base=None))
    assert doc["title"] == {"text": {"headline": "zjtimeline", "text": ""}}
    meet, going = doc["events"]
    assert meet["display_date"] == "early 2020" and meet["group"] == "b"
    assert meet["text"] == {
        "headline": "A meeting: &lt;b&gt;",
        "text": "<p>会议&lt;b&gt;&amp;</p><blockquote>“召开&#x27;会议&#x27;”</blockquote>"
        "<p><small>2020-Q1 · at that time, to the article&#x27;s precision</small></p><p><cite></cite></p>",
    }
    assert "end_date" not in going and going["display_date"] == "2013-07 → ongoing (known to ?)"
    (era,) = doc["eras"]  # to the last date drawn
    assert era == {
        "start_date": {"year": 2012, "month": 11, "day": 8},
        "end_date": {"year": 2020, "month": 3, "day": 31},
        "text": {"headline": "Since the 18th Party Congress"},
    }


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period(D(2004, 1, 1), D(2004, 12, 31), "year", "year"), {"year": 2004}, None),
        (Period(D(2019, 1, 1), D(2020, 12, 31), "year", "year"), {"year": 2019}, {"year": 2020}),
        (Period(D(2020, 3, 1), D(2020, 3, 31), "month", "month"), {"year": 2020, "month": 3}, None),
        (Period(D(2020, 1, 1), D(2020, 6, 30), "half", "half"), {"year": 2020, "month": 1}, {"year": 2020, "month": 6}),
        (Period(D(2020, 3, 1), D(2020, 5, 31), "season", "season"), {"year": 2020, "month": 3}, {"year": 2020, "month": 5}),
        (Period(D(2020, 3, 1), D(2020, 3, 1), "day", "day"), {"year": 2020, "month": 3, "day": 1}, None),
        (Period(D(2020, 3, 1), D(2020, 3, 2), "day", "day"), {"year": 2020, "month": 3, "day": 1},
         {"year": 2020, "month": 3, "day": 2}),
        (Period(D(2019, 1, 1), D(2020, 3, 31), "year", "month"), {"year": 2019}, {"year": 2020, "month": 3}),
    ],
)  # fmt: skip
def test_timelinejs_dates_at_the_facts_precision(
    period: Period, start: dict, end: dict | None
) -> None:
    (event,) = timelinejs([rec(fact("f", period))], opts(base=None))["events"]
    assert event["start_date"] == start
    assert event.get("end_date") == end


def test_timelinejs_era_only_after_the_18th_congress_opened() -> None:
    on_the_day = fact("f", Period(D(2012, 11, 8), D(2012, 11, 8), "day", "day"))
    assert "eras" not in timelinejs([rec(on_the_day)], opts(base=None))
    after = fact("f", Period(D(2012, 11, 8), D(2012, 11, 9), "day", "day"))
    assert timelinejs([rec(after)], opts(base=None))["eras"][0]["end_date"] == {
        "year": 2012,
        "month": 11,
        "day": 9,
    }
    assert "eras" not in timelinejs([], opts(base=None))
    old = FactBase(path="", sources={"s": OTHER}, themes=THEMES, facts=())
    assert timelinejs([rec(DECADE)], opts(base=old))["eras"][0]["end_date"] == {
        "year": 2021,
        "month": 1,
        "day": 2,
    }


# ── Mermaid ──────────────────────────────────────────────────────────────────


def mermaid(records: list[dict], o: Options) -> str:
    return "".join(render_mermaid(records, [], o))


def test_mermaid_exact_diagram() -> None:
    recs = [rec(MEET), rec(DECADE), rec(SOME), rec(SOME2), rec(BEFORE)]
    assert mermaid(recs, opts()) == (
        "timeline\n"
        "    title 标题#lt;x#gt;\n"
        "    section 甲\n"
        "        2012-11-08 →<br>2022-09-30 : 十年\n"  # 23 columns: broken at 22
        "        2016 至 2018 间某时 : 某时\n"
        "                 : 又一时\n"  # the same period again: one more event under it
        f"    section {LONG_NAME}\n"  # a section name is never broken
        "        2020-Q1 「2020年初」 : 会议#lt;b#gt;#amp;\n"
        "        2019-06 之前(起点不详) : 早前\n"
    )


def test_mermaid_in_english_and_only_the_lanes_asked_for() -> None:
    assert mermaid([rec(MEET), rec(SOME)], opts("en", base=None, lanes=("b",))) == (
        "timeline\n    title zjtimeline\n    section b\n        2020-Q1 (early 2020) : A meeting#58; #lt;b#gt;\n"
    )


def test_mermaid_leaves_out_a_theme_whose_facts_all_stand_under_another() -> None:
    assert mermaid([rec(MEET)], opts()) == (
        f"timeline\n    title 标题#lt;x#gt;\n    section {LONG_NAME}\n        2020-Q1 「2020年初」 : 会议#lt;b#gt;#amp;\n"
    )


# ── Edges: no source, a form without words, a fact outside the lanes drawn ───

EMPTY = FactBase(path="", sources={}, themes=THEMES, facts=())
LONG_TITLE = Source(
    "s", "一个很长很长很长的标题:二十二列以上", "杂志", "2022-09-30T15:15:00+08:00", ("甲",), "x.txt",
    "0" * 64,
)  # fmt: skip


def odd_form(f: Fact) -> dict:
    """A record whose form has no words in the vocabulary: shown by its name."""
    return rec(f) | {"form": "around"}


def test_json_for_script_escapes_only_its_five_characters() -> None:
    assert json_for_script("XxAZ<") == '"XxAZ\\u003c"'


def test_html_data_names_a_form_without_words_by_itself() -> None:
    (meet,) = html_data([odd_form(MEET)], opts("en"))["facts"]
    assert meet["form"] == "around" and meet["how"] == "around"


def test_timelinejs_skips_an_undated_fact_and_goes_on() -> None:
    doc = timelinejs([rec(UNDATED), rec(MEET)], opts("en"))
    assert [e["unique_id"] for e in doc["events"]] == ["meet"]


def test_timelinejs_names_a_form_without_words_by_itself() -> None:
    (event,) = timelinejs([odd_form(MEET)], opts("en"))["events"]
    assert "<p><small>2020-Q1 · around</small></p>" in event["text"]["text"]


def test_timelinejs_groups_a_fact_outside_the_lanes_under_its_first_theme() -> None:
    (event,) = timelinejs([rec(MEET)], opts("en", lanes=("c",)))["events"]
    assert event["group"] == "b"


def test_pictures_of_a_fact_base_without_sources_are_titled_zjtimeline() -> None:
    doc = timelinejs([rec(DECADE)], opts("en", base=EMPTY))
    assert doc["title"] == {"text": {"headline": "zjtimeline", "text": ""}}
    assert mermaid([rec(DECADE)], opts("en", base=EMPTY)) == (
        "timeline\n    title zjtimeline\n    section Alpha\n        2012-11-08 →<br>2022-09-30 : Summary\n"
    )


def test_mermaid_title_is_one_line_however_long() -> None:
    base = FactBase(path="", sources={"s": LONG_TITLE}, themes=THEMES, facts=())
    assert mermaid([rec(MEET)], opts(base=base)).splitlines()[1] == (
        "    title 一个很长很长很长的标题#58;二十二列以上"
    )


def test_mermaid_period_of_an_ongoing_fact_is_known_to_its_source_date() -> None:
    assert mermaid([rec(GOING)], opts("en")).splitlines()[3] == (
        "        2013-07 → ongoing<br>(known to 2022-09-30) : Going on"
    )
