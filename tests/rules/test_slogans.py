"""The slogan cascade: golden examples per rule, fields, mentions, speed, and the dev gold."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import policytext
from policytext import patterns
from policytext.patterns import leftmost_longest, leftmost_longest_by_find
from policytext.rules.context import Context
from policytext.rules.slogans import (
    _NEXT_QUOTES,
    RULES,
    FormFinder,
    _emphasis_re,
    _followers_re,
    _head_after,
    _head_inside_word,
    _numbered_re,
    explain_slogans,
    find_slogans,
    load_common_words,
    load_slogan_rules,
    parse_numeral,
)
from testdata import CORPUS, GOLD, PATHOLOGICAL_SECONDS, SEED

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "slogans_rules.json"
CASES = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]


def slogans_of(text: str) -> dict[str, policytext.Slogan]:
    return {s.text: s for s in find_slogans(Context(text=text))}


# --- golden examples, one or more per rule -----------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[f"{c['rule']}:{c['text'][:12]}" for c in CASES])
def test_golden_case(case: dict[str, object]) -> None:
    text = str(case["text"])
    decisions: dict[str, list[str]] = {}
    for d in explain_slogans(Context(text=text)):
        decisions.setdefault(d.candidate.text, []).append(d.rule)
    expect = case["expect"]
    assert isinstance(expect, list)
    expected: dict[str, list[str]] = {}
    for item in expect:
        expected.setdefault(item["text"], []).append(item["rule"])
    for t, rules in expected.items():
        assert t in decisions, f"{t} is not a candidate"
        # one rule named: the text's last mention; several: each mention's, in the text's order
        got = decisions[t][-1:] if len(rules) == 1 else decisions[t]
        assert got == rules, f"{t}: decided by {got}"
    wanted = {item["text"] for item in expect if not item["rule"].startswith("reject_")}
    found = set(slogans_of(text))
    assert found == wanted


def test_every_rule_has_a_golden_case() -> None:
    covered = {item["rule"] for c in CASES for item in c["expect"]}
    assert {r.name for r in RULES} - {"reject_page_debris"} <= covered


def test_golden_cases_are_written_for_the_test() -> None:
    assert all(c.get("constructed") is True for c in CASES)


def test_rules_are_named_and_ordered() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert names.index("reject_inside_word") < names.index("lexicon")
    assert names[-1] == "reject_no_evidence"
    assert all(r.accept == (not r.name.startswith("reject_")) for r in RULES)
    # the rules that can decide an unquoted stretch say so
    assert {r.name for r in RULES if not r.quoted_only} == {
        "reject_inside_word",
        "lexicon",
        "reject_bare_form",
        "numbered_formula",
        "formula_family",
    }


def test_a_quoted_word_without_evidence_is_not_a_slogan() -> None:
    # the default is to reject: ordinary words, old or new, in quotes are not formulas
    rules = {
        d.candidate.text: d.rule
        for d in explain_slogans(Context(text="让“老手艺”焕发新生，把“金钥匙”用好。"))
    }
    assert rules == {"老手艺": "reject_no_evidence", "金钥匙": "reject_no_evidence"}


def test_structure_outranks_the_emphasis_filters() -> None:
    # an enumeration followed by an attitude word, a count after a metaphor verb
    s = slogans_of("以“马上办、网上办”的实干精神，当好“两个先行者”。")
    assert set(s) == {"马上办、网上办", "两个先行者"}


def test_longest_formula_of_a_family_and_word_boundaries() -> None:
    s = slogans_of("全面推行河湖长制，抓实林长制。围绕创新发展理念，贯彻新发展理念。")
    assert set(s) == {"河湖长制", "林长制", "新发展理念"}
    (m,) = s["新发展理念"].mentions
    assert m.start == len("全面推行河湖长制，抓实林长制。围绕创新发展理念，贯彻")
    # the front grows over the characters that fill it in the lexicon, not over a verb
    assert set(slogans_of("深化实化河湖林长制。")) == {"河湖林长制"}


def test_a_quoted_list_named_by_its_count_is_one_slogan() -> None:
    text = "实施“青年科技英才托举计划、银龄教师援教计划、甲乙乡村工匠计划”三项计划。"
    assert set(slogans_of(text)) == {"青年科技英才托举计划、银龄教师援教计划、甲乙乡村工匠计划"}
    # without the count, parts this long are a description
    assert slogans_of("实施“青年科技英才托举计划、银龄教师援教计划、甲乙乡村工匠计划”。") == {}


def test_common_words_load_and_serve_the_evidence() -> None:
    words = load_common_words()
    assert len(words) > 50_000
    assert {"硬骨头", "指挥棒", "发展"} <= words.keys()
    assert "放管服" not in words
    assert all(2 <= len(w) <= 4 for w in words)


def test_page_debris_before_the_first_section() -> None:
    text = "下载 “打印” 全屏\n政府工作报告\n一、工作回顾\n深化“放管服”改革。"
    ctx = Context(text=text, sections=policytext.parse_text(text).sections)
    rules = {d.candidate.text: d.rule for d in explain_slogans(ctx)}
    assert rules == {"打印": "reject_page_debris", "放管服": "lexicon"}


def test_a_brand_inside_the_quote_is_a_formula_when_a_place_of_the_gazetteer_takes_it_up() -> None:
    assert slogans_of("打造“诚信长沙品牌”。")["诚信长沙品牌"].rule == "policy_head"
    assert slogans_of("打造“诚信青禾品牌”。") == {}  # (an invented place: no place takes it up)


@pytest.mark.parametrize(
    ("after", "rule"),
    [
        ("奖", "reject_title"),
        ("大奖", "reject_title"),
        ("示范奖", "reject_title"),
        ("奖项", "reject_title"),
        ("荣誉称号", "reject_title"),
        ("院士", "reject_title"),
        ("考核奖惩", "lexicon"),
        ("奖补资金", "lexicon"),
        ("奖优罚劣", "lexicon"),
        ("改革获奖", "lexicon"),
        ("获金奖", "lexicon"),
        ("荣获大奖", "lexicon"),
        ("获一等奖", "lexicon"),
        ("得奖", "lexicon"),
    ],
)
def test_a_form_of_the_lexicon_before_an_award_names_the_award(after: str, rule: str) -> None:
    text = f"云岭县完善“雪亮工程”{after}办法。"
    (d,) = explain_slogans(Context(text=text))
    assert d.rule == rule


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # an award named after a quote, or won by what the quote names (a product is a
        # named thing, a practice a formula)
        ("青禾县“甲乙丙”一等奖。", "reject_title"),
        ("青禾县“甲乙丙”示范奖。", "reject_title"),
        ("青禾县“云岭甜橙”获金奖。", "reject_named_thing"),
        ("青禾县“云岭甜橙”荣获大奖。", "reject_named_thing"),
        ("“青禾模式”获一等奖。", "policy_head"),
        ("“青禾云岭”改革获奖。", "policy_head"),
        # a follower read across two other words names nothing (发|展演|变, 思|路演|进)
        ("推进“禾岭共治”理念发展演变。", "policy_head"),
        ("“禾岭共治”展演精彩纷呈。", "reject_event_name"),
        # 力行 is a word, but 为专 none: 暴力行为 is the problem noun
        ("开展整治“禾岭”等暴力行为专项行动。", "reject_problem"),
        ("“禾岭”进行为期三天的调研。", "reject_no_evidence"),
        # 正在 is no 在 of an event frame, 中医药 no 中 closing one, and 的 stands between
        ("正在推进“禾岭”中逐步完善。", "reject_no_evidence"),
        ("在推进“禾岭”中医药改革。", "policy_head"),
        ("在“禾岭双百”的中欧合作框架下推进。", "numeral_formula"),
        ("在“禾岭双百”中获得第一。", "reject_event"),
        # an award named after a quote, though 获奖 or 颁奖 follows it; 获奖励 wins no prize
        ("表彰“禾岭工程”奖获奖作品。", "reject_title"),
        ("召开“禾岭”奖颁奖大会。", "reject_title"),
        ("“甲乙丙丁”获奖励资金。", "abbreviation"),
        # a bare 贯通 after a text built on numerals is a figure; 全线贯通 finishes a road
        ("推动“三链同构”融会贯通。", "numbered_formula"),
        ("“三禾岭线”全线贯通。", "reject_built_name"),
        # an ordinal ranks a batch, it counts nothing
        ("入选全国第二批“禾岭”改革试点。", "policy_head"),
        ("新建8个“禾岭”。", "reject_counted_thing"),
        # 号 that begins a word (号角, 号召) marks no vessel
        ("吹响“三产融合”号角。", "numbered_formula"),
        ("“禾岭者”号完成万米下潜。", "reject_built_name"),
        # an event's head ending the last part of an enumeration names no event
        ("推行“减材料、减时限、减环节”改革。", "enumeration"),
        ("举办“禾岭文化节”。", "reject_event"),
        # a text ending in 奖 shaped as a formula is a scheme of rewards
        ("实行“多干多奖”政策。", "parallel_formula"),
        ("实行“以补代投、先建后奖”政策。", "enumeration"),
        ("荣获“禾岭文学奖”。", "reject_title"),
    ],
)
def test_the_frame_of_one_quote(text: str, rule: str) -> None:
    (d,) = explain_slogans(Context(text=text))
    assert d.rule == rule


def test_the_shortest_code_of_digits_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from policytext.rules import slogans

    text = "推进“42”和“425”。"
    assert set(slogans_of(text)) == {"425"}
    shorter = _RULES.model_copy(update={"code_min_length": 2})
    monkeypatch.setattr(slogans, "load_slogan_rules", lambda: shorter)
    assert set(slogans_of(text)) == {"42", "425"}


# --- fields ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "numeral"),
    [
        ("三大攻坚战", 3),
        ("五位一体", 5),
        ("四个全面", 4),
        ("三农", 3),
        ("双碳", 2),
        ("双一流", 2),
        ("3个100", 3),
        ("十大文化", 10),
        ("五个一工程", 5),
        ("放管服", None),
        ("两学一做", None),
        ("一带一路", None),
        ("一区多园", None),
        ("十四五", None),
        ("2+1", None),
        ("两不愁、三保障", None),
        ("一窗受理、集成服务", None),
        ("一批青禾", None),  # a word that counts nothing (一批, 三角) opens no count
        ("三角禾岭", None),
    ],
)
def test_parse_numeral(text: str, numeral: int | None) -> None:
    assert parse_numeral(text) == numeral


def test_fields_of_a_quoted_lexicon_formula() -> None:
    s = slogans_of("纵深推进“放管服”改革，始终把“三农”工作放在突出位置。")
    fm = s["放管服"]
    assert (fm.quoted, fm.numeral, fm.head, fm.rule) == (True, None, "改革", "lexicon")
    assert fm.expansion == ("简政放权", "放管结合", "优化服务")
    assert fm.category == "national"
    assert s["三农"].expansion == ("农业", "农村", "农民")
    assert s["三农"].numeral == 3


def test_head_and_category_of_a_campaign() -> None:
    s = slogans_of("深入开展“五河共治”专项行动。")["五河共治"]
    assert (s.numeral, s.head, s.category) == (5, "专项行动", "campaign")


def test_expansion_listed_before_a_numbered_formula() -> None:
    s = slogans_of("新材料、新能源、数字经济三大先导产业规模突破4000亿元。")
    assert s["三大先导产业"].expansion == ("新材料", "新能源", "数字经济")
    s = slogans_of("抓好“山水、民俗、红色、康养”四大特色旅游工程。")
    assert s["四大特色旅游工程"].expansion == ("山水", "民俗", "红色", "康养")
    # a partial list (等) or a count that differs gives no expansion
    assert (
        slogans_of("茶叶、中药材、林果等十大乡村特色产业。")["十大乡村特色产业"].expansion is None
    )
    assert slogans_of("新材料、新能源三大先导产业。")["三大先导产业"].expansion is None


def test_the_last_two_parts_of_an_expansion_split_at_a_joining_word_only() -> None:
    s = slogans_of("青禾、云岭与甲乙三大先导产业加快发展。")
    assert s["三大先导产业"].expansion == ("青禾", "云岭", "甲乙")
    # 和 inside a word (和平, 和谐) joins no parts
    s = slogans_of("青禾、云岭、和平三大先导产业加快发展。")
    assert s["三大先导产业"].expansion == ("青禾", "云岭", "和平")
    assert slogans_of("青禾、云岭、社会和谐四大产业集群。")["四大产业集群"].expansion is None


def test_an_expansion_longer_than_its_window_is_not_cut_short() -> None:
    parts = ["青禾新材料先进制造", "云岭新能源绿色制造", "甲乙数字经济智能制", "丙丁生物医药健康产"]
    parts += ["戊己现代物流服务业", "庚辛文化旅游新名片"]
    text = "加快" + "、".join(parts) + "六大先导产业发展。"
    assert slogans_of(text)["六大先导产业"].expansion is None
    assert slogans_of("，" + "、".join(parts) + "六大先导产业发展。")[
        "六大先导产业"
    ].expansion == tuple(parts)


def test_a_head_is_a_whole_word_after_the_quote_and_no_predicate() -> None:
    s = slogans_of("落实“双碳”节能降耗要求，建设“一带一路”节点城市，坚持“两个毫不动摇”推进改革。")
    assert s["双碳"].head == "节能降耗要求"  # (not 节, which begins 节能)
    assert s["一带一路"].head is None  # (节 begins 节点)
    assert s["两个毫不动摇"].head is None  # (推进改革 is what is done, no noun of the quote)


def test_a_verb_governing_a_list_is_no_part_of_its_expansion() -> None:
    s = slogans_of("培育青禾制造、云岭服务、甲乙农业三大产业集群。")
    assert s["三大产业集群"].expansion == ("青禾制造", "云岭服务", "甲乙农业")
    s = slogans_of("加快培育青禾制造、云岭服务、甲乙农业三大产业集群。")  # two verbs
    assert s["三大产业集群"].expansion == ("青禾制造", "云岭服务", "甲乙农业")
    # members that are each a verb and its object keep their verbs
    s = slogans_of("实施“建设青禾、发展云岭、振兴禾岭”三大战略。")
    assert s["三大战略"].expansion == ("建设青禾", "发展云岭", "振兴禾岭")
    s = slogans_of("实施建设美丽青禾、发展云岭、振兴禾岭三大战略。")  # (unequal lengths)
    assert s["三大战略"].expansion == ("建设美丽青禾", "发展云岭", "振兴禾岭")


def test_category_of_a_local_formula() -> None:
    s = slogans_of("打造更有温度的“江西服务”，推动“湘字号”品牌出湘。")
    assert s["江西服务"].category == "local"
    assert s["湘字号"].category == "local"
    assert slogans_of("深化“放管服”改革。")["放管服"].category == "national"


def test_text_has_no_quotes_and_spans_index_the_text() -> None:
    text = "统筹推进“五位一体”总体布局，协调推进“四个全面”战略布局。"
    for s in find_slogans(Context(text=text)):
        assert "“" not in s.text and "”" not in s.text
        assert text[s.start : s.end] == s.text
        for m in s.mentions:
            assert text[m.start : m.end] == m.text


def test_one_slogan_per_text_with_all_mentions() -> None:
    text = "深化“放管服”改革。“放管服”改革成效明显。以最多跑一次为目标，推行“最多跑一次”。"
    s = slogans_of(text)
    assert len(s["放管服"].mentions) == 2
    runs = s["最多跑一次"]
    assert runs.quoted
    assert [m.start for m in runs.mentions] == [
        text.index("最多跑一次"),
        text.index("“最多跑一次") + 1,
    ]
    assert runs.start == runs.mentions[0].start


def test_a_bare_repeat_glued_into_a_longer_word_or_code_is_no_mention() -> None:
    # 扩|大开放 and 456|7 hold the quoted formulas' characters without mentioning them
    text = "推进服务业扩大开放，建立“大开放”协同机制；建成项目4567个，完善“456”响应机制。"
    s = slogans_of(text)
    assert [m.start for m in s["大开放"].mentions] == [text.index("“大开放") + 1]
    assert [m.start for m in s["456"].mentions] == [text.index("“456") + 1]
    assert s["大开放"].start == text.index("“大开放") + 1


def test_a_bare_repeat_inside_a_decimal_number_is_no_mention() -> None:
    text = "落实“425”工作法，粮食总产量425.3万吨，坚持“425”不动摇，产值3.425亿元。"
    (s,) = slogans_of(text).values()
    assert [m.start for m in s.mentions] == [3, 27]


def test_place_names_hold_no_count() -> None:
    assert parse_numeral("四川省青禾通") is None
    assert parse_numeral("三湘青禾") is None
    assert parse_numeral("三湘四水") is None
    assert parse_numeral("四水") == 4


def test_a_formula_with_and_without_its_enumeration_commas_is_one_slogan() -> None:
    s = find_slogans(Context(text="青禾县落实“藏粮于地、藏粮于技”。云岭县藏粮于地藏粮于技见效。"))
    assert [x.text for x in s] == ["藏粮于地、藏粮于技"]
    assert len(s[0].mentions) == 2
    assert s[0].canonical == "藏粮于地、藏粮于技"


@pytest.mark.parametrize("first", [True, False])
def test_the_lexicon_vouches_for_a_slogan_whichever_of_its_forms_comes_first(
    first: bool, tmp_path: Path
) -> None:
    # the lexicon knows the formula only with its comma; the report writes it both ways
    path = tmp_path / "local.toml"
    path.write_text(
        '[[slogan]]\ntext = "禾丰三年、岭秀五年"\nexpansion = ["禾丰三年", "岭秀五年"]\n',
        encoding="utf-8",
    )
    parts = ["青禾县实施“禾丰三年岭秀五年”。", "云岭县实施“禾丰三年、岭秀五年”。"]
    doc = policytext.parse_text("".join(parts if first else parts[::-1]), lexicons=[path])
    (s,) = doc.slogans
    assert (s.rule, s.canonical, s.expansion) == (
        "lexicon",
        "禾丰三年、岭秀五年",
        ("禾丰三年", "岭秀五年"),
    )
    assert len(s.mentions) == 2


def test_a_list_of_places_formulas_gives_each_the_head_they_share() -> None:
    # (places of the gazetteer: a list of invented ones would not be one of places' formulas)
    s = find_slogans(Context(text="推进长沙市“禾丰”、海淀区“岭秀”、余杭区“甲秀”战略。"))
    assert [(x.text, x.head) for x in s] == [("禾丰", "战略"), ("岭秀", "战略"), ("甲秀", "战略")]


def test_two_written_forms_of_one_formula_are_two_slogans_of_one_canonical(
    tmp_path: Path,
) -> None:
    path = tmp_path / "local.toml"
    path.write_text('[[slogan]]\ntext = "禾丰岭秀工程"\naliases = ["禾岭工程"]\n', encoding="utf-8")
    doc = policytext.parse_text("青禾县实施“禾岭工程”，云岭县实施“禾丰岭秀工程”。", lexicons=[path])
    s = {x.text: x for x in doc.slogans}
    assert set(s) == {"禾岭工程", "禾丰岭秀工程"}
    assert s["禾岭工程"].canonical == s["禾丰岭秀工程"].canonical == "禾丰岭秀工程"
    assert [len(x.mentions) for x in s.values()] == [1, 1]
    # a formula the lexicon does not hold is its own canonical, with or without its commas
    s = slogans_of("实施“青禾+”行动，推进“甲乙、丙丁”，落实“甲乙丙丁”改革。")
    assert set(s) == {"青禾+", "甲乙、丙丁"}
    assert s["青禾+"].canonical == "青禾+"
    assert [m.text for m in s["甲乙、丙丁"].mentions] == ["甲乙、丙丁", "甲乙丙丁"]


def test_a_quote_of_the_beginning_of_a_lexicon_form_that_its_rest_follows_is_that_formula(
    tmp_path: Path,
) -> None:
    path = tmp_path / "local.toml"
    path.write_text('[[slogan]]\ntext = "禾苗行动"\n', encoding="utf-8")
    text = "青禾县启动“禾苗”行动，云岭县“禾苗”长势良好，甲乙县获“禾苗”行动奖。"
    doc = policytext.parse_text(text, lexicons=[path])
    (s,) = doc.slogans
    assert (s.text, s.rule, s.head, s.canonical) == ("禾苗", "lexicon", "行动", "禾苗行动")
    assert [m.start for m in s.mentions] == [text.index("禾苗")]


def test_unquoted_hit_inside_a_quote_is_not_a_second_slogan() -> None:
    s = slogans_of("落实“三大攻坚战”部署，完善承包地“三权”分置。")
    assert set(s) == {"三大攻坚战", "三权"}
    assert len(s["三大攻坚战"].mentions) == 1


def test_section_of_the_first_mention() -> None:
    doc = policytext.parse_text(
        "一、工作回顾\n推进“放管服”改革。\n二、工作安排\n深化“放管服”改革。"
    )
    (s,) = doc.slogans
    assert s.section == doc.sections[0].id


def test_other_quotation_marks() -> None:
    text = '深化『放管服』改革，推进「多证合一」和"双随机、一公开"，实行‘青禾通办’。'
    assert set(slogans_of(text)) == {"放管服", "多证合一", "双随机、一公开", "青禾通办"}


def test_single_quotes_inside_a_quote_leave_the_outer_quote_whole() -> None:
    # the outer quote is read as one stretch (here quoted speech), not split at the inner one;
    # the inner quote is judged on its own, as any quote is
    outer = "守好‘青禾通办’这条线，甲乙丙丁一刻不放松"
    text = f"按照“{outer}”的部署推进，守好‘一线’。"
    decisions = {d.candidate.text: d for d in explain_slogans(Context(text=text))}
    assert decisions[outer].rule == "reject_quoted_speech"
    inner = decisions["青禾通办"]
    assert inner.candidate.quoted and inner.accepted
    assert text[inner.candidate.start - 1 : inner.candidate.end + 1] == "‘青禾通办’"
    assert not decisions["一线"].accepted  # (a single-quoted stretch alone: a quote as before)


def test_empty_and_plain_text() -> None:
    assert find_slogans(Context(text="")) == []
    assert find_slogans(Context(text="今年地区生产总值增长6%左右。")) == []


# --- user lexicons ----------------------------------------------------------------------------


def test_user_lexicon_adds_a_local_formula(tmp_path: Path) -> None:
    path = tmp_path / "local.toml"
    path.write_text(
        '[[slogan]]\ntext = "山海福地"\ncategory = "local"\nexpansion = ["山", "海"]\n',
        encoding="utf-8",
    )
    text = "擦亮山海福地城市品牌。"
    assert slogans_of(text) == {}
    doc = policytext.parse_text(text, lexicons=[path])
    (s,) = doc.slogans
    assert (s.text, s.quoted, s.category, s.expansion) == ("山海福地", False, "local", ("山", "海"))


# --- speed and robustness ----------------------------------------------------------------------


def test_unbalanced_quotes_stay_fast() -> None:
    text = "“" * 100_000 + "放管服"
    t0 = time.perf_counter()
    find_slogans(Context(text=text))
    assert time.perf_counter() - t0 < PATHOLOGICAL_SECONDS


def test_one_megabyte_line_stays_fast() -> None:
    sentence = (
        "深化“放管服”改革，打好三大攻坚战，落实八项规定精神，加快建设现代化产业体系，"
        "推动经济实现质的有效提升和量的合理增长，城镇新增就业45万人以上，"
        "居民消费价格涨幅控制在3%左右，持续改善生态环境质量，"
        "着力保障和改善民生，扎实推进共同富裕，不断增强人民群众获得感幸福感安全感。"
    )
    text = (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]
    assert "\n" not in text
    t0 = time.perf_counter()
    result = find_slogans(Context(text=text))
    assert time.perf_counter() - t0 < PATHOLOGICAL_SECONDS
    assert {s.text for s in result} >= {"放管服", "三大攻坚战", "八项规定"}


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet='“”「」"三大攻坚战放管服八项规定两个一带路，。、\n', max_size=200))
def test_spans_always_index_the_text(text: str) -> None:
    result = find_slogans(Context(text=text))
    assert len({s.text for s in result}) == len(result)
    for s in result:
        assert s.mentions and (s.start, s.end) == (s.mentions[0].start, s.mentions[0].end)
        for m in s.mentions:
            assert text[m.start : m.end] == m.text


# --- scans: the quick ways find what the plain ones find ---------------------------------------


def _alternation_hits(text: str, forms: list[str]) -> list[tuple[int, int, str]]:
    """What a regex alternation of `forms`, longest first, finds: the plain definition."""
    pattern = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
    return [(m.start(), m.end(), m.group()) for m in re.finditer(pattern, text)]


_SCAN_CHARS = "甲乙丙丁戊己]-^\\+"  # a few characters, and some that a character class escapes
_SCAN_TEXTS = st.text(alphabet=_SCAN_CHARS, max_size=120)
_SCAN_FORMS = st.lists(
    st.text(alphabet=_SCAN_CHARS, min_size=1, max_size=5), min_size=1, max_size=8
)


@settings(max_examples=300, deadline=None)
@given(_SCAN_TEXTS, _SCAN_FORMS)
def test_form_finder_and_str_find_find_what_an_alternation_finds(
    text: str, forms: list[str]
) -> None:
    expected = _alternation_hits(text, forms)
    assert FormFinder.of(forms).find_all(text) == expected
    assert leftmost_longest_by_find(text, forms) == expected
    assert leftmost_longest(text, forms) == expected


@settings(max_examples=300, deadline=None)
@given(_SCAN_TEXTS, _SCAN_FORMS)
def test_short_and_long_forms_read_by_two_finders_find_what_an_alternation_finds(
    text: str, forms: list[str]
) -> None:
    # (a share of 0: the short forms get a finder of their own however many they are)
    assert patterns._by_finders(text, forms, short_share=0) == _alternation_hits(text, forms)
    by_start = {}
    for m in re.finditer(
        f"(?=({'|'.join(map(re.escape, sorted(set(forms), key=len, reverse=True)))}))", text
    ):
        by_start[m.start()] = (m.start(), m.start() + len(m.group(1)), m.group(1))
    assert FormFinder.of(forms).longest_at(text) == sorted(by_start.values())


def test_the_forms_of_a_report_of_common_length_are_found_by_str_find(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a report of 20,000 characters and sixty forms: compiling a finder for them costs more than
    # a search per form
    forms = [f"{a}{b}{c}行动" for a in "甲乙丙丁戊" for b in "山水林" for c in "东西南北"]
    filler = "坚持稳中求进工作总基调，统筹发展和安全，着力扩大内需，持续改善民生"
    text = "。".join(f"{filler}，推进{forms[(i * 7) % len(forms)]}" for i in range(480))
    assert 19_000 < len(text) < 22_000

    def one_scan(text: str, forms: list[str]) -> list[tuple[int, int, str]]:
        raise AssertionError("a finder compiled for a report of common length")

    monkeypatch.setattr(patterns, "_by_finders", one_scan)
    assert leftmost_longest(text, forms) == _alternation_hits(text, forms)


def test_many_forms_in_a_long_text_are_found_in_one_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    # a report ten times as long has several times the forms: str.find per form would grow with
    # the square of the length
    forms = [f"{a}{b}{c}行动" for a in "甲乙丙丁戊" for b in "山水林田湖" for c in "东西南北"]
    # (a name now and then in a long stretch of other text, as in a report)
    filler = "坚持稳中求进工作总基调，统筹发展和安全，着力扩大内需，持续改善民生"
    text = "。".join(f"{filler}，推进{forms[(i * 7) % len(forms)]}" for i in range(6000))

    def per_form(text: str, forms: list[str]) -> list[tuple[int, int, str]]:
        raise AssertionError("the text scanned once per form")

    monkeypatch.setattr(patterns, "leftmost_longest_by_find", per_form)
    assert leftmost_longest(text, forms) == _alternation_hits(text, forms)


_RULES = load_slogan_rules()


def _numbered_plain() -> re.Pattern[str]:
    """The numbered-formula pattern as first written: a lookbehind opens it. Its heads are the
    rules' heads, and a closing head (攻坚) ends a formula only where no longer one goes on to
    another head (七大攻坚，; not 十大攻坚提升行动)."""
    r = _RULES
    heads = "|".join(map(re.escape, sorted(r.numbered_heads, key=len, reverse=True)))
    stops = re.escape(r.modifier_stop_chars)
    if r.numbered_closing_heads:
        going_on = rf"(?:(?![{stops}])[\u4e00-\u9fff]){{0,{r.numbered_max_modifier}}}?(?:{heads})"
        closing = "|".join(map(re.escape, r.numbered_closing_heads))
        heads = f"{heads}|(?:{closing})(?!{going_on})"
    return re.compile(
        rf"(?<![第\d零〇{re.escape(r.numerals)}百千万])(?P<num>[二两三四五六七八九十]{{1,2}})大"
        rf"(?P<mod>(?:(?![{stops}])[\u4e00-\u9fff]){{0,{r.numbered_max_modifier}}}?)"
        rf"(?P<head>{heads})"
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="第0一二两三十百大主导产业集群工程攻坚战的甲，", max_size=60))
@example("三大甲的产业集群，两大主导产业")  # a modifier stops at 的
@example("三大攻坚")  # a closing head ends the formula where no other head follows
def test_numbered_pattern_finds_what_a_lookbehind_first_finds(text: str) -> None:
    quick = [(m.span(), m.groupdict()) for m in _numbered_re(_RULES).finditer(text)]
    plain = [(m.span(), m.groupdict()) for m in _numbered_plain().finditer(text)]
    assert quick == plain


def test_the_numerals_of_the_rules_are_characters_not_a_range() -> None:
    # a sign among the numerals stays itself: 三-百 must not become the range that holds 各
    rules = _RULES.model_copy(update={"numerals": "一二三-"})  # (百 follows them)
    assert _numbered_re(rules).search("各三大攻坚战") is not None
    assert _numbered_re(rules).search("-三大攻坚战") is None


# heads, a verb, a word a head goes on into (战略性), one read across words (进行动员)
_HEAD_ALPHABET = "改革建设发展工作总基调体系示范区甲乙的和“”等、，推进性行动员"


def _head_after_plain(text: str, at: int) -> str | None:
    """The head after a slogan as first written: every end of every head word, then the last
    one within the compound gap of the first."""
    r = _RULES
    skip = _NEXT_QUOTES.match(text, at)
    at = skip.end() if skip else at
    m = re.compile("[\u4e00-\u9fff]+").match(text, at, at + r.head_max_length)
    if m is None:
        return None
    run = re.split(f"[{re.escape(r.head_stop_chars)}]", m.group(), maxsplit=1)[0]
    if run.startswith(r.head_verbs):
        return None  # the quote is a verb's object (“甲”推进改革)
    heads = tuple({*r.head_words, *r.policy_heads})  # (as the rules compile them)
    ends = [
        k
        for k in range(1, len(run) + 1)
        for h in r.head_words
        if run[:k].endswith(h) and not _head_inside_word(run, k - len(h), k, heads)
    ]
    if not ends:
        return None
    k = max(e for e in ends if e <= ends[0] + r.head_compound_gap)
    ext = next((e for e in r.head_extensions if run.startswith(e, k)), "")
    return run[: k + len(ext)]


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="改革建设发展工作总基调体系示范区甲乙的和“”等、，推进性行动员", max_size=40)
)
@example("工作甲乙体系")  # a second head just past the compound gap is not taken
@example("工作甲体系建设")  # one within it is, grown by a trailing 建设
@example("“丙十条”“丁十条”等政策")  # a chain of quotes sharing the head
def test_head_after_finds_what_the_plain_walk_finds(text: str) -> None:
    for at in range(len(text) + 1):
        assert _head_after(text, at, _RULES) == _head_after_plain(text, at)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="热线专直通车广场大厦贯甲12，", max_size=16), st.integers(0, 8))
def test_followers_pattern_answers_as_an_alternation(text: str, gap: int) -> None:
    followers = _RULES.line_followers + _RULES.built_followers + _RULES.completion_followers
    plain = "|".join(map(re.escape, sorted(followers, key=len, reverse=True)))
    expected = re.match(f"[\u4e00-\u9fff\\d]{{0,{gap}}}?(?:{plain})", text) is not None
    assert (_followers_re(followers, gap).match(text) is not None) == expected


def test_an_alternation_of_no_words_matches_nothing() -> None:
    assert re.compile(patterns.alternation([])).search("甲乙") is None
    assert re.fullmatch(patterns.alternation(["改革", "改革试点"]), "改革试点") is not None
    # nor does a list of emphasis words with none of two characters or more
    assert _emphasis_re(frozenset({"甲"})).search("甲乙") is None
    assert _emphasis_re(frozenset({"甲乙"})).search("丙甲乙") is not None


@pytest.mark.parametrize("field", ["head_verbs", "not_event_endings", "reception_predicates"])
def test_a_list_of_words_holds_no_empty_word(field: str) -> None:
    rules = load_slogan_rules().model_dump()
    rules[field] = [*rules[field], ""]
    with pytest.raises(ValidationError, match="empty string"):
        type(_RULES).model_validate(rules)


@pytest.mark.parametrize(
    "field",
    [
        "modifier_stop_chars",
        "part_separators",
        "speech_marks",
        "phrase_chars",
        "numerals",
        "formula_numerals",
    ],
)
def test_a_set_of_characters_may_not_be_empty(field: str) -> None:
    rules = load_slogan_rules().model_dump()
    rules[field] = ""
    with pytest.raises(ValidationError):
        type(_RULES).model_validate(rules)


def test_the_pattern_of_a_rank_must_name_its_evaluation() -> None:
    rules = load_slogan_rules().model_dump()
    rules["rank_after_pattern"] = "^(?:中)?第[一二三]名"
    with pytest.raises(ValidationError, match="evaluation"):
        type(_RULES).model_validate(rules)
    rules["rank_after_pattern"] = "^(?P<evaluation>中)?第[一二三]名"
    assert type(_RULES).model_validate(rules).rank_after_pattern.startswith("^(?P<evaluation>")


def test_a_sibling_does_not_reach_across_a_line_break() -> None:
    def rules_of(text: str) -> dict[str, str]:
        return {d.candidate.text: d.rule for d in explain_slogans(Context(text=text))}

    assert rules_of("云岭市推动“最多跑一次”“客运进城”。")["客运进城"] == "sibling_formula"
    # two quotes on two lines are not side by side
    assert rules_of("云岭市推动“最多跑一次”\n“客运进城”。")["客运进城"] != "sibling_formula"


@pytest.mark.parametrize("indent", ["", "\u3000\u3000", "    ", " " * 12, "\t\t"])
def test_a_glossary_line_is_found_however_it_is_indented(indent: str) -> None:
    text = f"附件\n名词解释\n{indent}12.\u3000金融扶持“禾丰直达”：\n指涉农贷款直接发放到户。\n"
    decisions = explain_slogans(Context(text=text))
    assert [(d.candidate.text, d.rule) for d in decisions] == [("禾丰直达", "glossary_term")]


def test_rule_lists_load() -> None:
    rules = load_slogan_rules()
    assert "点赞" in rules.emphasis
    assert "铁路" in rules.built_heads


# --- the dev gold -----------------------------------------------------------------------------


def _gold_f1(gold_name: str, path: Path) -> float:
    gold = json.loads((GOLD / gold_name).read_text(encoding="utf-8"))
    want = {s["text"] for s in gold["slogans"] if not s.get("optional")}
    free = {s["text"] for s in gold["slogans"] if s.get("optional")}
    got = {s.text for s in policytext.parse(path).slogans}
    tp = len(got & want)
    fp = len(got - want - free)
    fn = len(want - got)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@pytest.mark.parametrize("variant", ["raw", "segmented"])
@pytest.mark.parametrize("doc", ["beijing_2026", "hailaer_2018"])
def test_dev_gold_f1(doc: str, variant: str) -> None:
    assert _gold_f1(f"{doc}.json", CORPUS / variant / f"{doc}.txt") >= 0.95


def test_seed_gold_f1() -> None:
    assert _gold_f1("jinzhou_2019_part2.json", SEED) >= 0.95


def test_gold_not_slogans_are_rejected() -> None:
    for name, path in [
        ("beijing_2026", CORPUS / "raw" / "beijing_2026.txt"),
        ("hailaer_2018", CORPUS / "raw" / "hailaer_2018.txt"),
        ("jinzhou_2019_part2", SEED),
    ]:
        gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
        got = {s.text for s in policytext.parse(path).slogans}
        bad = {n.split(" (")[0] for n in gold["not_slogans"]}
        assert not got & bad, name


# --- the common-word list -----------------------------------------------------------------------


def test_results_do_not_depend_on_jieba(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    text = "深化“放管服”改革，推动“数改智转”，啃下“硬骨头”，落实“马上办、网上办”。"
    expected = [(s.text, s.rule) for s in find_slogans(Context(text=text))]
    monkeypatch.setitem(sys.modules, "jieba", None)  # `import jieba` now fails
    assert [(s.text, s.rule) for s in find_slogans(Context(text=text))] == expected
    assert [t for t, _ in expected] == ["放管服", "数改智转", "马上办、网上办"]


def test_a_digit_is_a_decimal_digit_not_a_footnote_mark() -> None:
    # ① and ² are digits to `str.isdigit`, but mark a note or a power, and count nothing
    assert slogans_of("推行“青禾①”，推进“云岭²”建设。") == {}
    assert set(slogans_of("推行“青禾1”，推进“云岭2”建设。")) == {"青禾1", "云岭2"}


def test_a_head_that_needs_a_modifier_can_modify_a_longer_numbered_formula() -> None:
    found = slogans_of("推进五大经济板块协同发展，落实三大任务。")
    assert set(found) == {"五大经济板块"}  # (三大任务: a plain count of tasks)
    assert found["五大经济板块"].numeral == 5


def test_a_long_straight_quote_leaves_the_next_pair_whole() -> None:
    long = "青禾云岭要坚持高质量发展推进乡村全面振兴建设宜居宜业和美乡村打造一流营商环境"
    text = f'报告指出"{long}"，推进"禾岭通办"改革。'
    assert set(slogans_of(text)) == {"禾岭通办"}


def test_a_mention_turned_down_for_a_frame_the_list_look_overturns_is_kept() -> None:
    # the first mention is first a brand's name, then a member of the list its count numbers;
    # the second mention, turned down for the first one's frame, is a mention again
    text = "打造“青禾云岭”“甲乙丙丁”两大品牌。推进“青禾云岭”改革。"
    found = slogans_of(text)["青禾云岭"]
    assert [(m.start, m.end) for m in found.mentions] == [(3, 7), (22, 26)]


def test_a_programme_made_local_needs_a_place_not_ordinary_words() -> None:
    # a brand's word before ordinary words, not a place: 幸福 + 养老 + 餐厅
    (d,) = explain_slogans(Context(text="打造“幸福养老餐厅”。"))
    assert d.rule == "reject_no_evidence"


def test_a_long_frame_of_aims_is_a_description() -> None:
    # 以…为 spans as much of a quote as a quote may hold
    text = "坚持“以禾岭化、云岭化、甲乙化、丙丁化、戊己化、庚辛化、壬癸化为方向”。"
    (d,) = explain_slogans(Context(text=text))
    assert d.rule == "reject_description"


@pytest.mark.parametrize(
    "text",
    [
        "实施“青禾”“云岭”“甲乙”三项计划。",
        "推进“放管服”“禾岭通办”改革，推动“请进来”“走出去”。",
        "推行“安心购物”、“先行赔付”双承诺，打造“青禾”“云岭”等品牌活动。",
        "授予“甲乙丙”“丁戊己”称号，荣获“禾岭文明城市”“双拥模范城”，深化“放管服”改革。",
    ],
)
@pytest.mark.parametrize("marks", ['""', "「」", "『』", "‘’"])
def test_every_pair_of_quotation_marks_reads_alike(text: str, marks: str) -> None:
    other = text.replace("“", marks[0]).replace("”", marks[1])

    def fields(t: str) -> list[tuple[object, ...]]:
        return [(s.text, s.quoted, s.numeral, s.head, s.rule) for s in slogans_of(t).values()]

    assert fields(other) == fields(text)
    assert fields(text)  # (the cases hold formulas)


def test_a_lexicon_form_written_without_its_enumeration_commas_is_that_formula(
    tmp_path: Path,
) -> None:
    path = tmp_path / "local.toml"
    path.write_text(
        '[[slogan]]\ntext = "禾丰三年、岭秀五年"\nexpansion = ["禾丰三年", "岭秀五年"]\n',
        encoding="utf-8",
    )
    text = "推进“禾丰三年岭秀五年”，坚持禾丰三年岭秀五年。"
    (s,) = find_slogans(Context(text=text, user_lexicons=(path,)))
    assert (s.text, s.rule, s.canonical) == ("禾丰三年岭秀五年", "lexicon", "禾丰三年、岭秀五年")
    assert s.expansion == ("禾丰三年", "岭秀五年")
    assert len(s.mentions) == 2  # (the unquoted repeat too)


def mention_spans(text: str) -> dict[str, list[tuple[int, int]]]:
    return {t: [(m.start, m.end) for m in s.mentions] for t, s in slogans_of(text).items()}


def test_an_unquoted_repeat_inside_another_formula_or_code_is_no_mention() -> None:
    # inside another formula's mention
    found = mention_spans("推进“禾岭通办”，建设五大禾岭通办工程，建设禾岭通办平台。")
    assert found["禾岭通办"] == [(3, 7), (22, 26)]
    assert found["五大禾岭通办工程"] == [(11, 19)]
    # inside a longer code: 2+1 in 2+1+N is not 2+1
    assert mention_spans("实施“2+1”模式，推广2+1+N模式，深化2+1改革。")["2+1"] == [(3, 6), (22, 25)]


def test_an_open_front_grows_over_no_word_before_it() -> None:
    # 田 ends 农田, a word before the formula: it is 湖长制, not 田湖长制
    assert set(slogans_of("保护好农田湖长制落实到位。")) == {"湖长制"}
    assert set(slogans_of("全面落实田湖长制。")) == {"田湖长制"}


def test_a_long_straight_quote_leaves_the_quotes_inside_it() -> None:
    long = "坚持高质量发展，深化“三链同构”改革，全力推进青禾实践取得新成效，奋力谱写云岭新篇章"
    assert set(slogans_of(f'会议指出"{long}"。')) == {"三链同构"}


def test_a_long_list_of_places_formulas_shares_the_head_after_it() -> None:
    places = ["长沙", "岳阳", "常德", "衡阳", "株洲", "湘潭", "邵阳"] * 2
    names = [a + b for a in "禾岭" for b in "甲乙丙丁戊己庚"]
    text = "推进" + "、".join(f"{p}“{n}”" for p, n in zip(places, names, strict=True)) + "战略。"
    decisions = explain_slogans(Context(text=text))
    assert len(decisions) == 14
    assert all(d.rule == "policy_head" for d in decisions)


def test_a_form_counted_only_quoted_takes_no_bare_mention() -> None:
    # the housing formula quoted, then the same words counting three works of the report's own
    text = "稳步实施“三大工程”。推进东区、西区、南区三大工程建设。"
    (slogan,) = find_slogans(Context(text=text))
    assert slogan.text == "三大工程"
    assert [(m.start, m.end) for m in slogan.mentions] == [(5, 9)]
