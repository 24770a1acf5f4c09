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
from ._app import ENV_PAGER, ENV_TODAY, PROG, silence_stdout
from .options import Color, Lang, OutputFormat, Relation


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


def load_base(
    paths: Sequence[str] | None, no_cache: bool = False, with_bundled: bool = False
) -> FactBase:
    """The fact base of ``--facts`` (files and folders; see factset), with the bundled
    base beneath when asked."""
    from ..factset import fact_files, load_set

    try:
        on_terminal = sys.stderr.isatty()
    except (AttributeError, ValueError):
        on_terminal = False
    progress = _Progress() if on_terminal else None
    try:
        return load_set(
            fact_files(paths, with_bundled=with_bundled),
            use_cache=not no_cache,
            progress=progress,
            root=SOURCE_ROOT.get(),
        )
    finally:
        if progress is not None:
            progress.done()


def split_list(values: Sequence[str] | None) -> list[str]:
    """Repeated options and comma lists alike: ``-t covid,integrity -t cadres``.
    A full-width comma separates too; empty items are dropped."""
    return [
        item.strip()
        for value in values or ()
        for item in value.replace("，", ",").split(",")
        if item.strip()
    ]


#: What --year reads: forms that name one calendar year.
YEAR_FORMS = (
    "2020, 2020年, 2020年度, 二〇二〇年, ２０２０年, 今年, 去年, 前年, 3年前, 'last year', 建党百年"
)


