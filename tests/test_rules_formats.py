"""The formats rule by rule: the one record shape, cells, every renderer's exact text
(empty and not), --fields in structured formats, booleans, escapes and formula guards,
and the terminal table's width budget."""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml

from zjtimeline.formats import FORMATS, Options, cell, fact_to_record
from zjtimeline.formats.base import row_cells, subset
from zjtimeline.formats.data import render_csv, render_json, render_jsonl, render_tsv, render_yaml
from zjtimeline.formats.tables import render_markdown, render_plain, render_table
from zjtimeline.model import POSSIBLE, THROUGHOUT, Fact, Figure, Period

D = date


def make_fact(**kw) -> Fact:
    values: dict = dict(
        id="f1",
        source="s",
        date="2013-07/..",
        period=Period(D(2013, 7, 1), None, "month", "open", THROUGHOUT),
        date_text="从2013年7月起",
        date_basis="文中",
        themes=("a", "b"),
        tags=("t1", "t2"),
        kind="mechanism",
        summary_zh="中文",
        summary_en="English",
        quote="原文",
        figures=(
            Figure("1.5", "万名", "党员", "members", "lower"),
            Figure("8", "个", "方面", "aspects"),
        ),
        section="节",
        subsection="小节",
        date_text_en="since July 2013",
    )
    values.update(kw)
    return Fact(**values)


def test_fact_to_record_is_the_whole_fact() -> None:
    assert fact_to_record(make_fact(), POSSIBLE) == {
        "id": "f1", "source": "s", "date": "2013-07/..", "form": THROUGHOUT,
        "start": "2013-07-01", "end": None, "ongoing": True, "precision": "month/open",
        "date_text": "从2013年7月起", "date_text_en": "since July 2013", "date_basis": "文中",
        "themes": ["a", "b"], "tags": ["t1", "t2"], "kind": "mechanism",
        "summary_zh": "中文", "summary_en": "English", "quote": "原文",
        "figures": [
            {"value": "1.5", "unit": "万名", "label_zh": "党员", "label_en": "members", "bound": "lower"},
            {"value": "8", "unit": "个", "label_zh": "方面", "label_en": "aspects", "bound": None},
        ],
        "section": "节", "subsection": "小节", "match": POSSIBLE,
    }  # fmt: skip


def test_record_of_a_closed_fact_with_one_precision() -> None:
    f = make_fact(period=Period(None, D(2020, 12, 31), "year", "year"))
    r = fact_to_record(f)
    assert (r["start"], r["end"], r["precision"], r["ongoing"], r["match"]) == (
        None, "2020-12-31", "year", False, "certain",
    )  # fmt: skip


RECORD = fact_to_record(make_fact())


@pytest.mark.parametrize(
    ("column", "lang", "text"),
    [
        ("id", "zh", "f1"),
        ("end", "zh", ""),  # None
        ("ongoing", "zh", "true"),
        ("themes", "zh", "a,b"),
        ("tags", "en", "t1,t2"),
        ("summary", "zh", "中文"),
        ("summary", "en", "English"),
        ("figures", "zh", "1.5万名+ 党员; 8个 方面"),
        ("figures", "en", "1.5万名+ members; 8个 aspects"),
        ("nothing", "zh", ""),
    ],
)
def test_cell(column: str, lang: str, text: str) -> None:
    assert cell(RECORD, column, lang) == text


def test_cell_false_empty_list_and_numbers() -> None:
    r = {"ongoing": False, "tags": [], "count": 0, "year": 2020}
    assert [cell(r, c, "zh") for c in ("ongoing", "tags", "count", "year")] == [
        "false",
        "",
        "0",
        "2020",
    ]


def test_cell_shows_theme_names_when_given() -> None:
    names = {"a": "甲"}
    assert cell(RECORD, "themes", "zh", names) == "甲, b"
    assert cell(RECORD, "themes", "zh", {}) == "a,b"
    assert cell({"themes": "x"}, "themes", "zh", names) == "x"


def test_cell_summary_of_a_plain_row() -> None:
    assert cell({"summary": "s"}, "summary", "en") == "s"


