"""Outcome rules: reported figures about the past, with their rule, indicator and period."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import policytext

REVIEW = "政府工作报告\n——2015年2月6日在青禾区第七届人民代表大会第三次会议上\n一、2014年工作回顾\n"


def outcomes(body: str) -> list[tuple[str, str, str | None, Decimal, str | None, str | None]]:
    doc = policytext.parse_text(REVIEW + body)
    return [(o.rule, o.indicator, o.direction, o.value, o.unit, o.period) for o in doc.outcomes]


def test_level_and_inherited_growth() -> None:
    got = outcomes("2014年，全县地区生产总值完成186.7亿元，同比增长8.3%。")
    assert got == [
        ("outcome.verb_figure", "全县地区生产总值", None, Decimal("186.7"), "亿元", "2014"),
        ("outcome.inherited", "全县地区生产总值", "up", Decimal("8.3"), "%", "2014"),
    ]


def test_qualifier_between_indicator_and_verb() -> None:
    got = outcomes("税收收入实现5.6亿元，按可比口径增长7.5%。")
    assert got[1][1:4] == ("税收收入", "up", Decimal("7.5"))


def test_down_and_level_verbs() -> None:
    got = outcomes("单位生产总值能耗下降2.7%，城镇登记失业率控制在3.6%。")
    assert [(g[1], g[2], g[3]) for g in got] == [
        ("单位生产总值能耗", "down", Decimal("2.7")),
        ("城镇登记失业率", None, Decimal("3.6")),
    ]


def test_count_then_noun() -> None:
    got = outcomes("全年完成43项改革任务。")
    assert got == [("outcome.count_noun", "改革任务", None, Decimal("43"), "项", "2014")]


@pytest.mark.parametrize(
    "body",
    [
        "推进棚户区改造，完成投资建设5亿元。",  # an action, not an indicator
        "瑞丰公司等4家企业入驻。",  # a list with 等 is no indicator
        "城区公交分担率从41.5%提高到43%。",  # the starting point of a change
        "是2010年的3倍。",  # a comparison
        "一批群众关心的问题得到解决。",  # a Chinese numeral used as an article
    ],
)
def test_not_outcomes(body: str) -> None:
    assert [
        g
        for g in outcomes(body)
        if g[3] in (Decimal(5), Decimal(4), Decimal("41.5"), Decimal(3), Decimal(1))
    ] == []


def test_plan_sections_give_no_outcomes_except_past_sentences() -> None:
    doc = policytext.parse_text(
        "——2016年2月18日在青禾区第七届人民代表大会第四次会议上\n二、2016年工作安排\n"
        "地区生产总值增长7.5%。\n去年地区生产总值增长8.9%。"
    )
    assert [(o.indicator, o.value, o.period) for o in doc.outcomes] == [
        ("地区生产总值", Decimal("8.9"), "2015")
    ]


def test_five_year_period() -> None:
    doc = policytext.parse_text(
        "——2026年1月22日在云岭市第九届人民代表大会第六次会议上\n一、“十四五”时期发展回顾\n"
        "过去五年，全市地区生产总值年均增长6.4%。"
    )
    assert [(o.indicator, o.period, o.plan_name) for o in doc.outcomes] == [
        ("全市地区生产总值", "2021-2025", "十四五")
    ]


def test_targets_and_outcomes_never_overlap() -> None:
    for path in ("hailaer_2015.txt", "beijing_2026.txt"):
        from testdata import CORPUS

        doc = policytext.parse(CORPUS / "raw" / path)
        spans = [(t.start, t.end) for t in doc.targets]
        for o in doc.outcomes:
            assert not any(a < o.end and o.start < b for a, b in spans)
            assert doc.text[o.start : o.end] == o.text


def test_review_chapter_titled_without_review_words() -> None:
    doc = policytext.parse_text(
        "——2031年1月20日在云岭市第九届人民代表大会第三次会议上\n一、砥砺奋进的一年\n"
        "我们圆满完成了全年目标任务，地区生产总值增长5.1%，一般公共预算收入增长3.2%。"
        "成功举办了博览会，首次入选全国百强，连续三年获评文明城市。\n"
        "二、2031年重点工作\n地区生产总值增长5%左右。"
    )
    assert doc.sections[0].role is None  # the title says nothing; the wording looks back
    assert [(o.indicator, o.value, o.period) for o in doc.outcomes] == [
        ("地区生产总值", Decimal("5.1"), "2030"),
        ("一般公共预算收入", Decimal("3.2"), "2030"),
    ]
    assert [(t.value, t.period) for t in doc.targets] == [(Decimal(5), "2031")]


def test_five_years_before_a_report_in_the_middle_of_a_plan() -> None:
    doc = policytext.parse_text(
        "——2033年1月20日在云岭市第九届人民代表大会第三次会议上\n一、过去五年工作回顾\n"
        "五年来，全市地区生产总值年均增长6.2%。“十五五”时期粮食产量年均增长1.5%。"
    )
    assert [(o.value, o.period, o.plan_name) for o in doc.outcomes] == [
        (Decimal("6.2"), "2028-2032", None),
        (Decimal("1.5"), "2026-2030", "十五五"),
    ]


def test_a_minus_sign_belongs_to_the_figure() -> None:
    doc = policytext.parse_text(
        "——2031年1月20日在云岭市第九届人民代表大会第三次会议上\n一、2030年工作回顾\n"
        "规上工业增加值增长-6.6%，进出口总额下降－2.1%。"
    )
    assert [(o.indicator, o.direction, o.value) for o in doc.outcomes] == [
        ("规上工业增加值", "up", Decimal("-6.6")),
        ("进出口总额", "down", Decimal("-2.1")),
    ]


@given(
    st.text(
        alphabet="同比上年增长下降较实际按可比口径价计算为达到至在完成年均率甲乙\n", max_size=14
    )
)
def test_verb_tail_lookup_is_the_pattern_search(prefix: str) -> None:
    """The verb before a figure, found by lookup, is the one the pattern's search finds."""
    from policytext.rules.outcomes import _patterns, _verb_tail

    pats = _patterns()
    m = pats.verb_tail.search(prefix)
    assert m is not None
    assert _verb_tail(prefix, pats) == (m.start(), m.group("verb") or "")


