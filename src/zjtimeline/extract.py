"""Read an article and propose candidate facts, as small pure steps:

    split_article → find_dates (the grammar in dates.py) → find_figures → assemble

Each step takes plain values and returns plain values, so each is tested alone. The
result is written by :func:`to_yaml` as a fact file the loader accepts once it is saved
next to the article; only the summaries and figure labels say TODO.

Nothing here is a second date grammar: ``dates.find_dates`` proposes and reads the
phrases. What this module adds is how an article uses them: a phrase that opens a
paragraph dates the sentences after it; "十年来" near an anchor the article names
(党的十八大以来) is that anchor; "截至2021年底" with a count is the count at that day.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .dates import FoundDate, chinese_numeral, find_dates
from .model import AT, THROUGHOUT, WITHIN, Period, Theme

# ── Step 1: sections and sentences ───────────────────────────────────────────

_END = "。！？!?"
_HEADING_MAX = 40  # characters: longer unpunctuated lines are paragraphs


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or a clause ended by ';') as it stands in the article."""

    text: str
    start: int  # offset in the article
    paragraph: int  # running number of its paragraph
    first: bool  # the first sentence of its paragraph
    section: str = ""
    subsection: str = ""


def _is_body(line: str) -> bool:
    return line[-1] in _END + "”’;；" or "。" in line


def split_article(text: str) -> list[Sentence]:
    """Sentences with the section and sub-section they sit under.

    The sentences are those of :func:`coverage.split_sentences` (one splitter for the
    project). Lines before the first line of running text are the page's header. A
    pair of short lines without end punctuation is a section heading (joined by a
    space); a single one is a caption and is skipped; a line ending in "——" is a
    sub-heading.
    """
    from .coverage import split_sentences

    lines: list[list[Any]] = []  # the sentences of each non-blank line
    for sentence in split_sentences(text):
        if lines and lines[-1][0].line == sentence.line:
            lines[-1].append(sentence)
        else:
            lines.append([sentence])
    out: list[Sentence] = []
    section = subsection = ""
    started = False
    paragraph = 0
    i = 0
    while i < len(lines):
        pieces = lines[i]
        line = text[pieces[0].start : pieces[-1].end]
        i += 1
        if not started:
            if not _is_body(line):
                continue
            started = True
        if line.endswith("——"):
            subsection = line.rstrip("—").strip()
            continue
        if not _is_body(line) and len(line) <= _HEADING_MAX:
            nxt = lines[i] if i < len(lines) else None
            nxt_line = text[nxt[0].start : nxt[-1].end] if nxt else ""
            if (
                nxt_line
                and not _is_body(nxt_line)
                and len(nxt_line) <= _HEADING_MAX
                and not nxt_line.endswith("——")
            ):
                section, subsection = f"{line} {nxt_line}", ""
                i += 1
            continue  # a heading, or a caption
        paragraph += 1
        first = True
        for piece in pieces:
            body = piece.text.rstrip(";；,").rstrip()
            if len(body) < 2:
                continue
            out.append(Sentence(body, piece.start, paragraph, first, section, subsection))
            first = False
    return out


# ── Step 2: dates (found by dates.find_dates) → fact dates ───────────────────


def _edtf_point(start: date, precision: str) -> str:
    y = start.year
    if precision == "year":
        return f"{y:04d}"
    if precision == "month":
        return f"{y:04d}-{start.month:02d}"
    if precision == "quarter":
        return f"{y:04d}-{33 + (start.month - 1) // 3}"
    if precision == "half":
        return f"{y:04d}-{40 if start.month <= 6 else 41}"
    if precision == "season":
        return f"{y:04d}-{21 + (start.month - 3) // 3}"
    return start.isoformat()


@dataclass(frozen=True, slots=True)
class FactDate:
    edtf: str
    form: str
    text: str  # the phrase as the article words it
    basis: str | None = None  # why, when the reading is not the phrase alone
    text_en: str = ""  # the phrase in English


