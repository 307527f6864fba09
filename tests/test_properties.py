"""Properties that hold for any input (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policytext
from policytext.normalize import fold_width, normalize

# Text built from the pieces reports are made of, so the properties meet real structure.
PIECES = st.sampled_from(
    [
        "一、", "二、", "（一）", "(二)", "1.", "2、", "（3）", "一是", "第一，",
        "地区生产总值", "增长", "6", ".", "%", "左右", "万亩", "亿元", "“", "”", "放管服",
        "，", "。", "；", "\n", "\r\n", "\r", " ", "\u3000", "\t", "６", "％", "Hong", "Kong",
        "2026", "-", "02", "+", "《", "》", "（", "）", "\ufeff", "\u200b", "a", "Z",
    ]
)  # fmt: skip
REPORTISH = st.lists(PIECES, max_size=60).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=200), REPORTISH)

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(ANY_TEXT)
def test_normalizing_twice_changes_nothing(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


@FAST
@given(ANY_TEXT)
def test_alignment_points_at_the_source_character(text: str) -> None:
    norm = normalize(text)
    prev = -1
    for i, ch in enumerate(norm.text):
        o = norm.original_offset(i)
        assert o > prev
        prev = o
        src = text[o]
        if ch == "\n":
            assert src in "\r\n"
        elif ch == " ":
            assert src.isspace()
        else:
            assert fold_width(src) == ch


@FAST
@given(ANY_TEXT)
def test_parse_never_raises_and_spans_slice_back(text: str) -> None:
    doc = policytext.parse_text(text)
    for t in doc.targets:
        assert doc.text[t.start : t.end] == t.text
    for s in doc.slogans:
        for m in s.mentions:
            assert doc.text[m.start : m.end] == m.text
    for p in doc.projects:
        assert doc.text[p.start : p.end] == p.text
    for s in doc.sentences:
        assert 0 <= s.start < s.end <= len(doc.text)


@FAST
@given(ANY_TEXT)
def test_sections_partition_the_text(text: str) -> None:
    doc = policytext.parse_text(text)
    owners = [0] * len(doc.text)
    for i in range(doc.preamble_end):
        owners[i] += 1
    for s in doc.iter_sections():
        start_own = s.start
        for c in s.children:
            for i in range(start_own, c.start):
                owners[i] += 1
            start_own = c.end
        for i in range(start_own, s.end):
            owners[i] += 1
    assert owners == [1] * len(doc.text)


@FAST
@given(
    st.lists(
        st.sampled_from(
            [
                "地区",
                "生产",
                "总值",
                "增长",
                "6",
                ".",
                "6",
                "%",
                "，",
                "“",
                "五位",
                "一体",
                "”",
                "。",
                "\n",
            ]
        ),
        max_size=40,
    )
)
def test_segmented_and_raw_give_the_same_document(tokens: list[str]) -> None:
    raw = "".join(tokens)
    segmented = " ".join(tokens)
    a, b = policytext.parse_text(raw), policytext.parse_text(segmented)
    assert a.text == b.text
    assert a.sections == b.sections
    assert a.targets == b.targets and a.slogans == b.slogans and a.projects == b.projects
