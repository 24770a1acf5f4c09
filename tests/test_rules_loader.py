"""Every validation rule of the loader, each with a test that fails without it: the
whole message (what, where, how to fix) for a file broken in exactly one way, and the
values a valid file builds."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import stat
import sys
from datetime import date
from pathlib import Path

import pytest

from zjtimeline import loader
from zjtimeline.errors import FactFileError
from zjtimeline.loader import MAX_TEXT, check, load
from zjtimeline.model import Figure

from .conftest import MINI_SOURCE, MINI_YAML


def problems(path: Path) -> list[str]:
    _base, found = check(path)
    return [str(p) for p in found]


def only(path: Path) -> str:
    """The one problem in the file, without its 'path:' prefix."""
    found = problems(path)
    assert len(found) == 1, found
    prefix = f"{path}:"
    assert found[0].startswith(prefix), found
    return found[0][len(prefix) :]


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    hits = [
        n for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln
    ]
    return hits[nth - 1]


def edit(old: str, new: str, count: int = 1) -> str:
    assert old in MINI_YAML, old
    return MINI_YAML.replace(old, new, count)


# ── themes ───────────────────────────────────────────────────────────────────


def test_duplicate_theme_slug(mini) -> None:
    path = mini(edit("  - slug: beta\n", "  - slug: alpha\n"))
    first, second = line_of(path, "slug: alpha"), line_of(path, "slug: alpha", 2)
    found = problems(path)
    assert found[0] == f"{path}:{second}: theme 'alpha': duplicate slug (first at line {first})"
    # the second theme is not built: the facts that name beta are told it is unknown
    assert len(found) == 3 and all("unknown theme 'beta' (themes: alpha)" in p for p in found[1:])


@pytest.mark.parametrize("slug", ["bad slug", "-lead", "é", "a/b"])
def test_invalid_theme_slug(mini, slug: str) -> None:
    path = mini(edit("  - slug: beta\n", f'  - slug: "{slug}"\n'))
    found = problems(path)
    line = line_of(path, 'slug: "')
    assert found[0] == (
        f"{path}:{line}: theme {slug!r}: a slug is letters, digits, '-', '_' or '.'"
    ), found
    # the theme is not built, so the facts that use it are told it is unknown
    assert all("unknown theme 'beta'" in p for p in found[1:]) and len(found) == 3


def test_theme_built_with_its_fields(mini) -> None:
    text = edit("    name_en: Beta\n", "    name_en: Beta\n    description_en: Second.\n")
    base = load(mini(text))
    assert [(t.slug, t.name_zh, t.name_en, t.description_en) for t in base.themes] == [
        ("alpha", "甲主题", "Alpha", ""),
        ("beta", "乙主题", "Beta", "Second."),
    ]


# ── sources ──────────────────────────────────────────────────────────────────

SHA = hashlib.sha256(MINI_SOURCE.encode("utf-8")).hexdigest()


def with_sha(sha: str) -> str:
    return edit("    file: mini.txt\n", f"    file: mini.txt\n    sha256: {sha}\n")


@pytest.mark.parametrize(
    "sha", ["0" * 63, "0" * 65, SHA.upper(), "g" * 64, SHA[:-1] + " ", f"{SHA}\n"]
)
def test_malformed_sha256(mini, sha: str) -> None:
    path = mini(with_sha(f'"{sha}"'))
    found = problems(path)
    assert found[0] == (
        f"{path}:{line_of(path, 'sha256:')}: source 'mini': sha256 must be 64 lower-case hex digits"
    )
    # the source is not built: every fact names an unknown source
    assert len(found) == 4 and all("unknown source 'mini' (sources: none)" in p for p in found[1:])


def test_correct_sha256_is_accepted_and_kept(mini) -> None:
    base = load(mini(with_sha(SHA)))
    assert base.sources["mini"].sha256 == SHA


def test_sha256_mismatch_names_both_digests(mini) -> None:
    path = mini(with_sha("0" * 64))
    assert only(path) == (
        f"{line_of(path, 'sha256:')}: source 'mini': mini.txt has sha256 {SHA}, not the recorded "
        "one; restore the original file or record the new digest"
    )


def test_duplicate_source_id(mini) -> None:
    second = """\
  - id: mini
    title: 另一篇
    publication: 测试杂志
    published: "2022-09-30"
    authors: [某人]
    file: other.txt