_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]  # fmt: skip
_CONGRESS = {
    "十八": "18th",
    "18": "18th",
    "十九": "19th",
    "19": "19th",
    "二十": "20th",
    "20": "20th",
}


def _when_en(day: date, precision: str, text: str) -> str:
    if precision == "quarter" and "初" in text and day.month <= 3:  # not 2021年初以后 (Q2)
        return f"early {day.year}"
    if precision == "half":
        return f"the {'first' if day.month <= 6 else 'second'} half of {day.year}"
    if precision == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if precision == "month":
        return f"{_MONTH_NAMES[day.month - 1]} {day.year}"
    if precision == "day":
        return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"
    return str(day.year)


def english(found: FoundDate) -> str:
    """The phrase in English, as the fact files word it: 十年来 → over the past decade,
    截至2021年底 → as of the end of 2021, 从2013年7月起 → from July 2013."""
    q, text = found.query, found.text
    p = q.period
    congress = re.search(r"(十八|十九|二十|18|19|20)大", text)
    if congress:
        name = f"the {_CONGRESS[congress[1]]} Party Congress"
        return f"since {name}" if q.opens == "since" else name
    if "建党" in text:
        return "the Party's centenary"
    begin, end = p.start, p.end
    if q.approximate and q.opens is None and p.start_precision == "day" and begin and end:
        # a span counted back from the article's date: 近3个月, 十年来
        if re.search(r"^(?:近|最近|过去).*个月|个月(?:来|以来)$", text):
            months = (end.year - begin.year) * 12 + end.month - begin.month
            return "over the past month" if months == 1 else f"over the past {months} months"
        if (end - begin).days >= 365:
            years = round((end - begin).days / 365.25)
            if years in (1, 10):
                return "over the past year" if years == 1 else "over the past decade"
            return f"over the past {years} years"
    if q.opens == "since" and p.start is not None:
        when = _when_en(p.start, p.start_precision, text)
        return f"since {when}" if "以来" in text else f"from {when}"
    if q.opens == "until" and p.end is not None:
        if (p.end.month, p.end.day) == (12, 31) and any(w in text for w in ("底", "末")):
            return f"as of the end of {p.end.year}"  # not 6月底, nor 2021年底以前
        return f"as of {_when_en(p.end, p.end_precision, text)}"
    if p.start is not None and p.end is not None:
        first = _when_en(p.start, p.start_precision, text)
        last = _when_en(p.end, p.end_precision, text)
        if first == last:
            if p.start_precision == "day":
                return f"on {first}"
            return f"in {first}" if p.start_precision in ("year", "month") else first
        return f"from {first} to {last}"
    return "TODO"


def _counted_back(found: FoundDate, now: date) -> bool:
    """十年来, 近三年: a span the grammar counts back from ``now`` (the article's date)."""
    q = found.query
    return (
        q.approximate
        and q.opens is None
        and q.period.end == now
        and q.period.start_precision == "day"
    )


def fact_date(found: FoundDate, published: date, anchors: Sequence[FoundDate] = ()) -> FactDate:
    """What a date phrase makes of a fact's date, counted from the publication date.

    A phrase that opens an end (以来, 起) holds up to the publication date; 截至 dates
    a figure at its last day; "十年来", "近三年" (a span back from the article's date)
    become the start of an anchor the article names when one lies within a year of it.
    """
    q, text = found.query, found.text
    p = q.period
    pub = published.isoformat()
    en = english(found)
    if _counted_back(found, published) and p.start is not None:
        for a in anchors:
            s = a.query.period.start
            if s is not None and abs((s - p.start).days) <= 366:
                return FactDate(
                    f"{s.isoformat()}/{pub}",
                    THROUGHOUT,
                    text,
                    f"{text} is read as {a.text} (from {s.isoformat()}), which the article names; "
                    f"the span runs to its date, {pub}",
                    en,
                )
        return FactDate(
            f"{p.start.isoformat()}/{pub}", THROUGHOUT, text, f"{text} counted back from {pub}", en
        )
    if q.opens == "since" and p.start is not None:
        return FactDate(
            f"{_edtf_point(p.start, p.start_precision)}/{pub}", THROUGHOUT, text, None, en
        )
    if q.opens == "until" and p.end is not None:
        return FactDate(p.end.isoformat(), AT, text, None, en)
    if p.start is not None and p.end is not None:
        one = _edtf_point(p.start, p.start_precision)
        if p.start_precision == p.end_precision and _edtf_point(p.end, p.end_precision) == one:
            return FactDate(one, AT, text, None, en)
        return FactDate(
            f"{one}/{_edtf_point(p.end, p.end_precision)}"
            if p.end_precision != "day"
            else f"{one}/{p.end.isoformat()}",
            THROUGHOUT,
            text,
            None,
            en,
        )
    return FactDate(pub, AT, text, "TODO: an open phrase; dated by the article", en)


