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
        ("2026年天津市政府工作报告\n——2026年1月20日在天津市第十八届人民代表大会第五次会议上",
         "天津市", 2026),
        ("政府工作报告\n—2019年3月5日在思明区第十七届人民代表大会第四次会议上", "思明区", 2019),
        ("2026年甘肃省人民政府工作报告\n各位代表：", "甘肃省", 2026),
        ("2026年政府工作报告\n——2026年1月23日在贵州省第十四届人民代表大会", "贵州省", 2026),
        ("政府工作报告\n（2027年1月20日在云岭省第十五届人民代表大会第三次会议上）", "云岭省", 2027),
        ("政府工作报告\n(2027年1月20日在青禾市第九届人民代表大会第二次会议上)", "青禾市", 2027),
        ("政府工作报告\n——2027年1月20日在云岭省第十五届\n人民代表大会第三次会议上", "云岭省", 2027),
        ("（2027年1月19日在云岭省政协第十三届委员会第三次会议上）\n2027年云岭省政府工作报告",
         "云岭省", 2027),
        ("2027年青禾市政府工作报告\n（2026年9月1日在青禾市第九届人民代表大会常务委员会第十次会议上）",
         "青禾市", 2027),
        ("政府工作报告\n（2026年12月28日在青禾市第九届人民代表大会常委会第二十次会议上）",
         None, None),
        ("政府工作报告\n——2027年1月20日在青禾区第十七届人大第三次会议上", "青禾区", 2027),
        ("2027年云岭省政府工作报告\n（2026年1月21日在云岭省第十五届人民代表大会第二次会议上）",
         "云岭省", 2027),
        ("2027年青禾市政府工作报告\n（2027年1月15日在云岭省第十五届人民代表大会第三次会议上）",
         "青禾市", 2027),
        ("政府工作报告\n（2026年1月21日在青禾市第九届人民代表大会第一次会议上确定的目标全面完成）",
         None, None),
        ("（2026年1月18日在青禾市第九届人民代表大会第一次会议上）\n政府工作报告\n"
         "——2027年1月20日在青禾市第九届人民代表大会第二次会议上", "青禾市", 2027),
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
        ("海洋生产总值", "海洋生产总值"),  # not GDP: matched whole, never as a substring
        ("单位地区生产总值能耗", "单位地区生产总值能耗"),
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


def test_track_cli_leaves_the_old_output_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import policytext.cli.track as track_cli
    from policytext.cli import main

    out = tmp_path / "t.csv"
    out.write_text("old", encoding="utf-8")
    files = [str(p) for p in sorted((CORPUS / "raw").glob("hailaer_201[45].txt"))]

    def half_then_interrupted(rows: object, fh: object) -> None:
        assert not isinstance(fh, Path)  # an open temporary file, not the target
        fh.write("place,year\n")  # type: ignore[attr-defined]
        raise KeyboardInterrupt

    monkeypatch.setattr(track_cli, "write_csv", half_then_interrupted)
    assert main(["track", *files, "-o", str(out)]) == 130
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]  # no temporary file left


def test_track_needs_years() -> None:
    doc = policytext.parse_text("一、工作安排\n地区生产总值增长6%。")
    with pytest.raises(policytext.PolicyTextError, match="no year"):
        track([doc])


def _report(place: str, year: int, last_gdp: str, gdp: str, marine: bool = True) -> str:
    """A short report of an invented place: last year's GDP growth, this year's targets."""
    marine_target = "海洋生产总值增长9%；" if marine else ""
    return (
        f"{year}年{place}政府工作报告\n一、{year - 1}年工作回顾\n"
        f"过去一年，全市地区生产总值增长{last_gdp}%。\n二、{year}年工作安排\n"
        f"主要预期目标是：地区生产总值增长{gdp}%左右；{marine_target}城镇新增就业2万人。"
    )


