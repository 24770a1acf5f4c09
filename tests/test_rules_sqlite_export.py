"""sqlite_export rule by rule, on a small fact base built by hand: the Chinese pieces the
index holds, the FTS query, every row of every table, what the index holds per fact,
batches, the atomic replace, and the Datasette metadata field by field."""

from __future__ import annotations

import io
import json
import os
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from zjtimeline.model import AT, THROUGHOUT, Fact, FactBase, Figure, Period, Source, Theme
from zjtimeline.sqlite_export import (
    COLUMNS,
    SEARCH_SQL,
    cjk_bigrams,
    fts_query,
    metadata,
    write_database,
    write_metadata,
)

D = date

S1 = Source(
    id="s1",
    title="勇当“红色根脉”的筑基者",
    publication="《今日浙江》2022年第18期",
    published="2022-09-30T15:15:00+08:00",
    authors=("郏文纲", "马跃明"),
    file="a.txt",
    sha256="ab" * 32,
)
S2 = Source(
    id="s2",
    title="Second",
    publication="Journal",
    published="2021-01-02T00:00:00+00:00",
    authors=(),
    file="b.txt",
    sha256="",
)
MEDICS = Fact(
    id="medics",
    source="s1",
    date="2020-33",
    period=Period(D(2020, 1, 1), D(2020, 3, 31), "quarter", "quarter", AT),
    date_text="2020年初",
    date_text_en="early 2020",
    date_basis=None,
    themes=("party", "covid"),
    tags=("医护", "援鄂", "医护"),  # a repeated tag is stored once
    kind="event",
    summary_zh="浙江医护驰援湖北",
    summary_en="Medics went to Hubei",
    quote="浙江2018名医护人员逆行出征",
    figures=(
        Figure("2018", "名", "医护人员", "medics"),
        Figure("1", "支", "医疗队", "team", "lower"),
    ),
    section="特别关注",
    subsection="窗口报表",
)
SINCE = Fact(
    id="since",
    source="s2",
    date="2013-07/..",
    period=Period(D(2013, 7, 1), None, "month", "open", THROUGHOUT),
    date_text=None,
    date_basis="文中",
    themes=("party",),
    tags=(),
    kind="mechanism",
    summary_zh="坚持党建",
    summary_en="Party building since 2013",
    quote="第一段",
)
EARLY = Fact(
    id="early",
    source="s2",
    date="../2004",
    period=Period(None, D(2004, 12, 31), "open", "year", THROUGHOUT),
    date_text="2004年以前",
    date_text_en="before 2004",
    date_basis=None,
    themes=("covid",),
    tags=("历史",),
    kind="context",
    summary_zh="早期党建",
    summary_en="Early days",
    quote="早期的事",
)
BASE = FactBase(
    path="facts.yaml",
    sources={"s1": S1, "s2": S2},
    themes=(
        Theme("party", "党建", "Party building", "Building the Party"),
        Theme("covid", "疫情", "Covid"),
    ),
    facts=(MEDICS, SINCE, EARLY),
)


