"""Every rule of the cache of parsed fact bases (one file's entry and a set's entry),
each with a test that fails without it.

The cache hides its own failures: a damaged or unreadable entry is skipped with a
warning and the file parsed again, so the output stays right and only the time grows.
The tests therefore assert that an entry is really used (the parser is made to fail,
and nothing is said on stderr), and the whole warning for each kind of damage."""

from __future__ import annotations

import gc
import marshal
import os
import textwrap
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from zjtimeline import cache, factset, loader
from zjtimeline.factset import load_set

from .conftest import MINI_SOURCE, MINI_YAML

MAGIC = cache._MAGIC


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, parsing a fact file fails the test."""
    monkeypatch.setattr(loader, "_check", lambda *a, **k: pytest.fail("parsed again"))


def no_file_by_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, loading a set's files one by one fails the test."""
    monkeypatch.setattr(factset, "_load_each", lambda *a, **k: pytest.fail("loaded file by file"))


class Key:
    """Something with the ``key()`` of a stamp, for writing a header around any stamp."""

    def __init__(self, key: list[Any]) -> None:
        self._key = key

    def key(self) -> list[Any]:
        return self._key


def rewrite(entry: Path, *, key: list[Any] | None = None, payload: bytes | None = None) -> None:
    """Write ``entry`` again with a valid header (size and CRC-32) around a changed stamp
    key or payload: damage that only the later checks can find."""
    data = entry.read_bytes()
    old_key, _size, _digest, at = cache._header(data)
    body = data[at:] if payload is None else payload
    header = cache._encode_header(Key(old_key if key is None else key), body)
    entry.write_bytes(header + body)


def corrupt(entry: Path, detail: str) -> str:
    return (
        f"zjtimeline: warning: ignoring corrupt cache entry {entry} ({detail}); "
        "it will be rebuilt\n"
    )


# ── one file's entry: used when fresh ────────────────────────────────────────


def test_a_fresh_entry_is_used_and_nothing_is_said(mini, monkeypatch, capsys) -> None:
    path = mini()
    first = loader.load(path)
    capsys.readouterr()
    no_parsing(monkeypatch)
    assert cache.read(path) == first
    assert loader.load(path) == first
    assert capsys.readouterr().err == ""


def test_an_entry_made_with_a_source_root_is_used_with_that_root_only(
    mini, tmp_path: Path, monkeypatch, capsys
) -> None:
    path = mini()
    first = loader.load(path, root=tmp_path)
    root = loader.source_root(tmp_path)
    no_parsing(monkeypatch)
    assert cache.read(path, root) == first
    assert loader.load(path, root=tmp_path) == first
    assert cache.read(path) is None  # another root: stale, not corrupt
    assert capsys.readouterr().err == ""


def test_an_entry_of_another_file_is_stale_not_corrupt(mini, tmp_path: Path, capsys) -> None:
    """Entry names are hashes; were two to collide, the stamp tells them apart."""
    path = mini()
    loader.load(path)
    other = tmp_path / "other.yaml"
    other.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    cache.entry_path(other).write_bytes(cache.entry_path(path).read_bytes())
    assert cache.read(other) is None
    assert capsys.readouterr().err == ""


def test_the_shapes_accepted_are_the_shapes_pack_writes(mini) -> None:
    base = loader.load(mini(), use_cache=False)
    signatures = cache._fact_signatures()
    assert signatures == cache._FACT_SIGNATURES
    assert len(signatures) == 2**3  # date_text, date_basis and date_text_en may be None
    packed = cache._pack(base)
    assert {tuple(map(type, f)) for f in packed[3]} <= signatures
    assert (str,) * 18 not in signatures


# ── one file's entry: each kind of damage, and what is said ─────────────────


def _flip_last(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])


