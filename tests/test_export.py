"""export sqlite: the database opened with sqlite3, and served by Datasette when it is
installed."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from zjtimeline.loader import load
from zjtimeline.sqlite_export import cjk_bigrams, fts_query

from .conftest import FACTS


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from typer.testing import CliRunner

    from zjtimeline.cli import app

    folder = tmp_path_factory.mktemp("export")
    db = folder / "facts.db"
    r = CliRunner().invoke(app, ["export", "sqlite", str(db), "--no-cache"])
    assert r.exit_code == 0, r.output
    return db, folder / "facts.metadata.json"


def test_counts_and_keys(exported: tuple[Path, Path]) -> None:
    db = sqlite3.connect(exported[0])
    base = load(FACTS, use_cache=False)
    count = lambda t: db.execute(f"select count(*) from {t}").fetchone()[0]  # noqa: E731
    assert count("facts") == len(base.facts)
    assert count("themes") == len(base.themes)
    assert count("sources") == len(base.sources)
    assert count("figures") == sum(len(f.figures) for f in base.facts)
    assert count("fact_themes") == sum(len(f.themes) for f in base.facts)
    assert count("facts_fts") == len(base.facts)
    assert db.execute("pragma foreign_key_check").fetchall() == []
    pk = {r[1] for r in db.execute("pragma table_info(facts)") if r[5]}
    assert pk == {"id"}
    fks = {(r[2], r[3], r[4]) for r in db.execute("pragma foreign_key_list(fact_themes)")}
    assert fks == {("facts", "fact_id", "id"), ("themes", "theme", "slug")}
    row = db.execute(
        'select date, form, start, "end", ongoing from facts where id = ?', ("medics-to-hubei",)
    ).fetchone()
    assert row == ("2020-33", "at", "2020-01-01", "2020-03-31", 0)
    value = db.execute(
        "select value, unit from figures where fact_id = 'medics-to-hubei'"
    ).fetchone()
    assert value == ("2018", "名")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("换届", {"village-elections-2020", "young-cadre-quotas"}),
        ("医护", {"medics-to-hubei", "frontline-party-admissions"}),
        ("election", {"village-elections-2020", "young-cadre-quotas"}),  # stemmed
        ("红色网格", {"cadres-sent-to-red-grids"}),
    ],
)
def test_chinese_two_character_search(
    exported: tuple[Path, Path], words: str, expected: set[str]
) -> None:
    db = sqlite3.connect(exported[0])
    got = {
        r[0]
        for r in db.execute(
            "select id from facts where rowid in "
            "(select rowid from facts_fts where facts_fts match ?)",
            (fts_query(words),),
        )
    }
    assert expected <= got
    like = {
        r[0]
        for r in db.execute(
            "select id from facts where summary_zh like ?1 or summary_en like ?1 or quote like ?1",
            (f"%{words}%",),
        )
    }
    if words.isascii():
        return  # a substring search would find 'election' in 'selection'
    assert like <= got  # nothing a substring search finds is missed


def test_trigram_would_miss_two_characters(tmp_path: Path) -> None:
    """Why the index is not FTS5 trigram: a two-character query matches nothing."""
    db = sqlite3.connect(tmp_path / "t.db")
    db.execute("create virtual table t using fts5(x, tokenize='trigram')")
    db.execute("insert into t values ('全面高质量完成2.4万个村(社)组织换届')")
    assert db.execute("select count(*) from t where t match '换届'").fetchone()[0] == 0
    assert db.execute("select count(*) from t where t match '组织换届'").fetchone()[0] == 1


def test_cjk_bigrams() -> None:
    assert cjk_bigrams("2020年初,基层党建").split() == ["2020", "年初", ",", "基层", "层党", "党建"]
    assert fts_query("基层党建 elections") == '"基层 层党 党建" AND "elections"'


def test_metadata(exported: tuple[Path, Path]) -> None:
    meta = json.loads(exported[1].read_text(encoding="utf-8"))
    assert meta["title"] and meta["license"] and "今日浙江" in meta["source"]
    facts = meta["databases"]["facts"]["tables"]["facts"]
    assert facts["fts_table"] == "facts_fts"
    assert set(facts["columns"]) >= {"id", "date", "form", "start", "end", "quote"}
    db = sqlite3.connect(exported[0])
    search = meta["databases"]["facts"]["queries"]["search"]["sql"]
    for q, n in (("换届", 2), ("基层党建", 2), ("elections", 2)):
        assert len(db.execute(search, {"q": q}).fetchall()) >= n, q


def test_export_replaces_an_existing_file(tmp_path: Path, cli) -> None:
    db = tmp_path / "x.db"
    db.write_text("not a database")
    r = cli("export", "sqlite", str(db), "--metadata", str(tmp_path / "m.json"))
    assert r.exit_code == 0, r.stderr
    assert sqlite3.connect(db).execute("select count(*) from facts").fetchone()[0] > 0
    assert (tmp_path / "m.json").is_file()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.skipif(
    shutil.which("datasette") is None and not Path(sys.executable).with_name("datasette").exists(),
    reason="datasette is not installed",
)
def test_datasette_serves_a_fact(exported: tuple[Path, Path]) -> None:
    exe = shutil.which("datasette") or str(Path(sys.executable).with_name("datasette"))
    port = _free_port()
    db, meta = exported
    proc = subprocess.Popen(
        [exe, "serve", str(db), "-m", str(meta), "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}/facts"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                url = f"{base}/facts.json?id=medics-to-hubei&_shape=array"
                with urllib.request.urlopen(url, timeout=5) as r:
                    rows = json.load(r)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        proc.stderr.read().decode() if proc.stderr else ""
                    ) from None
                time.sleep(0.2)
        assert rows[0]["quote"].startswith("浙江2018名医护人员")
        assert rows[0]["date"] == "2020-33"
        with urllib.request.urlopen(
            f"{base}/facts.json?_search=换届&_shape=array".replace("换届", "%E6%8D%A2%E5%B1%8A"),
            timeout=5,
        ) as r:
            ids = {row["id"] for row in json.load(r)}
        assert "village-elections-2020" in ids
    finally:
        proc.terminate()
        proc.wait(timeout=10)
