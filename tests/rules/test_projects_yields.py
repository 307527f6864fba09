"""The region prefilter of the project stage (`_Yields`) declines only regions of which no
item can be accepted: a necessary condition, derived from the same lexicon lists as the rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.rules import projects as p
from testdata import CORPUS, REPORTS

C = p.compiled()
LEX = C.lex

# every word the prefilter looks for at the end of an item, from the lists the rules read
ENDERS = sorted(
    {
        *C.head_category,
        *LEX.phase,
        *LEX.facility_chars,
        *LEX.work_nouns,
        *LEX.generic_tails,
        "22号线",
        "甲至乙段",
    }
)
CUTS = ["", *sorted({*LEX.status_after, "建设", "新建"})]
MARKS = ["", *p._ITEM_ENDS]

# Invented pieces: names, list marks, quotes (short and long), notes, counts, capacities,
# sides, framing and status words, and the words that end items.
PIECES = [
    "甲", "乙", "青禾", "云岭", "、", "和", "及", "与", "等", "“", "”", "（", "）", "(", ")",
    "南", "北", "两个", "3座", "200万吨", "126公里", "一批", "重点", "了", "获", "省", "牵头",
    "建设", "新建", "加快推进", "实施", "开工建设", "建成投产", "投入运营", "主体封顶", "完成",
    "“" + "甲" * 31 + "”", "项目", "工程", "重点工程",
]  # fmt: skip
SAMPLED = sorted({*ENDERS[::3], *CUTS[::5]} - {""})
texts = st.lists(st.sampled_from([*PIECES, *SAMPLED]), max_size=14).map("".join)


def _frames(text: str) -> Iterator[tuple[str, bool, list[p.Item]]]:
    """The frames `_clause_hits` may read of a region: after a list closed by a status
    word (weak or strong, framed or not), and under a governing verb."""
    for strong in (False, True):
        for framed in (False, True):
            items = list(p._frame(text, 0, strong, framed, C, after=True, status="建成"))
            yield text, strong, items
    for verb in ("建设", "推进", "开工建设"):
        for framed in (False, True):
            yield text, False, list(p._frame(text, 0, False, framed, C, verb=verb))


def _accepted(items: list[p.Item]) -> list[str]:
    return [found.name for it in items if (j := p._judge(it, C)) for found in (j[1],)]


@settings(max_examples=1500, deadline=None)
@given(texts)
def test_a_region_with_an_accepted_item_is_never_declined(text: str) -> None:
    for region, strong, items in _frames(text):
        if _accepted(items):
            assert C.yields.possible(region, strong), (region, strong, _accepted(items))


def test_every_word_that_ends_an_item_is_found_before_every_end_of_an_item() -> None:
    """Each head, phase, facility character, work and generic tail of the lexicon, followed
    by the words `_inner` cuts and then by a mark an item ends before (or the region's end),
    makes a region possible; with no such word after it, a plain one does not."""
    for word in ENDERS:
        for cut in [*CUTS, "完成建设", "投产新建"]:
            for mark in MARKS:
                region = f"青禾{word}{cut}{mark}"
                assert C.yields.possible(region, False), region
                assert C.yields.possible(f"“{region}”", False), region
        assert C.yields.possible(f"云“{word[:1]}”{word[1:]}", False), word
    assert not C.yields.possible("青禾云岭", False)
    assert not C.yields.possible("青禾云岭发展行动", False)
    assert C.yields.possible("青禾云岭发展行动", True)  # a strong status vouches for any name


def test_the_prefilter_reads_a_users_words() -> None:
    extra = p.ProjectLexiconExtension.model_validate(
        {"head": [{"category": "驿站", "words": ["驿站区"]}], "work_nouns": ["翻修"]}
    )
    lex = extra.extend(LEX)
    mine = p._Yields(lex, {w for g in lex.head for w in g.words})
    assert not C.yields.possible("青禾驿站区建设", False)
    assert mine.possible("青禾驿站区建设", False)
    assert mine.possible("青禾河翻修、云岭", False)


def test_frames_of_the_corpus_that_yield_projects_are_possible() -> None:
    """Every region of the bundled reports from which `_clause_hits` takes a project passes
    the prefilter; and the reports' projects are those found without it."""
    seen: list[tuple[str, bool]] = []
    frame = p._frame

    def watched(
        region: str, base: int, strong: bool, framed: bool, c: p._Compiled, **kw: Any
    ) -> Iterator[p.Item]:
        items = list(frame(region, base, strong, framed, c, **kw))
        if _accepted(items):
            seen.append((region, strong))
        return iter(items)

    p._frame = watched
    try:
        for report in REPORTS:
            text = (CORPUS / "raw" / report).read_text(encoding="utf-8")
            for clause, offset in p._clauses(text, C):
                for _ in p._clause_hits(clause, offset, C, trace=[]):  # (unfiltered)
                    pass
    finally:
        p._frame = frame
    assert seen
    assert all(C.yields.possible(region, strong) for region, strong in seen)


def test_a_pair_of_sides_is_read_without_a_word_that_ends_an_item() -> None:
    region = "南、北青禾云岭"  # `南` takes what follows the side of its sibling
    items = list(p._frame(region, 0, False, True, C, verb="建设"))
    assert _accepted(items) == ["南青禾云岭"]
    assert C.yields.possible(region, False)
    assert not C.yields.possible("南北青禾云岭", False)


CLAUSE_PIECES = [
    *PIECES, "正式", "全线", "获国家核准", "前期工作", "基本", "竣工", "，", "开通运营", "年内",
]  # fmt: skip
clauses = st.lists(st.sampled_from([*CLAUSE_PIECES, *SAMPLED]), max_size=16).map("".join)


@settings(max_examples=1500, deadline=None)
@given(clauses)
def test_a_clause_with_a_project_is_never_declined(text: str) -> None:
    for clause in text.split("，"):
        # (a trace reads every region, the region prefilter left out)
        if list(p._clause_hits(clause, 0, C, trace=[])):
            assert C.yields.clause_possible(clause), clause


def test_every_word_that_ends_an_item_is_found_before_every_end_of_a_region() -> None:
    """Each word that ends an item, before each word or mark a region of a clause may end
    before (a status word, an adverb, a measure, 获, a mark of `_ITEM_ENDS`, the clause's
    end), makes the clause possible."""
    after = ["获", "3", *p._ITEM_ENDS, *LEX.status_after, *LEX.adverbs, "新建"]
    for word in ENDERS:
        assert C.yields.clause_possible(f"青禾{word}")
        for nxt in after:
            assert C.yields.clause_possible(f"青禾{word}{nxt}云岭")
    for word in LEX.strong_status:
        assert C.yields.clause_possible(f"青禾云岭{word}")
    assert C.yields.clause_possible("青禾“云岭”")
    assert C.yields.clause_possible("甲乙等一批重点项目建设")
    assert C.yields.clause_possible("南、北甲乙建设")
    assert C.yields.clause_possible("甲乙200万吨褐煤提质")
    assert not C.yields.clause_possible("推进青禾云岭发展行动")


def test_clauses_of_the_corpus_with_projects_are_possible() -> None:
    for report in REPORTS:
        text = (CORPUS / "raw" / report).read_text(encoding="utf-8")
        for clause, offset in p._clauses(text, C):
            if list(p._clause_hits(clause, offset, C, trace=[])):
                assert C.yields.clause_possible(clause), clause


@settings(max_examples=300, deadline=None)
@given(clauses, st.integers(min_value=0, max_value=20), st.integers(min_value=0, max_value=20))
def test_a_clause_read_in_place_is_read_as_the_clause_cut_out(
    text: str, start: int, length: int
) -> None:
    a = min(start, len(text))
    b = min(len(text), a + length)
    if a < b:
        got = C.yields.span_possible(text, text[::-1], a, b)
        assert got == C.yields.clause_possible(text[a:b]), (text, a, b)
        assert list(C.yields.possible_spans(text, [(a, b)])) == ([(a, b)] if got else [])


def test_the_first_characters_of_a_quantity_are_those_its_pattern_can_open_with() -> None:
    """`quantity_first` spares the search of `quantity_start` on names that cannot open with a
    quantity: every character the pattern can open a match with is in it."""
    opens = {
        ch
        for code in range(0x20, 0xA000)
        if C.quantity_start.match((ch := chr(code)) + "个") or C.quantity_start.match(ch + "0")
    }
    assert opens and opens <= C.quantity_first
