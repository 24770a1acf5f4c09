"""One test per validation rule: each breaks the mini fact base in one way and checks
the problem names file:line, the fact id and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from zjtimeline.errors import FactFileError
from zjtimeline.loader import check, load

from .conftest import MINI_YAML


def problems_of(path: Path) -> list[str]:
    _base, problems = check(path)
    return [str(p) for p in problems]


def one_problem(path: Path) -> str:
    found = problems_of(path)
    assert len(found) == 1, found
    return found[0]


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def test_mini_base_is_valid(mini) -> None:
    base = load(mini())
    assert [f.id for f in base.facts] == ["meeting-2020", "complaints", "ongoing-thing"]
    assert base.facts[2].ongoing and base.facts[2].known_until.isoformat() == "2022-09-30"


def test_unknown_key(mini) -> None:
    path = mini(MINI_YAML.replace("    tags: [会议]", "    tagz: [会议]"))
    msg = one_problem(path)
    assert msg.startswith(
        f"{path}:{line_of(path, 'tagz')}: fact 'meeting-2020': unknown field 'tagz'"
    )
    assert "did you mean 'tags'" in msg


def test_missing_required_field(mini) -> None:
    path = mini(MINI_YAML.replace("    summary_en: Complaints have fallen 60% since 2016.\n", ""))
    msg = one_problem(path)
    assert "fact 'complaints': missing required field 'summary_en'" in msg
    assert msg.startswith(f"{path}:{line_of(path, '- id: complaints')}:")


def test_wrong_type(mini) -> None:
    path = mini(MINI_YAML.replace("    themes: [alpha]\n", "    themes: alpha\n", 1))
    msg = one_problem(path)
    assert "fact 'meeting-2020': field 'themes' must be a list of text, got text" in msg


def test_duplicate_id(mini) -> None:
    path = mini(MINI_YAML.replace("  - id: complaints", "  - id: meeting-2020"))
    lines = path.read_text(encoding="utf-8").splitlines()
    first, second = [n for n, ln in enumerate(lines, 1) if ln == "  - id: meeting-2020"]
    msg = one_problem(path)
    assert msg.startswith(
        f"{path}:{second}: fact 'meeting-2020': duplicate id (first at line {first})"
    )


@pytest.mark.parametrize(
    "bad", ["2021-13", "2020-02-30", "20201", "2021/2020", "soon", "2020-33/2019"]
)
def test_invalid_edtf(mini, bad: str) -> None:
    path = mini(MINI_YAML.replace("    date: 2020-33\n", f"    date: {bad}\n"))
    msg = one_problem(path)
    assert f"{path}:{line_of(path, f'date: {bad}')}: fact 'meeting-2020': field 'date':" in msg


def test_unknown_theme(mini) -> None:
    path = mini(MINI_YAML.replace("    themes: [alpha]\n", "    themes: [alpah]\n", 1))
    msg = one_problem(path)
    assert "fact 'meeting-2020': unknown theme 'alpah'; did you mean 'alpha'?" in msg


def test_unknown_source(mini) -> None:
    path = mini(MINI_YAML.replace("    source: mini\n", "    source: other\n", 1))
    msg = one_problem(path)
    assert "fact 'meeting-2020': unknown source 'other' (sources: mini)" in msg


def test_quote_not_verbatim(mini) -> None:
    path = mini(MINI_YAML.replace("共有1.5万名党员参加", "共有1.5万名党员出席"))
    found = problems_of(path)
    assert any("fact 'meeting-2020': quote is not verbatim in mini.txt" in p for p in found), found
    assert any("differs at character" in p for p in found)


def test_quote_with_half_width_comma_changed_to_full_width_is_not_verbatim(mini) -> None:
    path = mini(MINI_YAML.replace('quote: "2016年以来,投诉', 'quote: "2016年以来，投诉'))
    assert "fact 'complaints': quote is not verbatim" in one_problem(path)


def test_figure_not_in_quote(mini) -> None:
    path = mini(MINI_YAML.replace('{value: "1.5",', '{value: "1.6",'))
    msg = one_problem(path)
    assert "fact 'meeting-2020': figure 1 value '1.6' does not occur in the quote" in msg


def test_unknown_kind(mini) -> None:
    path = mini(MINI_YAML.replace("    kind: event\n", "    kind: evnt\n"))
    assert "kind 'evnt' is not one of" in one_problem(path)


def test_bad_bound(mini) -> None:
    path = mini(MINI_YAML.replace("label_en: fall}", "label_en: fall, bound: more}"))
    assert "bound 'more' is not one of lower, upper" in one_problem(path)


def test_missing_source_file_is_a_warning_not_an_error(mini) -> None:
    path = mini(source=None)
    base, problems = check(path)
    assert problems == []
    assert base is not None and len(base.facts) == 3
    assert any("not found" in w and "not verified" in w for w in base.warnings)


def test_sha256_mismatch(mini) -> None:
    path = mini(
        MINI_YAML.replace(
            "    file: mini.txt\n", "    file: mini.txt\n    sha256: " + "0" * 64 + "\n"
        )
    )
    assert "has sha256" in one_problem(path)


def test_every_problem_is_listed_not_just_the_first(mini) -> None:
    text = (
        MINI_YAML.replace("    kind: event\n", "    kind: evnt\n")
        .replace("    date: 2016/2022-09\n", "    date: 2016-13\n")
        .replace("    source: mini\n", "    source: nowhere\n", 1)
    )
    found = problems_of(mini(text))
    assert len(found) == 3, found


def test_load_raises_with_first_problem_and_a_count(mini) -> None:
    text = MINI_YAML.replace("    kind: event\n", "    kind: evnt\n").replace(
        "2016/2022-09", "2016-13"
    )
    with pytest.raises(FactFileError) as info:
        load(mini(text))
    assert "(and 1 more; run 'zjtimeline validate" in str(info.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "a list at the top level"),
        ("just text\n", "text at the top level"),
        ("facts: [\n", "invalid YAML"),
        ("a: 1\na: 2\n", "duplicate key 'a' (first at line 1)"),
        (
            "!!python/object/apply:os.system ['true']\n",
            "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
        ),
    ],
)
def test_unparsable_files_raise(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FactFileError) as info:
        check(path)
    assert info.value.unreadable
    assert expected in str(info.value)
    assert str(info.value).startswith(str(path))


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"sources: []\nthemes: []\n" + "facts: [中]\n".encode("gbk"))
    with pytest.raises(FactFileError) as info:
        check(path)
    assert f"{path}:3: not UTF-8" in str(info.value)


def test_bom_is_accepted(mini) -> None:
    path = mini()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load(path).facts) == 3


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(FactFileError, match="no such file"):
        check(tmp_path / "nope.yaml")
    with pytest.raises(FactFileError, match="is a folder"):
        check(tmp_path)


def test_dates_written_unquoted_keep_their_text(mini) -> None:
    path = mini(
        MINI_YAML.replace("    date: 2020-33\n", "    date: 2020-03-05\n").replace(
            "2020年初\n", "2020年初\n", 1
        )
    )
    base = load(path)
    assert base.facts[0].date == "2020-03-05"


def test_bare_number_tag_is_kept_as_written_and_empty_tag_is_refused(mini) -> None:
    base = load(mini(MINI_YAML.replace("    tags: [会议]", "    tags: [会议, 2020, 1.50]")))
    assert base.facts[0].tags == ("会议", "2020", "1.50")
    msg = one_problem(mini(MINI_YAML.replace("    tags: [会议]", '    tags: [会议, ""]')))
    assert "field 'tags': item 2 must be text, got empty text" in msg
