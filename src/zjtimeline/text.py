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


#: Punctuation that may not start a line (closing marks, pauses, stops) and that may not
#: end one (opening marks): the kinsoku rules of Chinese and Japanese typesetting.
_NO_LINE_START = frozenset("、。,，.;；:：!！?？)）」』”’》〉】〕］}…%·")
_NO_LINE_END = frozenset("“‘《〈「『【〔［(（{")
_TOKEN = re.compile(r"[A-Za-z0-9_#'’\-.,;:!?%()/]+|\s+|.")


def wrap(text: str, cols: int, *, break_words: bool = True) -> list[str]:
    """Wrap to ``cols`` columns: English breaks at spaces, Chinese between characters.

    No line starts with closing punctuation or ends with opening punctuation: the
    mark moves with its neighbour. A word longer than a line is cut when
    ``break_words``, else kept whole on a line of its own (for ids, which must stay
    pasteable)."""
    cols = max(cols, 4)
    lines: list[list[str]] = []
    line: list[str] = []
    used = 0

    def push(tokens: list[str]) -> None:
        while tokens and tokens[-1].isspace():
            tokens.pop()
        lines.append(tokens)

    for token in _TOKEN.findall(text):
        w = width(token)
        if used + w > cols and any(not t.isspace() for t in line):
            if token.isspace():
                push(line)
                line, used = [], 0
                continue
            carry: list[str] = []
            body = list(line)
            while body and body[-1].isspace():
                body.pop()
            if token[0] in _NO_LINE_START:  # take the word before it along
                while body and body[-1] in _NO_LINE_START:
                    carry.insert(0, body.pop())
                if body:
                    carry.insert(0, body.pop())
            while body and body[-1] in _NO_LINE_END:  # an opening mark goes down too
                carry.insert(0, body.pop())
            if not any(not t.isspace() for t in body):  # nothing would be left: break here
                body, carry = list(line), []
            push(body)
            line = carry
            used = sum(width(t) for t in line)
        if w > cols and break_words and not line:
            while w > cols:  # a single word longer than the line
                head = truncate(token, cols)[:-1]
                lines.append([head])
                token = token[len(head) :]
                w = width(token)
        line.append(token)
        used += w
    if any(not t.isspace() for t in line):
        push(line)
    return ["".join(t).rstrip() for t in lines] or [""]


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 fact``, ``2 facts``; ``many`` for irregular plurals."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def pad(text: str, cols: int) -> str:
    """Pad with spaces to ``cols`` display columns."""
    return text + " " * max(cols - width(text), 0)
