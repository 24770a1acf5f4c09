"""The reading commands: timeline, list, search, show, themes, stats.

Each body turns options into a query, loads, queries and echoes the rendered text."""

from typing import Annotated

import typer

from .. import __version__
from ..errors import ExitCode, UsageError
from ..formats import DEFAULT_FACT_COLUMNS, FACT_COLUMNS, VIRTUAL_COLUMNS
from ..text import say
from ._app import PROG, app
from .common import (
    SOURCE_ROOT,
    build_query,
    emit,
    list_facts,
    load_base,
    no_match,
    output_format,
    parse_fields,
    render,
    terminal_columns,
    use_color,
)
from .options import (
    FactsOpt,
    FieldsOpt,
    FormatOpt,
    KindOpt,
    Lang,
    LangOpt,
    LimitOpt,
    NoCacheOpt,
    OutputFormat,
    OutputOpt,
    PossibleOpt,
    Relation,
    RelationOpt,
    ReverseOpt,
    SearchOpt,
    SinceOpt,
    SourceRootOpt,
    TagOpt,
    ThemeOpt,
    UntilOpt,
    YearOpt,
    complete_id,
)

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
    source_root: SourceRootOpt = None,
) -> None:
    """Timeline and fact lookup for party building in Zhejiang, 2012–2022."""
    SOURCE_ROOT.set(source_root)


