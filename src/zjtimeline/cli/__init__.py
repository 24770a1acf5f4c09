"""The command line: thin Typer commands over loader → query → formats.

This package is the only code that imports typer; nothing imports it. ``_app``
holds the app and the one error boundary, ``options`` the shared options,
``common`` the plumbing; ``reading`` and ``curating`` the commands, in the
order of ``--help``.
"""

import sys

from . import curating, reading  # noqa: F401  (register the commands)
from ._app import PROG, app

__all__ = ["PROG", "app", "main"]


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
