"""The fast paths of the project stage give what the plain forms they replace give."""

from __future__ import annotations

import ast
import dataclasses
import re

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from policytext import _speedups, patterns
from policytext.patterns import trie_pattern
from policytext.rules import names
from policytext.rules import projects as p
from testdata import CORPUS, REPORTS

C = p.compiled()

# Invented text pieces: governing words, heads, framing words, list marks, clause marks,
# digits, quotes and a few plain characters.
PIECES = [
    "建设", "建成", "开工", "推进", "实施", "加快推进", "完成了", "投入运营", "主体封顶",
    "产业园", "大桥", "中心", "二期", "改造", "工程", "项目", "等", "、", "和", "及",
    "，", "。", "；", "\n", "甲", "乙", "丙", "青禾", "云岭", "3", "“", "”", "（", "）", "了",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_clauses_from_word_to_word_match_the_scan_of_every_clause(text: str) -> None:
    plain = dataclasses.replace(C, clause_bounds=None)
    assert list(p._clauses(text, C)) == list(p._clauses(text, plain))


def test_clauses_keep_the_length_bound() -> None:
    long = "甲" * (p.MAX_CLAUSE + 1) + "建设"
    text = f"青禾大桥建成，{long}；云岭中心开工。"
    plain = dataclasses.replace(C, clause_bounds=None)
    got = list(p._clauses(text, C))
    assert got == list(p._clauses(text, plain))
    assert [t for t, _ in got] == ["青禾大桥建成", "云岭中心开工"]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_literal_first_alternation_matches_like_the_grouped_one(text: str) -> None:
    parts = (({"建设", "建成", "推进"}, "了"), ({"加快推进", "全力推进"}, ""), ({"实施"}, ""))
    grouped = re.compile("|".join(f"(?:{trie_pattern(ws)}){sfx}" for ws, sfx in parts))
    flat = re.compile(p._literal_first(*parts))
    assert [m.span() for m in flat.finditer(text)] == [m.span() for m in grouped.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=0, max_value=10))
def test_hint_is_found_where_the_two_part_form_finds_it(text: str, pos: int) -> None:
    hints = {"产业园", "大桥", "二期", "等", "“"}
    ends = {w[-2:] for w in hints}
    chars = "".join(sorted(regex.escape(w) for w in ends if len(w) == 1))
    two_part = re.compile(trie_pattern(w for w in ends if len(w) == 2) + f"|[{chars}0-9]")
    one = p._hint_pattern(hints)
    got, want = one.search(text, pos), two_part.search(text, pos)
    assert (got and got.start()) == (want and want.start())


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=0, max_value=10), st.integers(min_value=0, max_value=40))
def test_hints_are_found_where_the_trie_of_hints_finds_them(
    text: str, pos: int, endpos: int
) -> None:
    for hints in ({"产业园", "大桥", "二期", "等", "“"}, {"中心", "改造"}, {"馆"}, set()):
        trie, fast = p._hint_pattern(hints), p._Hints(hints)
        assert fast.found(text) == (trie.search(text) is not None)
        assert fast.found(text, pos, endpos) == (trie.search(text, pos, endpos) is not None)
        assert fast.found(text, pos, endpos) == (fast.first_end(text, pos) <= endpos)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_ending_memo_answers_as_its_pattern(text: str) -> None:
    for ending in (C.head_end, C.status_end, C.work_end, C.facility_end):
        for _ in range(2):  # the second answer comes from the memo
            got, want = ending.search(text), ending.pattern.search(text)
            assert (got and got.span()) == (want and want.span())
            if got is not None and want is not None:
                assert got.span() == want.span()
        if len(text) > 2:
            got, want = (
                ending.search(text, 1, len(text) - 1),
                ending.pattern.search(text, 1, len(text) - 1),
            )
            assert (got and got.span()) == (want and want.span())


WORD_LISTS = [
    C.lex.work_nouns,
    C.lex.status_after,
    C.lex.generic_tails,
    C.lex.facility_chars,
    ("改造", "提升改造", "造", "升级改造"),  # words that end one another
]


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(WORD_LISTS))
def test_word_end_finds_what_the_reverse_search_finds(text: str, words: tuple[str, ...]) -> None:
    reverse = regex.compile(rf"(?r)(?:{p.alternation(words)})$")
    forward = p._word_end(words)
    for bounds in ((), (0, max(0, len(text) - 1)), (0, len(text) // 2)):
        got, want = forward.pattern.search(text, *bounds), reverse.search(text, *bounds)
        assert (got and got.span()) == (want and want.span())
    got, want = forward.fullmatch(text), reverse.fullmatch(text)
    assert (got and got.span()) == (want and want.span())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="甲乙丙丁青禾云岭北京长江大桥产业园建设中心改造工程", max_size=16))
