"""The HTML view: highlights match the Document, everything is escaped, the page is self-contained.

The page is read back with the standard library's HTML parser, so these tests check the markup a
browser receives; tests/browser/ checks the same page in a real Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policytext
from policytext.cli import main
from policytext.html import KINDS, to_html
from policytext.models import Document, Mention, Outcome, Project, Section, Slogan, Target
from testdata import SEED

VOID = {"meta", "input", "br", "img", "hr", "link"}


class PageReader(HTMLParser):
    """Collects highlights (text per `data-hid`), tag balance, ids, links and the main text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.marks: list[dict[str, str | None]] = []
        self.open_marks: list[str] = []
        self.hid_text: dict[str, str] = defaultdict(str)
        self.hid_kind: dict[str, str] = {}
        self.hid_item: dict[str, str] = {}
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.in_main = 0
        self.main_flags: list[bool] = []
        self.main_text = ""
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.in_raw: str | None = None
        self.csp: str | None = None
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if a.get("href"):
            self.hrefs.append(str(a["href"]))
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content")
        if tag in VOID:
            return
        self.stack.append(tag)
        is_main = tag == "main" or (tag == "div" and "pt-text" in (a.get("class") or ""))
        self.main_flags.append(is_main)
        self.in_main += is_main
        if tag == "mark":
            self.marks.append(a)
            hid = str(a["data-hid"])
            self.open_marks.append(hid)
            self.hid_kind[hid] = str(a["data-kind"])
            self.hid_item[hid] = str(a["data-item"])
        if tag in ("script", "style"):
            self.in_raw = tag

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        self.in_main -= self.main_flags.pop()
        if tag == "mark":
            self.open_marks.pop()
        if tag in ("script", "style"):
            self.in_raw = None

    def handle_data(self, data: str) -> None:
        if self.in_raw == "script":
            self.scripts.append(data)
        elif self.in_raw == "style":
            self.styles.append(data)
        if self.in_main:
            self.main_text += data
        for hid in set(self.open_marks):
            self.hid_text[hid] += data


def read(page: str) -> PageReader:
    reader = PageReader()
    reader.feed(page)
    reader.close()
    assert not reader.errors, reader.errors[:5]
    assert not reader.stack, f"unclosed: {reader.stack}"
    return reader


def spans(doc: Document) -> dict[str, list[tuple[int, int]]]:
    """What should be highlighted, computed from the Document directly."""
    out: dict[str, list[tuple[int, int]]] = {k: [] for k in KINDS}
    for t in doc.targets:
        out["target"].append((t.start, t.end))
    for o in doc.outcomes:
        out["outcome"].append((o.start, o.end))
    for s in doc.slogans:
        out["slogan"] += [(m.start, m.end) for m in s.mentions] or [(s.start, s.end)]
    for p in doc.projects:
        out["project"] += [(m.start, m.end) for m in p.mentions] or [(p.start, p.end)]
    return out


def check_highlights(doc: Document, reader: PageReader) -> None:
    """Each expected span is one highlight (data-hid) whose text is exactly the span's text."""
    want = spans(doc)
    for kind in KINDS:
        hids = [h for h, k in reader.hid_kind.items() if k == kind]
        assert len(hids) == len(want[kind]), kind
        got_texts = sorted(reader.hid_text[h] for h in hids)
        want_texts = sorted(doc.text[a:b].replace("\n", "") for a, b in want[kind])
        assert got_texts == want_texts, kind
        items = {reader.hid_item[h] for h in hids}
        objects = {
            "target": doc.targets,
            "slogan": doc.slogans,
            "project": doc.projects,
            "outcome": doc.outcomes,
        }
        assert len(items) == len(objects[kind])


