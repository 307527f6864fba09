"""A quoted text is one name throughout a report: a mention whose frame shows it to be a name in
its own right (a title won, a work's title, a prize, a firm's or a product's name) outweighs the
weak evidence of another mention, not the structure of a formula; a mention that counts things
under the text or names a project, a base or a park after it does not."""

from __future__ import annotations

from policytext.rules.context import Context
from policytext.rules.slogans import NAMED_ELSEWHERE, explain_slogans, find_slogans


def _found(text: str) -> set[str]:
    return {s.text for s in find_slogans(Context(text=text))}


def _rules(text: str) -> list[tuple[str, str]]:
    return [(d.candidate.text, d.rule) for d in explain_slogans(Context(text=text))]


def test_a_title_won_is_not_made_a_formula_by_a_policy_head_elsewhere() -> None:
    text = "荣获全国“青山画境”称号。深化“青山画境”风貌试点。"
    # the first mention's frame shows a title won; the second alone would be a formula ...
    assert _rules(text) == [("青山画境", "reject_title"), ("青山画境", NAMED_ELSEWHERE)]
    # ... and the name of a title is no formula
    assert _found(text) == set()
    # the second mention alone is a slogan
    assert _found("深化“青山画境”风貌试点。") == {"青山画境"}


def test_a_counted_or_lent_mention_does_not_veto_the_others() -> None:
    # a programme lends its name to what it runs (15 pilot sites, its projects): the frame of
    # that mention names the things, not the text, and vetoes no other mention
    counted = "建成15个“青山画境”风貌试点。深化“青山画境”风貌试点。"
    assert _rules(counted) == [("青山画境", "reject_counted_thing"), ("青山画境", "policy_head")]
    assert _found(counted) == {"青山画境"}
    lent = "“某某统筹”等项目落地。深化“某某统筹”改革。"
    assert _rules(lent) == [("某某统筹", "reject_lent_name"), ("某某统筹", "policy_head")]
    assert _found(lent) == {"某某统筹"}
    # each alone: the counted and the lent mention are no formula
    assert _found("建成15个“青山画境”风貌试点。") == _found("“某某统筹”等项目落地。") == set()


def test_a_product_is_not_made_a_formula_by_uncovered_characters_elsewhere() -> None:
    # a voucher, a product: the text is the product's own name
    text = "发放“禾里安康”消费券2亿元。打造“禾里安康”。"
    assert _rules(text) == [("禾里安康", "reject_named_thing"), ("禾里安康", NAMED_ELSEWHERE)]
    assert _found(text) == set()


def test_explain_accepts_exactly_what_find_keeps() -> None:
    text = (
        "荣获“云水禾乡”称号。推进“云水禾乡”建设。深化“放管服”改革，"
        "打好“三大攻坚战”，发放“禾里安康”消费券。"
    )
    accepted = {d.candidate.text for d in explain_slogans(Context(text=text)) if d.accepted}
    assert accepted == _found(text) == {"放管服", "三大攻坚战"}


def test_the_structure_of_a_formula_outweighs_a_frame_of_a_thing() -> None:
    # a count inside the quote is strong evidence: counted once, it is still a formula
    text = "建成3个“一村两园”示范点。深化“一村两园”改革。"
    assert _found(text) == {"一村两园"}


def test_an_event_named_after_a_formula_does_not_veto_it() -> None:
    # a region's formula that names a forum (“甲乙丙”经贸论坛) stays a formula elsewhere
    text = "“乔赤禾”和“禾满乔”等经贸合作论坛。推动“乔赤禾”次区域合作。"
    assert _rules(text) == [
        ("乔赤禾", "reject_event_name"),
        ("禾满乔", "reject_event_name"),
        ("乔赤禾", "abbreviation"),
    ]
    assert _found(text) == {"乔赤禾"}


def test_one_mention_and_several_are_listed_alike() -> None:
    text = "深化“放管服”改革。打好“三大攻坚战”，三大攻坚战取得成效，“三大攻坚战”。"
    found = {s.text: s for s in find_slogans(Context(text=text))}
    once, thrice = found["放管服"], found["三大攻坚战"]
    assert [(m.start, m.end, m.text) for m in once.mentions] == [(3, 6, "放管服")]
    assert (once.start, once.end) == (3, 6)
    spans = [(m.start, m.end) for m in thrice.mentions]
    assert spans == sorted(spans) and len(spans) == 3
    assert all(text[a:b] == "三大攻坚战" for a, b in spans)
    assert (thrice.start, thrice.end) == spans[0]


def test_a_bare_repeat_counts_only_after_the_words_the_lexicon_names() -> None:
    # the lexicon counts a bare 两项补贴 only after 残疾人: elsewhere, two other subsidies
    text = "足额发放残疾人“两项补贴”，种粮农民两项补贴按季兑付，残疾人两项补贴标准提高。"
    (found,) = find_slogans(Context(text=text))
    assert found.text == "两项补贴"
    assert [text[m.start : m.end] for m in found.mentions] == ["两项补贴"] * 2
    first_bare = text.index("两项补贴", text.index("种粮"))
    assert first_bare not in {m.start for m in found.mentions}


def test_a_bare_formula_after_its_own_parts_is_kept() -> None:
    # the list before the count holds the formula's parts: the formula, not the report's own list
    text = "全面加强政治中心、文化中心、国际交往中心、科技创新中心四个中心建设。"
    assert _rules(text) == [("四个中心", "lexicon")]


def test_a_bare_count_of_the_reports_own_list_is_no_mention() -> None:
    text = "强化“四个中心”功能建设。设立安全指挥、安全档案、安全体验、安全培训四个中心。"
    (found,) = find_slogans(Context(text=text))
    assert [text[m.start : m.end] for m in found.mentions] == ["四个中心"]
    assert found.mentions[0].start == text.index("四个中心")


def test_the_formulas_parts_in_other_words_keep_it() -> None:
    assert _rules("打赢防风险、治污染、攻脱贫三大攻坚战。") == [("三大攻坚战", "lexicon")]


def test_the_reports_own_list_shares_the_forms_head_word_only() -> None:
    # 中心 and 攻坚 are the form's own words: a list that shares only them, or one part in four,
    # is the report's own
    for text in (
        "加快建设区域金融中心、商贸物流中心、医疗健康中心、文化旅游中心四个中心。",
        "打好项目建设攻坚战、招商引资攻坚战、营商环境攻坚战三大攻坚战。",
    ):
        assert [rule for _, rule in _rules(text)] == ["reject_bare_form"]