def test_han_phrases_are_cut_as_the_general_cut_does(phrase: str) -> None:
    known = names._known_words()
    assert names._forward_han(phrase, known) == names._forward(phrase)
    assert names._backward_han(phrase, known) == names._backward(phrase)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_items_declined_before_the_cascade_are_declined_by_every_rule(text: str) -> None:
    frames = [
        *(
            p._frame(text, 0, strong, False, C, after=True, status="建成")
            for strong in (False, True)
        ),
        p._frame(text, 0, False, True, C, verb="建设"),
    ]
    for frame in frames:
        for it in frame:
            if not p._may_accept(it, C):
                assert all(rule(it, C) is None for _, rule in p.RULES), it


@settings(max_examples=300, deadline=None)
@given(texts)
def test_one_name_frames_are_read_as_the_general_path_reads_them(text: str) -> None:
    def frames() -> list[list[p.Item]]:
        return [
            list(p._frame(text, 3, strong, framed, C, after=after, status=status, verb=verb))
            for strong in (False, True)
            for framed in (False, True)
            for after, status, verb in ((True, "建成", ""), (False, "", "建设"))
        ]

    fast = frames()
    general = p._LIST_MARKS
    p._LIST_MARKS = re.compile("")  # every frame takes the general path
    try:
        assert frames() == fast
    finally:
        p._LIST_MARKS = general


@settings(max_examples=300, deadline=None)
@given(texts)
@example("“建设产业园和建设”")  # a quoted name left open: no closing mark to find
def test_judging_with_the_rules_first_tests_finds_what_the_whole_cascade_finds(
    text: str,
) -> None:
    frames = [
        *(
            p._frame(text, 0, strong, framed, C, after=True, status="建成")
            for strong in (False, True)
            for framed in (False, True)
        ),
        p._frame(text, 0, False, True, C, verb="建设"),
        p._frame(text, 0, False, False, C, verb="推进"),
    ]
    for frame in frames:
        for it in frame:
            assert p._judge(it, C) == p._cascade(it, C), it


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*PIECES, "总投资3亿元的", "二是", "（3）", "全力推进"]), max_size=12)
)
def test_every_framing_word_opens_with_a_character_of_lead_first(pieces: list[str]) -> None:
    text = "".join(pieces)
    for pos in range(len(text)):
        if C.lead.match(text, pos) is not None:
            assert text[pos] in C.lead_first
    plain = p._cut_lead_plain(text, dataclasses.replace(C, lead_first=ALL))
    assert p._cut_lead_plain(text, C) == plain


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*PIECES, "总投资3亿元的", "投资1.5亿元", "二是", "三要", "（3）", "(二)", "全力推进",
             "着力推动", "新建", "改造", "重点", "建好建强"]
        ),
        max_size=12,
    )
)  # fmt: skip
def test_framing_words_in_one_match_are_those_read_word_by_word(pieces: list[str]) -> None:
    # one match of `lead_run`, the verb read from the run alone, as the word-by-word reading
    # of the whole clause finds them
    text = "".join(pieces)
    if text[:1] in C.lead_first:
        assert p._cut_lead(text, C) == p._cut_lead_plain(text, C)
    assert p._cut_lead(text, C) == p._cut_lead_plain(text, dataclasses.replace(C, lead_first=ALL))


class _Everything(frozenset[str]):
    """A set that holds every character (the form of `_cut_lead_plain` that tries every
    match)."""

    def __contains__(self, item: object) -> bool:
        return True


ALL = _Everything()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="甲乙丙、“”和及", max_size=80))
def test_items_are_split_as_the_pattern_of_single_characters_splits_them(text: str) -> None:
    one_by_one = re.compile(r"(?:“[^“”]{0,30}”|[^、“])+")
    assert [m.span() for m in C.item.finditer(text)] == [
        m.span() for m in one_by_one.finditer(text)
    ]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcXYZ甲乙1２ｂ-_ éß", max_size=6))
def test_latin_words_are_told_as_the_pattern_tells_them(word: str) -> None:
    assert names._latin(word) == (names._LATIN.fullmatch(word) is not None)


