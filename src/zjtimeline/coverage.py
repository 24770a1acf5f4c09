"""Sentences of a source text, and which of them the fact base accounts for.

Pure functions, no I/O: ``split_sentences`` cuts a text into sentences with their
offsets; ``coverage`` tells, for each sentence, the facts whose quote overlaps it,
or the exclusion that leaves it out on purpose, or that it is missing.

A sentence ends at 。！？； (or ASCII ! ? ; as web pages often write them), with any
closing quotes or brackets that follow kept with it (``…全面从严治党。”``), and at
every line break. A comma, ASCII or not, never ends one; neither does a full stop
``.``, which in Chinese text is a decimal point (426.9, 2.4万), nor an ellipsis ……
A line with no sentence-ending punctuation at all — a title, heading, photo caption
or page chrome — is one sentence, marked ``heading``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Exclusion, Fact
from .text import plural

QUOTED, EXCLUDED, MISSING = "quoted", "excluded", "missing"
STATUSES = (QUOTED, EXCLUDED, MISSING)

# ASCII ! ? ; end a sentence unless a letter or digit follows (a URL's ?q=, &amp;).
_END = r"(?:[。！？；]|[!?;](?![A-Za-z0-9]))"
_CLOSE = "”’」』)）》〉】\"'"
_SENTENCE = re.compile(rf"(?:(?!{_END})[^\n])*{_END}+[{_CLOSE}]*|[^\n]+")
_ANY_END = re.compile(_END)
_BLANK = " \t\r\u3000\xa0\ufeff"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``text == source[start:end]``, trimmed of spaces."""

    start: int
    end: int
    text: str
    line: int  # 1-based
    heading: bool = False  # a whole line without sentence-ending punctuation


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order, with their offsets; blank lines give none."""
    out: list[Sentence] = []
    line_start = 0
    for number, line in enumerate(text.split("\n"), 1):
        pieces = []
        for m in _SENTENCE.finditer(line):
            raw = m.group()
            lead = len(raw) - len(raw.lstrip(_BLANK))
            body = raw.strip(_BLANK)
            if body:
                at = line_start + m.start() + lead
                pieces.append((at, body))
        heading = len(pieces) == 1 and _ANY_END.search(line) is None
        out.extend(Sentence(at, at + len(body), body, number, heading) for at, body in pieces)
        line_start += len(line) + 1
    return out


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Every place ``quote`` occurs in ``text``, as (start, end) offsets."""
    spans = []
    at = text.find(quote) if quote else -1
    while at >= 0:
        spans.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return spans


def quoting(sentences: Sequence[Sentence], text: str, facts: Iterable[Fact]) -> list[list[str]]:
    """For each sentence, the ids of the facts whose quote overlaps it."""
    by_quote: dict[str, list[str]] = {}  # each distinct quote is looked up once
    for fact in facts:
        by_quote.setdefault(fact.quote, []).append(fact.id)
    starts = [s.start for s in sentences]
    found: list[list[str]] = [[] for _ in sentences]
    for quote, ids in by_quote.items():
        hit: set[int] = set()
        for lo, hi in quote_spans(text, quote):
            i = max(bisect_right(starts, lo) - 1, 0)
            while i < len(sentences) and sentences[i].start < hi:
                if sentences[i].end > lo:
                    hit.add(i)
                i += 1
        for i in hit:
            found[i].extend(ids)
    return found


def excluding(sentences: Sequence[Sentence], exclusions: Iterable[Exclusion]) -> list[list[int]]:
    """For each exclusion, the indices of the sentences it leaves out: those that
    begin with its text."""
    return [
        [i for i, s in enumerate(sentences) if s.text.startswith(e.text.strip(_BLANK))]
        for e in exclusions
    ]


@dataclass(frozen=True, slots=True)
class Row:
    """A sentence of a source and how the fact base accounts for it."""

    source: str
    index: int  # 1-based, within its source
    sentence: Sentence
    status: str  # quoted, excluded or missing
    facts: tuple[str, ...] = ()
    reason: str = ""


def coverage(
    source: str, text: str, facts: Iterable[Fact], exclusions: Iterable[Exclusion]
) -> list[Row]:
    """Every sentence of one source: quoted (by which facts), excluded (why), or missing.

    Only the facts and exclusions of ``source`` count. A sentence both quoted and
    excluded is reported as quoted (the loader reports the clash).
    """
    sentences = split_sentences(text)
    mine = [f for f in facts if f.source == source]
    ours = [e for e in exclusions if e.source == source]
    quoted = quoting(sentences, text, mine)
    reasons: dict[int, str] = {}
    for e, hits in zip(ours, excluding(sentences, ours), strict=True):
        for i in hits:
            reasons.setdefault(i, e.reason)
    rows = []
    for i, s in enumerate(sentences):
        if quoted[i]:
            rows.append(Row(source, i + 1, s, QUOTED, tuple(quoted[i])))
        elif i in reasons:
            rows.append(Row(source, i + 1, s, EXCLUDED, reason=reasons[i]))
        else:
            rows.append(Row(source, i + 1, s, MISSING))
    return rows


def summary(rows: Sequence[Row]) -> str:
    """``142 sentences: 120 quoted, 22 excluded, 0 missing — 100%``."""
    n = {status: sum(r.status == status for r in rows) for status in STATUSES}
    total = len(rows)
    done = n[QUOTED] + n[EXCLUDED]
    share = 100 * done // total if total else 100  # rounded down: 100% only when done
    return (
        f"{plural(total, 'sentence')}: {n[QUOTED]} quoted, {n[EXCLUDED]} excluded, "
        f"{n[MISSING]} missing — {share}%"
    )


COLUMNS = ("source", "index", "line", "start", "end", "status", "facts", "reason", "text")


def row_to_record(row: Row) -> dict[str, object]:
    """The one output shape of a coverage row, for every format."""
    s = row.sentence
    return {
        "source": row.source,
        "index": row.index,
        "line": s.line,
        "start": s.start,
        "end": s.end,
        "status": row.status,
        "facts": list(row.facts),
        "reason": row.reason or None,
        "text": s.text,
    }
