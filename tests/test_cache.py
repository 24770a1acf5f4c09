"""The parsed-fact-base cache: used when fresh, never stale, robust to damage."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from zjtimeline import cache, loader
from zjtimeline.errors import FactFileError

from .conftest import MINI_YAML


def entry(path: Path) -> Path:
    return cache.entry_path(path)


def test_second_load_comes_from_the_cache(mini, monkeypatch: pytest.MonkeyPatch) -> None:
    path = mini()
    first = loader.load(path)
    assert entry(path).is_file()
    monkeypatch.setattr(loader, "_check", lambda *a, **k: pytest.fail("parsed again"))
    again = loader.load(path)
    assert again == first


def test_editing_the_file_gives_new_data(mini) -> None:
    path = mini()
    assert loader.load(path).facts[0].summary_en.startswith("A meeting")
    path.write_text(
        path.read_text().replace("A meeting in early", "One meeting in early"), encoding="utf-8"
    )
    assert loader.load(path).facts[0].summary_en.startswith("One meeting")


def test_same_size_and_restored_mtime_is_still_seen(mini) -> None:
    path = mini()
    loader.load(path)
    st = path.stat()
    text = path.read_text(encoding="utf-8").replace("A meeting", "B meeting")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    assert loader.load(path).facts[0].summary_en.startswith("B meeting")


def test_changed_source_file_is_checked_again(mini, tmp_path: Path) -> None:
    path = mini()
    loader.load(path)
    (tmp_path / "mini.txt").write_text("第一段。别的文字。\n", encoding="utf-8")
    with pytest.raises(FactFileError, match="quote is not verbatim"):
        loader.load(path)


def test_new_program_version_rebuilds(mini, monkeypatch: pytest.MonkeyPatch) -> None:
    path = mini()
    loader.load(path)
    calls = []
    real = loader._check
    monkeypatch.setattr(loader, "_check", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(cache, "__version__", "99.0")
    loader.load(path)
    assert calls == [1]


def test_corrupt_entry_is_ignored_with_a_warning_and_rebuilt(
    mini, capsys: pytest.CaptureFixture[str]
) -> None:
    path = mini()
    loader.load(path)
    entry(path).write_bytes(b"\x00garbage" * 10)
    base = loader.load(path)
    assert len(base.facts) == 3
    err = capsys.readouterr().err
    assert "warning: ignoring corrupt cache entry" in err and "rebuilt" in err
    assert cache.read(path) == base  # rewritten, readable again


@pytest.mark.parametrize("damage", [b"", b"\xe3" * 3, None])
def test_truncated_entries(mini, damage: bytes | None) -> None:
    path = mini()
    loader.load(path)
    data = entry(path).read_bytes()
    entry(path).write_bytes(data[: len(data) // 2] if damage is None else damage)
    assert len(loader.load(path).facts) == 3


def test_unwritable_cache_folder_warns_and_still_works(
    mini, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the cache folder cannot be made
    base = loader.load(mini())
    assert len(base.facts) == 3
    err = capsys.readouterr().err
    assert "warning: cannot write the cache" in err and "--no-cache" in err


def test_read_only_cache_folder(
    mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    folder = tmp_path / "ro"
    (folder / "zjtimeline").mkdir(parents=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    os.chmod(folder / "zjtimeline", 0o500)
    try:
        probe = folder / "zjtimeline" / "probe"
        try:
            probe.write_text("x")
            writable = True  # root ignores permissions; the unwritable test above covers it
        except OSError:
            writable = False
        base = loader.load(mini())
        assert len(base.facts) == 3
        if not writable:
            assert "cannot write the cache" in capsys.readouterr().err
    finally:
        os.chmod(folder / "zjtimeline", 0o700)


def test_no_cache_writes_nothing(mini, cli) -> None:
    path = mini()
    assert cli("list", "--facts", str(path), "--no-cache").exit_code == 0
    assert not entry(path).exists()
    assert cli("list", "--facts", str(path), env={"ZJTIMELINE_NO_CACHE": "1"}).exit_code == 0
    assert not entry(path).exists()
    assert cli("list", "--facts", str(path)).exit_code == 0
    assert entry(path).exists()


def test_invalid_base_is_never_cached(mini) -> None:
    path = mini(MINI_YAML.replace("kind: event", "kind: evnt"))
    with pytest.raises(FactFileError):
        loader.load(path)
    assert not entry(path).exists()


def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    """Several processes build and write the same entry together; all succeed and the
    entry is whole afterwards."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import generate

    path = generate(2000, tmp_path / "base")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZJTIMELINE_")}
    cmd = [sys.executable, "-m", "zjtimeline", "list", "--format", "jsonl", "--facts", str(path)]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for _ in range(4)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [e for _, e in outs]
    assert len({o for o, _ in outs}) == 1
    assert all(e == b"" for _, e in outs)
    assert len(cache.read(path).facts) == 2000
    leftovers = [p for p in cache.entry_path(path).parent.iterdir() if p.suffix == ".tmp"]
    assert leftovers == []
