"""Tokens of a Document: the original segmentation, jieba and pkuseg, lexicon user words."""

from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policytext
from policytext import tokens as tk
from policytext.normalize import fold_width

SAMPLE = "深化“放管服”改革，华为云计算中心投入运营，地区生产总值增长6.6%左右。"
_BLANK = re.compile(r"[\s\u200b\ufeff]+")


@pytest.fixture(scope="module")
def by_segmenter(
    raw_doc: policytext.Document, seg_doc: policytext.Document
) -> dict[str, list[tk.Token]]:
    return {
        "original": seg_doc.tokens(),
        "jieba": raw_doc.tokens("jieba"),
        "pkuseg": raw_doc.tokens("pkuseg"),
    }


def _check_cover(doc: policytext.Document, toks: list[tk.Token]) -> None:
    """Tokens are in order, match the text they index, and cover every non-blank character."""
    assert toks
    assert all(doc.text[t.start : t.end] == t.text and t.text for t in toks)
    assert all(a.end <= b.start for a, b in itertools.pairwise(toks))
    covered = "".join(t.text for t in toks)
    assert covered == _BLANK.sub("", doc.text)


@pytest.mark.parametrize("name", ["original", "jieba", "pkuseg"])
def test_each_segmenter_covers_the_text(
    name: str,
    by_segmenter: dict[str, list[tk.Token]],
    raw_doc: policytext.Document,
    seg_doc: policytext.Document,
) -> None:
    doc = seg_doc if name == "original" else raw_doc
    _check_cover(doc, by_segmenter[name])


def test_original_tokens_are_the_words_as_written(seg_doc: policytext.Document) -> None:
    words = [fold_width(w) for w in _BLANK.split(seg_doc.original) if w]
    assert [t.text for t in seg_doc.tokens("original")] == words


def test_split_numbers_keep_their_own_tokens() -> None:
    doc = policytext.parse_text("地区 生产 总值 增长 ６ . 6 % ， 香港 Hong Kong 同步 。")
    toks = doc.tokens()
    assert doc.source.segmented
    assert [t.text for t in toks][4:8] == ["6", ".", "6", "%"]
    at = doc.text.index("6.6%")
    assert [(t.start, t.end) for t in toks[4:8]] == [(at + i, at + i + 1) for i in range(4)]
    hong = next(t for t in toks if t.text == "Hong")
    kong = next(t for t in toks if t.text == "Kong")
    assert doc.text[hong.end : kong.start] == " "
    assert doc.source_text(toks[4].start, toks[4].end) == "６"


def test_defaults_follow_the_input(
    raw_doc: policytext.Document,
    seg_doc: policytext.Document,
    by_segmenter: dict[str, list[tk.Token]],
) -> None:
    assert seg_doc.source.segmented and not raw_doc.source.segmented
    assert seg_doc.tokens() == seg_doc.tokens("original")
    assert raw_doc.tokens() == by_segmenter["jieba"]


def test_segmenters_differ_from_each_other(by_segmenter: dict[str, list[tk.Token]]) -> None:
    # the three really are different segmentations of the same characters
    spans = {name: {(t.start, t.end) for t in toks} for name, toks in by_segmenter.items()}
    assert spans["jieba"] != spans["pkuseg"]
    assert spans["jieba"] != spans["original"]


@pytest.mark.parametrize("name", ["jieba", "pkuseg"])
def test_mentions_come_out_whole(
    name: str, raw_doc: policytext.Document, by_segmenter: dict[str, list[tk.Token]]
) -> None:
    spans = {(t.start, t.end) for t in by_segmenter[name]}
    mentions = [m for s in raw_doc.slogans for m in s.mentions]
    mentions += [m for p in raw_doc.projects for m in p.mentions]
    assert len(mentions) > 20
    # each mention, quotes at its edges left out; of two overlapping mentions the longer
    kept = set(tk._non_overlapping(tk._mention_spans(raw_doc)))
    assert len(kept) > 20 and kept <= spans


def test_quotes_at_a_mention_edge_stay_apart() -> None:
    text = "建设“智慧城市”平台"
    doc = policytext.parse_text(text)
    kept = tk._mention_spans(doc.model_copy(update={"slogans": (), "projects": ()}))
    assert kept == []
    # a mention written with its quotes is cut out without them
    fake = policytext.Slogan(
        start=2,
        end=8,
        rule="test",
        text="智慧城市",
        quoted=True,
        mentions=(policytext.Mention(start=2, end=8, text="“智慧城市”"),),
    )
    spans = tk._mention_spans(doc.model_copy(update={"slogans": (fake,), "projects": ()}))
    assert spans == [(3, 7)]
    words = [t.text for t in tk.segment(doc.text, "jieba", keep=spans)]
    assert words[words.index("智慧城市") - 1 :][:3] == ["“", "智慧城市", "”"]