@pytest.mark.parametrize(
    ("damage", "detail"),
    [
        (_flip_last, "ValueError: payload does not match its checksum"),
        (lambda d: d + b"\x00", "ValueError: payload does not match its checksum"),
        (lambda d: d[:-1], "ValueError: payload does not match its checksum"),
        (
            lambda d: b"zjtimeline cache 5\n" + d[len(MAGIC) :],
            "ValueError: not a cache entry of this version",
        ),
        (lambda d: b"\x00garbage" * 10, "ValueError: not a cache entry of this version"),
        (lambda d: MAGIC + b"{" * 40, "ValueError: no header"),
        (
            lambda d: MAGIC + b"not json\n" + d,
            "JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
        ),
        (lambda d: MAGIC + b"[1]\n", "ValueError: bad header"),
        (lambda d: MAGIC + b'{"stamp": {}, "size": 1, "crc32": 1}\n', "ValueError: bad header"),
        (lambda d: MAGIC + b'{"stamp": [], "size": true, "crc32": 1}\n', "ValueError: bad header"),
        (lambda d: MAGIC + b'{"stamp": [], "size": 1, "crc32": 1.0}\n', "ValueError: bad header"),
        (lambda d: MAGIC + b'{"stamp": [], "size": 1}\n', "ValueError: bad header"),
    ],
    ids=[
        "checksum",
        "longer",
        "shorter",
        "old-magic",
        "garbage",
        "no-newline",
        "not-json",
        "not-a-dict",
        "stamp-not-a-list",
        "size-not-int",
        "crc-not-int",
        "no-crc",
    ],
)
def test_a_damaged_entry_is_named_with_what_is_wrong(mini, capsys, damage, detail: str) -> None:
    path = mini()
    first = loader.load(path)
    entry = cache.entry_path(path)
    entry.write_bytes(damage(entry.read_bytes()))
    capsys.readouterr()
    assert cache.read(path) is None
    assert capsys.readouterr().err == corrupt(entry, detail)
    assert loader.load(path) == first  # rebuilt
    assert cache.read(path) == first


def test_a_header_longer_than_the_bound_is_not_read(mini, monkeypatch, capsys) -> None:
    path = mini()
    first = loader.load(path)
    entry = cache.entry_path(path)
    data = entry.read_bytes()
    line = data.index(b"\n", len(MAGIC)) - len(MAGIC)  # the header's length, without "\n"
    monkeypatch.setattr(cache, "MAX_HEADER", line + 1)  # room for the header and its "\n"
    assert cache.read(path) == first
    monkeypatch.setattr(cache, "MAX_HEADER", line)
    capsys.readouterr()
    assert cache.read(path) is None
    assert capsys.readouterr().err == corrupt(entry, "ValueError: no header")


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        (lambda k: k[:6], "ValueError: bad stamp"),
        (lambda k: [*k, []], "ValueError: bad stamp"),
        (lambda k: [*k[:6], "mini.txt"], "ValueError: bad stamp"),
        (lambda k: [*k[:6], [[]]], "ValueError: bad stamp"),
        (lambda k: [*k[:6], [[1, "x", None]]], "ValueError: bad stamp"),
        (lambda k: [*k[:6], ["mini.txt"]], "ValueError: bad stamp"),
    ],
    ids=["short", "long", "sources-not-a-list", "empty-source", "name-not-text", "not-a-list"],
)
def test_a_stamp_of_the_wrong_shape_is_named(mini, capsys, change, detail: str) -> None:
    path = mini()
    loader.load(path)
    entry = cache.entry_path(path)
    key = cache._header(entry.read_bytes())[0]
    rewrite(entry, key=change(key))
    capsys.readouterr()
    assert cache.read(path) is None
    assert capsys.readouterr().err == corrupt(entry, detail)


def _packed(path: Path) -> list[Any]:
    return list(cache._pack(loader.load(path, use_cache=False)))


def _fact(packed: list[Any], at: int, value: Any, n: int = 0) -> tuple[Any, ...]:
    facts = [list(f) for f in packed[3]]
    facts[n][at] = value
    packed[3] = tuple(tuple(f) for f in facts)
    return tuple(packed)


def _period(packed: list[Any], at: int, value: Any) -> tuple[Any, ...]:
    period = list(packed[3][0][3])
    period[at] = value
    return _fact(packed, 3, tuple(period))


def _set(packed: list[Any], at: int, value: Any) -> tuple[Any, ...]:
    packed[at] = value
    return tuple(packed)


def _source(packed: list[Any], at: int, value: Any) -> tuple[Any, ...]:
    source = list(packed[1][0])
    source[at] = value
    packed[1] = (tuple(source),)
    return tuple(packed)


FIGURE = ("60", "%", "降幅", "fall", None)
EXCLUSION = ("mini", "某句", "not a fact", 3)

