"""The command line: thin Typer commands over loader → query → formats.

This is the only module that imports typer. ``main`` is the one error boundary:
every ZjtError and usage error becomes one line on stderr and an exit code.
"""

import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from enum import Enum
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import ExitCode, NotFoundError, UsageError, ZjtError
from .formats import DEFAULT_FACT_COLUMNS, FACT_COLUMNS, FORMATS, VIRTUAL_COLUMNS, Options
from .model import FactBase
from .query import Query

PROG = "zjtimeline"
ENV_LANG = "ZJTIMELINE_LANG"
ENV_TODAY = "ZJTIMELINE_TODAY"  # freeze "now" for relative dates (tests, reproducible scripts)
ENV_DEBUG = "ZJTIMELINE_DEBUG"

OutputFormat = Enum("OutputFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


class Lang(str, Enum):
    zh = "zh"
    en = "en"


# ── The error boundary ───────────────────────────────────────────────────────


def _fail(message: str, code: int) -> NoReturn:
    try:
        sys.stderr.write(f"{PROG}: {message}\n")
        sys.stderr.flush()
    except Exception:  # stderr itself is gone: nothing more to say
        pass
    sys.exit(code)


class _Boundary(TyperGroup):
    """The one place that turns errors into a line on stderr and an exit code.

    It wraps the group's ``main``, so the console script and ``CliRunner`` in the
    tests go through the same code.
    """

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:  # type: ignore[override]  # fmt: skip
        try:
            code = super().main(args=args, prog_name=prog_name or PROG, complete_var=complete_var, standalone_mode=False, **extra)  # fmt: skip
        except ZjtError as exc:
            _fail(exc.message.replace("\n", " "), int(exc.exit_code))
        except typer.TyperException as exc:  # Click's usage errors
            ctx = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
                sys.stderr.write(ctx.get_help() + "\n")  # bare `zjtimeline`: the help, as usage
                sys.exit(ExitCode.USAGE)
            message = exc.format_message().replace("\n", " ")
            where = ctx.command_path if ctx is not None else PROG
            _fail(f"{message} (see '{where} --help')", int(getattr(exc, "exit_code", 2)))
        except (KeyboardInterrupt, typer.Abort):
            _fail("interrupted", ExitCode.INTERRUPTED)
        except Exception as exc:  # a bug, not the user's fault: say so without a traceback
            if os.environ.get(ENV_DEBUG):
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc}; please report it (set {ENV_DEBUG}=1 for a traceback)", 70)  # fmt: skip
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=_Boundary,
    name=PROG,
    help=(
        "Timeline and fact lookup for ten years of party building in Zhejiang, from "
        "《今日浙江》 2022年第18期 (勇当“红色根脉”的筑基者). Every fact carries a verbatim "
        "quote, an EDTF date, themes and Chinese and English summaries."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


# ── Completion (reads the fact base named by $ZJTIMELINE_FACTS, or the bundled one) ─


def _complete_base() -> FactBase | None:
    try:
        from .loader import load

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
                 help="table, plain, tsv, csv, json, jsonl, markdown or yaml. Default: table on a terminal, tsv in a pipe."),
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


# ── Plumbing shared by the commands ──────────────────────────────────────────


def _today() -> date:
    frozen = os.environ.get(ENV_TODAY)
    if frozen:
        try:
            return date.fromisoformat(frozen)
        except ValueError:
            raise UsageError(
                f"${ENV_TODAY}={frozen!r} is not an ISO date (YYYY-MM-DD); unset it"
            ) from None
    return date.today()


class _Progress:
    """Counts facts on stderr while a slow load runs: on a terminal, after a second."""

    def __init__(self) -> None:
        import time

        self.clock = time.monotonic
        self.started = self.clock()
        self.shown = False

    def __call__(self, count: int) -> None:
        if self.clock() - self.started >= 1.0:
            sys.stderr.write(f"\r{PROG}: reading facts… {count:,}")
            sys.stderr.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _load(path: str | None, no_cache: bool = False) -> FactBase:
    from .loader import load

    try:
        on_terminal = sys.stderr.isatty()
    except (AttributeError, ValueError):
        on_terminal = False
    progress = _Progress() if on_terminal else None
    try:
        return load(path, use_cache=not no_cache, progress=progress)
    finally:
        if progress is not None:
            progress.done()


