"""Measure the HTML timeline: its size, and how long headless Chromium takes to draw it.

    python benchmarks/html_render.py            # the bundled fact base, and 1,000 facts
    python benchmarks/html_render.py --quick    # the bundled fact base only

Each page is opened ``RUNS`` times in a fresh tab of Debian's Chromium (no network).
"load → drawn" is the wall time from the start of navigation until the page's script
has drawn every fact (it sets ``data-rendered`` on <html>), measured from Python;
"script" is the page's own ``performance.now()`` at that moment. Targets: under 1.5 MB
and under 1 s for the bundled fact base.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

RUNS = 15
CHROMIUM = os.environ.get("ZJT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
ZJT = [sys.executable, "-m", "zjtimeline"]


def page_for(facts: Path | None, out: Path) -> Path:
    cmd = [*ZJT, "timeline", "--format", "html", "-o", str(out), "--no-cache"]
    if facts is not None:
        cmd += ["--facts", str(facts)]
    subprocess.run(cmd, check=True)
    return out


def measure(browser, path: Path) -> tuple[float, float, int]:
    """Median wall seconds to drawn, median in-page ms, items drawn."""
    walls, scripts, drawn = [], [], 0
    for _ in range(RUNS):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())  # fmt: skip
        t = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-rendered]")
        walls.append(time.perf_counter() - t)
        scripts.append(float(page.evaluate("document.documentElement.dataset.rendered")))
        drawn = page.eval_on_selector_all(".item", "es => es.length")
        page.close()
    return statistics.median(walls), statistics.median(scripts), drawn


def main() -> None:
    from playwright.sync_api import sync_playwright

    quick = "--quick" in sys.argv
    work = Path(tempfile.mkdtemp(prefix="zjt-html-"))
    pages = [("bundled fact base", page_for(None, work / "bundled.html"), True)]
    if not quick:
        base = generate(1000, work / "b1k")
        pages.append(("1,000 facts", page_for(base, work / "1k.html"), False))
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for label, path, targeted in pages:
            size = path.stat().st_size
            wall, script, drawn = measure(browser, path)
            ok = size < 1_500_000 and wall < 1.0
            verdict = ("PASS" if ok else "FAIL (< 1.5 MB, < 1 s)") if targeted else "(no target)"
            rows.append((label, f"{size / 1024:.0f} KiB", f"{wall * 1000:.0f} ms",
                         f"{script:.0f} ms", str(drawn), verdict))  # fmt: skip
        browser.close()
    print(f"Chromium at {CHROMIUM}, {os.cpu_count()} cores, median of {RUNS} loads\n")
    print("| page | size | load → drawn | script | items drawn | target |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