SHAPES = {
    "a-list": (lambda p: list(p), "ValueError: payload is not a 6-tuple"),
    "five": (lambda p: tuple(p[:5]), "ValueError: payload is not a 6-tuple"),
    "path": (lambda p: _set(p, 0, 1), "ValueError: unexpected path or warnings"),
    "warnings": (lambda p: _set(p, 4, ["w"]), "ValueError: unexpected path or warnings"),
    "warning": (lambda p: _set(p, 4, (1,)), "ValueError: unexpected path or warnings"),
    "sources": (lambda p: _set(p, 1, list(p[1])), "ValueError: unexpected lists"),
    "themes": (lambda p: _set(p, 2, list(p[2])), "ValueError: unexpected lists"),
    "facts": (lambda p: _set(p, 3, list(p[3])), "ValueError: unexpected lists"),
    "source-list": (lambda p: _set(p, 1, (list(p[1][0]),)), "ValueError: unexpected source"),
    "source-short": (lambda p: _set(p, 1, (p[1][0][:6],)), "ValueError: unexpected source"),
    "source-title": (lambda p: _source(p, 1, 1), "ValueError: unexpected source"),
    "source-authors": (lambda p: _source(p, 4, "某人"), "ValueError: unexpected source"),
    "source-author": (lambda p: _source(p, 4, (1,)), "ValueError: unexpected source"),
    "source-file": (lambda p: _source(p, 5, None), "ValueError: unexpected source"),
    "source-sha": (lambda p: _source(p, 6, None), "ValueError: unexpected source"),
    "source-date": (
        lambda p: _source(p, 3, "2022-13-45T00:00"),
        "ValueError: month must be in 1..12",
    ),
    "theme-list": (lambda p: _set(p, 2, (list(p[2][0]),)), "ValueError: unexpected theme"),
    "theme-short": (lambda p: _set(p, 2, (p[2][0][:3],)), "ValueError: unexpected theme"),
    "theme-name": (lambda p: _set(p, 2, ((*p[2][0][:3], None),)), "ValueError: unexpected theme"),
    "exclusions": (lambda p: _set(p, 5, [EXCLUSION]), "ValueError: unexpected exclusions"),
    "exclusion-list": (
        lambda p: _set(p, 5, (list(EXCLUSION),)),
        "ValueError: unexpected exclusion",
    ),
    "exclusion-short": (lambda p: _set(p, 5, (EXCLUSION[:3],)), "ValueError: unexpected exclusion"),
    "exclusion-text": (
        lambda p: _set(p, 5, ((*EXCLUSION[:2], 1, 3),)),
        "ValueError: unexpected exclusion",
    ),
    "exclusion-line": (
        lambda p: _set(p, 5, ((*EXCLUSION[:3], "3"),)),
        "ValueError: unexpected exclusion",
    ),
    "fact-id": (lambda p: _fact(p, 0, 42), "ValueError: fact of the wrong shape"),
    "fact-short": (lambda p: _fact(p, 17, None), "ValueError: fact of the wrong shape"),
    "period-short": (lambda p: _fact(p, 3, p[3][0][3][:4]), "ValueError: unexpected period"),
    "period-start": (lambda p: _period(p, 0, "1"), "ValueError: unexpected period"),
    "period-end": (lambda p: _period(p, 1, None), "ValueError: unexpected period"),
    "period-precision": (lambda p: _period(p, 2, 1), "ValueError: unexpected period"),
    "period-end-precision": (lambda p: _period(p, 3, None), "ValueError: unexpected period"),
    "period-form": (lambda p: _period(p, 4, "sometimes"), "ValueError: unexpected period"),
    "theme-of-fact": (
        lambda p: _fact(p, 6, (1,)),
        "TypeError: sequence item 0: expected str instance, int found",
    ),
    "tag": (
        lambda p: _fact(p, 7, ("会议", 2)),
        "TypeError: sequence item 1: expected str instance, int found",
    ),
    "figure-list": (lambda p: _fact(p, 12, (list(FIGURE),)), "TypeError: unhashable type: 'list'"),
    "figure-text": (lambda p: _fact(p, 12, (FIGURE, "x")), "ValueError: unexpected figure"),
    "figure-short": (lambda p: _fact(p, 12, (FIGURE[:4],)), "ValueError: unexpected figure"),
    "figure-value": (lambda p: _fact(p, 12, ((60, *FIGURE[1:]),)), "ValueError: unexpected figure"),
    "figure-bound": (lambda p: _fact(p, 12, ((*FIGURE[:4], 1),)), "ValueError: unexpected figure"),
    "ordinal": (
        lambda p: _period(p, 0, 10**9),
        "ValueError: year 2737908 is out of range",
    ),
    "known-until": (
        lambda p: _fact(p, 16, 10**9),
        "ValueError: year 2737908 is out of range",
    ),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_payload_of_the_wrong_shape_is_named(mini, capsys, shape: str) -> None:
    change, detail = SHAPES[shape]
    path = mini()
    first = loader.load(path)
    entry = cache.entry_path(path)
    rewrite(entry, payload=marshal.dumps(change(_packed(path))))
    capsys.readouterr()
    assert cache.read(path) is None
    assert capsys.readouterr().err == corrupt(entry, detail)
    assert loader.load(path) == first


def test_every_field_comes_back_from_the_entry(mini, monkeypatch) -> None:
    """A base using every field (optional ones set, an open start, figures with a
    bound, an exclusion) reads back equal."""
    text = (
        MINI_YAML.replace("date: 2016/2022-09", "date: ../2022-09")
        .replace(
            "    date_text_en: early 2020\n",
            "    date_text_en: early 2020\n    date_basis: 据文中所述\n",
        )
        .replace(
            '{value: "1.5", unit: 万名, label_zh: 参会党员, label_en: members attending}',
            '{value: "1.5", unit: 万名, label_zh: 参会党员, label_en: members attending, bound: lower}',
        )
    )
    text += textwrap.dedent(
        """\
        excluded:
          - source: mini
            text: "另一句话。"
            reason: a heading, not a fact
        """
    )
    path = mini(text, MINI_SOURCE + "另一句话。\n")
    first = loader.load(path)
    no_parsing(monkeypatch)
    again = cache.read(path)
    assert again == first
    assert again is not None and again.excluded and again.facts[2].known_until is not None
    assert again.facts[0].figures[0].bound == first.facts[0].figures[0].bound
    assert again.facts[1].period.start is None  # an open start


def test_reading_an_entry_leaves_the_collector_as_it_found_it(mini, monkeypatch) -> None:
    """Unpacking runs with the cyclic collector off, and freezes what it built; the
    collector is on again afterwards only if it was on before."""
    path = mini()
    first = loader.load(path)
    during: list[bool] = []
    real = cache._unpack
    monkeypatch.setattr(cache, "_unpack", lambda data: during.append(gc.isenabled()) or real(data))
    was = gc.isenabled()
    try:
        gc.enable()
        frozen = gc.get_freeze_count()
        assert cache.read(path) == first
        assert gc.isenabled() and during == [False]
        assert gc.get_freeze_count() > frozen
        gc.disable()
        assert cache.read(path) == first
        assert not gc.isenabled()
    finally:
        gc.enable() if was else gc.disable()


# ── a set's entry ────────────────────────────────────────────────────────────


def make_set(folder: Path, count: int = 2, source: str | None = MINI_SOURCE) -> list[Path]:
    """``count`` fact files in ``folder`` sharing one source, with distinct fact ids."""
    folder.mkdir(parents=True, exist_ok=True)
    if source is not None:
        (folder / "mini.txt").write_text(source, encoding="utf-8")
    files = []
    for n in range(count):
        text = MINI_YAML
        for fid in ("meeting-2020", "complaints", "ongoing-thing"):
            text = text.replace(f"id: {fid}\n", f"id: {fid}-{n}\n")
        path = folder / f"{n:02d}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def test_a_set_is_read_from_its_entry_alone(tmp_path: Path, monkeypatch, capsys) -> None:
    files = make_set(tmp_path / "set")
    first = load_set(files)
    assert first.source_folders == (("mini", str(tmp_path / "set")),)
    assert cache.set_entry_path(files, None).is_file()
    capsys.readouterr()
    no_file_by_file(monkeypatch)
    again = load_set(files)
    assert again == first and again.source_folders == first.source_folders
    # equal values share one object: the files' facts have the same dates and figures
    assert again.facts[0].period is again.facts[3].period
    assert again.facts[0].figures[0] is again.facts[3].figures[0]
    assert cache.read_set(files) == first
    assert capsys.readouterr().err == ""


def test_a_cached_set_says_its_warnings_again(tmp_path: Path, monkeypatch, capsys) -> None:
    files = make_set(tmp_path / "set", source=None)  # quotes unverified: one warning a file
    first = load_set(files)
    said = capsys.readouterr().err
    assert said.count("zjtimeline: warning: ") == 2
    no_file_by_file(monkeypatch)
    assert load_set(files) == first
    assert capsys.readouterr().err == said


def test_a_set_made_with_a_source_root_is_read_with_that_root(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    files = make_set(tmp_path / "set")
    first = load_set(files, root=tmp_path)
    root = loader.source_root(tmp_path)
    assert cache.set_entry_path(files, root).is_file()
    assert not cache.set_entry_path(files, None).exists()
    no_file_by_file(monkeypatch)
    assert cache.read_set(files, root) == first
    assert load_set(files, root=tmp_path) == first
    assert capsys.readouterr().err == ""


def test_a_set_read_by_a_pool_is_read_from_its_entry(tmp_path: Path, monkeypatch) -> None:
    """The pool's packed files make the set's entry without packing every fact again."""
    monkeypatch.setattr(factset, "POOL_MIN_FILES", 4)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    files = make_set(tmp_path / "set", count=4)
    packed: list[int] = []
    real = cache._pack
    monkeypatch.setattr(cache, "_pack", lambda base: packed.append(len(base.facts)) or real(base))
    first = load_set(files)
    assert len(first.facts) == 12 and packed == [0]  # only the sources and themes
    no_file_by_file(monkeypatch)
    assert load_set(files) == first


def test_a_set_of_files_named_in_bytes_that_are_not_utf8_is_cached(
    tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "set"
    made = make_set(folder)
    files = []
    for path in made:
        odd = folder / os.fsdecode(b"\xff" + os.fsencode(path.name))
        path.rename(odd)
        files.append(odd)
    first = load_set(files)
    assert cache.set_entry_path(files, None).is_file()
    no_file_by_file(monkeypatch)
    assert load_set(files) == first


def test_an_entry_of_another_set_is_stale_not_corrupt(tmp_path: Path, capsys) -> None:
    """Entry names are hashes; were two sets' names to collide, the stamp tells them
    apart, without a warning: another number of files, or a single file's entry."""
    files = make_set(tmp_path / "set", count=3)
    load_set(files[:2])
    load_set(files[1:])
    two = cache.set_entry_path(files[:2], None).read_bytes()
    cache.set_entry_path(files, None).write_bytes(two)
    capsys.readouterr()
    assert cache.read_set(files) is None
    cache.set_entry_path(files[1:], None).write_bytes(cache.entry_path(files[0]).read_bytes())
    assert cache.read_set(files[1:]) is None
    assert capsys.readouterr().err == ""


FOLDERS = {
    "a-list": lambda f: list(f),
    "not-pairs": lambda f: (f[0] + ("x",),),
    "a-number": lambda f: ((f[0][0], 1),),
    "a-pair-list": lambda f: (list(f[0]),),
}


@pytest.mark.parametrize("change", FOLDERS)
def test_a_set_entry_with_damaged_folders_is_named(tmp_path: Path, capsys, change: str) -> None:
    files = make_set(tmp_path / "set")
    first = load_set(files)
    entry = cache.set_entry_path(files, None)
    data = entry.read_bytes()
    packed, folders = marshal.loads(data[cache._header(data)[3] :])
    rewrite(entry, payload=marshal.dumps((packed, FOLDERS[change](folders))))
    capsys.readouterr()
    assert cache.read_set(files) is None
    assert capsys.readouterr().err == corrupt(entry, "ValueError: unexpected folders")
    assert load_set(files) == first
    assert cache.read_set(files) == first  # rebuilt


@pytest.mark.parametrize(
    ("damage", "detail"),
    [
        (_flip_last, "ValueError: payload does not match its checksum"),
        (lambda d: b"\x00" + d, "ValueError: not a cache entry of this version"),
        (
            lambda d: cache._encode_header(Key(cache._header(d)[0]), b"N") + b"N",
            "TypeError: cannot unpack non-iterable NoneType object",
        ),
        (
            lambda d: (
                cache._encode_header(Key(cache._header(d)[0]), marshal.dumps((1, 2, 3)))
                + marshal.dumps((1, 2, 3))
            ),
            "ValueError: too many values to unpack (expected 2)",
        ),
        (
            lambda d: (
                cache._encode_header(Key(cache._header(d)[0]), marshal.dumps(((), ())))
                + marshal.dumps(((), ()))
            ),
            "ValueError: payload is not a 6-tuple",
        ),
        (
            lambda d: cache._encode_header(Key(["set", [], []]), b"N") + b"N",
            "ValueError: bad stamp",
        ),
    ],
    ids=["checksum", "header", "not-a-pair", "three", "base", "stamp"],
)
def test_a_damaged_set_entry_is_named(tmp_path: Path, capsys, damage, detail: str) -> None:
    files = make_set(tmp_path / "set")
    first = load_set(files)
    entry = cache.set_entry_path(files, None)
    entry.write_bytes(damage(entry.read_bytes()))
    capsys.readouterr()
    assert cache.read_set(files) is None
    assert capsys.readouterr().err == corrupt(entry, detail)
    assert load_set(files) == first


def test_a_set_entry_is_named_by_its_files_in_order_and_its_root(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    one = cache.set_entry_path([a, b], None)
    assert one.parent == cache.cache_dir()
    assert one.name.startswith("set-") and one.name.endswith(f".v{cache._FORMAT}")
    assert one == cache.set_entry_path([a, b], None)
    others = [
        cache.set_entry_path([b, a], None),
        cache.set_entry_path([a, b], tmp_path),
        cache.set_entry_path([a, b], tmp_path / "other"),
        cache.set_entry_path([a], None),
        cache.entry_path(a),
    ]
    assert len({one, *others}) == 6


# ── a set's stamp, and when a set's entry is written ─────────────────────────


def test_a_set_stamp_holds_every_file_with_the_root_and_the_time_read(tmp_path: Path) -> None:
    files = make_set(tmp_path / "set")
    names = [["mini.txt"], []]
    stamp = cache.SetStamp.now(files, tmp_path, names, 123)
    assert stamp is not None
    assert stamp.stamps == tuple(
        replace(cache.Stamp.now(f, tmp_path, n), read_ns=123)
        for f, n in zip(files, names, strict=True)
    )
    assert [s.root for s in stamp.stamps] == [str(tmp_path)] * 2
    assert [s.read_ns for s in stamp.stamps] == [123, 123]
    assert stamp.key() == ["set", *(s.key() for s in stamp.stamps)]
    assert cache.SetStamp.now(files, tmp_path, names).stamps[0].read_ns == 0
    assert cache.SetStamp.now([*files, tmp_path / "gone.yaml"], None, [*names, []]) is None
    with pytest.raises(ValueError):
        cache.SetStamp.now(files, None, names[:1])  # the names of every file are needed


def test_a_set_stamp_is_racy_when_any_file_is(tmp_path: Path) -> None:
    files = make_set(tmp_path / "set")
    later = time.time_ns() + 10**9
    fresh = cache.SetStamp.now(files, None, [[], []], later)
    assert fresh is not None and not fresh.racy()
    racy = cache.SetStamp((fresh.stamps[0], cache.SetStamp.now(files, None, [[], []], 0).stamps[1]))
    assert racy.racy()


def _stamp(files: list[Path]) -> cache.SetStamp:
    stamp = cache.SetStamp.now(files, None, [["mini.txt"]] * len(files), time.time_ns())
    assert stamp is not None
    return stamp


def test_a_set_is_written_only_as_it_was_read(tmp_path: Path) -> None:
    files = make_set(tmp_path / "set")
    base = load_set(files, use_cache=False)
    entry = cache.set_entry_path(files, None)
    stamp = _stamp(files)
    cache.write_set(
        files, base, cache.SetStamp(tuple(replace(s, read_ns=0) for s in stamp.stamps)), None
    )  # changed just before read
    assert not entry.exists()
    files[1].write_text(files[1].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    cache.write_set(files, base, stamp, None)  # changed since it was read
    assert not entry.exists()
    stamp = _stamp(files)
    files[1].unlink()
    cache.write_set(files, base, stamp, None)  # gone since
    assert not entry.exists()
    files = make_set(tmp_path / "set")  # made again, and left alone
    base = load_set(files, use_cache=False)
    cache.write_set(files, base, _stamp(files), None)
    assert cache.read_set(files) == base


# ── writing one file's entry ─────────────────────────────────────────────────


def test_an_entry_is_written_only_as_the_file_was_read(mini) -> None:
    path = mini()
    base = loader.load(path, use_cache=False)
    stamp = replace(cache.Stamp.now(path, None, ["mini.txt"]), read_ns=time.time_ns())
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache.write(path, base, stamp) is None  # changed since it was read
    path.unlink()
    assert cache.write(path, base, stamp) is None  # gone since
    assert not cache.entry_path(path).exists()


def test_an_entry_is_written_through_a_temporary_file_beside_it(mini, monkeypatch) -> None:
    moved: list[tuple[str, str]] = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: moved.append((a, b)) or real(a, b))
    path = mini()
    loader.load(path)
    entry = cache.entry_path(path)
    ((tmp, dest),) = moved
    assert Path(dest) == entry and Path(tmp).parent == entry.parent
    assert Path(tmp).name.startswith(entry.name + ".") and tmp.endswith(".tmp")


@pytest.mark.parametrize(
    ("error", "said"),
    [(OSError(28, "No space left on device"), "No space left on device"), (OSError("odd"), "odd")],
)
def test_an_entry_that_cannot_be_written_is_named(mini, monkeypatch, capsys, error, said) -> None:
    """The message names the folder and the reason; the temporary file is removed,
    and one already gone is no error."""

    def fail(tmp: str, dest: str) -> None:
        os.unlink(tmp) if said == "odd" else None
        raise error

    monkeypatch.setattr(os, "replace", fail)
    path = mini()
    assert len(loader.load(path).facts) == 3
    folder = cache.entry_path(path).parent
    assert capsys.readouterr().err == (
        f"zjtimeline: warning: cannot write the cache in {folder} ({said}); "
        "set XDG_CACHE_HOME to a writable folder, or use --no-cache\n"
    )
    assert list(folder.iterdir()) == []


def test_a_worker_sends_the_packed_base_when_the_cache_cannot_be_made(
    mini, tmp_path: Path, monkeypatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = mini()
    data, problems, _bad, count = factset._load_one((str(path), True, {}))
    assert problems == [] and count == 3
    assert marshal.loads(data) == cache._pack(loader.load(path, use_cache=False))


def test_without_xdg_cache_home_the_cache_is_in_home(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / ".cache" / "zjtimeline"


def test_a_cache_folder_is_made_with_its_missing_parents(mini, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "new" / "cache"))
    path = mini()
    loader.load(path)
    folder = tmp_path / "new" / "cache" / "zjtimeline"
    assert cache.entry_path(path).parent == folder and cache.entry_path(path).is_file()
    assert os.stat(folder).st_mode & 0o777 == 0o700


# ── reading an entry: what is said, and the folder it is read from ──────────


def test_a_fact_known_until_no_date_comes_back_from_the_entry(mini, monkeypatch) -> None:
    """The loader dates every fact by its source; a base built otherwise may leave
    known_until out, and packs it as 0: it reads back as None, whatever the line."""
    path = mini()
    first = loader.load(path)
    undated = replace(first, facts=tuple(replace(f, known_until=None) for f in first.facts))
    entry = cache.entry_path(path)
    rewrite(entry, payload=marshal.dumps(cache._pack(undated)))
    no_parsing(monkeypatch)
    again = cache.read(path)
    assert again == undated
    assert again is not None and [f.known_until for f in again.facts] == [None, None, None]
    assert [f.line for f in again.facts] == [f.line for f in first.facts]


def test_an_entry_that_is_a_symlink_is_named_with_the_reason(mini, tmp_path: Path, capsys) -> None:
    path = mini()
    loader.load(path)
    entry = cache.entry_path(path)
    elsewhere = tmp_path / "elsewhere"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    capsys.readouterr()
    assert cache.read(path) is None
    assert capsys.readouterr().err == (
        f"zjtimeline: warning: ignoring cache entry {entry} (Too many levels of symbolic links); "
        "remove it, or use --no-cache\n"
    )


def test_an_entry_that_is_a_folder_is_named_with_the_reason(mini, capsys) -> None:
    path = mini()
    loader.load(path)
    entry = cache.entry_path(path)
    entry.unlink()
    entry.mkdir()
    capsys.readouterr()
    assert cache.read(path) is None
    assert capsys.readouterr().err == (
        f"zjtimeline: warning: ignoring cache entry {entry} (is a folder, not a regular file); "
        "remove it, or use --no-cache\n"
    )


def test_reading_never_makes_the_cache_folder(mini, capsys) -> None:
    path = mini()
    assert not cache.cache_dir().exists()
    assert cache.read(path) is None
    assert cache.read_set([path, path.with_name("other.yaml")]) is None
    assert not cache.cache_dir().exists()
    assert capsys.readouterr().err == ""


def _absent_once(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The first os.lstat of ``folder`` finds it absent, as if another process made it
    just after: the race between checking the folder and using it."""
    real = os.lstat
    calls: list[int] = []

    def lstat(p: Any, *a: Any, **k: Any) -> os.stat_result:
        if os.fspath(p) == str(folder) and not calls:
            calls.append(1)
            raise FileNotFoundError(2, "No such file or directory", str(folder))
        return real(p, *a, **k)

    monkeypatch.setattr(os, "lstat", lstat)


def test_a_cache_folder_absent_when_checked_is_not_read_from(mini, monkeypatch, capsys) -> None:
    """Even when it is there by the time the entry would be opened: the folder read
    from is always one that was checked."""
    path = mini()
    loader.load(path)
    folder = cache.cache_dir()
    os.chmod(folder, 0o777)  # made by someone else, writable by all
    _absent_once(monkeypatch, folder)
    assert cache.read(path) is None
    assert capsys.readouterr().err == ""


def test_a_cache_folder_made_at_the_same_time_by_another_process_is_used(
    mini, monkeypatch, capsys
) -> None:
    path = mini()
    first = loader.load(path, use_cache=False)
    stamp = replace(cache.Stamp.now(path, None, ["mini.txt"]), read_ns=time.time_ns())
    folder = cache.cache_dir()
    folder.mkdir(mode=0o700)
    _absent_once(monkeypatch, folder)  # so os.mkdir finds it made already
    assert cache.write(path, first, stamp) is not None
    assert cache.entry_path(path).is_file()
    assert capsys.readouterr().err == ""
    no_parsing(monkeypatch)
    assert cache.read(path) == first


def test_a_cache_folder_others_may_only_enter_is_used(mini, monkeypatch, capsys) -> None:
    """Only write permission for group or others (0o022) makes a folder unfit."""
    path = mini()
    folder = cache.cache_dir()
    folder.mkdir(mode=0o700)
    os.chmod(folder, 0o711)
    first = loader.load(path)
    no_parsing(monkeypatch)
    assert cache.read(path) == first
    assert capsys.readouterr().err == ""


def test_a_cache_folder_that_is_a_symlink_is_named_and_each_folder_once(
    tmp_path: Path, mini, monkeypatch, capsys
) -> None:
    monkeypatch.setattr(cache, "_warned", set())
    path = mini()
    folders = []
    for name in ("one", "two"):
        (tmp_path / f"{name}-real").mkdir(mode=0o700)
        (tmp_path / name).mkdir()
        folder = tmp_path / name / "zjtimeline"
        folder.symlink_to(tmp_path / f"{name}-real")
        folders.append(folder)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / name))
        loader.load(path)
        loader.load(path)
    assert capsys.readouterr().err == "".join(
        f"zjtimeline: warning: not using the cache folder {folder}: it is not a folder "
        "(a symlink or a file); remove it, or run 'chmod go-w' on it if it is yours, or set "
        "XDG_CACHE_HOME to a folder of your own\n"
        for folder in folders
    )
    assert [list(f.iterdir()) for f in folders] == [[], []]


def test_a_stamp_is_racy_only_when_changed_within_the_window(monkeypatch) -> None:
    """A change exactly one window before the read is not racy; a nanosecond later is."""
    monkeypatch.setattr(cache, "RACY_NS", 2_000_000_000)
    ctime = 5_000_000_007  # fine-grained: a window of RACY_FINE_NS
    edge = ctime + cache.RACY_FINE_NS

    def stamp(read_ns: int) -> cache.Stamp:
        return cache.Stamp("f", "f", (1, ctime, ctime, 1), None, (), read_ns=read_ns)

    assert not stamp(edge).racy()
    assert stamp(edge - 1).racy()


def test_a_stamp_is_racy_when_a_source_after_an_absent_one_is(monkeypatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 2_000_000_000)
    second = 1_000_000_000
    old, fresh = (1, second + 7, second + 7, 1), (1, 9 * second + 7, 9 * second + 7, 2)
    sources = (("gone.txt", "/gone.txt", None), ("new.txt", "/new.txt", fresh))
    assert cache.Stamp("f", "f", old, None, sources, read_ns=9 * second + 9).racy()
    assert not cache.Stamp("f", "f", old, None, sources[:1], read_ns=9 * second + 9).racy()
