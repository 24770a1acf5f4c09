"""Errors a user can cause, with messages ready to print, and the exit codes.

Domain code raises these; ``cli.main`` is the one place that prints them and exits.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    NO_MATCH = 1  # nothing matched, an id not found, or `validate` found problems
    USAGE = 2  # bad option value, unreadable or invalid fact file
    INTERRUPTED = 130


class ZjtError(Exception):
    """An error whose message (what, where, how to fix) is ready for a person."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(ZjtError):
    """A bad option or argument value."""


class DateError(UsageError):
    """A date the user typed that cannot be read, or an impossible one."""


class NotFoundError(ZjtError):
    """A fact id that does not exist, or nothing matched."""

    exit_code = ExitCode.NO_MATCH


class OutputError(ZjtError):
    """Standard output cannot be written: closed, or the disk is full (as ``cat: write
    error``)."""


class Problem:
    """One problem in a fact file, located at file:line."""

    __slots__ = ("line", "message", "path")

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"


class FactFileError(ZjtError):
    """A fact file that cannot be used: unreadable, unparsable, or invalid.

    ``problems`` lists every problem found; the message is the first, with a count
    of the rest and the command that lists them all.
    """

    def __init__(self, problems: list[Problem], *, unreadable: bool = False) -> None:
        self.problems = problems
        self.unreadable = unreadable
        first = str(problems[0]) if problems else "invalid fact file"
        more = len(problems) - 1
        if more > 0:
            first += f" (and {more} more; run 'zjtimeline validate {problems[0].path}')"
        super().__init__(first)
