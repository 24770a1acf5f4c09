"""Issue 10, the second security pass: every reproduction of the outside review, grouped
by class. Each test failed on the code before the fix."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import marshal
import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjtimeline import cache, loader
from zjtimeline.errors import FactFileError
from zjtimeline.formats import FORMATS, Options
from zjtimeline.text import safe, tsv_unescape

from .conftest import MINI_SOURCE, MINI_YAML

ROOT = Path(__file__).resolve().parent.parent
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u200b", "\ufeff", "\u00ad", "\u2061", "\U000e0041")
EVIL = "\x1b]0;pwned\x07\x9b2J\u202eevil\u200b\ufeff\u00ad\u2061\U000e0041"


def env_without_zjt(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZJTIMELINE_")}
    env.update(extra)
    return env


def run(args: list[str], timeout: float = 30, **kw) -> subprocess.CompletedProcess[str]:
    """The real program in a subprocess: a hang is a timeout, a crash a signal."""
    kw.setdefault("env", env_without_zjt())
    return subprocess.run(
        [sys.executable, "-m", "zjtimeline", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        **kw,
    )


def yq(text: str) -> str:
    """A YAML double-quoted scalar for any text (YAML has \\xHH, \\uHHHH, \\UHHHHHHHH)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif code > 0x7E:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def one_line(err: str) -> str:
    assert len(err.splitlines()) == 1, err
    assert err.startswith("zjtimeline: ") and "Traceback" not in err
    return err


def with_source_file(text: str, name: str, sha: str | None = None) -> str:
    """MINI_YAML with its source's ``file:`` (and ``sha256:``) replaced."""
    out = text.replace("    file: mini.txt\n", f"    file: {yq(name)}\n")
    if sha is not None:
        out = out.replace(f"    file: {yq(name)}\n", f"    file: {yq(name)}\n    sha256: {sha}\n")
    return out


# ── 1. Sources are confined to the fact file's folder ───────────────────────


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the fact file's folder (tmp_path/base) holding a secret."""
    path = tmp_path / "secret.txt"
    path.write_text("API_TOKEN=hunter2-very-secret\nPASSWORD=swordfish\n", encoding="utf-8")
    return path


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "base"
    folder.mkdir()
    (folder / "mini.txt").write_text(MINI_SOURCE, encoding="utf-8")
    return folder


def spy_base(folder: Path, name: str, quote: str = "API_TOKEN=", sha: str | None = None) -> Path:
    """A fact file whose source names ``name`` and whose first quote probes it."""
    text = with_source_file(MINI_YAML, name, sha).replace(
        '    quote: "2020年初,某地召开会议,共有1.5万名党员参加。"',
        f"    quote: {json.dumps(quote)}",
    )
    text = text.replace(
        '      - {value: "1.5", unit: 万名, label_zh: 参会党员, label_en: members attending}\n', ""
    )
    text = text.replace("    figures:\n  - id: complaints", "  - id: complaints")
    path = folder / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_a_source_outside_the_folder_is_refused(
    cli, base_dir: Path, secret: Path, how: str
) -> None:
    if how == "symlink":
        (base_dir / "link.txt").symlink_to(secret)
        name = "link.txt"
    else:
        name = str(secret) if how == "absolute" else "../secret.txt"
    path = spy_base(base_dir, name, quote="API_TOKEN=hunter2-not")
    r = cli("validate", str(path))
    assert r.exit_code == 1 and r.stdout == ""
    assert (
        "outside" in r.stderr
        and "--source-root" in r.stderr
        and "ZJTIMELINE_SOURCE_ROOT" in r.stderr
    )
    assert repr(name) in r.stderr or name in r.stderr
    # no oracle: nothing of the file, no "matches up to"
    assert "hunter2" not in r.stderr.replace("hunter2-not", "") and "matches up to" not in r.stderr
    r = cli("list", "--facts", str(path))
    assert r.exit_code == 2 and r.stdout == ""
    one_line(r.stderr)
    assert "--source-root" in r.stderr


def test_proc_self_environ_leaks_nothing(base_dir: Path) -> None:
    path = spy_base(base_dir, "/proc/self/environ")
    env = env_without_zjt(API_TOKEN="hunter2-very-secret")
    for args in (["show", "meeting-2020", "--facts", str(path)], ["validate", str(path)]):
        r = run(args, env=env)
        assert r.returncode in (1, 2), r.stderr
        assert "hunter2" not in r.stdout + r.stderr
        assert "matches up to" not in r.stderr and "/proc/self/environ" in r.stderr


