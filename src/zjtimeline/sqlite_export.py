"""The fact base as a SQLite database, and Datasette metadata to publish it.

Tables: ``sources``, ``themes``, ``facts`` (the EDTF ``date`` with its ``form``,
``start`` and ``end`` days), ``figures``, ``fact_themes``, ``tags``, with primary and
foreign keys; ``facts_fts`` is an FTS5 index over both languages.

Full-text search and Chinese: FTS5's ``unicode61`` tokenizer reads a run of Chinese
characters as one token, and its ``trigram`` tokenizer matches nothing shorter than
three characters, so neither finds a two-character word such as 换届 on its own. The
index therefore holds a copy of each text with every run of Chinese characters written
as its overlapping two-character pieces (基层党建 → 基层 层党 党建; the approach of
Lucene's CJK analyzer), tokenized by ``unicode61`` with Porter stemming for English.
A two-character word is then one token, so Datasette's search box finds 换届 as typed;
a longer word is the phrase of its pieces (:func:`fts_query` writes it; in Datasette's
box type ``基层 党建``, or use the ``search`` query in the metadata, which does it in
SQL). Measured figures are in the README.

Written with the standard library's ``sqlite3``: at 100,000 facts it was faster than
sqlite-utils (see benchmarks/export_sqlite.py) and needs no dependency.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .model import FactBase

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

SCHEMA = """
CREATE TABLE sources (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, publication TEXT NOT NULL,
  published TEXT NOT NULL, authors TEXT NOT NULL, file TEXT NOT NULL, sha256 TEXT
);
CREATE TABLE themes (
  slug TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL, description_en TEXT
);
CREATE TABLE facts (
  id TEXT PRIMARY KEY, source TEXT NOT NULL REFERENCES sources(id),
  date TEXT NOT NULL, form TEXT NOT NULL, start TEXT, "end" TEXT, ongoing INTEGER NOT NULL,
  precision TEXT NOT NULL, date_text TEXT, date_text_en TEXT, date_basis TEXT,
  kind TEXT NOT NULL, summary_zh TEXT NOT NULL, summary_en TEXT NOT NULL,
  quote TEXT NOT NULL, section TEXT, subsection TEXT
);
CREATE TABLE figures (
  fact_id TEXT NOT NULL REFERENCES facts(id), position INTEGER NOT NULL,
  value TEXT NOT NULL, unit TEXT NOT NULL, label_zh TEXT NOT NULL, label_en TEXT NOT NULL,
  bound TEXT, PRIMARY KEY (fact_id, position)
);
CREATE TABLE fact_themes (
  fact_id TEXT NOT NULL REFERENCES facts(id), theme TEXT NOT NULL REFERENCES themes(slug),
  position INTEGER NOT NULL, PRIMARY KEY (fact_id, theme)
);
CREATE TABLE tags (
  fact_id TEXT NOT NULL REFERENCES facts(id), tag TEXT NOT NULL, position INTEGER NOT NULL,
  PRIMARY KEY (fact_id, tag)
);
CREATE VIRTUAL TABLE facts_fts USING fts5(
  summary_zh, summary_en, quote, tags, date_text, tokenize = 'porter unicode61'
);
"""
INDEXES = """
CREATE INDEX facts_start ON facts(start);
CREATE INDEX facts_end ON facts("end");
CREATE INDEX facts_source ON facts(source);
CREATE INDEX fact_themes_theme ON fact_themes(theme);
CREATE INDEX tags_tag ON tags(tag);
"""


def cjk_bigrams(text: str) -> str:
    """Text as the index holds it: each run of Chinese characters as its two-character
    pieces, everything else as it is (after NFKC: full-width letters and digits fold)."""
    text = unicodedata.normalize("NFKC", text)

    def pieces(m: re.Match[str]) -> str:
        run = m[0]
        if len(run) == 1:
            return f" {run} "
        return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "

    return _CJK_RUN.sub(pieces, text)


def fts_query(text: str) -> str:
    """An FTS5 query for words as a person types them: every word must occur; a
    Chinese word is the phrase of its two-character pieces."""
    terms = []
    for word in text.split():
        tokens = cjk_bigrams(word).split()
        if tokens:
            terms.append('"' + " ".join(t.replace('"', '""') for t in tokens) + '"')
    return " AND ".join(terms)


def _rows(base: FactBase) -> Iterator[tuple[str, tuple[Any, ...]]]:
    for f in base.facts:
        p = f.period
        precision = (
            p.start_precision
            if p.start_precision == p.end_precision
            else f"{p.start_precision}/{p.end_precision}"
        )
        yield (
            "facts",
            (
                f.id, f.source, f.date, f.form, p.start.isoformat() if p.start else None,
                p.end.isoformat() if p.end else None, int(f.ongoing), precision, f.date_text,
                f.date_text_en, f.date_basis, f.kind, f.summary_zh, f.summary_en, f.quote,
                f.section, f.subsection,
            ),
        )  # fmt: skip
        for i, g in enumerate(f.figures):
            yield "figures", (f.id, i, g.value, g.unit, g.label_zh, g.label_en, g.bound)
        for i, t in enumerate(f.themes):
            yield "fact_themes", (f.id, t, i)
        for i, t in enumerate(dict.fromkeys(f.tags)):
            yield "tags", (f.id, t, i)


_INSERT = {
    "facts": "INSERT INTO facts VALUES (" + ",".join("?" * 17) + ")",
    "figures": "INSERT INTO figures VALUES (?,?,?,?,?,?,?)",
    "fact_themes": "INSERT INTO fact_themes VALUES (?,?,?)",
    "tags": "INSERT INTO tags VALUES (?,?,?)",
}


def write_database(base: FactBase, path: Path) -> dict[str, int]:
    """Write the fact base to a new SQLite file at ``path`` (replacing it atomically);
    return the row count of each table."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        with db:
            db.executemany(
                "INSERT INTO sources VALUES (?,?,?,?,?,?,?)",
                (
                    (s.id, s.title, s.publication, s.published, json.dumps(list(s.authors), ensure_ascii=False), s.file, s.sha256 or None)
                    for s in base.sources.values()
                ),
            )  # fmt: skip
            db.executemany(
                "INSERT INTO themes VALUES (?,?,?,?)",
                ((t.slug, t.name_zh, t.name_en, t.description_en or None) for t in base.themes),
            )
            batches: dict[str, list[tuple[Any, ...]]] = {name: [] for name in _INSERT}
            for table, row in _rows(base):
                batch = batches[table]
                batch.append(row)
                if len(batch) >= 10_000:
                    db.executemany(_INSERT[table], batch)
                    batch.clear()
            for table, batch in batches.items():
                db.executemany(_INSERT[table], batch)
            segmented: dict[str, str] = {}  # replicated texts are segmented once

            def seg(text: str | None) -> str:
                if not text:
                    return ""
                got = segmented.get(text)
                if got is None:
                    got = segmented[text] = cjk_bigrams(text)
                return got

            db.executemany(
                "INSERT INTO facts_fts (rowid, summary_zh, summary_en, quote, tags, date_text) "
                "VALUES ((SELECT rowid FROM facts WHERE id = ?), ?, ?, ?, ?, ?)",
                (
                    (f.id, seg(f.summary_zh), f.summary_en, seg(f.quote), seg(" ".join(f.tags)), seg(f.date_text))
                    for f in base.facts
                ),
            )  # fmt: skip
            db.executescript(INDEXES)
        db.execute("INSERT INTO facts_fts(facts_fts) VALUES ('optimize')")
        db.commit()
        counts = {
            t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("sources", "themes", "facts", "figures", "fact_themes", "tags")
        }
    finally:
        db.close()
    os.replace(tmp, path)
    return counts