# ── Step 3: figures ──────────────────────────────────────────────────────────

_CN_NUM = "两二三四五六七八九十百千万"
_CLASSIFIERS = "名个位家项条批张场天年县人次户所届期支座亿倍项件次轮"
_ARABIC = re.compile(
    r"(?P<pre>近|不到|超过|逾)?(?P<v>\d+(?:\.\d+)?(?:\+\d+(?:\.\d+)?)*)(?P<mag>万|亿)?(?P<more>多|余)?"
    r"(?P<u>%|‰|[" + _CLASSIFIERS + r"](?:[^\W\d_]{0,3}?(?=[,。、;”“)(\s]|$))?)?"
)
_CHINESE = re.compile(
    rf"(?<![{_CN_NUM}一〇零])(?P<v>[{_CN_NUM}](?:[{_CN_NUM}〇零一]*[{_CN_NUM}])?)(?P<u>个方面|大[^\W\d_]{{1,5}}?(?=[,。、;”“的]|$)|大|[{_CLASSIFIERS}]|[^\W\d_](?=[^”]*”))"
)
_QUOTED = re.compile(r"“([^“”]{1,40})”|《([^《》]{1,60})》")
# Words that end the name of a programme, mechanism or document (深入实施"强基工程",
# 出台…的决定): a sentence naming one is a candidate even without a date or figure.
_PROGRAMME = re.compile(r"(?:工程|计划|行动|机制|制度|体系|应用|决定|意见|办法|规则|清单)")
# Verbs by which the article reports what was done (加强, 推进 …): a sentence with one
# is a candidate too; a maxim (治国安邦,重在基础) has none.
_ACTION = re.compile(
    r"(?:推进|推动|实施|开展|加强|建立|完善|深化|打造|提升|探索|挖掘|做好|选好|整治|查处|举办|召开|出台|制定|成立)"
)


@dataclass(frozen=True, slots=True)
class FoundFigure:
    value: str
    unit: str
    bound: str | None
    start: int
    end: int


def find_figures(text: str, skip: Iterable[tuple[int, int]] = ()) -> list[FoundFigure]:
    """Numbers with their units: 426.9万名, 8万余个 (bound lower), 500多位, 22.3%,
    1+1+4, 七张, 三大指数; spans in ``skip`` (date phrases) are not figures."""
    taken = list(skip)

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    out: list[FoundFigure] = []
    for m in _ARABIC.finditer(text):
        if not free(m.start("v"), m.end("v")):
            continue
        unit = (m["mag"] or "") + (m["more"] or "") + (m["u"] or "")
        bound = (
            "lower" if m["more"] or m["pre"] in ("超过", "逾") else "upper" if m["pre"] else None
        )
        out.append(FoundFigure(m["v"], unit, bound, m.start("v"), m.end()))
        taken.append((m.start("v"), m.end()))
    quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text)]
    for m in _CHINESE.finditer(text):
        a, b = m.start("v"), m.end("v")
        if not free(a, b):
            continue
        unit = m["u"]
        in_quote = any(s < a < e for s, e in quoted)
        if len(unit) == 1 and unit not in _CLASSIFIERS + "大" and not in_quote:
            continue
        if m["v"] in ("万", "百", "千") and unit not in _CLASSIFIERS and not in_quote:
            continue
        digits = m["v"].replace("万", "")
        try:
            if digits:
                chinese_numeral(digits)
        except (KeyError, ValueError):
            continue
        out.append(FoundFigure(m["v"], unit, None, a, m.end()))
        taken.append((a, m.end()))
    out.sort(key=lambda f: f.start)
    return out