def make_doc(
    text: str,
    targets: Sequence[Target] = (),
    slogans: Sequence[Slogan] = (),
    projects: Sequence[Project] = (),
    outcomes: Sequence[Outcome] = (),
) -> Document:
    """The parsed text's sections, with exactly the given extractions."""
    base = policytext.parse_text(text)
    return base.model_copy(
        update={
            "targets": tuple(targets),
            "slogans": tuple(slogans),
            "projects": tuple(projects),
            "outcomes": tuple(outcomes),
        }
    )


def target(text: str, fragment: str, **fields: object) -> Target:
    i = text.index(fragment)
    values: dict[str, object] = {
        "indicator": "地区生产总值",
        "kind": "growth",
        "rule": "growth_verb",
        "direction": "up",
        "comparator": "~",
        "value": Decimal("6.5"),
        "unit": "%",
    }
    values.update(fields)
    return Target(start=i, end=i + len(fragment), text=fragment, **values)  # type: ignore[arg-type]


def mentions_of(text: str, fragment: str) -> tuple[Mention, ...]:
    return tuple(
        Mention(start=m.start(), end=m.end(), text=fragment)
        for m in re.finditer(re.escape(fragment), text)
    )


TEXT = (
    "一、2025年工作回顾\n"
    "全市地区生产总值增长5.2%。\n"
    "二、2026年工作安排\n"
    "（一）稳增长\n"
    "地区生产总值增长6.5%左右，深化“放管服”改革，建设<华为>云计算中心&“数据港”。\n"
    "继续深化“放管服”改革，推进<华为>云计算中心二期。\n"
)


@pytest.fixture
def hand_doc() -> Document:
    """Guaranteed content: every kind, a slogan with two mentions, nested and crossing spans."""
    t = TEXT
    o = t.index("地区生产总值增长5.2%")
    s1 = mentions_of(t, "放管服")
    s2 = mentions_of(t, "数据港")
    p1 = mentions_of(t, "<华为>云计算中心")
    return make_doc(
        t,
        targets=[target(t, "地区生产总值增长6.5%左右", indicator='地区生产总值 <"&">')],
        outcomes=[
            Outcome(
                start=o,
                end=o + 13,
                rule="outcome.verb_figure",
                text=t[o : o + 13],
                indicator="地区生产总值",
                direction="up",
                comparator="=",
                value=Decimal("5.2"),
                unit="%",
                kind="growth",
                period="2025",
            )
        ],
        slogans=[
            Slogan(
                start=s1[0].start,
                end=s1[0].end,
                rule="lexicon",
                text="放管服",
                quoted=True,
                head="改革",
                expansion=("简政放权", "放管结合", "优化服务"),
                mentions=s1,
            ),
            Slogan(
                start=s2[0].start,
                end=s2[0].end,
                rule="quoted_formula",
                text="数据港",
                quoted=True,
                mentions=s2,
            ),
            # no mentions: the slogan's own span is its one highlight
            Slogan(
                start=t.index("深化“"),
                end=t.index("深化“") + 4,
                rule="test",
                text="深化“放",
                quoted=False,
            ),
        ],
        projects=[
            Project(
                start=p1[0].start,
                end=p1[0].end,
                rule="head_noun",
                text=p1[0].text,
                name="<华为>云计算中心",
                status="建设",
                category="中心",
                mentions=p1,
            ),
            # crosses the slogan 数据港 and the line end
            Project(
                start=t.index("中心&"), end=t.index("继续"), rule="test", text="x", name="crossing"
            ),
        ],
    )


def test_highlights_match_the_document(hand_doc: Document) -> None:
    reader = read(to_html(hand_doc))
    check_highlights(hand_doc, reader)
    # crossing spans are drawn as fragments sharing one data-hid
    assert len(reader.marks) > sum(len(v) for v in spans(hand_doc).values())


def test_everything_is_escaped(hand_doc: Document) -> None:
    page = to_html(hand_doc)
    assert "<华为>" not in page and "&lt;华为&gt;" in page
    assert '地区生产总值 <"&">' not in page
    reader = read(page)
    assert "<华为>云计算中心&“数据港”" in reader.main_text  # the text survives, as text
    tips = [str(m["title"]) for m in reader.marks if m["data-kind"] == "target"]
    assert tips and 'indicator: 地区生产总值 <"&">' in tips[0] and "rule: growth_verb" in tips[0]


