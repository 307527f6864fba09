"""The fast paths of the slogan cascade decide what the plain cascade decides."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from policytext.normalize import normalize
from policytext.patterns import _char_class, leftmost_longest, leftmost_taken
from policytext.rules import slogans as s
from policytext.rules.context import Context
from testdata import CORPUS, REPORTS

# Invented text pieces: quotes, the frame words the early rejections look for (a vessel mark,
# a line, a record, an event frame, an ordinal of a work, a brand, the endings of figures, of
# manners and of a letter's shape), numerals, list marks, clause marks and a few plain characters.
PIECES = [
    "“", "”", "「", "」", "号", "热线", "的", "中", "在", "举办", "纪录", "第三", "通道", "称号",
    "奖", "活动中", "台风", "品牌", "城市品牌", "改革", "工程", "三大", "两个", "、", "，", "。",
    "？", "+", "12345", "甲", "乙", "丙", "青禾", "云岭", "湾", "示范", "级", "双提升", "路",
    "电影", "\n", "方面", "三个", "个", "所", "建成12", "荣获", "和", "”“", "主体封顶",
    "入选", "全国", "首批", "榜单", "并重", "计划", "与", "258", "100", "同", "十城", "家园",
    "字弯", "字形", "字型", "式", "图", "表", "‘", "’", "三连升", "怎么",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _plain_verdict(c: s.Candidate, env: s.Env) -> tuple[str, bool]:
    """The cascade run rule by rule, with no look ahead."""
    for name, accept, test in s._QUOTED_STEPS if c.quoted else s._BARE_STEPS:
        if test(c, env):
            return name, accept
    return "unmatched", False


def _check(text: str) -> int:
    env = s._env(Context(text=text))
    gated = [(s._GATES[name], test) for name, _, test in s._QUOTED_STEPS if name in s._GATES]
    candidates = s._candidates(env, s._quote_spans(env.text, env.rules))
    for c in candidates:
        assert s._verdict(c, env) == _plain_verdict(c, env), c
        if c.quoted:  # every gated rule that holds is among those looked at
            bits = s._early_rejections(c, env)
            assert all(bit & bits for bit, test in gated if test(c, env)), c
    return len(candidates)


@settings(max_examples=400, deadline=None)
@given(texts)
@example("建成“甲字形”路网、“乙字型”园区和“丙字弯”廊道。")
@example("推广“‘青禾’+云岭”，排名“三连升”，回答“‘甲+’怎么”。")
def test_the_look_ahead_changes_no_verdict(text: str) -> None:
    _check(text)


@pytest.mark.parametrize("report", REPORTS)
def test_the_look_ahead_changes_no_verdict_on_a_report(report: str) -> None:
    text = normalize((CORPUS / "raw" / report).read_text(encoding="utf-8")).text
    assert _check(text) > 0


def test_the_early_rejections_are_looked_at() -> None:
    # a quote whose frame shows a built thing is still turned down as one
    decisions = s.explain_slogans(Context(text="开通“甲乙丙”热线，推进“甲乙丙”改革。"))
    assert [d.rule for d in decisions] == ["reject_built_name", "policy_head"]


ANY_PATTERNS = (
    ("^以.{1,6}为", True),
    ("(?:[百千]|国家)级$", True),
    ("^(?:\\d{1,2}[·.]\\d{1,2})$", False),
    ("双(?:提升|下降)", False),
    ("([甲乙])\\1通", True),  # a back reference: stays alone
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["以", "为", "甲", "乙", "通", "百", "国家", "级", "双", "提升", "3", "·", "."]
        ),
        max_size=10,
    ).map("".join)
)
def test_joined_patterns_find_where_any_would(text: str) -> None:
    joined = s._any_of(ANY_PATTERNS)
    assert len(joined) == 2  # the four without groups in one, the back reference alone
    one_by_one = any(
        (re.compile(p).search(text) if by_search else re.compile(p).match(text)) is not None
        for p, by_search in ANY_PATTERNS
    )
    assert one_by_one == any(
        (p.search(text) if by_search else p.match(text)) is not None for p, by_search in joined
    )


def _uncovered_plain(text: str) -> int:
    """The fewest characters left alone when common or emphasis words tile `text`."""
    words = s.load_common_words().keys() | s.load_slogan_rules().emphasis
    best = [0] * (len(text) + 1)
    for i in range(1, len(text) + 1):
        options = [best[i - 1] + 1]
        options += [best[i - k] for k in (2, 3, 4) if i >= k and text[i - k : i] in words]
        best[i] = min(options)
    return best[-1]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "改革",
                "创新",
                "发展",
                "甲",
                "乙",
                "网红",
                "放",
                "管",
                "服",
                "一",
                "迫不及待",
                "莫名其妙",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_the_tiling_counts_what_the_plain_one_counts(text: str) -> None:
    rules = s.load_slogan_rules()
    assert s._count_uncovered(text, rules.emphasis) == _uncovered_plain(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["村", "户", "通", "办", "一", "码", "河", "湖", "长制", "马上", "跑一次", "字号", "甲"]
        ),
        max_size=6,
    ).map("".join)
)
def test_the_joined_families_match_where_one_would(text: str) -> None:
    k = s._compiled(s.load_slogan_rules())
    one = any(p.fullmatch(text) for p in k.formula_families)
    assert one == any(p.fullmatch(text) for p in k.formula_families_joined)


def _spans_by_the_full_pattern(text: str) -> list[tuple[int, int, int, int]]:
    """The spans of the quote groups the full pattern matches, of the bounded length."""
    k = s._compiled(s.load_slogan_rules())
    out = []
    for m in k.quote.finditer(text):
        assert m.lastgroup is not None
        if 1 <= len(m.group(m.lastgroup)) <= k.rules.max_quoted_length:
            out.append(m.span() + m.span(m.lastgroup))
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["“", "”", "「", "」", "『", "』", "‘", "’", '"', "甲", "乙", "\n"])
    ).map("".join)
)
def test_the_curly_quote_scan_finds_what_the_full_one_finds(text: str) -> None:
    assert s._quote_spans(text, s.load_slogan_rules()) == _spans_by_the_full_pattern(text)


@pytest.mark.parametrize("report", REPORTS)
def test_the_curly_quote_scan_finds_what_the_full_one_finds_in_a_report(report: str) -> None:
    text = normalize((CORPUS / "raw" / report).read_text(encoding="utf-8")).text
    spans = s._quote_spans(text, s.load_slogan_rules())
    assert spans == _spans_by_the_full_pattern(text)
    assert spans


def _numbered_by_scan(text: str) -> list[s.Candidate]:
    """The numbered formulas of `text` by a scan of the whole pattern (what
    `_numbered_from_marks` finds from each 大): where a head that needs a modifier has none,
    the formula with a modifier at the same place, else the bare one if its head may stand
    bare, else nothing."""
    rules = s.load_slogan_rules()
    k = s._compiled(rules)
    out = []
    pos = 0
    while (m := k.numbered.search(text, pos)) is not None:
        pos = m.end()
        if not m.group("mod") and m.group("head") in rules.numbered_heads_need_modifier:
            longer = k.numbered_modified.match(text, m.start())
            if longer is None and m.group("head") not in rules.numbered_heads_bare:
                continue
            m = longer or m
            pos = m.end()
        out.append(s._candidate(m.start(), m.end(), m.group(), "numbered"))
    return out


NUMBERED_PIECES = [
    "三", "两", "十", "二", "五", "八", "第", "2", "零", "大", "攻坚战", "支柱产业", "一带一路",
    "河湖", "长制", "稳中求进", "八项规定", "放管服", "甲", "“", "”", "、", "经济", "板块",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NUMBERED_PIECES), max_size=20).map("".join))
@example("十三大攻坚战")  # a count of two numerals
@example("两三大支柱产业")
@example("第十三大攻坚战")  # an ordinal
@example("二十大攻坚战")
@example("三大攻坚战和五大支柱产业")  # at the start of the text, then again
@example("五大经济板块")  # a head that needs a modifier, modifying a longer one
@example("三大经济五大板块")  # the scan goes on after the longer formula
@example("大大三大攻坚战")
def test_numbered_formulas_from_each_mark_are_those_a_scan_finds(text: str) -> None:
    rules = s.load_slogan_rules()
    assert s._numbered_from_marks(text, rules) == _numbered_by_scan(text)


def test_a_count_of_two_numerals_is_read_from_the_mark() -> None:
    rules = s.load_slogan_rules()
    assert [c.text for c in s._numbered_from_marks("推进十三大攻坚战", rules)] == ["十三大攻坚战"]
    assert [c.text for c in s._numbered_from_marks("三大攻坚战", rules)] == ["三大攻坚战"]


def test_numbered_formulas_from_each_mark_are_those_a_scan_finds_in_the_corpus() -> None:
    rules = s.load_slogan_rules()
    total = 0
    for report in REPORTS:
        text = normalize((CORPUS / "raw" / report).read_text(encoding="utf-8")).text
        found = s._numbered_from_marks(text, rules)
        assert found == _numbered_by_scan(text), report
        total += len(found)
    assert total > 20  # (the corpus holds them: the comparison is not of two empty lists)


PARALLEL_PIECES = ["实", "干", "在", "绩", "应", "进", "必", "甲", "乙", "与", "1", "A", "、"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PARALLEL_PIECES), min_size=4, max_size=9).map("".join))
def test_the_parallel_look_finds_what_the_pairwise_one_finds(text: str) -> None:
    env = s._env(Context(text=f"“{text}”"))
    c = s.Candidate(1, 1 + len(text), text, "quote")
    rules = env.rules
    pairwise = (
        len(set(text)) != len(text)
        and not s._is_common_word(text, env)
        and not s._is_phrase(text, env.k)
        and any(
            text[i] == text[j]
            and s._HAS_CJK.match(text[i]) is not None
            and text[i] not in rules.not_parallel_chars
            for i in range(len(text))
            for j in range(i + 2, len(text))
        )
    )
    assert s._is_parallel(c, env) == pairwise


@settings(max_examples=300, deadline=None)
@given(texts)
@example("甲字形")
@example("乙字型")
@example("丙字弯")
@example("某某式")
def test_the_endings_look_finds_what_endswith_finds(text: str) -> None:
    rules = s.load_slogan_rules()
    k = s._compiled(rules)
    groups = (
        ((*rules.figure_suffixes, *rules.manner_suffixes, *rules.letter_shape_words), s._EMPHASIS),
        (
            ("）", ")", *rules.strong_title_heads, *rules.ranking_heads, *rules.title_heads),
            s._TITLE,
        ),
        (rules.event_heads, s._EVENT),
        ((rules.vessel_mark, *rules.built_heads, *rules.place_heads), s._BUILT),
    )
    expected = 0
    for endings, bit in groups:
        if text.endswith(endings):
            expected |= bit
    assert k.early_endings.bits(text) == expected
    words = (
        *rules.event_preceders,
        *rules.event_followers,
        *rules.gathering_preceders,
        *rules.built_preceders,
        *rules.work_preceders,
    )
    framed = s._EVENT | s._BUILT | s._WORK
    expected = (framed if text.endswith(words) else 0) | (
        s._TITLE if text.endswith((*rules.award_verbs, *rules.selection_verbs)) else 0
    )
    assert k.early_preceders.bits(text) == expected


def test_an_empty_ending_is_found_at_the_end_of_every_text() -> None:
    endings = s._Endings.of([("", 1), ("乙丙", 2), ("丙", 4), ("丁", 8)])
    assert endings.bits("") == 1
    assert endings.bits("甲乙丙") == 1 | 2 | 4
    assert endings.bits("甲丙") == 1 | 4
    assert endings.bits("甲乙") == 1


@pytest.mark.parametrize("report", REPORTS[:3])
def test_the_quote_spans_are_the_spans_of_the_quote_groups(report: str) -> None:
    text = normalize((CORPUS / "raw" / report).read_text(encoding="utf-8")).text
    text += '「甲乙」『丙丁』"戊己"“庚”‘辛壬’'  # every kind of quote
    assert s._quote_spans(text, s.load_slogan_rules()) == _spans_by_the_full_pattern(text)


@pytest.mark.parametrize("source", ["quote", "numbered", "lexicon", "family"])
def test_a_candidate_built_slot_by_slot_is_the_candidate_its_constructor_builds(
    source: s.Source,
) -> None:
    fast = s._candidate(3, 7, "甲乙丙丁", source)
    plain = s.Candidate(3, 7, "甲乙丙丁", source)
    assert fast == plain
    assert type(fast) is s.Candidate
    assert fast.quoted == plain.quoted == (source == "quote")
    with pytest.raises(AttributeError):  # frozen like the constructor's
        fast.start = 4  # type: ignore[misc]


def _plain_named_elsewhere(decisions: list[s._Verdict]) -> list[s._Verdict]:
    """The look across mentions written out: every text in the three sets, then the rewrite."""
    things = {c.text for c, rule, ok in decisions if not ok and rule in s._THING_RULES}
    weak = {c.text for c, rule, ok in decisions if ok and rule in s._WEAK_RULES}
    strong = {c.text for c, rule, ok in decisions if ok and rule not in s._WEAK_RULES}
    named = (things & weak) - strong
    return [
        (d[0], s.NAMED_ELSEWHERE, False) if d[2] and d[0].text in named else d for d in decisions
    ]


_RULE_NAMES = ["reject_title", "reject_named_thing", "policy_head", "abbreviation", "lexicon"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["甲乙", "丙丁", "戊己"]), st.sampled_from(_RULE_NAMES)),
        max_size=8,
    )
)
def test_the_look_across_mentions_turns_down_what_the_written_out_look_does(
    verdicts: list[tuple[str, str]],
) -> None:
    rules = {r.name: r.accept for r in s.RULES}
    decisions = [
        (s.Candidate(i * 4, i * 4 + 2, text, "quote"), rule, rules[rule])
        for i, (text, rule) in enumerate(verdicts)
    ]
    assert s._named_elsewhere(decisions) == _plain_named_elsewhere(decisions)


@pytest.mark.parametrize(
    ("text", "siblings"),
    [
        ("“放管服”“打基础”，“庚辛”、“壬癸子”", 1),
        ("“打基础”、“放管服”", 1),
        ("“打基础”“抓落实”", 0),
        # (a neighbour accepted for its uncovered characters alone vouches for no sibling)
        ("“甲乙丙”“打基础”", 0),
    ],
)
def test_a_sibling_of_an_accepted_quote_is_accepted_and_no_other_verdict_changes(
    text: str, siblings: int
) -> None:
    env = s._env(Context(text=text))
    candidates = s._candidates(env, s._quote_spans(text, env.rules))
    decisions = [(c, *s._verdict(c, env)) for c in candidates]
    after = s._with_siblings(decisions, env)
    assert len(after) == len(decisions)
    for d, e in zip(decisions, after, strict=True):
        assert e == d or (d[1] == "reject_no_evidence" and e[1:] == (s.SIBLING, True))
    assert [e[1] for e in after].count(s.SIBLING) == siblings


@settings(max_examples=200, deadline=None)
@given(texts)
def test_a_judged_candidate_carries_its_verdict(text: str) -> None:
    env = s._env(Context(text=text))
    for c in s._candidates(env, s._quote_spans(env.text, env.rules)):
        assert s._judged(c, env) == (c, *_plain_verdict(c, env))


def _plain_numeral(text: str, r: s.SloganRules) -> int | None:
    """The leading count read character by character from the rules' strings."""
    first = text[:1]
    if not first or not (first.isdecimal() or first in r.numerals or first == "双"):
        return None
    m = re.match(r"\d+", text)
    if m:
        rest = text[m.end() :]
        return int(m.group()) if rest[:1] and rest[0] in r.counters else None
    if text.startswith((*r.numeral_words, *s._numeral_places(r))):
        return None  # a word that counts nothing, or a place name
    i = 0
    while i < len(text) and i < 3 and text[i] in r.numerals and text[i] != "双":
        i += 1
    if i == 0 and text.startswith("双"):
        i = 1
    if i == 0:
        return None
    run, rest = text[:i], text[i:]
    value = 2 if run == "双" else s._cn_number(run)
    if value is None or not rest or "、" in rest:
        return None
    if rest[0] in r.counters:
        return value
    if len(text) > 4:
        return None
    scrubbed = rest
    for w in r.numeral_words:
        scrubbed = scrubbed.replace(w, "")
    if any(ch in r.numerals or ch in "多百千万" for ch in scrubbed):
        return None
    return value


