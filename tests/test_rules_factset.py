"""Every rule of a fact base of many files (factset.py), each with a test that fails
without it: which files make a set, what must agree across them, and how a pool of
workers hands each file's base back."""

from __future__ import annotations

import gc
import io
import marshal
import multiprocessing
import os
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest

from zjtimeline import cache, factset
from zjtimeline.errors import FactFileError
from zjtimeline.factset import check_set, fact_files, load_set

from .conftest import MINI_SOURCE, MINI_YAML


def write(folder: Path, text: str = MINI_YAML, suffix: str = "", source: bool = True) -> Path:
    """A fact file in ``folder`` (its source beside it), its fact ids ending in ``suffix``."""
    folder.mkdir(parents=True, exist_ok=True)
    if source:
        (folder / "mini.txt").write_text(MINI_SOURCE, encoding="utf-8")
    for fid in ("meeting-2020", "complaints", "ongoing-thing"):
        text = text.replace(f"id: {fid}\n", f"id: {fid}{suffix}\n")
    path = folder / f"facts{suffix}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(files: list[Path]) -> list[str]:
    _base, problems = check_set(files)
    return [p.message for p in problems]


# ── what must agree across files ─────────────────────────────────────────────

DESCRIBED = MINI_YAML.replace("name_en: Alpha\n", "name_en: Alpha\n    description_en: About A\n")
SHA = "a" * 64
HASHED = MINI_YAML.replace("    file: mini.txt\n", f"    file: mini.txt\n    sha256: {SHA}\n")


@pytest.mark.parametrize(
    ("one", "two"),
    [(DESCRIBED, MINI_YAML), (MINI_YAML, DESCRIBED)],
    ids=["first-only", "second-only"],
)
def test_a_theme_described_in_one_file_only_agrees(tmp_path: Path, one: str, two: str) -> None:
    a = write(tmp_path / "a", one, "-a")
    b = write(tmp_path / "b", two, "-b")
    base, problems = check_set([a, b])
    assert problems == [] and base is not None
    assert base.theme("alpha").description_en == ("About A" if one is DESCRIBED else "")


def test_a_theme_described_differently_is_named(tmp_path: Path) -> None:
    a = write(tmp_path / "a", DESCRIBED, "-a")
    b = write(tmp_path / "b", DESCRIBED.replace("About A", "About B"), "-b")
    assert messages([a, b]) == [
        f"theme 'alpha' differs from the one in {a}: description_en 'About B' here, "
        "'About A' there; a theme must read the same in every file"
    ]


@pytest.mark.parametrize(
    ("one", "two"), [(HASHED, MINI_YAML), (MINI_YAML, HASHED)], ids=["first-only", "second-only"]
)
def test_a_source_hashed_in_one_file_only_agrees(tmp_path: Path, one: str, two: str) -> None:
    a = write(tmp_path / "a", one, "-a")
    b = write(tmp_path / "b", two, "-b")
    _base, problems = check_set([a, b])
    # the hash is of another text: each file says so of its own, none across the set
    assert not [p for p in problems if "differs from the one in" in p.message]


def test_a_source_hashed_differently_is_named(tmp_path: Path) -> None:
    a = write(tmp_path / "a", HASHED, "-a")
    b = write(tmp_path / "b", HASHED.replace(SHA, "b" * 64), "-b")
    across = [m for m in messages([a, b]) if "differs from the one in" in m]
    assert across == [
        f"source 'mini' differs from the one in {a}: sha256 {'b' * 64!r} here, {SHA!r} there; "
        "a source shared by id must be the same source"
    ]


@pytest.mark.parametrize(("one", "two"), [("[某人]", "[]"), ("[]", "[某人]")])
def test_authors_left_empty_in_one_file_do_not_agree(tmp_path: Path, one: str, two: str) -> None:
    """Only a theme's description and a source's sha256 may be left out in one file."""
    a = write(tmp_path / "a", MINI_YAML.replace("authors: [某人]", f"authors: {one}"), "-a")
    b = write(tmp_path / "b", MINI_YAML.replace("authors: [某人]", f"authors: {two}"), "-b")
    mine, theirs = ("'某人',", "") if two == "[某人]" else ("", "'某人',")
    assert messages([a, b]) == [
        f"source 'mini' differs from the one in {a}: authors ({mine}) here, ({theirs}) there; "
        "a source shared by id must be the same source"
    ]


