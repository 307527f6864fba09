"""The section tree: heading grammar, nesting, roles, partition, paragraphs, sentences."""

from __future__ import annotations

import json

import pytest

import policytext
from policytext.sections import build_sections, chinese_ordinal, find_headings, flatten
from testdata import CORPUS, GOLD, REPORTS, sections_tile_the_text

TEXT = "\n".join(
    [
        "各位代表：",
        "一、2025年工作回顾",
        "过去一年，地区生产总值增长5.2%。一是稳增长。二是促改革。",
        "二、2026年工作安排",
        "今年的主要预期目标是：地区生产总值增长6%左右。",
        "（一）深化改革。推进“放管服”改革。",
        "1.国企改革。第一，完善治理。",
        "(2)民营经济",
        "2026-02-01发布。",
        "1.5万亿元的投资。",
        "(二)扩大开放",
        "三、政府自身建设",
    ]
)


def test_heading_levels_numbers_titles() -> None:
    heads = [(h.level, h.number, h.title) for h in find_headings(TEXT)]
    assert heads == [
        (1, "一", "2025年工作回顾"),
        (1, "二", "2026年工作安排"),
        (2, "一", "深化改革"),
        (3, "1", "国企改革"),
        (3, "2", "民营经济"),
        (2, "二", "扩大开放"),
        (1, "三", "政府自身建设"),
    ]


def test_tree_nesting_ids_and_roles() -> None:
    roots, preamble_end = build_sections(TEXT)
    assert preamble_end == TEXT.index("一、")
    assert [s.id for s in roots] == ["1", "2", "3"]
    assert [c.id for c in roots[1].children] == ["2.1", "2.2"]
    assert [c.title for c in roots[1].children[0].children] == ["国企改革", "民营经济"]
    assert [s.role for s in roots] == ["review", "plan", None]
    assert roots[1].children[0].role == "plan"  # inherited
    assert roots[1].children[0].ordinal == 1


def test_heading_running_on_into_paragraph_ends_at_first_stop() -> None:
    roots, _ = build_sections("（一）在打好“三大攻坚战”上聚焦发力，助推发展。全年完成投资100亿元。")
    assert roots[0].title == "在打好“三大攻坚战”上聚焦发力，助推发展"


def test_long_line_starting_like_a_heading_is_a_paragraph() -> None:
    line = "一、" + "推进改革" * 30 + "。"
    assert find_headings(line) == []


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("12", 12)],
)
def test_chinese_ordinal(numeral: str, value: int) -> None:
    assert chinese_ordinal(numeral) == value


def _partition_ok(doc: policytext.Document) -> None:
    """Every character lies in exactly one innermost section or the preamble."""
    assert sections_tile_the_text(doc)
    for s in flatten(doc.sections):
        for c in s.children:
            assert s.start <= c.start < c.end <= s.end


def test_partition_small() -> None:
    _partition_ok(policytext.parse_text(TEXT))


def test_paragraphs_and_sentences() -> None:
    doc = policytext.parse_text(TEXT)
    assert len(doc.paragraphs) == len(TEXT.split("\n"))
    p = doc.paragraphs[5]
    assert doc.text[p.start : p.end] == "（一）深化改革。推进“放管服”改革。"
    assert p.section == "2.1"
    sents = [doc.text[s.start : s.end] for s in doc.sentences if s.paragraph == 2]
    assert sents == ["过去一年，地区生产总值增长5.2%。", "一是稳增长。", "二是促改革。"]
    topic = policytext.parse_text("深化国资国企改革。完善现代企业制度。").paragraphs[0].topic
    assert topic == "深化国资国企改革"


def test_sentence_does_not_split_inside_quotes() -> None:
    doc = policytext.parse_text("提出“稳中求进。守正创新”的要求；推进改革。")
    sents = [doc.text[s.start : s.end] for s in doc.sentences]
    assert sents == ["提出“稳中求进。守正创新”的要求；", "推进改革。"]


def test_seed_sections_match_gold(seed_doc: policytext.Document) -> None:
    gold = json.loads((GOLD / "jinzhou_2019_part2.json").read_text(encoding="utf-8"))
    got = [(s.level, s.number, s.title) for s in seed_doc.iter_sections()]
    assert got == [(s["level"], s["number"], s["title"]) for s in gold["sections"]]


@pytest.mark.parametrize("name", ["beijing_2026.txt", "hailaer_2018.txt"])
def test_corpus_sections_match_gold(name: str) -> None:
    gold = json.loads((GOLD / name.replace(".txt", ".json")).read_text(encoding="utf-8"))
    doc = policytext.parse(CORPUS / "raw" / name)
    got = [(s.level, s.number, s.title) for s in doc.iter_sections()]
    want = [(s["level"], s["number"], s["title"]) for s in gold["sections"]]
    assert sorted(got) == sorted(want)


@pytest.mark.parametrize("name", REPORTS)
def test_corpus_raw_and_segmented_same_document_and_partition(name: str) -> None:
    raw = policytext.parse(CORPUS / "raw" / name)
    seg = policytext.parse(CORPUS / "segmented" / name)
    assert raw.text == seg.text
    assert raw.sections == seg.sections
    same = {"original", "alignment", "source"}
    assert raw.model_dump(exclude=same) == seg.model_dump(exclude=same)
    assert raw.sections, "every corpus report has numbered sections"
    assert sections_tile_the_text(raw)


def test_debris_lines_are_preamble() -> None:
    doc = policytext.parse(CORPUS / "raw" / "beijing_2026.txt")
    pre = doc.text[: doc.preamble_end]
    assert pre.startswith("下载\n打印")
    assert "【字号：" in pre
    assert doc.sections[0].title == "2025年工作回顾"
