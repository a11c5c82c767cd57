"""Screenshot a running dashboard in Debian's headless Chromium (for docs/dashboard.png).

    sismo serve --db sismo.duckdb &
    python tools/screenshot_dashboard.py http://127.0.0.1:8000/ docs/dashboard.png

Optionally pastes an article in the code box first (`--paste FILE --date YYYY-MM`), so the
table shows its live-coded events.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("out", type=Path)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1500)
    parser.add_argument("--paste", type=Path, help="article to code live before the shot")
    parser.add_argument("--date", help="its date, YYYY-MM or YYYY-MM-DD")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.goto(args.url)
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        if args.paste:
            text = args.paste.read_text(encoding="utf-8")
            page.fill("#code-text", re.sub(r"^\s*date \d{4}-\d{2}(-\d{2})?\s*", "", text))
            page.fill("#code-date", args.date or "")
            page.click("#code-submit")
            page.wait_for_function(
                "document.querySelector('#events-title').textContent.includes('pasted')",
                timeout=180_000,
            )
            page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(300)
        page.screenshot(path=str(args.out))
        browser.close()
    print(f"{args.out}: {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