@app.command("list")
def list_(
    year: YearOpt = None, since: SinceOpt = None, until: UntilOpt = None, theme: ThemeOpt = None,
    tag: TagOpt = None, kind: KindOpt = None,
    search: SearchOpt = None,
    relation: RelationOpt = Relation.overlaps, possible: PossibleOpt = False, limit: LimitOpt = None, reverse: ReverseOpt = False, fmt: FormatOpt = None, fields: FieldsOpt = None,
    lang: LangOpt = Lang.zh, output: OutputOpt = None, facts: FactsOpt = None, no_cache: NoCacheOpt = False,
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
    base = load_base(facts, no_cache)
    q = build_query(base, year=year, since=since, until=until, theme=theme, tag=tag, kind=kind,
                     words=[search] if search else (), limit=limit, reverse=reverse,
                     relation=relation, possible=possible)  # fmt: skip
    list_facts(base, q, fmt, fields, lang, output)


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
    base = load_base(facts, no_cache)
    q = build_query(base, year=year, since=since, until=until, theme=theme, tag=tag, kind=kind,
                     words=text, limit=limit, reverse=reverse, relation=relation,
                     possible=possible)  # fmt: skip
    if not q.words:
        raise UsageError("search: give at least one word to search for")
    list_facts(base, q, fmt, fields, lang)


@app.command()
def timeline(
    year: YearOpt = None, since: SinceOpt = None, until: UntilOpt = None, theme: ThemeOpt = None,
    tag: TagOpt = None, kind: KindOpt = None, search: SearchOpt = None,
    relation: RelationOpt = Relation.overlaps, possible: PossibleOpt = False, limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    chart: Annotated[bool, typer.Option("--chart", help="A chart: a lane per theme, bars for periods and marks for points over the years, fitted to the terminal.")] = False,
    fmt: Annotated[OutputFormat | None, typer.Option("--format", "-f", case_sensitive=False, help="Instead of the terminal view: html (one self-contained page), timelinejs (TimelineJS 3 JSON), mermaid, or any list format.")] = None,
    output: OutputOpt = None, lang: LangOpt = Lang.zh, facts: FactsOpt = None, no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """Print the timeline: what held throughout several years, then what happened in
    each year, then what happened some time the article does not give. Or draw it:
    --chart in the terminal, --format html / timelinejs / mermaid for other tools.

    \b
    Examples:
      zjtimeline timeline
      zjtimeline timeline --since 2019 --lang en
      zjtimeline timeline --theme covid | less -R
      zjtimeline timeline --chart --lang en
      zjtimeline timeline --format html -o timeline.html
      zjtimeline timeline --theme covid --format mermaid
    """
    from ..query import select_matches

    base = load_base(facts, no_cache)
    q = build_query(base, year=year, since=since, until=until, theme=theme, tag=tag, kind=kind,
                     words=[search] if search else (), limit=limit, reverse=reverse,
                     relation=relation, possible=possible)  # fmt: skip
    if fmt is not None:
        if chart:
            raise UsageError("--chart and --format: choose one (the chart is for the terminal)")
        list_facts(base, q, fmt, None, lang, output)
        return
    found = select_matches(base.facts, q)
    if not found:
        raise no_match(q=q, base=base)
    cols = terminal_columns()
    color = use_color() and output in (None, "-")  # never colour codes in a file
    if chart:
        from ..chart import render_gantt

        emit(render_gantt(found, base, lang=lang.value, cols=cols, color=color, lanes=q.themes), output)  # fmt: skip
        return
    from ..timeline import render_timeline

    emit(render_timeline(found, base, lang=lang.value, cols=cols, color=color, reverse=reverse), output)  # fmt: skip


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
    from ..loader import source_text
    from ..query import find, suggest_id

    base = load_base(facts, no_cache)
    looked_up = [(fid, find(base, fid)) for fid in ids]
    found = [fact for _, fact in looked_up if fact is not None]
    missing = [fid for fid, fact in looked_up if fact is None]
    try:
        if found and fmt is None:
            from ..timeline import render_detail

            texts: dict[str, str | None] = {}
            cols = terminal_columns()
            chunks: list[str] = []
            for i, fact in enumerate(found):
                if fact.source not in texts:
                    texts[fact.source] = source_text(base, fact.source, SOURCE_ROOT.get())
                chunks.extend(["\n"] if i else [])
                chunks.extend(
                    render_detail(
                        fact,
                        base,
                        texts[fact.source],
                        lang=lang.value,
                        cols=cols,
                        color=use_color(),
                    )
                )
            emit(chunks)
        elif found:
            from ..formats import fact_to_record

            columns, given = parse_fields(
                fields, FACT_COLUMNS + VIRTUAL_COLUMNS, DEFAULT_FACT_COLUMNS
            )
            records = (fact_to_record(f) for f in found)
            render(records, output_format(fmt), columns, given, lang, base, facts=True)
    finally:
        for fid in missing:
            say(f"{PROG}: show: no fact with id {fid!r}{suggest_id(base, fid)}")
    if missing:
        raise typer.Exit(ExitCode.NO_MATCH)


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
    from ..query import theme_summary

    base = load_base(facts, no_cache)
    records = theme_summary(base)
    if not records:
        raise no_match("the fact base has no themes")
    columns = ["slug", "name_zh", "name_en", "count", "start", "end"]
    render(records, output_format(fmt), columns, False, lang)


@app.command()
def stats(
    year: YearOpt = None, since: SinceOpt = None, until: UntilOpt = None, theme: ThemeOpt = None,
    tag: TagOpt = None, kind: KindOpt = None, relation: RelationOpt = Relation.overlaps,
    possible: PossibleOpt = False, fmt: FormatOpt = None,
    chart: Annotated[bool, typer.Option("--chart", help="Bars of the totals, fitted to the terminal.")] = False,
    lang: LangOpt = Lang.zh, facts: FactsOpt = None, no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """Count facts per year and theme, grouped as the timeline is: a row per year for
    facts whose time lies in that year, a row 'throughout' for facts held over several
    years, a row 'within' for facts undated within a longer range; a column per
    theme, totals in the last row and column. --chart draws the totals as bars.

    \b
    Examples:
      zjtimeline stats
      zjtimeline stats --since 2016 --format csv > stats.csv
      zjtimeline stats --chart
    """
    from ..query import select, year_theme_counts

    base = load_base(facts, no_cache)
    q = build_query(base, year=year, since=since, until=until, theme=theme, tag=tag, kind=kind,
                     relation=relation, possible=possible)  # fmt: skip
    found = select(base.facts, q)
    if not found:
        raise no_match(q=q, base=base)
    columns, records = year_theme_counts(found, base.themes)
    if chart:
        if fmt is not None:
            raise UsageError("--chart and --format: choose one (the chart is for the terminal)")
        from ..chart import render_bars

        emit(render_bars(records, lang=lang.value, cols=terminal_columns(), color=use_color()))
        return
    render(records, output_format(fmt), columns, False, lang)
