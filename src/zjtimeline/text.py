"""Text helpers: folding for search, display width, safe display, wrapping.

Fact text is untrusted: :func:`safe` shows control characters, terminal escape
sequences and invisible format characters as visible escapes, so data can never drive
the terminal; :func:`say` is the one way a message reaches stderr.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# What must never reach a terminal raw: C0 and C1 controls (ESC, CSI U+009B, OSC …),
# DEL, line and paragraph separators, and every invisible format character (Unicode
# category Cf: bidirectional overrides and isolates, U+200B zero width space, U+FEFF,
# U+00AD soft hyphen, U+2061 function application, the tag characters U+E0000 …), which
# can reorder text or make two different strings look alike. The ranges are every Cc,
# Cf, Zl and Zp character of Unicode 15 (tests/test_security.py checks them against
# the running Python's unicodedata).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    code = ord(ch)
    if ch == "\n":
        return "\\n"
    if ch == "\t":
        return "\\t"
    if ch == "\r":
        return "\\r"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def safe(text: str) -> str:
    """Text fit for a terminal: controls and invisible format characters shown as
    escapes (``\\x1b``, ``\\u200b``, ``\\U000e0041``)."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def tsv_field(text: str) -> str:
    """One TSV field, reversible: a backslash is written ``\\\\``, and every character
    :func:`safe` escapes as its escape (``\\t``, ``\\n``, ``\\r``, ``\\xHH``, ``\\uHHHH``,
    ``\\UHHHHHHHH``), as PostgreSQL's COPY text format does; see :func:`tsv_unescape`."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    return safe(text)


_TSV_ESCAPE = re.compile(r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|.)", re.DOTALL)
_TSV_SIMPLE = {"\\n": "\n", "\\t": "\t", "\\r": "\r", "\\\\": "\\", "\\,": ","}


def tsv_unescape(field: str) -> str:
    """The text a TSV field (or one item of a list field) stands for."""

    def one(m: re.Match[str]) -> str:
        esc = m.group()
        if esc in _TSV_SIMPLE:
            return _TSV_SIMPLE[esc]
        if len(esc) > 2:
            return chr(int(esc[2:], 16))
        raise ValueError(f"unknown escape {esc!r}")

    return _TSV_ESCAPE.sub(one, field)


# ── Messages on stderr ───────────────────────────────────────────────────────
# Every line zjtimeline writes to stderr goes through :func:`say`, which passes it
# through :func:`safe`: paths, ids and values from a fact file or an argument can
# never move the cursor, set the window title or reorder a line
# (tests/test_layout.py checks that nothing else writes to stderr).

PROG = "zjtimeline"


def say(message: str, *, raw_newlines: bool = False) -> None:
    """Write one message to stderr, escaped; ``raw_newlines`` keeps the line breaks of
    a multi-line text of our own (the help shown as usage). Never raises."""
    import sys

    text = "\n".join(safe(line) for line in message.split("\n")) if raw_newlines else safe(message)
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except Exception:  # stderr itself is gone: nothing more to say
        pass


def warn(message: str) -> None:
    """``zjtimeline: warning: …`` on stderr, escaped."""
    say(f"{PROG}: warning: {message}")


def progress(text: str | None) -> None:
    """A count that rewrites itself in place on a terminal; None clears it."""
    import sys

    try:
        sys.stderr.write(f"\r{safe(text)}" if text is not None else "\r\x1b[K")
        sys.stderr.flush()
    except Exception:
        pass


def fold(text: str) -> str:
    """Case- and width-insensitive form for search: ２０２０ = 2020, ，= ,, A = a."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=4096)
def width(text: str) -> int:
    """Columns the text takes in a terminal (CJK characters take two)."""
    if text.isascii():
        return len(text)
    from wcwidth import wcswidth

    w = wcswidth(text)
    if w < 0:  # a non-printable slipped through: count it as its escape would
        return sum(max(wcswidth(ch), 0) or 1 for ch in text)
    return w


def truncate(text: str, cols: int) -> str:
    """Cut to at most ``cols`` columns, marking the cut with …."""
    if width(text) <= cols:
        return text
    if cols <= 1:
        return "…"[:cols]
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > cols - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


_NO_LINE_START = frozenset("、。,，.;；:：!！?？)）」』”’》〉】…%")
_TOKEN = re.compile(r"[A-Za-z0-9'’\-.,;:!?%()/]+ ?|\s+|.")


def wrap(text: str, cols: int) -> list[str]:
    """Wrap to ``cols`` columns: English breaks at spaces, Chinese between characters."""
    cols = max(cols, 4)
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKEN.findall(text):
        w = width(token)
        if used + w > cols and line.strip():
            carry = ""
            if token in _NO_LINE_START:  # never start a line with closing punctuation:
                body = line.rstrip()  # take the word before it (and its punctuation) along
                cut = len(body) - 1
                while cut > 0 and body[cut] in _NO_LINE_START:
                    cut -= 1
                if cut > 0:
                    carry, line = body[cut:], body[:cut]
            lines.append(line.rstrip())
            token = carry + token.lstrip()
            line, used = "", 0
            w = width(token)
        while w > cols:  # a single word longer than the line
            head = truncate(token, cols)[:-1]
            lines.append(head)
            token = token[len(head) :]
            w = width(token)
        line += token
        used += w
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def pad(text: str, cols: int) -> str:
    """Pad with spaces to ``cols`` display columns."""
    return text + " " * max(cols - width(text), 0)