# ── Datasette metadata ───────────────────────────────────────────────────────

COLUMNS: dict[str, dict[str, str]] = {
    "sources": {
        "id": "Source id, referenced by facts.source",
        "title": "Title of the article",
        "publication": "Where it appeared (magazine, issue, column)",
        "published": "Publication date-time, ISO 8601",
        "authors": "Authors, a JSON list",
        "file": "The article's text file, relative to the fact file that declares it",
        "sha256": "SHA-256 of that file, to check a citation against it",
    },
    "themes": {
        "slug": "Theme id",
        "name_zh": "Name in Chinese",
        "name_en": "Name in English",
        "description_en": "What the theme covers",
    },
    "facts": {
        "id": "Fact id (a readable slug)",
        "source": "The source it is quoted from (sources.id)",
        "date": "EDTF: 2013-07 (at), 2016/2022-09 (throughout), [2012-11-08..2022-09-30] (some time within)",
        "form": "at: happened then; throughout: held over the whole span; within: happened once, some time in the span",
        "start": "First day of the span (ISO)",
        "end": "Last day of the span (ISO); empty while ongoing",
        "ongoing": "1 when open-ended (held until at least the source's date)",
        "precision": "year, quarter, month, day … of start/end",
        "date_text": "The date as the article words it",
        "date_text_en": "The date wording in English",
        "date_basis": "Why this date, where the article implies it",
        "kind": "context, event, mechanism, policy, programme or statistic",
        "summary_zh": "Summary in Chinese",
        "summary_en": "Summary in English",
        "quote": "Verbatim quote from the source",
        "section": "Heading it sits under",
        "subsection": "Sub-heading it sits under",
    },
    "figures": {
        "fact_id": "The fact (facts.id)",
        "position": "Order within the fact",
        "value": "The number exactly as the quote writes it (426.9, 八, 1+1+4)",
        "unit": "Its unit (万名, %, 个)",
        "label_zh": "What is counted, in Chinese",
        "label_en": "What is counted, in English",
        "bound": "lower for 多/余 (more than), upper for 近/不到 (almost)",
    },
    "fact_themes": {
        "fact_id": "The fact",
        "theme": "A theme (themes.slug)",
        "position": "0 is the article section",
    },
    "tags": {"fact_id": "The fact", "tag": "A tag", "position": "Order within the fact"},
}