def test_a_wrong_sha256_shows_no_digest_of_an_outside_file(
    cli, base_dir: Path, secret: Path
) -> None:
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    path = spy_base(base_dir, str(secret), sha="0" * 64)
    r = cli("validate", str(path))
    assert r.exit_code == 1
    assert digest not in r.stderr and "outside" in r.stderr


def test_a_wrong_sha256_inside_gives_no_quote_oracle(cli, base_dir: Path) -> None:
    path = spy_base(base_dir, "mini.txt", quote="2020年初,某地召开XX", sha="0" * 64)
    r = cli("validate", str(path))
    assert r.exit_code == 1 and "not the recorded one" in r.stderr
    assert "matches up to" not in r.stderr


def test_show_gives_no_context_from_a_file_that_changed(cli, base_dir: Path) -> None:
    """``show`` reads the source as the loader does: after a check, never raw."""
    path = spy_base(base_dir, "mini.txt", quote="2020年初,某地召开会议,共有1.5万名党员参加。")
    assert cli("show", "meeting-2020", "--facts", str(path)).exit_code == 0
    (base_dir / "mini.txt").unlink()
    (base_dir / "mini.txt").symlink_to("/etc/hostname")
    r = cli("show", "meeting-2020", "--facts", str(path), "--no-cache")
    assert r.exit_code == 2 and "outside" in r.stderr


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_special_files_as_sources_are_refused_without_hanging(
    tmp_path: Path, base_dir: Path, kind: str
) -> None:
    if kind == "fifo":
        os.mkfifo(base_dir / "pipe")
        name = "pipe"
    elif kind == "dev-zero":
        name = "/dev/zero"
    else:
        (base_dir / "sub").mkdir()
        name = "sub"
    path = spy_base(base_dir, name)
    started = time.monotonic()
    r = run(["list", "--facts", str(path)], env=env_without_zjt(ZJTIMELINE_SOURCE_ROOT="/"))
    assert time.monotonic() - started < 20
    assert r.returncode == 2 and r.stdout == ""
    one_line(r.stderr)
    assert "not a regular file" in r.stderr


def test_a_huge_source_is_refused(cli, base_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_SOURCE_BYTES", 10)
    path = spy_base(base_dir, "mini.txt")
    r = cli("validate", str(path))
    assert r.exit_code == 1 and "at most 10" in r.stderr


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "proc"])
def test_facts_must_be_a_regular_file(tmp_path: Path, kind: str) -> None:
    target = {"dev-zero": "/dev/zero", "proc": "/proc/self/environ", "fifo": str(tmp_path / "p")}[
        kind
    ]
    if kind == "fifo":
        os.mkfifo(target)
    started = time.monotonic()
    r = run(["list", "--facts", target])
    assert time.monotonic() - started < 20
    assert r.returncode == 2 and r.stdout == ""
    one_line(r.stderr)
    assert "regular file" in r.stderr or "size says" in r.stderr


