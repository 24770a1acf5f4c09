"""Through a real process: TTY detection, colour, closed pipes, completion, the
installed console script."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MINI_SOURCE, MINI_YAML


def script() -> str:
    found = Path(sys.executable).parent / "zjtimeline"
    path = str(found) if found.exists() else shutil.which("zjtimeline")
    assert path, "zjtimeline console script not installed"
    return path


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ZJTIMELINE_", "NO_COLOR", "_ZJTIMELINE"))
    }
    env.update(extra)
    return env


def run_on_tty(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run with stdout on a pseudo-terminal; return exit code and what it showed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([script(), *args], stdout=follower, stderr=subprocess.PIPE, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    proc.wait(timeout=60)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_terminal_gets_a_table_and_colour() -> None:
    code, out = run_on_tty(
        ["list", "--limit", "2", "--fields", "id,summary"], clean_env(COLUMNS="100")
    )
    assert code == 0
    assert "----" in out and "\t" not in out
    code, out = run_on_tty(["timeline", "--limit", "1"], clean_env())
    assert code == 0 and "\x1b[" in out


def test_no_color_is_respected_on_a_terminal() -> None:
    code, out = run_on_tty(["timeline", "--limit", "1"], clean_env(NO_COLOR="1"))
    assert code == 0 and "\x1b[" not in out


def test_pipe_gets_tsv_without_colour() -> None:
    r = subprocess.run(
        [script(), "list", "--limit", "2"],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=60,
    )
    assert r.returncode == 0
    assert r.stdout.splitlines()[0].split("\t")[:2] == ["id", "start"]


@pytest.fixture
def big_base(tmp_path: Path) -> Path:
    """A fact base large enough that its output overflows a pipe buffer."""
    (tmp_path / "mini.txt").write_text(MINI_SOURCE, encoding="utf-8")
    head, facts = MINI_YAML.split("facts:\n")
    one = facts.split("  - id: complaints\n")[0].replace("  - id: meeting-2020\n", "")
    body = "".join(f"  - id: meeting-{i}\n{one}" for i in range(2000))
    path = tmp_path / "big.yaml"
    path.write_text(head + "facts:\n" + body, encoding="utf-8")
    return path


def test_closed_pipe_ends_quietly(big_base: Path) -> None:
    r = subprocess.run(
        f"'{script()}' list --format jsonl --facts '{big_base}' | head -n 1; echo \"rc=${{PIPESTATUS[0]}}\"",
        shell=True, executable="/bin/bash", capture_output=True, text=True, env=clean_env(), timeout=60,
    )  # fmt: skip
    lines = r.stdout.splitlines()
    assert lines[0].startswith('{"id": "meeting-')
    assert lines[-1] == "rc=141"
    assert r.stderr == ""


def test_stdout_is_utf8_in_a_pipe_even_with_a_c_locale() -> None:
    env = clean_env(LANG="C", LC_ALL="C", PYTHONIOENCODING="")
    r = subprocess.run(
        [script(), "list", "--limit", "1", "--fields", "summary"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 0
    assert "习近平" in r.stdout.decode("utf-8")


def test_completion_offers_theme_slugs_and_fact_ids() -> None:
    env = clean_env(
        _ZJTIMELINE_COMPLETE="complete_bash",
        COMP_WORDS="zjtimeline list --theme co",
        COMP_CWORD="3",
    )
    r = subprocess.run([script()], capture_output=True, text=True, env=env, timeout=60)
    assert r.stdout.split() == ["covid", "common-prosperity"]
    env = clean_env(
        _ZJTIMELINE_COMPLETE="complete_bash", COMP_WORDS="zjtimeline show medics", COMP_CWORD="2"
    )
    r = subprocess.run([script()], capture_output=True, text=True, env=env, timeout=60)
    assert r.stdout.split() == ["medics-to-hubei"]
