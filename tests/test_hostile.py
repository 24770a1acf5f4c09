"""Hostile and broken input: never a traceback, never a surprise."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from zjtimeline.cli import app
from zjtimeline.formats import FORMATS, Options

from .conftest import MINI_SOURCE, MINI_YAML

RUNNER = CliRunner()
ENV = {"ZJTIMELINE_TODAY": "2026-11-27", "ZJTIMELINE_FACTS": "", "ZJTIMELINE_LANG": ""}


def invoke(*args: str, env: dict[str, str] | None = None):
    r = RUNNER.invoke(app, list(args), env={**ENV, **(env or {})}, catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def assert_clean_failure(code: int, out: str, err: str, expected: int = 2) -> None:
    assert code == expected, err
    assert out == ""
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("zjtimeline: ")


def write(tmp_path: Path, text: str | bytes, source: str | None = MINI_SOURCE) -> Path:
    if source is not None:
        (tmp_path / "mini.txt").write_text(source, encoding="utf-8")
    path = tmp_path / "facts.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# ── fact files ───────────────────────────────────────────────────────────────


def test_yaml_tags_are_refused_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    text = MINI_YAML.replace(
        "    kind: event\n", f"    kind: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    path = write(tmp_path, text)
    for command in ("list", "validate"):
        code, out, err = invoke(command, "--facts", str(path))
        assert_clean_failure(code, out, err)
        assert "is not allowed" in err and f"{path}:" in err
    assert not marker.exists()


def test_other_tags_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, MINI_YAML.replace("kind: event", "kind: !custom event"))
    code, out, err = invoke("list", "--facts", str(path))
    assert_clean_failure(code, out, err)
    assert "'!custom' is not allowed" in err


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefghi", "bcdefghij", strict=False):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    started = time.monotonic()
    code, out, err = invoke("validate", str(path))
    assert time.monotonic() - started < 5
    assert_clean_failure(code, out, err)
    assert "alias bomb" in err and len(err) < 300


def test_modest_aliases_are_fine(tmp_path: Path) -> None:
    text = MINI_YAML.replace("    tags: [会议]\n", "    tags: &t [会议, 党员]\n").replace(
        "    kind: statistic\n", "    kind: statistic\n    tags: *t\n"
    )
    code, out, err = invoke("list", "--facts", str(write(tmp_path, text)), "--format", "json")
    assert code == 0, err
    assert json.loads(out)[1]["tags"] == ["会议", "党员"]


def test_duplicate_keys_are_an_error(tmp_path: Path) -> None:
    text = MINI_YAML.replace("    kind: event\n", "    kind: event\n    kind: policy\n")
    code, out, err = invoke("list", "--facts", str(write(tmp_path, text)))
    assert_clean_failure(code, out, err)
    assert "duplicate key 'kind'" in err and ":24:" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"   \n# only a comment\n", "the file is empty"),
        (b"- 1\n- 2\n", "a list at the top level"),
        (b"42\n", "a number at the top level"),
        (b"\xff\xfe\x00a", "not UTF-8"),
        ("facts: [中文]\n".encode("gb18030"), "not UTF-8"),
        (b"a: [\n", "invalid YAML"),
        (b"a: 1\n---\nb: 2\n", "more than one YAML document"),
        (b"x" * 10 + b": &a\n  - *b\n", "unknown alias"),
    ],
)
def test_unusable_files_are_exit_2_with_file_and_line(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = write(tmp_path, content)
    for command in ("list", "validate"):
        code, out, err = invoke(command, "--facts", str(path))
        assert_clean_failure(code, out, err)
        assert expected in err and str(path) in err


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + MINI_YAML.encode())
    assert invoke("list", "--facts", str(path))[0] == 0


@pytest.mark.parametrize("kind", ["folder", "missing", "through-a-file", "nul"])
def test_unreadable_paths(tmp_path: Path, kind: str) -> None:
    (tmp_path / "file").write_text("x")
    path = {"folder": str(tmp_path), "missing": str(tmp_path / "nope.yaml"),
            "through-a-file": str(tmp_path / "file" / "x.yaml"), "nul": "a\x00b"}[kind]  # fmt: skip
    code, out, err = invoke("list", "--facts", path)
    assert_clean_failure(code, out, err)


def test_multi_megabyte_field(tmp_path: Path) -> None:
    big = "长" * 3_000_000
    text = MINI_YAML.replace(
        "    summary_zh: 2020年初召开会议,1.5万名党员参加。", f"    summary_zh: {big}"
    )
    path = write(tmp_path, text)
    code, out, err = invoke("validate", str(path))
    assert code == 1 and out == ""
    assert "3,000,000 characters; at most 20,000" in err and big[:100] not in err
    code, out, err = invoke("list", "--facts", str(path))
    assert_clean_failure(code, out, err)


@pytest.mark.parametrize("opening", ["[", "{a: ", "- "])
def test_deep_nesting(tmp_path: Path, opening: str) -> None:
    text = "facts: " + opening * 5000 + "x\n"
    code, out, err = invoke("validate", str(write(tmp_path, text)))
    assert_clean_failure(code, out, err)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("  - id: complaints", "  - id: meeting-2020"), "fact 'meeting-2020': duplicate id"),
        (("date: 2020-33", "date: 2021-13"), "fact 'meeting-2020': field 'date': '2021-13'"),
        (("themes: [alpha]", "themes: [nope]"), "fact 'meeting-2020': unknown theme 'nope'"),
        (("    source: mini\n    date: 2020-33", "    source: gone\n    date: 2020-33"), "fact 'meeting-2020': unknown source 'gone'"),
        (("    kind: event\n", ""), "fact 'meeting-2020': missing required field 'kind'"),
        (("themes: [alpha]", "themes: {a: 1}"), "fact 'meeting-2020': field 'themes' must be a list of text, got a mapping"),
    ],
)  # fmt: skip
def test_content_problems_name_fact_and_field(
    tmp_path: Path, edit: tuple[str, str], expected: str
) -> None:
    old, new = edit
    assert old in MINI_YAML
    path = write(tmp_path, MINI_YAML.replace(old, new, 1))
    code, out, err = invoke("validate", str(path))
    assert code == 1 and out == "" and expected in err
    assert err.splitlines()[0].startswith(f"{path}:")
    code, out, err = invoke("list", "--facts", str(path))
    assert_clean_failure(code, out, err)
    assert expected in err


# ── output safety ────────────────────────────────────────────────────────────

EVIL = "\\e[31mRED\\e]0;pwned\\a\\x9b2J\\u202eevil\\tTAB\\nNL"


@pytest.fixture
def evil_base(tmp_path: Path) -> Path:
    text = (
        MINI_YAML.replace("    summary_zh: 2020年初召开会议,1.5万名党员参加。", f'    summary_zh: "{EVIL}"')
        .replace("    tags: [会议]", f'    tags: ["{EVIL}"]')
        .replace("    summary_en: A meeting in early 2020 drew 15,000 Party members.", '    summary_en: "=HYPERLINK(\\"http://x\\")"')
        .replace("    summary_en: Complaints have fallen 60% since 2016.", '    summary_en: "@SUM(1+1)"')
        .replace("    summary_en: Running since July 2013.", '    summary_en: "\\tcmd"')
    )  # fmt: skip
    return write(tmp_path, text)


RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown", "tsv"])
def test_human_formats_and_tsv_escape_controls(evil_base: Path, fmt: str) -> None:
    code, out, err = invoke(
        "list", "--facts", str(evil_base), "--format", fmt, "--fields", "id,tags,summary"
    )
    assert code == 0, err
    for ch in RAW_CONTROLS:
        assert ch not in out
    assert "\\x1b[31mRED" in out
    if fmt == "tsv":
        assert all(line.count("\t") == 2 for line in out.splitlines())
        assert "\\tTAB\\nNL" in out


def test_timeline_and_show_escape_controls(evil_base: Path) -> None:
    for args in (["timeline"], ["show", "meeting-2020"]):
        code, out, err = invoke(*args, "--facts", str(evil_base))
        assert code == 0, err
        for ch in RAW_CONTROLS:
            assert ch not in out
        assert "\\x1b[31mRED" in out


def test_json_keeps_the_exact_text(evil_base: Path) -> None:
    _code, out, _ = invoke("list", "--facts", str(evil_base), "--format", "json")
    rec = next(r for r in json.loads(out) if r["id"] == "meeting-2020")
    assert rec["summary_zh"] == "\x1b[31mRED\x1b]0;pwned\x07\x9b2J\u202eevil\tTAB\nNL"
    _code, out, _ = invoke("list", "--facts", str(evil_base), "--format", "jsonl")
    assert "\x1b" not in out  # JSON-escaped on the wire
    line = next(json.loads(x) for x in out.splitlines() if '"meeting-2020"' in x)
    assert line["tags"] == [rec["summary_zh"]]


def test_csv_neutralises_formulas(evil_base: Path) -> None:
    import csv
    import io

    _code, out, _ = invoke(
        "list", "--facts", str(evil_base), "--format", "csv", "--fields", "id,summary_en"
    )
    rows = {r["id"]: r["summary_en"] for r in csv.DictReader(io.StringIO(out))}
    assert rows["meeting-2020"] == '\'=HYPERLINK("http://x")'
    assert rows["complaints"] == "'@SUM(1+1)"
    assert rows["ongoing-thing"] == "'\tcmd"
    for value in rows.values():
        assert value[0] not in "=+-@\t\r"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cell_rule(start: str) -> None:
    text = "".join(FORMATS["csv"].render([{"id": start + "1+2"}], ["id"], Options()))
    assert text.splitlines()[1].lstrip('"').startswith("'")


# ── arguments ────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--limit", "1" + "0" * 30],
        ["list", "--limit", "-5"],
        ["list", "--limit", "x"],
        ["list", "--since", "9" * 100_000],
        ["list", "--since", ""],
        ["list", "--year", "\x1b[31m"],
        ["list", "--theme", ""],
        ["list", "--theme", "\x00"],
        ["list", "--fields", ","],
        ["list", "--format", "\u202e"],
        ["search", ""],
        ["search", "   "],
        ["show", ""],
        ["list", "--year", "99999"],
        ["list", "--since", "2020-02-30"],
        ["timeline", "--until", "before"],
        ["stats", "--kind", "nope"],
        ["list", "--tag", "中" * 10_000],
    ],
)
def test_odd_arguments_end_with_a_message(args: list[str]) -> None:
    code, out, err = invoke(*args)
    assert code in (0, 1, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert out == "" and len(err.splitlines()) == 1
    for ch in ("\x1b", "\u202e", "\x00"):
        assert ch not in err


def _wait_until_python_handles_sigint(pid: int) -> None:
    """On a loaded machine Python may take over a second to start; a SIGINT sent before
    it installs its handler kills it outright (exit -2) instead of raising
    KeyboardInterrupt. Linux shows the caught signals in /proc; elsewhere, wait."""
    status = Path(f"/proc/{pid}/status")
    deadline = time.monotonic() + 30
    while status.exists() and time.monotonic() < deadline:
        caught = next(
            (ln.split()[1] for ln in status.read_text().splitlines() if ln.startswith("SigCgt:")),
            "0",
        )
        if int(caught, 16) & (1 << (signal.SIGINT - 1)):
            time.sleep(1.0)  # past the imports, into the work
            return
        time.sleep(0.05)
    time.sleep(1.0)


def test_ctrl_c_exits_130_quietly(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import generate

    path = generate(30_000, tmp_path / "base")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZJTIMELINE_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "zjtimeline", "list", "--no-cache", "--facts", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        # A parent that ignores SIGINT (nohup, a test runner's worker) passes that on,
        # and Python then never raises KeyboardInterrupt: restore the default.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    _wait_until_python_handles_sigint(proc.pid)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err and len(err.splitlines()) <= 1


# ── the environment ──────────────────────────────────────────────────────────


def test_ascii_io_encoding_in_a_pipe_still_writes_utf8() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZJTIMELINE_")}
    env.update(PYTHONIOENCODING="ascii", LANG="C", LC_ALL="C")
    r = subprocess.run(
        [sys.executable, "-m", "zjtimeline", "show", "medics-to-hubei"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert "浙江2018名医护人员" in r.stdout.decode("utf-8")


def test_tiny_terminal_width() -> None:
    code, out, _err = invoke("timeline", "--limit", "3", env={"COLUMNS": "10"})
    assert code == 0
    # Not a terminal (CliRunner), so COLUMNS does not apply: nothing is wrapped or cut,
    # each fact is its head line, its summary and its themes with the whole #id.
    lines = out.splitlines()
    assert len([ln for ln in lines if ln.startswith("● ")]) == 3
    ids = [r["id"] for r in json.loads(invoke("list", "--limit", "3", "--format", "json")[1])]
    assert all(any(ln.endswith(f"  #{i}") for ln in lines) for i in ids), (ids, out)
    # Ten columns cannot hold two side by side: the table is shown expanded, a field a
    # line, the id whole (it is pasted into other commands), the text wrapped.
    text = "".join(
        FORMATS["table"].render(
            [{"id": "x" * 50, "summary": "长" * 50}], ["id", "summary"], Options(width=10)
        )
    )
    assert (
        text
        == "id       "
        + "x" * 50
        + "\nsummary  "
        + "\n         ".join(["长" * 8] * 6 + ["长" * 2])
        + "\n"
    )


def test_full_cache_folder_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zjtimeline import cache

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", full)
    path = write(tmp_path, MINI_YAML)
    code, out, err = invoke("list", "--facts", str(path))
    assert code == 0 and out
    assert "cannot write the cache" in err and "No space left on device" in err
    assert not [p for p in cache.entry_path(path).parent.iterdir() if p.suffix == ".tmp"]


# ── properties ───────────────────────────────────────────────────────────────

COMMANDS = ["list", "search", "timeline", "show", "themes", "stats", "validate", "bogus"]
OPTIONS = ["--year", "--since", "--until", "--theme", "--tag", "--kind", "--limit", "--format",
           "--fields", "--lang", "--search", "-n", "-f", "-y", "-t", "--reverse", "--no-cache", "--version"]  # fmt: skip
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "2020",
            "2020年初",
            "截至2021年底",
            "since 2019",
            "covid",
            "清廉",
            "json",
            "csv",
            "table",
            "id,summary",
            "en",
            "zh",
            "0",
            "-1",
            "99999999999999999999",
            "medics-to-hubei",
        ]
    ),
    st.integers(-10, 10**12).map(str),
)
ARGS = st.tuples(
    st.sampled_from(COMMANDS),
    st.lists(st.one_of(st.sampled_from(OPTIONS), VALUES), max_size=8),
).map(lambda t: [t[0], *t[1]])


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ARGS)
def test_random_arguments_never_crash(args: list[str]) -> None:
    code, out, err = invoke(*args)
    assert code in (0, 1, 2), (args, err)
    assert "Traceback" not in err and "internal error" not in err, (args, err)
    if code == 2:
        assert out == "", args


TOKENS = ["&a ", "*a", "!!python/object:os.system ", "{", "}", "[", "]", ": ", "- ", "\t", "\x00", "\ufeff",
          "'", '"', "\\", "#", "|", ">", "---\n", "~", "2021-13", "null", "yes", "1e999", "<<: *a\n", "\n  ", "\x1b"]  # fmt: skip


@st.composite
def broken_files(draw: st.DrawFn) -> str:
    lines = MINI_YAML.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate", "swap"]))
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(TOKENS)) + lines[i][at:]
        elif action == "truncate":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(broken_files())
def test_broken_fact_files_never_crash(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    folder = tmp_path_factory.mktemp("broken")
    path = write(folder, text.encode("utf-8", "surrogatepass"))
    for args, allowed in (
        (["validate", str(path)], (0, 1, 2)),
        (["list", "--facts", str(path)], (0, 1, 2)),
    ):
        code, out, err = invoke(*args)
        assert code in allowed, (text, err)
        assert "Traceback" not in err and "internal error" not in err, (text, err)
        if code == 2:
            assert out == ""
            assert len(err.splitlines()) == 1, err


PLAIN = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.fixed_dictionaries(
        {}, optional={"sources": PLAIN, "themes": PLAIN, "facts": PLAIN, "extra": PLAIN}
    )
)
def test_random_yaml_documents_never_crash(
    tmp_path_factory: pytest.TempPathFactory, doc: dict
) -> None:
    folder = tmp_path_factory.mktemp("random")
    path = write(folder, yaml.safe_dump(doc, allow_unicode=True))
    code, _out, err = invoke("validate", str(path))
    assert code in (0, 1, 2), err
    assert "Traceback" not in err and "internal error" not in err, (doc, err)
