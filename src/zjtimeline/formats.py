"""Output formats: one record shape, one registry, one renderer per format.

Every renderer takes records (dicts) and the columns to show, and yields text; none
prints. ``fact_to_record`` is the one place a fact becomes output, so columns never
drift between formats. JSON, JSON Lines and YAML carry the exact text; human formats
and TSV show control characters escaped; CSV neutralises spreadsheet formulas.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import CERTAIN, Fact
from .text import safe, truncate, width

Record = dict[str, Any]

FACT_COLUMNS = (
    "id", "source", "date", "form", "start", "end", "ongoing", "precision", "date_text",
    "date_text_en", "date_basis", "themes", "tags", "kind", "summary_zh", "summary_en", "quote", "figures",
    "section", "subsection", "match",
)  # fmt: skip
#: Extra columns computed for display: ``summary`` in the chosen language.
VIRTUAL_COLUMNS = ("summary",)
DEFAULT_FACT_COLUMNS = ("id", "start", "end", "date_text", "themes", "summary")


def fact_to_record(f: Fact, match: str = CERTAIN) -> Record:
    """The one output shape of a fact. ``match`` says how it met the query's date
    filters: ``certain``, or ``possible`` (a *within* fact whose range overlaps the
    filter without lying inside it)."""
    p = f.period
    precision = (
        p.start_precision
        if p.start_precision == p.end_precision
        else (f"{p.start_precision}/{p.end_precision}")
    )
    return {
        "id": f.id,
        "source": f.source,
        "date": f.date,
        "form": f.form,
        "start": p.start.isoformat() if p.start else None,
        "end": p.end.isoformat() if p.end else None,
        "ongoing": f.ongoing,
        "precision": precision,
        "date_text": f.date_text,
        "date_text_en": f.date_text_en,
        "date_basis": f.date_basis,
        "themes": list(f.themes),
        "tags": list(f.tags),
        "kind": f.kind,
        "summary_zh": f.summary_zh,
        "summary_en": f.summary_en,
        "quote": f.quote,
        "figures": [
            {
                "value": g.value,
                "unit": g.unit,
                "label_zh": g.label_zh,
                "label_en": g.label_en,
                "bound": g.bound,
            }
            for g in f.figures
        ],
        "section": f.section,
        "subsection": f.subsection,
        "match": match,
    }


@dataclass(frozen=True, slots=True)
class Options:
    lang: str = "zh"
    width: int | None = None  # terminal columns: only terminal tables truncate
    fields_given: bool = False  # --fields was given: structured formats honour it too
    # Theme names in the chosen language, by slug: human formats show names, machine
    # formats keep slugs.
    theme_names: Mapping[str, str] = field(default_factory=dict)


def cell(record: Record, column: str, lang: str, names: Mapping[str, str] | None = None) -> str:
    """A record's value as one line of text for tabular formats."""
    if column == "themes" and names and isinstance(record.get("themes"), list):
        return ", ".join(names.get(t, t) for t in record["themes"])
    if column == "summary":
        value = record.get("summary_en" if lang == "en" else "summary_zh", record.get("summary"))
    else:
        value = record.get(column)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):  # figures
            label = "label_en" if lang == "en" else "label_zh"
            return "; ".join(
                f"{g['value']}{g['unit']}{'+' if g.get('bound') == 'lower' else ''} {g[label]}"
                for g in value
            )
        return ",".join(str(v) for v in value)
    return str(value)


def _rows(
    records: Iterable[Record],
    columns: Sequence[str],
    lang: str,
    names: Mapping[str, str] | None = None,
) -> Iterator[list[str]]:
    for r in records:
        yield [cell(r, c, lang, names) for c in columns]