# The five-year span as first written: one alternative, an optional quote, behind a lookahead.
_FIVE_YEAR_WITH_LOOKAHEAD = (
    r"(?=[过五这5年“十])"
    r"(?:过去五年|五年来|这五年|5年来|过去5年|年均|“?十[一二三四五六七八九]五”?(?:时期|期间))"
)


@given(st.text(alphabet="过去五年来这5均“”十四三时期间甲。", max_size=30))
def test_five_year_pattern_finds_what_its_lookahead_form_finds(text: str) -> None:
    """Written as alternatives that each open on a literal, the pattern finds the same spans."""
    import re

    from policytext.rules.outcomes import _FIVE_YEAR

    plain = re.compile(_FIVE_YEAR_WITH_LOOKAHEAD)
    assert [m.span() for m in _FIVE_YEAR.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for start in range(len(text)):
        a, b = _FIVE_YEAR.search(text, start), plain.search(text, start)
        assert (a.span() if a else None) == (b.span() if b else None)


def test_a_year_in_an_indicator_is_looked_for_only_beside_a_year_mark() -> None:
    """The clause reader searches an indicator for a year only when it holds 年: every match
    of the year pattern ends on it."""
    from policytext.rules.outcomes import _YEAR

    assert _YEAR.pattern.endswith("年")


@given(st.text(alphabet="过去五年来这5均“”十一四时期间20251年甲，", max_size=30))
def test_period_patterns_match_only_texts_holding_their_characters(text: str) -> None:
    """`_period` skips the five-year search in a sentence holding neither 年 nor 十, and the
    year search in one without 年: no match of either is found there."""
    from policytext.rules.outcomes import _FIVE_YEAR, _YEAR

    if "年" not in text and "十" not in text:
        assert _FIVE_YEAR.search(text) is None
    if "年" not in text:
        assert _YEAR.search(text) is None
