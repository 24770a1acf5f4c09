"""The command line: thin Typer commands over loader → query → formats.

This package is the only code that imports typer; nothing imports it. ``_app``
holds the app and the one error boundary, ``options`` the shared options,
``common`` the plumbing; ``reading`` and ``curating`` the commands, in the
order of ``--help``.
"""

import os
import sys

from . import curating, exporting, extracting, reading  # noqa: F401  (register the commands)
from ._app import PROG, app

__all__ = ["PROG", "app", "main"]


def main() -> None:
    """The console script."""
    _utf8_stdout()
    _build_only(sys.argv[1:2])
    app()


def _build_only(first: list[str]) -> None:
    """Typer turns every registered command into a Click command at each start, about
    a millisecond each; when the first argument names a command, only that one is
    needed. Anything else (``--help``, ``--version``, a mistyped command, completion)
    still sees them all."""
    if not first or os.environ.get("_ZJTIMELINE_COMPLETE"):
        return
    wanted = [c for c in app.registered_commands if _command_name(c) == first[0]]
    if wanted:
        app.registered_commands[:] = wanted


def _command_name(info: object) -> str:
    name = getattr(info, "name", None)
    callback = getattr(info, "callback", None)
    return name or getattr(callback, "__name__", "").lower().replace("_", "-")


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
