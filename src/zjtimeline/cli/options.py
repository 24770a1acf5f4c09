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


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


# ── Completion (reads the fact base named by $ZJTIMELINE_FACTS, or the bundled one) ─


def _complete_base() -> FactBase | None:
    try:
        from ..loader import load

        return load(None)
    except Exception:  # completion must never fail loudly
        return None


def complete_id(incomplete: str) -> list[str]:
    base = _complete_base()
    return [f.id for f in base.facts if f.id.startswith(incomplete)] if base else []


def _last_of_list(incomplete: str, choices: list[str]) -> list[str]:
    """Complete the last item of a comma list: ``id,st`` → ``id,start``."""
    head, _, last = incomplete.rpartition(",")
    prefix = head + "," if head else ""
    taken = set(head.split(","))
    return [prefix + c for c in choices if c.startswith(last) and c not in taken]


def complete_theme_list(incomplete: str) -> list[str]:
    base = _complete_base()
    return _last_of_list(incomplete, [t.slug for t in base.themes]) if base else []


def complete_tag(incomplete: str) -> list[str]:
    base = _complete_base()
    if base is None:
        return []
    tags = sorted({t for f in base.facts for t in f.tags})
    return _last_of_list(incomplete, tags)


def complete_kind(incomplete: str) -> list[str]:
    from ..loader import KINDS

    return _last_of_list(incomplete, list(KINDS))


def complete_fields(incomplete: str) -> list[str]:
    return _last_of_list(incomplete, list(FACT_COLUMNS + VIRTUAL_COLUMNS))


# ── Shared options ───────────────────────────────────────────────────────────

FactsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--facts", metavar="PATH",
        help="Fact file, or folder (every *.yaml in it), to read instead of the bundled base; "
             "repeat for several. Default: $ZJTIMELINE_FACTS (paths separated by ':').",
        show_default=False,
    ),
]  # fmt: skip
WithBundledOpt = Annotated[
    bool,
    typer.Option(
        "--with-bundled", envvar="ZJTIMELINE_WITH_BUNDLED",
        help="Read the bundled fact base too, beneath --facts (or set $ZJTIMELINE_WITH_BUNDLED=1).",
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
    typer.Option("--theme", "-t", metavar="THEME", autocompletion=complete_theme_list,
                 help="Theme slug, Chinese or English name, or an unambiguous part (清廉, cadres); repeat or separate with commas for any."),
]  # fmt: skip
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        metavar="TAG",
        autocompletion=complete_tag,
        help="A tag, or an unambiguous part of one (八八战略); repeat or separate with commas for any ('zjtimeline tags' lists them).",
    ),
]
KindOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        autocompletion=complete_kind,
        help="event, policy, programme, mechanism, statistic or context; repeat or separate with commas for any.",
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


def _not_negative(value: int | None) -> int | None:
    if value is not None and value < 0:
        raise typer.BadParameter(f"{value} is negative; give 0 or more")
    return value


LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", "-n", metavar="N", show_default=False, callback=_not_negative,
                 help="Show at most N facts (0 shows none)."),
]  # fmt: skip
ReverseOpt = Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")]
FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", case_sensitive=False,
                 help=f"{', '.join(n for n, f in FORMATS.items() if not f.facts_only)}; for facts also {', '.join(n for n, f in FORMATS.items() if f.facts_only)} (pictures). Default: table on a terminal, tsv in a pipe."),
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
    typer.Option("--fields", metavar="A,B,…", autocompletion=complete_fields,
                 help=f"Columns, in order: {', '.join(FACT_COLUMNS + VIRTUAL_COLUMNS)}. Default: {','.join(DEFAULT_FACT_COLUMNS)}."),
]  # fmt: skip
LangOpt = Annotated[
    Lang,
    typer.Option("--lang", "-l", envvar=ENV_LANG, case_sensitive=False,
                 help="Language of summaries and names in human formats (machine formats carry both)."),
]  # fmt: skip
ColorOpt = Annotated[
    Color,
    typer.Option("--color", "--colour", case_sensitive=False,
                 help="Colour: auto (on a terminal, unless NO_COLOR; FORCE_COLOR or CLICOLOR_FORCE force it), always, never."),
]  # fmt: skip
NoPagerOpt = Annotated[
    bool,
    typer.Option("--no-pager",
                 help="Write straight to the terminal; by default output longer than the screen goes through $ZJTIMELINE_PAGER, $PAGER or 'less -FRX'."),
]  # fmt: skip
