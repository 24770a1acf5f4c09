"""Write docs/timeline.png, the README's picture of the HTML timeline.

    python scripts/readme-screenshot.py

The bundled fact base as `zjtimeline timeline --format html` draws it, in Debian's
Chromium (/usr/bin/chromium, no network), with one fact opened.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


def main() -> None:
    page_path = Path(tempfile.mkdtemp()) / "timeline.html"
    subprocess.run([sys.executable, "-m", "zjtimeline", "timeline", "--format", "html",
                    "-o", str(page_path), "--no-cache"], check=True)  # fmt: skip
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())  # fmt: skip
        page.goto(page_path.as_uri())
        page.wait_for_selector("html[data-rendered]")
        page.eval_on_selector("#chart", "e => { e.scrollTop = 250; }")
        page.locator('.item[data-id="medics-to-hubei"]').first.click()
        out = ROOT / "docs" / "timeline.png"
        out.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()
    print(out)


if __name__ == "__main__":
    main()
