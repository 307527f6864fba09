"""Properties that hold for any input (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import policytext
from policytext.normalize import normalize
from testdata import assert_char_comes_from, assert_spans_slice_back, sections_tile_the_text

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
# a short line whose one blank lies between two Latin letters: the kept space must not make the
# normalized line look word-segmented
@example("A\u3000A㐀㐀㐀㐀")
@example("A   A国国国国")
def test_normalizing_twice_changes_nothing(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


@FAST
@given(ANY_TEXT)
def test_alignment_points_at_the_source_character(text: str) -> None:
    norm = normalize(text)
    prev = -1
    for i in range(len(norm.text)):
        o = assert_char_comes_from(text, norm, i)
        assert o > prev
        prev = o


@FAST
@given(ANY_TEXT)
def test_parse_never_raises_and_spans_slice_back(text: str) -> None:
    assert_spans_slice_back(policytext.parse_text(text))


@FAST
@given(ANY_TEXT)
def test_sections_partition_the_text(text: str) -> None:
    assert sections_tile_the_text(policytext.parse_text(text))


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