@pytest.fixture
def db(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    # written for each test (not once per module): mutation testing runs on a mutant of
    # write_database only the tests that called it, and a shared database is written
    # during the first test alone
    path = tmp_path_factory.mktemp("sqlite") / "mine.db"
    write_database(BASE, path)
    return sqlite3.connect(path)


# ── The pieces the index holds, and the query for them ───────────────────────


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("abc 123", "abc 123"),
        ("党", " 党 "),  # one character stays one token
        ("党建", " 党建 "),
        ("基层党", " 基层 层党 "),
        ("基层党建", " 基层 层党 党建 "),
        ("2018名医护", "2018 名医 医护 "),
        ("党建,换届", " 党建 , 换届 "),
        ("ＡＢ１２", "AB12"),  # NFKC folds full-width letters and digits
        ("ＡＢ党建", "AB 党建 "),
        ("\u3400\u4dbf", " \u3400\u4dbf "),  # the ranges' edges are Chinese
        ("\u4e00\u9fff", " \u4e00\u9fff "),
        ("\ufa0e\ufa0f", " \ufa0e\ufa0f "),  # compatibility ideographs NFKC keeps
        ("\u4dc0\ua000\uf8ff", "\u4dc0\ua000\uf8ff"),  # just outside the ranges
    ],
)
def test_cjk_bigrams_writes_each_chinese_run_as_its_two_character_pieces(
    text: str, expected: str
) -> None:
    assert cjk_bigrams(text) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ""),
        ("   ", ""),
        ("换届", '"换届"'),
        ("基层党建", '"基层 层党 党建"'),
        ("基层党建 elections", '"基层 层党 党建" AND "elections"'),
        ("a b c", '"a" AND "b" AND "c"'),
        ('say"hi"', '"say""hi"""'),  # a double quote is doubled inside the phrase
        ("2018名", '"2018 名"'),
        ("ＡＢ", '"AB"'),
    ],
)
def test_fts_query_every_word_must_occur_a_chinese_word_is_a_phrase(
    typed: str, expected: str
) -> None:
    assert fts_query(typed) == expected


# ── The tables ───────────────────────────────────────────────────────────────


def test_write_database_returns_the_row_count_of_each_table_in_order(tmp_path: Path) -> None:
    counts = write_database(BASE, tmp_path / "x.db")
    assert list(counts.items()) == [
        ("sources", 2), ("themes", 2), ("facts", 3), ("figures", 2), ("fact_themes", 4),
        ("tags", 3),
    ]  # fmt: skip


def test_sources_rows_with_authors_as_readable_json_and_no_empty_checksum(
    db: sqlite3.Connection,
) -> None:
    assert db.execute("select * from sources order by id").fetchall() == [
        ("s1", "勇当“红色根脉”的筑基者", "《今日浙江》2022年第18期", "2022-09-30T15:15:00+08:00",
         '["郏文纲", "马跃明"]', "a.txt", "ab" * 32),
        ("s2", "Second", "Journal", "2021-01-02T00:00:00+00:00", "[]", "b.txt", None),
    ]  # fmt: skip


def test_themes_rows_with_no_empty_description(db: sqlite3.Connection) -> None:
    assert db.execute("select * from themes order by rowid").fetchall() == [
        ("party", "党建", "Party building", "Building the Party"),
        ("covid", "疫情", "Covid", None),
    ]


def test_facts_rows_with_form_span_ongoing_and_precision(db: sqlite3.Connection) -> None:
    assert db.execute("select * from facts order by rowid").fetchall() == [
        ("medics", "s1", "2020-33", "at", "2020-01-01", "2020-03-31", 0, "quarter", "2020年初",
         "early 2020", None, "event", "浙江医护驰援湖北", "Medics went to Hubei",
         "浙江2018名医护人员逆行出征", "特别关注", "窗口报表"),
        # ongoing: no end; the precision of each end when they differ
        ("since", "s2", "2013-07/..", "throughout", "2013-07-01", None, 1, "month/open", None,
         None, "文中", "mechanism", "坚持党建", "Party building since 2013", "第一段", "", ""),
        # open start: not ongoing
        ("early", "s2", "../2004", "throughout", None, "2004-12-31", 0, "open/year",
         "2004年以前", "before 2004", None, "context", "早期党建", "Early days", "早期的事",
         "", ""),
    ]  # fmt: skip


def test_figures_rows_in_the_quote_order(db: sqlite3.Connection) -> None:
    assert db.execute("select * from figures order by rowid").fetchall() == [
        ("medics", 0, "2018", "名", "医护人员", "medics", None),
        ("medics", 1, "1", "支", "医疗队", "team", "lower"),
    ]


