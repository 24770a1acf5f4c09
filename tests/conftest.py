"""Shared test helpers: the bundled fact base, a tiny valid fact base to break, and
a runner that goes through the CLI's real error boundary."""

from __future__ import annotations

import json
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zjtimeline.cli import app

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts.yaml"
SOURCE = ROOT / "sources" / "000_a7f20853bbf0612f.txt"

# A minimal, valid fact base with its own source text, for tests that break one rule.
MINI_SOURCE = "第一段。2020年初,某地召开会议,共有1.5万名党员参加。\n2016年以来,投诉下降60%。\n"
MINI_YAML = """\
sources:
  - id: mini
    title: 测试文章
    publication: 测试杂志
    published: "2022-09-30T15:15:00+08:00"
    authors: [某人]
    file: mini.txt
themes:
  - slug: alpha
    name_zh: 甲主题
    name_en: Alpha
  - slug: beta
    name_zh: 乙主题
    name_en: Beta
facts:
  - id: meeting-2020
    source: mini
    date: 2020-33
    date_text: 2020年初
    date_text_en: early 2020
    themes: [alpha]
    tags: [会议]
    kind: event
    summary_zh: 2020年初召开会议,1.5万名党员参加。
    summary_en: A meeting in early 2020 drew 15,000 Party members.
    quote: "2020年初,某地召开会议,共有1.5万名党员参加。"
    figures:
      - {value: "1.5", unit: 万名, label_zh: 参会党员, label_en: members attending}
  - id: complaints
    source: mini
    date: 2016/2022-09
    date_text: 2016年以来
    date_text_en: since 2016
    themes: [beta, alpha]
    kind: statistic
    summary_zh: 2016年以来投诉下降60%。
    summary_en: Complaints have fallen 60% since 2016.
    quote: "2016年以来,投诉下降60%。"
    figures:
      - {value: 60, unit: "%", label_zh: 降幅, label_en: fall}
  - id: ongoing-thing
    source: mini
    date: 2013-07/..
    themes: [beta]
    kind: mechanism
    summary_zh: 自2013年7月起持续开展。
    summary_en: Running since July 2013.
    quote: "第一段。"
"""


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> object:
        return json.loads(self.stdout)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch):
    """Run the CLI in-process; stdout and stderr apart; "now" frozen at 2026-11-27."""
    monkeypatch.setenv("ZJTIMELINE_TODAY", "2026-11-27")
    monkeypatch.delenv("ZJTIMELINE_FACTS", raising=False)
    monkeypatch.delenv("ZJTIMELINE_LANG", raising=False)
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        r = runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False)
        return Result(r.exit_code, r.stdout, r.stderr)

    return run


@pytest.fixture
def mini(tmp_path: Path):
    """Write the mini fact base, optionally edited; returns its path."""

    def write(yaml_text: str = MINI_YAML, source: str | None = MINI_SOURCE) -> Path:
        if source is not None:
            (tmp_path / "mini.txt").write_text(source, encoding="utf-8")
        path = tmp_path / "facts.yaml"
        path.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty cache folder of its own, never the user's."""
    from zjtimeline import cache

    folder = tmp_path_factory.mktemp("cache")
    os.chmod(folder, 0o700)  # the cache is used only in a folder no one else can write
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("ZJTIMELINE_NO_CACHE", raising=False)
    monkeypatch.delenv("ZJTIMELINE_SOURCE_ROOT", raising=False)
    # Tests write a file and load it at once; the "racy" rule (tests/test_security.py)
    # would keep such files out of the cache.
    monkeypatch.setattr(cache, "RACY_NS", 0)
    return folder


# Under mutation testing, tests that cannot tell a mutant of most modules apart but cost
# most of a survivor's run: the browser tests (only what formats.visual draws reaches the
# page that plain tests do not already check) and the random no-crash property test of
# the date options (as the property tests left out in pyproject.toml; every rule it
# probes has a plain test of its own).
_MUTATION_ONLY_FOR = {
    "tests/test_browser.py::": "zjtimeline.formats.visual.",
    "tests/test_dates_classes.py::test_no_date_input_is_an_internal_error": "",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under mutation testing (scripts/mutation.py), run the rule-by-rule tests first and
    the quickest first among them: a mutant they kill is done before the slower
    command-level tests start. Leave out the tests above for mutants they cannot catch."""
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if "__mutmut_" not in mutant:
        return
    keep, left_out = [], []
    for item in items:
        only = next((m for t, m in _MUTATION_ONLY_FOR.items() if item.nodeid.startswith(t)), None)
        wanted = only is None or (only != "" and mutant.startswith(only))
        (keep if wanted else left_out).append(item)
    if left_out and keep:
        config.hook.pytest_deselected(items=left_out)
        items[:] = keep
    try:  # mutmut's record of each test's duration, in the folder it runs the tests from
        with open("mutmut-stats.json", encoding="utf-8") as f:
            durations: dict[str, float] = json.load(f)["duration_by_test"]
    except (OSError, ValueError, KeyError):
        durations = {}
    items.sort(
        key=lambda item: (
            not item.nodeid.startswith("tests/test_rules_"),
            durations.get(item.nodeid, 1.0),
        )
    )
