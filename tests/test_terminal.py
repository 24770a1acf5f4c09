"""The terminal, second pass (issue 12): tables that fit, colour and paging, exit codes
for many ids, tags/sources/cite, comma lists, highlights, help, CSV for spreadsheets.

In-process tests pretend stdout is a terminal (``tty``); test_e2e.py-style tests at the
end run the real console script on a pseudo-terminal and through pipes."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from zjtimeline.text import plural, width, wrap

from .conftest import FACTS, ROOT
from .test_cli import golden
from .test_e2e import clean_env, run_on_tty, script

OPENING = "“‘《〈「『【（("
CLOSING = "、。,，;；:：!！?？)）」』”’》〉】…"
ESC = "\x1b["


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch):
    """Stdout counts as a terminal of $COLUMNS columns; no pager, no inherited colour env."""
    monkeypatch.setattr("zjtimeline.cli.common.stdout_is_tty", lambda: True)
    monkeypatch.setenv("ZJTIMELINE_PAGER", "")
    for name in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)


def all_ids() -> list[str]:
    from zjtimeline.loader import load

    return [f.id for f in load(FACTS).facts]


def check_kinsoku(lines: list[str]) -> None:
    for line in lines:
        body = line.strip()
        if not body:
            continue
        assert body[-1] not in OPENING, f"line ends with an opening mark: {line!r}"


# ── 1. Tables that fit ───────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "text, cols",
    [
        ("在最前线筑起“生命屏障”。", 8),
        ("组织力“三大指数”,对2.4万多个村社", 13),
        ("坚持《党章》规定的(基本)要求", 6),
        ("勇当“红色根脉”的筑基者", 6),
        ("十年来,浙江建立干部队伍变革重塑机制,完善选人用人、识人察人。", 9),
    ],
)
def test_wrap_never_ends_with_opening_or_starts_with_closing_punctuation(
    text: str, cols: int
) -> None:
    for n in range(cols, cols + 8):
        lines = wrap(text, n)
        assert "".join(lines) == text
        check_kinsoku(lines)
        for line in lines[1:]:
            assert line[0] not in CLOSING, (n, lines)
        assert all(width(line) <= n for line in lines), (n, lines)


def test_wrap_keeps_words_whole_when_asked() -> None:
    assert wrap("政治建设  #party-building-responsibility-system", 20, break_words=False) == [
        "政治建设",
        "#party-building-responsibility-system",
    ]
    assert "#" not in wrap("政治建设 · 理论学习  #xi", 20)[0][-1:]


@pytest.mark.parametrize("cols", [80, 120])
def test_list_table_golden(cli, tty, cols: int) -> None:
    r = cli("list", "--year", "2020", "--kind", "event", env={"COLUMNS": str(cols)})
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert max(width(line) for line in lines) <= cols
    check_kinsoku(lines)
    golden(f"list_2020_event_{cols}.txt", r.stdout)


@pytest.mark.parametrize("cols", [80, 120])
def test_list_fields_table_golden_en(cli, tty, cols: int) -> None:
    r = cli("list", "--theme", "covid", "--fields", "id,date_text,summary", "--lang", "en",
            env={"COLUMNS": str(cols)})  # fmt: skip
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[1].startswith("---")  # a table, not expanded records
    assert max(width(line) for line in lines) <= cols
    golden(f"list_covid_en_{cols}.txt", r.stdout)


@pytest.mark.parametrize("cols", [60, 80, 100, 120, 160])
def test_every_id_whole_and_every_line_fits(cli, tty, cols: int) -> None:
    out = cli("list", env={"COLUMNS": str(cols)}).stdout
    assert "…" not in out
    for fid in all_ids():
        assert re.search(rf"(^|\s){re.escape(fid)}(\s|$)", out, re.M), fid
    lines = out.splitlines()
    assert max(width(line) for line in lines) <= max(cols, 48 + 11)
    check_kinsoku(lines)


def test_too_narrow_for_a_table_shows_each_record_expanded(cli, tty) -> None:
    out = cli("list", "--limit", "2", env={"COLUMNS": "80"}).stdout
    blocks = out.split("\n\n")
    assert len(blocks) == 2
    assert blocks[0].splitlines()[0].startswith("id         eight-foundations")
    assert [line.split()[0] for line in blocks[0].splitlines() if not line.startswith(" ")] == [
        "id", "start", "end", "date_text", "themes", "summary",
    ]  # fmt: skip


@pytest.mark.parametrize("cols, lang", [(80, "zh"), (80, "en"), (120, "zh"), (120, "en")])
def test_stats_fits_with_theme_names_in_the_chosen_language(cli, tty, cols: int, lang: str) -> None:
    r = cli("stats", "--lang", lang, env={"COLUMNS": str(cols)})
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert max(width(line) for line in lines) <= cols
    if lang == "zh":
        assert lines[0].split()[:2] == ["主题", "2004"] and "合计" in lines[0]
        assert any(line.startswith("疫情防控") for line in lines)
    else:
        assert lines[0].split()[:2] == ["theme", "2004"] and "throughout" in lines[0]
        assert any(line.startswith("COVID-19 response") for line in lines)
    assert "covid" not in r.stdout
    golden(f"stats_{lang}_{cols}.txt", r.stdout)


def test_stats_machine_formats_keep_their_shape(cli) -> None:
    recs = cli("stats", "--format", "json").json()
    assert recs[-1]["year"] == "total" and "covid" in recs[-1]
    md = cli("stats", "--format", "markdown", "--lang", "en").stdout
    assert md.startswith("| theme | 2004 |")


@pytest.mark.parametrize("cols", [80, 120])
def test_timeline_golden(cli, tty, cols: int) -> None:
    r = cli("timeline", "--year", "2020", "--color", "never", env={"COLUMNS": str(cols)})
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert max(width(line) for line in lines) <= cols
    check_kinsoku(lines)
    golden(f"timeline_2020_{cols}.txt", r.stdout)


@pytest.mark.parametrize("cols", range(40, 61, 2))
def test_timeline_at_40_to_60_columns_keeps_ids_whole(cli, tty, cols: int) -> None:
    out = cli("timeline", "--color", "never", env={"COLUMNS": str(cols)}).stdout
    lines = out.splitlines()
    for fid in all_ids():
        assert f"#{fid}" in out, fid
    for line in lines:
        assert not line.rstrip().endswith("#"), line
        assert not line.rstrip().endswith("“"), line
        # only an id longer than the line may pass the width
        assert width(line) <= cols or line.strip().startswith("#"), line
    check_kinsoku(lines)


def test_timeline_in_a_pipe_never_wraps(cli) -> None:
    out = cli("timeline", env={"COLUMNS": "40"}).stdout
    assert sum("党的先进性" in line for line in out.splitlines()) >= 1
    from zjtimeline.loader import load

    for fact in load(FACTS).facts:  # every summary whole on one line
        assert f"  {fact.summary_zh}\n" in out, fact.id


# ── 2. Colour ────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "choice, env, tty_, expected",
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),  # empty NO_COLOR does not count
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": "0"}, False, False),
        ("auto", {"CLICOLOR_FORCE": "1"}, False, True),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),  # NO_COLOR wins
        ("auto", {"TERM": "dumb"}, True, False),
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_use_color(monkeypatch, choice, env, tty_, expected) -> None:
    from zjtimeline.cli import common

    for name in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(common, "stdout_is_tty", lambda: tty_)
    assert common.use_color(choice) is expected


def test_every_command_takes_color_and_reading_commands_no_pager(cli) -> None:
    for command in ("timeline", "list", "search", "show", "cite", "themes", "tags", "sources",
                    "stats", "validate"):  # fmt: skip
        help_text = cli(command, "--help").stdout
        assert "--color" in help_text, command
        if command != "validate":
            assert "--no-pager" in help_text, command


def test_color_always_in_a_pipe_and_never_on_a_terminal(cli, tty) -> None:
    out = cli("timeline", "--theme", "covid", "--color", "always").stdout
    assert f"{ESC}1m──" in out
    out = cli("timeline", "--theme", "covid", "--color", "never").stdout
    assert ESC not in out
    out = cli("timeline", "--theme", "covid", env={"FORCE_COLOR": "1"}).stdout
    assert ESC in out


def test_search_highlights_matches_only_in_colour(cli, tty) -> None:
    out = cli("search", "换届", "--fields", "id,summary", env={"COLUMNS": "160"}).stdout
    assert f"{ESC}1;31m换届{ESC}0m" in out
    plain = cli("search", "换届", "--fields", "id,summary", "--color", "never").stdout
    assert ESC not in plain and "换届" in plain
    # folded: a full-width query highlights the half-width text
    out = cli("search", "２０２０", "--fields", "id,summary", env={"COLUMNS": "160"}).stdout
    assert f"{ESC}1;31m2020{ESC}0m" in out


def test_search_in_a_pipe_has_no_highlight(cli) -> None:
    assert ESC not in cli("search", "换届").stdout


# ── 3. Exit codes for many ids, -n 0, plurals ────────────────────────────────


def test_show_prints_what_exists_and_exits_1_for_the_rest(cli) -> None:
    r = cli("show", "medics-to-hubei", "nope")
    assert r.exit_code == 1
    assert r.stdout.startswith("medics-to-hubei\n")
    assert r.stderr == "zjtimeline: show: no fact with id 'nope'; 'zjtimeline list --fields id' lists them\n"  # fmt: skip
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "as grep" in readme and "still printed" in readme


@pytest.mark.parametrize("command", [["list"], ["timeline"], ["search", "换届"]])
def test_limit_0_prints_nothing_and_exits_0(cli, command) -> None:
    for fmt in ([], ["--format", "json"], ["--format", "tsv"]):
        if command == ["timeline"] and fmt:
            continue
        r = cli(*command, "-n", "0", *fmt)
        assert (r.exit_code, r.stdout, r.stderr) == (0, "", ""), (command, fmt)


def test_plural() -> None:
    assert plural(1, "fact") == "1 fact" and plural(2, "fact") == "2 facts"
    assert plural(0, "problem") == "0 problems"


def test_validate_says_1_source_and_1_problem(cli, mini) -> None:
    out = cli("validate").stdout
    assert f"{len(all_ids())} facts, 12 themes, 1 source," in out
    from .conftest import MINI_YAML

    r = cli("validate", str(mini(MINI_YAML.replace("kind: event", "kind: evnt"))))
    assert r.stderr.splitlines()[-1].startswith("zjtimeline: 1 problem in ")


# ── 4. tags, sources, cite ───────────────────────────────────────────────────


def test_tags_every_tag_with_count_and_themes(cli) -> None:
    from zjtimeline.loader import load

    base = load(FACTS)
    recs = cli("tags", "--format", "json").json()
    assert {r["tag"] for r in recs} == {t for f in base.facts for t in f.tags}
    by = {r["tag"]: r for r in recs}
    assert by["援鄂医疗队"] == {"tag": "援鄂医疗队", "count": 1, "themes": ["problem-lists", "covid"],
                                "start": "2020-01-01", "end": "2020-03-31"}  # fmt: skip
    counts = [r["count"] for r in recs]
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) == sum(len(f.tags) for f in base.facts)


@pytest.mark.parametrize("fmt", ["table", "plain", "tsv", "csv", "csv-bom", "json", "jsonl",
                                 "markdown", "yaml"])  # fmt: skip
def test_tags_and_sources_in_every_format(cli, fmt: str) -> None:
    for command in ("tags", "sources"):
        r = cli(command, "--format", fmt)
        assert r.exit_code == 0 and r.stdout, (command, fmt)
    assert "疫情防控" in cli("tags", "--format", fmt).stdout or fmt not in ("table", "plain", "markdown")  # fmt: skip


def test_sources_metadata_count_span_and_status(cli, mini) -> None:
    (rec,) = cli("sources", "--format", "json").json()
    assert rec["id"] == "jrzj-2022-18-hongse-genmai" and rec["count"] == len(all_ids())
    assert rec["authors"] == ["郏文纲", "马跃明"] and rec["published"].startswith("2022-09-30")
    assert (rec["start"], rec["end"]) == ("2004-01-01", "2022-09-30")
    assert rec["verified"] is True and rec["status"] == "verified, sha256 ok"
    path = mini(source=None)  # the source file is missing
    r = cli("sources", "--facts", str(path), "--format", "json")
    assert r.json()[0]["status"] == "unverified: file missing"  # type: ignore[index]
    assert r.json()[0]["verified"] is False  # type: ignore[index]


def test_cite_gbt7714_and_apa(cli) -> None:
    r = cli("cite", "medics-to-hubei")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == [
        "郏文纲, 马跃明. 勇当“红色根脉”的筑基者[J]. 今日浙江, 2022(18).",
        "“浙江2018名医护人员逆行出征驰援湖北,浙江援鄂医疗队成立临时党组织,在最前线筑起“生命屏障”。”",
    ]
    apa = cli("cite", "medics-to-hubei", "--style", "apa").stdout.splitlines()[0]
    assert apa == "郏文纲, & 马跃明. (2022, September 30). 勇当“红色根脉”的筑基者. 今日浙江, (18)."


def test_cite_bibtex_entries(cli) -> None:
    out = cli("cite", "medics-to-hubei", "village-elections-2020", "--style", "bibtex").stdout
    assert out.count("@article{") == 2
    assert out.startswith("@article{medics-to-hubei,\n  author = {{郏文纲} and {马跃明}},\n")
    assert "  journal = {今日浙江},\n  year = {2022},\n  number = {18},\n  month = sep,\n" in out
    assert out.count("{") == out.count("}")


def test_cite_csl_json_for_zotero(cli) -> None:
    items = cli("cite", "medics-to-hubei", "--style", "csl-json").json()
    assert items == [{
        "id": "medics-to-hubei", "type": "article-magazine", "title": "勇当“红色根脉”的筑基者",
        "container-title": "今日浙江", "issue": "18", "section": "特别关注 > 窗口报表",
        "author": [{"literal": "郏文纲"}, {"literal": "马跃明"}],
        "issued": {"date-parts": [[2022, 9, 30]]}, "language": "zh-CN",
        "note": "浙江2018名医护人员逆行出征驰援湖北,浙江援鄂医疗队成立临时党组织,在最前线筑起“生命屏障”。",
    }]  # fmt: skip


def test_cite_unknown_id_after_the_known_ones(cli) -> None:
    r = cli("cite", "medics-to-hubei", "medics-to-hube", "--style", "apa")
    assert r.exit_code == 1 and r.stdout.startswith("郏文纲")
    assert "did you mean 'medics-to-hubei'" in r.stderr
    r = cli("cite", "nope")
    assert (r.exit_code, r.stdout) == (1, "")


def test_cite_escapes_bibtex_specials() -> None:
    from zjtimeline.cite import bibtex

    item = {"id": "a b", "title": "50% & {x}", "container-title": "J_1", "author": [{"literal": "A"}],
            "issued": {"date-parts": [[2020]]}}  # fmt: skip
    out = bibtex(item)
    assert out.startswith("@article{a-b,") and r"50\% \& \{x\}" in out and r"J\_1" in out


def test_cite_imports_no_third_party_module(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom zjtimeline.cli import app\n"
        "try:\n    app(['cite', 'medics-to-hubei', '--style', 'apa'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('citeproc', 'lxml', 'tabulate', 'dateparser') if m in sys.modules), file=sys.stderr)\n"
    )
    import sys

    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env=clean_env(XDG_CACHE_HOME=str(tmp_path)), timeout=60)  # fmt: skip
    assert r.stderr.strip().splitlines()[-1] == "[]"


# ── 5. Small things ──────────────────────────────────────────────────────────


def test_comma_lists_equal_repeated_options(cli) -> None:
    def ids(*args: str) -> list[str]:
        return [r["id"] for r in cli("list", *args, "--format", "json").json()]

    assert ids("--theme", "covid,integrity") == ids("--theme", "covid", "--theme", "integrity")
    assert ids("--theme", "covid，清廉") == ids("--theme", "covid", "--theme", "integrity")
    assert ids("--kind", "event,statistic") == ids("--kind", "event", "--kind", "statistic")
    assert ids("--tag", "援鄂医疗队,村社换届") == ids("--tag", "援鄂医疗队", "--tag", "村社换届")
    assert len(ids("--theme", "covid,integrity")) > len(ids("--theme", "covid"))


def test_year_abc_lists_what_year_accepts(cli) -> None:
    r = cli("list", "--year", "abc")
    assert r.exit_code == 2
    assert "--year takes one calendar year: 2020, 2020年" in r.stderr
    assert "以来" not in r.stderr and "截至" not in r.stderr


def test_limit_help_has_no_range_noise(cli) -> None:
    out = cli("list", "--help").stdout
    line = next(line for line in out.splitlines() if "--limit" in line)
    assert "RANGE" not in out and "x>=" not in line and "<int" not in out.lower()
    assert "-n, --limit N" in line


def test_help_lists_commands_in_order_with_uncut_descriptions(cli) -> None:
    out = cli("--help", env={"COLUMNS": "80"}).stdout
    commands = out.split("Commands:\n")[1]
    names = [line.split()[0] for line in commands.splitlines() if line.startswith("  ") and line[2] != " "]  # fmt: skip
    assert names[:10] == ["timeline", "list", "search", "show", "cite", "themes", "tags",
                          "sources", "stats", "validate"]  # fmt: skip
    assert "..." not in commands
    for line in commands.splitlines():  # one line each at 80 columns
        assert line.startswith("  ") and line[2] != " ", line


def test_csv_bom_for_spreadsheets(cli) -> None:
    out = cli("list", "--theme", "covid", "--format", "csv-bom", "--fields", "id,summary_zh").stdout
    assert out.startswith("\ufeffid,summary_zh\n")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert rows[0] == ["id", "summary_zh"] and "疫情" in "".join(r[1] for r in rows[1:])
    assert not cli("list", "--format", "csv").stdout.startswith("\ufeff")


def test_readme_quick_start_uses_a_virtual_environment() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start")[1].split("```sh\n")[1].split("```")[0].splitlines()
    assert block[0] == "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/zjtimeline timeline"  # fmt: skip
    assert block[1] == ".venv/bin/pip install '.[test]' && .venv/bin/pytest"


# ── Through a real terminal and real pipes ───────────────────────────────────


COMPLETIONS = [
    ("list --kind ev", ["event"]),
    ("list --kind event,st", ["event,statistic"]),
    ("list --tag 八八", ["八八战略"]),
    ("list --fields id,st", ["id,start"]),
    ("list --format js", ["json", "jsonl"]),
    ("list --format csv", ["csv", "csv-bom"]),
    ("list --relation w", ["within"]),
    ("timeline --color a", ["auto", "always"]),
    ("cite medics-to-hubei --style b", ["bibtex"]),
    ("list --theme covid,in", ["covid,integrity"]),
    ("stats --lang e", ["en"]),
]


@pytest.mark.parametrize("words, expected", COMPLETIONS)
def test_completion_for_closed_sets(words: str, expected: list[str]) -> None:
    env = clean_env(_ZJTIMELINE_COMPLETE="complete_bash", COMP_WORDS=f"zjtimeline {words}",
                    COMP_CWORD=str(len(words.split())))  # fmt: skip
    r = subprocess.run([script()], capture_output=True, text=True, env=env, timeout=60)
    assert r.stdout.split() == expected


def test_table_on_a_real_80_column_terminal() -> None:
    code, out = run_on_tty(["list", "--year", "2020", "--kind", "event"],
                           clean_env(COLUMNS="80", LINES="500"))  # fmt: skip
    assert code == 0
    lines = out.replace("\r\n", "\n").splitlines()
    assert max(width(line) for line in lines) <= 80
    assert "covid-outbreak-party-mobilised" in out and "…" not in out


PAGER = "sed 's/^/P|/'"  # a pager that marks what went through it


def test_long_output_on_a_terminal_goes_through_the_pager() -> None:
    code, out = run_on_tty(["timeline"], clean_env(COLUMNS="80", LINES="20", ZJTIMELINE_PAGER=PAGER))  # fmt: skip
    lines = out.replace("\r\n", "\n").splitlines()
    assert code == 0 and len(lines) > 100
    assert all(line.startswith("P|") for line in lines)
    assert ESC in out  # colour survives the pager (less -R)


def test_pager_from_PAGER_and_the_default_less(tmp_path: Path) -> None:
    code, out = run_on_tty(["list"], clean_env(COLUMNS="80", LINES="20", PAGER=PAGER))
    assert code == 0 and out.startswith("P|")
    # the default: less -FRX, with LESS=FRX as git sets it; a fake less shows its arguments
    fake = tmp_path / "less"
    fake.write_text('#!/bin/sh\necho "less $* LESS=$LESS"\ncat >/dev/null\n')
    fake.chmod(0o755)
    env = clean_env(COLUMNS="80", LINES="20", PATH=f"{tmp_path}:/usr/bin:/bin")
    env.pop("PAGER", None)
    code, out = run_on_tty(["list"], env)
    assert code == 0 and out.strip() == "less -FRX LESS=FRX"


def test_no_pager_short_output_and_pipes_are_never_paged() -> None:
    env = clean_env(COLUMNS="80", LINES="20", ZJTIMELINE_PAGER=PAGER)
    code, out = run_on_tty(["timeline", "--no-pager"], env)
    assert code == 0 and "P|" not in out
    code, out = run_on_tty(["timeline", "--limit", "1"], clean_env(LINES="50", ZJTIMELINE_PAGER=PAGER))  # fmt: skip
    assert code == 0 and "P|" not in out
    code, out = run_on_tty(["timeline"], clean_env(LINES="20", ZJTIMELINE_PAGER="cat"))
    assert code == 0 and "P|" not in out
    r = subprocess.run([script(), "timeline"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0 and "P|" not in r.stdout and ESC not in r.stdout


def test_colour_on_a_terminal_and_forced_into_a_pipe() -> None:
    code, out = run_on_tty(["timeline", "-n", "1", "--color", "never"], clean_env())
    assert code == 0 and ESC not in out
    for extra in ({"FORCE_COLOR": "1"}, {"CLICOLOR_FORCE": "1"}):
        r = subprocess.run([script(), "timeline", "-n", "1"], capture_output=True, text=True,
                           env=clean_env(**extra), timeout=60)  # fmt: skip
        assert ESC in r.stdout, extra
    r = subprocess.run(
        f"'{script()}' timeline --color always --theme covid | cat", shell=True,
        capture_output=True, text=True, env=clean_env(), timeout=60,
    )  # fmt: skip
    assert ESC in r.stdout


def test_timeline_through_grep_finds_the_phrase() -> None:
    r = subprocess.run(
        f"'{script()}' timeline | grep -c 党的先进性", shell=True, capture_output=True,
        text=True, env=clean_env(COLUMNS="40"), timeout=60,
    )  # fmt: skip
    assert int(r.stdout) >= 1


def test_json_output_is_unchanged_by_colour_settings() -> None:
    r = subprocess.run([script(), "list", "-n", "1", "--format", "json", "--color", "always"],
                       capture_output=True, text=True, env=clean_env(), timeout=60)  # fmt: skip
    assert ESC not in r.stdout and json.loads(r.stdout)


def readme_examples() -> list[tuple[str, list[str]]]:
    """Each command of the README's Examples section (an 80-column terminal) and what
    it shows; a line '…' ends what is compared."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Examples\n")[1].split("### In pipes\n")[0]
    found: list[tuple[str, list[str]]] = []
    for block in section.split("```console\n")[1:]:
        for chunk in block.split("```")[0].split("$ zjtimeline ")[1:]:
            command, *lines = chunk.rstrip("\n").split("\n")
            if "…" in lines:
                lines = lines[: lines.index("…")]
            found.append((command, lines))
    return found