# ── checking a set ───────────────────────────────────────────────────────────


def test_check_set_keeps_every_file_s_problems(tmp_path: Path) -> None:
    a = write(tmp_path / "a", MINI_YAML.replace("kind: event", "kind: evnt"), "-a")
    b = write(tmp_path / "b", MINI_YAML.replace("kind: statistic", "kind: statistc"), "-b")
    base, problems = check_set([a, b])
    assert base is not None
    assert [(p.path, "kind" in p.message) for p in problems] == [(str(a), True), (str(b), True)]


def test_check_set_passes_its_options_to_every_file(tmp_path: Path) -> None:
    """A source outside the fact file's folder is allowed by a wider root."""
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "mini.txt").write_text(MINI_SOURCE, encoding="utf-8")
    outside = MINI_YAML.replace("file: mini.txt", "file: ../shared/mini.txt")
    files = [write(tmp_path / d, outside, f"-{d}", source=False) for d in ("a", "b")]
    assert len(messages(files)) == 2  # outside the folder: refused
    base, problems = check_set(files, root=tmp_path)
    assert problems == [] and base is not None and len(base.facts) == 6


def test_a_path_whose_kind_cannot_be_told_is_taken_as_a_file(tmp_path: Path) -> None:
    """The loader then says why it cannot be read."""
    long = tmp_path / ("x" * 300)  # stat fails with 'File name too long'
    assert fact_files([long]) == [long]


# ── a worker of the pool ─────────────────────────────────────────────────────


def test_a_worker_sends_the_packed_base_and_its_warnings(tmp_path: Path, capsys) -> None:
    path = write(tmp_path / "a", source=False)  # quotes unverified: a warning
    data, problems, bad, count = factset._load_one((str(path), True, {}))
    assert (problems, bad, count) == ([], False, 3)
    base = cache.read(path)
    assert base is not None and marshal.loads(data) == cache._pack(base)
    assert capsys.readouterr().err.count("zjtimeline: warning: ") == 1


def test_a_worker_loads_with_the_options_it_is_given(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "mini.txt").write_text(MINI_SOURCE, encoding="utf-8")
    path = write(tmp_path / "a", MINI_YAML.replace("file: mini.txt", "file: ../shared/mini.txt"))
    data, problems, _bad, count = factset._load_one((str(path), False, {"root": tmp_path}))
    assert problems == [] and count == 3 and data is not None
    assert not cache.entry_path(path).exists()  # use_cache=False: nothing written


def test_a_worker_sends_the_problems_of_a_broken_file(tmp_path: Path) -> None:
    invalid = write(tmp_path / "a", MINI_YAML.replace("kind: event", "kind: evnt"))
    data, problems, bad, count = factset._load_one((str(invalid), True, {}))
    assert data is None and count == 0 and bad is False
    assert len(problems) == 1 and problems[0][0] == str(invalid) and "evnt" in problems[0][2]
    assert isinstance(problems[0][1], int)
    missing = tmp_path / "missing.yaml"
    data, problems, bad, count = factset._load_one((str(missing), True, {}))
    assert data is None and count == 0 and bad is True
    assert [p[:2] for p in problems] == [(str(missing), None)]


# ── the pool, watched from the main process ──────────────────────────────────


class Pool:
    """Stands in for ProcessPoolExecutor: records how it is made and used, and runs
    the workers' function here, in order."""

    made: ClassVar[list[tuple[Any, ...]]] = []

    def __init__(self, max_workers: int | None = None, mp_context: Any = None) -> None:
        Pool.made.append(("pool", max_workers, mp_context))

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def map(self, fn: Any, jobs: list[Any], chunksize: int = 1) -> Any:
        Pool.made.append(("map", chunksize, type(chunksize)))
        return map(fn, jobs)


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(factset, "POOL_MIN_FILES", 4)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    Pool.made = []
    return Pool.made


def many(folder: Path, count: int) -> list[Path]:
    return [write(folder, suffix=f"-{n:02d}") for n in range(count)]


