"""extract.py, more rules: the letters an article may end a line, a sentence, a heading,
a unit or a name with (X is not punctuation), the English of spans and of open ends
whose word names a neighbouring period (2021年初以前, 6月底), a published date with a
zone, and a set-up phrase opening a paragraph."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from zjtimeline.dates import FoundDate, find_dates
from zjtimeline.extract import (
    Article,
    assemble,
    extract,
    fact_date,
    find_figures,
    guess_kind,
    published_date,
    quoted_names,
    split_article,
)
from zjtimeline.model import AT, WITHIN

PUB = date(2022, 9, 30)


def found(phrase: str) -> FoundDate:
    (one,) = find_dates(phrase, now=PUB)
    assert one.text == phrase
    return one


# ── Letters are not punctuation ─────────────────────────────────────────────


def test_a_line_ending_in_a_letter_is_not_running_text() -> None:
    got = [(s.text, s.paragraph) for s in split_article("栏目X\n正文。\n")]
    assert got == [("正文。", 1)]


def test_a_sub_heading_keeps_a_letter_before_its_dashes() -> None:
    got = [(s.text, s.subsection) for s in split_article("甲。\n方案X——\n乙。\n")]
    assert got == [("甲。", ""), ("乙。", "方案X")]


def test_a_clause_keeps_a_letter_before_its_semicolon() -> None:
    got = [s.text for s in split_article("写到X;另一句写到Y。\n")]
    assert got == ["写到X", "另一句写到Y。"]


def test_a_quoted_name_may_hold_a_letter() -> None:
    assert quoted_names("实施“X计划”") == ["X计划"]


def test_a_one_letter_unit_outside_a_quote_is_no_figure() -> None:
    assert find_figures("“甲”五X“乙”") == []


def test_a_unit_ending_in_a_letter_does_not_make_a_statistic() -> None:
    text = "建成5个X,"
    figures = find_figures(text)
    assert [(f.value, f.unit) for f in figures] == [("5", "个X")]
    assert guess_kind(text, figures, AT) == "event"


@pytest.mark.parametrize(
    ("name", "ids"),
    [("Xinhua X.txt", "Xinhua-X"), ("-X-.txt", "X")],
)
def test_extract_ids_keep_letters_at_the_ends_of_the_file_name(name: str, ids: str) -> None:
    text = "标题\n2022-09-30\n\n十年来,浙江推进甲。\n"
    article = Article(Path(name), text, "00", "标题", "2022-09-30")
    assert [c.id for c in extract(article)] == [f"{ids}-001"]


# ── The published date ──────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "published", ["2022-09-30Z", "2022-09-30T12:00Z", "2022-09-30T12:00:00.5Z"]
)
def test_published_date_in_utc_written_z(published: str) -> None:
    assert published_date(published) == date(2022, 9, 30)


# ── English ─────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("phrase", "edtf", "english_text"),
    [
        ("截至2021年6月底", "2021-06-30", "as of 30 June 2021"),
        ("2021年初以前", "2020-12-31", "as of Q4 2020"),
        ("2021年初以后", "2021-34/2022-09-30", "from Q2 2021"),
    ],
)
def test_the_english_of_a_fact_date_says_the_day_its_edtf_says(
    phrase: str, edtf: str, english_text: str
) -> None:
    got = fact_date(found(phrase), PUB)
    assert (got.edtf, got.text_en) == (edtf, english_text)


# ── A set-up phrase opening a paragraph ─────────────────────────────────────


def test_a_span_governing_a_set_up_still_bounds_the_sentences_after_it() -> None:
    """十年来,浙江建立健全…机制。全省推进…: the first is some time within the decade
    (it set something up); the second is dated by the phrase that opens its paragraph,
    as after any span (this raised ValueError, and `extract` exited with status 70)."""
    text = "正文开始。\n十年来,浙江建立健全了工作机制。全省推进基层治理。\n"
    got = [(c.quote, c.date) for c in assemble(split_article(text), text, PUB)]
    assert [(q, d.edtf, d.form, d.text) for q, d in got] == [
        ("十年来,浙江建立健全了工作机制。", "[2012-09-30..2022-09-30]", WITHIN, "十年来"),
        ("全省推进基层治理。", "[2012-09-30..2022-09-30]", WITHIN, ""),
    ]
    assert got[1][1].basis == (
        "TODO check: the sentence has no date; it happened some time within 十年来, which "
        "opens its paragraph (2012-09-30/2022-09-30); if it held throughout, write "
        "2012-09-30/2022-09-30"
    )
