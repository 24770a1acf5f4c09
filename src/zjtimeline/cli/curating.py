"""The curating commands: validate, coverage."""

from typing import Annotated

import typer

from ..errors import ExitCode, UsageError
from ..text import plural, safe, say, warn
from ._app import PROG, app
from .common import SOURCE_ROOT, emit
from .options import Color, ColorOpt, FactsOpt, NoCacheOpt, NoPagerOpt, OutputFormat, WithBundledOpt


@app.command()
def validate(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Fact files or folders (default: --facts, $ZJTIMELINE_FACTS, or the bundled base).",
            show_default=False,
        ),
    ] = None,
    facts: FactsOpt = None,
    with_bundled: WithBundledOpt = False,
    color: ColorOpt = Color.auto,
) -> None:
    """Check fact files, each alone and all together.

    Checks fields, types, EDTF dates, themes, verbatim quotes and figures; across
    files, unique ids, and themes and sources that agree.

    Prints a one-line summary and exits 0, or lists every problem as file:line and
    exits 1; exits 2 when a file cannot be read or parsed.

    \b
    Example:
      zjtimeline validate
      zjtimeline validate my-facts.yaml
      zjtimeline validate my-notes/ --with-bundled
    """
    from ..factset import check_set, fact_files

    files = fact_files(paths or facts, with_bundled=with_bundled)
    base, problems = check_set(files, root=SOURCE_ROOT.get())
    for warning in base.warnings if base else ():
        warn(warning)
    name = str(files[0]) if len(files) == 1 else f"{len(files)} files"
    if problems or base is None:
        for p in problems:
            say(str(p))
        say(f"{PROG}: {plural(len(problems), 'problem')} in {name}")
        raise typer.Exit(ExitCode.NO_MATCH)
    starts = [f.period.start for f in base.facts if f.period.start]
    ends = [f.effective.end for f in base.facts if f.effective.end]
    span = f"{min(starts)} to {max(ends)}" if starts and ends else "no dates"
    line = f"{name}: ok — {plural(len(base.facts), 'fact')}, {plural(len(base.themes), 'theme')}, {plural(len(base.sources), 'source')}, {span}"
    emit([safe(line) + "\n"])


@app.command()
def coverage(
    source: Annotated[
        str | None,
        typer.Option("--source", metavar="ID", help="Only this source (default: every source)."),
    ] = None,
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format", "-f", case_sensitive=False,
            help="json, jsonl, csv, tsv, yaml … give one record per sentence. Default: the report.",
        ),
    ] = None,
    color: ColorOpt = Color.auto,
    no_pager: NoPagerOpt = False,
    facts: FactsOpt = None, with_bundled: WithBundledOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """Every sentence of the sources: quoted, excluded, or missing.

    Each sentence is quoted by a fact (which), excluded in the fact file's
    'excluded:' list (why), or missing.

    Ends with a summary line; exits 0 when every sentence is quoted or excluded, 1
    while any is missing. Machine formats write the summary to stderr.

    \b
    Examples:
      zjtimeline coverage
      zjtimeline coverage --format jsonl | jq -r 'select(.status == "missing") | .text'
    """
    from ..coverage import COLUMNS, MISSING, row_to_record, summary
    from ..coverage import coverage as account
    from ..formats import FORMATS, Options
    from ..loader import source_text
    from .common import load_base, terminal_columns, use_color

    base = load_base(facts, no_cache, with_bundled)
    if source is not None and source not in base.sources:
        known = ", ".join(base.sources) or "none"
        raise UsageError(f"--source: unknown source {source!r} (sources: {known})")
    rows = []
    for sid in [source] if source else list(base.sources):
        text = source_text(base, sid, SOURCE_ROOT.get())
        if text is None:
            raise UsageError(
                f"source {sid!r}: cannot read {base.sources[sid].file!r} next to the fact "
                "file; coverage needs the source text"
            )
        rows += account(sid, text, base.facts, base.excluded)
    if fmt is None:
        from ..timeline import render_coverage

        titles = {sid: s.title for sid, s in base.sources.items()}
        shown = render_coverage(rows, titles, cols=terminal_columns(), color=use_color(color))
        emit(shown, page=not no_pager)
    else:
        chosen = FORMATS[fmt.value]
        width = terminal_columns() if fmt.value == "table" else None
        emit(
            chosen.render(map(row_to_record, rows), COLUMNS, Options(width=width)),
            page=not no_pager,
        )
        say(f"{PROG}: {summary(rows)}")
    if any(r.status == MISSING for r in rows):
        raise typer.Exit(ExitCode.NO_MATCH)