themes:
"""
    path = mini(edit("themes:\n", second))
    assert only(path) == (
        f"{line_of(path, '- id: mini', 2)}: source 'mini': duplicate id; source ids must be unique"
    )


@pytest.mark.parametrize("published", ["2022-09-30", "2022-09-30T07:15:00Z", "2022-09-30 15:15"])
def test_published_iso_forms(mini, published: str) -> None:
    base = load(mini(edit('"2022-09-30T15:15:00+08:00"', f'"{published}"')))
    assert base.sources["mini"].published == published
    assert base.facts[2].known_until == date(2022, 9, 30)


@pytest.mark.parametrize("published", ["30/09/2022", "2022-13-01", "soon"])
def test_published_not_iso(mini, published: str) -> None:
    path = mini(edit('"2022-09-30T15:15:00+08:00"', f'"{published}"'))
    found = problems(path)
    assert found[0] == (
        f"{path}:{line_of(path, 'published:')}: source 'mini': published {published!r} is not "
        "an ISO 8601 date or date-time (e.g. 2022-09-30T15:15:00+08:00)"
    )


def test_source_built_with_its_fields(mini) -> None:
    s = load(mini()).sources["mini"]
    assert (s.id, s.title, s.publication, s.published, s.authors, s.file, s.sha256) == (
        "mini", "测试文章", "测试杂志", "2022-09-30T15:15:00+08:00", ("某人",), "mini.txt", "",
    )  # fmt: skip


def test_missing_source_file_warning_names_file_line_and_source(mini) -> None:
    path = mini(source=None)
    base, found = check(path)
    assert found == [] and base is not None
    assert base.warnings == (
        f"{path}:{line_of(path, 'file: mini.txt')}: source 'mini': file 'mini.txt' not found "
        "next to the fact file; its quotes are not verified",
    )


def test_source_not_utf8(mini, tmp_path: Path) -> None:
    path = mini()
    (tmp_path / "mini.txt").write_bytes(MINI_SOURCE.encode("gbk"))
    found = problems(path)
    assert found == [
        f"{path}:{line_of(path, 'file: mini.txt')}: source 'mini': mini.txt is not UTF-8 text"
    ]


def test_source_with_a_bom_is_read(mini, tmp_path: Path) -> None:
    path = mini()
    (tmp_path / "mini.txt").write_bytes(b"\xef\xbb\xbf" + MINI_SOURCE.encode("utf-8"))
    assert problems(path) == []


def test_source_that_is_not_a_mapping(mini) -> None:
    path = mini(edit("sources:\n", "sources:\n  - just text\n"))
    found = problems(path)
    assert found[0] == f"{path}: source 1 must be a mapping of fields, got text"


def test_second_source_is_numbered(mini) -> None:
    path = mini(edit("themes:\n", "  - id: other\n    title: x\nthemes:\n"))
    found = problems(path)
    assert found[0].endswith("source 2: missing required field 'publication'"), found


# ── facts: one fact at a time ────────────────────────────────────────────────


@pytest.mark.parametrize("fid", ["has space", "-dash", "中文"])
def test_invalid_fact_id(mini, fid: str) -> None:
    path = mini(edit("  - id: complaints\n", f'  - id: "{fid}"\n'))
    assert only(path) == (
        f"{line_of(path, fid)}: fact {fid!r}: an id is letters, digits, '-', '_' or '.' (a readable slug)"
    )


def test_fact_without_an_id_is_named_by_its_number(mini) -> None:
    path = mini(edit("  - id: complaints\n    source: mini\n", "  - source: mini\n"))
    assert only(path) == f"{line_of(path, '- source: mini')}: fact 2: missing required field 'id'"


def test_fact_with_a_non_text_id_is_named_by_its_number(mini) -> None:
    path = mini(edit("  - id: complaints\n", "  - id: [complaints]\n"))
    assert only(path) == (
        f"{line_of(path, 'id: [complaints]')}: fact 2: field 'id' must be text, got a list; quote it"
    )


def test_fact_that_is_not_a_mapping(mini) -> None:
    path = mini(edit("facts:\n", "facts:\n  - just text\n"))
    assert problems(path) == [f"{path}: fact 1 must be a mapping of fields, got text"]


def test_invalid_date_quotes_the_edtf_reason(mini) -> None:
    path = mini(edit("    date: 2020-33\n", "    date: 201X-07\n"))
    assert only(path) == (
        f"{line_of(path, '201X-07')}: fact 'meeting-2020': field 'date': '201X-07': a month "
        "cannot follow an unspecified year"
    )


def test_no_themes(mini) -> None:
    path = mini(edit("    themes: [alpha]\n", "    themes: []\n"))
    assert only(path) == (
        f"{line_of(path, 'themes: []')}: fact 'meeting-2020': field 'themes' needs at least one theme"
    )


def test_unknown_kind_suggests_the_nearest(mini) -> None:
    path = mini(edit("    kind: event\n", "    kind: evnt\n"))
    assert only(path) == (
        f"{line_of(path, 'kind: evnt')}: fact 'meeting-2020': kind 'evnt' is not one of context, "
        "event, mechanism, policy, programme, statistic; did you mean 'event'?"
    )


def test_unknown_kind_far_from_any_has_no_suggestion(mini) -> None:
    path = mini(edit("    kind: event\n", "    kind: zzz\n"))
    assert only(path).endswith(
        "kind 'zzz' is not one of context, event, mechanism, policy, programme, statistic"
    )


def test_second_figure_not_in_quote_is_numbered(mini) -> None:
    text = edit(
        "label_en: members attending}\n",
        "label_en: members attending}\n      - {value: 7, unit: 个, label_zh: 某, label_en: some}\n",
    )
    path = mini(text)
    assert only(path) == (
        f"{line_of(path, 'figures:')}: fact 'meeting-2020': figure 2 value '7' does not occur in "
        "the quote; write the number exactly as the quote does"
    )


def test_bound_problem_names_the_bound_line(mini) -> None:
    text = edit(
        '      - {value: "1.5", unit: 万名, label_zh: 参会党员, label_en: members attending}\n',
        '      - value: "1.5"\n        unit: 万名\n        label_zh: 参会党员\n'
        "        label_en: members attending\n        bound: more\n",
    )
    path = mini(text)
    assert only(path) == (
        f"{line_of(path, 'bound: more')}: fact 'meeting-2020': field 'figures': figure 1: bound "
        "'more' is not one of lower, upper"
    )


def test_figure_problem_in_a_field_is_numbered(mini) -> None:
    path = mini(edit("label_en: members attending}", "label_en: members attending, colour: red}"))
    assert only(path) == (
        f"{line_of(path, 'colour')}: fact 'meeting-2020': field 'figures': figure 1: unknown field "
        "'colour' (fields: value, unit, label_zh, label_en, bound)"
    )


@pytest.mark.parametrize("bound", ["lower", "upper"])
def test_bounds_accepted(mini, bound: str) -> None:
    base = load(mini(edit("label_en: fall}", f"label_en: fall, bound: {bound}}}")))
    assert base.facts[1].figures[0].bound == bound


# ── values kept as written ───────────────────────────────────────────────────


@pytest.mark.parametrize("value", ["1.50", "0.5", "1e3", "012", "0x1F", "1_000", "+1", "-3.0"])
def test_bare_number_figure_value_is_kept_exactly_as_written(mini, value: str) -> None:
    source = MINI_SOURCE.replace("1.5万名", f"{value}万名")
    text = MINI_YAML.replace("共有1.5万名", f"共有{value}万名").replace(
        '{value: "1.5",', f"{{value: {value},"
    )
    base = load(mini(text, source=source))
    assert base.facts[0].figures[0].value == value


def test_bare_numbers_in_text_fields_are_kept_as_written(mini) -> None:
    text = edit("    date_text: 2020年初\n", "    date_text: 2020.10\n    section: 1.50\n")
    f = load(mini(text)).facts[0]
    assert (f.date_text, f.section) == ("2020.10", "1.50")


def test_unquoted_date_and_day_keep_their_text(mini) -> None:
    base = load(mini(edit("    date: 2016/2022-09\n", "    date: 2016\n")))
    assert base.facts[1].date == "2016" and base.facts[1].period.start == date(2016, 1, 1)


def test_scalar_is_stripped(mini) -> None:
    base = load(mini(edit("    date: 2020-33\n", '    date: " 2020-33 "\n')))
    assert base.facts[0].date == "2020-33"


# ── optional fields left empty ───────────────────────────────────────────────


@pytest.mark.parametrize(
    "line",
    [
        "    date_text: null\n",
        "    date_text:\n",
        "    date_text: ~\n",
    ],
)
def test_optional_field_set_to_null_is_absent(mini, line: str) -> None:
    base, found = check(mini(edit("    date_text: 2020年初\n", line)))
    assert found == [] and base is not None
    assert base.facts[0].date_text is None


def test_empty_tags_and_figures_are_absent(mini) -> None:
    text = edit("    tags: [会议]\n", "    tags:\n    date_basis:\n    section: null\n")
    text = text.replace(
        '    figures:\n      - {value: 60, unit: "%", label_zh: 降幅, label_en: fall}\n',
        "    figures:\n",
    )
    base, found = check(mini(text))
    assert found == [] and base is not None
    a, b = base.facts[0], base.facts[1]
    assert (a.tags, a.date_basis, a.section, b.figures) == ((), None, "", ())


@pytest.mark.parametrize("field", ["kind", "summary_en", "quote", "source"])
def test_required_field_set_to_null_is_a_problem(mini, field: str) -> None:
    old = next(ln for ln in MINI_YAML.splitlines(keepends=True) if ln.startswith(f"    {field}:"))
    path = mini(edit(old, f"    {field}: null\n"))
    assert only(path) == (
        f"{line_of(path, f'{field}: null')}: fact 'meeting-2020': field {field!r} must be text, "
        "got nothing (null); quote it"
    )


def test_required_themes_set_to_null_is_a_problem(mini) -> None:
    path = mini(edit("    themes: [alpha]\n", "    themes:\n"))
    assert only(path).endswith(
        "fact 'meeting-2020': field 'themes' must be a list of text, got nothing (null)"
    )


def test_figure_unit_may_be_empty(mini) -> None:
    base = load(mini(edit("unit: 万名,", "unit: ,")))
    assert base.facts[0].figures[0].unit == ""


# ── types and sizes ──────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("value", "got"),
    [
        ("true", "true/false"),
        ("[a]", "a list"),
        ("{a: 1}", "a mapping"),
        ("null", "nothing (null)"),
    ],
)
def test_text_field_of_the_wrong_type(mini, value: str, got: str) -> None:
    path = mini(edit("    kind: event\n", f"    kind: {value}\n"))
    assert only(path).endswith(
        f"fact 'meeting-2020': field 'kind' must be text, got {got}; quote it"
    )


@pytest.mark.parametrize(
    ("value", "got"),
    [
        ("true", "true/false"),
        ("[2020]", "a list"),
        ("{a: 1}", "a mapping"),
        ("null", "nothing (null)"),
    ],
)
def test_scalar_field_of_the_wrong_type(mini, value: str, got: str) -> None:
    path = mini(edit("    date: 2020-33\n", f"    date: {value}\n"))
    assert only(path) == (
        f"{line_of(path, f'date: {value}')}: fact 'meeting-2020': field 'date' must be text or a "
        f"number, got {got}"
    )


@pytest.mark.parametrize(("value", "got"), [("7", "a number"), ("2.5", "a number"), ("x", "text")])
def test_list_field_of_the_wrong_type(mini, value: str, got: str) -> None:
    path = mini(edit("    tags: [会议]\n", f"    tags: {value}\n"))
    assert only(path).endswith(
        f"fact 'meeting-2020': field 'tags' must be a list of text, got {got}"
    )


def test_figures_of_the_wrong_type(mini) -> None:
    path = mini(edit("    figures:\n", "    figures: 3\n    x_figures:\n"))
    found = problems(path)
    assert any(p.endswith("field 'figures' must be a list of figures, got a number") for p in found)


def test_list_item_of_the_wrong_type_names_its_line(mini) -> None:
    path = mini(edit("    tags: [会议]\n", "    tags:\n      - 会议\n      - {a: 1}\n"))
    assert only(path) == (
        f"{line_of(path, '{a: 1}')}: fact 'meeting-2020': field 'tags': item 2 must be text, got a mapping"
    )


def test_empty_required_text(mini) -> None:
    path = mini(
        edit("    summary_en: A meeting", '    summary_en: "   "\n    x_summary: A meeting')
    )
    assert (
        f"{line_of(path, 'summary_en:')}: fact 'meeting-2020': field 'summary_en' is empty"
        in problems(path)[0]
    )


def test_empty_optional_text_is_allowed_where_it_may_be(mini) -> None:
    f = load(mini(edit("    kind: event\n", '    kind: event\n    section: ""\n'))).facts[0]
    assert f.section == ""


@pytest.mark.parametrize(
    ("field", "old"),
    [("summary_en", "A meeting in early 2020 drew 15,000 Party members."), ("date", "2020-33")],
)
def test_text_longer_than_the_limit(mini, field: str, old: str) -> None:
    path = mini(edit(f"    {field}: {old}\n", f"    {field}: {'x' * (MAX_TEXT + 1)}\n"))
    found = problems(path)
    assert found[0] == (
        f"{path}:{line_of(path, 'xxxx')}: fact 'meeting-2020': field {field!r} is 20,001 "
        "characters; at most 20,000"
    )


def test_text_at_the_limit_is_accepted(mini) -> None:
    long = "x" * MAX_TEXT
    f = load(
        mini(
            edit(
                "    summary_en: A meeting in early 2020 drew 15,000 Party members.\n",
                f"    summary_en: {long}\n",
            )
        )
    ).facts[0]
    assert f.summary_en == long


def test_unknown_field_far_from_any_lists_the_fields(mini) -> None:
    path = mini(edit("    kind: event\n", "    kind: event\n    zzz: 1\n"))
    assert only(path).endswith(
        "fact 'meeting-2020': unknown field 'zzz' (fields: id, source, date, date_text, "
        "date_text_en, date_basis, themes, tags, kind, summary_zh, summary_en, quote, figures, "
        "section, subsection)"
    )


# ── the whole file ───────────────────────────────────────────────────────────


def test_missing_top_level_list(mini) -> None:
    path = mini(MINI_YAML[: MINI_YAML.index("themes:")] + MINI_YAML[MINI_YAML.index("facts:") :])
    base, found = check(path)
    assert base is None
    assert [str(p) for p in found] == [f"{path}:1: the file: missing required field 'themes'"]


def test_top_level_list_of_the_wrong_type(mini) -> None:
    path = mini(MINI_YAML.replace("themes:\n", "themes: 3\nold_themes:\n"))
    base, found = check(path)
    assert base is None and len(found) == 2
    assert (
        str(found[0])
        == f"{path}:{line_of(path, 'themes: 3')}: the file: field 'themes' must be a list, got a number"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "1: the file is empty; a fact file is a mapping with sources:, themes: and facts:"),
        (
            "- a\n",
            "1: the file is a list at the top level; a fact file is a mapping with sources:, themes: and facts:",
        ),
        ("\n\n42\n", "1: the file is a number at the top level; a fact file is a mapping"),
        ("facts: [\n", "2: invalid YAML: "),
    ],
)
def test_unusable_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FactFileError) as info:
        check(path)
    assert info.value.unreadable
    assert str(info.value).startswith(f"{path}:{message}")


def test_problems_are_sorted_by_line(mini) -> None:
    text = edit("    kind: statistic\n", "    kind: statistik\n").replace(
        "    kind: event\n", "    kind: evnt\n"
    )
    text = text.replace("  - slug: beta\n", "  - slug: alpha\n")
    found = problems(mini(text))
    lines = [int(p.split(":")[1]) for p in found]
    assert lines == sorted(lines) and len(found) >= 3


def test_problems_without_a_line_sort_first(mini) -> None:
    path = mini(
        edit("facts:\n", "facts:\n  - just text\n").replace("    kind: event\n", "    kind: evnt\n")
    )
    found = problems(path)
    assert found[0] == f"{path}: fact 1 must be a mapping of fields, got text" and len(found) == 2


def test_progress_is_reported_every_thousand_facts(mini) -> None:
    fact = MINI_YAML[MINI_YAML.index("  - id: ongoing-thing") :]
    many = "".join(fact.replace("ongoing-thing", f"thing-{i}") for i in range(2500))
    seen: list[int] = []
    base, found = check(mini(MINI_YAML + many), progress=seen.append)
    assert found == [] and base is not None and len(base.facts) == 2503
    assert seen == [1000, 2000]


# ── facts: checks across the file, and what is built ─────────────────────────


def test_unknown_theme_lists_the_themes(mini) -> None:
    path = mini(edit("    themes: [alpha]\n", "    themes: [zzz]\n"))
    assert (
        only(path)
        == f"{line_of(path, '[zzz]')}: fact 'meeting-2020': unknown theme 'zzz' (themes: alpha, beta)"
    )


def test_unknown_source_lists_the_sources(mini) -> None:
    path = mini(edit("    source: mini\n", "    source: other\n"))
    assert (
        only(path)
        == f"{line_of(path, 'source: other')}: fact 'meeting-2020': unknown source 'other' (sources: mini)"
    )


def test_duplicate_fact_id_is_reported_once_per_repeat(mini) -> None:
    path = mini(
        MINI_YAML.replace("  - id: complaints", "  - id: meeting-2020").replace(
            "  - id: ongoing-thing", "  - id: meeting-2020"
        )
    )
    found = problems(path)
    first = line_of(path, "- id: meeting-2020")
    assert found == [
        f"{path}:{line_of(path, '- id: meeting-2020', 2)}: fact 'meeting-2020': duplicate id (first at line {first}); ids must be unique",
        f"{path}:{line_of(path, '- id: meeting-2020', 3)}: fact 'meeting-2020': duplicate id (first at line {first}); ids must be unique",
    ]


def test_quote_problem_says_where_it_stops_matching(mini) -> None:
    path = mini(edit('共有1.5万名党员参加。"', '共有1.5万名党员出席。"'))
    assert only(path) == (
        f"{line_of(path, 'quote: ' + chr(34) + '2020年初')}: fact 'meeting-2020': quote is not verbatim in "
        "mini.txt: it matches up to …'有1.5万名党员', then differs at character 24 ('出'); copy it "
        "from the source"
    )


def test_quote_problem_near_the_start_shows_a_short_tail(mini) -> None:
    path = mini(edit('quote: "第一段。"', 'quote: "第一X"'))
    assert only(path).endswith(
        "quote is not verbatim in mini.txt: it matches up to …'第一', then differs at character 3 "
        "('X'); copy it from the source"
    )


def test_quote_whose_first_character_is_not_in_the_source(mini) -> None:
    path = mini(edit('quote: "第一段。"', 'quote: "X第一段。"'))
    assert only(path).endswith(
        "quote is not verbatim in mini.txt: its first character does not occur; copy the quote from the source"
    )


def test_the_same_quote_twice_is_checked_for_both(mini) -> None:
    text = MINI_YAML + MINI_YAML[MINI_YAML.index("  - id: ongoing-thing") :].replace(
        "ongoing-thing", "again"
    )
    base = load(mini(text))
    assert [f.id for f in base.facts][-1] == "again"
    bad = text.replace('quote: "第一段。"', 'quote: "第二段。"')
    assert len(problems(mini(bad))) == 2


def test_a_fact_with_any_problem_is_not_built(mini) -> None:
    base, found = check(mini(edit("    kind: event\n", "    kind: evnt\n")))
    assert base is not None and len(found) == 1
    assert [f.id for f in base.facts] == ["complaints", "ongoing-thing"]
    base, found = check(mini(edit("    source: mini\n", "    source: other\n")))
    assert base is not None and [f.id for f in base.facts] == ["complaints", "ongoing-thing"]


def test_built_fact_has_every_field(mini) -> None:
    text = edit(
        "    kind: event\n",
        "    kind: event\n    date_basis: 文中所述\n    section: 第一节\n    subsection: 小节\n",
    )
    path = mini(text)
    f = load(path).facts[0]
    assert f.id == "meeting-2020" and f.source == "mini" and f.date == "2020-33"
    assert (f.period.start, f.period.end) == (date(2020, 1, 1), date(2020, 3, 31))
    assert (f.date_text, f.date_text_en, f.date_basis) == ("2020年初", "early 2020", "文中所述")
    assert (f.themes, f.tags, f.kind) == (("alpha",), ("会议",), "event")
    assert f.summary_zh == "2020年初召开会议,1.5万名党员参加。"
    assert f.summary_en == "A meeting in early 2020 drew 15,000 Party members."
    assert f.quote == "2020年初,某地召开会议,共有1.5万名党员参加。"
    assert f.figures == (Figure("1.5", "万名", "参会党员", "members attending", None),)
    assert (f.section, f.subsection) == ("第一节", "小节")
    assert f.known_until == date(2022, 9, 30)
    assert f.line == line_of(path, "- id: meeting-2020")


def test_built_fact_defaults(mini) -> None:
    f = load(mini()).facts[2]
    assert (f.date_text, f.date_text_en, f.date_basis, f.tags, f.figures, f.section, f.subsection) == (
        None, None, None, (), (), "", "",
    )  # fmt: skip


# ── reading the file ─────────────────────────────────────────────────────────


def test_not_utf8_names_line_offset_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"sources: []\nthemes: []\nfacts: [\xff]\n")
    with pytest.raises(FactFileError) as info:
        check(path)
    assert (
        str(info.value) == f"{path}:3: not UTF-8 (byte 0xff at offset 31); save the file as UTF-8"
    )


def test_not_utf8_after_the_first_mebibyte(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    head = b"# " + b"x" * ((1 << 20) + 10) + b"\n"
    path.write_bytes(head + b"\n\xc3(\n")
    with pytest.raises(FactFileError) as info:
        check(path)
    assert str(info.value) == (
        f"{path}:3: not UTF-8 (byte 0xc3 at offset {len(head) + 1}); save the file as UTF-8"
    )


def test_character_across_the_mebibyte_boundary_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    pad = (
        b"# " + b"x" * ((1 << 20) - 4) + "中文".encode() + b"\nsources: []\nthemes: []\nfacts: []\n"
    )
    assert len("中".encode()) == 3 and pad.index("中".encode()) == (1 << 20) - 2
    path.write_bytes(pad)
    base, found = check(path)
    assert found == [] and base is not None and base.facts == ()


def test_a_truncated_character_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"sources: []\nthemes: []\nfacts: []\n# \xe4\xb8")
    with pytest.raises(FactFileError, match=r":4: not UTF-8 \(byte 0xe4 at offset 35\)"):
        check(path)


def test_bom_only_at_the_start(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfsources: []\nthemes: []\nfacts: []\n")
    assert check(path)[1] == []


def test_the_reader_drops_one_leading_bom(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    body = b"sources: []\nthemes: []\nfacts: []\n"
    path.write_bytes(b"\xef\xbb\xbf" + body)
    assert loader._read_bytes(path)[0] == body
    # only one: a second is left for the YAML reader, which drops a BOM at a document start
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + body)
    assert loader._read_bytes(path)[0] == b"\xef\xbb\xbf" + body
    assert check(path)[1] == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nope.yaml", "no such file; check the path, --facts or $ZJTIMELINE_FACTS"),
        (".", "is a folder, not a regular file; give the path of a .yaml file"),
        ("file.txt/f.yaml", "cannot read: Not a directory; check the path and its permissions"),
        ("bad\0name.yaml", "is not a usable file name; check the path"),
    ],
)
def test_unreadable_paths(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    path = tmp_path / name
    with pytest.raises(FactFileError) as info:
        check(path)
    assert info.value.unreadable
    assert str(info.value) == f"{path}: {message}"


# ── load, paths and the cache stamp ──────────────────────────────────────────


def test_load_prints_warnings_and_raises_on_problems(
    mini, capsys: pytest.CaptureFixture[str]
) -> None:
    path = mini(source=None)
    load(path, use_cache=False)
    err = capsys.readouterr().err
    assert err.startswith(f"zjtimeline: warning: {path}:") and err.endswith("not verified\n")
    bad = mini(edit("    kind: event\n", "    kind: evnt\n"), source=None)
    with pytest.raises(FactFileError) as info:
        load(bad, use_cache=False)
    assert len(info.value.problems) == 1 and not info.value.unreadable


def test_load_writes_and_reads_the_cache(mini, monkeypatch: pytest.MonkeyPatch) -> None:
    from zjtimeline import cache

    path = mini()
    assert cache.read(path) is None
    first = load(path)
    assert cache.read(path) == first
    monkeypatch.setattr(loader, "check", lambda *a, **k: pytest.fail("parsed again"))
    assert load(path) == first


def test_load_without_cache_writes_none(mini) -> None:
    from zjtimeline import cache

    path = mini()
    load(path, use_cache=False)
    assert not cache.entry_path(path).exists()


def test_resolve_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ZJTIMELINE_FACTS", str(tmp_path / "env.yaml"))
    assert loader.resolve_path("given.yaml") == Path("given.yaml")
    assert loader.resolve_path(None) == tmp_path / "env.yaml"
    monkeypatch.setenv("ZJTIMELINE_FACTS", "")
    assert loader.resolve_path(None) == loader.bundled_path()
    assert loader.bundled_path().name == "facts.yaml" and loader.bundled_path().is_file()


def test_nul_in_a_source_file_name_is_an_input_error_not_a_crash(cli, mini) -> None:
    # The cache stamps the files a fact file names before parsing it; a NUL in one
    # (found by test_broken_fact_files_never_crash) must not escape as a ValueError.
    path = mini(MINI_YAML.replace("    file: mini.txt\n", "    file:\x00 mini.txt\n"))
    r = cli("list", "--facts", str(path))
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith(f"zjtimeline: {path}:") and "invalid YAML" in r.stderr


# ── reading files: special files, sizes, symlinks ────────────────────────────


@pytest.mark.parametrize(
    ("mode", "name"),
    [
        (stat.S_IFDIR, "a folder"),
        (stat.S_IFIFO, "a FIFO (named pipe)"),
        (stat.S_IFCHR, "a character device"),
        (stat.S_IFBLK, "a block device"),
        (stat.S_IFSOCK, "a socket"),
        (0, "a special file"),
    ],
)
def test_file_kind_names_each_kind_of_special_file(mode: int, name: str) -> None:
    assert loader._file_kind(mode | 0o644) == name


def test_fifo_source_is_refused_with_file_line_and_kind(mini, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    path = mini(edit("    file: mini.txt\n", "    file: pipe\n"))
    found = problems(path)
    assert found[0] == (
        f"{path}:{line_of(path, 'file: pipe')}: source 'mini': file 'pipe' is a FIFO (named pipe), "
        "not a regular file"
    )


def test_fifo_fact_file_is_refused_and_says_how_to_read_a_pipe(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "facts.yaml")
    with pytest.raises(FactFileError) as info:
        check(tmp_path / "facts.yaml")
    assert info.value.unreadable
    assert str(info.value) == (
        f"{tmp_path / 'facts.yaml'}: is a FIFO (named pipe), not a regular file; a fact file must "
        "be a regular file; to read a pipe use --facts - (stdin)"
    )


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs /proc")
def test_fact_file_whose_size_lies_is_refused() -> None:
    with pytest.raises(FactFileError) as info:
        check("/proc/self/status")
    assert str(info.value) == (
        "/proc/self/status: does not hold what its size says (a file in /proc, or one being "
        "written); a fact file must be a regular file; to read a pipe use --facts - (stdin)"
    )


def test_source_of_exactly_the_size_limit_is_read(mini, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_SOURCE_BYTES", len(MINI_SOURCE.encode("utf-8")))
    assert problems(mini()) == []


def test_source_over_the_size_limit_names_both_sizes(mini, monkeypatch: pytest.MonkeyPatch) -> None:
    size = len(MINI_SOURCE.encode("utf-8"))
    monkeypatch.setattr(loader, "MAX_SOURCE_BYTES", size - 1)
    path = mini()
    assert only(path) == (
        f"{line_of(path, 'file: mini.txt')}: source 'mini': file 'mini.txt' is {size:,} bytes; "
        f"at most {size - 1:,}"
    )


def test_fact_file_of_exactly_the_size_limit_is_read(mini, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_FACT_BYTES", len(MINI_YAML.encode("utf-8")))
    assert problems(mini()) == []


def test_fact_file_reached_through_a_symlink_is_read(mini, tmp_path: Path) -> None:
    (tmp_path / "link.yaml").symlink_to(mini())
    base, found = check(tmp_path / "link.yaml")
    assert found == [] and base is not None and len(base.facts) == 3


def test_source_swapped_for_a_symlink_after_its_check_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # confine_source resolves every symlink; should the file turn into one before it is
    # opened, the open must refuse to follow it rather than read what it points to.
    (tmp_path / "mini.txt").write_text(MINI_SOURCE, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "mini.txt")
    monkeypatch.setattr(loader, "confine_source", lambda *a: tmp_path / "link.txt")
    with pytest.raises(OSError):
        loader.read_source(tmp_path, "mini.txt")


def test_source_that_cannot_be_opened_names_the_reason(mini) -> None:
    path = mini(edit("    file: mini.txt\n", "    file: mini.txt/x.txt\n"))
    found = problems(path)
    assert found[0] == (
        f"{path}:{line_of(path, 'file: mini.txt/x.txt')}: source 'mini': file 'mini.txt/x.txt' "
        "cannot be read: Not a directory"
    )


def test_confine_source_refuses_a_nul_in_the_name(tmp_path: Path) -> None:
    with pytest.raises(loader.Refused) as info:
        loader.confine_source(tmp_path, "a\x00b.txt")
    assert str(info.value) == "file 'a\\x00b.txt' is not a usable file name"


def test_confine_source_says_where_the_file_resolves_and_how_to_allow_it(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    with pytest.raises(loader.Refused) as info:
        loader.confine_source(tmp_path / "a", "../x.txt")
    real, allowed = str((tmp_path / "x.txt").resolve()), str((tmp_path / "a").resolve())
    assert str(info.value) == (
        f"file '../x.txt' resolves to {real!r}, outside {allowed!r}; a source must lie inside "
        "the fact file's folder — move it there, or allow a wider folder on purpose with "
        "'zjtimeline --source-root DIR …' (or $ZJTIMELINE_SOURCE_ROOT)"
    )


def test_source_root_explicit_then_environment_then_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert loader.source_root() is None
    assert loader.source_root(tmp_path / "link") == (tmp_path / "real").resolve()
    monkeypatch.setenv("ZJTIMELINE_SOURCE_ROOT", str(tmp_path / "link"))
    assert loader.source_root() == (tmp_path / "real").resolve()
    assert loader.source_root(tmp_path) == tmp_path.resolve()


# ── reading the fact file: UTF-8 checked in slices ───────────────────────────


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"\xffsources: []\n", "1: not UTF-8 (byte 0xff at offset 0)"),
        (b"\n\xffsources: []\n", "2: not UTF-8 (byte 0xff at offset 1)"),
        # after a BOM the offset still counts from the file's first byte, as hexdump does
        (b"\xef\xbb\xbf\n\xffsources: []\n", "2: not UTF-8 (byte 0xff at offset 4)"),
        # the last byte of a file one byte longer than a slice
        (b"# " + b"x" * ((1 << 20) - 2) + b"\xff", "1: not UTF-8 (byte 0xff at offset 1048576)"),
        # a character that begins in one slice and breaks in the next
        (b"# " + b"x" * ((1 << 20) - 3) + b"\xe4(\n", "1: not UTF-8 (byte 0xe4 at offset 1048575)"),
        # a character cut short at the end of a file exactly one slice long
        (
            b"# " + b"x" * ((1 << 20) - 4) + b"\xe4\xb8",
            "1: not UTF-8 (byte 0xe4 at offset 1048574)",
        ),
    ],
)
def test_not_utf8_names_the_first_bad_byte(tmp_path: Path, data: bytes, where: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    with pytest.raises(FactFileError) as info:
        check(path)
    assert info.value.unreadable
    assert str(info.value) == f"{path}:{where}; save the file as UTF-8"


# ── standard input ───────────────────────────────────────────────────────────


def stdin_holds(monkeypatch: pytest.MonkeyPatch, folder: Path, text: str) -> None:
    """Standard input holds ``text``; the working folder (where its sources are) is ``folder``."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    monkeypatch.chdir(folder)


