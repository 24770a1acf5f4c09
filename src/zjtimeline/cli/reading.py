"""The reading commands: timeline, list, search, show, cite, themes, tags, sources, stats.

Each body turns options into a query, loads, queries and echoes the rendered text."""

from enum import Enum
from typing import Annotated

import typer

from .. import __version__
from ..errors import ExitCode, UsageError
from ..formats import DEFAULT_FACT_COLUMNS, FACT_COLUMNS, VIRTUAL_COLUMNS
from ..model import SEVERAL_YEARS, UNDATED, FactBase
from ..text import safe, say
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
    terminal_width,
    use_color,
)
from .options import (
    Color,
    ColorOpt,
    FactsOpt,
    FieldsOpt,
    FormatOpt,
    KindOpt,
    Lang,
    LangOpt,
    LimitOpt,
    NoCacheOpt,
    NoPagerOpt,
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
    WithBundledOpt,
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
    lang: LangOpt = Lang.zh, output: OutputOpt = None, color: ColorOpt = Color.auto, no_pager: NoPagerOpt = False, facts: FactsOpt = None, with_bundled: WithBundledOpt = False, no_cache: NoCacheOpt = False,
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
    base = load_base(facts, no_cache, with_bundled)
    q = build_query(base, year=year, since=since, until=until, theme=theme, tag=tag, kind=kind,
                     words=[search] if search else (), limit=limit, reverse=reverse,
                     relation=relation, possible=possible)  # fmt: skip
    list_facts(base, q, fmt, fields, lang, output, color=color, no_pager=no_pager)


@app.command()
def search(
    text: Annotated[list[str], typer.Argument(metavar="TEXT...", help="Words that must all occur (summaries, quote, tags, figure labels, id).")],
    year: YearOpt = None, since: SinceOpt = None, until: UntilOpt = None, theme: ThemeOpt = None,
    tag: TagOpt = None, kind: KindOpt = None, relation: RelationOpt = Relation.overlaps,
    possible: PossibleOpt = False, limit: LimitOpt = None, reverse: ReverseOpt = False,
    fmt: FormatOpt = None, fields: FieldsOpt = None, lang: LangOpt = Lang.zh, color: ColorOpt = Color.auto, no_pager: NoPagerOpt = False,
    facts: FactsOpt = None, with_bundled: WithBundledOpt = False, no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """Search facts for words; matches highlighted on a terminal.

    Every word must match, ignoring case and full-/half-width forms.

    \b
    Examples:
      zjtimeline search 换届
      zjtimeline search village elections --format jsonl
      zjtimeline search ２０２０   # same as 2020
    """
    base = load_base(facts, no_cache, with_bundled)
    q = build_query(base, year=year, since=since, until=until, theme=theme, tag=tag, kind=kind,
                     words=text, limit=limit, reverse=reverse, relation=relation,
                     possible=possible)  # fmt: skip
    if not q.words:
        raise UsageError("search: give at least one word to search for")
    list_facts(base, q, fmt, fields, lang, color=color, no_pager=no_pager)


@app.command()
def timeline(
    year: YearOpt = None, since: SinceOpt = None, until: UntilOpt = None, theme: ThemeOpt = None,
    tag: TagOpt = None, kind: KindOpt = None, search: SearchOpt = None,
    relation: RelationOpt = Relation.overlaps, possible: PossibleOpt = False, limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    chart: Annotated[bool, typer.Option("--chart", help="A chart: a lane per theme, bars for periods and marks for points over the years, fitted to the terminal.")] = False,
    fmt: Annotated[OutputFormat | None, typer.Option("--format", "-f", case_sensitive=False, help="Instead of the terminal view: html (one self-contained page), timelinejs (TimelineJS 3 JSON), mermaid, or any list format.")] = None,
    output: OutputOpt = None, lang: LangOpt = Lang.zh, color: ColorOpt = Color.auto, no_pager: NoPagerOpt = False,
    facts: FactsOpt = None, with_bundled: WithBundledOpt = False, no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """The timeline: what held for years, then each year, then undated.

    What held throughout several years comes first, then what happened in each
    year, then what happened some time the article does not give. On a terminal it
    is wrapped to the width and paged; in a pipe each summary stays on one line.
    Or draw it: --chart in the terminal, --format html / timelinejs / mermaid for
    other tools.

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

    base = load_base(facts, no_cache, with_bundled)
    q = build_query(base, year=year, since=since, until=until, theme=theme, tag=tag, kind=kind,
                     words=[search] if search else (), limit=limit, reverse=reverse,
                     relation=relation, possible=possible)  # fmt: skip
    if fmt is not None:
        if chart:
            raise UsageError("--chart and --format: choose one (the chart is for the terminal)")
        list_facts(base, q, fmt, None, lang, output, color=color, no_pager=no_pager)
        return
    if q.limit == 0:
        return
    found = select_matches(base.facts, q)
    if not found:
        raise no_match(q=q, base=base)
    cols = terminal_columns()
    paint = use_color(color) and output in (None, "-")  # never colour codes in a file
    if chart:
        from ..chart import render_gantt

        shown = render_gantt(found, base, lang=lang.value, cols=terminal_width(), color=paint, lanes=q.themes)  # fmt: skip
    else:
        from ..timeline import render_timeline

        shown = render_timeline(found, base, lang=lang.value, cols=cols, color=paint, reverse=reverse)  # fmt: skip
    emit(shown, output, page=not no_pager)


@app.command()
def show(
    ids: Annotated[list[str], typer.Argument(metavar="ID...", autocompletion=complete_id, help="Fact ids.")],
    fmt: Annotated[OutputFormat | None, typer.Option("--format", "-f", case_sensitive=False, help="Default: the full view; json, jsonl, yaml … give records.")] = None,
    fields: FieldsOpt = None, lang: LangOpt = Lang.zh, color: ColorOpt = Color.auto, no_pager: NoPagerOpt = False,
    facts: FactsOpt = None, with_bundled: WithBundledOpt = False, no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """Everything about facts: dates, themes, figures, quote, source.

    Dates come with their precision and basis, the quote with its sentence and
    section, and the source to cite. With several ids, the facts that exist are
    shown and each unknown id is reported on stderr, with exit code 1 (as grep
    treats a missing file).

    \b
    Examples:
      zjtimeline show party-membership-end-2021
      zjtimeline show medics-to-hubei village-elections-2020 --format json
    """
    from ..loader import source_text

    base = load_base(facts, no_cache, with_bundled)
    found, missing = _look_up(base, ids)
    try:
        if found and fmt is None:
            from ..timeline import render_detail

            texts: dict[str, str | None] = {}
            cols = terminal_columns()
            paint = use_color(color)
            chunks: list[str] = []
            for i, fact in enumerate(found):
                if fact.source not in texts:
                    texts[fact.source] = source_text(base, fact.source, SOURCE_ROOT.get())
                chunks.extend(["\n"] if i else [])
                chunks.extend(
                    render_detail(fact, base, texts[fact.source], lang=lang.value, cols=cols, color=paint)
                )  # fmt: skip
            emit(chunks, page=not no_pager)
        elif found:
            from ..formats import fact_to_record

            columns, given = parse_fields(
                fields, FACT_COLUMNS + VIRTUAL_COLUMNS, DEFAULT_FACT_COLUMNS
            )
            records = (fact_to_record(f) for f in found)
            render(records, output_format(fmt), columns, given, lang, base, facts=True,
                   color=use_color(color), page=not no_pager)  # fmt: skip
    finally:
        _report_missing(base, "show", missing)


def _look_up(base: FactBase, ids: list[str]) -> tuple[list, list[str]]:  # type: ignore[type-arg]
    """The facts with these ids, in the order given, and the ids not found."""
    from ..query import find

    looked_up = [(fid, find(base, fid)) for fid in ids]
    return [f for _, f in looked_up if f is not None], [i for i, f in looked_up if f is None]


def _report_missing(base: FactBase, command: str, missing: list[str]) -> None:
    """One line on stderr per unknown id, then exit 1; what was found is already out."""
    from ..query import suggest_id

    for fid in missing:
        say(f"{PROG}: {command}: no fact with id {fid!r}{suggest_id(base, fid)}")
    if missing:
        raise typer.Exit(ExitCode.NO_MATCH)


class Style(str, Enum):
    gbt7714 = "gbt7714"
    apa = "apa"
    bibtex = "bibtex"
    csl_json = "csl-json"


@app.command()
def cite(
    ids: Annotated[list[str], typer.Argument(metavar="ID...", autocompletion=complete_id, help="Fact ids.")],
    style: Annotated[Style, typer.Option("--style", "-S", case_sensitive=False,
        help="gbt7714 (GB/T 7714-2015), apa (APA 7th), bibtex, or csl-json (for Zotero and other reference managers).")] = Style.gbt7714,
    color: ColorOpt = Color.auto, no_pager: NoPagerOpt = False, facts: FactsOpt = None, with_bundled: WithBundledOpt = False, no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """Cite facts: the source (GB/T 7714, APA, BibTeX, CSL-JSON) and quote.

    GB/T 7714 and APA give the reference, then the quote on the next line; BibTeX
    gives an @article entry keyed by the fact id with the quote in 'note'; CSL-JSON
    gives an array of items (import it into Zotero). Unknown ids are reported on
    stderr with exit code 1, after the citations that exist.

    \b
    Examples:
      zjtimeline cite medics-to-hubei
      zjtimeline cite medics-to-hubei --style apa
      zjtimeline cite medics-to-hubei village-elections-2020 --style bibtex >> refs.bib
      zjtimeline cite medics-to-hubei --style csl-json > cite.json   # Zotero: File › Import
    """
    from .. import cite as citing

    base = load_base(facts, no_cache, with_bundled)
    found, missing = _look_up(base, ids)
    try:
        items = [
            citing.csl_item(f, base.sources[f.source]) for f in found if f.source in base.sources
        ]
        if not items:
            return
        if style is Style.csl_json:
            import json

            emit([json.dumps(items, ensure_ascii=False, indent=2) + "\n"])
            return
        paint = use_color(color)
        chunks = []
        for i, item in enumerate(items):
            if style is Style.bibtex:
                chunks.append(("\n" if i else "") + citing.bibtex(item) + "\n")
                continue
            ref = citing.gbt7714(item) if style is Style.gbt7714 else citing.apa(item)
            quote = f"“{safe(item['note'])}”"
            chunks.append(
                ("\n" if i else "")
                + safe(ref)
                + "\n"
                + (f"\x1b[2m{quote}\x1b[0m" if paint else quote)
                + "\n"
            )
        emit(chunks, page=not no_pager)
    finally:
        _report_missing(base, "cite", missing)


@app.command()
def themes(
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.zh,
    color: ColorOpt = Color.auto,
    no_pager: NoPagerOpt = False,
    facts: FactsOpt = None,
    with_bundled: WithBundledOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Themes with slug, names, fact count and date span.

    \b
    Examples:
      zjtimeline themes
      zjtimeline themes --format json | jq '.[] | select(.count > 10) | .slug'
    """
    from ..query import theme_summary

    base = load_base(facts, no_cache, with_bundled)
    records = theme_summary(base)
    if not records:
        raise no_match("the fact base has no themes")
    columns = ["slug", "name_zh", "name_en", "count", "start", "end"]
    render(records, output_format(fmt), columns, False, lang, color=use_color(color), page=not no_pager)  # fmt: skip


@app.command()
def tags(
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.zh,
    color: ColorOpt = Color.auto,
    no_pager: NoPagerOpt = False,
    facts: FactsOpt = None,
    with_bundled: WithBundledOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Tags with fact count, themes and date span, most used first.

    Human formats show theme names in the chosen language; machine formats the slugs.

    \b
    Examples:
      zjtimeline tags
      zjtimeline tags --format json | jq -r '.[] | select(.count > 1) | .tag'
      zjtimeline list --tag "$(zjtimeline tags | sed -n 2p | cut -f1)"
    """
    from ..query import tag_summary

    base = load_base(facts, no_cache, with_bundled)
    records = tag_summary(base)
    if not records:
        raise no_match("the fact base has no tags")
    columns = ["tag", "count", "themes", "start", "end"]
    render(records, output_format(fmt), columns, False, lang, base, color=use_color(color), page=not no_pager)  # fmt: skip


@app.command()
def sources(
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.zh,
    color: ColorOpt = Color.auto,
    no_pager: NoPagerOpt = False,
    facts: FactsOpt = None,
    with_bundled: WithBundledOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Sources with metadata, fact count, date span and verification.

    'verified' means the source file was found and every quote of its facts occurs
    in it verbatim (and its sha256 matches, when one is recorded); 'unverified'
    means the file is missing, so its quotes could not be checked.

    \b
    Examples:
      zjtimeline sources
      zjtimeline sources --format json | jq '.[] | {id, count, status}'
    """
    from pathlib import Path

    from ..query import source_summary

    base = load_base(facts, no_cache, with_bundled)
    records = source_summary(base)
    for r in records:
        found = (Path(base.source_folder(str(r["id"]))) / str(r["file"])).is_file()
        r["verified"] = found
        r["status"] = (
            ("verified, sha256 ok" if r["sha256"] else "verified")
            if found
            else "unverified: file missing"
        )
    if not records:
        raise no_match("the fact base has no sources")
    columns = ["id", "title", "publication", "published", "authors", "count", "start", "end", "status"]  # fmt: skip
    render(records, output_format(fmt), columns, False, lang, color=use_color(color), page=not no_pager)  # fmt: skip


#: Row and column labels of the human ``stats`` table, by language.
_STATS_WORDS = {
    "zh": {"theme": "主题", "total": "合计", SEVERAL_YEARS: "跨年持续", UNDATED: "期间某时"},
    "en": {"theme": "theme", "total": "total", SEVERAL_YEARS: "throughout", UNDATED: "within"},
}


def _stats_for_people(
    columns: list[str], records: list[dict], base: FactBase, lang: str
) -> tuple[list[str], list[dict]]:
    """Themes as rows (names in ``lang``) and year groups as columns: a dozen themes
    do not fit across 80 columns; a dozen short counts do."""
    words = _STATS_WORDS[lang]
    groups = [str(r["year"]) for r in records]
    heads = [words.get(g, g) for g in groups]
    names = {t.slug: (t.name_en if lang == "en" else t.name_zh) for t in base.themes}
    rows = []
    for column in [*columns[2:], "total"]:
        label = words["total"] if column == "total" else names.get(column, column)
        rows.append({words["theme"]: label, **{h: r[column] for h, r in zip(heads, records, strict=True)}})  # fmt: skip
    return [words["theme"], *heads], rows


@app.command()
def stats(
    year: YearOpt = None, since: SinceOpt = None, until: UntilOpt = None, theme: ThemeOpt = None,
    tag: TagOpt = None, kind: KindOpt = None, relation: RelationOpt = Relation.overlaps,
    possible: PossibleOpt = False, fmt: FormatOpt = None,
    chart: Annotated[bool, typer.Option("--chart", help="Bars of the totals, fitted to the terminal.")] = False,
    lang: LangOpt = Lang.zh, color: ColorOpt = Color.auto, no_pager: NoPagerOpt = False,
    facts: FactsOpt = None, with_bundled: WithBundledOpt = False, no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """Facts counted per theme and year, grouped as the timeline is.

    A year for facts whose time lies in that year, 'throughout' for facts held over
    several years, 'within' for facts undated within a longer range; totals last.
    Human formats (table, plain, markdown) show a row per theme, named in --lang,
    and a column per year so it fits a terminal; machine formats keep a record per
    year with a key per theme slug. --chart draws the totals as bars.

    \b
    Examples:
      zjtimeline stats
      zjtimeline stats --lang en --since 2016
      zjtimeline stats --since 2016 --format csv > stats.csv
      zjtimeline stats --chart
    """
    from ..formats import FORMATS
    from ..query import select, year_theme_counts

    base = load_base(facts, no_cache, with_bundled)
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

        bars = render_bars(records, lang=lang.value, cols=terminal_width(), color=use_color(color))
        emit(bars, page=not no_pager)
        return
    chosen = output_format(fmt)
    if FORMATS[chosen].human and not FORMATS[chosen].facts_only:
        columns, records = _stats_for_people(columns, records, base, lang.value)
    render(records, chosen, columns, False, lang, color=use_color(color), page=not no_pager)