def test_judging_asks_every_rule_of_the_cascade_in_its_order() -> None:
    # (read from the module's source file: a compiled build of the module keeps no source)
    text = _speedups.source_of(p.__name__).read_text(encoding="utf-8")
    judge = next(f for f in ast.parse(text).body if getattr(f, "name", "") == "_judge")
    source = ast.get_source_segment(text, judge)
    assert source is not None
    asked = re.findall(r'return "(\w+)", found', source)
    called = re.findall(r"found := (rule_\w+)\(item, c\)", source)
    assert asked == [name for name, _ in p.RULES]
    assert called == [rule.__name__ for _, rule in p.RULES]


ENDINGS = [
    (f.name, getattr(C, f.name))
    for f in dataclasses.fields(C)
    if isinstance(getattr(C, f.name), p._Ending)
]
# lexicon words the endings are made of, and pieces that may end them: heads, phases, lines,
# sections, works, statuses, tails, adverbs
LEXICON_PIECES = sorted(
    {
        *C.head_category,
        *C.lex.phase,
        *C.lex.work_nouns,
        *C.lex.status_after,
        *C.lex.generic_tails,
        *C.lex.adverbs,
        *C.lex.facility_chars,
        *C.lex.abstract_endings,
        *C.lex.functional_heads,
        *C.lex.zone_heads,
        *C.lex.head_modifiers,
        "22号线",
        "M1线",
        "甲至乙段",
        "阶段",
        "\n",
    }
)


def _finals_hold(text: str) -> None:
    for name, ending in ENDINGS:
        m = ending.pattern.search(text)
        if m is not None:
            assert text[m.end() - 1] in ending.finals, (name, text)
        if text[-1:] not in ending.finals:
            assert m is None, (name, text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, *LEXICON_PIECES]), max_size=8).map("".join))
def test_an_ending_matches_only_a_string_ending_in_one_of_its_finals(text: str) -> None:
    _finals_hold(text)


def test_every_word_of_an_ending_ends_in_one_of_its_finals() -> None:
    for piece in LEXICON_PIECES:
        for text in (piece, "青禾" + piece, piece + "甲"):
            _finals_hold(text)


def test_endings_of_the_corpus_clauses_end_in_their_finals() -> None:
    """Every stretch of a bundled report that ends a clause or a list item (where the rules
    ask the endings) is answered alike with and without the test of its last character."""
    for report in REPORTS[:6]:
        text = (CORPUS / "raw" / report).read_text(encoding="utf-8")
        for clause, _ in p._clauses(text, C):
            for k in range(1, len(clause) + 1):
                if k == len(clause) or clause[k] in "、和及等":
                    _finals_hold(clause[:k])


def test_an_ending_of_no_words_is_searched_for_every_string() -> None:
    empty = p._word_end(())
    assert "甲" in empty.finals and "" in empty.finals


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=0, max_value=50))
def test_list_pieces_are_what_the_item_pattern_matches(text: str, base: int) -> None:
    want = [(m.group(), base + m.start()) for m in C.item.finditer(text)]
    assert p._pieces(text, base, C) == want


@settings(max_examples=300, deadline=None)
@given(texts)
def test_possible_spans_are_the_same_with_or_without_the_clause_bounds(text: str) -> None:
    # the clauses found from one governing word to the next (`clause_bounds`) are those the
    # plain clause pattern finds around a governing word
    plain = dataclasses.replace(C, clause_bounds=None)
    assert list(p._possible_spans(text, plain)) == list(p._possible_spans(text, C))


# (with the marks of the prefilter's other searches: a pair of sides, a capacity, a tail)
possible_texts = st.lists(
    st.sampled_from([*PIECES, "东、", "200万吨", "等重点项目"]), max_size=40
).map("".join)


@settings(max_examples=300, deadline=None)
@given(possible_texts)
def test_possible_clauses_are_the_plain_clauses_that_pass_the_prefilter(text: str) -> None:
    # one search finding each governing word and the end of its clause: the clauses the plain
    # clause pattern finds around a governing word, filtered by `_Yields.possible_spans`
    plain = dataclasses.replace(C, clause_bounds=None)
    want = list(C.yields.possible_spans(text, p._clause_spans(text, plain)))
    assert C.clause_bounds is not None
    assert list(p._possible_spans(text, C)) == want