def test_stdin_of_exactly_the_size_limit_is_read(
    mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mini()
    stdin_holds(monkeypatch, tmp_path, MINI_YAML)
    monkeypatch.setattr(loader, "MAX_FACT_BYTES", len(MINI_YAML.encode("utf-8")))
    base, found = check("-")
    assert found == [] and base is not None and base.path == "-" and len(base.facts) == 3


def test_stdin_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin_holds(monkeypatch, tmp_path, MINI_YAML)
    monkeypatch.setattr(loader, "MAX_FACT_BYTES", 100)
    with pytest.raises(FactFileError) as info:
        check("-")
    assert info.value.unreadable
    assert str(info.value) == "-: standard input holds more than 100 bytes"


def test_stdin_is_never_answered_from_the_cache_of_a_file_named_dash(
    mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mini()
    (tmp_path / "-").write_text(MINI_YAML, encoding="utf-8")
    assert len(load(tmp_path / "-").facts) == 3  # now cached
    two = MINI_YAML[: MINI_YAML.index("  - id: ongoing-thing")]
    stdin_holds(monkeypatch, tmp_path, two)
    assert [f.id for f in load("-").facts] == ["meeting-2020", "complaints"]


# ── sources allowed from a wider folder ──────────────────────────────────────


def wide_base(tmp_path: Path) -> Path:
    """A fact file whose source lies one folder up: allowed only with a source root."""
    folder = tmp_path / "base"
    folder.mkdir()
    (tmp_path / "shared.txt").write_text(MINI_SOURCE, encoding="utf-8")
    path = folder / "facts.yaml"
    path.write_text(MINI_YAML.replace("file: mini.txt", "file: ../shared.txt"), encoding="utf-8")
    return path


def test_check_load_and_load_packed_take_a_source_root(tmp_path: Path) -> None:
    path = wide_base(tmp_path)
    assert "outside" in problems(path)[0]
    assert check(path, root=tmp_path)[1] == []
    assert len(load(path, root=tmp_path, use_cache=False).facts) == 3
    base, packed = loader.load_packed(path, root=tmp_path, use_cache=False)
    assert len(base.facts) == 3 and packed


def test_a_base_loaded_with_a_source_root_is_cached_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = wide_base(tmp_path)
    first = load(path, root=tmp_path)
    monkeypatch.setattr(loader, "_check", lambda *a, **k: pytest.fail("parsed again"))
    assert load(path, root=tmp_path) == first


def test_source_text_reads_as_the_loader_does(tmp_path: Path) -> None:
    path = wide_base(tmp_path)
    base = load(path, root=tmp_path, use_cache=False)
    assert loader.source_text(base, "mini", root=tmp_path) == MINI_SOURCE
    assert loader.source_text(base, "mini") is None  # outside the fact file's folder
    assert loader.source_text(base, "nope", root=tmp_path) is None
    (tmp_path / "shared.txt").write_text(MINI_SOURCE + "x", encoding="utf-8")
    sha = hashlib.sha256(MINI_SOURCE.encode("utf-8")).hexdigest()
    with_digest = dataclasses.replace(
        base, sources={"mini": dataclasses.replace(base.sources["mini"], sha256=sha)}
    )
    assert loader.source_text(with_digest, "mini", root=tmp_path) is None  # the file changed


def test_source_text_of_a_base_read_from_stdin_is_none(
    mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mini()
    stdin_holds(monkeypatch, tmp_path, MINI_YAML)
    base, _ = check("-")
    assert base is not None and base.path == "-"
    assert loader.source_text(base, "mini") is None


# ── progress ─────────────────────────────────────────────────────────────────


def test_load_reports_progress_and_check_runs_without_it(mini) -> None:
    fact = MINI_YAML[MINI_YAML.index("  - id: ongoing-thing") :]
    many = "".join(fact.replace("ongoing-thing", f"thing-{i}") for i in range(1000))
    path = mini(MINI_YAML + many)
    seen: list[int] = []
    assert len(load(path, use_cache=False, progress=seen.append).facts) == 1003
    assert seen == [1000]
    assert check(path)[1] == []


# ── records: every field is checked, whatever came before ────────────────────


def test_fact_that_is_a_list_names_its_line(mini) -> None:
    path = mini(edit("facts:\n", "facts:\n  - [a, b]\n"))
    assert problems(path) == [
        f"{path}:{line_of(path, '- [a, b]')}: fact 1 must be a mapping of fields, got a list"
    ]


def test_fields_after_an_unknown_one_are_still_checked(mini) -> None:
    path = mini(edit("    kind: event\n", "    colour: red\n    kind: [event]\n"))
    assert problems(path) == [
        f"{path}:{line_of(path, 'colour')}: fact 'meeting-2020': unknown field 'colour' (fields: "
        "id, source, date, date_text, date_text_en, date_basis, themes, tags, kind, summary_zh, "
        "summary_en, quote, figures, section, subsection)",
        f"{path}:{line_of(path, 'kind: [event]')}: fact 'meeting-2020': field 'kind' must be "
        "text, got a list; quote it",
    ]


def test_fields_after_a_bad_one_are_still_checked(mini) -> None:
    text = edit("    kind: event\n", "    kind: [event]\n").replace(
        "    summary_en: A meeting in early 2020 drew 15,000 Party members.\n",
        "    summary_en: {a: 1}\n",
    )
    path = mini(text)
    assert problems(path) == [
        f"{path}:{line_of(path, 'kind: [event]')}: fact 'meeting-2020': field 'kind' must be "
        "text, got a list; quote it",
        f"{path}:{line_of(path, 'summary_en: {a: 1}')}: fact 'meeting-2020': field 'summary_en' "
        "must be text, got a mapping; quote it",
    ]


def test_optional_text_of_the_wrong_type(mini) -> None:
    path = mini(edit("    kind: event\n", "    kind: event\n    section: [a]\n"))
    assert only(path) == (
        f"{line_of(path, 'section: [a]')}: fact 'meeting-2020': field 'section' must be text, "
        "got a list; quote it"
    )


def test_bare_number_tags_are_kept_as_written(mini) -> None:
    base = load(mini(edit("    tags: [会议]\n", "    tags: [2020, 1.50, 会议]\n")))
    assert base.facts[0].tags == ("2020", "1.50", "会议")


@pytest.mark.parametrize(
    ("item", "got"),
    [
        ("null", "nothing (null)"),
        ("true", "true/false"),
        ('""', "empty text"),
        ('" "', "empty text"),
    ],
)
def test_list_item_that_is_not_text(mini, item: str, got: str) -> None:
    path = mini(edit("    tags: [会议]\n", f"    tags: [会议, {item}]\n"))
    assert only(path) == (
        f"{line_of(path, 'tags: [')}: fact 'meeting-2020': field 'tags': item 2 must be text, got {got}"
    )


def test_scalar_at_the_limit_before_stripping_is_accepted(mini) -> None:
    padded = "2020-33".ljust(MAX_TEXT)
    f = load(mini(edit("    date: 2020-33\n", f'    date: "{padded}"\n'))).facts[0]
    assert f.date == "2020-33"


def test_values_given_by_an_alias_are_read(mini) -> None:
    text = edit("    date: 2020-33\n", "    date: &when 2020-33\n").replace(
        "    date: 2016/2022-09\n", "    date: *when\n"
    )
    base = load(mini(text))
    assert [f.date for f in base.facts[:2]] == ["2020-33", "2020-33"]


# ── sources, themes and facts: one broken entry does not stop the next ──────

OTHER = "{id: x, title: t, publication: p, published: '2022-01-01', authors: [a], file: x.txt%s}"


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ("  - just text\n", "source 1 must be a mapping of fields, got text"),
        (
            f"  - {OTHER % ''}\n  - {OTHER % ''}\n",
            "source 'x': duplicate id; source ids must be unique",
        ),
        (
            f"  - {OTHER.replace('2022-01-01', 'soon') % ''}\n",
            "source 'x': published 'soon' is not an ISO 8601 date or date-time "
            "(e.g. 2022-09-30T15:15:00+08:00)",
        ),
        (f"  - {OTHER % ', sha256: abc'}\n", "source 'x': sha256 must be 64 lower-case hex digits"),
    ],
)
def test_a_broken_source_does_not_stop_the_next(mini, entries: str, message: str) -> None:
    path = mini(edit("sources:\n", "sources:\n" + entries))
    base, found = check(path)
    assert [p.message for p in found] == [message]
    assert base is not None and "mini" in base.sources and len(base.facts) == 3


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  - just text\n", "theme 3 must be a mapping of fields, got text"),
        (
            "  - {slug: x y, name_zh: 丙, name_en: C}\n",
            "theme 'x y': a slug is letters, digits, '-', '_' or '.'",
        ),
        (
            "  - {slug: beta, name_zh: 丙, name_en: C}\n",
            "theme 'beta': duplicate slug (first at line 12)",
        ),
        ("  - {slug: gamma, name_zh: 丙}\n", "theme 3: missing required field 'name_en'"),
    ],
)
def test_a_broken_theme_does_not_stop_the_next(mini, entry: str, message: str) -> None:
    text = edit("facts:\n", entry + "  - {slug: delta, name_zh: 丁, name_en: D}\nfacts:\n")
    base, found = check(mini(text))
    assert [p.message for p in found] == [message]
    assert base is not None and [t.slug for t in base.themes][-1] == "delta"


