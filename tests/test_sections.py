"""The section tree: heading grammar, nesting, roles, partition, paragraphs, sentences."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policytext
from policytext.models import Paragraph
from policytext.sections import (
    build_sections,
    chinese_ordinal,
    find_headings,
    flatten,
    sentences_of,
)
from testdata import CORPUS, GOLD, REPORTS, sections_tile_the_text

TEXT = "\n".join(
    [
        "各位代表：",
        "一、2025年工作回顾",
        "过去一年，地区生产总值增长5.2%。一是稳增长。二是促改革。",
        "二、2026年工作安排",
        "今年发展主要预期目标是：地区生产总值增长3%左右。",
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
    roots, _ = build_sections("（一）在守好“两条底线”上聚焦发力，稳住基本盘。全年完成投资100亿元。")
    assert roots[0].title == "在守好“两条底线”上聚焦发力，稳住基本盘"


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


def _split_mark_by_mark(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """The splitting rule read character by character: a stop ends a sentence outside quotes
    and brackets, or inside one opened more than 200 characters before."""
    out = []
    for pi, (a, b) in enumerate(paragraphs):
        start, depth, opened = a, 0, -1
        for i in range(a, b):
            ch = text[i]
            if ch in "“「『（(《【":
                opened = i if depth == 0 else opened
                depth += 1
            elif ch in "”」』）)》】":
                depth = max(0, depth - 1)
            elif ch in "。！？；!?;" and (depth == 0 or i - opened > 200):
                depth = 0
                out.append((start, i + 1, pi))
                start = i + 1
        if start < b:
            out.append((start, b, pi))
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["甲", "乙", "。", "；", "?", "“", "”", "（", "）", "(", "《", "》", "\n"]),
        max_size=60,
    ),
    st.integers(min_value=0, max_value=250),
)
def test_sentences_match_the_rule_read_mark_by_mark(chars: list[str], pad: int) -> None:
    text = "".join(chars[:30]) + "丙" * pad + "".join(chars[30:])
    cuts = [i for i, ch in enumerate(text) if ch == "\n"]
    paragraphs = list(zip([0, *[c + 1 for c in cuts]], [*cuts, len(text)], strict=True))
    paras = [Paragraph(start=a, end=b, section=None) for a, b in paragraphs]
    # the lines alone (one scan of the whole text), then with a paragraph that is no line (a
    # scan of each paragraph)
    got = [(s.start, s.end, s.paragraph) for s in sentences_of(text, paras)]
    assert got == _split_mark_by_mark(text, paragraphs)
    if paragraphs and paragraphs[0][1] > 1:
        paragraphs.append((1, paragraphs[0][1]))
        paras.append(Paragraph(start=1, end=paragraphs[0][1], section=None))
    got = [(s.start, s.end, s.paragraph) for s in sentences_of(text, paras)]
    assert got == _split_mark_by_mark(text, paragraphs)


def test_a_class_of_all_but_some_characters_is_their_negated_class() -> None:
    """`_all_but(chars)` holds every character `[^chars]` holds, and no other: each of the
    Basic Multilingual Plane and a few beyond it, marks and line breaks among them."""
    import re
    import sys

    from policytext.sections import _CLOSE, _OPEN, _STOPS, _all_but

    last = chr(sys.maxunicode)
    cases = (_STOPS + _OPEN + "\n", _STOPS + _OPEN + _CLOSE + "\n", "\x00", "-]^\\ #", last)
    for chars in cases:
        ranges = re.compile(f"[{_all_but(chars)}]")
        negated = re.compile(f"[^{re.escape(chars)}]")
        for code in [*range(0x10000), 0x10000, 0x1F600, sys.maxunicode]:
            ch = chr(code)
            assert bool(ranges.match(ch)) == bool(negated.match(ch)), (chars, hex(code))


@pytest.mark.parametrize("pad", [198, 199, 200, 201])
@pytest.mark.parametrize("shape", ["甲“{}。乙”丙。", "甲“（{}。）乙”。丁", "“{}；”。（"])
def test_sentences_in_long_quotes_match_the_rule(shape: str, pad: int) -> None:
    text = shape.format("丙" * pad)
    got = [(s.start, s.end, s.paragraph) for s in sentences_of(text, [_para(0, len(text))])]
    assert got == _split_mark_by_mark(text, [(0, len(text))])


def _para(start: int, end: int) -> Paragraph:
    return Paragraph(start=start, end=end, section=None)


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


# --- part headings printed without their numerals ----------------------------------------------

BARE = "\n".join(
    [
        "2031年青禾市政府工作报告",
        "——2031年1月20日在青禾市第九届人民代表大会第三次会议上",
        "各位代表：",
        "“十五五”时期工作回顾",
        "过去五年，全市地区生产总值年均增长6.1%。",
        "（一）产业升级取得新进展",
        "新建智能工厂12家。",
        "“十六五”时期的主要目标任务",
        "今后五年，地区生产总值年均增长5%左右。",
        "2031年重点工作",
        "今年地区生产总值增长5.8%左右。",
        "主要预期目标",
        "加强政府自身建设",
        "坚持依法行政。",
    ]
)


def test_part_headings_without_numerals_are_level_one() -> None:
    heads = [(h.level, h.number, h.title) for h in find_headings(BARE)]
    assert heads == [
        (1, None, "“十五五”时期工作回顾"),
        (2, "一", "产业升级取得新进展"),
        (1, None, "“十六五”时期的主要目标任务"),
        (1, None, "2031年重点工作"),
        (1, None, "加强政府自身建设"),
    ]
    doc = policytext.parse_text(BARE)
    assert [(s.ordinal, s.role) for s in doc.sections] == [
        (1, "review"),
        (2, "plan"),
        (3, "plan"),
        (4, None),
    ]
    assert doc.preamble_end == BARE.index("“十五五”时期工作回顾")
    _partition_ok(doc)


def test_headings_print_their_numeral_only_when_they_have_one() -> None:
    from policytext.render import tree_lines

    doc = policytext.parse_text(BARE)
    assert [s.mark for s in doc.iter_sections()][:2] == ["", "（一）"]
    lines = tree_lines(doc)
    assert lines[1].strip().startswith("“十五五”时期工作回顾")
    assert not any("None" in line for line in lines)


@pytest.mark.parametrize(
    "line",
    [
        "2031年青禾市政府工作报告",  # the report's title
        "主要预期目标",  # a box title: no period named
        "“十六五”时期经济社会发展的",  # a title broken over two lines
        "2031年地区生产总值增长5%左右，居民收入同步增长",  # a sentence
        "2031年十件民生实事",  # names a year, not a part of the report
        "2031年经济社会发展主要预期目标",  # the box of the main targets, inside the plan part
    ],
)
def test_lines_that_are_not_part_headings(line: str) -> None:
    # one true part heading alone is not enough: were `line` taken, there would be two
    text = "各位代表：\n“十五五”时期工作回顾\n增长5%。\n" + line + "\n坚持稳中求进。"
    assert find_headings(text) == []
    # and the true one is found as soon as a second true one stands beside it
    found = find_headings(text + "\n2031年重点工作\n增长6%。")
    assert [h.title for h in found] == ["“十五五”时期工作回顾", "2031年重点工作"]


def test_an_annex_numbering_its_items_keeps_the_parts_before_it() -> None:
    text = BARE + "\n附件\n一、提高青禾市低保标准\n二、新建10所幼儿园"
    heads = [(h.level, h.number, h.title) for h in find_headings(text)]
    assert heads[:2] == [(1, None, "“十五五”时期工作回顾"), (2, "一", "产业升级取得新进展")]
    assert heads[-2:] == [(1, "一", "提高青禾市低保标准"), (1, "二", "新建10所幼儿园")]
    assert len([h for h in heads if h[1] is None]) == 4


def test_numbered_reports_keep_short_lines_as_paragraphs() -> None:
    text = "一、2030年工作回顾\n增长5%。\n2031年重点工作\n二、2031年工作安排\n增长6%。"
    assert [(h.number, h.title) for h in find_headings(text)] == [
        ("一", "2030年工作回顾"),
        ("二", "2031年工作安排"),
    ]


def test_a_title_naming_only_earlier_periods_reviews_whatever_its_words() -> None:
    roots, _ = build_sections("一、2030年主要工作\n增长5%。\n二、2031年主要工作\n增长6%。")
    assert [s.role for s in roots] == ["review", "plan"]
    # a span of years names its first year: the five-year chapter does not make 2031 the past
    roots, _ = build_sections(
        "一、“十六五”时期主要目标（2031—2035年）\n增长5%。\n二、2031年重点工作\n增长6%。"
    )
    assert [s.role for s in roots] == ["plan", "plan"]


@pytest.mark.parametrize("name", ["henan_2026.txt", "hailaer_2016.txt", "beijing_2026.txt"])
def test_reports_without_numerals_keep_their_parts_and_targets(name: str) -> None:
    raw = (CORPUS / "raw" / name).read_text(encoding="utf-8")
    numbered = policytext.parse_text(raw)
    lines = raw.split("\n")
    tops = {s.title for s in numbered.sections}
    bare_lines = []
    for line in lines:
        head = line.strip()
        if head[:1] in "一二三四五六七八九" and head[1:2] == "、" and head[2:].strip() in tops:
            line = line.replace(head[:2], "", 1)
        bare_lines.append(line)
    bare = policytext.parse_text("\n".join(bare_lines))
    assert [(s.number, s.title, s.role) for s in bare.sections] == [
        (None, s.title, s.role) for s in numbered.sections
    ]
    key = [(t.value, t.unit, t.indicator, t.period) for t in numbered.targets]
    assert [(t.value, t.unit, t.indicator, t.period) for t in bare.targets] == key
    assert any("-" in (t.period or "") for t in bare.targets)  # goals beyond the year
    _partition_ok(bare)


def test_part_headings_on_the_plan_outline_and_on_the_government() -> None:
    text = "\n".join(
        [
            "2030年工作回顾",
            "地区生产总值增长5%。",
            "关于《云岭市国民经济和社会发展第十六个五年规划纲要（草案）》编制情况的说明",
            "纲要草案提出了主要目标。",
            "深入推进政府治理创新",
            "坚持依法行政。",
        ]
    )
    assert [(h.number, h.title) for h in find_headings(text)] == [
        (None, "2030年工作回顾"),
        (None, "关于《云岭市国民经济和社会发展第十六个五年规划纲要（草案）》编制情况的说明"),
        (None, "深入推进政府治理创新"),
    ]


def test_a_vision_year_in_a_title_does_not_make_the_plan_look_back() -> None:
    roots, _ = build_sections(
        "一、2030年工作回顾\n增长5%。\n二、2031年重点工作\n增长6%。\n三、展望2045年\n奋斗。"
    )
    assert [s.role for s in roots][:2] == ["review", "plan"]


def test_one_character_ordinals_read_like_the_numeral_parser() -> None:
    from policytext.numbers import parse_chinese_numeral
    from policytext.sections import _ONE_CHARACTER

    assert {c: parse_chinese_numeral(c) for c in _ONE_CHARACTER} == _ONE_CHARACTER


_LINES = st.lists(
    st.sampled_from(
        [
            "一、甲乙工作回顾",
            "二、2031年工作安排",
            "（一）丙丁。戊己庚辛。",
            "(二)壬癸",
            "1.子丑寅卯。辰巳。",
            "2、午未",
            "2030年重点工作",
            "过去五年工作回顾",
            "加强政府自身建设",
            "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥甲乙丙。丁。",
            "申酉。戌亥甲乙。",
            "",
        ]
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(_LINES)
def test_headings_and_paragraphs_match_a_line_by_line_reading(lines: list[str]) -> None:
    from policytext.sections import _HEADING, _heading, _part_heading, paragraphs_of

    text = "\n".join(lines)
    # headings: every line read, part headings kept before the first numbered level 1
    numbered, parts, pos = [], [], 0
    while pos < len(text):
        eol = text.find("\n", pos)
        eol = len(text) if eol < 0 else eol
        m = _HEADING.match(text, pos, eol)
        h = _heading(text, m, pos, eol) if m else None
        part = None if m else _part_heading(text, pos, eol)
        numbered += [h] if h else []
        parts += [part] if part else []
        pos = eol + 1
    first = next((h.start for h in numbered if h.level == 1), len(text))
    parts = [h for h in parts if h.start < first]
    expected = sorted(numbered + parts, key=lambda h: h.start) if len(parts) >= 2 else numbered
    assert find_headings(text) == expected
    # paragraphs: the innermost section holding each line's start
    sections, _ = build_sections(text)
    flat = flatten(sections)
    got = [(p.start, p.end, p.section) for p in paragraphs_of(text, sections)]
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    want = []
    for a in starts:
        if a < len(text):
            b = text.find("\n", a)
            b = len(text) if b < 0 else b
            inner = [s for s in flat if s.start <= a < s.end]
            want.append((a, b, inner[-1].id if inner else None))
    assert got == want


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["2026", "2030", "1998", "年", "—", "至", "十四五", "十五", "甲乙"]),
        max_size=8,
    ).map("".join)
)
def test_periods_skip_titles_without_a_year_or_a_plan_alike(title: str) -> None:
    """Titles holding neither 1, 2 nor 十 are not searched: the years and plans stay those the
    patterns find."""
    from policytext.periods import PLAN_RE, plan_number
    from policytext.sections import _YEAR, _YEAR_SPAN, _periods

    years = {int(y) for y in _YEAR_SPAN.findall(title)}
    years |= {int(y) for y in _YEAR.findall(_YEAR_SPAN.sub("", title))}
    assert _periods(title) == (years, {plan_number(d) for d in PLAN_RE.findall(title)})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["甲", "乙", "。", "\n"]), max_size=40).map("".join))
def test_lines_are_those_a_walk_over_the_line_breaks_finds(text: str) -> None:
    """`_lines` (one split) gives the lines `paragraphs_of` walks, and `_are_lines` tells
    them from paragraphs that are not the lines."""
    from policytext.sections import _are_lines, _lines, _offsets

    starts, ends, pos = [], [], 0
    while pos < len(text):
        eol = text.find("\n", pos)
        eol = len(text) if eol < 0 else eol
        starts.append(pos)
        ends.append(eol)
        pos = eol + 1
    assert _lines(text) == (starts, ends)
    assert _are_lines(text, starts, ends)
    if starts:
        assert not _are_lines(text, starts[:-1], ends[:-1])
        assert not _are_lines(text, [*starts[:-1], starts[-1] + 1], ends)
    assert _offsets(starts).tolist() == starts and _offsets(ends).typecode == "q"
