"""The commands, their filters and output formats, through the real error boundary."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date
from pathlib import Path

import pytest

from zjtimeline.formats import FORMATS, Options, fact_to_record, render_table
from zjtimeline.loader import load
from zjtimeline.text import width

from .conftest import FACTS

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("ZJT_UPDATE_GOLDEN") == "1"


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs; ZJT_UPDATE_GOLDEN=1 rewrites it"
    )


def ids(r) -> list[str]:
    assert r.exit_code == 0, r.stderr
    return [rec["id"] for rec in json.loads(r.stdout)]


# ── list: order, filters ─────────────────────────────────────────────────────


def test_list_is_chronological_by_start_end_id(cli) -> None:
    recs = cli("list", "--format", "json").json()
    keys = [(r["start"] or "", r["end"] or "9999", r["id"]) for r in recs]
    assert keys == sorted(keys)
    assert len(recs) == 59
    assert cli("list", "--format", "json", "--reverse").json() == recs[::-1]


def test_year_matches_overlap_and_is_repeatable(cli) -> None:
    y2020 = ids(cli("list", "--year", "2020", "--format", "json"))
    assert "village-elections-2020" in y2020 and "talent-work-party-leadership" in y2020
    assert "eight-foundations-eight-abilities-2004" not in y2020
    both = ids(cli("list", "--year", "2004", "--year", "2021", "--format", "json"))
    assert "eight-foundations-eight-abilities-2004" in both and "party-centenary-2021" in both
    assert "medics-to-hubei" not in both


def test_ongoing_fact_holds_until_its_source_date_not_forever(cli) -> None:
    assert "county-secretaries-quarterly-meetings" in ids(
        cli("list", "--year", "2022", "--format", "json")
    )
    r = cli("list", "--year", "2025", "--format", "json")
    assert r.exit_code == 1 and r.stdout == ""


def test_until_is_inclusive_of_the_whole_period(cli) -> None:
    found = ids(cli("list", "--until", "2004", "--format", "json"))
    assert found == ["eight-foundations-eight-abilities-2004"]
    assert "party-membership-end-2021" in ids(
        cli("list", "--since", "2021-12", "--until", "2021-12", "--format", "json")
    )


def test_since_and_until_together(cli) -> None:
    found = ids(
        cli(
            "list",
            "--since",
            "2020-01",
            "--until",
            "2020-03",
            "--format",
            "json",
            "--kind",
            "event",
        )
    )
    # the 2004 and 2021 events do not overlap; the undated founding of the research
    # centre (some time within the decade) is only a possible match
    assert found == ["covid-outbreak-party-mobilised", "village-elections-2020"]
    possible = cli(
        "list", "-s", "2020-01", "-u", "2020-03", "-k", "event", "--possible", "-f", "json"
    )
    assert {r["id"]: r["match"] for r in possible.json()} == {
        "xi-thought-research-centre": "possible",
        "covid-outbreak-party-mobilised": "certain",
        "village-elections-2020": "certain",
    }


@pytest.mark.parametrize("value", ["清廉", "integrity", "Integrity", "清廉建设", "integ"])
def test_theme_by_slug_name_or_part(cli, value: str) -> None:
    found = cli("list", "--theme", value, "--format", "json").json()
    assert found and all("integrity" in r["themes"] for r in found)


def test_theme_is_repeatable_any(cli) -> None:
    found = cli("list", "-t", "covid", "-t", "talent", "--format", "json").json()
    assert {t for r in found for t in r["themes"]} >= {"covid", "talent"}
    assert all({"covid", "talent"} & set(r["themes"]) for r in found)


def test_unknown_theme_names_choices_and_suggests(cli) -> None:
    r = cli("list", "--theme", "intgrity")
    assert r.exit_code == 2 and r.stdout == ""
    assert "unknown theme 'intgrity'; did you mean 'integrity'?" in r.stderr
    assert "choose from: political, problem-lists" in r.stderr
    assert len(r.stderr.splitlines()) == 1


def test_ambiguous_theme_is_an_error(cli) -> None:
    r = cli("list", "--theme", "基层")
    assert r.exit_code == 2
    assert "ambiguous: it matches grassroots, governance" in r.stderr


def test_tag_kind_search_limit(cli) -> None:
    assert ids(cli("list", "--tag", "八八战略", "--format", "json")) == [
        "eight-eight-strategy-implementation"
    ]
    stats = cli("list", "--kind", "statistic", "--format", "json").json()
    assert stats and {r["kind"] for r in stats} == {"statistic"}
    assert len(cli("list", "--limit", "3", "--format", "json").json()) == 3
    assert ids(cli("list", "--search", "湖北 2018", "--format", "json")) == ["medics-to-hubei"]


def test_ambiguous_tag(cli) -> None:
    r = cli("list", "--tag", "清廉")
    assert r.exit_code == 2 and "ambiguous" in r.stderr


# ── search ───────────────────────────────────────────────────────────────────


def test_search_all_words_case_and_width_insensitive(cli) -> None:
    assert ids(cli("search", "VILLAGE", "elections", "2020", "--format", "json")) == [
        "village-elections-2020"
    ]
    assert ids(cli("search", "２０１８名", "--format", "json")) == ids(
        cli("search", "2018名", "--format", "json")
    )
    assert ids(cli("search", "下沉一线，与", "--format", "json")) == [
        "cadres-sent-to-red-grids"
    ]  # ，= ,


def test_search_matches_ids_tags_and_figure_labels(cli) -> None:
    assert "medics-to-hubei" in ids(cli("search", "medics-to", "--format", "json"))
    assert "party-membership-end-2021" in ids(
        cli("search", "grassroots party organisations", "--format", "json")
    )
    assert "grassroots-theory-lectures-8090" in ids(cli("search", "党课开讲啦", "--format", "json"))


def test_search_with_filters_and_no_match(cli) -> None:
    found = ids(cli("search", "换届", "--since", "2020", "--format", "json"))
    assert "village-elections-2020" in found
    r = cli("search", "nothing-like-this")
    assert (r.exit_code, r.stdout) == (1, "")
    assert "no facts match" in r.stderr


# ── show ─────────────────────────────────────────────────────────────────────


def test_show_full_view(cli) -> None:
    r = cli("show", "party-centenary-2021")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    for needle in ("party-centenary-2021", "2021  (2021, year)", "建党百年", "1921", "political (政治建设 / Political building)",
                   "50 年", "百 个", "以党的政治建设为统领", "《今日浙江》", "郏文纲、马跃明", "summary_en"):  # fmt: skip
        assert needle in out, needle


def test_show_context_is_the_surrounding_sentence(cli) -> None:
    out = cli("show", "party-membership-end-2021").stdout
    assert "context     截至2021年底,全省共有党员426.9万名" in out


def test_show_json_is_an_array_of_full_records(cli) -> None:
    recs = cli("show", "medics-to-hubei", "village-elections-2020", "--format", "json").json()
    assert [r["id"] for r in recs] == ["medics-to-hubei", "village-elections-2020"]
    assert recs[0]["figures"][0] == {"value": "2018", "unit": "名", "label_zh": "驰援湖北的医护人员", "label_en": "medical workers sent to Hubei", "bound": None}  # fmt: skip


def test_show_unknown_id(cli) -> None:
    r = cli("show", "medics-to-hube")
    assert (r.exit_code, r.stdout) == (1, "")
    assert (
        r.stderr
        == "zjtimeline: show: no fact with id 'medics-to-hube'; did you mean 'medics-to-hubei'?\n"
    )


def test_show_some_found_some_not(cli) -> None:
    r = cli("show", "medics-to-hubei", "nope", "--format", "jsonl")
    assert r.exit_code == 1
    assert json.loads(r.stdout)["id"] == "medics-to-hubei"
    assert "'nope'" in r.stderr


# ── themes, stats ────────────────────────────────────────────────────────────


def test_themes_json(cli) -> None:
    recs = cli("themes", "--format", "json").json()
    assert set(recs[0]) == {"slug", "name_zh", "name_en", "count", "start", "end"}
    by = {r["slug"]: r for r in recs}
    base = load(FACTS)
    assert by["covid"]["count"] == sum("covid" in f.themes for f in base.facts)
    assert by["covid"]["start"] == "2012-11-08" and by["political"]["start"] == "2004-01-01"


def test_stats_rows_columns_and_totals(cli) -> None:
    recs = cli("stats", "--format", "json").json()
    total = recs[-1]
    assert total["year"] == "total" and total["total"] == 59
    assert sum(r["total"] for r in recs[:-1]) == 59
    assert sum(r["covid"] for r in recs[:-1]) == total["covid"] == 7
    years = [r["year"] for r in recs[:-1]]
    assert years == sorted(years)
    filtered = cli("stats", "--theme", "covid", "--format", "json").json()
    assert filtered[-1]["total"] == 7


# ── output formats ───────────────────────────────────────────────────────────


def test_every_format_name_has_a_renderer(cli) -> None:
    for name, fmt in FORMATS.items():
        assert fmt.name == name and callable(fmt.render)
        r = cli("list", "--limit", "2", "--format", name)
        assert r.exit_code == 0 and r.stdout, name


def test_default_format_in_a_pipe_is_tsv_with_header(cli) -> None:
    r = cli("list", "--limit", "2")
    lines = r.stdout.splitlines()
    assert lines[0] == "id\tstart\tend\tdate_text\tthemes\tsummary"
    assert len(lines) == 3


def _records(cli, fmt: str, *extra: str) -> list[dict]:
    r = cli("list", "--format", fmt, *extra)
    assert r.exit_code == 0, r.stderr
    if fmt == "json":
        return r.stdout and json.loads(r.stdout)
    if fmt == "jsonl":
        return [json.loads(line) for line in r.stdout.splitlines()]
    if fmt == "yaml":
        import yaml

        return yaml.safe_load(r.stdout)
    dialect = "excel-tab" if fmt == "tsv" else "excel"
    return list(csv.DictReader(io.StringIO(r.stdout), dialect=dialect))


def test_json_jsonl_yaml_parse_back_to_the_same_full_records(cli) -> None:
    base = load(FACTS)
    # Every value, in chronological order (start, then end with ongoing last, then id);
    # the record of a fact is computed here, not read from the output under test.
    far = date.max
    expected = [
        fact_to_record(f)
        for f in sorted(base.facts, key=lambda f: (f.period.start, f.period.end or far, f.id))
    ]
    as_json = _records(cli, "json")
    assert as_json == expected
    assert _records(cli, "jsonl") == expected
    assert _records(cli, "yaml") == expected


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_parse_back_to_the_json_values(cli, fmt: str) -> None:
    fields = "id,start,end,date_text,themes,summary_en,quote,kind"
    rows = _records(cli, fmt, "--fields", fields)
    full = _records(cli, "json")
    assert len(rows) == len(full)
    for row, rec in zip(rows, full, strict=True):
        assert (
            row["id"] == rec["id"]
            and row["quote"] == rec["quote"]
            and row["summary_en"] == rec["summary_en"]
        )
        assert row["end"] == (rec["end"] or "")
        assert row["themes"].split(",") == rec["themes"]
        assert row["date_text"] == (rec["date_text"] or "")


def test_fields_pick_and_order_columns(cli) -> None:
    r = cli("list", "--fields", "summary_en,id", "--limit", "1", "--format", "csv")
    assert r.stdout.splitlines()[0] == "summary_en,id"
    r = cli("list", "--fields", "id,sumary")
    assert r.exit_code == 2 and "unknown field 'sumary'; did you mean 'summary'?" in r.stderr


def test_json_keeps_chinese_readable(cli) -> None:
    out = cli("list", "--limit", "1", "--format", "json").stdout
    assert "习近平" in out and "\\u" not in out


def test_lang_picks_summary_language(cli) -> None:
    zh = cli("list", "--limit", "1", "--fields", "summary", "--format", "csv").stdout
    en = cli(
        "list", "--limit", "1", "--fields", "summary", "--format", "csv", "--lang", "en"
    ).stdout
    env = cli(
        "list",
        "--limit",
        "1",
        "--fields",
        "summary",
        "--format",
        "csv",
        env={"ZJTIMELINE_LANG": "en"},
    ).stdout
    assert "时任" in zh and "Xi Jinping" in en and en == env
    r = cli("list", "--lang", "fr")
    assert r.exit_code == 2 and "--lang" in r.stderr


def test_facts_option_on_every_command(cli, mini) -> None:
    path = str(mini())
    for args in (
        ["list"],
        ["timeline"],
        ["themes"],
        ["stats"],
        ["search", "会议"],
        ["show", "complaints"],
        ["validate"],
    ):
        r = cli(*args, "--facts", path)
        assert r.exit_code == 0, (args, r.stderr)
        assert "eight-foundations" not in r.stdout


def test_invalid_fact_file_on_a_command_is_exit_2_one_line(cli, mini) -> None:
    from .conftest import MINI_YAML

    path = mini(MINI_YAML.replace("kind: event", "kind: evnt").replace("2016/2022-09", "2016-13"))
    r = cli("list", "--facts", str(path))
    assert r.exit_code == 2 and r.stdout == ""
    assert len(r.stderr.splitlines()) == 1
    assert "(and 1 more; run 'zjtimeline validate" in r.stderr


def test_version_and_help_examples(cli) -> None:
    assert cli("--version").stdout.startswith("zjtimeline 0.")
    for command in ("list", "search", "timeline", "show", "themes", "stats", "validate"):
        r = cli(command, "--help")
        assert r.exit_code == 0 and "Example" in r.stdout, command


def test_usage_errors_are_one_line_exit_2(cli) -> None:
    for args in (
        ["list", "--format", "xml"],
        ["list", "--limit", "-1"],
        ["nope"],
        ["list", "--since"],
        ["show"],
    ):
        r = cli(*args)
        assert r.exit_code == 2, args
        assert r.stdout == "" and len(r.stderr.strip().splitlines()) == 1, (args, r.stderr)
        assert r.stderr.startswith("zjtimeline: ")


# ── terminal views: golden files ─────────────────────────────────────────────


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch):
    """Run as if stdout were a terminal of ``COLUMNS`` columns (the pty tests in
    test_e2e.py check the real thing)."""
    monkeypatch.setattr("zjtimeline.cli.common.stdout_is_tty", lambda: True)
    monkeypatch.setenv("ZJTIMELINE_PAGER", "")
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_timeline_golden_zh(cli, tty) -> None:
    r = cli("timeline", "--since", "2019", "--theme", "covid", "--color", "never", env={"COLUMNS": "80"})  # fmt: skip
    assert r.exit_code == 0, r.stderr
    golden("timeline_covid_zh.txt", r.stdout)


def test_timeline_golden_en(cli, tty) -> None:
    r = cli(
        "timeline", "--until", "2013", "--lang", "en", "--kind", "mechanism", "--color", "never",
        env={"COLUMNS": "72"},
    )  # fmt: skip
    golden("timeline_until_2013_en.txt", r.stdout)


def test_timeline_shows_spans_and_wording(cli) -> None:
    out = cli("timeline", "--tag", "县委书记工作交流会").stdout
    assert "2013-07 → 2022-09 (ongoing)" in out and "「从2013年7月起」" in out
    assert "\x1b[" not in out  # no colour off a terminal


def test_timeline_lines_fit_the_width(cli, tty) -> None:
    out = cli("timeline", "--color", "never", env={"COLUMNS": "60"}).stdout
    assert max(width(line) for line in out.splitlines()) <= 60


def test_table_golden_with_chinese_text(cli) -> None:
    """In a pipe, an explicit table keeps its natural widths: nothing wraps."""
    r = cli("list", "--format", "table", "--theme", "covid", "--fields", "id,date_text,summary")
    golden("table_covid_zh.txt", r.stdout)


def test_terminal_table_wraps_text_and_keeps_ids_whole() -> None:
    base = load(FACTS)
    records = [fact_to_record(f) for f in base.facts if "covid" in f.themes]
    columns = ["id", "date_text", "summary"]
    text = "".join(render_table(records, columns, Options(width=80)))
    assert max(width(line) for line in text.splitlines()) <= 80
    assert "…" not in text
    for r in records:
        assert r["id"] in text
    golden("table_covid_zh_80.txt", text)


@pytest.mark.parametrize("fmt", ["jsonl", "tsv", "csv", "json", "yaml", "markdown"])
def test_machine_formats_stream(fmt: str) -> None:
    """The first record is out before the renderer asks for the second."""
    base = load(FACTS)

    def records():
        yield fact_to_record(base.facts[0])
        raise AssertionError("rendered ahead of the output")

    out = ""
    for chunk in FORMATS[fmt].render(records(), ["id", "summary"], Options()):
        out += chunk
        if base.facts[0].id in out:
            break
    assert base.facts[0].id in out


def test_progress_only_after_a_second(capsys: pytest.CaptureFixture[str]) -> None:
    from zjtimeline.cli.common import _Progress

    p = _Progress()
    p(1000)
    assert capsys.readouterr().err == ""
    p.started -= 2
    p(2000)
    p.done()
    err = capsys.readouterr().err
    assert "reading facts… 2,000" in err and err.endswith("\r\x1b[K")


def test_human_tables_show_theme_names_machine_formats_keep_slugs(cli) -> None:
    en = cli(
        "list", "-t", "covid", "--fields", "id,themes", "--format", "table", "--lang", "en"
    ).stdout
    zh = cli("list", "-t", "covid", "--fields", "id,themes", "--format", "markdown").stdout
    tsv = cli(
        "list", "-t", "covid", "--fields", "id,themes", "--format", "tsv", "--lang", "en"
    ).stdout
    assert "Problem lists, COVID-19 response" in en
    assert "问题清单, 疫情防控" in zh
    assert "problem-lists,covid" in tsv and "COVID-19" not in tsv


def test_no_arguments_shows_help_on_stderr(cli) -> None:
    r = cli()
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("Usage: zjtimeline") and "Commands:" in r.stderr