def test_a_fact_that_is_not_a_mapping_does_not_stop_the_next(mini) -> None:
    base, found = check(mini(edit("facts:\n", "facts:\n  - just text\n")))
    assert len(found) == 1
    assert base is not None and [f.id for f in base.facts] == [
        "meeting-2020", "complaints", "ongoing-thing",
    ]  # fmt: skip


def test_unknown_theme_suggests_the_nearest(mini) -> None:
    path = mini(edit("    themes: [alpha]\n", "    themes: [alpah]\n"))
    assert only(path) == (
        f"{line_of(path, '[alpah]')}: fact 'meeting-2020': unknown theme 'alpah'; did you mean "
        "'alpha'? (themes: alpha, beta)"
    )


def test_date_text_without_date_text_en_says_how_to_fix_it(mini) -> None:
    path = mini(edit("    date_text_en: early 2020\n", ""))
    assert only(path) == (
        f"{line_of(path, 'date_text: 2020')}: fact 'meeting-2020': date_text '2020年初' has no "
        "date_text_en; add its English (e.g. 十年来 -> over the past decade), shown with --lang en"
    )


# ── exclusions ───────────────────────────────────────────────────────────────

FOOTER = "这是一段很长的页脚文字，用来测试排除条目只显示前二十个字符。"