def quoted_names(text: str) -> list[str]:
    """Names the article puts in quotation marks: “七张问题清单”, 《若干意见》; not a
    single character (战“疫”) nor a quoted sentence."""
    names = (m[1] or m[2] for m in _QUOTED.finditer(text))
    return [n for n in names if len(n) >= 2 and not any(p in n for p in "。,，;；")]


# ── Step 4: candidates ───────────────────────────────────────────────────────

_MEANWHILE = ("与此同时", "同时", "当时")


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    quote: str
    start: int
    date: FactDate
    figures: tuple[FoundFigure, ...]
    names: tuple[str, ...]
    section: str
    subsection: str
    themes: tuple[str, ...]
    kind: str
    own_date: bool  # the date phrase is in the quote itself


def _terms(theme: Theme) -> list[str]:
    """Two-character words of a theme's Chinese name: 基层党建(强基工程) → 基层, 层党 …"""
    words = re.split(r"[()（）、,，\s/]+", theme.name_zh)
    return [w[i : i + 2] for w in words if w for i in range(max(1, len(w) - 1))]


def guess_themes(sentence: Sentence, themes: Sequence[Theme]) -> tuple[str, ...]:
    """The theme whose name best matches the section heading first, then any whose
    whole name occurs in the sentence."""
    chosen: list[str] = []
    heading = sentence.section
    if heading:
        scored = [
            (sum(t in heading for t in _terms(th)), -i, th.slug) for i, th in enumerate(themes)
        ]
        best = max(scored, default=(0, 0, ""))
        if best[0] > 0:
            chosen.append(best[2])
    elif any(th.slug == "overview" for th in themes):
        chosen.append("overview")
    for th in themes:
        names = [w for w in re.split(r"[()（）、,，\s/]+", th.name_zh) if len(w) >= 2]
        if th.slug not in chosen and any(w in sentence.text for w in names):
            chosen.append(th.slug)
    return tuple(chosen)


def guess_kind(text: str, figures: Sequence[FoundFigure], form: str) -> str:
    if any(f.unit and f.unit[-1] in "名个%万位家" for f in figures):
        return "statistic"
    if any(w in text for w in ("机制", "制度", "体系")):
        return "mechanism"
    if any(w in text for w in ("工程", "计划", "行动", "活动")):
        return "programme"
    if any(w in text for w in ("出台", "制定", "意见", "决定", "办法")):
        return "policy"
    return "event" if form == AT else "context"


