"""`_judge` declines only what every rule declines: items built at random (short and long
texts, lexicon words, whole quotes, a note, digits, any frame) are judged as the cascade,
asked rule by rule with no test in front, judges them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.rules import projects as p

C = p.compiled()
LEX = C.lex

# Invented pieces and the words the rules read at the end of an item: heads, phases,
# facility characters, works, generic tails, status words; whole quotes (as `_frame` keeps
# them), a note, digits, filler.
WORDS = sorted(
    {
        *list(C.head_category)[::7],
        *LEX.phase,
        *LEX.facility_chars[::2],
        *LEX.work_nouns[::3],
        *LEX.generic_tails,
        *LEX.status_after[::4],
    }
)
PIECES = [
    "甲", "乙", "青禾", "云岭", "东", "南", "一批", "重点", "国家", "的", "和", "等", "至",
    "“青禾”", "“五好”", "“青禾大桥”", "“云岭产业园”", "（北段）", "3", "200万吨", "2×35万千瓦",
    "第五", "路", "馆", "港", "厂", "甲镇", "乙县",
]  # fmt: skip
names = st.lists(st.sampled_from([*PIECES, *WORDS]), min_size=1, max_size=6).map("".join)
longs = st.lists(st.sampled_from(PIECES), min_size=12, max_size=20).map("".join)
# an item before this one, often a place's facility (甲镇 + a head), which a bare head after it
# may share the place of
previous = st.one_of(
    st.none(), names, st.sampled_from(["甲镇养护院", "乙县文化馆", "云岭产业园", "青禾大桥"])
)


@st.composite
def items(draw: st.DrawFn) -> p.Item:
    text = draw(st.one_of(names, longs))
    members = draw(st.integers(min_value=1, max_value=3))
    return p.Item(
        text=text,
        start=0,
        shared=draw(st.one_of(st.none(), st.sampled_from(["体育公园", "工程", "棚改项目", "路"]))),
        generic_tail=draw(st.booleans()),
        strong=draw(st.booleans()),
        governed=draw(st.booleans()),
        framed=draw(st.booleans()),
        headed_siblings=draw(st.booleans()),
        previous=draw(previous),
        kind_tail=draw(st.booleans()),
        counted=draw(st.booleans()),
        after=draw(st.booleans()),
        tail=draw(st.sampled_from(["", "续建项目", "重点工程", "科研院所", "棚改项目"])),
        members=members,
        status=draw(st.sampled_from(["", "建成", "开工建设", "改扩建"])),
        bare_members=draw(st.one_of(st.none(), st.lists(names, max_size=2).map(tuple))),
        verb=draw(st.sampled_from(["", "建设", "打造"])),
        siblings=(*draw(st.lists(names, min_size=members - 1, max_size=members - 1)), text),
    )


def _every_rule(item: p.Item) -> tuple[str, p.Found] | None:
    """The cascade with no early decline: each rule asked in turn."""
    for name, rule in p.RULES:
        found = rule(item, C)
        if found is not None:
            return name, found
    return None


@settings(max_examples=3000, deadline=None)
@given(items())
def test_an_item_is_judged_as_every_rule_judges_it(item: p.Item) -> None:
    assert p._judge(item, C) == _every_rule(item), item