@pytest.mark.parametrize(("cores", "workers"), [({0, 1}, 2), ({0, 1, 2}, 3), (set(range(20)), 8)])
def test_the_pool_has_a_forked_worker_per_usable_core_at_most_eight(
    tmp_path: Path, monkeypatch, pool, cores: set[int], workers: int
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: cores)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    base = load_set(many(tmp_path / "set", 4), use_cache=False)
    assert len(base.facts) == 12
    assert pool == [
        ("pool", workers, multiprocessing.get_context("fork")),
        ("map", 1, int),
    ]


@pytest.mark.parametrize(("cpus", "workers"), [(3, 3), (None, None)])
def test_without_affinity_the_pool_counts_the_cpus(
    tmp_path: Path, monkeypatch, pool, cpus: int | None, workers: int | None
) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: cpus)
    load_set(many(tmp_path / "set", 4), use_cache=False)
    assert pool[:1] == ([("pool", workers, multiprocessing.get_context("fork"))] if workers else [])


def test_the_pool_hands_out_eight_chunks_a_worker(tmp_path: Path, pool) -> None:
    load_set(many(tmp_path / "set", 48), use_cache=False)
    assert pool[1] == ("map", 3, int)  # 48 files // (2 workers * 8)


def test_the_pool_counts_progress_and_leaves_the_collector_on(tmp_path: Path, pool) -> None:
    seen: list[int] = []
    files = many(tmp_path / "set", 4)
    gc.enable()
    base = load_set(files, use_cache=False, progress=seen.append)
    assert seen == [3, 6, 9, 12] and len(base.facts) == 12 and gc.isenabled()
    assert [f.id for f in base.facts][::3] == [f"meeting-2020-{n:02d}" for n in range(4)]


def test_the_pool_names_every_broken_file_and_whether_one_is_unreadable(
    tmp_path: Path, pool
) -> None:
    files = many(tmp_path / "set", 4)
    for n in (1, 2):
        files[n].write_text(MINI_YAML.replace("kind: event", "kind: evnt"), encoding="utf-8")
    with pytest.raises(FactFileError) as info:
        load_set(files, use_cache=False)
    assert [p.path for p in info.value.problems] == [str(files[1]), str(files[2])]
    assert info.value.unreadable is False
    files[3].unlink()
    with pytest.raises(FactFileError) as info:
        load_set(files, use_cache=False)
    assert [p.path for p in info.value.problems] == [str(f) for f in files[1:]]
    assert info.value.unreadable is True


def test_one_by_one_counts_progress_and_passes_the_options(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "mini.txt").write_text(MINI_SOURCE, encoding="utf-8")
    outside = MINI_YAML.replace("file: mini.txt", "file: ../shared/mini.txt")
    files = [write(tmp_path / "set", outside, f"-{n}", source=False) for n in range(2)]
    seen: list[int] = []
    base = load_set(files, use_cache=False, progress=seen.append, root=tmp_path)
    assert seen == [3, 6] and len(base.facts) == 6
    assert not list(cache.cache_dir().glob("*")) if cache.cache_dir().exists() else True


def test_a_single_file_needs_no_set_entry(tmp_path: Path) -> None:
    path = write(tmp_path / "a")
    load_set([path])
    assert cache.entry_path(path).is_file()
    assert not list(cache.cache_dir().glob("set-*"))


def test_a_set_reading_stdin_is_never_cached(tmp_path: Path, monkeypatch) -> None:
    """Not even when a file named '-' lies in the working folder."""
    folder = tmp_path / "set"
    path = write(folder)
    write(folder, suffix="-dash").rename(folder / "-")
    monkeypatch.chdir(folder)
    for suffix in ("-in", "-again"):
        text = write(tmp_path / suffix, suffix=suffix).read_text(encoding="utf-8")
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        base = load_set([path, Path("-")])
        assert f"meeting-2020{suffix}" in {f.id for f in base.facts}
    assert not list(cache.cache_dir().glob("set-*"))


def test_an_empty_folder_is_unreadable_naming_the_folder(tmp_path: Path) -> None:
    from zjtimeline.factset import fact_files

    with pytest.raises(FactFileError) as info:
        fact_files([tmp_path])
    assert info.value.unreadable  # exit 2: a usage error, not a problem inside a file
    assert str(info.value) == f"{tmp_path}: folder holds no *.yaml fact files; check the path"


