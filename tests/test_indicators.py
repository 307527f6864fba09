"""Canonical indicators: whole names and their variants get a key, qualified names do not.

Every name here is written for this test (invented places: 青禾, 云岭); none comes from a report.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import policytext
from policytext.indicators import (
    Indicator,
    _Lexicon,
    indicator_key,
    indicators,
    is_indicator,
    key_of,
    with_keys,
)
from policytext.models import Target
from testdata import ROOT


@pytest.mark.parametrize(
    ("name", "kind", "key"),
    [
        ("地区生产总值", "growth", "gdp"),
        ("全县地区生产总值", "growth", "gdp"),
        ("全州生产总值", "level", "gdp"),
        ("国内生产总值", "growth", "gdp"),
        ("GDP", "growth", "gdp"),
        ("经济", "growth", "gdp"),  # 经济增长5.5%左右
        ("经济增速", "growth", "gdp"),
        ("经济增长预期目标", "level", "gdp"),  # the name says growth, whatever the kind
        ("全省经济", "growth", "gdp"),
        ("居民消费价格指数（CPI）涨幅", "level", "cpi"),
        ("居民消费价格总水平涨幅", "level", "cpi"),
        ("全区地区生产总值年均增速", "growth", "gdp"),
        ("2028年地区生产总值", "level", "gdp"),
        ("“十六五”时期地区生产总值增速", "growth", "gdp"),
        ("提出地区生产总值", "growth", "gdp"),
        ("居民消费价格指数", "growth", "cpi"),
        ("居民消费价格涨幅", "level", "cpi"),
        ("全州城镇新增就业", "count", "urban_new_jobs"),
        ("新增城镇就业", "count", "urban_new_jobs"),
        ("城镇调查失业率平均值", "level", "surveyed_unemployment"),
        ("城镇登记失业率", "level", "registered_unemployment"),
        ("万元GDP能耗", "growth", "energy_intensity"),
        ("单位GDP能耗降低", "growth", "energy_intensity"),
        ("单位国内生产总值二氧化碳排放量", "growth", "co2_intensity"),
        ("单位GDP碳排放", "growth", "co2_intensity"),
        ("全社会固定资产投资", "growth", "fixed_asset_investment"),
        ("县本级固定资产投资", "growth", "fixed_asset_investment"),  # a scope word in front
        ("市本级一般公共预算收入", "level", "public_budget_revenue"),
        ("社会消费品零售总额", "growth", "retail_sales"),
        ("地方一般公共预算收入", "growth", "public_budget_revenue"),
        ("公共财政预算收入", "growth", "public_budget_revenue"),
        ("外贸进出口总额", "growth", "trade"),
        ("出口总额", "growth", "exports"),
        ("全体居民人均可支配收入", "growth", "per_capita_income"),
        ("城镇常住居民人均可支配收入", "growth", "urban_income"),
        ("农牧民人均纯收入", "growth", "rural_income"),
        ("粮食总产量", "level", "grain_output"),
        ("规上工业增加值增速", "growth", "industrial_value_added"),
        ("研发经费投入强度", "level", "rd_intensity"),
        ("研发经费支出相当于地区生产总值的比例", "level", "rd_intensity"),
        ("R&D经费投入占GDP比重", "level", "rd_intensity"),
        ("森林覆盖率", "level", "forest_coverage"),
        ("研究与试验发展（R&D）经费投入强度", "level", "rd_intensity"),  # a gloss in brackets
        ("地区生产总值（GDP）", "growth", "gdp"),
        ("全省常住人口城镇化率", "level", "urbanization_rate"),
    ],
)
def test_names_and_variants_get_their_key(name: str, kind: str, key: str) -> None:
    assert indicator_key(name, kind) == key


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("海洋生产总值", "growth"),  # a qualifier in front: marine GDP
        ("云岭新区地区生产总值", "growth"),  # a part of the place
        ("青禾湾区经济总量", "level"),
        ("旅游业增加值占地区生产总值比重", "level"),  # a share of GDP
        ("规模以上工业增加值占全市比重", "level"),
        ("单位地区生产总值水耗", "growth"),  # per unit of GDP: another indicator
        ("单位地区生产总值安全事故死亡率", "level"),
        ("经济", "level"),  # 经济 names GDP only in a growth figure
        ("数字经济", "growth"),
        ("民营经济增加值", "growth"),
        ("高校毕业生就业", "count"),
        ("脱贫地区农村居民人均可支配收入", "growth"),
        ("户籍人口城镇化率", "level"),
        ("森林蓄积量", "level"),
        ("工业", "growth"),
        ("", None),
    ],
)
def test_qualified_or_unknown_names_have_no_key(name: str, kind: str | None) -> None:
    assert indicator_key(name, kind) is None


@pytest.mark.parametrize(
    ("name", "not_key"),
    [
        ("人均地区生产总值", "gdp"),
        ("单位地区生产总值能耗", "gdp"),
        ("研发经费投入相当于地区生产总值的比例", "gdp"),
        ("城镇居民人均可支配收入", "per_capita_income"),
        ("出口", "trade"),
    ],
)
def test_a_longer_name_is_not_the_name_it_contains(name: str, not_key: str) -> None:
    assert indicator_key(name, "growth") not in (not_key, None)


def _target(indicator: str, kind: str = "growth") -> Target:
    return Target.model_validate(
        {"start": 0, "end": 1, "text": "x", "rule": "t", "indicator": indicator,
         "value": "6", "unit": "%", "kind": kind, "direction": "up"}
    )  # fmt: skip


def test_key_of_and_with_keys() -> None:
    bare = _target("全市地区生产总值")
    assert bare.indicator_key is None  # a model built by hand carries no key until set
    assert key_of(bare) == "gdp"
    keyed = with_keys([bare, _target("海洋生产总值")])
    assert [t.indicator_key for t in keyed] == ["gdp", None]
    assert with_keys(keyed) == keyed
    # a key set by the user is kept
    assert key_of(bare.model_copy(update={"indicator_key": "mine"})) == "mine"


def test_parse_sets_the_key_on_targets_and_outcomes() -> None:
    doc = policytext.parse_text(
        "2027年青禾市政府工作报告\n一、2026年工作回顾\n过去一年，全市地区生产总值增长5.1%。\n"
        "二、2027年工作安排\n主要预期目标是：经济增长4.5%左右；海洋生产总值增长8%；"
        "城镇新增就业1.2万人。"
    )
    keys = {t.indicator: t.indicator_key for t in doc.targets}
    assert keys == {"经济": "gdp", "海洋生产总值": None, "城镇新增就业": "urban_new_jobs"}
    assert [(o.indicator_key, o.value) for o in doc.outcomes] == [("gdp", Decimal("5.1"))]


def test_is_indicator_is_an_exact_name() -> None:
    assert is_indicator("地区生产总值") and is_indicator("公共财政预算收入")
    assert not is_indicator("全省地区生产总值") and not is_indicator("海洋生产总值")


def test_required_keys_exist() -> None:
    keys = {e.key for e in indicators()}
    required = {
        "gdp", "cpi", "urban_new_jobs", "surveyed_unemployment", "registered_unemployment",
        "energy_intensity", "co2_intensity", "fixed_asset_investment", "retail_sales",
        "public_budget_revenue", "trade", "exports", "per_capita_income", "urban_income",
        "rural_income", "grain_output", "industrial_value_added", "rd_intensity",
        "forest_coverage", "urbanization_rate",
    }  # fmt: skip
    assert required <= keys


def test_readme_table_lists_every_key() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {key: (name, rest) for key, name, rest in
            re.findall(r"^\| `([a-z0-9_]+)` \| (\S+) \|(.*)$", readme, flags=re.M)}  # fmt: skip
    assert {e.key: e.name for e in indicators()} == {k: v[0] for k, v in rows.items()}
    for e in indicators():
        for name in (*e.synonyms, *e.growth):
            assert f"`{name}`" in rows[e.key][1], f"README: {e.key} does not list {name}"


def test_lexicon_schema_refuses_a_name_under_two_keys() -> None:
    entries = [Indicator(key="a", name="甲指标"), Indicator(key="b", name="乙指标",
                                                              synonyms=("甲指标",))]  # fmt: skip
    with pytest.raises(ValueError, match="under both"):
        _Lexicon(indicators=tuple(entries))
    with pytest.raises(ValueError, match="appears twice"):
        _Lexicon(indicators=(Indicator(key="a", name="甲"), Indicator(key="a", name="乙")))


@pytest.mark.parametrize("pattern", ["^甲乙指数$", "甲乙指数$", "甲(?=乙)", "(?<!丙)甲乙", r"\b甲"])
def test_lexicon_schema_refuses_a_pattern_that_reads_around_its_match(pattern: str) -> None:
    # a name is declined when no stretch of it matches a pattern: true only for patterns whose
    # match does not depend on the text around it
    with pytest.raises(ValueError, match="no anchors or lookarounds"):
        _Lexicon(indicators=(Indicator(key="a", name="甲", patterns=(pattern,)),))


def test_lexicon_schema_takes_a_negated_class_and_an_escaped_dollar() -> None:
    patterns = ("甲[^乙]{1,3}指数", r"甲\$")
    assert _Lexicon(indicators=(Indicator(key="a", name="甲", patterns=patterns),))


@given(st.text(alphabet="增长速年均比上同较率平值12３\n按目标总体地区生产", max_size=12))
def test_trailing_start_is_the_trailing_search(core: str) -> None:
    """The trailing affix found by lookup agrees with the one pattern it stands for."""
    from policytext.indicators import _matcher

    m = _matcher()
    found = m.trailing.search(core)
    assert m.trailing_start(core) == (found.start() if found else None)


def _entry_by_every_core(indicator: str, growth: bool) -> Indicator | None:
    """The search without the prefilter: every core of the name looked up in turn."""
    from policytext.indicators import _matcher

    m = _matcher()
    name = re.sub(r"[（(][^（）()]*[）)]", "", re.sub(r"\s+", "", indicator))
    return next((e for core in m.cores(name) if (e := m.lookup(core, growth))), None)


_PIECES = [
    "全省",
    "地区生产总值",
    "GDP",
    "增长",
    "年均",
    "经济",
    "研发",
    "经费",
    "投入占",
    "比重",
    "单位",
    "碳排放",
    "强度",
    "甲乙",
    "2026年",
    "7",
    "人均",
    "（",
    "）",
    "(",
    ")",
    " ",
    "\u3000",
    "\n",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=6).map("".join), st.booleans())
def test_names_declined_by_the_prefilter_have_no_indicator(indicator: str, growth: bool) -> None:
    """The two searches that decline a name never decline one a core of which is an indicator,
    and blanks and glosses are dropped as the patterns drop them."""
    from policytext.indicators import _entry

    assert _entry.__wrapped__(indicator, growth) == _entry_by_every_core(indicator, growth)
