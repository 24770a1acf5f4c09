"""The export commands: the fact base for other tools."""

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..text import say
from ._app import PROG, app
from .common import load_base
from .options import FactsOpt, NoCacheOpt, WithBundledOpt

export_app = typer.Typer(
    name="export",
    help="Export the fact base for other tools (SQLite, Datasette).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(export_app)


@export_app.command("sqlite")
def sqlite(
    db: Annotated[Path, typer.Argument(metavar="DB", help="The SQLite file to write (replaced if it exists).", show_default=False)],
    metadata: Annotated[Path | None, typer.Option("--metadata", "-m", metavar="FILE", help="Datasette metadata to write (default: DB's name + .metadata.json).", show_default=False)] = None,
    facts: FactsOpt = None, with_bundled: WithBundledOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """Write the fact base as SQLite tables (sources, themes, facts, figures,
    fact_themes, tags) with full-text search in Chinese and English, and Datasette
    metadata beside it.

    \b
    Example:
      zjtimeline export sqlite facts.db
      datasette facts.db -m facts.metadata.json
      sqlite3 facts.db "select id, start, summary_zh from facts where rowid in
        (select rowid from facts_fts where facts_fts match '换届')"
    """
    from ..sqlite_export import write_database, write_metadata

    base = load_base(facts, no_cache, with_bundled)
    meta = metadata or db.with_name(db.stem + ".metadata.json")
    try:
        counts = write_database(base, db)
        write_metadata(base, db, meta)
    except OSError as exc:
        raise UsageError(f"{db}: cannot write: {exc.strerror or exc}") from None
    summary = ", ".join(f"{n:,} {t}" for t, n in counts.items())
    say(f"{PROG}: wrote {db} ({summary}) and {meta}")
