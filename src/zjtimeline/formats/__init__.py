"""Output formats: one record shape, one registry, one renderer per format.

Every renderer takes records (dicts) and the columns to show, and yields text; none
prints. ``fact_to_record`` is the one place a fact becomes output, so columns never
drift between formats. JSON, JSON Lines and YAML carry the exact text; human formats
and TSV show control characters escaped; CSV neutralises spreadsheet formulas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from .base import (
    DEFAULT_FACT_COLUMNS,
    FACT_COLUMNS,
    VIRTUAL_COLUMNS,
    Options,
    Record,
    cell,
    fact_to_record,
)
from .data import render_csv, render_csv_bom, render_json, render_jsonl, render_tsv, render_yaml
from .tables import render_markdown, render_plain, render_table

__all__ = [
    "DEFAULT_FACT_COLUMNS",
    "FACT_COLUMNS",
    "FORMATS",
    "VIRTUAL_COLUMNS",
    "Format",
    "Options",
    "Record",
    "cell",
    "fact_to_record",
]

Renderer = Callable[[Iterable[Record], Sequence[str], Options], Iterator[str]]


def _visual(name: str) -> Renderer:
    """A renderer from ``visual``, imported only when a picture is asked for."""

    def render(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
        from . import visual

        return getattr(visual, name)(records, columns, opts)  # type: ignore[no-any-return]

    render.__name__ = name
    return render


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    render: Renderer
    human: bool  # for people: escaped, may truncate, language-dependent
    description: str
    facts_only: bool = False  # draws facts (a timeline): not for themes or stats


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "table", render_table, True, "aligned table; fits the terminal (default on a terminal)"
        ),
        Format("plain", render_plain, True, "aligned columns without rules, never truncated"),
        Format("tsv", render_tsv, False, "tab-separated with a header row (default in a pipe)"),
        Format("csv", render_csv, False, "RFC 4180 CSV with a header row, formula-safe"),
        Format("csv-bom", render_csv_bom, False, "CSV behind a UTF-8 BOM, for Excel on Windows"),
        Format("json", render_json, False, "a JSON array of full records"),
        Format("jsonl", render_jsonl, False, "one JSON record per line"),
        Format("markdown", render_markdown, True, "a Markdown (GFM) table"),
        Format("yaml", render_yaml, False, "a YAML list of full records"),
        Format(
            "html",
            _visual("render_html"),
            True,
            "a self-contained HTML timeline (works offline)",
            True,
        ),
        Format("timelinejs", _visual("render_timelinejs"), True, "TimelineJS 3 JSON", True),
        Format("mermaid", _visual("render_mermaid"), True, "a Mermaid timeline diagram", True),
    )
}