def _year(text: str, now: date):  # type: ignore[no-untyped-def]
    from ..dates import year_period
    from ..errors import DateError

    try:
        return year_period(text, now=now)
    except DateError as exc:
        reason = exc.message.removeprefix("--year: ").removeprefix("--year ").split("; accepted")[0]
        reason = reason.split(" (e.g.")[0]
        raise DateError(f"--year: {reason}; --year takes one calendar year: {YEAR_FORMS}") from None


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
    years = tuple(_year(y, now) for y in year or ())
    lo = dates.since_bound(since, now=now) if since is not None else None
    hi = dates.until_bound(until, now=now) if until is not None else None
    if lo and hi and lo > hi:
        raise UsageError(f"--since {since!r} ({lo}) is after --until {until!r} ({hi}); swap them")
    return Query(
        years=years,
        since=lo,
        until=hi,
        themes=tuple(query.resolve_theme(base.themes, t) for t in split_list(theme)),
        tags=tuple(query.resolve_tag(base, t) for t in split_list(tag)),
        kinds=tuple(query.resolve_kind(base, k) for k in split_list(kind)),
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


def use_color(choice: Color | str = "auto") -> bool:
    """Whether to write colour to stdout: the one decision, for every command.

    ``--color always|never`` decides; with ``auto`` (the default) ``NO_COLOR`` (any
    non-empty value, https://no-color.org) turns colour off, ``FORCE_COLOR`` or
    ``CLICOLOR_FORCE`` (non-empty, not ``0``) turns it on even in a pipe, and
    otherwise colour appears only on a terminal whose ``TERM`` is not ``dumb``.
    """
    value = getattr(choice, "value", choice)
    if value in ("always", "never"):
        return value == "always"
    env = os.environ
    if env.get("NO_COLOR"):
        return False
    if any(env.get(name, "") not in ("", "0") for name in ("FORCE_COLOR", "CLICOLOR_FORCE")):
        return True
    return stdout_is_tty() and env.get("TERM") != "dumb"


MAX_COLUMNS = 1000  # wider than any screen; a larger $COLUMNS is not a width


def terminal_width() -> int:
    """$COLUMNS, else the terminal's width, else 80: for pictures (charts), which
    need a width even in a pipe. A $COLUMNS beyond any real screen
    (COLUMNS=1000000000) is ignored."""
    import shutil

    cols = shutil.get_terminal_size((80, 24)).columns
    if 0 < cols <= MAX_COLUMNS:
        return cols
    try:
        cols = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        cols = 80
    return cols if 0 < cols <= MAX_COLUMNS else 80


def terminal_columns() -> int | None:
    """The terminal's width ($COLUMNS first) when stdout is a terminal; None in a
    pipe, where nothing is wrapped or fitted."""
    return terminal_width() if stdout_is_tty() else None


def pager_command() -> str | None:
    """$ZJTIMELINE_PAGER, else $PAGER, else ``less -FRX``; None when set to empty or
    ``cat`` (as git treats $GIT_PAGER)."""
    for name in (ENV_PAGER, "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            value = value.strip()
            return None if value in ("", "cat") else value
    import shutil

    return "less -FRX" if shutil.which("less") else None


class _Pager:
    """Output through a pager process, as git does: ``LESS=FRX`` unless set."""

    def __init__(self, command: str) -> None:
        import subprocess

        env = dict(os.environ)
        env.setdefault("LESS", "FRX")
        env.setdefault("LV", "-c")
        self.proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
        assert self.proc.stdin is not None
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        import io

        self.stream = io.TextIOWrapper(
            self.proc.stdin, encoding=encoding, errors="backslashreplace", write_through=True
        )

    def write(self, text: str) -> None:
        self.stream.write(text)

    def close(self) -> None:
        import contextlib
        import signal

        with contextlib.suppress(BrokenPipeError):  # the reader quit the pager early
            self.stream.close()

        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the pager
        try:
            self.proc.wait()
        finally:
            signal.signal(signal.SIGINT, previous)


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


def emit(chunks: Iterable[str], output: str | None = None, *, page: bool = False) -> None:
    """Write to stdout as the chunks come; a closed pipe ends quietly. With ``output``
    write that file instead (whole, or not at all).

    With ``page`` and stdout on a terminal, output longer than the screen goes
    through the pager (:func:`pager_command`); what fits is written directly.
    """
    if output is not None and output != "-":
        write_file(output, chunks)
        return
    out = sys.stdout
    if out is None:  # started with stdout closed (>&-)
        raise OutputError("write error: standard output is closed")
    if page and stdout_is_tty():
        command = pager_command()
        if command is not None:
            _emit_paged(chunks, command)
            return
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


def _emit_paged(chunks: Iterable[str], command: str) -> None:
    """Hold output until it passes a screenful; then start the pager and stream the rest."""
    import re
    import shutil

    from ..text import width

    sgr = re.compile("\x1b\\[[0-9;]*m")  # colour takes no room
    size = shutil.get_terminal_size((80, 24))
    room, cols = max(size.lines - 1, 1), max(size.columns, 1)
    held: list[str] = []
    rows = 0
    iterator = iter(chunks)
    for chunk in iterator:
        held.append(chunk)
        # rows on screen: a line wider than the terminal takes several
        lines = sgr.sub("", chunk).split("\n")[:-1]
        rows += sum(1 + max(width(line) - 1, 0) // cols for line in lines)
        if rows > room:
            break
    else:
        sys.stdout.write("".join(held))
        sys.stdout.flush()
        return
    try:
        pager = _Pager(command)
    except OSError:  # no such pager: write directly
        sys.stdout.write("".join(held))
        for chunk in iterator:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    try:
        pager.write("".join(held))
        for chunk in iterator:
            pager.write(chunk)
    except BrokenPipeError:
        pass
    finally:
        pager.close()


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
    color: bool = False,
    page: bool = False,
    highlight: Sequence[str] = (),
) -> None:
    """Render ``records`` in format ``fmt`` to stdout (or ``output``); on a terminal,
    long output is paged. ``facts`` says the records are facts, which the visual
    formats (html, timelinejs, mermaid) need."""
    chosen = FORMATS[fmt]
    if chosen.facts_only and not facts:
        raise UsageError(
            f"--format {fmt} draws facts; use it with timeline, list or search "
            "(here choose table, tsv, csv, json, jsonl, markdown or yaml)"
        )
    width = terminal_columns() if fmt == "table" else None
    names = {}
    if base is not None and chosen.human:
        names = {t.slug: (t.name_en if lang is Lang.en else t.name_zh) for t in base.themes}
    options = Options(
        lang=lang.value, width=width, fields_given=fields_given, theme_names=names,
        base=base if chosen.facts_only else None, lanes=lanes,
        color=color, highlight=tuple(highlight),
    )  # fmt: skip
    emit(chosen.render(records, columns, options), output, page=page)


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
    *,
    color: Color = Color.auto,
    no_pager: bool = False,
) -> None:
    from ..formats import fact_to_record
    from ..query import select_matches

    default = (*DEFAULT_FACT_COLUMNS, "match") if q.possible else DEFAULT_FACT_COLUMNS
    columns, given = parse_fields(fields, FACT_COLUMNS + VIRTUAL_COLUMNS, default)
    if q.limit == 0:  # asked for none: nothing to print, and nothing wrong
        return
    found = select_matches(base.facts, q)
    if not found:
        raise no_match(q=q, base=base)
    records = (fact_to_record(f, m) for f, m in found)
    render(records, output_format(fmt), columns, given, lang, base, facts=True, lanes=q.themes,
           output=output, color=use_color(color) and output in (None, "-"), page=not no_pager,
           highlight=q.words)  # fmt: skip
