"""Stage 2 and 3 for targets: the rule cascade of policytext.rules.targets."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.models import Target
from policytext.normalize import normalize
from policytext.rules.context import Context
from policytext.rules.targets import RULES, find_targets, resolve_targets
from policytext.sections import build_sections, flatten, paragraphs_of, sentences_of
from testdata import CORPUS, PATHOLOGICAL_SECONDS, REPORTS, SEED

GOLDEN = Path(__file__).parent.parent / "golden" / "targets.json"
CASES: list[dict[str, Any]] = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
# The forms of issue 16 and the period of each goal, with `period` and `plan_name` expected too.
FORMS_FILE = Path(__file__).parent.parent / "golden" / "target_forms.json"
FORMS: list[dict[str, Any]] = json.loads(FORMS_FILE.read_text(encoding="utf-8"))["cases"]
PLAN = "二、2019年主要工作安排\n"


def context_of(text: str) -> Context:
    """A rule `Context` for a small report text, built the way `policytext.parse_text` does."""
    norm = normalize(text)
    sections, _ = build_sections(norm.text)
    paragraphs = paragraphs_of(norm.text, sections)
    return Context(
        text=norm.text,
        sections=tuple(flatten(sections)),
        paragraphs=tuple(paragraphs),
        sentences=sentences_of(norm.text, paragraphs),
    )


def _as_json(t: Target) -> dict[str, Any]:
    def s(d: Decimal | None) -> str | None:
        return None if d is None else str(d)

    return {
        "rule": t.rule,
        "text": t.text,
        "indicator": t.indicator,
        "direction": t.direction,
        "comparator": t.comparator,
        "value": s(t.value),
        "value_max": s(t.value_max),
        "unit": t.unit,
        "base_value": s(t.base_value),
        "base_unit": t.base_unit,
        "kind": t.kind,
    }


def targets_of(text: str) -> list[Target]:
    return find_targets(context_of(text))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['topic']}:{c['text'][-24:]}" for c in CASES])
def test_golden(case: dict[str, Any]) -> None:
    assert [_as_json(t) for t in targets_of(case["text"])] == case["expected"]


@pytest.mark.parametrize("case", FORMS, ids=[f"{c['topic']}:{c['text'][-24:]}" for c in FORMS])
def test_golden_forms_and_periods(case: dict[str, Any]) -> None:
    got = [
        dict(_as_json(t), period=t.period, plan_name=t.plan_name) for t in targets_of(case["text"])
    ]
    assert got == case["expected"]


def test_every_rule_has_a_golden_case() -> None:
    topics = {c["topic"] for c in CASES + FORMS}
    made = {e["rule"].split("+")[0] for c in CASES + FORMS for e in c["expected"]}
    for name, _ in RULES:
        assert name in topics or name in made, name
    assert {"past", "review", "mixed", "inherited", "qualitative"} <= topics


def test_rules_are_named_and_ordered() -> None:
    names = [name for name, _ in RULES]
    assert len(names) == len(set(names))
    assert names.index("modifier") < names.index("figure")
    assert names.index("distributed") < names.index("change")
    for _, rule in RULES:
        assert rule.__doc__


def test_spans_and_sections() -> None:
    text = PLAN + "（一）狠抓深化改革\n不动产登记办理时限压缩至5个工作日。"
    ctx = context_of(text)
    (t,) = find_targets(ctx)
    assert ctx.text[t.start : t.end] == t.text
    assert t.section == ctx.section_id(t.start) is not None


# --- one test per rule, on its own -----------------------------------------------------------


def test_change_gives_direction() -> None:
    up, down = targets_of(PLAN + "外贸出口增长8%，单位能耗下降3%。")
    assert (up.direction, up.kind, up.rule) == ("up", "growth", "change")
    assert (down.direction, down.value) == ("down", Decimal(3))


def test_level_with_zhi_or_dao_has_no_direction() -> None:
    (t,) = targets_of(PLAN + "普惠性幼儿园覆盖率提高到92%。")
    assert (t.direction, t.comparator, t.kind) == (None, "=", "level")


def test_cap_verbs_give_at_most() -> None:
    a, b = targets_of(PLAN + "登记时限压缩至5个工作日，注销时间缩短到2.5天。")
    assert a.comparator == b.comparator == "<="
    assert (a.unit, b.unit) == ("工作日", "天")


def test_qualifier_wins_over_cap() -> None:
    (t,) = targets_of(PLAN + "城镇登记失业率控制在4.5%左右。")
    assert t.comparator == "~"


def test_figure_count_of_new_things_has_no_direction() -> None:
    (t,) = targets_of(PLAN + "新增科技型中小企业40家。")
    assert (t.indicator, t.direction, t.kind) == ("科技型中小企业", None, "count")


def test_growth_then_level_on_one_indicator() -> None:
    g, lv = targets_of(PLAN + "地区生产总值增长7%，达到418亿元。")
    assert g.indicator == lv.indicator == "地区生产总值"
    assert (g.kind, lv.kind) == ("growth", "level")
    assert lv.base_value == Decimal(41800000000) and lv.base_unit == "元"


def test_distributed_over_chengxiang() -> None:
    a, b = targets_of(PLAN + "城乡居民人均消费支出分别增长6%和7.5%。")
    assert (a.indicator, a.value) == ("城镇居民人均消费支出", Decimal(6))
    assert (b.indicator, b.value) == ("农村居民人均消费支出", Decimal("7.5"))
    assert a.direction == b.direction == "up"


def test_distributed_list_of_indicators() -> None:
    a, b = targets_of(PLAN + "进口和出口分别增长6%以上。")
    assert {a.indicator, b.indicator} == {"进口", "出口"}
    assert a.comparator == b.comparator == ">="


def test_one_rate_distributes_only_over_a_list() -> None:
    """A rate after a clause without 、 and without a word of `each` is one target (the rule
    declines it before reading the clause); set off by 、, the same indicators share it out."""
    (t,) = targets_of(PLAN + "山货与林果加工产值增长9%。")
    assert (t.indicator, t.rule) == ("山货与林果加工产值", "change")
    a, b = targets_of(PLAN + "山货加工产值、林果加工产值均增长9%。")
    assert (a.indicator, b.indicator) == ("山货加工产值", "林果加工产值")
    assert a.rule == b.rule == "distributed"
    c, d = targets_of(PLAN + "山货加工产值、林果加工产值增长9%左右。")
    assert (c.indicator, d.indicator, c.rule) == ("山货加工产值", "林果加工产值", "distributed")


def test_list_after_one_verb() -> None:
    a, b = targets_of(PLAN + "全年实现“小转大”120户、“散改企”45户。")
    assert (a.indicator, a.value) == ("“小转大”", Decimal(120))
    assert (b.indicator, b.value) == ("“散改企”", Decimal(45))


def test_modifier_figure_is_not_a_target() -> None:
    (t,) = targets_of(PLAN + "全年引进5000万元以上项目86个。")
    assert (t.indicator, t.value, t.unit) == ("5000万元以上项目", Decimal(86), "个")


def test_count_before_noun() -> None:
    (t,) = targets_of(PLAN + "新建3所寄宿制小学。")
    assert (t.indicator, t.value, t.unit, t.rule) == (
        "寄宿制小学",
        Decimal(3),
        "所",
        "count_before_noun",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "全面落实我县支持小微企业发展18项新政。",  # a policy package (name)
        "重点抓好以下9个方面工作。",  # an outline (name)
        "要重点做好以下五个方面工作。",  # Chinese numeral (word_numeral)
        "规划共设置了24项主要指标。",  # done
        "深入推进“三大攻坚战”，推动“6+2”产业链专班发挥作用。",  # names (no_unit)
        "加强与沿线5个港口的协作联动。",  # compared with, not aimed at
        "2018年全市地区生产总值增长5.2%。",  # an earlier year
        "去年地区生产总值增长5.2%。",  # the past opening the sentence
        "力争各项主要指标好于全省平均水平。",  # no figure
    ],
)
def test_no_target(sentence: str) -> None:
    assert targets_of(PLAN + sentence) == []


def test_review_section_gives_none() -> None:
    text = (
        "一、2018年工作回顾\n地区生产总值增长5.2%。\n二、2019年工作安排\n地区生产总值增长6%左右。"
    )
    (t,) = targets_of(text)
    assert t.value == Decimal(6)


def test_untitled_review_section_is_read_from_its_wording() -> None:
    review = (
        "一、一年接着一年干\n过去一年，我们成功举办了多项活动，首次入选全国试点，"
        "连续获评优秀，获批建设了30个项目，荣获多项荣誉，新增企业1000家。\n"
    )
    assert targets_of(review + "二、2019年工作安排\n新增企业1000家。")[0].start > len(review) - 1


def test_a_title_role_yields_to_text_that_plainly_says_the_opposite() -> None:
    plan_text = "要加快推进产业升级，着力强化创新支撑，积极推动开放合作。" * 12
    text = f"一、2018年工作回顾\n{plan_text}\n新建3所寄宿制小学。\n"
    assert [t.value for t in targets_of(text)] == [Decimal(3)]


def test_text_without_headings_starts_the_plan_at_its_opening() -> None:
    text = (
        "过去一年，我们成功举办了多项活动，首次入选全国试点，连续获评优秀，"
        "获批建设了30个项目，荣获多项荣誉，新增企业1000家，地区生产总值增长5.2%。\n"
        "今年全镇发展的预期目标定为：地区生产总值增长4.6%左右，新增企业1200家。"
    )
    got = targets_of(text)
    assert [t.value for t in got] == [Decimal("4.6"), Decimal(1200)]


def test_plan_time_word_ends_the_past() -> None:
    (t,) = targets_of(PLAN + "2018年地区生产总值增长5.2%，今年地区生产总值增长6%左右。")
    assert t.value == Decimal(6)


def test_plan_year_is_the_earliest_a_plan_heading_names() -> None:
    text = (
        "一、2025年工作回顾\n地区生产总值增长5.2%。\n"
        "二、“十五五”时期主要目标（2026—2030年）\n地区生产总值年均增长6%左右。\n"
        "三、2026年重点工作\n2026年地区生产总值增长6.5%左右。"
    )
    assert [t.value for t in targets_of(text)] == [Decimal(6), Decimal("6.5")]


def test_baseline_year_is_not_the_past() -> None:
    (t,) = targets_of(PLAN + "单位地区生产总值能耗比2015年下降15%。")
    assert (t.value, t.direction) == (Decimal(15), "down")


def test_qualitative_only_where_main_targets_are_announced() -> None:
    assert targets_of(PLAN + "城乡居民收入和经济增长同步。") == []
    (t,) = targets_of(PLAN + "主要预期目标是：城乡居民收入和经济增长同步。")
    assert (t.kind, t.indicator, t.value, t.unit, t.rule) == (
        "qualitative",
        "城乡居民收入",
        None,
        None,
        "qualitative",
    )


def test_qualitative_skips_framing_and_the_past() -> None:
    text = PLAN + "主要预期目标是：在实际工作中争取更好结果，明确了经济增速高于全省平均水平。"
    assert targets_of(text) == []


def test_context_without_structure() -> None:
    (t,) = find_targets(Context(text="地区生产总值增长6.3%。"))
    assert t.indicator == "地区生产总值"


# --- properties ------------------------------------------------------------------------------


def test_seed_report_targets_are_well_formed() -> None:
    ctx = context_of(SEED.read_text(encoding="utf-8"))
    got = find_targets(ctx)
    assert len(got) >= 20
    for t in got:
        assert ctx.text[t.start : t.end] == t.text
        assert t.indicator
        assert t.value is None or isinstance(t.value, Decimal)
        assert t.base_value is None or isinstance(t.base_value, Decimal)
        assert (t.value is None) == (t.kind == "qualitative")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "地区生产总值",
                "增长",
                "达到",
                "6.6%",
                "3000万元",
                "以上",
                "左右",
                "分别",
                "和",
                "新建",
                "20个",
                "学校",
                "，",
                "、",
                "。",
                "2018年",
                "去年",
                "了",
                "“",
                "”",
                "\n",
                "一、2018年工作回顾",
                "二、2019年工作安排",
                "主要预期目标是：",
                "同步",
            ]
        ),
        max_size=30,
    )
)
def test_any_text_gives_well_formed_targets(parts: list[str]) -> None:
    ctx = context_of("".join(parts))
    for t in find_targets(ctx):
        assert ctx.text[t.start : t.end] == t.text
        assert t.start < t.end


# --- stage 3 ---------------------------------------------------------------------------------


def test_resolve_keeps_one_per_figure_and_indicator() -> None:
    (t,) = targets_of(PLAN + "地区生产总值增长6.3%。")
    dup = t.model_copy(update={"rule": "figure", "start": t.start + 2, "text": t.text[2:]})
    assert resolve_targets([dup, t]) == [t]  # the earlier rule of RULES wins
    other = t.model_copy(update={"indicator": "生产总值"})
    assert resolve_targets([t, other]) == [t, other]


# --- speed -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["地区生产总值增长" * 130_000, "新增企业25家" * 50_000, "1" * 50_000],
    ids=["cjk-1MB", "figures", "digits"],
)
def test_linear_time(text: str) -> None:
    t = time.perf_counter()
    find_targets(Context(text=text))
    assert time.perf_counter() - t < PATHOLOGICAL_SECONDS


# --- period: the years a goal is for ---------------------------------------------------------


def test_part_headings_without_numerals_separate_review_plan_and_periods() -> None:
    text = "\n".join(
        [
            "2031年云岭市政府工作报告",
            "——2031年1月20日在云岭市第九届人民代表大会第三次会议上",
            "“十五五”时期工作回顾",
            "过去五年，全市地区生产总值年均增长6.1%。",
            "“十六五”时期的主要目标任务",
            "地区生产总值年均增长6%左右，常住人口城镇化率达到66%。",
            "2031年重点工作",
            "地区生产总值增长6.5%左右，到2032年建成5G基站3万个。",
        ]
    )
    got = [(t.indicator, t.value, t.period, t.plan_name) for t in targets_of(text)]
    assert got == [
        ("地区生产总值", Decimal(6), "2031-2035", "十六五"),
        ("常住人口城镇化率", Decimal(66), "2031-2035", "十六五"),
        ("地区生产总值", Decimal("6.5"), "2031", None),
        ("5G基站", Decimal(3), "2031-2032", None),
    ]


@given(
    st.lists(st.text(alphabet="增长提高到达计划分别等年", min_size=0, max_size=3), max_size=5),
    st.text(alphabet="增长提高到达计划分别等年甲\n", max_size=10),
)
def test_ending_lookup_is_the_pattern_search(words: list[str], text: str) -> None:
    """A word ending a text, found by lookups per length, is where `(?:words)$` matches."""
    from policytext.rules.targets import _Ending

    ending = _Ending.of(words)
    m = ending.pattern.search(text)
    assert ending.start(text) == (m.start() if m else None)


def test_a_later_sentence_of_the_plan_with_no_figure_still_announces_its_goals() -> None:
    # the sentences read are chosen per stretch of the text: one with neither figure nor
    # announcement is skipped, one announcing goals without a figure is still read
    text = PLAN + "全年主要预期目标是：居民收入稳步提高，地区生产总值平稳增长。"
    targets = find_targets(context_of(text))
    assert [t.rule for t in targets if t.rule == "qualitative"]


@pytest.mark.parametrize("report", [REPORTS[0], REPORTS[-1]])
def test_the_sentences_read_are_those_the_cascade_needs(report: str) -> None:
    """`_read_sentences` picks, by bisects over the text's tables, the sentences a walk over
    every sentence would stop at: past the plan's start, not in a review, and (in a plan)
    holding a quantity start or an announcement; every sentence of a mixed stretch. (It may
    add a sentence that an announcement merely overlaps: none does in these reports.)"""
    from policytext.rules.targets import (
        _mode_at,
        _modes_of,
        _plan_start,
        _read_sentences,
        _sentence_rows,
        _words,
    )

    ctx = context_of((CORPUS / "raw" / report).read_text(encoding="utf-8"))
    starts, ends, _ = _sentence_rows(ctx)
    plan_start = _plan_start(ctx)
    modes = _modes_of(ctx)[1]
    qstarts = ctx.quantity_starts
    expected = []
    for i, (a, b) in enumerate(zip(starts, ends, strict=True)):
        mode = _mode_at(ctx, modes, a)
        if a < plan_start or mode == "review":
            continue
        figure = any(a <= x < b for x in qstarts)
        if mode == "mixed" or figure or _words().announce_re.search(ctx.text[a:b]):
            expected.append(i)
    assert _read_sentences(ctx, starts, ends, plan_start) == expected


def test_rules_skipped_by_what_a_sentence_holds_could_not_have_held(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a sentence without 从/由, without 分别/均, without an aspect word or one of `already`
    # skips the rules needing them: with every rule tried, the targets are the same
    from policytext.rules import clear_memos
    from policytext.rules import targets as module

    texts = [PLAN + case["text"] for case in CASES[:60]]
    texts += [(CORPUS / "raw" / name).read_text(encoding="utf-8") for name in REPORTS[:3]]
    skipped = [[_as_json(t) for t in targets_of(text)] for text in texts]
    clear_memos()
    monkeypatch.setattr(module, "_sentence_tests", lambda: (lambda s: True, lambda s: True))
    monkeypatch.setattr(module, "_each_in", lambda s: True)
    tried = [[_as_json(t) for t in targets_of(text)] for text in texts]
    assert tried == skipped
    assert sum(map(len, tried)) > 100


def test_time_words_found_without_groups_are_the_plain_patterns() -> None:
    """`time_re` is the plain alternation without its groups, each branch opening with a
    character: over text made of those words, years and other characters it finds what the
    plain alternation finds, and `_time_of` reads the same groups from it."""
    import random
    import re

    from policytext.patterns import alternation
    from policytext.rules.targets import _time_of, _words

    w = _words()
    past, plan = w.raw.past.past_time, w.raw.past.plan_time
    plain = re.compile(f"((?:19|20)[0-9][0-9])年|({alternation(past)})|{alternation(plan)}")
    pieces = [*past, *plan, "2027年", "1998年", "2030", "20", "年", "甲", "，", "9", "1", "0"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        got = [(m.span(), _time_of(m, w.past_time)) for m in w.time_re.finditer(text)]
        assert got == [(m.span(), m.groups()) for m in plain.finditer(text)]


def test_goal_verbs_found_by_the_trie_are_those_of_the_alternation() -> None:
    """The trie of the goal verbs finds, at each position, the longest verb as the plain
    alternation (longest first) does."""
    import random
    import re

    from policytext.patterns import alternation
    from policytext.rules.targets import _words

    w = _words()
    verbs = [*w.raw.count.verbs, *w.raw.level.verbs, *w.raw.level.exceed, *w.raw.change.up]
    plain = re.compile(alternation(verbs))
    pieces = [*verbs, *{v[:1] for v in verbs}, *{v[:-1] for v in verbs}, "甲", "，"]
    rng = random.Random(11)
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        got = [m.span() for m in w.goal_verb_re.finditer(text)]
        assert got == [m.span() for m in plain.finditer(text)]


def test_the_period_scans_skipped_without_their_openings_need_them() -> None:
    """`_sentence_period` scans for a year (alone or in a span) only when the text holds 19 or
    20, and for the next years only when it holds 今后 or 未来: each pattern opens on them."""
    from policytext.rules.targets import _NEXT_YEARS_RE, _YEAR_RE, _YEAR_SPAN_RE

    assert _YEAR_RE.pattern.startswith("((?:19|20)")
    assert _YEAR_SPAN_RE.pattern.startswith("((?:19|20)")
    assert _NEXT_YEARS_RE.pattern.startswith("(?:今后|未来)")


def test_a_sentence_without_nian_or_shi_names_no_period() -> None:
    """`_sentence_period` returns at once for a text holding neither 年 nor 十: every pattern it
    scans needs one of them (the plan's opens on 十, the others hold 年)."""
    from policytext.rules.targets import _PLAN_TIME_RE, _sentence_period, _words

    assert _words().period_words_need_year and _PLAN_TIME_RE.pattern.startswith("十")
    assert _sentence_period("力争林果加工产值增长9%", 2026) is None
    assert _sentence_period("今年林果加工产值增长9%", 2026) == ("2026", None)
    assert _sentence_period("“十五五”时期林果加工产值增长9%", 2026) == ("2026-2030", "十五五")


def test_literal_spans_are_the_alternations_matches() -> None:
    """`_Literals.spans` gives what `alternation(words)` finds over a stretch: overlapping and
    nested words, words cut by the stretch's ends, the empty word (left to the regex)."""
    import random
    import re

    from policytext.patterns import alternation
    from policytext.rules.targets import _Literals

    rng = random.Random(5)
    for words in (
        ["主要预期目标", "预期目标", "主要目标"],
        ["甲乙", "乙丙", "甲乙丙", "丙"],
        ["甲", "甲甲", "乙甲"],
        ["甲乙", ""],
        [],
    ):
        found = _Literals.of(words)
        plain = re.compile(alternation(words)) if words else re.compile("(?!)")
        pieces = [*words, "甲", "乙", "丙", "目标", "主要", "，"]
        for _ in range(200):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
            lo = rng.randint(0, len(text))
            hi = rng.randint(lo, len(text))
            expected = [m.span() for m in plain.finditer(text, lo, hi)]
            assert list(found.spans(text, lo, hi)) == expected, (words, text, lo, hi)


def test_a_goals_period_is_read_after_the_last_stop_before_it() -> None:
    """A stop inside quotes does not end the sentence, but the time words before it are not
    the goal's: its period is read from after the stop."""
    (t,) = targets_of(PLAN + "到2021年建成“山货示范区；”林果加工产值增长9%。")
    assert t.period == "2019"
    (t,) = targets_of(PLAN + "到2021年林果加工产值增长9%。")
    assert t.period == "2019-2021"


def test_holds_any_is_the_search_of_the_words() -> None:
    """`_holds_any` (by `in` for up to three words, else by the regex) tells the same as the
    search of the alternation of the words."""
    import random

    from policytext.rules.targets import _any_re, _holds_any

    rng = random.Random(3)
    pieces = ["从", "由", "分别", "均", "了", "已经", "目前", "甲", "、", "分", "别"]
    for size in range(1, 6):
        words = rng.sample(["从", "由", "分别", "均", "了", "已经", "目前"], size)
        test, search = _holds_any(words), _any_re(words).search
        for _ in range(300):
            text = "".join(rng.choices(pieces, k=rng.randrange(8)))
            assert test(text) == (search(text) is not None)


_RULE_NAMES = [name for name, _ in RULES]


@given(
    st.lists(
        st.tuples(
            st.sampled_from([*_RULE_NAMES, "change+inherited", "qualitative"]),
            st.integers(0, 6),
            st.integers(0, 4),
            st.sampled_from([None, Decimal("5"), Decimal("5.0"), Decimal("6")]),
            st.sampled_from([None, "%", "亿元"]),
            st.sampled_from(["甲", "乙"]),
        ),
        max_size=8,
    )
)
def test_kept_without_shared_keys_is_the_ranked_reading(
    drafts: list[tuple[str, int, int, Decimal | None, str | None, str]],
) -> None:
    """`_kept` (every row kept and put in text order when no two rows share a key) gives what
    the ranking of every row gives, in and out of text order, with shared keys or none."""
    from policytext.rules.targets import _kept, _kept_ranked

    rows = [
        (rule, start, start + size, value, unit, ind)
        for rule, start, size, value, unit, ind in drafts
    ]
    assert _kept(rows) == _kept_ranked(rows)


@pytest.mark.parametrize("report", [REPORTS[0], REPORTS[-1]])
def test_past_stretches_skipped_without_nian_are_those_the_scan_finds(report: str) -> None:
    """A sentence without 年 that does not open on the past gets no stretch of the past from
    `_past_spans` without its scan: every sentence of a report (and sentences naming years
    and the past) read with the scan forced gives the same stretches."""
    import dataclasses

    from policytext.rules import targets

    ctx = context_of((CORPUS / "raw" / report).read_text(encoding="utf-8"))
    sentences = [ctx.text[a:b] for a, b in zip(*ctx.sentence_bounds(), strict=True)]
    sentences += ["去年增长5%，今年增长6%。", "比上年增长8%", "回顾过去增长8%", "2018年增长5.2%"]
    gated = [targets._past_spans(s, 2026) for s in sentences]
    w = targets._words()
    forced = dataclasses.replace(w, past_words_need_year=False)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(targets, "_words", lambda: forced)
        scanned = [targets._past_spans(s, 2026) for s in sentences]
    assert w.past_words_need_year
    assert gated == scanned
    assert any(gated)


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(["了", "过去", "去年", "过去年", "要", "将", "推进", "全力争", "甲", "，"]),
        max_size=40,
    ),
    st.integers(0, 6),
    st.sampled_from([-0.5, 0.0, 0.04, 0.25, 0.5, 0.6, 1.0, 3.0]),
)
def test_looking_back_counted_as_far_as_needed_is_the_plain_count(
    pieces: list[str], minimum: int, ratio: float
) -> None:
    """The verdicts read with the words counted only as far as they need give what the whole
    counts of the words of looking back and ahead give."""
    from policytext.rules.targets import _keeps_looking_back, _looks_back_in, _words

    body = "".join(pieces)
    w = _words()
    past = len(w.past_words_re.findall(body))
    plan = len(w.plan_words_re.findall(body))
    assert _looks_back_in(body, minimum, ratio) == (past >= minimum and past > ratio * plan)
    assert _keeps_looking_back(body, ratio) == (past >= ratio * plan)


@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(1, 6)), min_size=1, max_size=12),
    st.lists(st.integers(0, 80), max_size=20),
    st.data(),
)
def test_sentences_holding_offsets_walked_as_bisected(
    gaps: list[tuple[int, int]], offsets: list[int], data: st.DataObject
) -> None:
    """The sentences holding a quantity start, found by walking the sentences along the
    quantities, are those a bisect per quantity finds (sentences in order, with gaps
    between them as the spaces and line breaks a sentence leaves out)."""
    import bisect

    from policytext.rules.targets import _sentences_holding

    starts, ends, pos = [], [], 0
    for gap, size in gaps:
        starts.append(pos + gap)
        ends.append(pos + gap + size)
        pos = ends[-1]
    lo = data.draw(st.integers(0, len(starts) - 1))
    hi = data.draw(st.integers(lo + 1, len(starts)))
    held = sorted(x for x in offsets if starts[lo] <= x < ends[hi - 1])
    want = set()
    for x in held:
        i = bisect.bisect_right(starts, x, lo, hi) - 1
        if x < ends[i]:
            want.add(i)
    assert _sentences_holding(starts, ends, held, lo, hi) == want