def excluding_base(mini, entries: str, yaml_text: str = MINI_YAML) -> Path:
    return mini(yaml_text + "excluded:\n" + entries, MINI_SOURCE + FOOTER + "\n")


def test_exclusion_with_an_unknown_source_names_its_line_and_the_sources(mini) -> None:
    path = excluding_base(mini, f"  - {{source: nope, text: {FOOTER}, reason: x}}\n")
    assert only(path) == (
        f"{line_of(path, 'source: nope')}: exclusion 1 ({FOOTER[:20]!r}…): "
        "unknown source 'nope' (sources: mini)"
    )


def test_exclusion_when_no_source_is_usable_says_none(mini) -> None:
    entry = f"  - {{source: mini, text: {FOOTER}, reason: x}}\n"
    path = excluding_base(mini, entry, with_sha('"abc"'))
    assert problems(path)[-1] == (
        f"{path}:{line_of(path, 'source: mini, text')}: exclusion 1 ({FOOTER[:20]!r}…): "
        "unknown source 'mini' (sources: none)"
    )


def test_exclusion_text_not_verbatim_says_where_it_differs(mini) -> None:
    bad = FOOTER.replace("页脚", "脚注")
    path = excluding_base(mini, f"  - {{source: mini, text: {bad}, reason: x}}\n")
    assert only(path) == (
        f"{line_of(path, 'source: mini, text')}: exclusion 1 ({bad[:20]!r}…): "
        "text is not verbatim in mini.txt: it matches up to …'这是一段很长的', then differs at "
        "character 8 ('脚'); copy it from the source"
    )