def _build_query(
    base: FactBase,
    *,
    year: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    theme: list[str] | None = None,
    tag: list[str] | None = None,
    kind: list[str] | None = None,
    words: Sequence[str] = (),
    limit: int | None = None,
    reverse: bool = False,
    relation: Relation = Relation.overlaps,
    possible: bool = False,
) -> Query:
    from . import dates, query

    now = _today()
    years = tuple(dates.year_period(y, now=now) for y in year or ())
    lo = dates.since_bound(since, now=now) if since is not None else None
    hi = dates.until_bound(until, now=now) if until is not None else None
    if lo and hi and lo > hi:
        raise UsageError(f"--since {since!r} ({lo}) is after --until {until!r} ({hi}); swap them")
    return Query(
        years=years,
        since=lo,
        until=hi,
        themes=tuple(query.resolve_theme(base.themes, t) for t in theme or ()),
        tags=tuple(query.resolve_tag(base, t) for t in tag or ()),
        kinds=tuple(query.resolve_kind(base, k) for k in kind or ()),
        words=tuple(w for text in words for w in query.search_words(text)),
        limit=limit,
        reverse=reverse,
        relation=relation.value,
        possible=possible,
    )


def _isatty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _color() -> bool:
    return _isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _columns() -> int:
    """$COLUMNS, else the terminal's width, else 80 (in a pipe)."""
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def _format(fmt: OutputFormat | None) -> str:
    return fmt.value if fmt is not None else ("table" if _isatty() else "tsv")


