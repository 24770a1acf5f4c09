"""Measure `export sqlite`: the writer (stdlib sqlite3 vs sqlite-utils) and the choice of
full-text index for Chinese (FTS5 trigram, unicode61, unicode61 over two-character pieces).

    python benchmarks/export_sqlite.py [FACTS]     # default: a generated 100,000-fact base

sqlite-utils is measured only when it is installed (pip install sqlite-utils).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from zjtimeline.loader import load  # noqa: E402
from zjtimeline.sqlite_export import cjk_bigrams, fts_query, write_database  # noqa: E402

WORDS = ("换届", "医护", "网格", "基层党建", "红色网格", "党员干部", "elections")


def _sqlite_utils(base, path: Path) -> float:
    import sqlite_utils

    t = time.perf_counter()
    db = sqlite_utils.Database(path, recreate=True)
    db["sources"].insert_all(
        ({"id": s.id, "title": s.title, "publication": s.publication, "published": s.published,
          "authors": list(s.authors), "file": s.file, "sha256": s.sha256} for s in base.sources.values()),
        pk="id",
    )  # fmt: skip
    db["themes"].insert_all(
        ({"slug": x.slug, "name_zh": x.name_zh, "name_en": x.name_en} for x in base.themes),
        pk="slug",
    )
    db["facts"].insert_all(
        ({"id": f.id, "source": f.source, "date": f.date, "form": f.form,
          "start": f.period.start.isoformat() if f.period.start else None,
          "end": f.period.end.isoformat() if f.period.end else None, "kind": f.kind,
          "summary_zh": f.summary_zh, "summary_en": f.summary_en, "quote": f.quote,
          "fts_zh": cjk_bigrams(f.summary_zh + " " + f.quote)} for f in base.facts),
        pk="id", foreign_keys=[("source", "sources", "id")], batch_size=10_000,
    )  # fmt: skip
    db["fact_themes"].insert_all(
        ({"fact_id": f.id, "theme": x} for f in base.facts for x in f.themes),
        pk=("fact_id", "theme"), batch_size=10_000,
    )  # fmt: skip
    db["facts"].enable_fts(["fts_zh", "summary_en"], tokenize="porter")
    return time.perf_counter() - t


def _fts_compare(base, folder: Path) -> None:
    db = sqlite3.connect(folder / "fts.db")
    rows = [(f.summary_zh + " " + f.quote + " " + f.summary_en) for f in base.facts]
    for name, tok, seg in (
        ("trigram", "trigram", False),
        ("unicode61", "unicode61", False),
        ("unicode61 over CJK bigrams", "porter unicode61", True),
    ):
        table = name.split()[0] + ("_bi" if seg else "")
        t = time.perf_counter()
        db.execute(f"create virtual table {table} using fts5(x, tokenize='{tok}')")
        db.executemany(
            f"insert into {table} values (?)", ((cjk_bigrams(r) if seg else r,) for r in rows)
        )
        db.commit()
        built = time.perf_counter() - t
        hits = []
        t = time.perf_counter()
        for w in WORDS:
            q = fts_query(w) if seg else f'"{w}"'
            hits.append(
                db.execute(f"select count(*) from {table} where {table} match ?", (q,)).fetchone()[
                    0
                ]
            )
        took = (time.perf_counter() - t) / len(WORDS)
        print(
            f"  {name:28s} build {built:5.1f} s  query {took * 1000:6.1f} ms  hits {dict(zip(WORDS, hits, strict=True))}"
        )
    db.execute("create table plain(x)")
    db.executemany("insert into plain values (?)", ((r,) for r in rows))
    t = time.perf_counter()
    truth = [
        db.execute("select count(*) from plain where x like ?", (f"%{w}%",)).fetchone()[0]
        for w in WORDS
    ]
    took = (time.perf_counter() - t) / len(WORDS)
    print(
        f"  {'LIKE (substring, no index)':28s}               query {took * 1000:6.1f} ms  hits {dict(zip(WORDS, truth, strict=True))}"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if len(sys.argv) > 1:
            facts = Path(sys.argv[1])
        else:
            out = subprocess.run(
                [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "100000", str(folder / "base")],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            facts = Path(out.stdout.strip())
        base = load(facts, use_cache=False)
        print(f"{len(base.facts):,} facts")
        t = time.perf_counter()
        counts = write_database(base, folder / "out.db")
        took = time.perf_counter() - t
        size = (folder / "out.db").stat().st_size / 2**20
        print(f"stdlib sqlite3 (all tables, indexes, FTS): {took:.1f} s, {size:.0f} MiB, {counts}")
        try:
            took = _sqlite_utils(base, folder / "su.db")
            print(f"sqlite-utils (sources, themes, facts, fact_themes, FTS only): {took:.1f} s")
        except ImportError:
            print("sqlite-utils: not installed")
        print("full-text index, over summary_zh + quote + summary_en:")
        _fts_compare(base, folder)


if __name__ == "__main__":
    main()