@pytest.fixture(scope="module")
def two_places() -> list[policytext.Document]:
    texts = [
        _report("青禾市", 2026, "5", "6"),
        _report("云岭市", 2026, "4", "5"),
        _report("云岭市", 2027, "4.5", "5"),  # 云岭's 2026 target of 5% -> 4.5%: missed
        _report("青禾市", 2027, "6.2", "6"),  # 青禾's 2026 target of 6% -> 6.2%: met
    ]
    return [policytext.parse_text(t) for t in texts]


def test_track_keeps_each_place_apart(two_places: list[policytext.Document]) -> None:
    rows = track(two_places)
    assert [(r.place, r.year) for r in rows] == sorted((r.place, r.year) for r in rows)
    assert {r.place for r in rows} == {"青禾市", "云岭市"}
    judged = {(r.place, r.year, r.indicator_key): (r.outcome_value, r.status)
              for r in rows if r.status != "unknown"}  # fmt: skip
    assert judged == {
        ("云岭市", 2026, "gdp"): (Decimal("4.5"), "missed"),
        ("青禾市", 2026, "gdp"): (Decimal("6.2"), "met"),
    }
    gdp = next(r for r in rows if r.indicator_key == "gdp")
    assert gdp.kind == "growth" and gdp.indicator == "地区生产总值"
    jobs = next(r for r in rows if r.indicator_key == "urban_new_jobs")
    assert jobs.kind == "count"


def test_track_place_filter(two_places: list[policytext.Document]) -> None:
    rows = track(two_places, place="云岭市")
    assert rows and {r.place for r in rows} == {"云岭市"}
    assert track(two_places, place="甲乙县") == []


def test_a_qualified_indicator_is_never_paired_with_gdp(
    two_places: list[policytext.Document],
) -> None:
    # The marine GDP target of 9% meets only GDP outcomes in the next report: it stays unknown.
    marine = [r for r in track(two_places) if r.indicator == "海洋生产总值"]
    assert len(marine) == 4
    assert all(r.indicator_key is None and r.status == "unknown" for r in marine)


def test_a_report_without_place_joins_the_only_place() -> None:
    named = policytext.parse_text(_report("青禾市", 2026, "5", "6"))
    unnamed = policytext.parse_text(_report("青禾市", 2027, "6.2", "6").replace("青禾市", "", 1))
    assert unnamed.place is None
    rows = track([named, unnamed])
    assert {r.place for r in rows} == {"青禾市"}
    assert any(r.status == "met" for r in rows)


def test_track_cli_several_places_warns(
    tmp_path: Path, two_places: list[policytext.Document], capsys: pytest.CaptureFixture[str]
) -> None:
    from policytext.cli import main

    files = []
    for i, doc in enumerate(two_places):
        path = tmp_path / f"r{i}.txt"
        path.write_text(doc.original, encoding="utf-8")
        files.append(str(path))
    assert main(["track", *files]) == 0
    captured = capsys.readouterr()
    assert "2 places" in captured.err and "--place" in captured.err
    header, *lines = captured.out.splitlines()
    assert header.split(",")[:5] == ["place", "year", "indicator", "indicator_key", "kind"]
    assert [line.split(",")[0] for line in lines] == sorted(line.split(",")[0] for line in lines)
    assert main(["track", *files, "--place", "青禾市"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and "云岭市" not in captured.out
    assert main(["track", *files, "--place", "甲乙县"]) == 1
    assert "甲乙县" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["a.txt=²", "a.txt=20x6", "a.txt=", "2026", "a.txt=٢٠٢٦"])
def test_track_year_option_is_checked(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    from policytext.cli import main

    with pytest.raises(SystemExit) as info:
        main(["track", "--year", value, "a.txt"])
    assert info.value.code == 2
    assert "FILE=YEAR" in capsys.readouterr().err


def test_judge_reads_the_key_set_on_a_target() -> None:
    # An indicator name the lexicon does not know, keyed by hand as a lower-is-better rate.
    t = _target("青禾登记失业率", "~", "4").model_copy(
        update={"indicator_key": "registered_unemployment"}
    )
    assert judge(t, Decimal("4.2")) == "missed"
    assert judge(_target("青禾登记失业率", "~", "4"), Decimal("4.2")) == "met"
