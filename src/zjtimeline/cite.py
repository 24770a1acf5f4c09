"""Citations of a fact's source: CSL-JSON, and GB/T 7714-2015, APA (7th) and BibTeX.

One CSL-JSON item per fact is the model (the schema reference managers such as Zotero
import); the three text styles are formatted from it. Written here rather than taken
from citeproc-py: see the commit that added this module for the measurements (an 89 MB
style package plus lxml for three formats, 140 ms to import, and Chinese author names
split as "郏, . 文纲 ." in its APA output). Standard library only.
"""

from __future__ import annotations

import re
from typing import Any

from .model import Fact, Source

STYLES = ("gbt7714", "apa", "bibtex", "csl-json")

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# 《今日浙江》 2022年第18期, 特别关注 > 窗口报表
_PUBLICATION = re.compile(
    r"^\s*《(?P<journal>[^》]+)》\s*(?:(?P<year>\d{4})\s*年)?\s*(?:第\s*(?P<issue>\d+)\s*期)?\s*[,，]?\s*(?P<section>.*)$"
)
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’《》"


def _tidy(text: str) -> str:
    """Drop spaces between Chinese characters and quotation marks (``勇当 “红色``)."""
    return re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])", "", text).strip()


def is_chinese(text: str) -> bool:
    return bool(re.search(r"[\u3400-\u9fff]", text))


def csl_item(fact: Fact, source: Source) -> dict[str, Any]:
    """The fact's source as a CSL-JSON item (id: the fact id; note: the quote)."""
    item: dict[str, Any] = {
        "id": fact.id,
        "type": "article-magazine",
        "title": _tidy(source.title),
    }
    m = _PUBLICATION.match(source.publication)
    if m:
        item["container-title"] = m["journal"].strip()
        if m["issue"]:
            item["issue"] = m["issue"]
        if m["section"]:
            item["section"] = m["section"].strip()
    else:
        item["container-title"] = _tidy(source.publication)
    item["author"] = [{"literal": a} for a in source.authors]
    d = source.published_date
    item["issued"] = {"date-parts": [[d.year, d.month, d.day]]}
    if is_chinese(source.title):
        item["language"] = "zh-CN"
    item["note"] = fact.quote
    return item


def _year(item: dict[str, Any]) -> int:
    return int(item["issued"]["date-parts"][0][0])


def _date(item: dict[str, Any]) -> tuple[int, int | None, int | None]:
    parts = [*item["issued"]["date-parts"][0], None, None]
    return int(parts[0]), parts[1], parts[2]


def _names(item: dict[str, Any]) -> list[str]:
    return [
        a.get("literal") or f"{a.get('family', '')}{a.get('given', '')}" for a in item["author"]
    ]


def gbt7714(item: dict[str, Any]) -> str:
    """GB/T 7714-2015, a journal article ([J]): 作者. 题名[J]. 刊名, 年(期)."""
    names = _names(item)
    authors = ", ".join(names[:3]) + (", 等" if len(names) > 3 else "")
    issue = f"({item['issue']})" if item.get("issue") else ""
    head = f"{authors}. " if authors else ""
    return f"{head}{item['title']}[J]. {item['container-title']}, {_year(item)}{issue}."


def apa(item: dict[str, Any]) -> str:
    """APA 7th, a magazine article: Author, & Author. (2022, September 30). Title.
    Magazine, (18). Chinese names are written whole, family name first, as APA asks."""
    names = _names(item)
    if len(names) > 1:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        authors = names[0] if names else ""
    y, mo, d = _date(item)
    when = f"{y}" + (f", {_MONTHS[mo - 1]}" if mo else "") + (f" {d}" if d else "")
    issue = f", ({item['issue']})" if item.get("issue") else ""
    lead = f"{authors}. ({when})." if authors else f"{item['title']}. ({when})."
    title = "" if not authors else f" {item['title']}."
    return f"{lead}{title} {item['container-title']}{issue}."


def _bib(value: str) -> str:
    """A BibTeX value: braces balanced, TeX specials escaped."""
    value = re.sub(r"([\\{}])", r"\\\1", value)
    return re.sub(r"([&%$#_])", r"\\\1", value)


def bibtex(item: dict[str, Any]) -> str:
    """A BibTeX ``@article`` entry keyed by the fact id, the quote in ``note``."""
    y, mo, d = _date(item)
    names = _names(item)
    fields = [("author", " and ".join("{" + _bib(n) + "}" for n in names))] if names else []
    fields += [
        ("title", _bib(item["title"])),
        ("journal", _bib(item["container-title"])),
        ("year", str(y)),
    ]
    if item.get("issue"):
        fields.append(("number", item["issue"]))
    if mo:
        fields.append(("month", _MONTHS[mo - 1][:3].lower()))
    if mo and d:
        fields.append(("date", f"{y}-{mo:02d}-{d:02d}"))
    if item.get("language"):
        fields.append(("language", item["language"]))
    if item.get("note"):
        fields.append(("note", _bib("“" + item["note"] + "”")))
    body = ",\n".join(f"  {k} = {v}" if k == "month" else f"  {k} = {{{v}}}" for k, v in fields)
    key = re.sub(r"[^A-Za-z0-9_:.-]", "-", item["id"])
    return f"@article{{{key},\n{body}\n}}"
