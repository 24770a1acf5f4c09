"""Formats people look at: a self-contained HTML timeline, TimelineJS 3 JSON, Mermaid.

Each takes fact records (``fact_to_record``) and the fact base in ``Options.base``
(theme names, sources to cite) and returns text; none prints, none fetches.

Fact text is untrusted everywhere here: the HTML page carries it as JSON in a
``<script type="application/json">`` (``<``, ``>``, ``&`` escaped) and draws it with
``textContent``; TimelineJS reads HTML, so its text is escaped with :func:`html.escape`;
Mermaid's characters with a meaning (``:`` ``#`` ``;`` ``<`` ``%`` …) become its
``#code;`` entities.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from importlib import resources
from typing import Any

from ..model import WITHIN, FactBase, Source
from ..text import wrap
from ..timeline import FORM_WORDS  # one vocabulary for how a fact sits in time
from ..timeline import point_label as point
from .base import Options, Record

ERA_START = date(2012, 11, 8)  # the opening of the 18th Party Congress (十八大)


# ── Dates as a reader sees them ──────────────────────────────────────────────


def _precisions(record: Record) -> tuple[str, str]:
    start, _, end = str(record["precision"]).partition("/")
    return start, end or start


def known_until(record: Record, base: FactBase | None) -> date | None:
    """The date an ongoing fact is known to hold until: its source's date."""
    src = base.sources.get(record["source"]) if base else None
    return src.published_date if src else None


def span(record: Record, lang: str, base: FactBase | None) -> str:
    """The fact's time in words: ``2004``, ``2012-11-08 → 2022-09-30``, ``2013-07 →
    (ongoing; known to 2022-09-30)``, ``some time 2012-11-08 … 2022-09-30``."""
    sp, ep = _precisions(record)
    if record["start"] is None:  # an open start: held until then, since when unknown
        if record["end"] is None:
            return "?"
        end = point(date.fromisoformat(record["end"]), ep, end=True)
        return f"{end} 之前(起点不详)" if lang == "zh" else f"… → {end} (start unknown)"
    start = point(date.fromisoformat(record["start"]), sp)
    if record["end"] is None:
        until = known_until(record, base)
        known = f"{until.isoformat()}" if until else "?"
        return f"{start} 起,持续(已知至 {known})" if lang == "zh" else f"{start} → ongoing (known to {known})"  # fmt: skip
    end = point(date.fromisoformat(record["end"]), ep, end=True)
    if start == end:
        return start
    if record["form"] == WITHIN:
        return f"{start} 至 {end} 间某时" if lang == "zh" else f"some time {start} … {end}"
    return f"{start} → {end}"


def citation(src: Source | None) -> str:
    """郏文纲、马跃明:《勇当 “红色根脉”的筑基者》,《今日浙江》 …, 2022-09-30 15:15."""
    if src is None:
        return ""
    when = src.published[:16].replace("T", " ")
    return f"{'、'.join(src.authors)}:《{src.title}》,{src.publication},{when}"


def _lanes(records: Sequence[Record], opts: Options) -> list[tuple[str, str]]:
    """The themes drawn, as (slug, name), in the fact base's order: those the filter
    chose, else every theme a fact carries."""
    used: set[str] = {t for r in records for t in r["themes"]}
    wanted = set(opts.lanes) if opts.lanes else used
    themes = opts.base.themes if opts.base else ()
    known: list[tuple[str, str]] = [
        (t.slug, t.name_en if opts.lang == "en" else t.name_zh) for t in themes
    ]
    names = dict(known)
    order = [slug for slug, _ in known] + sorted(used - set(names))
    return [(s, names.get(s, s)) for s in order if s in used and s in wanted]


def _lane_of(record: Record, lanes: Sequence[tuple[str, str]]) -> str:
    """The one theme a fact is filed under where it can appear once: its first theme
    among the lanes drawn."""
    slugs = [s for s, _ in lanes]
    return next((t for t in record["themes"] if t in slugs), record["themes"][0])


# ── HTML ─────────────────────────────────────────────────────────────────────

UI = {
    "zh": {
        "facts": "条", "zoom_in": "放大", "zoom_out": "缩小", "fit": "适应宽度",
        "find": "在图中查找…", "legend": "图例", "themes": "主题", "at": "时点",
        "throughout": "持续", "within": "期间某时(不确定)", "ongoing": "持续至今(止于文章日期)",
        "close": "关闭", "date": "时间", "wording": "原文说法", "form": "时间类型",
        "summary_zh": "摘要(中文)", "summary_en": "摘要(英文)", "quote": "原文",
        "source": "出处", "id": "编号", "kind": "类别", "tags": "标签", "list": "全部条目",
        "hint": "点击条目查看原文与出处;Ctrl+滚轮或 +/− 缩放;横向滚动浏览年份。",
        "noscript": "此页面需要 JavaScript 来绘制时间线。", "possible": "可能匹配",
        "figures": "数字", "basis": "时间依据",
    },
    "en": {
        "facts": "facts", "zoom_in": "Zoom in", "zoom_out": "Zoom out", "fit": "Fit width",
        "find": "Find in chart…", "legend": "Legend", "themes": "Themes", "at": "at a time",
        "throughout": "throughout", "within": "some time within (uncertain)",
        "ongoing": "ongoing (to the article's date)", "close": "Close", "date": "Date",
        "wording": "As the article words it", "form": "How it sits in time",
        "summary_zh": "Summary (Chinese)", "summary_en": "Summary (English)", "quote": "Quote",
        "source": "Source", "id": "Id", "kind": "Kind", "tags": "Tags", "list": "All facts",
        "hint": "Click a fact for its quote and source; Ctrl+wheel or +/− to zoom; scroll sideways through the years.",
        "noscript": "This page needs JavaScript to draw the timeline.", "possible": "possible match",
        "figures": "Figures", "basis": "Date basis",
    },
}  # fmt: skip


