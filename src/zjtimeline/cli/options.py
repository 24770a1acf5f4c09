"""The options shared by the commands, declared once, and their completion."""

from enum import Enum
from typing import Annotated

import typer

from ..formats import DEFAULT_FACT_COLUMNS, FACT_COLUMNS, FORMATS, VIRTUAL_COLUMNS
from ..model import FactBase
from ._app import ENV_LANG

OutputFormat = Enum("OutputFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


class Lang(str, Enum):
    zh = "zh"
    en = "en"


# ── Completion (reads the fact base named by $ZJTIMELINE_FACTS, or the bundled one) ─


def _complete_base() -> FactBase | None:
    try:
        from ..loader import load

        return load(None)
    except Exception:  # completion must never fail loudly
        return None


def complete_theme(incomplete: str) -> list[str]:
    base = _complete_base()
    return [t.slug for t in base.themes if t.slug.startswith(incomplete)] if base else []


def complete_id(incomplete: str) -> list[str]:
    base = _complete_base()
    return [f.id for f in base.facts if f.id.startswith(incomplete)] if base else []


# ── Shared options ───────────────────────────────────────────────────────────

FactsOpt = Annotated[
    str | None,
    typer.Option(
        "--facts", envvar="ZJTIMELINE_FACTS", metavar="PATH",
        help="Fact file to read instead of the bundled one.", show_default=False,
    ),
]  # fmt: skip
SourceRootOpt = Annotated[
    str | None,
    typer.Option(
        "--source-root", envvar="ZJTIMELINE_SOURCE_ROOT", metavar="DIR",
        help="Let fact files read source files anywhere inside DIR, not only inside their own folder. Give it only for fact files you trust.",
        show_default=False,
    ),
]  # fmt: skip
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache", envvar="ZJTIMELINE_NO_CACHE",
        help="Parse the fact file afresh, neither reading nor writing the cache.",
    ),
]  # fmt: skip
YearOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--year",
        "-y",
        metavar="YEAR",
        help="Facts overlapping this year (2020, 2020年, 去年); repeat for any of several.",
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        "-s",
        metavar="DATE",
        help="Facts still holding on or after the start of DATE (2019, 2020年初, 'March 2020').",
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until",
        "-u",
        metavar="DATE",
        help="Facts begun by the end of DATE: --until 2020 means through 2020-12-31.",
    ),
]
ThemeOpt = Annotated[
    list[str] | None,
    typer.Option("--theme", "-t", metavar="THEME", autocompletion=complete_theme,
                 help="Theme slug, Chinese or English name, or an unambiguous part (清廉, cadres); repeat for any."),
]  # fmt: skip
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        metavar="TAG",
        help="A tag, or an unambiguous part of one (八八战略); repeat for any.",
    ),
]
KindOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="event, policy, programme, mechanism, statistic or context; repeat for any.",
    ),
]


class Relation(str, Enum):
    overlaps = "overlaps"
    starts = "starts"
    within = "within"


RelationOpt = Annotated[
    Relation,
    typer.Option(
        "--relation",
        case_sensitive=False,
        help="How a fact's time meets the date filters: overlaps (going on then), starts (began then), within (wholly inside).",
    ),
]
PossibleOpt = Annotated[
    bool,
    typer.Option(
        "--possible",
        help="Also facts that only possibly match: undated within a range that overlaps the date filters; marked 'possible'.",
    ),
]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", min=0, help="Show at most N facts.")]
ReverseOpt = Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")]
FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", case_sensitive=False,
                 help="table, plain, tsv, csv, json, jsonl, markdown or yaml; for facts also html, timelinejs or mermaid (pictures). Default: table on a terminal, tsv in a pipe."),
]  # fmt: skip
OutputOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", metavar="FILE",
                 help="Write to FILE instead of stdout (replaced whole, or left as it was)."),
]  # fmt: skip
SearchOpt = Annotated[
    str | None,
    typer.Option("--search", "-q", metavar="TEXT", help="Only facts containing every word of TEXT."),
]  # fmt: skip
FieldsOpt = Annotated[
    str | None,
    typer.Option("--fields", metavar="A,B,…",
                 help=f"Columns, in order: {', '.join(FACT_COLUMNS + VIRTUAL_COLUMNS)}. Default: {','.join(DEFAULT_FACT_COLUMNS)}."),
]  # fmt: skip
LangOpt = Annotated[
    Lang,
    typer.Option("--lang", "-l", envvar=ENV_LANG, case_sensitive=False,
                 help="Language of summaries and names in human formats (machine formats carry both)."),
]  # fmt: skip