def test_facts_from_stdin(tmp_path: Path) -> None:
    (tmp_path / "mini.txt").write_text(MINI_SOURCE, encoding="utf-8")
    r = run(["list", "--facts", "-", "--format", "jsonl"], input=MINI_YAML, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 3 and r.stderr == ""


def test_stdin_is_bounded(monkeypatch: pytest.MonkeyPatch, cli) -> None:
    monkeypatch.setattr(loader, "MAX_FACT_BYTES", 100)
    r = cli("list", "--facts", "-", input="sources: []\n" * 50)
    assert r.exit_code == 2 and "more than 100 bytes" in r.stderr


def test_source_root_widens_on_purpose(cli, tmp_path: Path, base_dir: Path) -> None:
    shared = tmp_path / "shared.txt"
    shared.write_text(MINI_SOURCE, encoding="utf-8")
    path = spy_base(base_dir, "../shared.txt", quote="2020年初,某地召开会议,共有1.5万名党员参加。")
    assert cli("list", "--facts", str(path)).exit_code == 2
    assert cli("--source-root", str(tmp_path), "list", "--facts", str(path)).exit_code == 0
    r = cli("validate", str(path), env={"ZJTIMELINE_SOURCE_ROOT": str(tmp_path)})
    assert r.exit_code == 0, r.stderr
    # a cached base read with the wider root is not served without it
    assert cli("list", "--facts", str(path)).exit_code == 2


def test_confine_source_is_a_small_reusable_check(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    assert loader.confine_source(tmp_path / "a", "x.txt") == (tmp_path / "a" / "x.txt").resolve()
    with pytest.raises(loader.Refused, match="outside"):
        loader.confine_source(tmp_path / "a", "../x.txt")
    assert (
        loader.confine_source(tmp_path / "a", "../x.txt", tmp_path)
        == (tmp_path / "x.txt").resolve()
    )


# ── 2. One sanitizer for everything on stderr ───────────────────────────────


def test_every_control_and_format_character_is_escaped() -> None:
    for code in range(0x110000):
        ch = chr(code)
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            assert safe(ch) != ch and safe(ch).startswith("\\"), hex(code)
    assert safe("\U000e0041") == "\\U000e0041"
    assert safe("中文 text") == "中文 text"


def test_paths_and_values_on_stderr_are_escaped(cli, tmp_path: Path) -> None:
    folder = tmp_path / f"d{EVIL}"
    folder.mkdir()
    missing = folder / "nope.yaml"
    for args, env in (
        (["list", "--facts", str(missing)], None),
        (["list"], {"ZJTIMELINE_FACTS": str(missing)}),
        (["validate", str(missing)], None),
        (["list", "--theme", EVIL], None),
        (["show", EVIL], None),
        (["list", "--format", EVIL], None),
    ):
        r = cli(*args, env=env)
        assert r.exit_code in (1, 2)
        for ch in RAW:
            assert ch not in r.stderr, (args, ch)


def test_warnings_and_problems_from_a_fact_file_are_escaped(cli, tmp_path: Path) -> None:
    folder = tmp_path / f"d{EVIL}"
    folder.mkdir()
    text = MINI_YAML.replace("  - id: mini\n", f"  - id: {yq('mini' + EVIL)}\n").replace(
        "    source: mini\n", f"    source: {yq('mini' + EVIL)}\n"
    )
    text = with_source_file(text, f"gone{EVIL}.txt").replace("tags: [会议]", f"tags: [{yq(EVIL)}]")
    path = folder / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    r = cli("validate", str(path))
    assert r.exit_code == 0 and "warning" in r.stderr
    for ch in RAW:
        assert ch not in r.stderr and ch not in r.stdout, ch  # the ok line names the path
    r = cli("list", "--facts", str(path), "--tag", "nope")
    for ch in RAW:
        assert ch not in r.stderr, ch
    bad = path.read_text(encoding="utf-8").replace("kind: event", f"kind: {yq(EVIL)}")
    path.write_text(bad, encoding="utf-8")
    r = cli("validate", str(path))
    assert r.exit_code == 1
    for ch in RAW:
        assert ch not in r.stderr, ch


def test_cache_folder_warning_is_escaped(
    mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    blocker = tmp_path / f"c{EVIL}"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    loader.load(mini())
    err = capsys.readouterr().err
    assert "cannot write the cache" in err
    for ch in RAW:
        assert ch not in err


def test_nothing_but_text_say_writes_to_stderr() -> None:
    """So no call site can forget the sanitizer."""
    package = ROOT / "src" / "zjtimeline"
    for path in package.rglob("*.py"):
        if path.name == "text.py":
            continue
        code = path.read_text(encoding="utf-8")
        for needle in ("sys.stderr.write", "file=sys.stderr", "err=True", "sys.__stderr__"):
            assert needle not in code, f"{path.name} writes to stderr itself ({needle})"


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown", "tsv"])
def test_invisible_characters_are_escaped_in_human_formats_and_tsv(fmt: str) -> None:
    record = {"id": "x", "summary": "pay\u200bpal\ufeff\u00ad\u2061\U000e0041"}
    text = "".join(FORMATS[fmt].render([record], ["id", "summary"], Options()))
    for ch in ("\u200b", "\ufeff", "\u00ad", "\u2061", "\U000e0041"):
        assert ch not in text
    assert "\\u200b" in text


def test_timeline_and_show_escape_invisible_characters(cli, mini) -> None:
    path = mini(
        MINI_YAML.replace(
            "    summary_zh: 2020年初召开会议,1.5万名党员参加。",
            '    summary_zh: "会\\u200b议\\U000e0041"',
        )
    )
    for args in (["timeline"], ["show", "meeting-2020"]):
        out = cli(*args, "--facts", str(path)).stdout
        assert "\u200b" not in out and "\\u200b" in out and "\\U000e0041" in out


# ── 3. The cache trusts nothing it reads ────────────────────────────────────

CRASHER = b"\xa9\x01<\x01\x00\x00\x00r\x00\x00\x00\x00"  # marshal: a set holding its own tuple


def test_a_crafted_marshal_entry_does_not_crash(mini) -> None:
    path = mini()
    loader.load(path)
    cache.entry_path(path).write_bytes(CRASHER)
    r = run(
        ["list", "--facts", str(path), "--format", "jsonl"],
        env=env_without_zjt(XDG_CACHE_HOME=os.environ["XDG_CACHE_HOME"]),
    )
    assert r.returncode == 0, (r.returncode, r.stderr)
    assert len(r.stdout.splitlines()) == 3
    assert "ignoring corrupt cache entry" in r.stderr


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_bytes_in_an_entry_never_crash(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """Whole random entries, and valid entries with random bytes written over a part."""
    folder = tmp_path_factory.mktemp("entry")
    (folder / "mini.txt").write_text(MINI_SOURCE, encoding="utf-8")
    path = folder / "facts.yaml"
    path.write_text(MINI_YAML, encoding="utf-8")
    first = loader.load(path)
    entry = cache.entry_path(path)
    valid = entry.read_bytes()
    if data.draw(st.booleans()):
        damaged = data.draw(st.binary(max_size=200))
    else:
        at = data.draw(st.integers(0, 10**6)) % (len(valid) + 1)
        damaged = valid[:at] + data.draw(st.binary(min_size=1, max_size=64)) + valid[at + 1 :]
    entry.write_bytes(damaged)
    assert loader.load(path) == first


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tail=st.binary(max_size=64))
def test_random_bytes_in_an_entry_in_a_subprocess(mini, tail: bytes) -> None:
    """The same with the real program: a SIGSEGV would show as a negative exit code."""
    path = mini()
    cache.entry_path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    cache.entry_path(path).write_bytes(CRASHER + tail)
    r = run(
        ["list", "--facts", str(path), "--format", "jsonl"],
        env=env_without_zjt(XDG_CACHE_HOME=os.environ["XDG_CACHE_HOME"]),
    )
    assert r.returncode == 0, (r.returncode, r.stderr)


def entry_with_payload(path: Path, packed: object) -> None:
    """An entry with a valid stamp and digest around any payload."""
    real = cache.entry_path(path).read_bytes()
    key, _size, _digest, _at = cache._header(real)
    stamp = cache.Stamp(
        key[2],
        key[3],
        tuple(key[4]),
        key[5],
        tuple((n, r, tuple(s) if s else None) for n, r, s in key[6]),
    )
    payload = marshal.dumps(packed)
    cache.entry_path(path).write_bytes(cache._encode_header(stamp, payload) + payload)


@pytest.mark.parametrize(
    "change",
    [
        "not-a-tuple",
        "fact-int-id",
        "fact-short",
        "period-bad-form",
        "tag-int",
        "figure-bad",
        "source-bad-date",
        "bad-ordinal",
    ],
)
def test_unpacked_data_is_type_checked(mini, capsys, change: str) -> None:
    path = mini()
    first = loader.load(path)
    packed = list(cache._pack(first))
    facts = [list(f) for f in packed[3]]
    if change == "not-a-tuple":
        bad: object = {"a": 1}
    else:
        if change == "fact-int-id":
            facts[0][0] = 42
        elif change == "fact-short":
            facts[0] = facts[0][:5]
        elif change == "period-bad-form":
            facts[0][3] = (*facts[0][3][:4], "sometimes")
        elif change == "tag-int":
            facts[0][7] = (1, 2)
        elif change == "figure-bad":
            facts[0][12] = ((1, 2, 3, 4, 5),)
        elif change == "source-bad-date":
            packed[1] = ((*packed[1][0][:3], "2022-13-45", *packed[1][0][4:]),)
        elif change == "bad-ordinal":
            facts[0][3] = (10**9, *facts[0][3][1:])
        packed[3] = tuple(tuple(f) for f in facts)
        bad = tuple(packed)
    entry_with_payload(path, bad)
    capsys.readouterr()
    assert loader.load(path) == first
    assert "ignoring corrupt cache entry" in capsys.readouterr().err


def test_entries_are_not_followed_through_symlinks_or_fifos(mini, tmp_path: Path, capsys) -> None:
    path = mini()
    loader.load(path)
    entry = cache.entry_path(path)
    elsewhere = tmp_path / "elsewhere"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert len(loader.load(path).facts) == 3
    assert "ignoring cache entry" in capsys.readouterr().err
    entry.unlink()
    os.mkfifo(entry)
    started = time.monotonic()
    assert len(loader.load(path).facts) == 3
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("problem", ["group-writable", "other-owner", "symlink"])
def test_a_cache_folder_others_can_write_is_not_used(
    mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, problem: str
) -> None:
    base = tmp_path / "xdg"
    folder = base / "zjtimeline"
    base.mkdir()
    if problem == "symlink":
        (tmp_path / "real").mkdir(mode=0o700)
        folder.symlink_to(tmp_path / "real")
    else:
        folder.mkdir(mode=0o700)
        if problem == "group-writable":
            os.chmod(folder, 0o775)
        elif os.getuid() == 0:
            os.chown(folder, 12345, 12345)
        else:
            pytest.skip("needs root to give the folder to another user")
    monkeypatch.setenv("XDG_CACHE_HOME", str(base))
    monkeypatch.setattr(cache, "_warned", set())
    path = mini()
    loader.load(path)
    loader.load(path)
    err = capsys.readouterr().err
    assert err.count("not using the cache folder") == 1, err  # once
    assert list(folder.iterdir()) == []


def test_a_missing_source_that_appears_later_is_seen(
    mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = mini(source=None)
    monkeypatch.chdir(tmp_path)
    assert len(loader.load(Path("facts.yaml")).warnings) == 1  # cached, quotes unverified
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    (tmp_path / "mini.txt").write_text("别的文字。\n", encoding="utf-8")
    with pytest.raises(FactFileError, match="quote is not verbatim"):
        loader.load(path)


def test_racy_rule_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 2_000_000_000)
    second = 1_000_000_000
    coarse = cache.Stamp(
        "f", "f", (1, 5 * second, 5 * second, 1), None, (), read_ns=5 * second + second // 2
    )
    assert coarse.racy()  # whole-second stamps: changed in the same tick as read
    fine = cache.Stamp(
        "f", "f", (1, 5 * second + 7, 5 * second + 7, 1), None, (), read_ns=5 * second + second // 2
    )
    assert not fine.racy()
    assert cache.Stamp(
        "f", "f", (1, 5 * second + 7, 5 * second + 7, 1), None, (), read_ns=5 * second + 10
    ).racy()


def test_a_same_size_rewrite_in_the_same_second_is_seen(
    mini, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a filesystem with whole-second timestamps (simulated), a file rewritten with
    the same size in the same second keeps size, mtime, ctime and inode."""
    monkeypatch.setattr(cache, "RACY_NS", 2_000_000_000)
    real_stat, real_fstat = os.stat, os.fstat

    def coarse(result: os.stat_result) -> os.stat_result:
        seconds = [int(result.st_atime), int(result.st_mtime), int(result.st_ctime)]
        fields = list(result[:7]) + seconds
        extra = {
            "st_atime_ns": seconds[0] * 10**9,
            "st_mtime_ns": seconds[1] * 10**9,
            "st_ctime_ns": seconds[2] * 10**9,
        }
        return os.stat_result(fields, extra)

    monkeypatch.setattr(os, "stat", lambda *a, **k: coarse(real_stat(*a, **k)))
    monkeypatch.setattr(os, "fstat", lambda *a, **k: coarse(real_fstat(*a, **k)))
    time.sleep(1 - time.time() % 1 + 0.02)  # at the start of a second
    path = mini()
    assert loader.load(path).facts[0].summary_en.startswith("A meeting")
    with path.open("r+", encoding="utf-8") as f:  # same inode, same size
        text = f.read().replace("A meeting", "B meeting")
        f.seek(0)
        f.write(text)
    assert loader.load(path).facts[0].summary_en.startswith("B meeting")


def test_a_fresh_file_is_cached_once_it_is_not_racy(mini, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 2_000_000_000)
    path = mini()
    loader.load(path)
    assert not cache.entry_path(path).exists() or os.stat(path).st_ctime_ns % 10**9 != 0
    time.sleep(0.1)
    loader.load(path)
    if os.stat(path).st_ctime_ns % 10**9:  # a filesystem with fine timestamps
        assert cache.entry_path(path).exists()


def test_a_relative_xdg_cache_home_is_ignored(
    mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = mini()
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative-cache")
    loader.load(path)
    assert not (work / "relative-cache").exists()
    assert cache.entry_path(path).parent == home / ".cache" / "zjtimeline"
    assert cache.entry_path(path).exists()


@pytest.mark.parametrize("style", ["json", "flow"])
def test_every_yaml_style_is_cached(mini, monkeypatch: pytest.MonkeyPatch, style: str) -> None:
    doc = yaml.safe_load(MINI_YAML)
    text = (
        json.dumps(doc, ensure_ascii=False, indent=1)
        if style == "json"
        else yaml.safe_dump(doc, default_flow_style=True, allow_unicode=True, width=10**9)
    )
    path = mini(text)
    first = loader.load(path)
    assert cache.entry_path(path).exists()
    monkeypatch.setattr(loader, "_check", lambda *a, **k: pytest.fail("parsed again"))
    assert loader.load(path) == first


def test_a_source_edited_after_caching_is_seen_in_a_json_style_file(mini, tmp_path: Path) -> None:
    path = mini(json.dumps(yaml.safe_load(MINI_YAML), ensure_ascii=False))
    loader.load(path)
    (tmp_path / "mini.txt").write_text("第一段。别的文字。\n", encoding="utf-8")
    with pytest.raises(FactFileError, match="quote is not verbatim"):
        loader.load(path)


# ── 4. Outputs that round-trip or refuse ─────────────────────────────────────


def test_csv_quotes_a_bare_carriage_return(cli, mini) -> None:
    evil = "ok\r=cmd|' /C calc'!A0"
    path = mini(
        MINI_YAML.replace(
            "    summary_en: A meeting in early 2020 drew 15,000 Party members.",
            f"    summary_en: {json.dumps(evil)}",
        )
    )
    out = cli("list", "--facts", str(path), "--format", "csv", "--fields", "id,summary_en").stdout
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert all(len(row) == 2 for row in rows)
    assert dict(rows[1:])["meeting-2020"] == evil


@pytest.mark.parametrize(
    "value", ["a\nb", "a\rb", "a\r\nb", 'say "x"', "a,b", "=1+2", "\r=1", "plain"]
)
def test_csv_cells_read_back(value: str) -> None:
    text = "".join(FORMATS["csv"].render([{"id": value, "kind": "x"}], ["id", "kind"], Options()))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    expected = "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r", "\n")) else value
    assert rows == [["id", "kind"], [expected, "x"]]


def split_tsv_list(field: str) -> list[str]:
    items, cur, i = [], "", 0
    while i < len(field):
        if field[i] == "\\":
            cur += field[i : i + 2]
            i += 2
            continue
        if field[i] == ",":
            items.append(cur)
            cur = ""
        else:
            cur += field[i]
        i += 1
    items.append(cur)
    return [tsv_unescape(x) for x in items]


@settings(max_examples=300, deadline=None)
@given(text=st.text(), tags=st.lists(st.text(min_size=1), min_size=1, max_size=4))
def test_tsv_fields_read_back_exactly(text: str, tags: list[str]) -> None:
    out = "".join(FORMATS["tsv"].render([{"id": text, "tags": tags}], ["id", "tags"], Options()))
    header, row, end = out.split("\n")
    assert end == "" and header == "id\ttags"
    fields = row.split("\t")
    assert len(fields) == 2
    assert tsv_unescape(fields[0]) == text
    assert split_tsv_list(fields[1]) == tags


def test_tsv_tells_a_tab_from_a_backslash_t() -> None:
    out = "".join(FORMATS["tsv"].render([{"id": "a\tb"}, {"id": "a\\tb"}], ["id"], Options()))
    assert out.splitlines()[1:] == ["a\\tb", "a\\\\tb"]
    out = "".join(
        FORMATS["tsv"].render([{"tags": ["a,b", "c"]}, {"tags": ["a", "b,c"]}], ["tags"], Options())
    )
    assert out.splitlines()[1] != out.splitlines()[2]


def test_markdown_passes_no_raw_html() -> None:
    record = {"id": "x", "summary": "<img src=x onerror=alert(1)> & <script>"}
    text = "".join(FORMATS["markdown"].render([record], ["id", "summary"], Options()))
    assert "<img" not in text and "<script" not in text
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;" in text


# ── 5. No exit 70 from input or environment ─────────────────────────────────


def test_closed_stdout_is_a_write_error() -> None:
    r = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m zjtimeline list --limit 2 >&-"],
        capture_output=True, text=True, timeout=60, env=env_without_zjt(),
    )  # fmt: skip
    assert r.returncode == 2, r.stderr
    assert "write error" in one_line(r.stderr)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["list"], ["validate"], ["--version"], ["list", "--help"]])
def test_a_full_disk_is_a_write_error(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        r = subprocess.run(
            [sys.executable, "-m", "zjtimeline", *args],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=60, env=env_without_zjt(),
        )  # fmt: skip
    assert r.returncode == 2, r.stderr
    assert "write error: No space left on device" in one_line(r.stderr)


def test_huge_columns_in_a_pipe() -> None:
    r = run(["timeline", "--limit", "3"], env=env_without_zjt(COLUMNS="1000000000"))
    assert r.returncode == 0, r.stderr
    assert max(len(line) for line in r.stdout.splitlines()) <= 1000


def test_base60_numbers_are_not_built(cli, tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    for value in (
        "1:" + ":".join(["59"] * 350_000),
        "!!int 1:" + ":".join(["59"] * 350_000),
        "9" * 1_000_000,
    ):
        path.write_text(f"x: {value}\n", encoding="utf-8")
        started = time.monotonic()
        r = cli("validate", str(path))
        assert time.monotonic() - started < 5
        assert r.exit_code == 1 and "unknown field 'x'" in r.stderr


def test_base60_text_is_kept_as_written(cli, mini) -> None:
    path = mini(MINI_YAML.replace("    tags: [会议]", "    tags: [1:30, 190:20:30.15]"))
    r = cli("list", "--facts", str(path), "--format", "json")
    tags = {rec["id"]: rec["tags"] for rec in r.json()}
    assert tags["meeting-2020"] == ["1:30", "190:20:30.15"]


@pytest.mark.parametrize(
    "published", ["2022-W39T15:15", "2022-W39", "２０２２-09-30", "2022-09-3٠", "2022-273"]
)
def test_published_must_be_an_iso_calendar_date(cli, mini, published: str) -> None:
    path = mini(MINI_YAML.replace('"2022-09-30T15:15:00+08:00"', json.dumps(published)))
    r = cli("validate", str(path))
    assert r.exit_code == 1 and "is not an ISO 8601 date" in r.stderr
    r = cli("list", "--facts", str(path))
    assert r.exit_code == 2 and "internal error" not in r.stderr


@pytest.mark.parametrize(
    "published",
    ["2022-09-30", "2022-09-30T15:15", "2022-09-30T15:15:00Z", "2022-09-30T15:15:00.5+08:00"],
)
def test_published_forms_that_stay_valid(cli, mini, published: str) -> None:
    path = mini(MINI_YAML.replace('"2022-09-30T15:15:00+08:00"', json.dumps(published)))
    assert cli("validate", str(path)).exit_code == 0


@pytest.mark.parametrize("date", ["٢٠٢٠", "２０２１", "2020-٠١"])
def test_edtf_takes_ascii_digits_only(cli, mini, date: str) -> None:
    path = mini(MINI_YAML.replace("date: 2020-33", f"date: {json.dumps(date)}"))
    assert cli("validate", str(path)).exit_code == 1


# ── 6. A YAML syntax error names where the construct began ─────────────────


def test_yaml_error_names_where_the_construct_began(cli, tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("sources: []\nthemes: []\nfacts:\n- id: [unclosed\n", encoding="utf-8")
    r = cli("validate", str(path))
    assert r.exit_code == 2
    assert "began at line 4" in one_line(r.stderr)
