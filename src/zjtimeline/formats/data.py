"""Formats for programs: JSON, JSON Lines, YAML (exact text), TSV and CSV."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Sequence

from ..text import safe
from .base import Options, Record, row_cells, subset

# ── Machine formats (stream one record at a time) ───────────────────────────


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every record


def render_json(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    first = True
    for r in subset(records, columns, opts):
        yield ("[\n  " if first else ",\n  ") + _ENCODE(r)
        first = False
    yield "[]\n" if first else "\n]\n"


def render_jsonl(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    encode = _ENCODE
    for r in subset(records, columns, opts):
        yield encode(r) + "\n"


def render_yaml(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    empty = True
    for r in subset(records, columns, opts):
        empty = False
        yield yaml.dump([r], Dumper=dumper, allow_unicode=True, sort_keys=False, width=10**9)
    if empty:
        yield "[]\n"


def render_tsv(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    yield "\t".join(columns) + "\n"
    for row in row_cells(records, columns, opts.lang):
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
    for row in row_cells(records, columns, opts.lang):
        writer.writerow([_csv_cell(v) for v in row])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()