@pytest.mark.parametrize("command, expected", readme_examples())
def test_readme_examples_are_what_an_80_column_terminal_shows(cli, tty, command, expected) -> None:
    import shlex

    r = cli(*shlex.split(command), env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[: len(expected)] == expected


def test_the_console_script_builds_the_command_asked_for_and_still_knows_them_all() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([script(), *args], capture_output=True, text=True,
                              env=clean_env(COLUMNS="80"), timeout=60)  # fmt: skip

    r = run("--help")
    for name in ("timeline", "list", "cite", "tags", "sources", "stats", "validate"):
        assert f"\n  {name} " in r.stdout, name
    r = run("cite", "medics-to-hubei", "--style", "apa")
    assert r.returncode == 0 and r.stdout.startswith("郏文纲")
    r = run("sources", "--help")
    assert r.returncode == 0 and "Usage: zjtimeline sources" in r.stdout
    r = run("lists")
    assert r.returncode == 2 and "No such command 'lists'" in r.stderr


def test_lines_wider_than_the_terminal_count_as_several_rows() -> None:
    """Five citations: 14 lines, but each quote (about 100 columns) takes two rows of an
    80-column terminal, so 19 rows: paged on an 18-row terminal, not on a 30-row one."""
    for lines, paged in (("18", True), ("30", False)):
        code, out = run_on_tty(
            ["cite", *["medics-to-hubei"] * 5, "--style", "apa"],
            clean_env(COLUMNS="80", LINES=lines, ZJTIMELINE_PAGER=PAGER),
        )
        assert code == 0 and ("P|" in out) is paged, (lines, out[:200])
