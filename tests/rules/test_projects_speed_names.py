"""The short cuts of `names.words` (a phrase of up to four Han characters that is a word, or of
up to two characters) give the cut that comparing the forward and backward cuts gives."""

from __future__ import annotations

import pytest

from policytext.rules import names


def _compared(phrase: str) -> tuple[str, ...]:
    """The cut `names.words` chooses by comparing both maximum-matching cuts."""
    known = names._known_words()
    fw, bw = names._forward_han(phrase, known), names._backward_han(phrase, known)
    if fw == bw or len(fw) != len(bw):
        return tuple(fw if len(fw) < len(bw) else bw)
    singles_fw = sum(1 for w in fw if len(w) == 1)
    singles_bw = sum(1 for w in bw if len(w) == 1)
    return tuple(fw if singles_fw < singles_bw else bw)


@pytest.mark.parametrize(
    "phrase",
    ["站", "公园", "禾墩", "桓宽", "博物馆", "青禾湾", "高速公路", "桓宽禾墩", "汽车站"],
)
def test_a_short_phrase_is_cut_as_both_cuts_compared(phrase: str) -> None:
    names.words.cache_clear()
    assert names.words(phrase) == _compared(phrase)


def test_a_known_word_of_four_characters_or_fewer_stays_whole() -> None:
    assert names.words("高速公路") == ("高速公路",)
    assert names.words("禾墩") == ("禾", "墩")
