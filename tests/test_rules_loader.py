"""Every validation rule of the loader, each with a test that fails without it: the
whole message (what, where, how to fix) for a file broken in exactly one way, and the
values a valid file builds."""

from __future__ import annotations

import hashlib
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
