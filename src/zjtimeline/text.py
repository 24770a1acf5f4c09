"""Text helpers: folding for search, display width, safe display, wrapping.

Fact text is untrusted: :func:`safe` shows control characters and terminal escape
sequences as visible escapes, so data can never drive the terminal.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# C0 and C1 controls, DEL, and the Unicode bidirectional overrides and isolates
# (which can make text display in an order other than it reads).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    code = ord(ch)
    if ch == "\n":
        return "\\n"
    if ch == "\t":
        return "\\t"
    if ch == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str) -> str:
    """Text fit for a terminal or a TSV cell: controls shown as escapes (``\\x1b``)."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


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