def test_fact_themes_rows_position_0_first(db: sqlite3.Connection) -> None:
    assert db.execute("select * from fact_themes order by rowid").fetchall() == [
        ("medics", "party", 0), ("medics", "covid", 1), ("since", "party", 0),
        ("early", "covid", 0),
    ]  # fmt: skip


def test_tags_rows_once_each_in_order(db: sqlite3.Connection) -> None:
    assert db.execute("select * from tags order by rowid").fetchall() == [
        ("medics", "医护", 0), ("medics", "援鄂", 1), ("early", "历史", 0),
    ]  # fmt: skip


def test_every_table_has_its_keys_and_indexes(db: sqlite3.Connection) -> None:
    def pk(table: str) -> list[str]:
        cols = [r for r in db.execute(f"pragma table_info({table})") if r[5]]
        return [r[1] for r in sorted(cols, key=lambda r: r[5])]

    def fks(table: str) -> set[tuple[str, str, str]]:
        return {(r[2], r[3], r[4]) for r in db.execute(f"pragma foreign_key_list({table})")}

    assert [pk(t) for t in ("sources", "themes", "facts", "figures", "fact_themes", "tags")] == [
        ["id"], ["slug"], ["id"], ["fact_id", "position"], ["fact_id", "theme"],
        ["fact_id", "tag"],
    ]  # fmt: skip
    assert fks("facts") == {("sources", "source", "id")}
    assert fks("figures") == fks("tags") == {("facts", "fact_id", "id")}
    assert fks("fact_themes") == {("facts", "fact_id", "id"), ("themes", "theme", "slug")}
    assert db.execute("pragma foreign_key_check").fetchall() == []
    indexes = {r[0]: r[1] for r in db.execute("select name, tbl_name from sqlite_master where type = 'index' and name not like 'sqlite_%'")}  # fmt: skip
    assert indexes == {"facts_start": "facts", "facts_end": "facts", "facts_source": "facts",
                       "fact_themes_theme": "fact_themes", "tags_tag": "tags"}  # fmt: skip


# ── The full-text index ──────────────────────────────────────────────────────


def test_the_index_holds_each_text_in_pieces_under_its_facts_rowid(
    db: sqlite3.Connection,
) -> None:
    rows = db.execute(
        "select facts.id, facts_fts.summary_zh, facts_fts.summary_en, facts_fts.quote,"
        " facts_fts.tags, facts_fts.date_text"
        " from facts_fts join facts on facts.rowid = facts_fts.rowid order by facts.rowid"
    ).fetchall()
    assert [(r[0], *(cell.split() for cell in r[1:])) for r in rows] == [
        ("medics", ["浙江", "江医", "医护", "护驰", "驰援", "援湖", "湖北"],
         ["Medics", "went", "to", "Hubei"],
         ["浙江", "2018", "名医", "医护", "护人", "人员", "员逆", "逆行", "行出", "出征"],
         ["医护", "援鄂", "医护"], ["2020", "年初"]),
        # no tags and no date wording: empty text, not NULL
        ("since", ["坚持", "持党", "党建"], ["Party", "building", "since", "2013"], ["第一", "一段"],
         [], []),
        ("early", ["早期", "期党", "党建"], ["Early", "days"], ["早期", "期的", "的事"], ["历史"],
         ["2004", "年以", "以前"]),
    ]  # fmt: skip
    assert rows[1][4:] == ("", "")


@pytest.mark.parametrize(
    ("words", "ids"),
    [
        ("驰援", {"medics"}),  # only in the Chinese summary
        ("逆行", {"medics"}),  # only in the quote
        ("医护人员", {"medics"}),  # a longer word: the phrase of its pieces
        ("援鄂", {"medics"}),  # only in the tags
        ("年初", {"medics"}),  # only in the date wording
        ("以前", {"early"}),
        ("党建", {"since", "early"}),
        ("hubei", {"medics"}),  # English, any case
        ("building", {"since"}),
        ("build", {"since"}),  # Porter stemming
        ("党建 early", {"early"}),
        ("湖南", set()),
    ],
)
def test_search_finds_a_word_in_any_indexed_text(
    db: sqlite3.Connection, words: str, ids: set[str]
) -> None:
    got = db.execute(
        "select id from facts where rowid in (select rowid from facts_fts where facts_fts match ?)",
        (fts_query(words),),
    ).fetchall()
    assert {r[0] for r in got} == ids