def assemble(
    sentences: Sequence[Sentence],
    text: str,
    published: date,
    themes: Sequence[Theme] = (),
    id_prefix: str = "c",
) -> list[Candidate]:
    """One candidate per sentence that carries a date phrase, a figure, a quoted name
    (“…”, 《…》) or names a programme, mechanism or document (…工程, …机制, …的决定).

    A sentence without a date phrase of its own is dated by where it stands:

    - a point in time that opens its paragraph (2020年初) dates it *at* that time; so
      does one that opened the paragraph before, in the same section, for the first
      sentence of this one (and on through paragraphs that open with 与此同时);
    - a span that opens its paragraph (十年来, 2016年以来): some time *within* it;
    - later in a (sub)section where a paragraph opened with a point in time: some time
      within that point and the publication date (the story has moved on from it);
    - else some time within the span the article is about (党的十八大以来, or 十年来,
      to the publication date).

    Each such date says why in its basis, marked TODO for the curator.
    """
    all_dates = find_dates(text, now=published)
    anchors = [d for d in all_dates if d.query.opens == "since" and "大" in d.text]
    article_span = _article_span(all_dates, published, anchors)
    out: list[Candidate] = []
    opener: _Opener | None = None  # the date phrase that opened the current paragraph
    point: _Opener | None = None  # the last point in time that opened one, in this (sub)section
    for n, s in enumerate(sentences, 1):
        in_text = find_dates(s.text, now=published)
        found = [d for d in in_text if not s.text[: d.start].endswith("比")]  # 比…时: a baseline
        figures = find_figures(s.text, [(d.start, d.end) for d in in_text])
        names = quoted_names(s.text)
        if point is not None and (point.section, point.subsection) != (s.section, s.subsection):
            point = None
        if found:
            read = fact_date(found[0], published, anchors)
            date_ = _setting_up(s.text, found[0], read)
            # the phrase, not its set-up reading, dates the sentences after it
            here = _Opener(read, s.paragraph, s.section, s.subsection, True)
            opens = found[0].start <= 2  # the phrase opens the sentence
            if s.first:
                opener = here if opens else None
            if opens and date_.form == AT:
                point = here
        else:
            if s.first and opener is not None:
                opener = opener.next_paragraph(s)
            date_ = _not_before(s.text, _undated(s, opener, point, article_span))
        if not (found or figures or names or _PROGRAMME.search(s.text) or _ACTION.search(s.text)):
            continue
        out.append(
            Candidate(
                id=f"{id_prefix}-{n:03d}",
                quote=s.text,
                start=s.start,
                date=date_,
                figures=tuple(figures),
                names=tuple(names),
                section=s.section,
                subsection=s.subsection,
                themes=guess_themes(s, themes),
                kind=guess_kind(s.text, figures, date_.form),
                own_date=bool(found),
            )
        )
    return out


def _article_span(
    all_dates: Sequence[FoundDate], published: date, anchors: Sequence[FoundDate]
) -> FactDate:
    for d in all_dates:
        if d in anchors or _counted_back(d, published):
            return fact_date(d, published, anchors)
    return FactDate(f"{(published - timedelta(days=3652)).isoformat()}/{published}", THROUGHOUT, "")


@dataclass(frozen=True, slots=True)
class _Opener:
    date: FactDate
    paragraph: int
    section: str
    subsection: str
    own: bool  # it opens this paragraph (not carried from the one before)

    def next_paragraph(self, s: Sentence) -> _Opener | None:
        """Whether a point in time carries into the paragraph ``s`` opens."""
        follows = self.paragraph == s.paragraph - 1 and self.section == s.section
        if self.date.form == AT and follows and (self.own or s.text.startswith(_MEANWHILE)):
            return _Opener(self.date, s.paragraph, s.section, s.subsection, False)
        return None


def _undated(
    s: Sentence, opener: _Opener | None, point: _Opener | None, span: FactDate
) -> FactDate:
    """The date of a sentence that gives none, from where it stands (see :func:`assemble`)."""
    todo = "TODO check: the sentence has no date;"
    if opener is not None and opener.date.form == AT and (opener.own or s.first):
        d = opener.date
        where = "its paragraph" if opener.own else "a paragraph before"
        return FactDate(d.edtf, AT, d.text, f"{todo} {d.text} opens {where}", d.text_en)
    if opener is not None and opener.date.form != AT:
        span, why = opener.date, f"{opener.date.text}, which opens its paragraph"
    elif point is not None:
        start = point.date.edtf
        return FactDate(
            f"[{start}..{span.edtf.split('/')[1]}]",
            WITHIN,
            "",
            f"{todo} it comes after {point.date.text} in its section, so some time from then "
            "to the article's date",
        )
    else:
        why = f"{span.text or 'the decade'}, which the article is about"
    start, end = span.edtf.split("/")
    return FactDate(
        f"[{start}..{end}]",
        WITHIN,
        "",
        f"{todo} it happened some time within {why} ({span.edtf}); "
        f"if it held throughout, write {span.edtf}",
    )


