"""cite.py rule by rule: the CSL-JSON item from a source's fields, then each style's exact
text for none, one, two, three and four authors, full and partial dates, with and
without an issue, names given as family and given parts, and BibTeX's escapes and key."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from zjtimeline.cite import _bib, _tidy, apa, bibtex, csl_item, gbt7714, is_chinese
from zjtimeline.model import AT, Fact, Period, Source


def make_source(**kw: Any) -> Source:
    values: dict[str, Any] = dict(
        id="s",
        title="勇当“红色根脉”的筑基者",
        publication="《今日浙江》 2022年第18期, 特别关注 > 窗口报表",
        published="2022-09-30T15:15:00+08:00",
        authors=("郏文纲", "马跃明"),
        file="a.txt",
        sha256="",
    )
    values.update(kw)
    return Source(**values)


FACT = Fact(
    id="medics-to-hubei",
    source="s",
    date="2020-33",
    period=Period(date(2020, 1, 1), date(2020, 3, 31), "quarter", "quarter", AT),
    date_text=None,
    date_basis=None,
    themes=(),
    tags=(),
    kind="event",
    summary_zh="摘要",
    summary_en="Summary",
    quote="浙江2018名医护人员逆行出征",
)


def item(**kw: Any) -> dict[str, Any]:
    """A CSL item as csl_item writes it, with fields replaced or (None) dropped."""
    values: dict[str, Any] = {
        "id": "medics-to-hubei",
        "type": "article-magazine",
        "title": "勇当“红色根脉”的筑基者",
        "container-title": "今日浙江",
        "issue": "18",
        "section": "特别关注 > 窗口报表",
        "author": [{"literal": "郏文纲"}, {"literal": "马跃明"}],
        "issued": {"date-parts": [[2022, 9, 30]]},
        "language": "zh-CN",
        "note": "浙江2018名医护人员逆行出征",
    }
    values.update(kw)
    return {k: v for k, v in values.items() if v is not None}


def authors(*names: str) -> list[dict[str, str]]:
    return [{"literal": n} for n in names]


# ── The CSL-JSON item ────────────────────────────────────────────────────────


def test_csl_item_whole_from_a_journal_issue_and_section() -> None:
    got = csl_item(FACT, make_source())
    assert got == item()
    assert list(got) == ["id", "type", "title", "container-title", "issue", "section",
                         "author", "issued", "language", "note"]  # fmt: skip


@pytest.mark.parametrize(
    ("publication", "expected"),
    [
        ("《今日浙江》 2022年第18期, 特别关注 > 窗口报表",
         {"container-title": "今日浙江", "issue": "18", "section": "特别关注 > 窗口报表"}),
        ("《今日浙江》2022年第18期,特别关注",
         {"container-title": "今日浙江", "issue": "18", "section": "特别关注"}),
        ("《今日浙江》第5期", {"container-title": "今日浙江", "issue": "5"}),
        ("《今日浙江》 2022 年 第 7 期", {"container-title": "今日浙江", "issue": "7"}),
        ("《今日浙江》2022年", {"container-title": "今日浙江"}),  # a year is not an issue
        ("《 浙江日报 》", {"container-title": "浙江日报"}),
        ("《浙江日报》 理论版", {"container-title": "浙江日报", "section": "理论版"}),
        ("《今日浙江》2022年第18期，特别关注", {"container-title": "今日浙江", "issue": "18", "section": "特别关注"}),
        # not in 《》: the whole text, spaces between Chinese characters dropped
        ("浙江 日报 ", {"container-title": "浙江日报"}),
        (" Journal of  Things ", {"container-title": "Journal of  Things"}),
    ],
)  # fmt: skip
def test_csl_item_reads_journal_issue_and_section_from_the_publication(
    publication: str, expected: dict[str, str]
) -> None:
    got = csl_item(FACT, make_source(publication=publication))
    assert {k: got[k] for k in ("container-title", "issue", "section") if k in got} == expected


def test_csl_item_of_an_english_source_has_no_language_and_keeps_its_spaces() -> None:
    source = make_source(title=" Red  Roots ", publication="Weekly", authors=("Li Qiang",),
                         published="2021-01-02T23:30:00-05:00")  # fmt: skip
    assert csl_item(FACT, source) == {
        "id": "medics-to-hubei", "type": "article-magazine", "title": "Red  Roots",
        "container-title": "Weekly", "author": [{"literal": "Li Qiang"}],
        "issued": {"date-parts": [[2021, 1, 2]]},  # the day as published, not UTC's
        "note": "浙江2018名医护人员逆行出征",
    }  # fmt: skip


def test_csl_item_with_no_authors_and_a_spaced_chinese_title() -> None:
    got = csl_item(FACT, make_source(title="勇当 “红色根脉” 的筑基者", authors=()))
    assert got["author"] == []
    assert got["title"] == "勇当“红色根脉”的筑基者"
    assert got["language"] == "zh-CN"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("勇当 “红色根脉” 的筑基者", "勇当“红色根脉”的筑基者"),
        ("浙江\u3000 日报", "浙江日报"),  # an ideographic space too
        ("（ 一 ）", "（一）"),  # full-width forms are Chinese text
        ("。 浙江", "。浙江"),
        ("《 今日 》", "《今日》"),
        ("浙江 A 日报", "浙江 A 日报"),  # a space beside a Latin letter stays
        (" a  b ", "a  b"),
        ("", ""),
    ],
)
def test_tidy_drops_spaces_only_between_chinese_characters(text: str, expected: str) -> None:
    assert _tidy(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中", True), ("a中b", True), ("\u3400", True), ("\u9fff", True),
        ("\u33ff", False), ("\ua000", False), ("《》“”", False), ("abc", False), ("", False),
    ],
)  # fmt: skip
def test_is_chinese_means_a_chinese_character(text: str, expected: bool) -> None:
    assert is_chinese(text) is expected


# ── GB/T 7714 ────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("names", "head"),
    [
        ((), ""),
        (("甲",), "甲. "),
        (("甲", "乙"), "甲, 乙. "),
        (("甲", "乙", "丙"), "甲, 乙, 丙. "),
        (("甲", "乙", "丙", "丁"), "甲, 乙, 丙, 等. "),  # more than three: the first three, 等
        (("甲", "乙", "丙", "丁", "戊"), "甲, 乙, 丙, 等. "),
    ],
)
def test_gbt7714_names_at_most_three_authors(names: tuple[str, ...], head: str) -> None:
    assert gbt7714(item(author=authors(*names))) == f"{head}勇当“红色根脉”的筑基者[J]. 今日浙江, 2022(18)."  # fmt: skip


def test_gbt7714_without_an_issue_gives_the_year_alone() -> None:
    got = gbt7714(item(issue=None, **{"container-title": "浙江日报"}))
    assert got == "郏文纲, 马跃明. 勇当“红色根脉”的筑基者[J]. 浙江日报, 2022."
    assert gbt7714(item(issue="")) == "郏文纲, 马跃明. 勇当“红色根脉”的筑基者[J]. 今日浙江, 2022."


def test_gbt7714_year_from_a_year_only_date() -> None:
    assert gbt7714(item(issued={"date-parts": [[2019]]})).endswith(" 今日浙江, 2019(18).")


@pytest.mark.parametrize(
    ("author", "name"),
    [
        ({"literal": "郏文纲"}, "郏文纲"),
        ({"family": "郏", "given": "文纲"}, "郏文纲"),  # family name first, no space
        ({"family": "郏"}, "郏"),
        ({"given": "文纲"}, "文纲"),
        ({"literal": "", "family": "马", "given": "跃明"}, "马跃明"),
        ({"literal": "郏文纲", "family": "马", "given": "跃明"}, "郏文纲"),
    ],
)
def test_an_author_is_a_literal_name_or_family_then_given(
    author: dict[str, str], name: str
) -> None:
    it = item(author=[author])
    assert gbt7714(it).startswith(f"{name}. 勇当")
    assert apa(it).startswith(f"{name}. (2022")
    assert bibtex(it).splitlines()[1] == f"  author = {{{{{name}}}}},"


# ── APA ──────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("names", "lead"),
    [
        (("甲",), "甲. "),
        (("甲", "乙"), "甲, & 乙. "),
        (("甲", "乙", "丙"), "甲, 乙, & 丙. "),
        (("甲", "乙", "丙", "丁"), "甲, 乙, 丙, & 丁. "),
    ],
)
def test_apa_joins_authors_with_an_ampersand_before_the_last(
    names: tuple[str, ...], lead: str
) -> None:
    assert apa(item(author=authors(*names))) == f"{lead}(2022, September 30). 勇当“红色根脉”的筑基者. 今日浙江, (18)."  # fmt: skip


def test_apa_without_authors_leads_with_the_title() -> None:
    assert apa(item(author=[])) == "勇当“红色根脉”的筑基者. (2022, September 30). 今日浙江, (18)."


@pytest.mark.parametrize(
    ("parts", "when"),
    [
        ([2022, 9, 30], "2022, September 30"),
        ([2022, 1, 5], "2022, January 5"),
        ([2022, 12, 1], "2022, December 1"),
        ([2022, 12], "2022, December"),
        ([2022, 1], "2022, January"),
        ([2022], "2022"),
    ],
)
def test_apa_date_as_far_as_it_is_known(parts: list[int], when: str) -> None:
    got = apa(item(issued={"date-parts": [parts]}))
    assert got == f"郏文纲, & 马跃明. ({when}). 勇当“红色根脉”的筑基者. 今日浙江, (18)."


def test_apa_without_an_issue_ends_with_the_magazine() -> None:
    assert apa(item(issue=None)) == "郏文纲, & 马跃明. (2022, September 30). 勇当“红色根脉”的筑基者. 今日浙江."  # fmt: skip


# ── BibTeX ───────────────────────────────────────────────────────────────────


def test_bibtex_whole_entry() -> None:
    assert bibtex(item()) == (
        "@article{medics-to-hubei,\n"
        "  author = {{郏文纲} and {马跃明}},\n"
        "  title = {勇当“红色根脉”的筑基者},\n"
        "  journal = {今日浙江},\n"
        "  year = {2022},\n"
        "  number = {18},\n"
        "  month = sep,\n"
        "  date = {2022-09-30},\n"
        "  language = {zh-CN},\n"
        "  note = {“浙江2018名医护人员逆行出征”}\n"
        "}"
    )


def test_bibtex_of_a_year_only_item_has_no_number_month_date_language_or_note() -> None:
    it = item(issue=None, language=None, note=None, issued={"date-parts": [[2020]]},
              author=authors("A"), title="T", **{"container-title": "J"})  # fmt: skip
    assert bibtex(it) == "@article{medics-to-hubei,\n  author = {{A}},\n  title = {T},\n  journal = {J},\n  year = {2020}\n}"  # fmt: skip


def test_bibtex_without_authors_has_no_author_field() -> None:
    """BibTeX styles sort and label an entry with no author by its title; an empty
    ``author = {}`` would print as a blank name."""
    it = item(issue=None, language=None, note=None, issued={"date-parts": [[2020]]},
              author=[], title="T", **{"container-title": "J"})  # fmt: skip
    assert bibtex(it) == "@article{medics-to-hubei,\n  title = {T},\n  journal = {J},\n  year = {2020}\n}"  # fmt: skip


@pytest.mark.parametrize(
    ("parts", "lines"),
    [
        ([2022, 1], ["  month = jan"]),  # a month without a day: no date
        ([2022, 12, 5], ["  month = dec", "  date = {2022-12-05}"]),
        ([2022, 5, 31], ["  month = may", "  date = {2022-05-31}"]),
    ],
)
def test_bibtex_month_is_the_bare_abbreviation_and_date_needs_a_day(
    parts: list[int], lines: list[str]
) -> None:
    it = item(issue=None, language=None, note=None, issued={"date-parts": [parts]})
    body = bibtex(it).rstrip("}").splitlines()
    assert [line.rstrip(",") for line in body[5:]] == lines


@pytest.mark.parametrize(
    ("fact_id", "key"),
    [
        ("medics-to-hubei", "medics-to-hubei"),
        ("Aa_Zz:0.9-x", "Aa_Zz:0.9-x"),
        ("a b/c", "a-b-c"),
        ("换届-2020", "---2020"),
    ],
)
def test_bibtex_key_is_the_fact_id_with_unsafe_characters_as_dashes(fact_id: str, key: str) -> None:
    assert bibtex(item(id=fact_id)).startswith(f"@article{{{key},\n")


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("plain 中文", "plain 中文"),
        ("{x}", r"\{x\}"),
        ("a\\b", r"a\\b"),
        ("& % $ # _", r"\& \% \$ \# \_"),
        ("\\&", r"\\\&"),
    ],
)
def test_bib_escapes_braces_backslashes_and_tex_specials(value: str, escaped: str) -> None:
    assert _bib(value) == escaped


def test_bibtex_escapes_every_field_it_quotes() -> None:
    it = item(author=authors("R&D"), title="50% {x}", note="100%_", **{"container-title": "J#1"})
    lines = bibtex(it).splitlines()
    assert lines[1:4] == [r"  author = {{R\&D}},", r"  title = {50\% \{x\}},", r"  journal = {J\#1},"]  # fmt: skip
    assert lines[-2] == r"  note = {“100\%\_”}"