NUMERAL_PIECES = [
    "一", "二", "两", "三", "十", "百", "千", "万", "多", "双", "大", "个", "项", "、", "四川",
    "3", "12", "０", "甲", "乙", "带", "路", "统一", "第",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NUMERAL_PIECES), max_size=6).map("".join))
def test_the_leading_count_is_the_one_read_character_by_character(text: str) -> None:
    r = s.load_slogan_rules()
    assert s.parse_numeral(text, r) == _plain_numeral(text, r)
    assert s.parse_numeral(text) == _plain_numeral(text, r)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.sampled_from(list("甲乙丙-]^\\[.*+?()|{}$ a1\n、")), min_size=1))
def test_a_class_escaped_at_once_is_the_class_escaped_character_by_character(
    chars: set[str],
) -> None:
    one_by_one = "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"
    assert _char_class(chars) == one_by_one
    assert all(re.fullmatch(_char_class(chars), c) for c in chars)


# --- bare mentions: the lexicon's forms read from its scan ------------------------------------

_LEXICON = s.load_slogan_lexicon()
_BARE_LEXICON_FORMS = sorted(_LEXICON.unquoted_prefixes)
# forms of the lexicon that start with another (a prefix and its longer form), then a few more
_NESTED_FORMS = (
    sorted({p for ps in _LEXICON.unquoted_prefixes.values() if len(ps) > 1 for p in ps})
    + _BARE_LEXICON_FORMS[:6]
)
_OTHER_FORMS = ["甲乙丙", "乙丙丁", "甲乙", "丙丁戊己", "三个甲乙"]
_FORM_PIECES = [*_NESTED_FORMS, *_OTHER_FORMS, "“", "”", "，", "。", "甲", "丁", "湖", "草"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_FORM_PIECES), max_size=30).map("".join),
    st.lists(st.sampled_from([*_NESTED_FORMS, *_OTHER_FORMS]), min_size=1, max_size=8),
)
def test_the_forms_read_from_the_lexicon_scan_are_found_as_a_scan_finds_them(
    text: str, forms: list[str]
) -> None:
    env = s._env(Context(text=text))
    unique = dict.fromkeys(forms)
    assert s._form_hits(env, unique) == leftmost_longest(text, list(unique))
    # the lexicon's candidates are taken from the same scan
    assert _LEXICON.unquoted is not None
    assert leftmost_taken(env.lexicon_at) == _LEXICON.unquoted.find_all(text)


def test_each_form_of_the_lexicon_scan_lists_the_forms_it_starts_with() -> None:
    for form, prefixes in _LEXICON.unquoted_prefixes.items():
        assert set(prefixes) == {f for f in _BARE_LEXICON_FORMS if form.startswith(f)}


@pytest.mark.parametrize("report", REPORTS)
def test_the_forms_of_a_report_are_found_as_a_scan_finds_them(report: str) -> None:
    text = normalize((CORPUS / "raw" / report).read_text(encoding="utf-8")).text
    env = s._env(Context(text=text))
    forms = dict.fromkeys(
        c.text for c, _, ok in s._decisions(env, s._quote_spans(text, env.rules)) if ok
    )
    assert any(f in _LEXICON.unquoted_prefixes for f in forms) or "“" not in text
    assert s._form_hits(env, forms) == leftmost_longest(text, list(forms))
