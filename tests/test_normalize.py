"""Normalization: the rejoining rules, width folding, line handling, and the exact alignment."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.normalize import fold_width, is_segmented_line, normalize
from testdata import assert_char_comes_from

CASES = [
    # (original, normalized) — segmented input
    ("地区 生产 总值 增长 7 . 3 % ，", "地区生产总值增长7.3%，"),
    ("涨幅 控制 在 2 . 8 % 左右", "涨幅控制在2.8%左右"),
    ("人工 造林 4 . 5 万 亩", "人工造林4.5万亩"),
    ("时间 ： 2026 - 02 - 01", "时间：2026-02-01"),
    ("构建 “ 5 + 2 ” 产业 体系", "构建“5+2”产业体系"),
    ("“ 16 + 1 ” 合作", "“16+1”合作"),
    ("共 1 , 234 户", "共1,234户"),
    ("落实 “ 五 位 一体 ” 要求", "落实“五位一体”要求"),
    # Latin words keep one space between them, nowhere else
    ("在 Hong Kong 举办", "在Hong Kong举办"),
    ("中海油 LPG 物流", "中海油LPG物流"),
    ("PM 2 . 5 浓度", "PM2.5浓度"),
    # ...but a segmenter's space inside a word goes: next to a letter alone, or before letters
    # glued to Chinese; a space of the text is a token of its own, three blanks
    ("Ｇ Ｄ Ｐ 增长 ６ ％ ， 实施 “ Ａ Ｉ ＋ ” 行动", "GDP增长6%，实施“AI+”行动"),
    ("建成 Vo IP电话 平台 ， 推动 A H股 上市", "建成VoIP电话平台，推动AH股上市"),
    ("香港 Hong   Kong 国际 机场 建设", "香港Hong Kong国际机场建设"),
    # full-width digits, letters and signs fold; CJK punctuation stays
    ("增长６．６％，达到１２０亿元", "增长6.6%，达到120亿元"),
    ("ＰＭ２．５和５Ｇ＋", "PM2.5和5G+"),
    ("（一）深化改革：“放管服”；！？", "（一）深化改革：“放管服”；！？"),
    # the middle dot, dash and enumeration comma of GB2312 decoders and half-width forms fold
    (
        "“甲乙・丙丁”，青禾―云岭，甲･乙‧丙，千村､万村﹑百村",
        "“甲乙·丙丁”，青禾—云岭，甲·乙·丙，千村、万村、百村",
    ),
    # indentation, trailing blanks, CRLF, CR, blank lines
    ("\u3000\u3000各位代表：  \r\n\r\n现在，我代表\r政府", "各位代表：\n现在，我代表\n政府"),
    ("\ufeff一、回顾\n\n\n二、安排\n", "一、回顾\n二、安排"),
    ("\t 第一行 \t\n  \n第二行", "第一行\n第二行"),
    ("", ""),
    (" \n\u3000\n", ""),
    # invisible characters are dropped wherever they stand, inside figures too
    ("增长6\u200d.6%", "增长6.6%"),
    ("增长6\u00ad.6%", "增长6.6%"),
    ("增长6\u200f.6%左右", "增长6.6%左右"),
    ("增长6\u2060.6\u200c%", "增长6.6%"),
    ("增长\u202e6.6\u202c%，\ufe0f达到", "增长6.6%，达到"),
    ("地区 生产 总值 增长 7 \u200d. 3 %", "地区生产总值增长7.3%"),
    ("\u200d\u2060\n一、回顾\u00ad", "一、回顾"),
    ("Hong\u200dKong 和 New \u200b York", "HongKong和New York"),
]


@pytest.mark.parametrize(("original", "expected"), CASES)
def test_normalize_cases(original: str, expected: str) -> None:
    assert normalize(original).text == expected


@pytest.mark.parametrize(("original", "expected"), CASES)
def test_alignment_maps_each_char_to_its_source(original: str, expected: str) -> None:
    norm = normalize(original)
    for i in range(len(norm.text)):
        assert_char_comes_from(original, norm, i)


def test_alignment_is_increasing() -> None:
    norm = normalize("地区 生产 总值 增长 7 . 3 % ，\r\n\u3000\u3000进出口 总额 增长 4 %")
    offsets = [norm.original_offset(i) for i in range(len(norm.text))]
    assert offsets == sorted(set(offsets))


def test_idempotent_on_examples() -> None:
    for original, _ in CASES:
        once = normalize(original).text
        assert normalize(once).text == once


def test_quotes_and_punctuation_stay_as_written() -> None:
    text = "“放管服”‘一网通办’《条例》【字号：】、。"
    assert normalize(text).text == text


def test_segmented_detection_per_line_and_document() -> None:
    assert is_segmented_line("地区 生产 总值 增长 7 . 3 % ，")
    assert not is_segmented_line("地区生产总值增长7.4%，一般公共预算收入增长4.5%。")
    assert not is_segmented_line("Hong Kong and Macao")
    assert normalize("地区 生产 总值 增长 7 . 3 % ，\n固定 资产 投资 增长 9 %").segmented
    assert not normalize("地区生产总值增长7.3%，\n固定资产投资增长9%").segmented


def test_mixed_file_lines_normalize_alike() -> None:
    mixed = "地区 生产 总值 增长 7 . 3 % 。\n固定资产投资增长9%。"
    assert normalize(mixed).text == "地区生产总值增长7.3%。\n固定资产投资增长9%。"


def test_fold_width_keeps_length() -> None:
    s = "０１２ＡＢＣ％＋．，：；！？（）"
    assert len(fold_width(s)) == len(s)
    assert fold_width(s) == "012ABC%+.，：；！？（）"


@pytest.mark.parametrize(
    "text",
    [
        "二、2026年工作安排\n地区生产总值增长6\u200d.6%左右。",
        "二、2026年工作安排\n地区生产总值增长6\u00ad.6%左右。",
        "二、2026年工作安排\n地区生产总值增长6\u200f.6%左右。",
        "二、2026年工作安排\n地区生产总值增长6\u2060.6%左右。",
    ],
)
def test_figure_with_invisible_characters_is_found(text: str) -> None:
    from decimal import Decimal

    import policytext

    doc = policytext.parse_text(text)
    assert [(t.indicator, t.value, t.unit) for t in doc.targets] == [
        ("地区生产总值", Decimal("6.6"), "%")
    ]
    (target,) = doc.targets
    assert doc.source_text(target.start, target.end).startswith("地区生产总值增长6")


def test_alignment_is_compact_and_reads_as_pairs() -> None:
    import json
    import pickle

    from policytext.normalize import Alignment

    norm = normalize("地区 生产 总值 增长 7 . 3 % ，\n一般 公共 预算")
    align = norm.alignment
    assert isinstance(align, Alignment)
    pairs = tuple(align)
    assert pairs[0] == (0, 0) and align == pairs and align == list(pairs)
    assert align[1] == pairs[1] and align[-1] == pairs[-1] and align[1:3] == pairs[1:3]
    assert Alignment.from_pairs(pairs) == align and hash(Alignment.from_pairs(pairs)) == hash(align)
    assert pickle.loads(pickle.dumps(align)) == align
    assert align.normalized_offsets.itemsize <= 8  # machine integers, not Python objects
    # in a Document: JSON holds pairs and reads back to the same alignment
    import policytext

    doc = policytext.parse_text("地区 生产 总值 增长 7 . 3 % ，\n一般 公共 预算")
    loaded = json.loads(doc.model_dump_json())["alignment"]
    assert loaded == [list(p) for p in doc.alignment]
    back = policytext.Document.model_validate_json(doc.model_dump_json())
    assert back.alignment == doc.alignment and back == doc
    assert doc.model_dump()["alignment"] == tuple(doc.alignment)


def test_blank_free_lines_hold_no_blank() -> None:
    """The fast path of `normalize` copies a line whole when it is printable and has no ASCII
    space: that must mean no blank, for every character that is not an invisible one."""
    import re
    import sys

    from policytext.normalize import _BLANK, _INVISIBLE, _blank_free

    blank, invisible = re.compile(_BLANK), re.compile(f"[{_INVISIBLE}]")
    wrong = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if _blank_free(chr(cp)) and blank.match(chr(cp)) and not invisible.match(chr(cp))
    ]
    assert wrong == []
    assert not _blank_free("增长 6%") and not _blank_free("增长\u30006%") and _blank_free("增长6%")


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("甲乙丙\u034f丁。\n戊 己", "甲乙丙丁。\n戊己"),
        ("Hong\u00a0Kong\n北 京", "Hong Kong\n北京"),
        ("丙丁\u3164戊己 庚辛壬癸 子丑", "丙丁戊己庚辛壬癸子丑"),
    ],
)
def test_printable_invisible_characters_are_dropped(original: str, expected: str) -> None:
    """Some invisible characters are printable: a text holding one takes the regex path."""
    norm = normalize(original)
    assert norm.text == expected
    for i in range(len(norm.text)):
        assert_char_comes_from(original, norm, i)


def test_whitespace_class_is_every_whitespace_character() -> None:
    import re
    import sys

    from policytext.normalize import _WHITESPACE

    spelled = re.compile(f"[{_WHITESPACE}]")
    assert [cp for cp in range(sys.maxunicode + 1) if spelled.match(chr(cp))] == [
        cp for cp in range(sys.maxunicode + 1) if chr(cp).isspace()
    ]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "甲",
                "乙丙",
                "6",
                "．",
                "５",
                "A",
                "b",
                " ",
                "\u3000",
                "\t",
                "\n",
                "\n\n",
                "，",
                "\xa0",
            ]
        ),
        max_size=40,
    )
)
def test_runs_of_clean_lines_normalize_like_line_by_line(pieces: list[str]) -> None:
    """Runs of lines without a blank are copied whole; a text holding an invisible character
    goes line by line. A trailing line holding only one must not change the result."""
    text = "".join(pieces)
    fast, slow = normalize(text), normalize(text + "\n\u200b")
    assert (fast.text, fast.alignment.pairs(), fast.segmented) == (
        slow.text,
        slow.alignment.pairs(),
        slow.segmented,
    )


def test_segmented_counts_the_characters_of_clean_runs_without_line_breaks() -> None:
    # 7 characters on the segmented line, 7 on the three clean ones: half, so segmented
    assert normalize("甲 乙 丙 丁\n戊己\n庚辛\n壬癸子").segmented
    assert not normalize("甲 乙 丙 丁\n戊己\n庚辛\n壬癸子丑").segmented


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["甲", "乙丙", "6", "A", " ", "  ", "\u3000", "\t", "\u200b", "，"]),
        max_size=30,
    )
)
def test_segmented_line_counts_as_the_rule_says(pieces: list[str]) -> None:
    """Many blanks between CJK characters: a blank run for every four CJK characters or more,
    and four CJK characters at least; a run between two Latin letters does not count."""
    import re

    line = "".join(pieces)
    stripped = line.strip(" \t\u3000\u200b")
    latin = "[A-Za-z]"
    blanks = len(re.findall(r"[\s\u200b\ufeff]+", stripped))
    blanks -= len(re.findall(f"(?<={latin})[\\s\u200b\ufeff]+(?={latin})", stripped))
    cjk = len(re.findall(r"[\u3400-\u9fff\uf900-\ufaff]", line))
    assert is_segmented_line(line) == (blanks > 0 and cjk >= 4 and blanks * 4 >= cjk)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *("甲", "乙丙", "6", "．", "５", "A", "b", " ", "\u3000", "\n", "\n\n", "，"),
                *("\t", "\xa0", "\u2000", "\n\u3000\u3000", "  \n"),
                *("\u200b", "\u115f", "\u17b4", "\ufe0f", "\xad"),
            ]
        ),
        max_size=40,
    )
)
def test_rare_characters_learnt_on_the_way_normalize_as_when_known_first(
    pieces: list[str],
) -> None:
    """A text without CR learns whether it holds an invisible or full-width character while it
    reads, and copies runs of clean lines whole across the blanks and empty lines between them;
    with CRLF line breaks it knows first and reads line by line. Both normalize alike (offsets
    shifted by the CRs)."""
    text = "".join(pieces)
    crlf = text.replace("\n", "\r\n")
    lf, cr = normalize(text), normalize(crlf)
    assert (lf.text, lf.segmented) == (cr.text, cr.segmented)
    for i in range(len(lf.text)):
        o = cr.original_offset(i)
        assert lf.original_offset(i) == o - crlf.count("\r", 0, o)
