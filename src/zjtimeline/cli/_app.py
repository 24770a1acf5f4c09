"""The Typer app and the one error boundary.

``_Boundary.main`` is the one place that turns errors into a line on stderr and an
exit code; the command modules only raise.
"""

import errno
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from ..errors import ExitCode, ZjtError
from ..text import say

PROG = "zjtimeline"
ENV_LANG = "ZJTIMELINE_LANG"
ENV_TODAY = "ZJTIMELINE_TODAY"  # freeze "now" for relative dates (tests, reproducible scripts)
ENV_DEBUG = "ZJTIMELINE_DEBUG"
ENV_PAGER = "ZJTIMELINE_PAGER"

# ── The error boundary ───────────────────────────────────────────────────────


def _fail(message: str, code: int) -> NoReturn:
    say(f"{PROG}: {message}")  # escaped: paths and values may come from anywhere
    sys.exit(code)


_WRITE_ERRORS = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT, errno.EFBIG}


def _flush_stdout() -> None:
    """Flush what Click echoed (help, --version); a write error is one line, not the
    interpreter's "Exception ignored" at exit."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        sys.exit(128 + 13)
    except (OSError, ValueError) as exc:
        silence_stdout()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        _fail(f"write error: {reason}", ExitCode.USAGE)


def silence_stdout() -> None:
    """Point stdout at devnull, so the final flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _internal(exc: Exception) -> NoReturn:
    if os.environ.get(ENV_DEBUG):
        raise exc
    _fail(f"internal error: {type(exc).__name__}: {exc}; please report it (set {ENV_DEBUG}=1 for a traceback)", 70)  # fmt: skip


#: ``--help`` lists commands in the order people reach for them: reading, then
#: curating; commands not named here follow in the order they were registered.
COMMAND_ORDER = (
    "timeline", "list", "search", "show", "cite", "themes", "tags", "sources", "stats",
    "validate", "coverage", "extract", "export",
)  # fmt: skip


class _Boundary(TyperGroup):
    """The one place that turns errors into a line on stderr and an exit code.

    It wraps the group's ``main``, so the console script and ``CliRunner`` in the
    tests go through the same code.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda n: (rank.get(n, len(rank)), names.index(n)))

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Each command with the first sentence of its help, never cut short."""
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=10**6)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:  # type: ignore[override]  # fmt: skip
        try:
            code = super().main(args=args, prog_name=prog_name or PROG, complete_var=complete_var, standalone_mode=False, **extra)  # fmt: skip
        except ZjtError as exc:
            _fail(exc.message.replace("\n", " "), int(exc.exit_code))
        except typer.TyperException as exc:  # Click's usage errors
            ctx = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
                say(ctx.get_help(), raw_newlines=True)  # bare `zjtimeline`: the help, as usage
                sys.exit(ExitCode.USAGE)
            message = exc.format_message().replace("\n", " ")
            where = ctx.command_path if ctx is not None else PROG
            _fail(f"{message} (see '{where} --help')", int(getattr(exc, "exit_code", 2)))
        except BrokenPipeError:
            silence_stdout()
            sys.exit(128 + 13)
        except OSError as exc:  # Click writing help or the version to a full disk
            if exc.errno not in _WRITE_ERRORS:
                _internal(exc)
            silence_stdout()
            _fail(f"write error: {exc.strerror or exc}", ExitCode.USAGE)
        except (KeyboardInterrupt, typer.Abort):
            _fail("interrupted", ExitCode.INTERRUPTED)
        except Exception as exc:  # a bug, not the user's fault: say so without a traceback
            _internal(exc)
        _flush_stdout()
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
