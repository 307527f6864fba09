"""The project cascade: golden examples per rule and trap, fields, mentions, speed, dev gold."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policytext
from policytext.errors import LexiconError
from policytext.lexicons import lexicon_path
from policytext.rules.context import Context
from policytext.rules.names import (
    abbreviates_places,
    described_name_evidence,
    is_common,
    jargon_run,
    name_evidence,
    place_word,
    proper_word,
    words,
)
from policytext.rules.projects import (
    RULES,
    ProjectLexicon,
    compiled,
    explain_projects,
    find_projects,
    load_project_lexicon,
)
from testdata import CORPUS, GOLD, PATHOLOGICAL_SECONDS, SEED

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "projects_rules.json"
CASES: list[dict[str, Any]] = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
GRAMMAR_FILE = Path(__file__).resolve().parents[1] / "golden" / "projects_grammar.json"
GRAMMAR: list[dict[str, Any]] = json.loads(GRAMMAR_FILE.read_text(encoding="utf-8"))["cases"]
RULE_NAMES = {name for name, _ in RULES}


def projects_of(text: str) -> dict[str, policytext.Project]:
    return {p.name: p for p in find_projects(Context(text=text))}


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['rule']}:{case['text'][:14]}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_golden_case(case: dict[str, Any]) -> None:
    found = projects_of(case["text"])
    for want in case["expect"]:
        assert want["name"] in found, f"{want['name']} not found in {sorted(found)}"
        got = found[want["name"]]
        rule = want.get("rule", case["rule"])
        assert got.rule == rule
        for key in ("status", "category"):
            if key in want:
                assert getattr(got, key) == want[key], key
    for name in case.get("absent", []):
        assert name not in found, f"{name} is not a project"


@pytest.mark.parametrize("case", GRAMMAR, ids=lambda c: f"{c['category']}:{c['text'][:10]}")
def test_grammar_case(case: dict[str, Any]) -> None:
    """Invented sentences, one per kind of evidence: status classes, coordination, names,
    unknown heads, quantities, phases, and phrases that are no project."""
    found = projects_of(case["text"])
    for want in case["expect"]:
        assert want["name"] in found, f"{want['name']} not found in {sorted(found)}"
        got = found[want["name"]]
        for key in ("rule", "status", "category"):
            if key in want:
                assert getattr(got, key) == want[key], (want["name"], key)
    for name in case.get("absent", []):
        assert name not in found, f"{name} is not a project"


def test_every_rule_has_a_golden_case() -> None:
    covered = {e.get("rule", c["rule"]) for c in CASES for e in c["expect"]}
    covered |= {e["rule"] for c in GRAMMAR for e in c["expect"] if "rule" in e}
    assert covered == RULE_NAMES  # every expectation names a rule of the cascade
    assert any(c["rule"] == "traps" and not c["expect"] for c in CASES)
    kinds = {c["category"].split(":")[0] for c in GRAMMAR}
    assert kinds >= {"status", "coordination", "name", "quantity", "phase", "false positive"}
    assert any(not c["expect"] for c in GRAMMAR)


def test_golden_cases_name_their_source() -> None:
    for case in CASES:
        src = case["source"]
        assert src in ("constructed", SEED.stem) or (CORPUS / "raw" / f"{src}.txt").exists()


def test_lists_before_a_generic_tail_are_split_with_the_status_distributed() -> None:
    found = projects_of("山前时代广场、禾下冷链物流中心等一批项目相继投入运营。")
    assert [(p.name, p.status) for p in found.values()] == [
        ("山前时代广场", "投入运营"),
        ("禾下冷链物流中心", "投入运营"),
    ]


def test_names_are_cut_without_leading_verbs_or_trailing_list_words() -> None:
    found = projects_of("加快推进山前溪下游段水环境综合治理和滨湖路二期等重点工程建设。")
    assert set(found) == {"山前溪下游段水环境综合治理", "滨湖路二期"}
    for name in found:
        assert not name.startswith(("加快", "推进")) and not name.endswith(("等", "项目", "工程"))


def test_span_text_and_mentions() -> None:
    text = "围绕禾下冷链物流中心布局配送网。山前时代广场、禾下冷链物流中心等项目相继投入运营。"
    p = projects_of(text)["禾下冷链物流中心"]
    assert text[p.start : p.end] == p.text == "禾下冷链物流中心"
    assert [m.start for m in p.mentions] == [2, text.rindex("禾下冷链物流中心")]
    assert p.start == p.mentions[0].start
    assert all(text[m.start : m.end] == m.text for m in p.mentions)


def test_distributed_name_keeps_its_evidence_span() -> None:
    text = "实施青禾路、云岭路、安置区配套道路绿化工程。"
    p = projects_of(text)["青禾路绿化工程"]
    assert p.text == text[p.start : p.end]
    assert p.text.startswith("青禾路")


def test_one_project_per_distinct_name_and_variants_merge() -> None:
    text = "“青禾汇”购物中心改建项目年内封顶。明年，“青禾汇”购物中心、禾下商业综合体建成开业。"
    names = [p.name for p in find_projects(Context(text=text))]
    assert len(names) == len(set(names))
    assert "“青禾汇”购物中心" in names
    assert not any(n != "“青禾汇”购物中心" and "青禾汇" in n for n in names)


def test_role_and_section_come_from_the_context(seed_doc: policytext.Document) -> None:
    projects = {p.name: p for p in seed_doc.projects}
    p = projects["锦赤白珠乔铁路"]
    assert p.role == "plan"
    assert p.section is not None
    assert seed_doc.text[p.start : p.end] == p.text


def test_explain_shows_what_was_read_and_declined() -> None:
    text = "加快推进云岭河石门段生态综合治理、沿江路四期等重点工程建设。实施临港项目建设。"
    decisions = explain_projects(Context(text=text))
    accepted = {d.name: d.rule for d in decisions if d.rule}
    assert accepted == {"云岭河石门段生态综合治理": "named_work", "沿江路四期": "head_noun"}
    declined = [d for d in decisions if d.rule is None]
    assert declined and all(d.text == "临港" and d.name is None for d in declined)
    assert set(accepted) == {p.name for p in find_projects(Context(text=text))}


def test_explain_gives_the_reason_of_a_refusal() -> None:
    decisions = explain_projects(Context(text="实施云岭人才引育工程，开展平安社区、文明村镇建设。"))
    reasons = {d.text: d.reason for d in decisions if d.rule is None}
    assert reasons["云岭人才引育工程"] == "programme"
    assert all(reasons.values())
    assert all(d.reason is None for d in decisions if d.rule is not None)


def test_explain_agrees_with_find_on_the_seed(seed_doc: policytext.Document) -> None:
    ctx = Context(text=seed_doc.text)
    named = {d.name for d in explain_projects(ctx) if d.rule}
    assert {p.name for p in find_projects(ctx)} <= named


def test_no_match_is_an_empty_list() -> None:
    assert find_projects(Context(text="")) == []
    assert find_projects(Context(text="坚持稳中求进工作总基调。")) == []


def test_long_line_without_punctuation_stays_fast() -> None:
    text = "推进产业园建设" * 150_000  # ~1 MB, one clause
    t0 = time.perf_counter()
    find_projects(Context(text=text))
    assert time.perf_counter() - t0 < PATHOLOGICAL_SECONDS


def test_many_short_clauses_stay_fast() -> None:
    text = "开工建设山前再生资源产业园和禾下静脉产业园等项目；" * 20_000
    t0 = time.perf_counter()
    found = find_projects(Context(text=text))
    assert time.perf_counter() - t0 < PATHOLOGICAL_SECONDS
    assert {p.name for p in found} == {"山前再生资源产业园", "禾下静脉产业园"}
    assert len(found[0].mentions) == 20_000


def test_many_distinct_projects_stay_fast() -> None:
    text = "".join(f"推进甲{i}乙产业园、丙{i}丁中心等项目建设，" for i in range(5_000))
    t0 = time.perf_counter()
    found = find_projects(Context(text=text))
    assert time.perf_counter() - t0 < PATHOLOGICAL_SECONDS
    assert len(found) == 10_000
    assert all(len(p.mentions) == 1 for p in found)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet="推进建设等项目工程、，。“”产业园中心大桥滨河路四期和及段0123锦州", max_size=80
    )
)
def test_any_text_gives_consistent_projects(text: str) -> None:
    for p in find_projects(Context(text=text)):
        assert text[p.start : p.end] == p.text
        assert p.rule in RULE_NAMES
        assert p.name and not p.name.endswith("等")
        assert all(text[m.start : m.end] == m.text for m in p.mentions)


def test_lexicon_validates_and_rejects_unknown_keys() -> None:
    lex = compiled().lex
    assert "产业园" in {w for g in lex.head for w in g.words}
    data = lex.model_dump()
    data["surprise"] = ["x"]
    with pytest.raises(ValueError):
        ProjectLexicon.model_validate(data)
    data.pop("surprise")
    for broken in (["  "], ["加快", "加快"]):
        with pytest.raises(ValueError):
            ProjectLexicon.model_validate({**data, "lead": broken})
    twice = [*data["head"], {"category": "另一类", "words": ["产业园"]}]
    with pytest.raises(ValueError, match="two categories"):
        ProjectLexicon.model_validate({**data, "head": twice})
    assert issubclass(LexiconError, ValueError)


def test_user_lexicon_extends_heads_and_lists(tmp_path: Path) -> None:
    text = "二、2026年工作安排\n加快红星万头奶牛养殖小区建设。"
    assert not policytext.parse_text(text).projects
    user = tmp_path / "local.toml"
    user.write_text(
        '[[slogan]]\ntext = "三变"\n\n'
        '[projects]\nlead = ["加快"]\n\n'
        '[[projects.head]]\ncategory = "养殖小区"\nwords = ["养殖小区"]\n\n'
        '[[projects.status]]\nclass = "completion"\nstrong = true\nwords = ["建成", "落成"]\n',
        encoding="utf-8",
    )
    doc = policytext.parse_text(text, lexicons=[user])
    assert [(p.name, p.category, p.status, p.role) for p in doc.projects] == [
        ("红星万头奶牛养殖小区", "养殖小区", "建设", "plan")
    ]
    lex = load_project_lexicon([user])
    assert "养殖小区" in {w for g in lex.head for w in g.words}
    assert lex.lead.count("加快") == 1
    # a status word listed by the user takes the user's class, once
    assert lex.status_after.count("建成") == 1 and lex.status_class("建成") == "completion"
    assert {"建成", "落成"} <= set(lex.strong_status)


def test_user_lexicon_flat_status_lists_still_read(tmp_path: Path) -> None:
    """Files written for the flat `status_after` / `strong_status` lists keep working."""
    user = tmp_path / "flat.toml"
    user.write_text(
        '[projects]\nstatus_after = ["落成", "建成"]\nstrong_status = ["落成"]\n', encoding="utf-8"
    )
    lex = load_project_lexicon([user])
    assert lex.status_class("落成") == "user-strong" and "落成" in lex.strong_status
    assert lex.status_class("建成") == "user" and lex.status_after.count("建成") == 1
    found = {p.name for p in policytext.parse_text("青禾大桥落成。", lexicons=[user]).projects}
    assert found == {"青禾大桥"}


def test_user_lexicon_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[projects]\nsurprise = ["x"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.toml"):
        load_project_lexicon([bad])
    other = tmp_path / "other.toml"
    other.write_text('[[slogan]]\ntext = "三变"\n', encoding="utf-8")
    assert load_project_lexicon([other]) == load_project_lexicon()


def test_lexicon_lists_no_dev_gold_name() -> None:
    """Heads, verbs and stop-words are data; project names are found by rules, never listed."""
    lex = compiled().lex
    words = {w for g in lex.head for w in g.words} | set(lex.status_after)
    for field in ProjectLexicon.model_fields:
        if field not in ("head", "status"):
            words.update(getattr(lex, field))
    golds = sorted(GOLD.glob("*.json"))
    assert len(golds) >= 7
    for gold in golds:
        for item in json.loads(gold.read_text(encoding="utf-8")).get("projects", []):
            if item.get("optional"):
                continue  # a facility named only by its type (客运站-like) may well be a head
            assert item["name"] not in words, (gold.name, item["name"])


@pytest.mark.parametrize("report", ["hailaer_2017.txt", "sichuan_2026.txt", "zhejiang_2026.txt"])
def test_raw_and_segmented_reports_give_the_same_projects(report: str) -> None:
    raw = policytext.parse(CORPUS / "raw" / report).projects
    seg = policytext.parse(CORPUS / "segmented" / report).projects
    assert raw, report
    assert [(p.name, p.status, p.rule, p.start) for p in raw] == [
        (p.name, p.status, p.rule, p.start) for p in seg
    ]


# -------------------------------------------------------------------------------------------
# The dev gold, scored the way the project scorer matches projects


def _f1(pred: list[str], gold: list[dict[str, Any]]) -> tuple[int, int, int]:
    used: set[int] = set()
    tp = fp = 0
    for name in dict.fromkeys(pred):
        hit = next(
            (
                i
                for i, g in enumerate(gold)
                if i not in used
                and (name in g["name"] or g["name"] in name)
                and min(len(name), len(g["name"])) >= 0.5 * max(len(name), len(g["name"]))
            ),
            None,
        )
        if hit is None:
            fp += 1
        else:
            used.add(hit)
            tp += 0 if gold[hit].get("optional") else 1
    fn = sum(1 for i, g in enumerate(gold) if i not in used and not g.get("optional"))
    return tp, fp, fn


def _dev_docs(variant: str) -> list[tuple[Path, list[dict[str, Any]]]]:
    out = []
    for name in ("hailaer_2018", "beijing_2026"):
        gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))["projects"]
        out.append((CORPUS / variant / f"{name}.txt", gold))
    seed_gold = json.loads((GOLD / "jinzhou_2019_part2.json").read_text(encoding="utf-8"))
    out.append((SEED, seed_gold["projects"]))
    return out


@pytest.mark.parametrize("variant", ["raw", "segmented"])
def test_dev_gold_project_f1(variant: str) -> None:
    tp = fp = fn = 0
    for path, gold in _dev_docs(variant):
        doc = policytext.parse(path)
        a, b, c = _f1([p.name for p in doc.projects], gold)
        tp, fp, fn = tp + a, fp + b, fn + c
        f1_doc = 2 * a / (2 * a + b + c)
        assert f1_doc >= 0.8, (path.name, a, b, c)
    assert 2 * tp / (2 * tp + fp + fn) >= 0.85


def test_quoted_name_has_one_mention_per_occurrence() -> None:
    text = "争取“禾山云铁路”年内开工建设。"
    (project,) = find_projects(Context(text=text))
    assert project.name == "禾山云铁路"
    assert [(m.start, m.end) for m in project.mentions] == [(3, 8)]


# -------------------------------------------------------------------------------------------
# Name evidence from the general dictionary (lexicons/words.txt)


def test_name_evidence_tells_names_from_kinds() -> None:
    assert name_evidence("青禾") == "青禾"  # a word the dictionary does not know
    assert proper_word("北京") == "北京" and name_evidence("北京") == "北京"  # a place
    assert name_evidence("LPG") == "LPG"  # Latin letters: a brand or a code
    for kind in ("污水处理", "四星级", "产业创新", "区域"):
        assert name_evidence(kind) is None, kind
    assert is_common("道路") and not is_common("青禾路") and not is_common("北京")


def test_places_of_the_gazetteer_are_evidence_of_a_name() -> None:
    """A prefecture the general dictionary holds as a common word is a place all the same;
    a place counts only where the words of the phrase begin and end."""
    assert is_common("包头") and place_word("包头国际陆港") == "包头"
    assert name_evidence("包头国际") == "包头"
    assert place_word("出海口综合服务港") is None  # 海口 inside 出海口
    assert place_word("青禾") is None and place_word("") is None


# The word lists derived from a package's data: (list, its script, the package, the data in the
# package's folder, the list's bound in bytes)
DERIVED = [
    ("places.txt", "derive_places.py", "cpca", "resources", 200_000),  # cpca's divisions
    ("words.txt", "derive_words.py", "jieba", "dict.txt", 2_000_000),  # jieba's dictionary
]


@pytest.mark.parametrize(("name", "script", "package", "data", "bound"), DERIVED)
def test_derived_list_has_a_header_naming_its_source_and_stays_small(
    name: str, script: str, package: str, data: str, bound: int
) -> None:
    path = lexicon_path(name)
    head = path.read_text(encoding="utf-8")[:800]
    assert package in head and script in head and "sha256" in head
    assert path.stat().st_size < bound


@pytest.mark.parametrize(("name", "script", "package", "data", "bound"), DERIVED)
def test_derived_list_matches_its_derivation(
    name: str, script: str, package: str, data: str, bound: int
) -> None:
    """The shipped list is what its script in `lexicons/` makes of the package's data."""
    module = pytest.importorskip(package)
    source = Path(module.__file__).resolve().parent / data
    out = subprocess.run(
        [sys.executable, str(lexicon_path(script)), str(source)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == lexicon_path(name).read_text(encoding="utf-8")


def test_words_cut_whole_dictionary_words() -> None:
    assert words("幸福家园") == ("幸福", "家园")
    assert "".join(words("青禾2×35万千瓦热电联产")) == "青禾2×35万千瓦热电联产"
    assert words("") == ()


def test_one_dictionary_serves_projects_and_slogans() -> None:
    """Projects' common words and slogans' known words are sections of the same file."""
    from policytext.lexicons import dictionary_words
    from policytext.rules.slogans import load_common_words

    sections = dictionary_words()
    assert set(sections) == {"common", "name", "proper", "proper_rare"}
    assert sum(map(len, sections.values())) == len(set().union(*sections.values()))
    known = load_common_words()
    assert is_common("道路") and "道路" in known
    assert proper_word("北京") == "北京" and "北京" in known


def test_projects_do_not_depend_on_jieba_being_installed() -> None:
    """The name test reads the shipped word list, never jieba: blocking its import changes
    nothing."""
    probe = (
        "import sys, json; sys.modules['jieba'] = None; import policytext; "
        "d = policytext.parse(sys.argv[1]); "
        "print(json.dumps([(p.name, p.rule, p.start) for p in d.projects], ensure_ascii=False))"
    )
    report = CORPUS / "raw" / "hailaer_2017.txt"
    out = subprocess.run(
        [sys.executable, "-c", probe, str(report)], capture_output=True, text=True, check=True
    )
    here = [[p.name, p.rule, p.start] for p in policytext.parse(report).projects]
    assert json.loads(out.stdout) == here and here


def test_a_two_character_coinage_before_a_described_head_must_abbreviate_places() -> None:
    """`储算` (two fields, one character each) is jargon; `汕漳` (汕头, 漳州) abbreviates places,
    `青禾` holds a character of names; a longer coinage or a proper noun still counts."""
    assert abbreviates_places("汕漳") and not abbreviates_places("储算")
    # provinces and prefectures abbreviate (蜀, 滇: 简称); a county's first character does not
    assert abbreviates_places("蜀滇") and not abbreviates_places("农旅")
    assert described_name_evidence("农旅融合") is None
    assert described_name_evidence("绿氢应用") is None  # 氢: rare, but in no person name
    assert name_evidence("储算融合发展") == "储算"
    assert described_name_evidence("储算融合发展") is None
    assert described_name_evidence("汕漳物流") == "汕漳"
    assert described_name_evidence("青禾国际") == "青禾"  # 禾: a character of names
    assert described_name_evidence("北京储算融合") == "北京"


def test_longer_unknown_run_of_jargon_pairs_is_no_name() -> None:
    # four characters of two compressed pairs (储算, 产训): jargon before a described head
    assert described_name_evidence("储算产训协同") is None
    assert described_name_evidence("碳氢储算融合") is None
    assert jargon_run("储算产训") and jargon_run("产训")
    # a pair with a character of names, an odd run, or a place of the gazetteer is a name
    assert described_name_evidence("青禾储算协同") == "青禾储算"
    assert described_name_evidence("储算禾协同") == "储算禾"
    assert described_name_evidence("储算万全基地") == "储算万全"
    assert not jargon_run("储算万全") and not jargon_run("青禾储算")
    # name_evidence (no described head) still counts any unknown run
    assert name_evidence("储算产训协同") == "储算产训"
    # under a weak verb, such jargon before a described head names no work
    names = {p.name for p in find_projects(Context(text="推进储算产训协同示范基地建设。"))}
    assert names == set()
    named = {p.name for p in find_projects(Context(text="推进青禾储算示范基地建设。"))}
    assert named == {"青禾储算示范基地"}