def test_row_cells() -> None:
    assert list(row_cells([RECORD, RECORD], ["id", "ongoing"], "zh")) == [["f1", "true"]] * 2


def test_subset_only_when_fields_are_given() -> None:
    assert list(subset([RECORD], ["id"], Options())) == [RECORD]
    assert list(
        subset([RECORD], ["summary", "id", "nope"], Options(lang="en", fields_given=True))
    ) == [{"summary": "English", "id": "f1", "nope": None}]


def render(fmt: str, records, columns, **opts) -> str:
    return "".join(FORMATS[fmt].render(records, columns, Options(**opts)))


# ── machine formats ──────────────────────────────────────────────────────────

ROWS = [
    {"id": "a", "ongoing": True, "n": 1, "text": "中文 \x1b[31m", "list": ["x", "y"]},
    {"id": "b", "ongoing": False, "n": None, "text": "=1+1", "list": []},
]
COLS = ["id", "ongoing", "n", "text", "list"]


def test_json_exact_text() -> None:
    assert render("json", ROWS, COLS) == (
        '[\n  {"id": "a", "ongoing": true, "n": 1, "text": "中文 \\u001b[31m", "list": ["x", "y"]},\n'
        '  {"id": "b", "ongoing": false, "n": null, "text": "=1+1", "list": []}\n]\n'
    )
    assert render("json", [], COLS) == "[]\n"
    assert json.loads(render("json", ROWS, COLS)) == ROWS


def test_jsonl_exact_text() -> None:
    assert render("jsonl", ROWS, COLS) == (
        '{"id": "a", "ongoing": true, "n": 1, "text": "中文 \\u001b[31m", "list": ["x", "y"]}\n'
        '{"id": "b", "ongoing": false, "n": null, "text": "=1+1", "list": []}\n'
    )
    assert render("jsonl", [], COLS) == ""


def test_yaml_exact_text() -> None:
    text = render("yaml", ROWS[1:], COLS)
    assert text == "- id: b\n  ongoing: false\n  n: null\n  text: =1+1\n  list: []\n"
    assert yaml.safe_load(render("yaml", ROWS, COLS)) == ROWS
    assert render("yaml", [], COLS) == "[]\n"
    long = {"id": "x" * 200}
    assert render("yaml", [long], ["id"]) == f"- id: {'x' * 200}\n"  # never folded


@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml"])
def test_fields_pick_keys_in_structured_formats(fmt: str) -> None:
    text = render(fmt, [RECORD], ["summary", "id"], lang="en", fields_given=True)
    data = (
        yaml.safe_load(text)
        if fmt == "yaml"
        else json.loads(text.splitlines()[0] if fmt == "jsonl" else text)
    )
    record = data[0] if isinstance(data, list) else data
    assert list(record.items()) == [("summary", "English"), ("id", "f1")]
    full = render(fmt, [RECORD], ["id"])  # without --fields: the whole record
    assert "summary_zh" in full


def test_tsv_exact_text() -> None:
    assert render("tsv", ROWS, COLS) == (
        "id\tongoing\tn\ttext\tlist\na\ttrue\t1\t中文 \\x1b[31m\tx,y\nb\tfalse\t\t=1+1\t\n"
    )
    assert render("tsv", [{"t": "a\tb\nc"}], ["t"]) == "t\na\\tb\\nc\n"
    assert render("tsv", [], ["id", "x"]) == "id\tx\n"


def test_csv_exact_text() -> None:
    assert render("csv", ROWS, COLS) == (
        'id,ongoing,n,text,list\na,true,1,中文 \x1b[31m,"x,y"\nb,false,,\'=1+1,\n'
    )
    assert render("csv", [], ["id", "x"]) == "id,x\n"


@pytest.mark.parametrize(
    ("value", "shown"),
    [("=A1", "'=A1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"),
     ("\rx", "'\rx"), ("a=1", "a=1"), ("'x", "'x")],
)  # fmt: skip
def test_csv_formula_guard(value: str, shown: str) -> None:
    import csv
    import io

    text = render("csv", [{"v": value}], ["v"])
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["v"], [shown]]