def test_exclusion_inside_a_sentence_matches_none(mini) -> None:
    inner = FOOTER[4:]
    path = excluding_base(mini, f"  - {{source: mini, text: {inner}, reason: x}}\n")
    assert only(path) == (
        f"{line_of(path, 'source: mini, text')}: exclusion {inner[:20]!r}…: matches no sentence of "
        "'mini'; its text must be a whole sentence or the start of one ('zjtimeline coverage' "
        "lists them)"
    )


def test_exclusion_of_a_quoted_sentence_names_every_fact_quoting_it(mini) -> None:
    sentence = "2020年初,某地召开会议,共有1.5万名党员参加。"
    text = MINI_YAML.replace('quote: "第一段。"', 'quote: "2020年初,某地召开会议"')
    path = excluding_base(mini, f"  - {{source: mini, text: '{sentence}', reason: x}}\n", text)
    found = problems(path)
    assert found[-1] == (
        f"{path}:{line_of(path, 'source: mini, text')}: exclusion {sentence[:20]!r}…: the sentence "
        "is quoted by meeting-2020, ongoing-thing; drop the exclusion"
    )


@pytest.mark.parametrize(
    "broken",
    [
        "just text",
        "{source: nope, text: 第一段。, reason: x}",
        "{source: mini, text: 第二段。, reason: x}",
    ],
)
def test_a_broken_exclusion_does_not_stop_the_next(mini, broken: str) -> None:
    path = excluding_base(
        mini, f"  - {broken}\n  - {{source: mini, text: {FOOTER}, reason: 页脚}}\n"
    )
    base, found = check(path)
    assert len(found) == 1
    assert base is not None and [(e.text, e.reason) for e in base.excluded] == [(FOOTER, "页脚")]