def test_tooltips_give_fields_and_rule(hand_doc: Document) -> None:
    reader = read(to_html(hand_doc))
    by_kind = {str(m["data-kind"]): str(m["title"]) for m in reader.marks}
    assert "value: ≈ 6.5%" in by_kind["target"] and "direction: up" in by_kind["target"]
    slogan = next(str(m["title"]) for m in reader.marks if m["data-item"] == "s0")
    assert "expansion: 简政放权、放管结合、优化服务" in slogan and "mentions: 2" in slogan
    assert "rule: lexicon" in slogan
    project = next(str(m["title"]) for m in reader.marks if m["data-item"] == "p0")
    assert "status: 建设" in project and "rule: head_noun" in project
    assert (
        "period: 2025" in by_kind["outcome"] and "rule: outcome.verb_figure" in by_kind["outcome"]
    )


def test_page_is_self_contained(hand_doc: Document) -> None:
    page = to_html(hand_doc)
    reader = read(page)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", page)
    assert not re.search(r"https?://", page)
    assert not re.search(r"url\(|@import", "".join(reader.styles))
    # the CSP allows exactly the inline style and script, by hash, and nothing from elsewhere
    assert reader.csp is not None and "default-src 'none'" in reader.csp
    for body in ("".join(reader.scripts), "".join(reader.styles)):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in reader.csp
    # every in-page link has its target
    for href in reader.hrefs:
        assert href.startswith("#") and href[1:] in reader.ids, href


def test_outline_and_target_table(hand_doc: Document) -> None:
    reader = read(to_html(hand_doc))
    for s in hand_doc.iter_sections():
        assert f"pt-sec-{s.id}" in reader.ids and f"#pt-sec-{s.id}" in reader.hrefs
    assert len(reader.ids) == len(set(reader.ids))
    assert "#pt-t0" in reader.hrefs  # the target table links to its highlight


def test_every_section_has_an_anchor() -> None:
    """Sections that start mid-line, share a start, or lie in blank lines still get anchors."""
    text = "甲乙丙丁\n\n戊己庚辛\n"
    sections = tuple(
        Section(id=i, level=1, number="一", ordinal=1, title=f"s{i}", start=a, end=9, heading_end=a)
        for i, a in (("1", 0), ("2", 0), ("3", 2), ("4", 5), ("5", 6))
    )
    doc = Document(text=text, original=text, alignment=((0, 0),), sections=sections)
    reader = read(to_html(doc))
    for s in sections:
        assert f"pt-sec-{s.id}" in reader.ids and f"#pt-sec-{s.id}" in reader.hrefs
    assert len(reader.ids) == len(set(reader.ids))
    assert reader.main_text.replace("\n", "") == "甲乙丙丁戊己庚辛"


def test_seed_page(seed_doc: Document) -> None:
    reader = read(seed_doc.to_html())
    check_highlights(seed_doc, reader)
    assert reader.main_text.replace("\n", "") == seed_doc.text.replace("\n", "")


def test_compact_fragment(hand_doc: Document) -> None:
    fragment = hand_doc._repr_html_()
    assert fragment == to_html(hand_doc, compact=True) == hand_doc.to_html(compact=True)
    assert fragment.startswith('<div class="pt-root pt-compact">')
    assert "<script" not in fragment and "<html" not in fragment and ' id="' not in fragment
    check_highlights(hand_doc, read(fragment))


def test_empty_document() -> None:
    doc = policytext.parse_text("没有编号的一段话。")
    reader = read(to_html(doc))
    assert reader.marks == [] and "没有编号的一段话。" in reader.main_text
    assert "No targets found." in to_html(doc)