@settings(max_examples=300, deadline=None)
@given(possible_texts)
def test_bounded_spans_are_the_clause_spans_that_pass_the_prefilter(text: str) -> None:
    # the prefilter's test inside the loop that finds the clauses, as `_Yields.possible_spans`
    # reads them (the loop itself is held to the plain clause pattern by the test above)
    assert C.clause_bounds is not None
    want = list(C.yields.possible_spans(text, p._clause_spans(text, C)))
    assert C.yields.bounded_spans(text, C.clause_bounds) == want


def test_possible_clauses_keep_the_length_bound() -> None:
    # a clause of MAX_CLAUSE characters is read, one a character longer is not, though it
    # would pass the prefilter as well
    at_bound = "甲" * (p.MAX_CLAUSE - 5) + "建设产业园"
    over = "甲" + at_bound
    text = f"青禾大桥建成，{at_bound}；{over}。"
    assert C.clause_bounds is not None
    got = list(p._possible_spans(text, C))
    assert got == [(0, 6), (7, 7 + p.MAX_CLAUSE)]
    unbounded = list(C.yields.possible_spans(text, [(8 + p.MAX_CLAUSE, len(text) - 1)]))
    assert unbounded == [(8 + p.MAX_CLAUSE, len(text) - 1)]  # (the prefilter alone keeps it)


def _occurrences_by_scan(text: str, names: list[str]) -> dict[str, list[tuple[int, int]]]:
    """The plain form: at each position of the text, the longest name that starts there; the
    scan goes on after it."""
    out: dict[str, list[tuple[int, int]]] = {}
    longest_first = sorted({n for n in names if n}, key=len, reverse=True)
    i = 0
    while i < len(text):
        name = next((n for n in longest_first if text.startswith(n, i)), None)
        if name is None:
            i += 1
            continue
        out.setdefault(name, []).append((i, i + len(name)))
        i += len(name)
    return out


NAME_PIECES = ["甲", "乙", "丙", "青", "禾", "大桥", "中心", "园", "-", "]", "^", "\\", "（"]
some_names = st.lists(st.lists(st.sampled_from(NAME_PIECES), min_size=1, max_size=4).map("".join))
name_texts = st.lists(st.sampled_from([*NAME_PIECES, "，", "建成", "和"]), max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(name_texts, some_names)
def test_occurrences_are_what_a_scan_for_the_longest_name_finds(
    text: str, found: list[str]
) -> None:
    # one-character names, names sharing their first characters, characters that a pattern
    # class would read as syntax
    assert p._occurrences(text, found) == _occurrences_by_scan(text, found)


def test_occurrences_in_a_long_text_with_many_names(monkeypatch: pytest.MonkeyPatch) -> None:
    made = [f"{a}{b}{c}中心" for a in "甲乙丙丁" for b in "青禾云岭" for c in "东西南北"]
    text = "，".join(made[(7 * i) % len(made)] + "和" + made[i % len(made)] for i in range(9000))

    def per_name(text: str, forms: list[str]) -> list[tuple[int, int, str]]:
        raise AssertionError("the text searched once per name")

    monkeypatch.setattr(patterns, "leftmost_longest_by_find", per_name)  # read in one pass
    assert p._occurrences(text, [*made, "甲青"]) == _occurrences_by_scan(text, [*made, "甲青"])


def _merge_by_substrings(found: dict[str, p.Hit]) -> dict[str, p.Hit]:
    """`_merge_variants` as the set of substrings of each name reads it."""
    keep: set[str] = set()
    for name in sorted(found, key=len):
        n = len(name)
        subs = {name[i : i + size] for size in range((n + 1) // 2, n) for i in range(n - size + 1)}
        if keep.isdisjoint(subs) or p._phased(name):
            keep.add(name)
    return {n: h for n, h in found.items() if n in keep}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from("甲乙丙青禾路桥改造一期二"), min_size=1, max_size=8)))
def test_merged_variants_are_those_the_substrings_of_each_name_give(
    names_: list[list[str]],
) -> None:
    hit = p.Hit("head_noun", p.Found("甲", None, 0, 1), None)
    found = {"".join(n): hit for n in names_}
    assert list(p._merge_variants(found)) == list(_merge_by_substrings(found))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from("甲乙丙青禾路桥改造一期二"), min_size=1, max_size=8)))
def test_merged_variants_by_looking_up_substrings_are_the_same(names_: list[list[str]]) -> None:
    # (the lookup of each name's substrings, which a long report's many names take, made the
    # only way: the slice of kept names is never short enough to test name by name)
    hit = p.Hit("head_noun", p.Found("甲", None, 0, 1), None)
    found = {"".join(n): hit for n in names_}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(p, "_SUBSTRINGS_PER_TEST", -1)
        assert list(p._merge_variants(found)) == list(_merge_by_substrings(found))


