"""Screenshots for the staff guide (``docs/huong-dan/img/*.png``); run by hand, not a test.

``.venv/bin/python tests/guide_screenshots.py`` (from the repository root):

- ``bang-kiem-tra.png``: the table of ``baocao check raw/`` (rich's HTML
  export of the real command output, rendered by Chromium);
- ``them-van-ban.png``: what ``baocao add --dry-run`` shows for one sample;
- ``trang-bao-cao.png``: the top of a report page of the built site
  (``mkdocs build`` into a temporary directory, opened from ``file://``).

Chromium is Debian's (``/usr/bin/chromium``), driven by Playwright.
Importing this module does nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IMG = REPO / "docs/huong-dan/img"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: The report shown in the page screenshot (a sample with footnotes and citations).
REPORT = "raw/kon-tum/2016-11-18-bao-cao-111-bc-tu.txt"


#: Page around rich's HTML export: a dark terminal.  Noto Mono (Debian
#: fonts-noto-mono) has every precomposed Vietnamese letter; DejaVu Sans Mono
#: lacks the stacked ones (ể, ố...) and the fallback misplaces their marks.
TERMINAL_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; background: #fff; }}
pre {{ display: inline-block; margin: 0; padding: 14px 18px; border-radius: 8px; background: #1e1e1e;
      color: #d4d4d4; font: 15px/1.35 "Noto Mono", "DejaVu Sans Mono", monospace; }}
</style></head><body><pre>{code}</pre></body></html>"""


def terminal_html(render, width: int = 118) -> str:
    """HTML page of what ``render(console)`` prints, as a terminal would show it (rich's export)."""
    from rich.console import Console

    console = Console(record=True, width=width, force_terminal=True, color_system="truecolor", file=open(os.devnull, "w"))
    render(console)
    return console.export_html(inline_styles=True, code_format=TERMINAL_PAGE)


def check_table(console) -> None:
    """The output of ``baocao check raw/``."""
    from converters.cli.check import check_paths, exit_code, render_table, summary

    results = check_paths(["raw"], root=str(REPO))
    console.print("$ baocao check raw/", style="bold")
    console.print(render_table(results))
    console.print(summary(results), style="bold red" if exit_code(results) else "bold green", markup=False, highlight=False)


def add_table(console) -> None:
    """What ``baocao add --dry-run`` shows for one sample (already in raw/, so ``Đã có`` would show:
    planned against an empty raw folder instead, as for a new report)."""
    from converters.cli import add

    cand = add.examine(REPORT, str(REPO))
    with tempfile.TemporaryDirectory() as empty:
        add.plan([cand], empty)
    cand.target = "raw/" + add.stored_name(cand.meta)
    console.print(f"$ baocao add --dry-run {os.path.basename(REPORT)}", style="bold")
    console.print(add.render_candidate(cand))
    console.print("Chạy thử (--dry-run): không lưu gì.")
    console.print(add.summary([cand]), style="bold green", markup=False, highlight=False)


def shoot_terminal(page, html: str, out: Path) -> None:
    """Render the terminal page and save a PNG of just the terminal."""
    page.set_content(html)
    page.locator("pre").first.screenshot(path=str(out))


def main() -> int:
    from playwright.sync_api import sync_playwright

    from converters.site.generate import page_path
    from converters import convert_file

    IMG.mkdir(parents=True, exist_ok=True)
    os.chdir(REPO)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("SITE_URL", None)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], check=True, env=env)
        url = (site / page_path(convert_file(REPORT, str(REPO)).meta)[:-3] / "index.html").as_uri()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
            for name, render in (("bang-kiem-tra.png", check_table), ("them-van-ban.png", add_table)):
                shoot_terminal(page, terminal_html(render), IMG / name)
            page.goto(url)
            page.screenshot(path=str(IMG / "trang-bao-cao.png"))
            browser.close()
    for name in ("bang-kiem-tra.png", "them-van-ban.png", "trang-bao-cao.png"):
        print(IMG / name, (IMG / name).stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