def json_for_script(value: Any) -> str:
    """JSON safe inside a ``<script>`` element: nothing in it can close the element
    or open a comment (``<``, ``>``, ``&`` and the line separators as ``\\u`` escapes)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch in "<>&\u2028\u2029":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


def _asset(name: str) -> str:
    return (resources.files("zjtimeline.formats") / "assets" / name).read_text("utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def html_data(records: Sequence[Record], opts: Options) -> dict[str, Any]:
    """What the page draws, as plain data."""
    lang, base = opts.lang, opts.base
    lanes = _lanes(records, opts)
    slugs = {s for s, _ in lanes}
    order = {t.slug: i for i, t in enumerate(base.themes)} if base else {}
    sources = base.sources if base else {}
    facts = []
    for r in records:
        until = known_until(r, base)
        facts.append(
            {
                "id": r["id"],
                "form": r["form"],
                "how": FORM_WORDS[r["form"]][lang] if r["form"] in FORM_WORDS else r["form"],
                "ongoing": r["ongoing"],
                "start": r["start"],
                # where the drawing ends: an ongoing fact at its source's date
                "end": r["end"] or (until.isoformat() if until else r["start"]),
                "span": span(r, lang, base),
                "edtf": r["date"],
                "wording_zh": r["date_text"],
                "wording_en": r["date_text_en"],
                "basis": r["date_basis"],
                "themes": [t for t in r["themes"] if t in slugs],
                "tags": r["tags"],
                "kind": r["kind"],
                "summary_zh": r["summary_zh"],
                "summary_en": r["summary_en"],
                "quote": r["quote"],
                "figures": [
                    f"{g['value']}{g['unit']} — {g['label_en' if lang == 'en' else 'label_zh']}"
                    for g in r["figures"]
                ],
                "source": r["source"],
                "possible": r.get("match") == "possible",
            }
        )
    title = next(iter(sources.values())).title if len(sources) == 1 else "zjtimeline"
    return {
        "lang": lang,
        "title": title,
        "ui": UI[lang],
        # each theme keeps its colour whatever the filter: its place in the fact base
        "lanes": [{"slug": s, "name": n, "i": order.get(s, len(order))} for s, n in lanes],
        "sources": {sid: citation(src) for sid, src in sources.items()},
        "facts": facts,
    }


def render_html(records: Iterable[Record], columns: Sequence[str], opts: Options) -> Iterator[str]:
    """One HTML file that draws the timeline offline: its style, script and data inline,
    and a Content-Security-Policy that lets the page fetch nothing at all."""
    data = html_data(list(records), opts)
    style, script = _asset("timeline.css"), _asset("timeline.js")
    csp = (
        f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    lang = "zh-Hans" if opts.lang == "zh" else "en"
    title = html.escape(str(data["title"]))
    yield (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="zjtimeline">\n'
        f"<title>{title}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f"<noscript>{html.escape(UI[opts.lang]['noscript'])}</noscript>\n"
        '<script type="application/json" id="zjt-data">'
        f"{json_for_script(data)}</script>\n"
        f"<script>{script}</script>\n</body>\n</html>\n"
    )


# ── TimelineJS 3 ─────────────────────────────────────────────────────────────


def _tl_date(d: date, precision: str) -> dict[str, int]:
    """A TimelineJS date object at the fact's precision (quarters and halves by month)."""
    if precision == "year":
        return {"year": d.year}
    if precision == "day":
        return {"year": d.year, "month": d.month, "day": d.day}
    return {"year": d.year, "month": d.month}


