"""Plumbing shared by the commands: load, build the query, render, write."""

import contextlib
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date

import typer

from ..errors import NotFoundError, OutputError, UsageError
from ..formats import DEFAULT_FACT_COLUMNS, FACT_COLUMNS, FORMATS, VIRTUAL_COLUMNS, Options
from ..model import FactBase
from ..query import Query
from ..text import progress
from ._app import ENV_TODAY, PROG, silence_stdout
from .options import Lang, OutputFormat, Relation


def today() -> date:
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
            progress(f"{PROG}: reading facts… {count:,}")
            self.shown = True

    def done(self) -> None:
        if self.shown:
            progress(None)


class _Setting:
    """One value the root callback sets for the command that runs (no contextvars
    import on the start-up path: each run is one command)."""

    def __init__(self) -> None:
        self.value: str | None = None

    def set(self, value: str | None) -> None:
        self.value = value

    def get(self) -> str | None:
        return self.value


#: ``zjtimeline --source-root DIR``, set by the root callback for the command that runs.
SOURCE_ROOT = _Setting()


def load_base(path: str | None, no_cache: bool = False) -> FactBase:
    from ..loader import load

    try:
        on_terminal = sys.stderr.isatty()
    except (AttributeError, ValueError):
        on_terminal = False
    progress = _Progress() if on_terminal else None
    try:
        return load(path, use_cache=not no_cache, progress=progress, root=SOURCE_ROOT.get())
    finally:
        if progress is not None:
            progress.done()


def build_query(
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
    from .. import dates, query

    now = today()
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


def stdout_is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def use_color() -> bool:
    return stdout_is_tty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


MAX_COLUMNS = 1000  # wider than any screen; a larger $COLUMNS is not a width


def terminal_columns() -> int:
    """$COLUMNS, else the terminal's width, else 80 (in a pipe); a $COLUMNS beyond
    any real screen (COLUMNS=1000000000) is ignored."""
    import shutil

    cols = shutil.get_terminal_size((80, 24)).columns
    if 0 < cols <= MAX_COLUMNS:
        return cols
    try:
        cols = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        cols = 80
    return cols if 0 < cols <= MAX_COLUMNS else 80


def output_format(fmt: OutputFormat | None) -> str:
    return fmt.value if fmt is not None else ("table" if stdout_is_tty() else "tsv")


def parse_fields(
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


def emit(chunks: Iterable[str], output: str | None = None) -> None:
    """Write to stdout as the chunks come; a closed pipe ends quietly; any other write
    error (stdout closed, a full disk) is an :class:`OutputError`. With ``output``
    write that file instead (whole, or not at all)."""
    if output is not None and output != "-":
        write_file(output, chunks)
        return
    out = sys.stdout
    if out is None:  # started with stdout closed (>&-)
        raise OutputError("write error: standard output is closed")
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
        silence_stdout()
        raise typer.Exit(128 + 13) from None
    except (OSError, ValueError) as exc:  # ENOSPC, EIO, EBADF; a closed file object
        silence_stdout()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OutputError(f"write error: {reason}") from None


def write_file(path: str, chunks: Iterable[str]) -> None:
    """Write ``path`` through a temporary file beside it, so a failure leaves no half file."""
    import tempfile
    from pathlib import Path

    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    except OSError as exc:
        raise UsageError(
            f"--output {path!r}: cannot write there ({exc.strerror}); choose another path"
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for chunk in chunks:
                f.write(chunk)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise UsageError(f"--output {path!r}: {exc.strerror}; choose another path") from None
        raise


def render(
    records: Iterable[dict],
    fmt: str,
    columns: list[str],
    fields_given: bool,
    lang: Lang,
    base: FactBase | None = None,
    *,
    facts: bool = False,
    lanes: tuple[str, ...] = (),
    output: str | None = None,
) -> None:
    """Render ``records`` in format ``fmt`` to stdout (or ``output``). ``facts`` says the
    records are facts, which the visual formats (html, timelinejs, mermaid) need."""
    chosen = FORMATS[fmt]
    if chosen.facts_only and not facts:
        raise UsageError(
            f"--format {fmt} draws facts; use it with timeline, list or search "
            "(here choose table, tsv, csv, json, jsonl, markdown or yaml)"
        )
    width = terminal_columns() if fmt == "table" and stdout_is_tty() else None
    names = {}
    if base is not None and chosen.human:
        names = {t.slug: (t.name_en if lang is Lang.en else t.name_zh) for t in base.themes}
    options = Options(
        lang=lang.value,
        width=width,
        fields_given=fields_given,
        theme_names=names,
        base=base if chosen.facts_only else None,
        lanes=lanes,
    )
    emit(chosen.render(records, columns, options), output)


def no_match(
    what: str = "no facts match", q: Query | None = None, base: FactBase | None = None
) -> NotFoundError:
    """Nothing matched. When a date filter lies wholly outside the fact base's dates,
    say what it read as and what the base covers: `--since 'last year'` on a 2022 base."""
    hint = "loosen the filters ('zjtimeline themes' lists themes)"
    if q is not None and base is not None:
        hint = _outside_span(q, base) or hint
    return NotFoundError(f"{what}; {hint}")


def _outside_span(q: Query, base: FactBase) -> str | None:
    starts = [f.period.start for f in base.facts if f.period.start]
    ends = [f.effective.end for f in base.facts if f.effective.end]
    if not starts or not ends:
        return None
    first, last = min(starts), max(ends)
    covers = f"the fact base covers {first} to {last}"
    if q.since is not None and q.since > last:
        return f"--since reads as {q.since}, after the last date: {covers}"
    if q.until is not None and q.until < first:
        return f"--until reads as {q.until}, before the first date: {covers}"
    if q.years and all(y.end and y.start and (y.start > last or y.end < first) for y in q.years):
        read = ", ".join(str(y.start.year) for y in q.years if y.start)
        return f"--year reads as {read}, outside the dates: {covers}"
    return None


def list_facts(
    base: FactBase,
    q: Query,
    fmt: OutputFormat | None,
    fields: str | None,
    lang: Lang,
    output: str | None = None,
) -> None:
    from ..formats import fact_to_record
    from ..query import select_matches

    default = (*DEFAULT_FACT_COLUMNS, "match") if q.possible else DEFAULT_FACT_COLUMNS
    columns, given = parse_fields(fields, FACT_COLUMNS + VIRTUAL_COLUMNS, default)
    found = select_matches(base.facts, q)
    if not found:
        raise no_match(q=q, base=base)
    records = (fact_to_record(f, m) for f, m in found)
    render(records, output_format(fmt), columns, given, lang, base, facts=True, lanes=q.themes,
           output=output)  # fmt: skip
