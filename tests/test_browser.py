"""The three pictures in a real browser: Debian's Chromium, driven by Playwright.

The HTML page must draw every fact of the filter with the network blocked; the
TimelineJS JSON must load in TimelineJS 3; the Mermaid text must render in Mermaid.
TimelineJS and Mermaid are vendored for these tests only (tests/browser/vendor,
scripts/refresh-browser-fixtures.sh). Without Chromium or Playwright these tests skip
on a developer's machine and fail in CI (``$CI`` set): they are never silently skipped
there. Screenshots go to ``$ZJT_SCREENSHOTS`` (default: the test's temporary folder).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import MINI_YAML

CHROMIUM = os.environ.get("ZJT_CHROMIUM", "/usr/bin/chromium")
VENDOR = Path(__file__).parent / "browser" / "vendor"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _unavailable(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{why}: CI needs the browser tests (.ci/run installs chromium)")
    pytest.skip(f"{why} (these tests fail instead of skipping when $CI is set)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install '.[test]')")
    if not Path(CHROMIUM).exists():
        _unavailable(f"no browser at {CHROMIUM} (apt-get install chromium fonts-wqy-microhei)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page whose every request outside ``allowed`` (file: URLs under it) is blocked
    and recorded, with console errors and page errors collected."""

    def __init__(self, browser: Any, allowed: list[str], width: int = 1280) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 800})
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r: Any) -> None:
            url = r.request.url
            self.requests.append(url)
            if any(url.startswith(a) for a in allowed):
                r.continue_()
            else:
                self.blocked.append(url)
                r.abort()

        self.page.route("**/*", route)


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ZJT_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# ── The HTML page ────────────────────────────────────────────────────────────