def test_exclusion_of_a_missing_source_file_is_kept_unchecked(mini) -> None:
    path = mini(MINI_YAML + f"excluded:\n  - {{source: mini, text: {FOOTER}, reason: x}}\n", None)
    base, found = check(path)
    assert found == [] and base is not None
    assert [e.text for e in base.excluded] == [FOOTER]


# ── helpers of the messages ──────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("quote", "text", "message"),
    [
        ("bcb", "abbab", "it matches up to …'b', then differs at character 2 ('c')"),
        ("第一段X", "第一段。", "it matches up to …'第一段', then differs at character 4 ('X')"),
        (
            "abcdefghijkZ",
            "abcdefghijk",
            "it matches up to …'defghijk', then differs at character 12 ('Z')",
        ),
        ("aab", "ab", "it matches up to …'a', then differs at character 2 ('a')"),
    ],
)
def test_first_difference_finds_the_longest_matching_start(
    quote: str, text: str, message: str
) -> None:
    assert loader._first_difference(quote, text) == f"{message}; copy it from the source"


@pytest.mark.parametrize(
    ("value", "name"),
    [(True, "true/false"), (3, "a number"), (2.5, "a number"), ("x", "text"), ([1], "a list"),
     ({}, "a mapping"), (None, "nothing (null)"), (b"x", "bytes"), (date(2020, 1, 1), "date")],
)  # fmt: skip
def test_type_name(value: object, name: str) -> None:
    assert loader._type_name(value) == name


