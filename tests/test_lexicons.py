"""The lexicons' shared word lists (`policytext.lexicons`)."""

from __future__ import annotations

import gc
import pickle

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
    assert not any(gc.is_tracked(s) for s in sets)
    assert gc.is_tracked(frozenset(["发展"]))  # what the test guards against


def test_word_sets_pickle() -> None:
    """A Dask task that captures a word set sends it to its worker pickled."""
    words = dictionary_words()["proper"]
    again = pickle.loads(pickle.dumps(words))
    assert again == words and "北京" in again and not gc.is_tracked(again)


def test_word_set_looks_up_and_keeps_order() -> None:
    words = word_set(["发展", "改革", "发展"])
    assert "改革" in words and "开放" not in words
    assert list(words) == ["发展", "改革"] and len(words) == 2