@st.composite
def annotated(draw: st.DrawFn) -> Document:
    text = draw(st.text(alphabet="ab<&\"'\n中文“”", min_size=1, max_size=40))
    n = len(text)

    def span() -> tuple[int, int]:
        a = draw(st.integers(0, n - 1))
        return a, draw(st.integers(a + 1, n))

    targets = []
    for _ in range(draw(st.integers(0, 3))):
        a, b = span()
        targets.append(
            Target(start=a, end=b, text=text[a:b], indicator="x", kind="level", rule="r")
        )
    slogans = []
    for i in range(draw(st.integers(0, 3))):
        ms = []
        for _ in range(draw(st.integers(1, 3))):
            a, b = span()
            ms.append(Mention(start=a, end=b, text=text[a:b]))
        slogans.append(
            Slogan(
                start=ms[0].start,
                end=ms[0].end,
                rule="r",
                text=f"s{i}",
                quoted=False,
                mentions=tuple(ms),
            )
        )
    projects = []
    for i in range(draw(st.integers(0, 2))):
        a, b = span()
        projects.append(Project(start=a, end=b, rule="r", text=text[a:b], name=f"p{i}"))
    outcomes = []
    for _ in range(draw(st.integers(0, 2))):
        a, b = span()
        outcomes.append(
            Outcome(
                start=a,
                end=b,
                text=text[a:b],
                indicator="y",
                value=Decimal(1),
                kind="level",
                rule="r",
            )
        )
    doc = Document(text=text, original=text, alignment=((0, 0),))
    return doc.model_copy(
        update={
            "targets": tuple(targets),
            "slogans": tuple(slogans),
            "projects": tuple(projects),
            "outcomes": tuple(outcomes),
        }
    )


@settings(max_examples=60, deadline=None)
@given(annotated())
def test_any_spans_nest_and_keep_their_text(doc: Document) -> None:
    """Overlapping, crossing and multi-line spans: well-formed markup, every span intact."""
    for compact in (False, True):
        reader = read(to_html(doc, compact=compact))
        want = spans(doc)
        for kind in KINDS:
            got = sorted(reader.hid_text[h] for h, k in reader.hid_kind.items() if k == kind)
            expected = sorted(
                doc.text[a:b].replace("\n", "") for a, b in want[kind] if doc.text[a:b].strip("\n")
            )
            assert got == expected
        # blank lines are dropped, every other character is shown once
        lines = [line for line in doc.text.split("\n") if line.strip()]
        assert reader.main_text.replace("\n", "") == "".join(lines)


def test_render_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["render", str(SEED), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "2019年主要工作安排" in page
    assert main(["render", "--compact", str(SEED)]) == 0
    assert capsys.readouterr().out.startswith('<div class="pt-root pt-compact">')
    assert main(["render", str(tmp_path / "missing.txt"), "-o", str(out)]) == 1
    assert "missing.txt" in capsys.readouterr().err


def _render_seconds(doc: Document) -> float:
    import time

    best = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        to_html(doc)
        best = min(best, time.perf_counter() - t0)
    return best


def test_render_time_grows_with_the_text_not_its_square() -> None:
    """Four times the report takes about four times as long (once: 90 times, quadratic)."""
    unit = SEED.read_text(encoding="utf-8")
    one = policytext.parse_text(unit * 4)
    four = policytext.parse_text(unit * 16)
    assert len(four.targets) >= 4 * len(one.targets) > 0
    ratio = _render_seconds(four) / max(_render_seconds(one), 1e-3)
    assert ratio < 8, f"render of 4x the text took {ratio:.1f}x the time"


def test_one_long_line_with_many_highlights_renders_quickly() -> None:
    import time

    doc = policytext.parse_text(
        "二、工作安排\n" + "深化“放管服”改革，地区生产总值增长6%。" * 20_000
    )
    assert sum(len(s.mentions) for s in doc.slogans) >= 20_000
    t0 = time.perf_counter()
    page = to_html(doc)
    assert time.perf_counter() - t0 < 30
    assert page.count('data-kind="slogan"') >= 20_000
