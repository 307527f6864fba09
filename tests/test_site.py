"""The comparison site (`policytext render` of several reports) and the page title."""

from __future__ import annotations

import base64
import hashlib
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

import policytext
from policytext import site
from policytext.cli import main

HEAD = "2026年青禾市政府工作报告\n——2026年1月20日在青禾市第十届人民代表大会第五次会议上\n"
BODY = "一、2025年工作回顾\n地区生产总值增长5.2%。\n二、2026年工作安排\n地区生产总值增长5%左右。\n"


def _title(page: str) -> str:
    m = re.search(r"<title>(.*?)</title>", page)
    assert m is not None
    return m.group(1)


def test_the_page_title_is_the_reports_place_and_year(tmp_path: Path) -> None:
    path = tmp_path / "report_a.txt"
    path.write_text(HEAD + BODY, encoding="utf-8")
    doc = policytext.parse(path)
    assert (doc.place, doc.year) == ("青禾市", 2026)
    page = doc.to_html()
    assert _title(page) == "青禾市 2026年 · policytext"
    assert "<h1>青禾市 2026年</h1>" in page
    # without place and year the file name stands for the report
    bare = tmp_path / "notes_b.txt"
    bare.write_text(BODY, encoding="utf-8")
    unnamed = policytext.parse(bare)
    assert (unnamed.place, unnamed.year) == (None, None)
    assert _title(unnamed.to_html()) == "notes_b.txt · policytext"


# --------------------------------------------------------------------------------------------
# The comparison site
# --------------------------------------------------------------------------------------------


def report(place: str, year: int, growth: str, last_year: str, slogans: list[str]) -> str:
    """An invented report: a review with last year's growth, a five-year average, then the
    year's announced main targets, and the slogans it uses."""
    return (
        f"{year}年{place}政府工作报告\n"
        f"——{year}年1月20日在{place}第十届人民代表大会第五次会议上\n"
        f"一、{year - 1}年工作回顾\n{year - 1}年，全市地区生产总值增长{last_year}%，"
        + "".join(f"深入推进“{s}”，" for s in slogans)
        + "各项工作取得新进展。\n"
        f"二、{year}年工作安排\n未来五年，地区生产总值年均增长9%左右。\n"
        f"今年全市发展主要预期目标是：地区生产总值增长{growth}%左右；"
        "城镇新增就业1.2万人。\n" + "".join(f"继续落实“{s}”。" for s in slogans) + "\n"
    )


REPORTS = {
    "qinghe_2025.txt": report("青禾市", 2025, "6", "5.8", ["三个一批", "放管服"]),
    "qinghe_2026.txt": report("青禾市", 2026, "5.4", "6.5", ["三个一批", "放管服", "两山转化"]),
    "yunling_2026.txt": report("云岭省", 2026, "7", "6.1", ["放管服"]),
}


@pytest.fixture
def report_files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "reports"
    folder.mkdir()
    out = []
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
        out.append(folder / name)
    return out


@pytest.fixture
def docs(report_files: list[Path]) -> list[policytext.Document]:
    return [policytext.parse(p) for p in report_files]


