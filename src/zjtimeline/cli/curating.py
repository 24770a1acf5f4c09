"""The curating commands: validate."""

from typing import Annotated

import typer

from ..errors import ExitCode
from ._app import PROG, app
from .options import FactsOpt


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
    from ..loader import check

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