def _html(cli, tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "timeline.html"
    r = cli("timeline", "--format", "html", "-o", str(out), *args)
    assert r.exit_code == 0, r.stderr
    return out


def _ids(cli, *args: str) -> set[str]:
    r = cli("list", "--format", "json", *args)
    assert r.exit_code == 0, r.stderr
    return {rec["id"] for rec in json.loads(r.stdout)}


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--theme", "covid", "--lang", "en"),
        ("--since", "2020", "--kind", "event", "--kind", "statistic"),
        ("--year", "2020", "--possible", "--search", "抗疫"),
    ],
    ids=["all", "covid-en", "since-2020", "possible-2020"],
)
def test_html_draws_every_fact_offline_and_a_click_shows_the_quote(
    browser, cli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    path = _html(cli, tmp_path, *args)
    page = Page(browser, [path.as_uri()])
    page.page.goto(path.as_uri())
    page.page.wait_for_selector("html[data-rendered]")
    assert page.requests == [path.as_uri()], "the page asked for something besides itself"
    assert page.errors == []

    drawn = set(page.page.eval_on_selector_all(".item[data-id]", "es => es.map(e => e.dataset.id)"))
    assert drawn == _ids(cli, *args)
    lanes = page.page.eval_on_selector_all(".lane", "es => es.length")
    legend = page.page.eval_on_selector_all(".legend .chip", "es => es.length")
    assert lanes == legend > 0
    possible = {r["id"] for r in json.loads(cli("list", "--format", "json", *args).stdout) if r["match"] == "possible"}  # fmt: skip
    marked = page.page.eval_on_selector_all(".item.possible[data-id]", "es => es.map(e => e.dataset.id)")  # fmt: skip
    assert set(marked) == possible

    fact = json.loads(cli("list", "--format", "json", *args).stdout)[-1]
    page.page.locator(f'.item[data-id="{fact["id"]}"]').first.click()
    detail = page.page.locator("#detail")
    assert detail.is_visible()
    text = detail.inner_text()
    assert fact["quote"] in text
    assert fact["summary_zh"] in text and fact["summary_en"] in text
    assert "今日浙江" in text  # the citation
    if fact["date_text"]:
        assert fact["date_text"] in text
    quote_lang = page.page.eval_on_selector("#detail dd.quote", "e => e.lang")
    assert quote_lang == "zh-Hans"  # Chinese glyphs for Chinese text, in an English page too
    page.page.screenshot(path=str(shots(tmp_path) / f"html-{'-'.join(args) or 'all'}.png"))
    page.page.keyboard.press("Escape")
    assert not detail.is_visible()
    page.page.close()


def test_html_zoom_keeps_the_labels_and_print_fits_the_page(browser, cli, tmp_path: Path) -> None:
    path = _html(cli, tmp_path)
    page = Page(browser, [path.as_uri()], width=900)
    p = page.page
    p.goto(path.as_uri())
    p.wait_for_selector("html[data-rendered]")
    before = p.eval_on_selector(".canvas", "e => e.scrollWidth")

    def aligned() -> None:  # a fact that starts on 2020-01-01 starts at the 2020 tick
        tick = p.locator(".tick", has_text="2020").first.bounding_box()
        bar = p.locator('.item[data-id="department-heads-meetings"]').first.bounding_box()
        assert tick and bar and abs(tick["x"] - bar["x"]) < 1.5, (tick, bar)

    aligned()
    for _ in range(4):
        p.get_by_role("button", name=re.compile("放大")).click()
    assert p.eval_on_selector(".canvas", "e => e.scrollWidth") > 2 * before
    aligned()
    p.eval_on_selector("#chart", "e => { e.scrollLeft = e.scrollWidth; }")
    # scrolled to 2022, the row labels and lane names are still in view
    box = p.locator(".row-label").first.bounding_box()
    assert box is not None and 0 <= box["x"] < 100
    assert p.locator(".tick", has_text="2022").first.is_visible()
    p.emulate_media(media="print")
    p.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert p.eval_on_selector("#chart", "e => e.scrollWidth") <= 1100
    aligned()
    assert p.eval_on_selector("#all", "e => e.open")
    assert not p.locator(".toolbar").is_visible()
    p.pdf(path=str(shots(tmp_path) / "timeline.pdf"))
    assert page.errors == [] and page.blocked == []
    p.close()


HOSTILE = (
    '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
    "<a href='https://example.com/'>x</a> & <!-- ${'#'}: section title %% {}"
)


@pytest.fixture
def hostile_base(mini) -> Path:
    text = MINI_YAML.replace(
        "summary_zh: 2016年以来投诉下降60%。", f"summary_zh: {json.dumps(HOSTILE)}"
    ).replace("summary_en: Complaints have fallen 60% since 2016.", f"summary_en: {json.dumps(HOSTILE)}")  # fmt: skip
    text = text.replace("date: 2016/2022-09", "date: '[2016..2022-09]'")
    return mini(text)


def test_html_shows_hostile_text_as_text(browser, cli, tmp_path: Path, hostile_base: Path) -> None:
    path = _html(cli, tmp_path, "--facts", str(hostile_base), "--no-cache")
    page = Page(browser, [path.as_uri()])
    page.page.goto(path.as_uri())
    page.page.wait_for_selector("html[data-rendered]")
    assert page.page.evaluate("window.pwned") is None
    assert page.page.eval_on_selector_all("img, a[href]", "es => es.length") == 0
    assert page.requests == [path.as_uri()] and page.errors == []
    item = page.page.locator('.item[data-id="complaints"]').first
    assert "within" in (item.get_attribute("class") or "")  # some time within: hatched
    item.click()
    assert HOSTILE in page.page.locator("#detail").inner_text()
    assert "ongoing" in (page.page.locator('.item[data-id="ongoing-thing"]').first.get_attribute("class") or "")  # fmt: skip
    page.page.screenshot(path=str(shots(tmp_path) / "html-hostile.png"))
    page.page.close()


# ── TimelineJS 3 ─────────────────────────────────────────────────────────────


def _fixture_page(tmp_path: Path, head: str) -> Path:
    page = tmp_path / "fixture.html"
    page.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head>'
        '<body style="margin:0"><div id="embed" style="width:1200px;height:700px"></div></body></html>',
        encoding="utf-8",
    )
    return page


@pytest.mark.parametrize("args", [(), ("--lang", "en", "--theme", "covid")], ids=["zh", "covid-en"])
def test_timelinejs_json_loads_in_timelinejs(browser, cli, tmp_path: Path, args) -> None:
    r = cli("timeline", "--format", "timelinejs", *args)
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    js = VENDOR / "timelinejs" / "js"
    css = VENDOR / "timelinejs" / "css" / "timeline.css"
    page_path = _fixture_page(
        tmp_path,
        f'<link rel="stylesheet" href="{css.as_uri()}"><script src="{(js / "timeline.js").as_uri()}"></script>',
    )
    page = Page(browser, ["file://"])
    p = page.page
    p.goto(page_path.as_uri())
    # The JSON as it is; the options only say where TimelineJS's own files are and
    # to load no web font (its default fetches one from a CDN).
    loaded = p.evaluate(
        """([d, path]) => new Promise(done => {
            window.tl = new TL.Timeline('embed', d, {script_path: path, font: null});
            window.tl.on('loaded', () => done(true));
            setTimeout(() => done(false), 10000);
        })""",
        [data, js.as_uri() + "/"],
    )
    assert loaded
    p.wait_for_timeout(300)
    state = p.evaluate(
        """() => ({
            events: tl.config.events.length,
            errors: tl.config.messages.errors,
            slides: document.querySelectorAll('.tl-slide').length,
            markers: document.querySelectorAll('.tl-timemarker').length,
            eras: document.querySelectorAll('.tl-timeera').length,
            failed: !!document.querySelector('.tl-message-full'),
            ids: tl.config.events.map(e => e.unique_id),
        })"""
    )
    assert state["errors"] == [] and not state["failed"]
    assert state["events"] == state["markers"] == len(data["events"])
    assert state["slides"] == len(data["events"]) + 1  # and the title slide
    assert state["eras"] == 1
    assert set(state["ids"]) == _ids(cli, *args)
    assert page.errors == [] and page.blocked == []
    first = data["events"][0]["unique_id"]
    p.evaluate("id => tl.goToId(id)", first)
    p.wait_for_timeout(800)
    p.screenshot(path=str(shots(tmp_path) / f"timelinejs-{'-'.join(args) or 'zh'}.png"))
    p.close()


