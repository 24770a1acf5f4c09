"""Formats for programs: JSON, JSON Lines, YAML (exact text), TSV and CSV."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from ..text import tsv_field
from .base import Options, Record, cell, row_cells, subset

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


def _tsv_cell(record: Record, column: str, lang: str) -> str:
    """A TSV field that reads back exactly (see :func:`..text.tsv_field`): a list of
    text is its items joined by ``,``, a comma inside an item written ``\\,``."""
    value = record.get(column)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(tsv_field(v).replace(",", "\\,") for v in value)
    return tsv_field(cell(record, column, lang))


def render_tsv(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    yield "\t".join(columns) + "\n"
    lang = opts.lang
    for r in records:
        yield "\t".join([_tsv_cell(r, c, lang) for c in columns]) + "\n"


# OWASP: a cell a spreadsheet would run as a formula gets a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_CSV_QUOTE = frozenset(',"\r\n')


def _csv_cell(value: str) -> str:
    """One RFC 4180 cell, formula-safe: quoted when it holds a comma, a quote, CR or LF
    (Python's csv module leaves a bare CR unquoted when lines end in LF)."""
    if value.startswith(_FORMULA_START):
        value = "'" + value
    if _CSV_QUOTE.isdisjoint(value):
        return value
    return '"' + value.replace('"', '""') + '"'


def render_csv(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    yield ",".join(_csv_cell(c) for c in columns) + "\n"
    for row in row_cells(records, columns, opts.lang):
        yield ",".join([_csv_cell(v) for v in row]) + "\n"


def render_csv_bom(
    records: Iterable[Record], columns: Sequence[str], opts: Options
) -> Iterator[str]:
    """CSV behind a UTF-8 byte-order mark: Excel on Windows then reads it as UTF-8
    (without the mark it assumes the local code page and garbles Chinese)."""
    yield "\ufeff"
    yield from render_csv(records, columns, opts)
