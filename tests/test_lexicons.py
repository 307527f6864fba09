"""The lexicons' shared word lists (`policytext.lexicons`)."""

from __future__ import annotations

import gc

import pytest

from policytext.lexicons import dictionary_words, word_set


def test_word_sets_are_not_walked_by_the_garbage_collector() -> None:
    """The general dictionary's words are held where a full collection does not walk them: a
    frozenset of a quarter of a million words costs every full collection of the caller's
    process tens of milliseconds."""
    from policytext.rules import names, slogans

    sets = [
        *dictionary_words().values(),
        names._known_words(),
        names._places(),
        *names._dictionary(),
        slogans.load_common_words(),
        slogans._place_names(),
    ]
    assert all(len(s) > 1000 for s in sets)
    # each is a read-only view of one dict that the collector does not track (so it never
    # walks the words), while a frozenset would be tracked
    held = [gc.get_referents(s) for s in sets]
    assert all(len(h) == 1 and type(h[0]) is dict for h in held)
    assert not any(gc.is_tracked(h[0]) for h in held)
    assert gc.is_tracked(frozenset(["发展"]))  # what the test guards against


def test_word_sets_are_read_only() -> None:
    words = dictionary_words()["common"]
    with pytest.raises(TypeError):
        words["新词"] = None  # type: ignore[index]


def test_word_set_looks_up_and_keeps_order() -> None:
    words = word_set(["发展", "改革", "发展"])
    assert "改革" in words and "开放" not in words
    assert list(words) == ["发展", "改革"] and len(words) == 2