class Page(HTMLParser):
    """Tags, attributes, text of table cells, and the style sheet of a page."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self.rows: list[list[str]] = []
        self._in: str | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th") and self.rows:
            self.rows[-1].append("")
        self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.styles.append(data)
        elif self.rows and self.rows[-1] and self._in in ("td", "th", "a"):
            self.rows[-1][-1] += data

    def row(self, *cells: str) -> list[str]:
        """The first table row starting with `cells`."""
        return next(r for r in self.rows if r[: len(cells)] == list(cells))


def test_headline_targets_prefer_the_years_announced_figure(
    docs: list[policytext.Document],
) -> None:
    cols = site.headline_columns(docs)
    assert (cols[0].key, cols[0].unit, cols[0].label) == ("gdp", "%", "地区生产总值")
    picked = [cols[0].pick(d) for d in docs]
    # the five-year average comes first in each report; the announced figure of the year wins
    assert [t.text if t else None for t in picked] == [
        "地区生产总值增长6%左右",
        "地区生产总值增长5.4%左右",
        "地区生产总值增长7%左右",
    ]
    assert [site.figure(t) for t in picked if t] == ["≈6%", "≈5.4%", "≈7%"]


def test_the_indicator_key_decides_the_columns(
    docs: list[policytext.Document],
) -> None:
    def keyed(doc: policytext.Document, names: dict[str, str]) -> policytext.Document:
        targets = tuple(
            t.model_copy(update={"indicator_key": names.get(t.indicator)}) for t in doc.targets
        )
        return doc.model_copy(update={"targets": targets})

    # the key, not the name, decides: employment under one key in all three reports
    docs = [keyed(d, {"城镇新增就业": "jobs"}) for d in docs]
    assert [(c.key, c.unit) for c in site.headline_columns(docs)] == [("jobs", "万人")]


def test_figures_in_a_few_characters() -> None:
    base = {"start": 0, "end": 1, "rule": "r", "text": "x", "indicator": "甲", "kind": "growth"}
    cases = [
        ({"comparator": "~", "value": Decimal("5.0"), "unit": "%"}, "≈5%"),
        ({"comparator": "range", "value": Decimal("4.5"), "value_max": Decimal("5"),
          "unit": "%"}, "4.5–5%"),
        ({"comparator": ">=", "value": Decimal("60"), "unit": "万人"}, "≥60万人"),
        ({"comparator": "=", "value": Decimal("3"), "unit": "%", "direction": "down"}, "↓3%"),
        ({}, ""),
    ]  # fmt: skip
    for fields, want in cases:
        assert site.figure(policytext.Target(**base, **fields)) == want


def test_the_index_page(docs: list[policytext.Document], tmp_path: Path) -> None:
    index = site.build_site(docs, tmp_path / "site")
    assert index == tmp_path / "site" / "index.html"
    page = index.read_text(encoding="utf-8")
    reader = Page(page)
    # every report has its own page, linked from the table
    links = [a["href"] for tag, a in reader.tags if tag == "a" and not a["href"].startswith("#")]
    assert sorted(links) == ["qinghe_2025.html", "qinghe_2026.html", "yunling_2026.html"]
    for link in links:
        assert (tmp_path / "site" / link).read_text(encoding="utf-8").startswith("<!DOCTYPE")
    # the table: place, year, headline targets, counts
    assert reader.row("Place", "Year")[2] == "地区生产总值 (%)"
    assert reader.row("青禾市", "2025")[2:4] == ["≈6%", "1.2万人"]
    assert reader.row("云岭省", "2026")[2] == "≈7%"
    # the chart: one bar per report, highest first
    bars = [a for tag, a in reader.tags if tag == "rect" and a.get("class") == "ps-bar"]
    assert len(bars) == 3
    widths = [float(a["width"] or 0) for a in bars]
    assert widths == sorted(widths, reverse=True) and widths[-1] < widths[0]
    # slogans: ranked by the reports that use them; the new one of 2026 against 2025
    assert reader.row("放管服")[1] == "3"
    assert reader.row("三个一批")[1] == "2"
    assert "青禾市 2026: 1 new against 2025" in page
    assert re.search(
        r"<summary>青禾市 2026: 1 new against 2025</summary>.*?<li>两山转化</li>", page
    )
    # promised and delivered: 2025's target against the outcome the 2026 report gives
    assert reader.row("2025", "地区生产总值", "≈6%") == [
        "2025",
        "地区生产总值",
        "≈6%",
        "6.5%",
        "✓ met",
    ]
    assert any(tag == "polyline" for tag, _ in reader.tags)


def test_the_written_forms_of_one_formula_count_as_one(tmp_path: Path) -> None:
    lexicon = tmp_path / "local.toml"
    lexicon.write_text(
        '[[slogan]]\ntext = "禾丰岭秀工程"\naliases = ["禾岭工程"]\n', encoding="utf-8"
    )
    texts = [
        report("青禾市", 2025, "6", "5.8", ["禾丰岭秀工程", "甲乙、丙丁"]),
        report("青禾市", 2026, "5.4", "6.5", ["禾岭工程", "甲乙丙丁", "三个一批"]),
    ]
    docs = [policytext.parse_text(t, lexicons=[lexicon]) for t in texts]
    assert [s.canonical for s in docs[1].slogans] == ["禾丰岭秀工程", "甲乙丙丁", "三个一批"]
    ranking = site.slogan_ranking(docs, ["a.html", "b.html"])
    assert [(name, len(users)) for name, users in ranking] == [
        ("禾丰岭秀工程", 2),
        ("甲乙丙丁", 2),
        ("三个一批", 1),
    ]
    assert site.new_slogans(docs) == [(1, 0, ["三个一批"])]


def test_the_index_is_self_contained(docs: list[policytext.Document]) -> None:
    page = site.index_html(docs, site.page_names(docs))
    reader = Page(page)
    [csp] = [
        a["content"] for tag, a in reader.tags if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp is not None and "default-src 'none'" in csp
    [style] = reader.styles
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in csp
    assert not any(tag in ("script", "img", "link", "iframe") for tag, _ in reader.tags)
    # inline style attributes would be blocked by the policy; no address points outside
    assert not any("style" in a for _, a in reader.tags)
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page)


def test_untrusted_text_is_escaped(docs: list[policytext.Document]) -> None:
    odd = docs[2].model_copy(update={"place": "<b>云岭</b>&省"})
    page = site.index_html([odd], ["a<b>.html"])
    assert "<b>云岭" not in page and "&lt;b&gt;云岭&lt;/b&gt;&amp;省" in page
    assert 'href="a&lt;b&gt;.html"' in page


def test_page_names_are_distinct(docs: list[policytext.Document]) -> None:
    text_only = policytext.parse_text(REPORTS["yunling_2026.txt"])
    names = site.page_names([*docs, docs[0], text_only])
    assert names == [
        "qinghe_2025.html", "qinghe_2026.html", "yunling_2026.html", "qinghe_2025-2.html",
        "云岭省_2026.html",
    ]  # fmt: skip


def test_render_command_makes_a_site(
    report_files: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    assert main(["render", *map(str, report_files), "-o", str(out)]) == 0
    assert (out / "index.html").exists() and (out / "qinghe_2026.html").exists()
    # a folder of reports does the same
    folder = report_files[0].parent
    assert main(["render", str(folder), "-o", str(tmp_path / "site2")]) == 0
    assert sorted(p.name for p in (tmp_path / "site2").iterdir()) == sorted(
        [*(p.with_suffix(".html").name for p in report_files), "index.html"]
    )
    # one report and a folder output (trailing slash) is a site of one
    assert main(["render", str(report_files[0]), "-o", f"{tmp_path / 'one'}/"]) == 0
    assert (tmp_path / "one" / "index.html").exists()
    # one report to a file stays the single page
    single = tmp_path / "single.html"
    assert main(["render", str(report_files[0]), "-o", str(single)]) == 0
    assert "<title>青禾市 2025年 · policytext</title>" in single.read_text(encoding="utf-8")
    capsys.readouterr()
    # a site needs its folder, and --compact is for one report
    assert main(["render", *map(str, report_files)]) == 2
    assert "-o DIR" in capsys.readouterr().err
    assert main(["render", "--compact", *map(str, report_files), "-o", str(out)]) == 2
    # a file that fails is reported, the others are still written
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"%PDF-1.5 \x00\x01 binary")
    assert main(["render", str(bad), *map(str, report_files), "-o", str(tmp_path / "s3")]) == 1
    assert "scan.txt" in capsys.readouterr().err
    assert (tmp_path / "s3" / "index.html").exists()


def test_an_index_of_reports_with_nothing_to_compare() -> None:
    bare = policytext.parse_text("青禾县召开会议。")
    page = site.index_html([bare, bare], ["a.html", "b.html"])
    assert "No indicator has a target in several reports." in page
    assert "No slogans found." in page
    assert "No place has reports of several years." in page
    assert "<svg" not in page
    with pytest.raises(ValueError, match="one page name per document"):
        site.index_html([bare], [])