# Verbs that set something up once (建立健全…机制, 打造…应用): a span phrase that governs
# only them (十年来,浙江建立健全…) tells when it happened, not that it held throughout.
_SETUP = re.compile(
    r"^[,，]?(?:浙江|全省)?(?:以[^,，。]{1,16}为(?:统领|牵引|抓手|载体|契机)[,，])?"
    r"(?:建立健全|建立|打造|出台|成立|制定)"
)


def _setting_up(text: str, found: FoundDate, date_: FactDate) -> FactDate:
    """十年来,浙江建立健全…机制: some time within the span, not throughout it."""
    if date_.form != THROUGHOUT or not _SETUP.match(text[found.end :]):
        return date_
    start, end = date_.edtf.split("/")
    return FactDate(
        f"[{start}..{end}]",
        WITHIN,
        date_.text,
        f"TODO check: {date_.text} governs setting something up, which happened some time "
        f"within the span ({date_.edtf}); if it held throughout, write {date_.edtf}",
        date_.text_en,
    )


# Things that first existed on a known date (general knowledge, not the article's): a
# sentence that names one, and gives no date, happened some time after it. The same
# dates as the curated fact base's "not-before" rule.
NOT_BEFORE: tuple[tuple[str, str, str], ...] = (
    ("习近平总书记", "2012-11-15", "Xi Jinping was elected General Secretary on 2012-11-15"),
    ("八项规定", "2012-12-04", "the central eight-point rules were adopted on 2012-12-04"),
    ("亚运会", "2015-09-16", "Hangzhou was awarded the 2022 Asian Games on 2015-09-16"),
    (
        "新时代",
        "2017-10-18",
        "新时代 (the new era) was named at the 19th Party Congress, opened 2017-10-18",
    ),
    (
        "新思想",
        "2017-10-18",
        "新思想 (the new thought) was named at the 19th Party Congress, opened 2017-10-18",
    ),
    (
        "乡村振兴",
        "2017-10-18",
        "乡村振兴 was set out at the 19th Party Congress, opened 2017-10-18",
    ),
    ("共同富裕示范区", "2021", "the common-prosperity demonstration zone was designated in 2021"),
    ("数字化改革", "2021-02-18", "Zhejiang launched 数字化改革 (digital reform) on 2021-02-18"),
)


def _not_before(text: str, date_: FactDate) -> FactDate:
    """Some time within a range, raised to the latest thing the sentence names that first
    existed on a known date (see :data:`NOT_BEFORE`)."""
    if date_.form != WITHIN:
        return date_
    start, end = date_.edtf[1:-1].split("..")
    lowest = check_period(start).start
    floor: tuple[date, str, str] | None = None
    for word, since, why in NOT_BEFORE:
        day = check_period(since).start
        if word not in text or day is None or lowest is None or day <= lowest:
            continue
        if floor is None or day > floor[0]:
            floor = (day, since, why)
    if floor is None:
        return date_
    return FactDate(
        f"[{floor[1]}..{end}]",
        WITHIN,
        date_.text,
        f"TODO check: the sentence gives no date; {floor[2]} (general knowledge, not the "
        "article), so some time from then to the article's date",
        date_.text_en,
    )


# ── The candidate file ───────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Article:
    path: Path
    text: str
    sha256: str
    title: str
    published: str  # ISO 8601
    authors: tuple[str, ...] = field(default=())


def read_article(path: Path, published: str | None = None) -> Article:
    """The article's text, digest, and what its header says (title, date, authors)."""
    data = path.read_bytes()
    text = data.decode("utf-8-sig")
    header: list[str] = []
    for line in text.splitlines():
        s = line.strip()
        if s and _is_body(s):
            break
        if s:
            header.append(s)
    title = next(
        (
            h
            for h in header
            if not h.startswith(("当前位置", ">"))
            and not re.search(r"\d{4}-\d\d-\d\d|记者|作者", h)
        ),
        path.stem,
    )
    when = published
    authors: tuple[str, ...] = ()
    for h in header:
        m = re.search(r"(\d{4}-\d\d-\d\d)(?:[ T](\d\d:\d\d))?", h)
        if m and when is None:
            when = f"{m[1]}T{m[2]}:00+08:00" if m[2] else m[1]
        a = re.search(r"作者[:：]\s*(.+)$", h)
        if a:
            authors = tuple(a[1].split())
    if when is None:
        raise ValueError("no date in the article's header; give --published YYYY-MM-DD")
    return Article(path, text, hashlib.sha256(data).hexdigest(), title, when, authors)