@pytest.mark.parametrize("name", ["jieba", "pkuseg"])
def test_slogans_and_projects_are_one_token(name: str) -> None:
    doc = policytext.parse_text(SAMPLE)
    assert {"放管服", "华为云计算中心"} <= {s.text for s in doc.slogans} | {
        p.name for p in doc.projects
    }
    words = [t.text for t in doc.tokens(name)]
    assert "放管服" in words and "华为云计算中心" in words
    # without the document's mentions the lexicon words still hold the formula together
    plain = [t.text for t in tk.tokenize(doc, name, keep_spans=False)]
    assert "放管服" in plain


def test_keep_spans_cut_the_text_around_them() -> None:
    text = "推进华为云计算中心建设"
    at = text.index("华为")
    toks = tk.segment(text, "jieba", keep=[(at, at + 7), (at + 2, at + 4)])
    assert tk.Token("华为云计算中心", at, at + 7) in toks
    assert "".join(t.text for t in toks) == text


def test_user_words() -> None:
    jieba_words = tk.user_words("jieba")
    pkuseg_words = tk.user_words("pkuseg")
    assert "放管服" in jieba_words and "放管服" in pkuseg_words
    assert "产业园" in jieba_words and "产业园" not in pkuseg_words
    assert set(pkuseg_words) < set(jieba_words)
    assert all(len(w) >= 2 and not any(c.isspace() or c in "“”、" for c in w) for w in jieba_words)


def test_user_words_survive_missing_or_odd_lexicons(monkeypatch: pytest.MonkeyPatch) -> None:
    def odd(name: str) -> dict[str, object]:
        if name == "slogans.toml":
            return {"slogan": [{"text": "三大攻坚战"}, {"text": "六稳"}, "junk", {"text": 3}]}
        return {"head": "not a list"}

    monkeypatch.setattr(tk, "_bundled", odd)
    assert tk._user_words.__wrapped__(True) == ("三大攻坚战",)
    monkeypatch.setattr(tk, "_bundled", lambda name: {})
    assert tk._user_words.__wrapped__(True) == ()


def test_unknown_segmenter(seg_doc: policytext.Document) -> None:
    with pytest.raises(tk.SegmenterError, match="'jieba'") as info:
        seg_doc.tokens("thulac")
    assert isinstance(info.value, policytext.PolicyTextError)
    assert str(info.value).startswith("[PT009]")


@pytest.mark.parametrize("name", ["jieba", "pkuseg"])
def test_missing_package_names_the_extra(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ImportError, match=rf"policytext\[{name}\]"):
        tk._require(name)
    if name == "pkuseg":
        with pytest.raises(ImportError, match="no-build-isolation"):
            tk.pkuseg_model_dir()


def test_pkuseg_model_is_the_shipped_one() -> None:
    import pkuseg

    model = Path(tk.pkuseg_model_dir())
    assert model.parent.parent == Path(pkuseg.__file__).resolve().parent
    assert {"features.pkl", "weights.npz"} <= {p.name for p in model.iterdir()}


def test_extraction_does_not_depend_on_the_segmenter(
    raw_doc: policytext.Document,
    seg_doc: policytext.Document,
    by_segmenter: dict[str, list[tk.Token]],
) -> None:
    """Raw input with jieba, with pkuseg, and the segmented copy: the same objects."""
    assert raw_doc.text == seg_doc.text
    assert raw_doc.targets and raw_doc.slogans and raw_doc.projects
    assert raw_doc.targets == seg_doc.targets
    assert raw_doc.slogans == seg_doc.slogans
    assert raw_doc.projects == seg_doc.projects
    # every extracted span starts and ends on a token boundary of the original segmentation
    # or is cut out whole by the raw segmenters, so each tool can see the same objects
    for name in ("jieba", "pkuseg"):
        starts = {t.start for t in by_segmenter[name]}
        assert all(m.start in starts for s in raw_doc.slogans for m in s.mentions)


_WORDS = st.lists(
    st.text(alphabet="政府工作报告增长投资ABCxyz０１２6.%，“”", min_size=1, max_size=4),
    min_size=1,
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(_WORDS, min_size=1, max_size=4))
def test_original_tokens_round_trip(lines: list[list[str]]) -> None:
    """Any segmented text: one token per written word, mapped onto the normalized text."""
    original = "\n".join(" ".join(words) for words in lines)
    doc = policytext.parse_text(original)
    toks = tk.original_tokens(doc)
    assert [t.text for t in toks] == [fold_width(w) for words in lines for w in words]
    assert all(doc.text[t.start : t.end] == t.text for t in toks)
    assert all(fold_width(doc.source_text(t.start, t.end)) == t.text for t in toks)
