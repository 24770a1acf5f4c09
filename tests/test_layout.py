"""The shape of the code: one direction of data flow, heavy imports only where needed."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import zjtimeline

PACKAGE = Path(zjtimeline.__file__).resolve().parent


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add(("." * node.level) + (node.module or ""))
    return found


def test_only_cli_imports_typer_and_nothing_imports_cli() -> None:
    for path in PACKAGE.rglob("*.py"):
        names = imports_of(path)
        in_cli = path.parent.name == "cli"
        if not in_cli:
            assert not any(n.split(".")[0] == "typer" for n in names), path.name
        if not in_cli and path.name != "__main__.py":
            assert not any(n.endswith("cli") for n in names), path.name


def test_model_uses_the_standard_library_only() -> None:
    names = imports_of(PACKAGE / "model.py")
    assert all(not n.startswith(".") for n in names), names


def test_the_common_path_imports_no_heavy_module(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZJTIMELINE_")}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    code = (
        "import sys\n"
        "from zjtimeline.cli import app\n"
        "try:\n"
        "    app(['list', '--since', '2019', '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('yaml', 'dateparser', 'tabulate', 'wcwidth', 'rich', 'pydantic') if m in sys.modules), file=sys.stderr)\n"
    )
    first = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    again = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert first.stderr.strip().splitlines()[-1] == "['yaml']"  # parsed once, then cached
    assert again.stderr.strip().splitlines()[-1] == "[]"
