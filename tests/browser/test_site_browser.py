"""The comparison site's index page in a real browser (headless Chromium, see chromium.py).

Checked as for the report page: no console message, exception or log entry of level warning
or error; no request but the page itself (its Content-Security-Policy forbids any other); the
charts are drawn in their colours; on a phone-sized screen nothing scrolls sideways (the wide
tables scroll inside their own box). Screenshots go to $POLICYTEXT_SCREENSHOTS or tmp_path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import policytext
from browser.chromium import Chromium, find_chromium
from policytext.site import build_site
from testdata import CORPUS

EXE = find_chromium()
MISSING = "chromium not found (Debian: apt-get install chromium; or set POLICYTEXT_CHROMIUM)"
if EXE is None and os.environ.get("POLICYTEXT_REQUIRE_CHROMIUM"):
    raise RuntimeError(f"POLICYTEXT_REQUIRE_CHROMIUM is set but {MISSING}")
pytestmark = pytest.mark.skipif(EXE is None, reason=MISSING)

# Several years of one place (target against outcome) and other places of one year.
REPORTS = ("hailaer_2014", "hailaer_2015", "hailaer_2016", "beijing_2026", "hebei_2026")

LAYOUT = """({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
  bars: document.querySelectorAll('svg .ps-bar').length,
  barFill: getComputedStyle(document.querySelector('svg .ps-bar')).fill,
  lines: document.querySelectorAll('svg polyline').length,
  lineStroke: getComputedStyle(document.querySelector('svg .ps-line-target')).stroke,
  rows: document.querySelectorAll('#reports tbody tr').length,
  font: parseFloat(getComputedStyle(document.querySelector('#reports td')).fontSize)})"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    assert EXE is not None
    with Chromium(EXE) as b:
        yield b


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = [policytext.parse(CORPUS / "raw" / f"{name}.txt") for name in REPORTS]
    folder = os.environ.get("POLICYTEXT_SCREENSHOTS")
    out = Path(folder) / "site" if folder else tmp_path_factory.mktemp("site")
    return build_site(docs, out)


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_index_page_in_browser(browser: Chromium, index: Path, width: int, height: int) -> None:
    report = browser.open(index, width, height)
    assert report.problems == []
    assert report.requests == [index.resolve().as_uri()]  # the page itself, nothing else
    got = browser.evaluate(LAYOUT)
    assert got["scroll"] <= got["inner"]  # nothing scrolls sideways
    assert got["rows"] == len(REPORTS)
    assert got["bars"] == len(REPORTS)  # every report has a regional GDP growth target
    assert got["lines"] >= 1  # Hailar: target against outcome
    assert got["barFill"] not in ("none", "rgb(0, 0, 0)")
    assert got["lineStroke"] not in ("none", "rgb(0, 0, 0)")
    assert got["font"] >= 12
    # the links lead to the reports' own pages, which exist beside the index
    links = browser.evaluate(
        "[...document.querySelectorAll('#reports a')].map(a => a.getAttribute('href'))"
    )
    assert len(links) == len(REPORTS)
    assert all((index.parent / link).exists() for link in links)
    shot = index.parent / f"index-{width}.png"
    browser.screenshot(shot)
    assert shot.stat().st_size > 10_000
    assert browser.report().problems == []