def _fields(
    fields: str | None, allowed: Sequence[str], default: Sequence[str]
) -> tuple[list[str], bool]:
    if fields is None:
        return list(default), False
    chosen = [f.strip() for f in fields.split(",") if f.strip()]
    if not chosen:
        raise UsageError(f"--fields is empty; choose from: {', '.join(allowed)}")
    for name in chosen:
        if name not in allowed:
            import difflib

            close = difflib.get_close_matches(name, list(allowed), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UsageError(
                f"--fields: unknown field {name!r}{hint} (fields: {', '.join(allowed)})"
            )
    return chosen, True


def _emit(chunks: Iterable[str]) -> None:
    """Write to stdout as the chunks come; a closed pipe ends quietly."""
    out = sys.stdout
    batch: list[str] = []
    size = 0
    try:
        for chunk in chunks:  # written in batches of ~64 KiB: fewer calls, still streaming
            batch.append(chunk)
            size += len(chunk)
            if size >= 1 << 16:
                out.write("".join(batch))
                batch, size = [], 0
        out.write("".join(batch))
        out.flush()
    except BrokenPipeError:
        # Python's documented recipe: point stdout at devnull so the final flush
        # at exit cannot raise again, then exit as a SIGPIPE'd tool would.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(128 + 13) from None


def _render(
    records: Iterable[dict],
    fmt: str,
    columns: list[str],
    fields_given: bool,
    lang: Lang,
    base: FactBase | None = None,
) -> None:
    chosen = FORMATS[fmt]
    width = _columns() if fmt == "table" and _isatty() else None
    names = {}
    if base is not None and chosen.human:
        names = {t.slug: (t.name_en if lang is Lang.en else t.name_zh) for t in base.themes}
    options = Options(lang=lang.value, width=width, fields_given=fields_given, theme_names=names)
    _emit(chosen.render(records, columns, options))


def _no_match(what: str = "no facts match") -> NotFoundError:
    return NotFoundError(f"{what}; loosen the filters ('zjtimeline themes' lists themes)")


def _list_facts(
    base: FactBase, q: Query, fmt: OutputFormat | None, fields: str | None, lang: Lang
) -> None:
    from .formats import fact_to_record
    from .query import select_matches

    default = (*DEFAULT_FACT_COLUMNS, "match") if q.possible else DEFAULT_FACT_COLUMNS
    columns, given = _fields(fields, FACT_COLUMNS + VIRTUAL_COLUMNS, default)
    found = select_matches(base.facts, q)
    if not found:
        raise _no_match()
    _render((fact_to_record(f, m) for f, m in found), _format(fmt), columns, given, lang, base)


# ── Commands ─────────────────────────────────────────────────────────────────


def _version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Timeline and fact lookup for party building in Zhejiang, 2012–2022."""


@app.command()
def validate(
    path: Annotated[
        str | None,
        typer.Argument(
            help="Fact file (default: --facts, $ZJTIMELINE_FACTS, or the bundled one).",
            show_default=False,
        ),
    ] = None,
    facts: FactsOpt = None,
) -> None:
    """Check a fact file: fields, types, EDTF dates, themes, verbatim quotes, figures.

    Prints a one-line summary and exits 0, or lists every problem as file:line and
    exits 1; exits 2 when the file cannot be read or parsed.

    \b
    Example:
      zjtimeline validate
      zjtimeline validate my-facts.yaml
    """
    from .loader import check

    base, problems = check(path or facts)
    for warning in base.warnings if base else ():
        typer.echo(f"{PROG}: warning: {warning}", err=True)
    if problems or base is None:
        for p in problems:
            typer.echo(str(p), err=True)
        typer.echo(
            f"{PROG}: {len(problems)} problem(s) in {problems[0].path if problems else path}",
            err=True,
        )
        raise typer.Exit(ExitCode.NO_MATCH)
    starts = [f.period.start for f in base.facts if f.period.start]
    ends = [f.effective.end for f in base.facts if f.effective.end]
    span = f"{min(starts)} to {max(ends)}" if starts and ends else "no dates"
    typer.echo(
        f"{base.path}: ok — {len(base.facts)} facts, {len(base.themes)} themes, {len(base.sources)} source(s), {span}"
    )


@app.command("list")
def list_(
    year: YearOpt = None, since: SinceOpt = None, until: UntilOpt = None, theme: ThemeOpt = None,
    tag: TagOpt = None, kind: KindOpt = None,
    search: Annotated[str | None, typer.Option("--search", "-q", metavar="TEXT", help="Only facts containing every word of TEXT.")] = None,
    relation: RelationOpt = Relation.overlaps, possible: PossibleOpt = False, limit: LimitOpt = None, reverse: ReverseOpt = False, fmt: FormatOpt = None, fields: FieldsOpt = None,
    lang: LangOpt = Lang.zh, facts: FactsOpt = None, no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """List facts in chronological order (start, then end, then id).

    A fact matches a date filter when its period overlaps it; an ongoing fact holds
    until its source's date.

    \b
    Examples:
      zjtimeline list --year 2020
      zjtimeline list --theme 清廉 --format json | jq -r '.[].summary_en'
      zjtimeline list --since 2019 --until 2021 --fields id,start,summary_en
    """
    base = _load(facts, no_cache)
    q = _build_query(base, year=year, since=since, until=until, theme=theme, tag=tag, kind=kind,
                     words=[search] if search else (), limit=limit, reverse=reverse,
                     relation=relation, possible=possible)  # fmt: skip
    _list_facts(base, q, fmt, fields, lang)


@app.command()
def search(
    text: Annotated[list[str], typer.Argument(metavar="TEXT...", help="Words that must all occur (summaries, quote, tags, figure labels, id).")],
    year: YearOpt = None, since: SinceOpt = None, until: UntilOpt = None, theme: ThemeOpt = None,
    tag: TagOpt = None, kind: KindOpt = None, relation: RelationOpt = Relation.overlaps,
    possible: PossibleOpt = False, limit: LimitOpt = None, reverse: ReverseOpt = False,
    fmt: FormatOpt = None, fields: FieldsOpt = None, lang: LangOpt = Lang.zh, facts: FactsOpt = None, no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """Search facts; every word must match, ignoring case and full-/half-width forms.

    \b
    Examples:
      zjtimeline search 换届
      zjtimeline search village elections --format jsonl
      zjtimeline search ２０２０   # same as 2020
    """
    base = _load(facts, no_cache)
    q = _build_query(base, year=year, since=since, until=until, theme=theme, tag=tag, kind=kind,
                     words=text, limit=limit, reverse=reverse, relation=relation,
                     possible=possible)  # fmt: skip
    if not q.words:
        raise UsageError("search: give at least one word to search for")
    _list_facts(base, q, fmt, fields, lang)


@app.command()
def timeline(
    year: YearOpt = None, since: SinceOpt = None, until: UntilOpt = None, theme: ThemeOpt = None,
    tag: TagOpt = None, kind: KindOpt = None, relation: RelationOpt = Relation.overlaps,
    possible: PossibleOpt = False, limit: LimitOpt = None, reverse: ReverseOpt = False,
    lang: LangOpt = Lang.zh, facts: FactsOpt = None, no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """Print the timeline: what held throughout several years, then what happened in
    each year, then what happened some time the article does not give.

    \b
    Examples:
      zjtimeline timeline
      zjtimeline timeline --since 2019 --lang en
      zjtimeline timeline --theme covid | less -R
    """
    from .query import select_matches
    from .timeline import render_timeline

    base = _load(facts, no_cache)
    q = _build_query(base, year=year, since=since, until=until, theme=theme, tag=tag, kind=kind,
                     limit=limit, reverse=reverse, relation=relation, possible=possible)  # fmt: skip
    found = select_matches(base.facts, q)
    if not found:
        raise _no_match()
    cols = _columns()
    _emit(render_timeline(found, base, lang=lang.value, cols=cols, color=_color(), reverse=reverse))


@app.command()
def show(
    ids: Annotated[list[str], typer.Argument(metavar="ID...", autocompletion=complete_id, help="Fact ids.")],
    fmt: Annotated[OutputFormat | None, typer.Option("--format", "-f", case_sensitive=False, help="Default: the full view; json, jsonl, yaml … give records.")] = None,
    fields: FieldsOpt = None, lang: LangOpt = Lang.zh, facts: FactsOpt = None, no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """Show everything about facts: dates with precision and basis, themes, figures,
    the quote in its sentence and section, and the source to cite.

    \b
    Examples:
      zjtimeline show party-membership-end-2021
      zjtimeline show medics-to-hubei village-elections-2020 --format json
    """
    from .query import find, suggest_id

    base = _load(facts, no_cache)
    looked_up = [(fid, find(base, fid)) for fid in ids]
    found = [fact for _, fact in looked_up if fact is not None]
    missing = [fid for fid, fact in looked_up if fact is None]
    try:
        if found and fmt is None:
            from .timeline import render_detail

            texts: dict[str, str | None] = {}
            cols = _columns()
            chunks: list[str] = []
            for i, fact in enumerate(found):
                if fact.source not in texts:
                    texts[fact.source] = _source_text(base, fact.source)
                chunks.extend(["\n"] if i else [])
                chunks.extend(
                    render_detail(
                        fact, base, texts[fact.source], lang=lang.value, cols=cols, color=_color()
                    )
                )
            _emit(chunks)
        elif found:
            from .formats import fact_to_record

            columns, given = _fields(fields, FACT_COLUMNS + VIRTUAL_COLUMNS, DEFAULT_FACT_COLUMNS)
            _render((fact_to_record(f) for f in found), _format(fmt), columns, given, lang, base)
    finally:
        for fid in missing:
            typer.echo(f"{PROG}: show: no fact with id {fid!r}{suggest_id(base, fid)}", err=True)
    if missing:
        raise typer.Exit(ExitCode.NO_MATCH)


def _source_text(base: FactBase, source_id: str) -> str | None:
    from pathlib import Path

    src = base.sources.get(source_id)
    if src is None:
        return None
    try:
        return (Path(base.path).parent / src.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


@app.command()
def themes(
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.zh,
    facts: FactsOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """List themes with slug, names, fact count and date span.

    \b
    Examples:
      zjtimeline themes
      zjtimeline themes --format json | jq '.[] | select(.count > 10) | .slug'
    """
    from .query import theme_summary

    base = _load(facts, no_cache)
    records = theme_summary(base)
    if not records:
        raise _no_match("the fact base has no themes")
    columns = ["slug", "name_zh", "name_en", "count", "start", "end"]
    _render(records, _format(fmt), columns, False, lang)


@app.command()
def stats(
    year: YearOpt = None, since: SinceOpt = None, until: UntilOpt = None, theme: ThemeOpt = None,
    tag: TagOpt = None, kind: KindOpt = None, relation: RelationOpt = Relation.overlaps,
    possible: PossibleOpt = False, fmt: FormatOpt = None, lang: LangOpt = Lang.zh,
    facts: FactsOpt = None, no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """Count facts per year and theme, grouped as the timeline is: a row per year for
    facts whose time lies in that year, a row 'throughout' for facts held over several
    years, a row 'within' for facts undated within a longer range; a column per
    theme, totals in the last row and column.

    \b
    Examples:
      zjtimeline stats
      zjtimeline stats --since 2016 --format csv > stats.csv
    """
    from .query import select, year_theme_counts

    base = _load(facts, no_cache)
    q = _build_query(base, year=year, since=since, until=until, theme=theme, tag=tag, kind=kind,
                     relation=relation, possible=possible)  # fmt: skip
    found = select(base.facts, q)
    if not found:
        raise _no_match()
    columns, records = year_theme_counts(found, base.themes)
    _render(records, _format(fmt), columns, False, lang)


def main() -> None:
    """The console script."""
    _utf8_stdout()
    app()


def _utf8_stdout() -> None:
    """Data goes out as UTF-8 in pipes whatever the locale; a terminal keeps its own
    encoding, with characters it cannot show escaped rather than crashing."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if stream.isatty():
                reconfigure(errors="backslashreplace")
            else:
                reconfigure(encoding="utf-8", errors="backslashreplace")
        except (ValueError, OSError):
            pass
