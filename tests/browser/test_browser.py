"""The HTML view in a real browser: headless Chromium loads the rendered page and reports.

Checked: no console message, exception or browser log entry of level warning/error (a request
to the network or a blocked inline script would be one: the page's Content-Security-Policy
forbids both); the number of highlights of each kind equals the Document's counts; each kind
has its own colour; a highlight shows its tooltip; on a phone-sized screen nothing scrolls
sideways. Screenshots go to $POLICYTEXT_SCREENSHOTS (a folder) or the test's tmp_path.

Skipped only when Chromium is absent (Debian: ``apt-get install chromium``); with
POLICYTEXT_REQUIRE_CHROMIUM=1 in the environment (CI) its absence is an error instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

import policytext
from browser.chromium import Chromium, find_chromium
from policytext.models import Document, Mention, Outcome, Project, Slogan, Target
from testdata import CORPUS

EXE = find_chromium()
MISSING = "chromium not found (Debian: apt-get install chromium; or set POLICYTEXT_CHROMIUM)"
if EXE is None and os.environ.get("POLICYTEXT_REQUIRE_CHROMIUM"):
    raise RuntimeError(f"POLICYTEXT_REQUIRE_CHROMIUM is set but {MISSING}")
pytestmark = pytest.mark.skipif(EXE is None, reason=MISSING)

COUNT = """(() => {
  const out = {};
  for (const kind of ["target", "slogan", "project", "outcome"]) {
    const els = [...document.querySelectorAll(`main mark[data-kind="${kind}"]`)];
    out[kind] = {
      highlights: new Set(els.map(e => e.dataset.hid)).size,
      items: new Set(els.map(e => e.dataset.item)).size,
      colour: els.length ? getComputedStyle(els[0]).backgroundColor : null,
    };
  }
  return out;
})()"""


def expected(doc: Document) -> dict[str, dict[str, int]]:
    """Highlights per kind: one per target, one per mention of a slogan or project."""
    return {
        "target": {"highlights": len(doc.targets), "items": len(doc.targets)},
        "slogan": {
            "highlights": sum(len(s.mentions) or 1 for s in doc.slogans),
            "items": len(doc.slogans),
        },
        "project": {
            "highlights": sum(len(p.mentions) or 1 for p in doc.projects),
            "items": len(doc.projects),
        },
        "outcome": {"highlights": len(doc.outcomes), "items": len(doc.outcomes)},
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    assert EXE is not None
    with Chromium(EXE) as b:
        yield b


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = os.environ.get("POLICYTEXT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path


def rich_doc() -> Document:
    """A Document with every kind of highlight guaranteed, and markup-like text."""
    text = (
        "2025年全市地区生产总值增长5.2%。\n"
        "二、2026年工作安排\n"
        "（一）稳增长\n"
        "地区生产总值增长6.5%左右，深化“放管服”改革，建设<script>alert(1)</script>云计算中心。\n"
        "继续深化“放管服”改革，推进<img src=x onerror=alert(2)>园区建设。\n"
    )
    base = policytext.parse_text(text)

    def at(s: str, nth: int = 0) -> tuple[int, int]:
        i = -1
        for _ in range(nth + 1):
            i = text.index(s, i + 1)
        return i, i + len(s)

    t0, t1 = at("地区生产总值增长6.5%左右")
    m = [Mention(start=a, end=b, text="放管服") for a, b in (at("放管服"), at("放管服", 1))]
    p0, p1 = at("<script>alert(1)</script>云计算中心")
    q0, q1 = at("<img src=x onerror=alert(2)>园区")
    o0, o1 = at("全市地区生产总值增长5.2%")
    return base.model_copy(
        update={
            "targets": (
                Target(
                    start=t0,
                    end=t1,
                    text=text[t0:t1],
                    indicator="地区生产总值",
                    direction="up",
                    comparator="~",
                    value=Decimal("6.5"),
                    unit="%",
                    kind="growth",
                    rule="growth_verb",
                ),
            ),
            "slogans": (
                Slogan(
                    start=m[0].start,
                    end=m[0].end,
                    rule="lexicon",
                    text="放管服",
                    quoted=True,
                    head="改革",
                    mentions=tuple(m),
                ),
            ),
            "projects": (
                Project(start=p0, end=p1, rule="head_noun", text=text[p0:p1], name=text[p0:p1]),
                Project(start=q0, end=q1, rule="head_noun", text=text[q0:q1], name="<img>"),
            ),
            "outcomes": (
                Outcome(
                    start=o0,
                    end=o1,
                    text=text[o0:o1],
                    indicator="全市地区生产总值",
                    direction="up",
                    value=Decimal("5.2"),
                    unit="%",
                    kind="growth",
                    rule="outcome.verb_figure",
                    period="2025",
                ),
            ),
        }
    )


def check_page(browser: Chromium, doc: Document, page: Path, width: int, height: int) -> None:
    page.write_text(doc.to_html(), encoding="utf-8")
    report = browser.open(page, width, height)
    assert report.problems == []
    assert report.requests == [page.resolve().as_uri()]  # the page itself, nothing else
    got = browser.evaluate(COUNT)
    for kind, want in expected(doc).items():
        assert got[kind]["highlights"] == want["highlights"], kind
        assert got[kind]["items"] == want["items"], kind
    colours = [got[k]["colour"] for k in got if got[k]["colour"]]
    if all(want["highlights"] for want in expected(doc).values()):
        assert len(colours) == 4
    assert len(set(colours)) == len(colours) and "rgba(0, 0, 0, 0)" not in colours


def test_seed_in_browser(browser: Chromium, seed_doc: Document, shots: Path) -> None:
    page = shots / "seed.html"
    check_page(browser, seed_doc, page, 1440, 900)
    browser.screenshot(shots / "seed-laptop.png")
    assert (shots / "seed-laptop.png").stat().st_size > 10_000
    assert browser.report().problems == []


def test_corpus_report_in_browser(browser: Chromium, shots: Path) -> None:
    """A long real report, with outcomes in its review section."""
    doc = policytext.parse(CORPUS / "raw" / "beijing_2026.txt")
    check_page(browser, doc, shots / "beijing_2026.html", 1280, 800)
    browser.screenshot(shots / "beijing_2026-laptop.png")


def test_rich_document_tooltips_and_escaping(browser: Chromium, tmp_path: Path) -> None:
    doc = rich_doc()
    check_page(browser, doc, tmp_path / "rich.html", 1280, 800)
    # markup in the text is shown as text, never run or loaded
    text = browser.evaluate("document.querySelector('main').textContent")
    assert "<script>alert(1)</script>云计算中心" in text and "<img src=x" in text
    assert browser.evaluate("document.querySelectorAll('main script, main img').length") == 0
    # focusing a highlight shows its fields and rule in the tooltip
    tip = browser.evaluate(
        """(() => { document.querySelector('mark.pt-target').focus();
                    const t = document.getElementById('pt-tip');
                    if (t.hidden) return null;
                    const rows = [...t.querySelectorAll('.pt-tip-row')].map(
                      r => [r.firstChild.textContent, r.lastChild.textContent]);
                    return {head: t.querySelector('b').textContent, rows: rows}; })()"""
    )
    assert tip is not None and "地区生产总值" in tip["head"]
    assert ["rule", "growth_verb"] in tip["rows"] and ["value", "≈ 6.5%"] in tip["rows"]
    # the legend's checkbox hides a kind of highlight, and shows it again
    colour = """getComputedStyle(document.querySelector('mark.pt-target')).backgroundColor"""
    shown = browser.evaluate(colour)
    browser.evaluate("document.querySelector('input[data-toggle=target]').click()")
    assert browser.evaluate(colour) == "rgba(0, 0, 0, 0)" != shown
    browser.evaluate("document.querySelector('input[data-toggle=target]').click()")
    assert browser.evaluate(colour) == shown
    assert browser.report().problems == []


def test_phone_width(browser: Chromium, seed_doc: Document, shots: Path) -> None:
    check_page(browser, seed_doc, shots / "seed-phone.html", 390, 844)
    layout = browser.evaluate(
        """({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
             font: parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)})"""
    )
    assert layout["scroll"] <= layout["inner"]  # nothing scrolls sideways
    assert layout["font"] >= 14
    browser.screenshot(shots / "seed-phone.png")


def test_driver_reports_page_errors(browser: Chromium, tmp_path: Path) -> None:
    """The checks above can fail: an exception and a blocked request are both reported."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "script-src 'unsafe-inline'\"><img src='https://example.invalid/x.png'>"
        "<script>undefinedFunction()</script>",
        encoding="utf-8",
    )
    report = browser.open(page)
    problems = " ".join(report.problems)
    assert "undefinedFunction" in problems
    assert "example.invalid" in problems
    assert report.requests[0] == page.resolve().as_uri()
    # without a policy the request goes out, and is seen
    page.write_text("<!DOCTYPE html><img src='missing.png'>", encoding="utf-8")
    report = browser.open(page)
    assert (tmp_path / "missing.png").as_uri() in report.requests and report.problems
