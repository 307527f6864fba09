"""The comparison site (`policytext render` of several reports) and the page title."""

from __future__ import annotations

import re
from pathlib import Path

import policytext

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
