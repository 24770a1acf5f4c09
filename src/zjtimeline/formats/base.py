"""The one record shape of a fact, the render options, and cells for tabular formats."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import CERTAIN, Fact, FactBase

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
    # For the visual formats: the fact base (theme names and order, sources to cite)
    # and the themes the filter chose (empty: all), drawn as lanes or sections.
    base: FactBase | None = None
    lanes: tuple[str, ...] = ()
    color: bool = False  # terminal colour is on (see cli.common.use_color)
    highlight: tuple[str, ...] = ()  # folded search words to highlight when in colour


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


def row_cells(
    records: Iterable[Record],
    columns: Sequence[str],
    lang: str,
    names: Mapping[str, str] | None = None,
) -> Iterator[list[str]]:
    for r in records:
        yield [cell(r, c, lang, names) for c in columns]


def subset(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[Record]:
    if not opts.fields_given:
        yield from records
        return
    for r in records:
        yield {c: (cell(r, c, opts.lang) if c in VIRTUAL_COLUMNS else r.get(c)) for c in columns}