def test_stdin_is_never_taken_for_a_file_named_dash(tmp_path: Path, monkeypatch) -> None:
    """'-' is standard input; a file named '-' (by its full path) is a file: both stay."""
    from zjtimeline.factset import fact_files

    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").write_text("facts: []\n", encoding="utf-8")
    named = str(tmp_path / "-")
    assert [str(f) for f in fact_files(["-", named, "-"])] == ["-", named]


def test_a_file_named_twice_by_different_spellings_counts_once(tmp_path: Path, monkeypatch) -> None:
    from zjtimeline.factset import fact_files

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text("facts: []\n", encoding="utf-8")
    assert fact_files(["a.yaml", "./a.yaml", str(tmp_path / "a.yaml")]) == [Path("a.yaml")]


def test_empty_names_are_no_names(tmp_path: Path, monkeypatch) -> None:
    from zjtimeline.factset import fact_files

    (tmp_path / "a.yaml").write_text("facts: []\n", encoding="utf-8")
    monkeypatch.setenv("ZJTIMELINE_FACTS", str(tmp_path / "a.yaml"))
    assert fact_files(["", ""]) == [tmp_path / "a.yaml"]  # as if none were given


# ── more of what a set says, and of which files make it ──────────────────────


def test_a_worker_says_each_warning_of_its_file(tmp_path: Path, capsys) -> None:
    path = write(tmp_path / "a", source=False)  # quotes unverified: a warning
    factset._load_one((str(path), True, {}))
    assert capsys.readouterr().err == (
        f"zjtimeline: warning: {path}:7: source 'mini': file 'mini.txt' not found next to "
        "the fact file; its quotes are not verified\n"
    )


def test_problems_across_files_name_the_later_file_and_each_fact_s_line(tmp_path: Path) -> None:
    a = write(tmp_path / "a", DESCRIBED, "-a")
    b = write(
        tmp_path / "b",
        DESCRIBED.replace("About A", "About B").replace("测试文章", "别的文章"),
        "-a",
    )
    lines = [
        n
        for n, line in enumerate(b.read_text(encoding="utf-8").splitlines(), 1)
        if line.startswith("  - id: ") and "-a" in line
    ]
    assert len(lines) == 3
    _base, problems = check_set([a, b])
    assert [(p.path, p.line, p.message) for p in problems] == [
        (
            str(b),
            None,
            f"theme 'alpha' differs from the one in {a}: description_en 'About B' here, "
            "'About A' there; a theme must read the same in every file",
        ),
        (
            str(b),
            None,
            f"source 'mini' differs from the one in {a}: title '别的文章' here, '测试文章' there; "
            "a source shared by id must be the same source",
        ),
    ] + [
        (
            str(b),
            line,
            f"fact {fid!r}: duplicate id (first at {a}:{line}); ids must be unique across the fact base",
        )
        for fid, line in zip(
            ("meeting-2020-a", "complaints-a", "ongoing-thing-a"), lines, strict=True
        )
    ]


def test_a_merged_base_keeps_every_source_of_each_file_and_the_first_path(tmp_path: Path) -> None:
    two = MINI_YAML.replace(
        "themes:\n",
        "  - id: other\n    title: 别的文章\n    publication: 测试杂志\n"
        '    published: "2021-01-01T00:00:00+08:00"\n    authors: []\n    file: other.txt\n'
        "themes:\n",
        1,
    )
    a = write(tmp_path / "a", two, "-a")
    (tmp_path / "a" / "other.txt").write_text("别的。\n", encoding="utf-8")
    b = write(tmp_path / "b", MINI_YAML, "-b")
    base, problems = check_set([a, b])
    assert problems == [] and base is not None
    assert base.path == str(a)
    assert list(base.sources) == ["mini", "other"]
    assert base.source_folders == (("mini", str(tmp_path / "a")), ("other", str(tmp_path / "a")))


def test_a_folder_named_dash_is_not_read_for_stdin(tmp_path: Path, monkeypatch) -> None:
    """'-' is standard input even where a folder of fact files is named so."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "-")
    assert fact_files(["-"]) == [Path("-")]


def test_names_that_cannot_be_resolved_count_once_each(tmp_path: Path) -> None:
    """A NUL in a name: the name itself tells files apart (the loader then says what
    is wrong with each)."""
    assert fact_files(["a\0b", "c\0d", "a\0b"]) == [Path("a\0b"), Path("c\0d")]