def test_csv_streams_one_row_at_a_time() -> None:
    chunks = list(render_csv(iter(ROWS), COLS, Options()))
    assert chunks == [
        "id,ongoing,n,text,list\n",
        'a,true,1,中文 \x1b[31m,"x,y"\n',
        "b,false,,'=1+1,\n",
    ]


def test_streaming_renderers_yield_per_record() -> None:
    assert len(list(render_jsonl(ROWS, COLS, Options()))) == 2
    assert len(list(render_json(ROWS, COLS, Options()))) == 3
    assert len(list(render_yaml(ROWS, COLS, Options()))) == 2
    assert len(list(render_tsv(ROWS, COLS, Options()))) == 3


# ── human formats ────────────────────────────────────────────────────────────


def test_plain_exact_text() -> None:
    assert render("plain", ROWS, ["id", "ongoing", "text"]) == (
        "id    ongoing    text\na     true       中文 \\x1b[31m\nb     false      =1+1\n"
    )


def test_markdown_exact_text() -> None:
    rows = [{"id": "a|b", "text": "x\\y", "z": "1\n2\x1b"}]
    assert render("markdown", rows, ["id", "text", "z"]) == (
        "| id | text | z |\n|---|---|---|\n| a\\|b | x\\\\y | 1<br>2\\x1b |\n"
    )
    assert render("markdown", [], ["a|"]) == "| a\\| |\n|---|\n"


def test_human_formats_show_theme_names() -> None:
    opts = {"theme_names": {"a": "甲", "b": "乙"}}
    assert "甲, 乙" in render("plain", [RECORD], ["themes"], **opts)
    assert "甲, 乙" in render("markdown", [RECORD], ["themes"], **opts)
    assert "甲, 乙" in render("table", [RECORD], ["themes"], **opts)
    assert "a,b" in render("tsv", [RECORD], ["themes"], **opts)


def test_table_without_a_width_is_never_cut() -> None:
    text = render("table", [{"id": "x" * 300}], ["id"])
    assert text == "id\n" + "-" * 300 + "\n" + "x" * 300 + "\n"


def test_table_with_no_rows() -> None:
    assert render("table", [], ["id", "summary"], width=10) == ""


def test_render_table_direct_call() -> None:
    assert "".join(render_table([{"a": "x"}], ["a"], Options())) == "a\n-\nx\n"
    assert "".join(render_plain([{"a": "x"}], ["a"], Options())) == "a\nx\n"
    assert "".join(render_markdown([{"a": "x"}], ["a"], Options())) == "| a |\n|---|\n| x |\n"


def test_every_format_is_registered_with_what_it_is() -> None:
    assert {n: f.human for n, f in FORMATS.items()}.items() >= {
        "table": True, "plain": True, "tsv": False, "csv": False, "json": False,
        "jsonl": False, "markdown": True, "yaml": False,
    }.items()  # fmt: skip
    assert all(f.name == n and f.description for n, f in FORMATS.items())


def test_csv_quotes_a_carriage_return_inside_a_cell() -> None:
    text = render("csv", [{"a": "x\ry", "b": "z"}, {"a": "p", "b": "q"}], ["a", "b"])
    assert text == 'a,b\n"x\ry",z\np,q\n'


def test_numbers_in_tables_stay_as_written_and_left_aligned() -> None:
    rows = [{"v": "1.50", "w": "x"}, {"v": "10", "w": "y"}]
    assert render("plain", rows, ["v", "w"]) == "v     w\n1.50  x\n10    y\n"
    assert render("table", rows, ["v", "w"], width=80) == "v     w\n----  -\n1.50  x\n10    y\n"


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown", "tsv", "csv"])
def test_summary_column_in_the_chosen_language(fmt: str) -> None:
    assert "English" in render(fmt, [RECORD], ["summary"], lang="en")
    assert "中文" in render(fmt, [RECORD], ["summary"], lang="zh")
    assert "English" not in render(fmt, [RECORD], ["summary"], lang="zh")


def test_yaml_keeps_chinese_and_never_folds_long_lines() -> None:
    text = "中文 " + "word " * 30
    assert render("yaml", [{"t": text}], ["t"]) == f"- t: '{text}'\n"
