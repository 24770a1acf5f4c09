"""`zjtimeline validate`: exit codes and messages, and the installed entry point."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import MINI_YAML


def test_validate_bundled(cli) -> None:
    r = cli("validate")
    assert r.exit_code == 0, r.stderr
    assert "ok — 59 facts, 12 themes, 1 source, 2004-01-01 to 2022-09-30" in r.stdout
    assert r.stderr == ""


def test_validate_lists_every_problem_with_file_and_line(cli, mini) -> None:
    text = MINI_YAML.replace("    kind: event\n", "    kind: evnt\n").replace(
        "2016/2022-09", "2016-13"
    )
    path = mini(text)
    r = cli("validate", str(path))
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert len(lines) == 3, lines
    assert all(line.startswith(f"{path}:") for line in lines[:2])
    assert lines[2] == f"zjtimeline: 2 problems in {path}"
    assert r.stdout == ""


def test_validate_unparsable_is_exit_2(cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("facts: [\n", encoding="utf-8")
    r = cli("validate", str(path))
    assert r.exit_code == 2
    assert r.stderr.startswith(f"zjtimeline: {path}:")
    assert len(r.stderr.splitlines()) == 1


def test_validate_warns_when_source_is_missing(cli, mini) -> None:
    path = mini(source=None)
    r = cli("validate", str(path))
    assert r.exit_code == 0
    assert "warning" in r.stderr and "not verified" in r.stderr


def test_facts_option_and_env_var(cli, mini) -> None:
    path = mini()
    assert "3 facts" in cli("validate", "--facts", str(path)).stdout
    assert "3 facts" in cli("validate", env={"ZJTIMELINE_FACTS": str(path)}).stdout


def _entry_point() -> list[str]:
    script = Path(sys.executable).parent / "zjtimeline"
    found = str(script) if script.exists() else shutil.which("zjtimeline")
    assert found, "the zjtimeline console script is not installed"
    return [found]


def test_installed_entry_point_validates_from_another_directory(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZJTIMELINE_")}
    r = subprocess.run(
        [*_entry_point(), "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert "ok — 59 facts" in r.stdout
    assert r.stderr == ""  # the bundled source is found: quotes verified, no warning


def test_python_dash_m(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "zjtimeline", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0 and r.stdout.startswith("zjtimeline ")