HEAD_PIECES = [
    *C.head_category, *C.lex.phase, *"线号段阶、甲乙期园路0123AZaz", "M1", "22号线", "\n",
]  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(HEAD_PIECES), max_size=5).map("".join))
def test_head_end_read_backward_finds_what_the_reverse_search_finds(text: str) -> None:
    got, want = C.head_end.search(text), C.head_end.pattern.search(text)
    assert (got and (got.span(), got.group())) == (want and (want.span(), want.group()))
    C.head_end.clear()


# Han characters, other letters, digits, marks and a character outside the basic plane
CHARS = st.sampled_from([*"甲乙青禾区路〇々A5，。、“”()（）ｱあ한", "\U00020000"])


@settings(max_examples=300, deadline=None)
@given(CHARS)
def test_han_test_of_a_character_is_the_pattern_s(ch: str) -> None:
    assert names._is_han(ch) == (names._HAN.match(ch) is not None)


def _place_word_of_every_stretch(phrase: str) -> str | None:
    """`names.place_word` without the test of the first two characters."""
    places = names._places()
    bounds = [0]
    for w in names.words(phrase):
        bounds.append(bounds[-1] + len(w))
    for a, i in enumerate(bounds[:-1]):
        for j in bounds[a + 1 :]:
            if j - i > names._LONGEST_PLACE:
                break
            if j - i >= 2 and phrase[i:j] in places:
                return phrase[i:j]
    return None


def test_place_word_finds_what_every_stretch_gives_on_the_corpus() -> None:
    phrases = {
        m.group()[i : i + k]
        for name in REPORTS[:6]
        for m in regex.finditer(r"\p{Han}+", (CORPUS / "raw" / name).read_text(encoding="utf-8"))
        for i in range(0, len(m.group()), 3)
        for k in (4, 7, 10)
    }
    assert phrases
    for phrase in phrases:
        assert names.place_word(phrase) == _place_word_of_every_stretch(phrase)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["项目", "工程", "建设", "运营", "甲", "程", "项"]), max_size=6))
def test_a_verb_after_a_tail_follows_project_or_work(pieces: list[str]) -> None:
    rest = "".join(pieces)
    if p._TAIL_VERB.search(rest) is not None:
        assert "项目" in rest or "工程" in rest


MEASURE_PIECES = ["12", "3.5", "公里", "千米", "米", "万亩", "亩", "平方公里", "甲", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MEASURE_PIECES)))
def test_a_measure_ends_in_one_of_its_finals(pieces: list[str]) -> None:
    region = "".join(pieces)
    if p._MEASURE_END.search(region) is not None:
        assert region[-1:] in p._MEASURE_FINALS


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="甲乙两三十个座条处所家项栋、和及与37", max_size=14))
def test_a_count_unit_stands_in_every_counted_list(text: str) -> None:
    # the gate `_COUNT_UNIT` lets through every list `_COUNTED` reads
    if p._COUNTED.fullmatch(text) is not None:
        assert p._COUNT_UNIT.search(text) is not None


def test_a_counted_list_passes_the_gate() -> None:
    assert p._COUNTED.fullmatch("甲园、乙园两座公园") is not None
    assert p._COUNT_UNIT.search("甲园、乙园两座公园") is not None


# the plain form of `QUANTITY_INSIDE`: a run of digits or numerals, then a unit
QUANTITY_INSIDE_PLAIN = (
    r"[0-9]+(?:[个项家座条处所户]|万?亩|公里|平方米)|[一二三四五六七八九十两]+[个座条处所家项]"
)
QUANTITY_PIECES = [
    *"0123456789一二三四五六七八九十两",
    *"个项家座条处所户",
    "万",
    "亩",
    "公里",
    "平方米",
    "甲",
    "米",
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(QUANTITY_PIECES), max_size=8))
def test_a_quantity_inside_is_found_where_the_plain_pattern_finds_one(pieces: list[str]) -> None:
    text = "".join(pieces)
    plain = re.compile(QUANTITY_INSIDE_PLAIN)
    assert (p.compiled().quantity_inside.search(text) is None) == (plain.search(text) is None)


def test_no_word_of_the_dictionary_is_empty() -> None:
    # (the backward cutter reads an empty slice as "too long for what is left")
    assert "" not in names._known_words()
    assert names._backward_han("甲乙", names._known_words()) == names._backward("甲乙")