def published_date(published: str) -> date:
    return datetime.fromisoformat(published.replace("Z", "+00:00")).date()


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def to_yaml(
    article: Article,
    candidates: Sequence[Candidate],
    themes: Sequence[Theme],
    source_id: str,
    file: str,
) -> str:
    """The candidate fact file: the source block, the themes it uses, the candidates."""
    used = {t for c in candidates for t in c.themes}
    lines = [
        f"# Candidate facts extracted from {file} by `zjtimeline extract`.",
        "# Check each one against the article: keep, merge or drop it; write the summaries",
        "# and figure labels (marked TODO); check dates whose basis says TODO.",
        "",
        "sources:",
        f"  - id: {_q(source_id)}",
        f"    title: {_q(article.title)}",
        '    publication: "TODO"',
        f"    published: {_q(article.published)}",
        f"    authors: [{', '.join(_q(a) for a in article.authors)}]",
        f"    file: {_q(file)}",
        f"    sha256: {article.sha256}",
        "",
        "themes:",
    ]
    for t in themes:
        if t.slug in used:
            lines += [
                f"  - slug: {_q(t.slug)}",
                f"    name_zh: {_q(t.name_zh)}",
                f"    name_en: {_q(t.name_en)}",
            ]
    if not used:
        lines += ["  - slug: todo", "    name_zh: 待定", "    name_en: TODO"]
    lines += ["", "facts:"]
    for c in candidates:
        lines += [
            f"  - id: {c.id}",
            f"    source: {_q(source_id)}",
            f"    date: {_q(c.date.edtf)}  # {c.date.form}",
        ]
        if c.date.text:
            lines.append(f"    date_text: {_q(c.date.text)}")
            lines.append(f"    date_text_en: {_q(c.date.text_en or 'TODO')}")
        if c.date.basis:
            lines.append(f"    date_basis: {_q(c.date.basis)}")
        lines += [
            f"    themes: [{', '.join(_q(t) for t in c.themes) or _q('todo')}]",
        ]
        if c.names:
            lines.append(f"    tags: [{', '.join(_q(n) for n in dict.fromkeys(c.names))}]")
        lines += [
            f"    kind: {c.kind}",
            '    summary_zh: "TODO"',
            '    summary_en: "TODO"',
            f"    quote: {_q(c.quote)}",
        ]
        if c.figures:
            lines.append("    figures:")
            for f in c.figures:
                bound = f", bound: {f.bound}" if f.bound else ""
                lines.append(
                    f"      - {{value: {_q(f.value)}, unit: {_q(f.unit)}, label_zh: TODO, label_en: TODO{bound}}}"
                )
        if c.section:
            lines.append(f"    section: {_q(c.section)}")
        if c.subsection:
            lines.append(f"    subsection: {_q(c.subsection)}")
    return "\n".join(lines) + "\n"


def extract(
    article: Article, themes: Sequence[Theme] = (), id_prefix: str | None = None
) -> list[Candidate]:
    """All the steps: the candidates of one article."""
    prefix = id_prefix or re.sub(r"[^A-Za-z0-9._-]+", "-", article.path.stem).strip("-") or "c"
    sentences = split_article(article.text)
    return assemble(sentences, article.text, published_date(article.published), themes, prefix)


def check_period(edtf: str) -> Period:
    """The period of an EDTF date the extractor wrote (for tests and the benchmark)."""
    from .edtf import parse_edtf

    return parse_edtf(edtf)
