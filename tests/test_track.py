"""Tracking: place and year detection, indicator synonyms, judging, and hand-checked rows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import policytext
from policytext.meta import detect_place_year
from policytext.models import Target
from policytext.track import canonical_indicator, judge, track
from testdata import CORPUS


@pytest.mark.parametrize(
    ("head", "place", "year"),
    [
        ("2026年北京市政府工作报告\n——2026年1月25日在北京市第十六届人民代表大会第四次会议上",
         "北京市", 2026),
        ("政府工作报告\n—2018年3月7日在海拉尔区第十五届人民代表大会第二次会议上", "海拉尔区", 2018),
        ("2026年四川省人民政府工作报告\n各位代表：", "四川省", 2026),
        ("2026年政府工作报告\n——2026年1月28日在云南省第十四届人民代表大会", "云南省", 2026),
        ("各位代表：\n一、2025年工作回顾", None, None),
    ],
)  # fmt: skip
def test_detect_place_year(head: str, place: str | None, year: int | None) -> None:
    assert detect_place_year(head) == (place, year)


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("公共财政预算收入", "一般公共预算收入"),
        ("地方公共财政预算收入", "一般公共预算收入"),
        ("农民人均纯收入", "农村居民人均可支配收入"),
        ("农村牧区常住居民人均可支配收入", "农村居民人均可支配收入"),
        ("城镇常住居民人均可支配收入", "城镇居民人均可支配收入"),
        ("全区地区生产总值", "地区生产总值"),
        ("区本级固定资产投资", "固定资产投资"),
        ("鲜奶产量", "鲜奶产量"),
    ],
)
def test_canonical_indicator(name: str, canonical: str) -> None:
    assert canonical_indicator(name) == canonical


def _target(indicator: str, comparator: str, value: str, unit: str = "%") -> Target:
    return Target.model_validate(
        {"start": 0, "end": 1, "text": "x", "rule": "t", "indicator": indicator,
         "comparator": comparator, "value": value, "unit": unit, "kind": "growth",
         "direction": "up"}
    )  # fmt: skip


@pytest.mark.parametrize(
    ("indicator", "comparator", "target", "outcome", "status"),
    [
        ("地区生产总值", "=", "8", "8.9", "met"),
        ("地区生产总值", "~", "7.5", "7.2", "missed"),
        ("地区生产总值", ">=", "7", "7", "met"),
        ("地区生产总值", ">", "7", "7", "missed"),
        ("城镇登记失业率", "<=", "4", "3.79", "met"),
        ("城镇登记失业率", "~", "4", "4.2", "missed"),  # lower is better
        ("居民消费价格涨幅", "=", "3", "2.1", "met"),
        ("地区生产总值", "range", "6", "6.2", "met"),
    ],
)
def test_judge(indicator: str, comparator: str, target: str, outcome: str, status: str) -> None:
    assert judge(_target(indicator, comparator, target), Decimal(outcome)) == status


@pytest.fixture(scope="module")
def hailaer_rows() -> list[policytext.TrackRow]:
    docs = [policytext.parse(p) for p in sorted((CORPUS / "raw").glob("hailaer_20*.txt"))]
    return track(docs)


# Checked by hand against the texts: the target in year N's report, the outcome for year N in
# the review section of year N+1's report.
HAND_CHECKED = [
    (2014, "地区生产总值", "11", "%", "9.1", "missed"),  # 2015: 同比增长9.1%
    (2014, "地区生产总值", "282", "亿元", "274.4", "missed"),  # 2015: 完成274.4亿元
    (2014, "固定资产投资", "20", "%", "33.5", "met"),  # 区本级固定资产投资 同比增长33.5%
    (2014, "城镇登记失业率", "4", "%", "3.79", "met"),  # 控制在4%以内 -> 3.79%
    (2015, "地区生产总值", "8", "%", "8.9", "met"),  # 2016: 同比增长8.9%
    (2015, "地区生产总值", "296", "亿元", "287.9", "missed"),  # 2016: 达到287.9亿元
    (2015, "一般公共预算收入", "7", "%", "10.3", "met"),  # 公共财政预算收入, renamed
    (2016, "地区生产总值", "7.5", "%", "7.2", "missed"),  # 2017: 同比增长7.2%
    (2016, "一般公共预算收入", "5", "%", "13", "met"),  # 按可比口径增长13%
    (2016, "社会消费品零售总额", "9", "%", "9.5", "met"),
    (2017, "社会消费品零售总额", "10", "%", "6.9", "missed"),  # 2018: 同比增长6.9%
]


@pytest.mark.parametrize(("year", "indicator", "target", "unit", "outcome", "status"),
                         HAND_CHECKED)  # fmt: skip
def test_hailaer_rows_hand_checked(
    hailaer_rows: list[policytext.TrackRow],
    year: int,
    indicator: str,
    target: str,
    unit: str,
    outcome: str,
    status: str,
) -> None:
    found = [
        r for r in hailaer_rows
        if r.year == year and r.indicator == indicator and r.target_value == Decimal(target)
        and r.target_unit == unit
    ]  # fmt: skip
    assert found, f"no {year} row for {indicator} {target}{unit}"
    row = found[0]
    assert row.place == "海拉尔区"
    assert row.outcome_value == Decimal(outcome)
    assert row.status == status


def test_generic_indicators_do_not_align(hailaer_rows: list[policytext.TrackRow]) -> None:
    assert not [r for r in hailaer_rows if r.indicator == "投资" and r.status != "unknown"]


def test_track_cli_writes_csv(tmp_path: Path) -> None:
    from policytext.cli import main

    out = tmp_path / "t.csv"
    files = [str(p) for p in sorted((CORPUS / "raw").glob("hailaer_201[45].txt"))]
    assert main(["track", *files, "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("place,year,indicator")
    assert any(",2014,地区生产总值," in line and line.endswith(",missed") for line in lines)


def test_track_needs_years() -> None:
    doc = policytext.parse_text("一、工作安排\n地区生产总值增长6%。")
    with pytest.raises(policytext.PolicyTextError, match="no year"):
        track([doc])