def _subset(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[Record]:
    if not opts.fields_given:
        yield from records
        return
    for r in records:
        yield {c: (cell(r, c, opts.lang) if c in VIRTUAL_COLUMNS else r.get(c)) for c in columns}


# ── Machine formats (stream one record at a time) ───────────────────────────


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every record


def render_json(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    first = True
    for r in _subset(records, columns, opts):
        yield ("[\n  " if first else ",\n  ") + _ENCODE(r)
        first = False
    yield "[]\n" if first else "\n]\n"


def render_jsonl(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    encode = _ENCODE
    for r in _subset(records, columns, opts):
        yield encode(r) + "\n"


def render_yaml(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    empty = True
    for r in _subset(records, columns, opts):
        empty = False
        yield yaml.dump([r], Dumper=dumper, allow_unicode=True, sort_keys=False, width=10**9)
    if empty:
        yield "[]\n"


def render_tsv(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    yield "\t".join(columns) + "\n"
    for row in _rows(records, columns, opts.lang):
        yield "\t".join(safe(v) for v in row) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: str) -> str:
    """OWASP: a cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render_csv(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in _rows(records, columns, opts.lang):
        writer.writerow([_csv_cell(v) for v in row])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


# ── Human formats ────────────────────────────────────────────────────────────


def _fit(rows: list[list[str]], headers: Sequence[str], total: int | None) -> list[list[str]]:
    """Truncate the widest columns (with …) until the table fits ``total`` columns."""
    if total is None or not rows:
        return rows
    n = len(headers)
    widths = [max(width(h), *(width(r[i]) for r in rows)) for i, h in enumerate(headers)]
    budget = total - 2 * (n - 1)
    floor = [min(w, max(width(h), 6)) for w, h in zip(widths, headers, strict=True)]
    while sum(widths) > budget:
        i = max(range(n), key=lambda k: widths[k] - floor[k])
        if widths[i] <= floor[i]:
            break
        widths[i] = max(floor[i], widths[i] - (sum(widths) - budget))
    return [[truncate(v, widths[i]) for i, v in enumerate(r)] for r in rows]


def _tabulate(rows: list[list[str]], headers: Sequence[str], fmt: str) -> str:
    from tabulate import tabulate

    return tabulate(rows, headers=list(headers), tablefmt=fmt, disable_numparse=True)


def render_table(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    rows = [[safe(v) for v in row] for row in _rows(records, columns, opts.lang, opts.theme_names)]
    budget = opts.width
    text = _tabulate(_fit(rows, columns, budget), columns, "simple")
    while budget is not None and budget > 20:  # tabulate may pad beyond our estimate
        excess = max(width(line) for line in text.splitlines()) - opts.width  # type: ignore[operator]
        if excess <= 0:
            break
        budget -= excess
        text = _tabulate(_fit(rows, columns, budget), columns, "simple")
    yield text + "\n"


def render_plain(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    rows = [[safe(v) for v in row] for row in _rows(records, columns, opts.lang, opts.theme_names)]
    yield _tabulate(rows, columns, "plain") + "\n"


def _md(value: str) -> str:
    return safe(value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>"))


def render_markdown(
    records: Iterable[Record], columns: Sequence[str], opts: Options
) -> Iterator[str]:
    yield "| " + " | ".join(_md(c) for c in columns) + " |\n"
    yield "|" + "|".join("---" for _ in columns) + "|\n"
    for row in _rows(records, columns, opts.lang, opts.theme_names):
        yield "| " + " | ".join(_md(v) for v in row) + " |\n"


Renderer = Callable[[Iterable[Record], Sequence[str], Options], Iterator[str]]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    render: Renderer
    human: bool  # for people: escaped, may truncate, language-dependent
    description: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "table", render_table, True, "aligned table; fits the terminal (default on a terminal)"
        ),
        Format("plain", render_plain, True, "aligned columns without rules, never truncated"),
        Format("tsv", render_tsv, False, "tab-separated with a header row (default in a pipe)"),
        Format("csv", render_csv, False, "RFC 4180 CSV with a header row, formula-safe"),
        Format("json", render_json, False, "a JSON array of full records"),
        Format("jsonl", render_jsonl, False, "one JSON record per line"),
        Format("markdown", render_markdown, True, "a Markdown (GFM) table"),
        Format("yaml", render_yaml, False, "a YAML list of full records"),
    )
}