def render_timelinejs(
    records: Iterable[Record], columns: Sequence[str], opts: Options
) -> Iterator[str]:
    """TimelineJS 3 JSON: a slide per fact, grouped by theme, an era for 十八大以来.

    TimelineJS reads ``headline``, ``text`` and ``display_date`` as HTML, so all fact text
    is escaped."""
    recs = list(records)
    lang, base = opts.lang, opts.base
    lanes = _lanes(recs, opts)
    names = dict(lanes)
    esc = html.escape
    events = []
    last_end: date | None = None
    for r in recs:
        if r["start"] is None and r["end"] is None:
            continue
        sp, ep = _precisions(r)
        # TimelineJS needs a start: an open start is shown at its end (the text says so)
        start = date.fromisoformat(r["start"] or r["end"])
        if r["start"] is None:
            sp = ep
        end = date.fromisoformat(r["end"]) if r["end"] else known_until(r, base)
        src = base.sources.get(r["source"]) if base else None
        other = r["summary_zh"] if lang == "en" else r["summary_en"]
        wording = r["date_text_en"] if lang == "en" else r["date_text"]
        when = span(r, lang, base)
        form = FORM_WORDS[r["form"]][lang] if r["form"] in FORM_WORDS else str(r["form"])
        text = (
            f"<p>{esc(other)}</p>"
            f"<blockquote>“{esc(r['quote'])}”</blockquote>"
            f"<p><small>{esc(when)} · {esc(form)}</small></p>"
            f"<p><cite>{esc(citation(src))}</cite></p>"
        )
        event: dict[str, Any] = {"start_date": _tl_date(start, sp)}
        # A range, or a point TimelineJS has no unit for (a quarter: its months).
        spans_time = end is not None and (
            point(end, ep, end=True) != point(start, sp) or sp in ("quarter", "half", "season")
        )
        if spans_time and end is not None:
            event["end_date"] = _tl_date(end, ep if r["end"] else "day")
        lane = _lane_of(r, lanes)
        event |= {
            "display_date": esc(wording or when),
            "text": {
                "headline": esc(r["summary_en" if lang == "en" else "summary_zh"]),
                "text": text,
            },
            "group": names.get(lane, lane),
            "unique_id": r["id"],
        }
        events.append(event)
        last_end = max(filter(None, (last_end, end, start)))
    src = next(iter(base.sources.values()), None) if base else None
    doc: dict[str, Any] = {
        "title": {
            "text": {
                "headline": esc(src.title if src else "zjtimeline"),
                "text": f"<p>{esc(citation(src))}</p>" if src else "",
            }
        },
        "events": events,
    }
    era_end = src.published_date if src else last_end
    if era_end is not None and era_end > ERA_START:
        doc["eras"] = [
            {
                "start_date": _tl_date(ERA_START, "day"),
                "end_date": _tl_date(era_end, "day"),
                "text": {
                    "headline": "党的十八大以来"
                    if lang == "zh"
                    else "Since the 18th Party Congress"
                },
            }
        ]
    yield json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


# ── Mermaid ──────────────────────────────────────────────────────────────────

# Characters Mermaid's timeline grammar or its HTML labels give a meaning to, as the
# ``#code;`` entities Mermaid decodes after parsing: ``:`` separates events, ``#``
# opens an entity, ``%`` a comment, ``;`` ends an entity, ``<`` ``>`` ``&`` are HTML,
# braces delimit accDescr blocks.
_MERMAID_ENTITIES = {
    "#": "#35;",
    ":": "#58;",
    ";": "#59;",
    "%": "#37;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "{": "#123;",
    "}": "#125;",
    '"': "#quot;",
    "\\": "#92;",
}
# Words that would start a statement at the beginning of a line (case-insensitive).
_MERMAID_KEYWORDS = ("timeline", "title", "section", "acctitle", "accdescr")
MERMAID_LINE_COLUMNS = 22  # Mermaid does not wrap Chinese: a <br> every 11 characters


def mermaid_text(text: str, cols: int = MERMAID_LINE_COLUMNS) -> str:
    """Text for a Mermaid timeline: one line, reserved characters as entities, a
    ``<br>`` every ``cols`` display columns, never a keyword at the start."""
    lines = wrap(" ".join(text.split()), cols) if cols else [" ".join(text.split())]
    out = []
    for line in lines:
        escaped = "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in line)
        if escaped.lower().startswith(_MERMAID_KEYWORDS):
            escaped = f"#{ord(escaped[0])};{escaped[1:]}"
        out.append(escaped)
    return "<br>".join(out)


def render_mermaid(
    records: Iterable[Record], columns: Sequence[str], opts: Options
) -> Iterator[str]:
    """A Mermaid ``timeline``: a section per theme (each fact once, under its first theme
    drawn), a period per time in chronological order, the facts as its events."""
    recs = list(records)
    lang, base = opts.lang, opts.base
    lanes = _lanes(recs, opts)
    src = next(iter(base.sources.values()), None) if base else None
    yield "timeline\n"
    yield f"    title {mermaid_text(src.title if src else 'zjtimeline', 0)}\n"
    for slug, name in lanes:
        mine = [r for r in recs if _lane_of(r, lanes) == slug]
        if not mine:
            continue
        yield f"    section {mermaid_text(name, 0)}\n"
        previous = None
        for r in mine:
            period = span(r, lang, base)
            wording = r["date_text_en"] if lang == "en" else r["date_text"]
            if wording:
                period += f" 「{wording}」" if lang == "zh" else f" ({wording})"
            summary = mermaid_text(r["summary_en" if lang == "en" else "summary_zh"])
            if period == previous:
                yield f"                 : {summary}\n"
            else:
                yield f"        {mermaid_text(period)} : {summary}\n"
            previous = period
