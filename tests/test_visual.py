"""The pictures without a browser: the HTML is self-contained and safe, the TimelineJS
JSON has the shape TimelineJS reads, the Mermaid text escapes what Mermaid reserves,
and the terminal charts fit their width (golden files at 80 and 120 columns)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from zjtimeline.formats.visual import json_for_script, mermaid_text
from zjtimeline.text import width

from .conftest import MINI_YAML
from .test_cli import golden

MAX_HTML_BYTES = 1_500_000


def _page(cli, *args: str) -> str:
    r = cli("timeline", "--format", "html", *args)
    assert r.exit_code == 0, r.stderr
    return r.stdout


def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="zjt-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


# ── HTML ─────────────────────────────────────────────────────────────────────


def test_html_is_one_small_self_contained_file(cli) -> None:
    page = _page(cli)
    assert len(page.encode()) < MAX_HTML_BYTES
    assert not re.search(r"\b(src|href|action|poster|srcset)\s*=", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(?!data:)", page, re.I)
    assert "http:" not in page and "https:" not in page
    assert not re.search(r"\b(fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|import\()", page)  # fmt: skip
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp and "default-src 'none'" in csp.group(1)
    assert "unsafe-inline" not in csp.group(1) and "unsafe-eval" not in csp.group(1)


def test_html_carries_every_fact_of_the_filter_with_both_summaries_and_the_quote(cli) -> None:
    data = _data(_page(cli, "--theme", "covid", "--lang", "en"))
    listed = cli("list", "--theme", "covid", "--format", "json").json()
    assert [f["id"] for f in data["facts"]] == [r["id"] for r in listed]
    assert data["lang"] == "en" and [lane["slug"] for lane in data["lanes"]] == ["covid"]
    assert data["lanes"][0]["name"] == "COVID-19 response"
    fact = data["facts"][1]
    assert fact["summary_zh"] and fact["summary_en"] and fact["quote"]
    assert "今日浙江" in data["sources"][fact["source"]]


def test_html_dates_ongoing_facts_to_their_source(cli) -> None:
    facts = {f["id"]: f for f in _data(_page(cli))["facts"]}
    ongoing = facts["county-secretaries-quarterly-meetings"]
    assert ongoing["ongoing"] and ongoing["end"] == "2022-09-30"
    assert ongoing["wording_zh"] == "从2013年7月起"
    assert (
        facts["medics-to-hubei"]["form"] == "at" and facts["medics-to-hubei"]["span"] == "2020-Q1"
    )


def test_html_embeds_untrusted_text_as_inert_json(cli, mini) -> None:
    evil = "</script><script>alert(1)</script><!-- \u2028 & <b>"
    path = mini(MINI_YAML.replace("summary_zh: 2016年以来投诉下降60%。", f"summary_zh: {json.dumps(evil)}"))  # fmt: skip
    page = _page(cli, "--facts", str(path), "--no-cache")
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert "<!--" not in page and "alert(1)</script>" not in page
    assert any(f["summary_zh"] == evil for f in _data(page)["facts"])
    assert "\u2028" not in json_for_script(evil)


def test_html_goes_to_a_file_whole(cli, tmp_path: Path) -> None:
    out = tmp_path / "t.html"
    r = cli("timeline", "--format", "html", "-o", str(out))
    assert r.exit_code == 0 and r.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    r = cli("timeline", "--format", "html", "-o", str(tmp_path / "no" / "such" / "dir.html"))
    assert r.exit_code == 2 and "--output" in r.stderr
    assert list(tmp_path.iterdir()) == [out]


def test_visual_formats_need_facts(cli) -> None:
    for fmt in ("html", "timelinejs", "mermaid"):
        r = cli("stats", "--format", fmt)
        assert r.exit_code == 2 and "draws facts" in r.stderr
        assert cli("list", "--year", "2020", "--format", fmt).exit_code == 0


def test_chart_and_format_exclude_each_other(cli) -> None:
    r = cli("timeline", "--chart", "--format", "html")
    assert r.exit_code == 2 and "choose one" in r.stderr


# ── TimelineJS ───────────────────────────────────────────────────────────────


def test_timelinejs_events_dates_groups_and_era(cli) -> None:
    doc = cli("timeline", "--format", "timelinejs").json()
    events = {e["unique_id"]: e for e in doc["events"]}
    assert len(events) == len(doc["events"]) == len(cli("list", "--format", "json").json())
    assert events["eight-foundations-eight-abilities-2004"]["start_date"] == {"year": 2004}
    assert "end_date" not in events["eight-foundations-eight-abilities-2004"]
    outbreak = events["covid-outbreak-party-mobilised"]  # 2020-33, "2020年初"
    assert outbreak["start_date"] == {"year": 2020, "month": 1}
    assert outbreak["end_date"] == {"year": 2020, "month": 3}
    assert outbreak["display_date"] == "2020年初"
    (record,) = cli("show", "covid-outbreak-party-mobilised", "--format", "json").json()
    names = {t["slug"]: t["name_zh"] for t in cli("themes", "--format", "json").json()}
    assert outbreak["group"] == names[record["themes"][0]]
    assert record["quote"] in html.unescape(outbreak["text"]["text"])
    assert events["medics-to-hubei"]["display_date"] == "2020-Q1"  # no wording: the date
    assert events["county-secretaries-quarterly-meetings"]["end_date"] == {"year": 2022, "month": 9, "day": 30}  # fmt: skip
    decade = events["strict-governance-since-18th-congress"]
    assert decade["start_date"] == {"year": 2012, "month": 11, "day": 8}
    (era,) = doc["eras"]
    assert era["text"]["headline"] == "党的十八大以来"
    assert era["start_date"] == {"year": 2012, "month": 11, "day": 8}


def test_timelinejs_escapes_html(cli, mini) -> None:
    path = mini(MINI_YAML.replace("summary_zh: 2016年以来投诉下降60%。", 'summary_zh: "<img src=x onerror=alert(1)>"'))  # fmt: skip
    doc = json.loads(cli("timeline", "--format", "timelinejs", "--facts", str(path), "--no-cache").stdout)  # fmt: skip
    text = json.dumps(doc, ensure_ascii=False)
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text


# ── Mermaid ──────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b", "a#58; b"),
        ("#1; x", "#35;1#59; x"),
        ("section x", "#115;ection x"),
        ("Title: y", "#84;itle#58; y"),
        ("%% c", "#37;#37; c"),
        ("<b>&", "#lt;b#gt;#amp;"),
        ("{x}", "#123;x#125;"),
    ],
)
def test_mermaid_text_escapes_what_mermaid_reserves(text: str, expected: str) -> None:
    assert mermaid_text(text, 0) == expected


def test_mermaid_breaks_long_chinese_lines() -> None:
    out = mermaid_text("全省遴选十大强基先锋百名兴村治社名师和担当作为好支书")
    parts = out.split("<br>")
    assert len(parts) > 1 and all(width(p) <= 22 for p in parts)


def test_mermaid_diagram_has_a_section_per_theme_and_every_fact_once(cli) -> None:
    out = cli("timeline", "--format", "mermaid", "--theme", "covid").stdout
    lines = out.splitlines()
    assert lines[0] == "timeline" and lines[1].startswith("    title ")
    assert [x.strip() for x in lines if x.strip().startswith("section")] == ["section 疫情防控"]
    events = [x for x in lines if " : " in x]
    assert len(events) == len(cli("list", "--theme", "covid", "--format", "json").json())
    full = cli("timeline", "--format", "mermaid").stdout
    assert sum(" : " in x for x in full.splitlines()) == len(cli("list", "--format", "json").json())


# ── Terminal charts ──────────────────────────────────────────────────────────


@pytest.mark.parametrize("cols", [80, 120])
def test_gantt_chart_golden(cli, cols: int) -> None:
    r = cli("timeline", "--chart", env={"COLUMNS": str(cols)})
    assert r.exit_code == 0, r.stderr
    assert max(width(line) for line in r.stdout.splitlines()) <= cols
    assert "\x1b" not in r.stdout  # no colour in a pipe
    golden(f"chart_zh_{cols}.txt", r.stdout)


@pytest.mark.parametrize("cols", [80, 120])
def test_gantt_chart_english_golden(cli, cols: int) -> None:
    r = cli("timeline", "--chart", "--lang", "en", "--since", "2019", "--theme", "covid",
            "--theme", "cadres", env={"COLUMNS": str(cols)})  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert max(width(line) for line in r.stdout.splitlines()) <= cols
    golden(f"chart_en_since_2019_{cols}.txt", r.stdout)


@pytest.mark.parametrize("cols", [80, 120])
def test_stats_chart_golden(cli, cols: int) -> None:
    r = cli("stats", "--chart", env={"COLUMNS": str(cols)})
    assert r.exit_code == 0, r.stderr
    assert max(width(line) for line in r.stdout.splitlines()) <= cols
    golden(f"stats_chart_{cols}.txt", r.stdout)


def test_chart_draws_each_form(cli, mini) -> None:
    path = mini(MINI_YAML.replace("date: 2016/2022-09", "date: '[2016..2022-09]'"))
    out = cli("timeline", "--chart", "--facts", str(path), "--no-cache", env={"COLUMNS": "100"}).stdout  # fmt: skip

    def row(start: str) -> str:
        return next(line for line in out.splitlines() if line.startswith(start))

    assert "●" in row("2020年初召开会议")
    assert "░" in row("2016年以来投诉下降60%") and "█" not in row("2016年以来投诉下降60%")
    assert "▶" in row("自2013年7月起") and "█" in row("自2013年7月起")


def test_chart_colours_only_when_asked(cli) -> None:
    assert "\x1b[" not in cli("timeline", "--chart", "--theme", "covid").stdout
    out = cli("timeline", "--chart", "--theme", "covid", "--color", "always").stdout
    assert "\x1b[" in out


def test_pictures_stay_off_the_common_path(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("ZJTIMELINE_")}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    code = (
        "import sys\n"
        "from zjtimeline.cli import app\n"
        "try:\n"
        "    app(['list', '--since', '2019', '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print([m for m in ('zjtimeline.formats.visual', 'zjtimeline.chart', 'html')"
        " if m in sys.modules], file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)  # fmt: skip
    assert run.stderr.strip().splitlines()[-1] == "[]"


def test_an_open_start_is_drawn_everywhere(cli, mini) -> None:
    path = str(mini(MINI_YAML.replace("date: 2013-07/..", "date: ../2019-06")))
    fact = "ongoing-thing"
    html = _data(_page(cli, "--facts", path, "--no-cache"))
    (drawn,) = [f for f in html["facts"] if f["id"] == fact]
    assert drawn["start"] is None and drawn["end"] == "2019-06-30"
    assert drawn["span"] == "2019-06 之前(起点不详)"
    doc = cli("timeline", "--format", "timelinejs", "--facts", path, "--no-cache").json()
    (event,) = [e for e in doc["events"] if e["unique_id"] == fact]
    assert event["start_date"] == {"year": 2019, "month": 6}
    mermaid = cli("timeline", "--format", "mermaid", "--facts", path, "--no-cache").stdout
    assert "2019-06 之前(起点不详) : 自2013年7月起持续开" in mermaid
    chart = cli("timeline", "--chart", "--facts", path, "--no-cache", env={"COLUMNS": "90"})
    assert chart.exit_code == 0 and "█" in chart.stdout


def test_show_draws_the_facts_it_is_given(cli) -> None:
    r = cli("show", "medics-to-hubei", "village-elections-2020", "--format", "mermaid")
    assert r.exit_code == 0 and r.stdout.count(" : ") == 2


def test_a_file_never_gets_colour(cli, tmp_path: Path) -> None:
    out = tmp_path / "chart.txt"
    assert cli("timeline", "--chart", "-o", str(out), "--color", "always").exit_code == 0
    assert "\x1b" not in out.read_text(encoding="utf-8")


def test_vendored_browser_code_matches_its_record() -> None:
    """tests/browser/vendor holds what scripts/refresh-browser-fixtures.sh recorded."""
    import hashlib

    vendor = Path(__file__).parent / "browser" / "vendor"
    lines = (vendor / "VERSIONS").read_text(encoding="utf-8").splitlines()
    sums = [line.split("  ", 1) for line in lines if re.fullmatch(r"[0-9a-f]{64}  \S+", line)]
    assert len(sums) >= 3
    for digest, name in sums:
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest, name
    for package in ("timelinejs", "mermaid"):
        assert (vendor / package / "LICENSE").is_file()
