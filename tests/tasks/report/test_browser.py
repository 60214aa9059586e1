"""The report opened from disk in headless Chromium: no request leaves the file, every chart draws.

Chromium is the distribution's (`make test` installs it with apt-get when missing); Playwright's
own browser download cannot run here and is never called.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tasks.report.build import BuiltReport

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHARTS = 7


def _missing_browser() -> str | None:
    if CHROMIUM.exists():
        return None
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return f"no {CHROMIUM} and it cannot be installed here (needs root and apt-get)"
    return None  # installable: `make test` installs it first; a missing one fails the test


pytestmark = pytest.mark.skipif(_missing_browser() is not None, reason=str(_missing_browser()))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def test_report_draws_every_chart_without_any_request(
    browser: object, built: BuiltReport, tmp_path: Path
) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1000, "height": 1200})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(built.path.as_uri(), wait_until="load")
    page.wait_for_function(
        "document.querySelectorAll('[data-chart][data-drawn]').length"
        f" + document.querySelectorAll('[data-chart][data-error]').length === {CHARTS}",
        timeout=30_000,
    )
    failed = page.eval_on_selector_all(
        "[data-chart][data-error]", "nodes => nodes.map(n => n.id + ': ' + n.dataset.error)"
    )
    assert failed == [] and errors == []
    drawn = page.eval_on_selector_all(
        "[data-chart]",
        """nodes => nodes.map(n => {
            const g = n.querySelector('svg, canvas');
            const box = g ? g.getBoundingClientRect() : {width: 0, height: 0};
            const marks = g ? g.querySelectorAll('path, rect, circle, line, text').length : 0;
            return [n.dataset.chart, box.width, box.height, marks];
        })""",
    )
    assert len(drawn) == CHARTS
    for name, width, height, marks in drawn:
        assert width > 100 and height > 40 and marks > 5, name
    map_paths = page.eval_on_selector("#chart-map svg", "g => g.querySelectorAll('path').length")
    assert map_paths >= 35  # 34 provinces and the maritime boundary
    texts = page.eval_on_selector("#chart-network svg", "g => g.textContent")
    assert "星火智教" in texts and "南山区教育局" in texts
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    page.close()
    assert [url for url in requests if not url.startswith("file://")] == []
    assert requests == [built.path.as_uri()]