def test_a_table_longer_than_one_batch_is_written_whole(tmp_path: Path) -> None:
    figures = tuple(Figure(str(i), "个", "项", "items") for i in range(10_001))
    base = replace(BASE, facts=(replace(MEDICS, figures=figures),))
    counts = write_database(base, tmp_path / "big.db")
    assert counts["figures"] == 10_001
    db = sqlite3.connect(tmp_path / "big.db")
    assert db.execute("select min(position), max(position), count(distinct value) from figures").fetchone() == (0, 10_000, 10_001)  # fmt: skip


def test_an_empty_fact_base_writes_empty_tables(tmp_path: Path) -> None:
    base = FactBase(path="facts.yaml", sources={}, themes=(), facts=())
    counts = write_database(base, tmp_path / "empty.db")
    assert counts == dict.fromkeys(
        ("sources", "themes", "facts", "figures", "fact_themes", "tags"), 0
    )
    db = sqlite3.connect(tmp_path / "empty.db")
    assert db.execute("select count(*) from facts_fts").fetchone() == (0,)


# ── Writing the file ─────────────────────────────────────────────────────────


def test_write_database_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_text("not a database")
    # what a run killed half-way under this process id would have left behind
    (tmp_path / f".x.db.{os.getpid()}.tmp").write_text("half a database")
    write_database(BASE, path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.db"]
    assert sqlite3.connect(path).execute("select count(*) from facts").fetchone() == (3,)


def test_write_database_twice_gives_the_same_rows(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    first = write_database(BASE, path)
    assert write_database(BASE, path) == first
    assert sqlite3.connect(path).execute("select count(*) from facts_fts").fetchone() == (3,)


# ── Datasette metadata ───────────────────────────────────────────────────────


def test_metadata_whole() -> None:
    assert metadata(BASE, "mine") == {
        "title": "zjtimeline fact base",
        "description": "Dated, cited facts on party building in Zhejiang, each with a verbatim quote from its source.",
        "source": "勇当“红色根脉”的筑基者 (《今日浙江》2022年第18期, 2022-09-30); Second (Journal, 2021-01-02)",
        "license": "MIT (the fact base); quotes are short citations of their sources",
        "license_url": "https://opensource.org/licenses/MIT",
        "databases": {"mine": {
            "tables": {
                "sources": {"description": "The articles the facts are quoted from.",
                            "columns": COLUMNS["sources"]},
                "themes": {"description": "Themes: the article's sections, then cross-cutting topics.",
                           "columns": COLUMNS["themes"]},
                "facts": {"description": "One row per fact: a verbatim quote, its date (EDTF, with form and span), kind and summaries. Search finds Chinese words of two characters or more, and English words.",
                          "columns": COLUMNS["facts"],
                          "fts_table": "facts_fts", "fts_pk": "rowid", "sort": "start"},
                "figures": {"description": "Numbers in the quotes, exactly as written, with their units.",
                            "columns": COLUMNS["figures"]},
                "fact_themes": {"description": "Which themes each fact belongs to.",
                                "columns": COLUMNS["fact_themes"]},
                "tags": {"description": "Tags of each fact.", "columns": COLUMNS["tags"]},
                "facts_fts": {"hidden": True},
            },
            "queries": {"search": {
                "title": "Search facts (Chinese or English)",
                "description": "Words of two Chinese characters or more, or English words.",
                "sql": SEARCH_SQL,
            }},
        }},
    }  # fmt: skip


def test_metadata_describes_every_column_of_every_table_and_nothing_else(
    db: sqlite3.Connection,
) -> None:
    tables = metadata(BASE, "mine")["databases"]["mine"]["tables"]
    real = [r[0] for r in db.execute("select name from sqlite_master where type = 'table' and name not like 'facts_fts%' order by rowid")]  # fmt: skip
    assert real == ["sources", "themes", "facts", "figures", "fact_themes", "tags"]
    assert [t for t in tables if t != "facts_fts"] == real
    for name in real:
        columns = [r[1] for r in db.execute(f"pragma table_info({name})")]
        assert list(tables[name]["columns"]) == columns, name
        assert all(tables[name]["columns"].values()), name
        assert tables[name]["description"].endswith("."), name


def test_metadata_points_datasette_at_the_index_and_the_start_column(
    db: sqlite3.Connection,
) -> None:
    facts = metadata(BASE, "mine")["databases"]["mine"]["tables"]["facts"]
    db.execute(f"select {facts['fts_pk']} from {facts['fts_table']}").fetchall()
    assert facts["sort"] in [r[1] for r in db.execute("pragma table_info(facts)")]


def test_metadata_source_lists_every_source_with_its_day() -> None:
    assert metadata(BASE, "x")["source"] == (
        "勇当“红色根脉”的筑基者 (《今日浙江》2022年第18期, 2022-09-30); Second (Journal, 2021-01-02)"
    )
    one = replace(BASE, sources={"s2": S2})
    assert metadata(one, "x")["source"] == "Second (Journal, 2021-01-02)"
    assert metadata(replace(BASE, sources={}), "x")["source"] == ""


@pytest.mark.parametrize(
    ("q", "ids"),
    [
        ("驰援", ["medics"]),  # two characters: as typed
        ("医护人员", ["medics"]),  # longer: the phrase of its pieces, in SQL
        ("  医护人员  ", ["medics"]),  # trimmed
        ("早期党建", ["early"]),
        ("党建", ["early", "since"]),  # by start, the open start first
        ("hubei", ["medics"]),
        ("党建 early", ["early"]),  # with ASCII: the words as typed
        ("人员逆行出征", ["medics"]),
        ("员人", []),
    ],
)
def test_metadata_search_query_finds_words_in_order_of_start(
    db: sqlite3.Connection, q: str, ids: list[str]
) -> None:
    sql = metadata(BASE, "mine")["databases"]["mine"]["queries"]["search"]["sql"]
    rows = db.execute(sql, {"q": q}).fetchall()
    assert [r[0] for r in rows] == ids
    if rows:
        first = 'select id, date, form, start, "end" from facts where id = ?'
        assert rows[0][:5] == db.execute(first, (ids[0],)).fetchone()
        assert len(rows[0]) == 9


def test_write_metadata_is_indented_utf8_json_named_for_the_database(tmp_path: Path) -> None:
    out = tmp_path / "meta.json"
    write_metadata(BASE, tmp_path / "sub" / "mine.db", out)
    text = out.read_bytes().decode("utf-8")
    assert text.startswith('{\n  "title": "zjtimeline fact base",\n  "description": "Dated')
    assert '"source": "勇当“红色根脉”的筑基者' in text  # Chinese as itself, not \\u escapes
    assert text.endswith("\n}\n") and not text.endswith("\n\n")
    assert json.loads(text) == metadata(BASE, "mine")


def test_write_metadata_is_utf8_whatever_the_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where the locale's encoding is not UTF-8 (Windows: cp1252, cp936), a file opened
    # without an encoding takes the locale's; pathlib asks io.text_encoding for it.
    monkeypatch.setattr(io, "text_encoding", lambda encoding, stacklevel=2: encoding or "cp1252")
    out = tmp_path / "meta.json"
    write_metadata(BASE, tmp_path / "mine.db", out)
    assert json.loads(out.read_bytes().decode("utf-8")) == metadata(BASE, "mine")