# ── Mermaid ──────────────────────────────────────────────────────────────────


def _render_mermaid(browser, tmp_path: Path, text: str, name: str) -> tuple[str, Page]:
    bundle = VENDOR / "mermaid" / "mermaid.min.js"
    page_path = _fixture_page(tmp_path, f'<script src="{bundle.as_uri()}"></script>')
    page = Page(browser, [page_path.as_uri(), bundle.as_uri()])
    p = page.page
    p.goto(page_path.as_uri())
    result = p.evaluate(
        """async t => {
            mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
            try {
                await mermaid.parse(t);
                const {svg} = await mermaid.render('diagram', t);
                document.getElementById('embed').innerHTML = svg;
                return {svg};
            } catch (e) { return {error: String(e && e.message || e)}; }
        }""",
        text,
    )
    assert "error" not in result, result.get("error")
    p.locator("#embed svg").screenshot(path=str(shots(tmp_path) / f"mermaid-{name}.png"))
    return result["svg"], page


@pytest.mark.parametrize(
    "args", [(), ("--theme", "covid", "--lang", "en")], ids=["all", "covid-en"]
)
def test_mermaid_text_renders_in_mermaid(browser, cli, tmp_path: Path, args) -> None:
    r = cli("timeline", "--format", "mermaid", *args)
    assert r.exit_code == 0, r.stderr
    svg, page = _render_mermaid(browser, tmp_path, r.stdout, "-".join(args) or "all")
    assert "Syntax error" not in svg
    text = page.page.inner_text("#embed")
    flat = re.sub(r"\s+", "", text)
    for rec in json.loads(cli("list", "--format", "json", *args).stdout):
        summary = rec["summary_en" if "en" in args else "summary_zh"]
        assert re.sub(r"\s+", "", summary)[:8] in flat, rec["id"]
    assert page.errors == [] and page.blocked == []
    page.page.close()


def test_mermaid_keeps_hostile_text_as_text(browser, cli, tmp_path: Path, hostile_base) -> None:
    r = cli("timeline", "--format", "mermaid", "--facts", str(hostile_base), "--no-cache")
    assert r.exit_code == 0, r.stderr
    _, page = _render_mermaid(browser, tmp_path, r.stdout, "hostile")
    assert page.page.evaluate("window.pwned") is None
    assert page.page.eval_on_selector_all("#embed img, #embed a[href]", "es => es.length") == 0
    flat = re.sub(r"\s+", "", page.page.inner_text("#embed"))
    assert re.sub(r"\s+", "", HOSTILE) in flat
    assert page.errors == [] and page.blocked == []
    page.page.close()


def test_html_draws_an_open_start_and_an_ongoing_fact(browser, cli, tmp_path: Path, mini) -> None:
    path = mini(MINI_YAML.replace("date: 2016/2022-09", "date: ../2019-06"))
    page_path = _html(cli, tmp_path, "--facts", str(path), "--no-cache")
    page = Page(browser, [page_path.as_uri()])
    page.page.goto(page_path.as_uri())
    page.page.wait_for_selector("html[data-rendered]")
    assert page.errors == [] and page.requests == [page_path.as_uri()]
    opened = page.page.locator('.item[data-id="complaints"]').first
    assert "open-start" in (opened.get_attribute("class") or "")
    ongoing = page.page.locator('.item[data-id="ongoing-thing"]').first
    assert "ongoing" in (ongoing.get_attribute("class") or "")
    box, end = opened.bounding_box(), ongoing.bounding_box()
    assert box and end and box["width"] > 0 and end["width"] > 0
    page.page.close()