# The search query for Datasette: the typed words' Chinese runs become the phrase of
# their two-character pieces, in SQL (a recursive CTE), so 基层党建 finds 基层党建.
SEARCH_SQL = """
with recursive
  q(s) as (select trim(:q)),
  piece(i, p) as (
    select 1, substr(s, 1, 2) from q where length(s) >= 2
    union all
    select i + 1, substr(s, i + 1, 2) from piece, q where i + 1 < length(s)
  ),
  query(m) as (
    select case
      when (select s from q) glob '*[ -~]*' or length((select s from q)) < 3
        then (select s from q)
      else '"' || (select group_concat(p, ' ') from piece) || '"'
    end
  )
select facts.id, facts.date, facts.form, facts.start, facts."end", facts.summary_zh,
  facts.summary_en, facts.quote, facts.source
from facts_fts join facts on facts.rowid = facts_fts.rowid
where facts_fts match (select m from query)
order by facts.start
""".strip()


def metadata(base: FactBase, db_name: str) -> dict[str, Any]:
    """Datasette metadata: title, source, licence, descriptions, the search table."""
    sources = "; ".join(
        f"{s.title} ({s.publication}, {s.published[:10]})" for s in base.sources.values()
    )
    tables: dict[str, Any] = {
        name: {"description": desc, "columns": COLUMNS[name]}
        for name, desc in (
            ("sources", "The articles the facts are quoted from."),
            ("themes", "Themes: the article's sections, then cross-cutting topics."),
            ("facts", "One row per fact: a verbatim quote, its date (EDTF, with form and span), kind and summaries. Search finds Chinese words of two characters or more, and English words."),
            ("figures", "Numbers in the quotes, exactly as written, with their units."),
            ("fact_themes", "Which themes each fact belongs to."),
            ("tags", "Tags of each fact."),
        )
    }  # fmt: skip
    tables["facts"].update({"fts_table": "facts_fts", "fts_pk": "rowid", "sort": "start"})
    tables["facts_fts"] = {"hidden": True}
    return {
        "title": "zjtimeline fact base",
        "description": (
            "Dated, cited facts on party building in Zhejiang, each with a verbatim quote "
            "from its source."
        ),
        "source": sources,
        "license": "MIT (the fact base); quotes are short citations of their sources",
        "license_url": "https://opensource.org/licenses/MIT",
        "databases": {
            db_name: {
                "tables": tables,
                "queries": {
                    "search": {
                        "title": "Search facts (Chinese or English)",
                        "description": "Words of two Chinese characters or more, or English words.",
                        "sql": SEARCH_SQL,
                    }
                },
            }
        },
    }


def write_metadata(base: FactBase, db: Path, path: Path) -> None:
    path.write_text(
        json.dumps(metadata(base, db.stem), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
