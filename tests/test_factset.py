"""A fact base of many files: folders, several --facts, the bundled base beneath."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from zjtimeline.errors import FactFileError
from zjtimeline.factset import check_set, fact_files, load_set
from zjtimeline.loader import bundled_path

from .conftest import MINI_SOURCE, MINI_YAML, ROOT

NOTES = ROOT / "examples" / "my-notes"


def _write(folder: Path, name: str, yaml_text: str = MINI_YAML) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mini.txt").write_text(MINI_SOURCE, encoding="utf-8")
    path = folder / name
    path.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
    return path


def _renamed(yaml_text: str, suffix: str) -> str:
    return (
        yaml_text.replace("id: meeting-2020", f"id: meeting-2020{suffix}")
        .replace("id: complaints", f"id: complaints{suffix}")
        .replace("id: ongoing-thing", f"id: ongoing-thing{suffix}")
    )


def test_fact_files_folders_order_and_bundled(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("ZJTIMELINE_FACTS", raising=False)
    a = _write(tmp_path / "f", "b.yaml")
    b = _write(tmp_path / "f", "a.yml")
    (tmp_path / "f" / "notes.txt").write_text("not a fact file")
    assert fact_files([tmp_path / "f"]) == [b, a]  # sorted by name
    assert fact_files([tmp_path / "f"], with_bundled=True) == [bundled_path(), b, a]
    assert fact_files([a, tmp_path / "f"]) == [a, b]  # each file once
    assert fact_files(None) == [bundled_path()]
    monkeypatch.setenv("ZJTIMELINE_FACTS", f"{a}:{b}")
    assert fact_files(None) == [a, b]


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FactFileError, match=r"no \*.yaml fact files"):
        fact_files([tmp_path])


def test_the_bundled_base_with_my_notes() -> None:
    base = load_set(fact_files([NOTES], with_bundled=True), use_cache=False)
    bundled = load_set([bundled_path()], use_cache=False)
    assert len(base.facts) == len(bundled.facts) + 4
    assert {"jrzj-2022-18-hongse-genmai", "my-reading-notes"} <= set(base.sources)
    assert [t.slug for t in base.themes][-1] == "rural"  # new themes after the bundled ones
    notes = base.sources["my-reading-notes"]
    assert notes.file == "sources/reading-notes.txt"  # relative to its own fact file
    assert base.source_folder("my-reading-notes") == str(NOTES)


def test_duplicate_ids_across_files_name_both(tmp_path: Path) -> None:
    a = _write(tmp_path / "one", "facts.yaml")
    b = _write(tmp_path / "two", "facts.yaml")
    base, problems = check_set([a, b])
    assert base is not None
    messages = [str(p) for p in problems]
    assert len(messages) == 3
    assert messages[0].startswith(f"{b}:")
    assert f"first at {a}:" in messages[0] and "duplicate id" in messages[0]
    with pytest.raises(FactFileError, match="duplicate id"):
        load_set([a, b], use_cache=False)


def test_themes_must_agree(tmp_path: Path) -> None:
    a = _write(tmp_path / "one", "facts.yaml")
    b = _write(
        tmp_path / "two",
        "facts.yaml",
        _renamed(MINI_YAML, "-2").replace("name_en: Alpha", "name_en: Alpha!"),
    )
    _, problems = check_set([a, b])
    assert [p.message for p in problems] == [
        f"theme 'alpha' differs from the one in {a}: name_en 'Alpha!' here, 'Alpha' there; a theme must read the same in every file"
    ]


def test_sources_are_shared_by_id_and_must_agree(tmp_path: Path) -> None:
    a = _write(tmp_path / "one", "facts.yaml")
    b = _write(tmp_path / "two", "facts.yaml", _renamed(MINI_YAML, "-2"))
    base, problems = check_set([a, b])
    assert problems == [] and base is not None
    assert list(base.sources) == ["mini"] and len(base.facts) == 6
    c = _write(
        tmp_path / "three",
        "facts.yaml",
        _renamed(MINI_YAML, "-3").replace("title: 测试文章", "title: 另一篇"),
    )
    _, problems = check_set([a, c])
    assert "source 'mini' differs" in problems[0].message


def test_cli_layers_and_validates(tmp_path: Path, cli) -> None:
    r = cli("list", "--with-bundled", "--facts", str(NOTES), "--until", "2005", "--format", "jsonl")
    assert r.exit_code == 0, r.stderr
    ids = [line.split('"id": "')[1].split('"')[0] for line in r.stdout.splitlines()]
    assert "notes-thousand-villages-2003" in ids and "eight-foundations-eight-abilities-2004" in ids
    r = cli("validate", str(NOTES), "--with-bundled")
    assert r.exit_code == 0, r.stderr
    assert "2 files: ok" in r.stdout
    a = _write(tmp_path / "one", "facts.yaml")
    b = _write(tmp_path / "two", "facts.yaml")
    r = cli("validate", str(a), str(b))
    assert r.exit_code == 1 and "duplicate id" in r.stderr
    r = cli("list", "--facts", str(a), "--facts", str(b))
    assert r.exit_code == 2 and "duplicate id" in r.stderr and r.stdout == ""


def test_cli_with_bundled_setting(tmp_path: Path, cli) -> None:
    r = cli("show", "notes-two-mountains-2005", "--facts", str(NOTES), "--format", "json",
            env={"ZJTIMELINE_WITH_BUNDLED": "1"})  # fmt: skip
    assert r.exit_code == 0, r.stderr
    r = cli("show", "medics-to-hubei", "--facts", str(NOTES), "--format", "json",
            env={"ZJTIMELINE_WITH_BUNDLED": "1"})  # fmt: skip
    assert r.exit_code == 0, r.stderr
    r = cli("show", "medics-to-hubei", "--facts", str(NOTES), "--format", "json")
    assert r.exit_code == 1


def test_sources_are_read_from_their_own_folders(tmp_path: Path, cli, monkeypatch) -> None:
    notes = tmp_path / "elsewhere" / "my-notes"  # outside the bundled base's folder
    shutil.copytree(NOTES, notes)
    args = ("--with-bundled", "--facts", str(notes))
    r = cli("show", "notes-two-mountains-2005", *args, "--no-pager")
    assert r.exit_code == 0, r.stderr
    assert "安吉县余村考察时" in r.stdout  # the quote's context, read from the notes' source
    r = cli("coverage", *args, "--format", "jsonl")
    assert r.exit_code == 0, r.stderr
    r = cli("sources", *args, "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert {s["id"]: s["verified"] for s in json.loads(r.stdout)} == {
        "jrzj-2022-18-hongse-genmai": True,
        "my-reading-notes": True,
    }


def test_cache_per_file(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    a = _write(folder, "a.yaml")
    b = _write(folder, "b.yaml", _renamed(MINI_YAML, "-b"))
    first = load_set(fact_files([folder]))
    again = load_set(fact_files([folder]))
    assert [f.id for f in again.facts] == [f.id for f in first.facts]
    b.write_text(textwrap.dedent(_renamed(MINI_YAML, "-c")), encoding="utf-8")
    changed = load_set(fact_files([folder]))
    assert "meeting-2020-c" in {f.id for f in changed.facts}
    shutil.copy(a, folder / "c.yaml")  # a duplicate of a: the set now fails
    with pytest.raises(FactFileError, match="duplicate id"):
        load_set(fact_files([folder]))


def test_many_files_are_read_by_a_pool(tmp_path: Path, monkeypatch) -> None:
    from zjtimeline import factset

    monkeypatch.setattr(factset, "POOL_MIN_FILES", 4)
    folder = tmp_path / "many"
    for n in range(6):
        _write(folder, f"{n:02d}.yaml", _renamed(MINI_YAML, f"-{n}"))
    base = load_set(fact_files([folder]))
    assert len(base.facts) == 18
    assert [f.id for f in base.facts][:3] == ["meeting-2020-0", "complaints-0", "ongoing-thing-0"]
    (folder / "03.yaml").write_text("facts: [", encoding="utf-8")
    with pytest.raises(FactFileError, match=r"03\.yaml"):
        load_set(fact_files([folder]), use_cache=False)


def test_a_set_is_read_from_one_cache_entry(tmp_path: Path, _own_cache: Path, monkeypatch) -> None:
    from zjtimeline import cache

    monkeypatch.setattr(cache.SetStamp, "racy", lambda self: False)  # files made just now
    folder = tmp_path / "set"
    _write(folder, "a.yaml")
    b = _write(folder, "b.yaml", _renamed(MINI_YAML, "-b"))
    load_set(fact_files([folder]))
    assert len(list(_own_cache.glob("zjtimeline/set-*"))) == 1
    again = load_set(fact_files([folder]))
    assert len(again.facts) == 6
    b.write_text(textwrap.dedent(_renamed(MINI_YAML, "-c")), encoding="utf-8")
    assert "meeting-2020-c" in {f.id for f in load_set(fact_files([folder])).facts}


def test_coverage_across_the_set(cli) -> None:
    r = cli("coverage", "--with-bundled", "--facts", str(NOTES), "--format", "jsonl")
    assert r.exit_code == 0, r.stderr
    sources = {json.loads(line)["source"] for line in r.stdout.splitlines()}
    assert sources == {"jrzj-2022-18-hongse-genmai", "my-reading-notes"}
    assert "missing" not in {json.loads(line)["status"] for line in r.stdout.splitlines()}