def test_problems_without_a_line_sort_first_even_in_a_one_line_file(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("{sources: [just text], themes: [], facts: [{id: x}]}\n", encoding="utf-8")
    found = [str(p) for p in check(path)[1]]
    assert found[0] == f"{path}: source 1 must be a mapping of fields, got text"
    assert found[1].startswith(f"{path}:1: fact 'x': missing required field")


def test_a_list_at_the_top_level_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("# a comment\n- a\n", encoding="utf-8")
    with pytest.raises(FactFileError) as info:
        check(path)
    assert str(info.value) == (
        f"{path}:2: the file is a list at the top level; a fact file is a mapping with sources:, "
        "themes: and facts:"
    )


class _EndlessStdin:
    """Standard input that never ends: only a bounded read returns."""

    class buffer:  # the attribute sys.stdin has
        @staticmethod
        def read(n: int | None = -1) -> bytes:
            if n is None or n < 0:
                raise AssertionError("standard input read to its end")
            return b"#" * n


def test_stdin_is_read_bounded_never_to_its_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _EndlessStdin)
    monkeypatch.setattr(loader, "MAX_FACT_BYTES", 100)
    with pytest.raises(FactFileError, match="standard input holds more than 100 bytes"):
        check("-")


def test_exclusions_of_a_source_whose_file_is_missing_do_not_stop_the_next_source(
    mini,
) -> None:
    """The sources' exclusions are checked in file order; one whose file is missing is
    passed over (its absence is a warning already), and the next source still is."""
    gone = (
        "  - id: gone\n    title: 不在\n    publication: 测试杂志\n"
        '    published: "2022-09-30T15:15:00+08:00"\n    authors: [某人]\n    file: gone.txt\n'
    )
    inner = FOOTER[4:]
    text = MINI_YAML.replace("themes:\n", gone + "themes:\n", 1)
    entries = (
        "  - {source: gone, text: 随便一句。, reason: x}\n"
        f"  - {{source: mini, text: {inner}, reason: x}}\n"
    )
    path = excluding_base(mini, entries, text)
    assert problems(path) == [
        f"{path}:{line_of(path, 'source: mini, text')}: exclusion {inner[:20]!r}…: matches no "
        "sentence of 'mini'; its text must be a whole sentence or the start of one "
        "('zjtimeline coverage' lists them)"
    ]
